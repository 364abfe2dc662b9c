"""The EPUB 2 NCX's page list and play order, for readers that never open the EPUB 3 nav.

Older e-ink readers and some library apps read only ``toc.ncx``. ebooklib writes its
``navMap`` but knows nothing of the print edition's pages, so the ``pageList`` is added here,
one ``pageTarget`` per marker of :mod:`compiler.epub.page_list`. The NCX asks that every
``navPoint`` and ``pageTarget`` carry a ``playOrder`` (its DTD makes it required), numbered
1, 2, 3… in reading order across the ``navMap`` and the ``pageList`` alike, with the same
number for entries that point to the same place and different numbers otherwise (ANSI/NISO
Z39.86-2005, section 8, the NCX; EPUBCheck's NCX schematron checks all three).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lxml import etree

from .page_list import PageMarker

NCX = "http://www.daisy.org/z3986/2005/ncx/"
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
ROMAN_FOLIO = re.compile(r"^m*(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")

ReadingPlace = Callable[[str], tuple[int, int]]
"""Where an ``href`` ("ch003.xhtml" or "ch003.xhtml#page-12") falls in the reading order,
as a sort key: the document's place in the spine, then the element's place in the document
(-1 for the document's start)."""


def page_target_kind(folio: str) -> tuple[str, int | None]:
    """The NCX's page type and numeric value for a printed folio: arabic folios are the
    body's ``normal`` pages, lower-case roman ones the ``front`` matter's; anything else is
    ``special`` and has no value."""
    if folio.isascii() and folio.isdigit():
        return "normal", int(folio)
    if folio and ROMAN_FOLIO.match(folio):
        return "front", roman_value(folio)
    return "special", None


def roman_value(numeral: str) -> int:
    """The number a roman numeral stands for: the NCX gives front pages their value."""
    values = [ROMAN[letter] for letter in numeral.lower()]
    return sum(
        -value if following > value else value
        for value, following in zip(values, [*values[1:], 0], strict=True)
    )


def add_page_list(root: etree._Element, markers: Sequence[PageMarker], title: str) -> None:
    """Give the NCX a ``pageList`` with one ``pageTarget`` per marker, in page order, and
    the page counts its head announces (both 0 in a book without pages)."""
    if not markers:
        return
    page_list = etree.Element(f"{{{NCX}}}pageList")
    _label(page_list, title)
    highest = 0
    normal = 0
    for marker in markers:
        kind, value = page_target_kind(marker.folio)
        target = etree.SubElement(page_list, f"{{{NCX}}}pageTarget", {"type": kind})
        if value is not None:
            target.set("value", str(value))
        if kind == "normal" and value is not None:
            normal += 1
            highest = max(highest, value)
        _label(target, marker.folio)
        etree.SubElement(target, f"{{{NCX}}}content", {"src": marker.href})
    nav_map = root.find(f"{{{NCX}}}navMap")
    if nav_map is None:
        root.append(page_list)
    else:
        nav_map.addnext(page_list)
    # dtb:totalPageCount counts the normal pages; dtb:maxPageNumber is the largest of their
    # values (Z39.86-2005, section 8).
    for meta in root.iter(f"{{{NCX}}}meta"):
        if meta.get("name") == "dtb:totalPageCount":
            meta.set("content", str(normal))
        elif meta.get("name") == "dtb:maxPageNumber":
            meta.set("content", str(highest))


def number_play_order(root: etree._Element, place: ReadingPlace) -> None:
    """Number every ``navPoint`` and ``pageTarget`` in the reading order of what it points
    to: entries pointing to the same place share a number, and the numbers have no gaps."""
    entries = [
        (element, content.get("src", ""))
        for element in root.iter(f"{{{NCX}}}navPoint", f"{{{NCX}}}pageTarget")
        if (content := element.find(f"{{{NCX}}}content")) is not None
    ]
    targets = sorted({src for _, src in entries}, key=lambda src: (*place(src), src))
    order = {src: number for number, src in enumerate(targets, start=1)}
    for element, src in entries:
        element.set("playOrder", str(order[src]))


def reading_place(spine: Sequence[str], document_ids: Callable[[str], list[str]]) -> ReadingPlace:
    """A :data:`ReadingPlace` for a book whose documents are read in ``spine`` order;
    ``document_ids`` gives the ids of a document's elements in document order (asked once
    per document, and only for documents that a fragment points into)."""
    spine_place = {name: number for number, name in enumerate(spine)}
    ids: dict[str, dict[str, int]] = {}

    def place(href: str) -> tuple[int, int]:
        name, _, fragment = href.partition("#")
        document = spine_place.get(name, len(spine))
        if not fragment:
            return document, -1
        if name not in ids:
            ids[name] = {id_: number for number, id_ in enumerate(document_ids(name))}
        return document, ids[name].get(fragment, len(ids[name]))

    return place


def _label(parent: etree._Element, text: str) -> None:
    label = etree.SubElement(parent, f"{{{NCX}}}navLabel")
    etree.SubElement(label, f"{{{NCX}}}text").text = text
