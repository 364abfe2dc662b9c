"""Where each indexed occurrence fell in the print layout, read from the laid-out text.

The print rendering marks an occurrence with a comment before its words, not an element
around them (:func:`compiler.book.indexing.marks_as_comments`), so it costs the layout
nothing. Its place is counted as :mod:`compiler.book.page_map` counts positions (block, then
visible characters before it), and the text box holding that character is where the
occurrence lies: its page, and the top left of its line piece, the point a link to it opens
at. A word hyphenated over a page turn is on the page of its first letter, as an index
wants it.

The places are named like the element ids they replace, so they serve as anchors wherever
anchors are used: the index's page numbers and the PDF's link destinations. The index's own
numbers are found the same way (one comment per entry, before its numbers, naming their
places in order) and become links over their width in the line, as a link element would
have made them.
"""

from __future__ import annotations

import re
from typing import Any

from weasyprint import Document
from weasyprint.text.line_break import Layout, line_size

from ..book.indexing import PRINT_MARK
from ..book.page_map import END, Block, text_pieces, visible_length
from .page_starts import LaidText

LINK_MARK = "index-link "
"""How the printed index marks an entry's page numbers: a comment before them naming the place
each leads to, in order, separated by spaces (written by
:func:`compiler.interior.index_pages.merged`)."""
UNNAMED = "."
"""Stands in that list for a number that is a link element already (a name no comment holds)."""
_NUMBER = re.compile(r"\w+")

Place = tuple[int, float, float]  # page index, x, y in CSS px
Link = tuple[str, str, tuple[float, float, float, float], Any]  # as WeasyPrint's Page.links


def marks(owners: dict[Any, Block], prefix: str = PRINT_MARK) -> dict[int, list[tuple[int, str]]]:
    """The places each block marks with comments starting with ``prefix``, as (visible
    offset, name) in reading order, by the id of the block's element."""
    found: dict[int, list[tuple[int, str]]] = {}
    marked = {
        id(block.element): block
        for element, block in owners.items()
        if block.index != END and any(_is_mark(child, prefix) for child in element)
    }
    for block in marked.values():
        offset = 0
        places: list[tuple[int, str]] = []
        for node, kind, text in text_pieces(block, comments=True):
            if kind == "comment":
                if _is_mark(node, prefix):
                    places.append((offset, node.text[len(prefix) :]))
            else:
                offset += visible_length(text)
        if places:
            found[id(block.element)] = places
    return found


def _is_mark(node: Any, prefix: str) -> bool:
    text = node.text
    return not isinstance(node.tag, str) and isinstance(text, str) and text.startswith(prefix)


def places(laid: list[LaidText], owners: dict[Any, Block]) -> dict[str, Place]:
    """Each marked occurrence's place, from the text boxes :func:`~.page_starts.laid_text`
    read: the page and the top left of the line piece holding its first character."""
    return {
        name: (text.page, float(text.box.position_x), float(text.box.position_y))
        for name, (text, _) in _located(laid, marks(owners)).items()
    }


def _located(
    laid: list[LaidText], pending: dict[int, list[tuple[int, str]]]
) -> dict[str, tuple[LaidText, int]]:
    """The text box holding each mark's first character, and how many visible characters of
    that box come before it.

    A mark with no character after it in its block (at a paragraph's very end) takes the
    block's last box; one whose block was never laid out is not found.
    """
    found: dict[str, tuple[LaidText, int]] = {}
    last: dict[int, LaidText] = {}
    for text in laid:
        key = id(text.block.element)
        waiting = pending.get(key)
        if not waiting:
            continue
        last[key] = text
        end = text.start + text.length
        while waiting and waiting[0][0] < end:
            offset, name = waiting.pop(0)
            found.setdefault(name, (text, max(0, offset - text.start)))
    for key, waiting in pending.items():
        if key in last:
            for _, name in waiting:
                found.setdefault(name, (last[key], last[key].length))
    return found


def number_links(laid: list[LaidText], owners: dict[Any, Block]) -> dict[int, list[Link]]:
    """The printed index's page numbers as links to their places, by page index.

    The numbers are plain text (a link element per number made the index the slowest pages
    of the book to lay out); each link's rectangle is the number's extent in its line,
    measured with the line's own style.
    """
    found: dict[int, list[Link]] = {}
    layouts: dict[int, Layout] = {}  # one per line piece: setting one up costs more than measuring
    for name, (text, before) in _located(laid, _numbers(owners)).items():
        box = text.box
        start = _char_index(box.text, before)
        number = _NUMBER.match(box.text[start:])
        if number is None:
            continue
        layout = layouts.get(id(box))
        if layout is None:
            layout = layouts[id(box)] = Layout(box.style, box.justification_spacing)
        left = box.position_x + _width(layout, box, box.text[:start])
        right = box.position_x + _width(layout, box, box.text[: start + number.end()])
        area = (left, box.position_y, right, box.position_y + box.height)
        found.setdefault(text.page, []).append(("internal", name, area, box))
    return found


def _numbers(owners: dict[Any, Block]) -> dict[int, list[tuple[int, str]]]:
    """Each index number's place as (visible offset, name), by block: the names of an entry's
    comment, given in order to the words that follow it (its numbers, separated by commas)."""
    entries = marks(owners, LINK_MARK)
    if not entries:
        return {}
    blocks = {id(block.element): block for block in owners.values()}
    found: dict[int, list[tuple[int, str]]] = {}
    for key, listed in entries.items():
        visible = "".join(
            c
            for _, kind, text in text_pieces(blocks[key])
            if kind != "comment"
            for c in text
            if visible_length(c)
        )
        places = found.setdefault(key, [])
        for offset, names in listed:
            numbers = _NUMBER.finditer(visible, offset)
            places.extend(
                (number.start(), name)
                for name, number in zip(names.split(), numbers, strict=False)
                if name != UNNAMED
            )
    return found


def _char_index(text: str, visible: int) -> int:
    """Where in ``text`` the character after ``visible`` visible characters is."""
    count = 0
    for index, character in enumerate(text):
        if visible_length(character):
            if count == visible:
                return index
            count += 1
    return len(text)


def _width(layout: Layout, box: Any, text: str) -> float:
    if not text:
        return 0.0
    layout.set_text(text)
    line, _ = layout.get_first_line()
    return float(line_size(line, box.style)[0])


def add_links(document: Document, links: dict[int, list[Link]]) -> None:
    """Give ``document`` the index's links, as if each number were a link element."""
    for number, found in links.items():
        document.pages[number].links.extend(found)


def add_to_pages(document: Document, found: dict[str, Place]) -> None:
    """Make the places anchors of ``document``, as if elements with those ids were there, so
    the links of its index lead to them when it is written."""
    for name, (page, x, y) in found.items():
        document.pages[page].anchors.setdefault(name, (x, y, x, y))
