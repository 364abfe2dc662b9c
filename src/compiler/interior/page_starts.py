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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class LaidText:
    """One text box of the shared text, as laid out: where it is and which characters it
    holds (``start`` visible characters of its block come before it, ``length`` are its own)."""

    page: int  # 0-based page index in the document
    box: Any
    block: Block
    start: int
    length: int


def laid_text(document: Document, owners: dict[Any, Block]) -> list[LaidText]:
    """Every text box of both editions' text in box order, page by page.

    ``owners`` is :func:`~compiler.book.page_map.owner_map` of the tree the document was laid
    out from. Boxes of one edition's closing matter come with the section's ``END`` block.
    """
    consumed: dict[int, int] = {}  # id of a block's element -> visible characters laid out
    sources: dict[int, str] = {}
    found: list[LaidText] = []
    for number, page in enumerate(document.pages):
        for box in _text_boxes(page._page_box):
            block = owners.get(box.element)
            text = box.text.replace(SOFT_HYPHEN, "")
            length = visible_length(text)
            if block is None or length == 0:
                continue
            if block.index == END:
                found.append(LaidText(number, box, block, 0, 0))
                continue
            key = id(block.element)
            before = consumed.get(key, 0)
            if key not in sources:
                sources[key] = _visible(block)
            if before >= len(sources[key]):
                continue  # text laid out again: a table's header row repeated on a new page
            counted = length - _added_hyphen(box, text, sources[key], before, length)
            consumed[key] = before + counted
            found.append(LaidText(number, box, block, before, counted))
    return found


def page_starts(document: Document, root: Any) -> list[TextPosition | None]:
    """For each page of ``document`` (laid out from the tree ``root``), where its text begins;
    ``None`` for a page without text."""
    return starts_of(laid_text(document, owner_map(root)), len(document.pages))


def starts_of(laid: list[LaidText], page_count: int) -> list[TextPosition | None]:
    """:func:`page_starts` from the text :func:`laid_text` read."""
    starts: list[TextPosition | None] = [None] * page_count
    closing: list[TextPosition | None] = [None] * page_count
    for text in laid:
        block = text.block
        if block.index == END:
            closing[text.page] = closing[text.page] or TextPosition(block.section, END, 0)
        elif starts[text.page] is None:
            starts[text.page] = TextPosition(block.section, block.index, text.start)
    return [start or end for start, end in zip(starts, closing, strict=True)]


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
