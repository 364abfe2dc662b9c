"""Where each printed page begins, in terms both editions share.

The print interior and the EPUB are rendered from the same book, section by section
(:mod:`compiler.book.render`), but their markup differs in small ways: notes are footnotes on
paper and asides on screen, web links get their address spelled out on paper, and the two are
parsed by different engines. A position is therefore named by what both renderings agree on:
the section's id, the index of the text block (paragraph, heading, list item…) within it, and
how many visible characters of that block come before it, spaces left out (lines are broken
and re-joined differently by each engine). Matter that exists in only one edition is left out
of both counts (:data:`ONE_EDITION_ONLY`), so the blocks and characters around it line up.

The functions here read any ElementTree-like tree: WeasyPrint's parse of the print HTML and
lxml's parse of an EPUB page alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "ul",
    ]
)
"""Elements that start a block of text of their own; any other element is inline."""

ONE_EDITION_ONLY = frozenset(
    {
        "footnote",  # print: a note's text where its call is (floated to the page foot)
        "noteref",  # EPUB: the note's number, a link to its aside
        "noteref-repeat",  # print: a second call of the same note
        "link-note",  # print: a web address as a footnote
        "link-inline",  # print: a web address in parentheses
        "link-ref",  # print: the number of a web address listed at the chapter's end
        "chapter-links",  # print: that list
        "chapter-notes",  # EPUB: the chapter's notes, gathered at its end
        "copyright-typeface",  # EPUB: the typeface's licence, linked from the copyright page
    }
)
"""Classes of the elements one edition has and the other has not."""

SOFT_HYPHEN = "\u00ad"
END = -1
"""The block index of a page that begins in one edition's own closing matter (a chapter's
list of web addresses in print): its marker goes where that matter would be, at the end of
the section's shared text."""


@dataclass(frozen=True)
class TextPosition:
    """A place in the book's text: section id, block index in it, visible characters before."""

    section: str
    block: int
    offset: int


@dataclass(frozen=True)
class PrintedPage:
    """A page of the print edition that carries text: its folio as printed, and where it
    begins."""

    number: int  # physical page of the PDF, 1-based
    folio: str  # "iii" in the front matter, "12" in the body
    start: TextPosition


@dataclass
class PageMap:
    """Every page of a print edition that carries text, in order, for the EPUB's page list."""

    pages: list[PrintedPage] = field(default_factory=list)

    def page_at(self, position: TextPosition, order: list[str]) -> PrintedPage | None:
        """The printed page ``position`` falls on: the last page that begins at or before it.

        ``order`` lists the section ids in reading order. A page's text runs from its start
        to the next page's start, so this answers "on which page is this word" for any
        position counted as this module counts them (a back-of-book index needs no more).
        """
        rank = {section: number for number, section in enumerate(order)}

        def key(at: TextPosition) -> tuple[int, float, int]:
            block = math.inf if at.block == END else at.block
            return (rank.get(at.section, -1), block, at.offset)

        found = None
        for page in self.pages:
            if key(page.start) > key(position):
                break
            found = page
        return found


# Characters that print nothing and that one edition may carry where the other has none: the
# soft hyphens of hyphenation, the word joiner print puts before a closed dash
# (:mod:`compiler.book.dash_breaks`), a zero-width space offering a break.
UNCOUNTED = frozenset({SOFT_HYPHEN, "\u2060", "\u200b"})


def visible_length(text: str) -> int:
    """The characters of ``text`` that count towards an offset: no spaces and none of
    :data:`UNCOUNTED`, so both editions count a page's first word at the same offset."""
    return sum(1 for c in text if not c.isspace() and c not in UNCOUNTED)


def skipped(element: Any) -> bool:
    """Whether ``element`` (and all it holds) belongs to one edition only."""
    classes = (element.get("class") or "").split()
    return any(name in ONE_EDITION_ONLY for name in classes)


def local_name(tag: object) -> str:
    """The tag without its namespace; "" for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


@dataclass
class Block:
    """One block of a section, with the element each of its text pieces comes from."""

    section: str
    index: int
    element: Any


def sections(root: Any) -> Iterator[tuple[str, Any]]:
    """The rendered sections of a document: elements with an id directly in ``<body>``.

    Every page of :mod:`compiler.book.render` is one such element, in print (all of them in
    one document) as in the EPUB (one per file).
    """
    body = next((e for e in root.iter() if local_name(e.tag) == "body"), None)
    if body is None:
        return
    for child in body:
        if local_name(child.tag) and child.get("id"):
            yield child.get("id"), child


def blocks(section_id: str, section: Any) -> Iterator[Block]:
    """The section's blocks in document order, matter of one edition only left out."""
    index = 0

    def walk(element: Any) -> Iterator[Block]:
        nonlocal index
        for child in element:
            if not local_name(child.tag) or skipped(child):
                continue
            if local_name(child.tag) in BLOCK_TAGS:
                yield Block(section_id, index, child)
                index += 1
            yield from walk(child)

    yield Block(section_id, index, section)
    index += 1
    yield from walk(section)


def owner_map(root: Any) -> dict[Any, Block]:
    """Each element that holds text of both editions, mapped to the block its text is in.

    Elements of one edition's own blocks (and all they hold) map to the section's
    :data:`END` block instead.
    """
    owners: dict[Any, Block] = {}
    for section_id, section in sections(root):
        for block in blocks(section_id, section):
            owners[block.element] = block
            _own_inline(block.element, block, owners)
        end = Block(section_id, END, None)
        for element in section.iter():
            own_block = local_name(element.tag) in BLOCK_TAGS and skipped(element)
            if own_block and element not in owners:
                owners.update((e, end) for e in element.iter() if e not in owners)
    return owners


def _own_inline(element: Any, block: Block, owners: dict[Any, Block]) -> None:
    for child in element:
        name = local_name(child.tag)
        if not name or skipped(child) or name in BLOCK_TAGS:
            continue
        owners[child] = block
        _own_inline(child, block, owners)


def text_pieces(block: Block, comments: bool = False) -> Iterator[tuple[Any, str, str]]:
    """The block's own text in reading order, as (element, "text" or "tail", string).

    A piece is an element's text or its tail; the text of nested blocks and of one-edition
    matter is not the block's own, but the tail after them is. With ``comments``, each
    comment among that text comes as (comment, "comment", ""), at its place: the print
    rendering marks places in the text that way without adding elements.
    """

    def walk(element: Any) -> Iterator[tuple[Any, str, str]]:
        for child in element:
            name = local_name(child.tag)
            if name and not skipped(child) and name not in BLOCK_TAGS:
                if child.text:
                    yield child, "text", child.text
                yield from walk(child)
            elif comments and not name and isinstance(child.text, str):
                yield child, "comment", ""
            if child.tail:
                yield child, "tail", child.tail

    if block.element.text:
        yield block.element, "text", block.element.text
    yield from walk(block.element)
