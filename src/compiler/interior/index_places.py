"""Where each indexed occurrence fell in the print layout, read from the laid-out text.

The print rendering marks an occurrence with a comment before its words, not an element
around them (:func:`compiler.book.indexing.marks_as_comments`), so it costs the layout
nothing. Its place is counted as :mod:`compiler.book.page_map` counts positions (block, then
visible characters before it), and the text box holding that character is where the
occurrence lies: its page, and the top left of its line piece, the point a link to it opens
at. A word hyphenated over a page turn is on the page of its first letter, as an index
wants it.

The places are named like the element ids they replace, so they serve as anchors wherever
anchors are used: the index's page numbers and the PDF's link destinations.
"""

from __future__ import annotations

from typing import Any

from weasyprint import Document

from ..book.indexing import PRINT_MARK
from ..book.page_map import END, Block, text_pieces, visible_length
from .page_starts import LaidText

Place = tuple[int, float, float]  # page index, x, y in CSS px


def marks(owners: dict[Any, Block]) -> dict[int, list[tuple[int, str]]]:
    """The marked occurrences of each block that has some, as (visible offset, name) in
    reading order, by the id of the block's element."""
    found: dict[int, list[tuple[int, str]]] = {}
    marked = {
        id(block.element): block
        for element, block in owners.items()
        if block.index != END and any(_is_mark(child) for child in element)
    }
    for block in marked.values():
        offset = 0
        places: list[tuple[int, str]] = []
        for node, kind, text in text_pieces(block, comments=True):
            if kind == "comment":
                if _is_mark(node):
                    places.append((offset, node.text[len(PRINT_MARK) :]))
            else:
                offset += visible_length(text)
        if places:
            found[id(block.element)] = places
    return found


def _is_mark(node: Any) -> bool:
    text = node.text
    return not isinstance(node.tag, str) and isinstance(text, str) and text.startswith(PRINT_MARK)


def places(laid: list[LaidText], owners: dict[Any, Block]) -> dict[str, Place]:
    """Each marked occurrence's place, from the text boxes :func:`~.page_starts.laid_text`
    read.

    An occurrence lies in the box whose characters include its first one. One with no
    character after it in its block (a mark at a paragraph's very end) takes the block's last
    box; one whose block was never laid out has no place.
    """
    pending = marks(owners)
    if not pending:
        return {}
    found: dict[str, Place] = {}
    last: dict[int, Place] = {}
    for text in laid:
        key = id(text.block.element)
        waiting = pending.get(key)
        if not waiting:
            continue
        at = (text.page, float(text.box.position_x), float(text.box.position_y))
        last[key] = at
        end = text.start + text.length
        while waiting and waiting[0][0] < end:
            found.setdefault(waiting.pop(0)[1], at)
    for key, waiting in pending.items():
        if key in last:
            for _, name in waiting:
                found.setdefault(name, last[key])
    return found


def add_to_pages(document: Document, found: dict[str, Place]) -> None:
    """Make the places anchors of ``document``, as if elements with those ids were there, so
    the links of its index lead to them when it is written."""
    for name, (page, x, y) in found.items():
        document.pages[page].anchors.setdefault(name, (x, y, x, y))
