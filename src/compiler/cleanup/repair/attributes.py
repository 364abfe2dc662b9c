"""Attribute values HTML allows: URLs that are URLs, numbers that are numbers, known keywords.

``<del cite="not a URL">``, ``<ol start="x">`` and ``<td colspan="0">`` each fail EPUBCheck;
the value goes (or is written validly, as a space inside an address), the element stays.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from .base import SPACES, Element, RepairLog, is_el, unlink

_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Characters that may not appear in a URL as written in XHTML, whatever the scheme.
_URL_ILLEGAL = re.compile(r'[\s<>"`{}|\\^\x00-\x1f\x7f]')
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_INTEGER = re.compile(r"^-?\d{1,9}$")
_POSITIVE = re.compile(r"^[1-9]\d{0,3}$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
# Attribute values HTML restricts to a set of keywords or a kind of number.
_ENUMERATED: dict[str, frozenset[str]] = {
    "dir": frozenset({"ltr", "rtl", "auto"}),
    "scope": frozenset({"row", "col", "rowgroup", "colgroup"}),
}
_OL_TYPES = frozenset({"1", "a", "A", "i", "I"})


def attributes(root: Element, log: RepairLog) -> None:
    """Drop attribute values HTML does not allow (``cite="not a URL"``, ``start="x"``)."""
    for element in root.iter():
        if not is_el(element):
            continue
        if element.tag == "li" and "value" in element.attrib:
            parent = element.getparent()
            if parent is None or parent.tag != "ol":
                del element.attrib["value"]  # only an ordered list numbers its items
                log.count("invalid 'value' attributes removed")
        for name, value in list(element.attrib.items()):
            fixed = _attribute_value(element.tag, name, value)
            if fixed == value:
                continue
            if fixed is not None:
                element.set(name, fixed)
                log.count(f"'{name}' attributes written as valid values")
            elif element.tag == "a" and name == "href":
                del element.attrib[name]
                log.quote("unlinked", element.text_content(), f"not a valid address: {value}")
                unlink(element)
            else:
                del element.attrib[name]
                log.count(f"invalid '{name}' attributes removed")


def _attribute_value(tag: str, name: str, value: str) -> str | None:
    """The value as HTML allows it, or None to drop the attribute."""
    stripped = value.strip(SPACES)
    if name == "href":
        return valid_url(value)
    if name == "cite":
        url = valid_url(value)
        return url if url and urlsplit(url).scheme in ("http", "https") else None
    if name in _ENUMERATED:
        return stripped.lower() if stripped.lower() in _ENUMERATED[name] else None
    if name in ("start", "value"):
        return stripped if _INTEGER.match(stripped) else None
    if name in ("colspan", "rowspan", "span"):
        return stripped if _POSITIVE.match(stripped) else None
    if name in ("width", "height"):
        return stripped if stripped.isdigit() and len(stripped) < 6 else None
    if name == "reversed":
        return "reversed"
    if name == "type" and tag == "ol":
        return stripped if stripped in _OL_TYPES else None
    if name == "datetime":
        return stripped if _DATETIME.match(stripped) else None
    if name == "lang":
        return stripped if stripped == "" or _LANG.match(stripped) else None
    if name == "id":
        return value  # ids are made unique and safe by ids
    if name == "class":
        return " ".join(value.split()) or None
    return value


def valid_url(value: str) -> str | None:
    """``value`` as a URL valid in XHTML (inner spaces encoded), or None if it cannot be one.

    Only http(s), mailto and scheme-less addresses pass, as in the sanitiser; an http(s)
    address needs a host.
    """
    url = value.strip(SPACES)
    if not url:
        return None
    if re.match(r"(?i)https?://\S", url):
        url = re.sub(r"\s", lambda m: quote(m.group(0)), url)  # a space pasted into an address
    if _URL_ILLEGAL.search(url) or _BAD_PERCENT.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme:
        if parts.scheme.lower() not in _URL_SCHEMES:
            return None
        if parts.scheme.lower() in ("http", "https") and not parts.hostname:
            return None
    elif ":" in url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return None  # "foo:bar" is a scheme HTML would not recognise
    if port is not None and not 0 < port < 65536:
        return None
    return url
