"""Saved blog pages (File > Save Page As): the article without the site around it.

A saved page is mostly not the article: header, menus, sidebar widgets, share buttons,
related posts, comments and the footer surround a few paragraphs of essay. The main content
is found with readability-lxml on the page as saved (removing "furniture" first can take the
article with it: some sites wrap the whole page in a ``<form>``), and its choice is checked
against the page's own markers of its main text (see :mod:`.extraction`), so a wrong guess
is corrected or at least reported, never silent. Footnote markup is shielded from
readability's habit of discarding anything whose class mentions "foot"; embedded videos and
frames become a line naming them and their address (see :mod:`.embeds`); lazy-loaded pictures
get the source they would show (see :mod:`.lazy_images`).

The metadata comes from what the page declares about itself (see :mod:`.page_meta`).
"""

from __future__ import annotations

import codecs
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
from . import extraction
from .base import RawArticle, SourceChange, SourceMeta
from .embeds import link_embeds, replace_embeds
from .front_matter import post_front_matter
from .inputs import read_input
from .lazy_images import resolve_lazy_images
from .page_meta import page_metadata, strip_site_name
from .sanitize import Removed, html_to_tree, removed_content, sanitize_html, warn_removed
from .text import decode_article, locate, normalise_text, read_article_text

# readability logs a full traceback before raising Unparseable; the user gets a BookError
# instead, so its log records go nowhere (not even to a handler the CLI sets up on the root).
logging.getLogger("readability").addHandler(logging.NullHandler())
logging.getLogger("readability").propagate = False

_PAGE_PARSER = lxml_html.HTMLParser(
    no_network=True, remove_comments=True, remove_pis=True, default_doctype=False
)

# readability drops elements whose class or id contains "foot" (meant for page footers).
_FOOTNOTE_RE = re.compile(r"foot[-_]?notes?", re.IGNORECASE)
_SHIELD = "data-compile-book-"
_LINE = _SHIELD + "line"

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


__all__ = ["ExtractedPage", "decode_page", "extract_page", "read_html", "strip_site_name"]


@dataclass
class ExtractedPage:
    """The article part of a page: a sanitised HTML fragment and the page's metadata.

    ``changes`` is what extraction did to the text of the article's container (for the
    report); ``warnings`` are the messages an editor must see about it.
    """

    body: str
    meta: SourceMeta
    body_line: int = 1
    removed: list[Removed] = field(default_factory=list)  # what sanitising took out
    changes: list[SourceChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    embeds: list[tuple[str, str]] = field(default_factory=list)  # message, address as written


def read_html(path: Path, diagnostics: Diagnostics, language: str = "en") -> RawArticle:
    """Read a saved web page into the article tree and the metadata the page declares.

    ``language`` is the book's: embedded videos are named in it ("Video: …").
    """
    probe = Diagnostics()
    text = read_article_text(path, probe)
    if probe.warnings:
        declared = _decode_declared(path, text)
        if declared is None:
            diagnostics.warnings.extend(probe.warnings)
        else:
            text = declared
    if text.split("\n", 1)[0].strip() in ("---", "+++"):
        return _read_post(text, path, diagnostics)
    page = extract_page(text, path, language=language)
    for removed in page.removed:
        diagnostics.warn(removed.message(), path, *locate(text, removed.needle))
    for warning in page.warnings:
        diagnostics.warn(warning, path)
    for message, address in page.embeds:
        diagnostics.warn(message, path, *locate(text, _tag_with(text, address)))
    return RawArticle(
        source=path,
        root=html_to_tree(page.body),
        meta=page.meta,
        body_line=page.body_line,
        text=text,
        text_line=1,
        changes=page.changes,
        markup=page.body,
    )


def _tag_with(text: str, value: str) -> str:
    """The page's text from the ``<`` of the tag holding ``value`` to ``value`` itself, so a
    message about that element points at the start of its tag."""
    end = text.find(value) if value else -1
    start = text.rfind("<", 0, end) if end > 0 else -1
    return text[start : end + len(value)] if start >= 0 else value


def _read_post(text: str, path: Path, diagnostics: Diagnostics) -> RawArticle:
    """A Jekyll or Hugo post written in HTML: a header, then the article's own HTML.

    The body is the article alone (the site's layout adds the rest), so it is sanitised as
    it stands, like HTML inside Markdown, rather than searched for an article.
    """
    header = post_front_matter(text, path)
    warn_removed(header.body, path, diagnostics, text)
    markup = sanitize_html(header.body)
    return RawArticle(
        source=path,
        root=html_to_tree(markup),
        meta=header.meta,
        body_line=header.body_line,
        text=text,
        text_line=1,
        unused_keys=header.unused,
        markup=markup,
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
        codec = text_codec(label)
        if codec and codec != "utf-8":
            try:
                return normalise_text(body.decode(codec))
            except UnicodeError:
                continue
    return decode_article(data, source, diagnostics)


def declared_charset(head: str) -> str | None:
    """The charset a page declares in ``<meta>`` (or an XML declaration), if any."""
    match = _CHARSET_RE.search(head)
    return (match[1] or match[2]) if match else None


def _decode_declared(path: Path, fallback_text: str) -> str | None:
    """Re-decode a non-UTF-8 file with the charset it declares; None if that does not work."""
    codec = text_codec(declared_charset(fallback_text[:4096]))
    if not codec or codec == "utf-8":
        return None
    try:
        return normalise_text(read_input(path).decode(codec))
    except (OSError, UnicodeError):
        return None


def text_codec(label: str | None) -> str | None:
    """The codec a declared charset names, or None when it names no text encoding.

    Python also registers bytes-to-bytes and str-to-str codecs (``hex``, ``zlib``,
    ``rot13``); a page declaring one of them must be treated as undeclared, not crash.
    """
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    if getattr(info, "_is_text_encoding", True) is False:
        return None
    try:
        b"a".decode(info.name)  # Python's "undefined" codec refuses even this
    except UnicodeError:
        return None
    return info.name


# ---------------------------------------------------------------------------------------------
# Extraction


def extract_page(
    text: str, source: str | Path, base_url: str | None = None, language: str = "en"
) -> ExtractedPage:
    """Find the article in a whole page; ``base_url`` resolves relative links if the page
    names no canonical URL (the address a page was downloaded from)."""
    document = _parse_page(text, source)
    resolve_lazy_images(document, source.parent if isinstance(source, Path) else None)
    meta = page_metadata(document, base_url)
    page_url = meta.url or base_url

    embeds = replace_embeds(document, language, page_url)
    for element in document.iter():
        if isinstance(element.tag, str) and element.sourceline:
            element.set(_LINE, str(element.sourceline))
    extraction.mark(document)
    _shield_footnotes(document)

    choice = extraction.choose(document, _readability(document))
    if choice is None:
        raise BookError(
            "no article text found in this page (was it saved before its content loaded? "
            "save it again with File > Save Page As, 'Web Page, complete')",
            source,
        )
    fragment = _innermost_wrapper(choice.root)
    extraction.remove_page_furniture(fragment, document)
    lines = [
        int(element.get(_LINE))
        for element in fragment.iterdescendants()
        if isinstance(element.tag, str) and (element.get(_LINE) or "").isdigit()
    ]
    _unshield(fragment)
    embedded = link_embeds(fragment)
    if page_url:
        _resolve_links(fragment, page_url, images=base_url is not None)
    untrusted = _inner_html(fragment)
    body = sanitize_html(untrusted)
    if not html_to_tree(body).text_content().strip():
        raise BookError(
            "no article text left in this page once scripts and forms are removed", source
        )
    changes, warnings = _account(choice, embedded)
    kept = set(embedded)
    shown = [(e.message(language), e.needle) for e in embeds if e.line(language) in kept]
    return ExtractedPage(
        body=body,
        meta=meta,
        body_line=lines[0] if lines else 1,
        removed=removed_content(untrusted),
        changes=changes,
        warnings=warnings,
        embeds=shown,
    )


def _readability(document: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """readability's choice of main text on the page as saved, or None if it finds none."""
    try:
        summary = Document(
            lxml_html.tostring(document, encoding="unicode"), min_text_length=25
        ).summary(html_partial=True)
    except Unparseable:
        return None
    fragment = _parse_fragment(summary)
    if fragment is None or not fragment.text_content().strip():
        return None
    return fragment


def _account(choice: extraction.Choice, embeds: list[str]) -> tuple[list[SourceChange], list[str]]:
    """What extraction did, for the report, and what the editor must be warned about."""
    changes = [SourceChange("changed", line, "embedded player kept as a link") for line in embeds]
    for dropped in choice.dropped:
        if dropped.restored:
            changes.append(SourceChange("kept", dropped.text, "left out by the main-text finder"))
        elif dropped.furniture:
            changes.append(SourceChange("removed", dropped.text, "site furniture"))
        else:
            changes.append(SourceChange("removed", dropped.text, "not part of the main text"))
    warnings = [choice.replaced] if choice.replaced else []
    share = choice.dropped_share
    if share > extraction.MAX_DROPPED_SHARE:
        warnings.append(
            f"extraction left out {share:.0%} of the words of the article's container "
            f"(more than {extraction.MAX_DROPPED_SHARE:.0%}); the report quotes them"
        )
    return changes, warnings


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
        element.attrib.pop(extraction.ID, None)


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
