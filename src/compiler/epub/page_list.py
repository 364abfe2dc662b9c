"""The EPUB's page list: the print edition's page breaks, at the words where they fall.

A reader in a class or a reading group says "page 42" and means the paperback. The EPUB
carries an invisible marker where each printed page begins (``epub:type="pagebreak"``,
``role="doc-pagebreak"``, its folio as the accessible name), a ``page-list`` navigation with
one entry per marker, and ``pageBreakSource`` naming the edition the pages are from (EPUB
Accessibility 1.1). The positions come from the print layout
(:mod:`compiler.interior.page_starts`) as :class:`~compiler.book.page_map.PageMap`; a book
without one has no markers, no page list and claims no page navigation.

A page that begins inside a word (hyphenated across the break) gets its marker before that
word: a marker cannot split a word without breaking it for search and speech.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ebooklib import epub
from lxml import etree
from lxml import html as lxml_html

from ..book.model import BookMeta
from ..book.page_map import (
    BLOCK_TAGS,
    END,
    PageMap,
    TextPosition,
    blocks,
    local_name,
    skipped,
    text_pieces,
    visible_length,
)
from ..book.render import Page
from ..sources.xhtml import to_xhtml

EPUB_NS = "http://www.idpf.org/2007/ops"
XHTML_NS = "http://www.w3.org/1999/xhtml"
FEATURES = ("pageNavigation", "printPageNumbers")


@dataclass(frozen=True)
class PageMarker:
    """One entry of the page list: the folio and where its marker is."""

    folio: str
    href: str  # "ch003.xhtml#page-12"


def marker_id(folio: str) -> str:
    return f"page-{folio}"


def mark_pages(pages: list[Page], page_map: PageMap) -> tuple[list[Page], list[PageMarker]]:
    """``pages`` with a marker where each printed page begins, and the page list's entries.

    A page whose position is not in the EPUB's text (matter only the print edition has) gets
    no marker and no entry, rather than one at the wrong place.
    """
    wanted: dict[str, list[tuple[str, TextPosition]]] = defaultdict(list)
    for printed in page_map.pages:
        wanted[printed.start.section].append((printed.folio, printed.start))
    placed: dict[str, str] = {}  # folio -> href
    out = []
    for page in pages:
        if page.id not in wanted:
            out.append(page)
            continue
        root = lxml_html.fragment_fromstring(page.html, create_parent="div")
        section = next((e for e in root if local_name(e.tag) and e.get("id") == page.id), None)
        if section is None:
            out.append(page)
            continue
        found = list(blocks(page.id, section))
        for folio, position in wanted[page.id]:
            if position.block == END:
                _close(section, _marker(folio))
            elif position.block >= len(found) or not _insert(
                found[position.block], position, folio
            ):
                continue
            placed[folio] = f"{page.id}.xhtml#{marker_id(folio)}"
        html = "\n".join(to_xhtml(child) for child in root)
        out.append(Page(page.id, page.title, page.kind, html))
    markers = [
        PageMarker(printed.folio, placed[printed.folio])
        for printed in page_map.pages
        if printed.folio in placed
    ]
    return out, markers


def _insert(block: Any, position: TextPosition, folio: str) -> bool:
    """Put the marker before the word holding the ``position.offset``-th visible character."""
    seen = 0
    for element, kind, text in text_pieces(block):
        length = visible_length(text)
        if seen + length <= position.offset:
            seen += length
            continue
        at = 0
        while True:
            if visible_length(text[at]) == 1:
                if seen == position.offset:
                    break
                seen += 1
            at += 1
        while at > 0 and not text[at - 1].isspace():
            at -= 1
        _place(element, kind, at, _marker(folio))
        return True
    return False


def _close(section: Any, marker: Any) -> None:
    """Put the marker after the section's shared text: before its first block of one
    edition only (the EPUB's notes), else at its end."""
    own = next((e for e in section if local_name(e.tag) in BLOCK_TAGS and skipped(e)), None)
    if own is not None:
        own.addprevious(marker)
    else:
        section.append(marker)


def _marker(folio: str) -> Any:
    return lxml_html.Element(
        "span",
        {
            "epub:type": "pagebreak",
            "role": "doc-pagebreak",
            "id": marker_id(folio),
            "aria-label": folio,
        },
    )


def _place(element: Any, kind: str, at: int, marker: Any) -> None:
    if kind == "text":
        text = element.text or ""
        if at == 0 and element.getparent() is not None and len(text) and not _is_block(element):
            # At the very start of an inline element: the marker goes before it, not inside.
            marker.tail = None
            element.addprevious(marker)
            return
        element.text, marker.tail = text[:at], text[at:]
        element.insert(0, marker)
    else:
        tail = element.tail or ""
        element.tail, marker.tail = tail[:at], tail[at:]
        element.addnext(marker)


def _is_block(element: Any) -> bool:
    return local_name(element.tag) in BLOCK_TAGS


def add_page_list_metadata(package: epub.EpubBook, meta: BookMeta) -> None:
    """The print edition the page list comes from, and the page navigation it gives."""
    package.add_metadata(None, "meta", page_source(meta), {"property": "pageBreakSource"})
    for feature in FEATURES:
        package.add_metadata(None, "meta", feature, {"property": "schema:accessibilityFeature"})


def page_source(meta: BookMeta) -> str:
    """The print edition by its ISBN when it has one, else by title as its pages say."""
    if meta.isbn_print:
        return f"urn:isbn:{meta.isbn_print.replace('-', '').replace(' ', '')}"
    edition = f", {meta.edition}" if meta.edition else ""
    return f"{meta.title}{edition} (print edition)"


def with_page_list(nav: bytes, markers: list[PageMarker], title: str) -> bytes:
    """The navigation document with a ``page-list`` nav holding one entry per marker."""
    root = etree.fromstring(nav, etree.XMLParser(resolve_entities=False))
    body = root.find(f"{{{XHTML_NS}}}body")
    if body is None or not markers:
        return nav
    element = etree.SubElement(
        body,
        f"{{{XHTML_NS}}}nav",
        {f"{{{EPUB_NS}}}type": "page-list", "role": "doc-pagelist", "hidden": "hidden"},
    )
    heading = etree.SubElement(element, f"{{{XHTML_NS}}}h2")
    heading.text = title
    items = etree.SubElement(element, f"{{{XHTML_NS}}}ol")
    for marker in markers:
        item = etree.SubElement(items, f"{{{XHTML_NS}}}li")
        link = etree.SubElement(item, f"{{{XHTML_NS}}}a", {"href": marker.href})
        link.text = marker.folio
    return etree.tostring(
        root.getroottree(), encoding="utf-8", xml_declaration=True, pretty_print=True
    )
