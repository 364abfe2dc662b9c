"""Links and their targets: ids made sound, in-page links reaching something, other pages
of the site reached by their full address.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import unquote, urljoin, urlsplit

from .attributes import valid_url
from .base import HEADINGS, Element, RepairLog, is_el, squash, unlink

# Ids the chapter template gives its own elements (prefixed with the chapter id, as the
# body's ids are): a body id equal to one of them would appear twice in the chapter.
_RESERVED_IDS = re.compile(r"^(?:title|notes-title|note-\d+|noteref-\d+(?:-\d+)?)$")
_ID_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)
_TEMPLATE_PREFIX = re.compile(r"^\s*\{\{\s*site\.(?:url|baseurl)\s*\}\}\s*", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{|\{%|%\}|\}\}")


def name_anchors(root: Element, log: RepairLog) -> None:
    """``<a name="x">`` (not valid in HTML5) becomes ``<a id="x">``; links to it follow."""
    for a in root.iter("a"):
        name = (a.attrib.pop("name", None) or "").strip()
        if not name:
            continue
        own = a.get("id")
        if own is None:
            a.set("id", name)
        elif own != name:
            for link in _links_to(root, name):
                link.set("href", "#" + own)
        log.count("'name' anchors given an id")


def outside_links(root: Element, url: str | None, log: RepairLog) -> None:
    """Links to other pages of the article's site become absolute addresses.

    A relative address (``/about/``, ``../2019/post.html``) or a Jekyll ``{{ site.url }}``
    link means nothing in a book; resolved against the article's own address it still leads
    to the page. Without that address, or for a template the book cannot expand, the link
    becomes text. Links between essays of the same volume are the place to add a lookup
    before this one: plain relative links are left to the book's link resolver, which turns
    them into links to chapters, addresses or text, with a warning where they lead nowhere.
    """
    base = url if url and urlsplit(url).scheme in ("http", "https") else None
    for a in list(root.iter("a")):
        href = a.get("href")
        if href is None or href.startswith("#") or re.match(r"^[A-Za-z][\w+.-]*:", href):
            continue
        written = href
        if href.startswith("//"):
            a.set("href", "https:" + href)
            continue
        if not _TEMPLATE.search(href) and not _TEMPLATE_PREFIX.match(href):
            # A plain relative link may name another essay of the volume: the book's link
            # resolver, which knows them, makes it a chapter link, an address, or text.
            continue
        if _TEMPLATE_PREFIX.match(href):
            href = "/" + _TEMPLATE_PREFIX.sub("", href, count=1).lstrip("/")
        try:
            target = urljoin(base, href) if base and not _TEMPLATE.search(href) else None
        except ValueError:
            target = None
        target = valid_url(target) if target else None
        if target is not None:
            a.set("href", target)
            log.quote("changed", written, f"made absolute from the article's address: {target}")
        else:
            reason = (
                "link to a template the book cannot expand"
                if _TEMPLATE.search(href)
                else ("link to another page of the site, and the article has no address")
            )
            log.quote("unlinked", squash(a.text_content()), f"{reason}: {written}")
            unlink(a)


def ids(root: Element, log: RepairLog) -> None:
    """Every id safe in XHTML and unique in the chapter; links follow a renamed id.

    Runs on the finished body only: footnote detection still needs ids as the source wrote
    them (Python-Markdown's ``fn:1``).
    """
    seen: set[str] = set()
    renamed: dict[str, str] = {}
    for element in root.iter():
        if not is_el(element) or element.get("id") is None:
            continue
        written = element.get("id")
        base = _ID_UNSAFE.sub("-", written.strip()).strip("-")
        if not base:
            del element.attrib["id"]
            log.count("empty ids removed")
            continue
        if base[0].isdigit() or base[0] in "-." or _RESERVED_IDS.match(base):
            base = "id-" + base
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        if candidate != written:
            element.set("id", candidate)
            renamed.setdefault(written, candidate)
            log.count("ids made unique or valid")
    for kept in seen & set(renamed):
        del renamed[kept]  # links to an id that one element kept still go to that element
    if renamed:
        for a in root.iter("a"):
            href = a.get("href") or ""
            if a.get("class") == "noteref":
                continue  # "#note-N" names a note, not an element of the body
            if href.startswith("#") and unquote(href[1:]) in renamed:
                a.set("href", "#" + renamed[unquote(href[1:])])


def in_page_links(root: Element, log: RepairLog) -> None:
    """Every in-page link reaches an element: by its id, or by the slug of a heading's text
    (``#section-2`` to "Section 2"). A link to nothing is left for the book's link resolver,
    which reports it at its line and makes it text."""
    ids = {e.get("id") for e in root.iter() if is_el(e) and e.get("id")}
    headings = [h for h in root.iter(*HEADINGS)]
    for a in list(root.iter("a")):
        href = a.get("href")
        if href is None or not href.startswith("#"):
            continue
        if (a.get("class") or "") == "noteref":
            continue  # footnote references are linked by the writers
        fragment = unquote(href[1:])
        if fragment in ids:
            continue
        heading = _heading_for(fragment, headings)
        if heading is not None:
            if heading.get("id") is None:
                heading.set("id", _safe_id(fragment, ids))
                ids.add(heading.get("id"))
            a.set("href", "#" + heading.get("id"))
            log.count("links to headings given their target")
            continue


def _heading_for(fragment: str, headings: Iterable[Element]) -> Element | None:
    wanted = slug(fragment)
    if not wanted:
        return None
    for heading in headings:
        if slug(heading.text_content()) == wanted:
            return heading
    return None


def slug(text: str) -> str:
    """The slug static-site generators and WordPress make of a heading ("Section 2" ->
    "section-2"), accents and punctuation dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s_-]+", "-", text).strip("-")


def _safe_id(fragment: str, taken: set[str]) -> str:
    base = _ID_UNSAFE.sub("-", fragment).strip("-") or "section"
    if base[0].isdigit() or _RESERVED_IDS.match(base):
        base = "id-" + base
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _links_to(root: Element, target: str) -> list[Element]:
    return [a for a in root.iter("a") if unquote((a.get("href") or "")[1:]) == target]
