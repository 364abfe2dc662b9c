"""Where each laid-out page begins, read from WeasyPrint's boxes.

The first text of a page is the first text box of its page area, in box order, that holds
text of both editions: running heads and folios (margin boxes), footnotes (the footnote area),
generated content (``::before``, ``::after``, list markers, note calls) and matter only the
print edition has are passed over. Its position is counted as :mod:`compiler.book.page_map`
names positions, so the EPUB can put the page's marker at the same word.

A word hyphenated at the end of a line carries a hyphen its source does not have; it is not
counted, so the characters after it keep their offsets. Laying out adds nothing here: the
boxes are read after the fact, and the print HTML stays byte for byte what it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from weasyprint import Document
from weasyprint.formatting_structure import boxes

from ..book.model import Book
from ..book.page_map import (
    END,
    SOFT_HYPHEN,
    Block,
    PageMap,
    PrintedPage,
    TextPosition,
    owner_map,
    text_pieces,
    visible_length,
)
from ..book.render import Renderer, Target, roman
from ..machinery.cache import code_fingerprint, digest
from ..volume.model import PrintSettings

PAGE_MAPS = "page-maps"
GENERATED = ("::before", "::after", "::marker", "::footnote-call", "::footnote-marker")


def page_starts(document: Document, root: Any) -> list[TextPosition | None]:
    """For each page of ``document`` (laid out from the tree ``root``), where its text begins;
    ``None`` for a page without text."""
    owners = owner_map(root)
    consumed: dict[int, int] = {}  # id of a block's element -> visible characters laid out
    sources: dict[int, str] = {}
    starts: list[TextPosition | None] = []
    for page in document.pages:
        start: TextPosition | None = None
        closing: TextPosition | None = None
        for box in _text_boxes(page._page_box):
            block = owners.get(box.element)
            text = box.text.replace(SOFT_HYPHEN, "")
            length = visible_length(text)
            if block is None or length == 0:
                continue
            if block.index == END:
                closing = closing or TextPosition(block.section, END, 0)
                continue
            key = id(block.element)
            before = consumed.get(key, 0)
            if key not in sources:
                sources[key] = _visible(block)
            if before >= len(sources[key]):
                continue  # text laid out again: a table's header row repeated on a new page
            if start is None:
                start = TextPosition(block.section, block.index, before)
            consumed[key] = before + length - _added_hyphen(box, text, sources[key], before, length)
        starts.append(start or closing)
    return starts


def printed_pages(starts: list[TextPosition | None], body_start: int) -> list[PrintedPage]:
    """The pages of a whole book that carry text, with their folios as print.css prints them:
    lower-case roman before ``body_start`` (the physical page of arabic 1), arabic from it."""
    found = []
    for number, start in enumerate(starts, start=1):
        if start is None:
            continue
        folio = str(number - body_start + 1) if number >= body_start else roman(number).lower()
        found.append(PrintedPage(number, folio, start))
    return found


def page_map(starts: list[TextPosition | None], body_start: int) -> PageMap:
    return PageMap(printed_pages(starts, body_start))


def page_map_key(book: Book, settings: PrintSettings) -> str:
    """What the print layout of ``book`` depends on: its print rendering and settings.

    The cache keeps each layout's :class:`PageMap` under this key, so an EPUB built on its
    own takes the page list of the print edition of exactly these inputs, or none.
    """
    return digest(
        code_fingerprint(), PAGE_MAPS, repr(settings), Renderer(book, Target.PRINT).document()
    )


def _text_boxes(box: Any) -> Iterator[Any]:
    """The page area's text boxes in box order (margins and footnote area left out)."""
    for child in getattr(box, "children", ()):
        if isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            continue
        if child.element_tag.endswith(GENERATED):
            continue
        if isinstance(child, boxes.TextBox):
            yield child
        else:
            yield from _text_boxes(child)


def _visible(block: Block) -> str:
    return "".join(c for _, _, text in text_pieces(block) for c in text if visible_length(c) == 1)


def _added_hyphen(box: Any, text: str, source: str, before: int, length: int) -> int:
    """1 when the box ends with a hyphen the layout added to break a word, else 0."""
    hyphen = box.style["hyphenate_character"] or ""
    if not hyphen or not text.rstrip().endswith(hyphen):
        return 0
    at = before + length - len(hyphen)
    return len(hyphen) if source[at : at + len(hyphen)] != hyphen else 0
