"""Saved blog pages (File > Save Page As): the article without the site around it.

A saved page is mostly not the article: header, menus, sidebar widgets, share buttons,
related posts, comments and the footer surround a few paragraphs of essay. The main content
is found with readability-lxml, which returns the article's own HTML subtree, so headings,
emphasis, lists, figures and footnote anchors survive as the author wrote them. Before it
runs, furniture that WordPress and its common plugins mark unambiguously (Jetpack sharing
and related posts, comment areas, post navigation) is removed, and footnote markup is
shielded from readability's habit of discarding anything whose class mentions "foot".

The metadata comes from what the page declares about itself (Open Graph and ``article:``
meta tags, ``<time>``, the canonical link, the author link), since the body rarely repeats it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html
from readability import Document
from readability.readability import Unparseable

from ..errors import BookError, Diagnostics
from .base import RawArticle, SourceMeta
from .sanitize import Removed, html_to_tree, removed_content, sanitize_html
from .text import decode_article, locate, normalise_text, read_article_text

# readability logs a full traceback before raising Unparseable; the user gets a BookError
# instead, so its log records go nowhere (not even to a handler the CLI sets up on the root).
logging.getLogger("readability").addHandler(logging.NullHandler())
logging.getLogger("readability").propagate = False

_PAGE_PARSER = lxml_html.HTMLParser(
    no_network=True, remove_comments=True, remove_pis=True, default_doctype=False
)

# Page furniture WordPress themes and the big plugins mark with these exact class tokens/ids.
FURNITURE_CLASSES = frozenset(
    {
        "sharedaddy", "sd-sharing", "sd-block", "jp-relatedposts", "yarpp-related",
        "crp_related", "related-posts", "relatedposts", "addtoany_share_save_container",
        "a2a_kit", "shareaholic-canvas", "ssba", "ssba-wrap", "share-buttons", "social-share",
        "comments-area", "comment-respond", "comment-list", "post-navigation",
        "posts-navigation", "nav-links", "pagination-single", "widget-area", "sidebar",
        "site-header", "site-footer", "entry-footer", "mc4wp-form", "wpcnt",
    }
)  # fmt: skip
FURNITURE_IDS = frozenset(
    {
        "comments", "respond", "secondary", "sidebar", "jp-relatedposts", "masthead",
        "colophon", "site-header", "site-footer", "disqus_thread",
    }
)  # fmt: skip
FURNITURE_TAGS = ("nav", "form", "script", "style", "noscript", "template")

# readability drops elements whose class or id contains "foot" (meant for page footers).
_FOOTNOTE_RE = re.compile(r"foot[-_]?notes?", re.IGNORECASE)
_SHIELD = "data-compile-book-"
_LINE = _SHIELD + "line"

_TITLE_SEPARATORS = (" \u2013 ", " \u2014 ", " | ", " - ", " :: ", " \u00bb ", " \u00b7 ", " : ")
_ISO_DATE_RE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_CHARSET_RE = re.compile(
    r"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    r"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# What browsers do with these labels (WHATWG Encoding Standard): all mean windows-1252.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
     "us-ascii", "ascii", "windows-1252", "cp1252", "x-cp1252"}
)  # fmt: skip


@dataclass
class ExtractedPage:
    """The article part of a page: a sanitised HTML fragment and the page's metadata."""

    body: str
    meta: SourceMeta
    body_line: int = 1
    removed: list[Removed] = field(default_factory=list)  # what sanitising took out


def read_html(path: Path, diagnostics: Diagnostics) -> RawArticle:
    """Read a saved web page into the article tree and the metadata the page declares."""
    probe = Diagnostics()
    text = read_article_text(path, probe)
    if probe.warnings:
        declared = _decode_declared(path, text)
        if declared is None:
            diagnostics.warnings.extend(probe.warnings)
        else:
            text = declared
    page = extract_page(text, path)
    for removed in page.removed:
        diagnostics.warn(removed.message(), path, *locate(text, removed.needle))
    return RawArticle(
        source=path,
        root=html_to_tree(page.body),
        meta=page.meta,
        body_line=page.body_line,
        text=text,
        text_line=1,
    )


def decode_page(
    data: bytes,
    source: str | Path,
    diagnostics: Diagnostics | None = None,
    declared: str | None = None,
) -> str:
    """Decode downloaded page bytes: UTF-8, else the declared charset, else cp1252 with a warning.

    UTF-8 is tried first even when the server or page says otherwise, because pages that are
    UTF-8 but labelled ISO-8859-1 are far more common than text that merely looks like UTF-8.
    """
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return normalise_text(body.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    for label in (declared, declared_charset(body[:4096].decode("ascii", "replace"))):
        codec = _codec(label)
        if codec and codec != "utf-8":
            try:
                return normalise_text(body.decode(codec))
            except UnicodeDecodeError:
                continue
    return decode_article(data, source, diagnostics)


def declared_charset(head: str) -> str | None:
    """The charset a page declares in ``<meta>`` (or an XML declaration), if any."""
    match = _CHARSET_RE.search(head)
    return (match[1] or match[2]) if match else None


def _decode_declared(path: Path, fallback_text: str) -> str | None:
    """Re-decode a non-UTF-8 file with the charset it declares; None if that does not work."""
    codec = _codec(declared_charset(fallback_text[:4096]))
    if not codec or codec == "utf-8":
        return None
    try:
        return normalise_text(path.read_bytes().decode(codec))
    except (OSError, UnicodeDecodeError):
        return None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


# ---------------------------------------------------------------------------------------------
# Extraction


def extract_page(text: str, source: str | Path, base_url: str | None = None) -> ExtractedPage:
    """Find the article in a whole page; ``base_url`` resolves relative links if the page
    names no canonical URL (the address a page was downloaded from)."""
    document = _parse_page(text, source)
    meta = page_metadata(document, base_url)
    page_url = meta.url or base_url

    for element in document.iter():
        if isinstance(element.tag, str) and element.sourceline:
            element.set(_LINE, str(element.sourceline))
    _remove_furniture(document)
    _shield_footnotes(document)

    try:
        summary = Document(
            lxml_html.tostring(document, encoding="unicode"), min_text_length=25
        ).summary(html_partial=True)
    except Unparseable as exc:
        raise BookError(f"cannot find the article in this page: {exc}", source) from None
    fragment = _parse_fragment(summary)
    if fragment is None or not fragment.text_content().strip():
        raise BookError(
            "no article text found in this page (was it saved before its content loaded? "
            "save it again with File > Save Page As, 'Web Page, complete')",
            source,
        )
    fragment = _innermost_wrapper(fragment)
    lines = [
        int(element.get(_LINE))
        for element in fragment.iterdescendants()
        if isinstance(element.tag, str) and (element.get(_LINE) or "").isdigit()
    ]
    _unshield(fragment)
    if page_url:
        _resolve_links(fragment, page_url, images=base_url is not None)
    untrusted = _inner_html(fragment)
    body = sanitize_html(untrusted)
    if not html_to_tree(body).text_content().strip():
        raise BookError(
            "no article text left in this page once scripts and forms are removed", source
        )
    return ExtractedPage(
        body=body,
        meta=meta,
        body_line=lines[0] if lines else 1,
        removed=removed_content(untrusted),
    )


def _parse_page(text: str, source: str | Path) -> lxml_html.HtmlElement:
    # lxml refuses str input that still carries an XML encoding declaration (XHTML pages).
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        document = lxml_html.document_fromstring(text, parser=_PAGE_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise BookError(f"cannot parse the page as HTML: {exc}", source) from None
    if document is None:
        raise BookError("cannot parse the page as HTML: it is empty", source)
    return document


def _parse_fragment(html: str) -> lxml_html.HtmlElement | None:
    if not html.strip():
        return None
    try:
        return lxml_html.fragment_fromstring(html, create_parent="div", parser=_PAGE_PARSER)
    except etree.ParserError:
        return None


def _inner_html(element: lxml_html.HtmlElement) -> str:
    return escape(element.text or "", quote=False) + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in element
    )


def _innermost_wrapper(fragment: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """Skip the wrapper divs readability leaves around the article, so blocks are top-level."""
    while (
        len(fragment) == 1
        and fragment[0].tag in ("div", "article", "section", "main")
        and not (fragment.text or "").strip()
        and not (fragment[0].tail or "").strip()
    ):
        fragment = fragment[0]
    return fragment


def _has_class(element: lxml_html.HtmlElement, names: frozenset[str]) -> bool:
    return not names.isdisjoint((element.get("class") or "").split())


def _remove_furniture(document: lxml_html.HtmlElement) -> None:
    doomed = [
        element
        for element in document.iter()
        if isinstance(element.tag, str)
        and (
            element.tag in FURNITURE_TAGS
            or element.get("id") in FURNITURE_IDS
            or _has_class(element, FURNITURE_CLASSES)
        )
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _shield_footnotes(document: lxml_html.HtmlElement) -> None:
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("class", "id"):
            value = element.get(attribute)
            if value and _FOOTNOTE_RE.search(value):
                element.set(_SHIELD + attribute, value)
                del element.attrib[attribute]


def _unshield(fragment: lxml_html.HtmlElement) -> None:
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("class", "id"):
            value = element.attrib.pop(_SHIELD + attribute, None)
            if value:
                element.set(attribute, value)
        element.attrib.pop(_LINE, None)


def _resolve_links(fragment: lxml_html.HtmlElement, page_url: str, images: bool) -> None:
    """Make links absolute, except in-page ones, which footnotes depend on.

    Relative images of a page saved to disk ("Web Page, complete") stay relative: they name
    files saved beside the page, which the image collector finds in the book folder. Only a
    page downloaded from ``base_url`` has its images made absolute (and so left out later).
    """
    page = urldefrag(page_url).url
    for element, attribute in [(a, "href") for a in fragment.iter("a")] + [
        (img, "src") for img in fragment.iter("img")
    ]:
        value = (element.get(attribute) or "").strip()
        if not value and attribute in element.attrib:
            del element.attrib[attribute]  # what readability leaves of a javascript: link
        if not value or value.startswith("#"):
            continue
        if attribute == "src" and not images and not urlsplit(value).scheme:
            continue
        absolute = urljoin(page_url, value)
        target, anchor = urldefrag(absolute)
        if attribute == "href" and anchor and target.rstrip("/") == page.rstrip("/"):
            element.set(attribute, "#" + anchor)
        elif absolute != value:
            element.set(attribute, absolute)


# ---------------------------------------------------------------------------------------------
# Metadata


def _has_token(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Commenters' names and dates must not be taken for the article's author and date.
_NOT_IN_COMMENTS = (
    "[not(ancestor::*[@id='comments' or @id='respond' or starts-with(@id, 'comment-')"
    f" or {_has_token('comment')} or {_has_token('comment-body')}"
    f" or {_has_token('comments-area')}])]"
)


def page_metadata(document: lxml_html.HtmlElement, base_url: str | None = None) -> SourceMeta:
    """What the page says about the article: title, author, date, URL, summary, categories."""
    metas = _meta_tags(document)
    url = _http_url(_first_attribute(document, "//link[@rel='canonical']/@href"), base_url)
    url = url or _http_url(metas.get("og:url"), base_url)
    site_names = [
        name
        for name in (
            metas.get("og:site_name"),
            metas.get("application-name"),
            _text(document, f"//*[{_has_token('site-title')} or @id='site-title']"),
        )
        if name
    ]
    host = urlsplit(url or base_url or "").hostname or ""
    return SourceMeta(
        title=_title(document, metas, site_names, host),
        author=_author(document, metas),
        date=_date(document, metas),
        url=url,
        summary=_clean(
            metas.get("og:description")
            or metas.get("description")
            or metas.get("twitter:description")
        ),
        categories=_categories(document),
        language=(document.get("lang") or "").strip() or None,
    )


def _meta_tags(document: lxml_html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in document.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        content = (meta.get("content") or "").strip()
        if key and content:
            found.setdefault(key.lower(), content)
    return found


def _title(
    document: lxml_html.HtmlElement, metas: dict[str, str], site_names: list[str], host: str
) -> str | None:
    candidates = (
        metas.get("og:title"),
        _text(document, f"//h1[{_has_token('entry-title')} or {_has_token('post-title')}]"),
        metas.get("twitter:title"),
        _text(document, "//title"),
    )
    for candidate in candidates:
        title = _clean(candidate)
        if title:
            return strip_site_name(title, site_names, host)
    return None


def strip_site_name(title: str, site_names: list[str], host: str = "") -> str:
    """Remove a " – Site name" suffix (or "Site name | " prefix) that themes add to titles.

    Only a part that matches the site's declared name or its domain is removed, so a title
    that merely contains a dash keeps its second half.
    """
    known = {_letters(name) for name in site_names if _letters(name)}
    if host:
        bare = host.lower().removeprefix("www.")
        known |= {_letters(bare), _letters(bare.rsplit(".", 1)[0])}
    known.discard("")
    for separator in _TITLE_SEPARATORS:
        if separator not in title:
            continue
        head, _, tail = title.rpartition(separator)
        if _letters(tail) in known and head.strip():
            return head.strip()
        head, _, tail = title.partition(separator)
        if _letters(head) in known and tail.strip():
            return tail.strip()
    return title


def _author(document: lxml_html.HtmlElement, metas: dict[str, str]) -> str | None:
    candidates = [
        metas.get("author"),
        metas.get("article:author"),
        metas.get("dc.creator"),
        metas.get("dcterms.creator"),
    ]
    if metas.get("twitter:label1", "").lower() in ("written by", "author"):
        candidates.append(metas.get("twitter:data1"))
    candidates.append(
        _text(
            document,
            "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]" + _NOT_IN_COMMENTS,
        )
    )
    candidates.append(
        _text(
            document,
            f"//*[{_has_token('byline')}]//*[{_has_token('fn')}]" + _NOT_IN_COMMENTS,
        )
    )
    for candidate in candidates:
        name = _clean(candidate)
        if name:
            name = re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)
        if name and "://" not in name and not name.startswith("@") and len(name) <= 100:
            return name
    return None


def _date(document: lxml_html.HtmlElement, metas: dict[str, str]) -> dt.date | None:
    candidates = [metas.get("article:published_time")]
    candidates += document.xpath(
        f"//time[{_has_token('published')} or {_has_token('entry-date')}"
        " or @itemprop='datePublished']/@datetime"
    )
    candidates += document.xpath("//time" + _NOT_IN_COMMENTS + "/@datetime")
    candidates += [
        metas.get(key)
        for key in (
            "datepublished",
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.created",
            "dcterms.date",
            "pubdate",
        )
    ]
    for candidate in candidates:
        match = _ISO_DATE_RE.match(candidate or "")
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def _categories(document: lxml_html.HtmlElement) -> list[str]:
    names = document.xpath("//meta[@property='article:section']/@content")
    names += [
        link.text_content()
        for link in document.xpath(
            "//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
        )
    ]
    cleaned = [_clean(name) for name in names]
    return list(dict.fromkeys(name for name in cleaned if name))


def _first_attribute(document: lxml_html.HtmlElement, xpath: str) -> str | None:
    values = document.xpath(xpath)
    return str(values[0]).strip() if values else None


def _text(document: lxml_html.HtmlElement, xpath: str) -> str | None:
    for element in document.xpath(xpath):
        text = _clean(element.text_content())
        if text:
            return text
    return None


def _http_url(value: str | None, base_url: str | None) -> str | None:
    if not value:
        return None
    url = urljoin(base_url, value.strip()) if base_url else value.strip()
    return url if urlsplit(url).scheme in ("http", "https") else None


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(text.split()) or None


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())
