"""An index heading repeated, "(continued)", at the head of a left-hand page it runs on to.

When an entry runs on from the foot of a right-hand page, the reader who turns the leaf meets
a column of bare numbers with its heading out of sight; Chicago (16.142) repeats the heading at
the top of the left-hand page, followed by *continued*. Across a spread the heading is in view,
so only a turn of the leaf needs it. The same holds for a main heading whose sub-entries run
on: the left-hand page opens with the heading, *continued*, over them.

WeasyPrint cannot repeat content where a box is split, so the index is laid out, the entry the
turn splits is found in the laid-out lines, and it is cut in two there: the numbers on the
right-hand page stay with the heading, and a second entry ("House of Representatives
(*continued*)" over the rest of the numbers) opens the left-hand page. Nothing before the cut
moves, so the index is laid out again and the next turn looked at, until none splits an entry.
The printed numbers keep their links: each part's comment names the places of its own numbers
(see :mod:`compiler.interior.index_places`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from xml.etree import ElementTree

from weasyprint import Document
from weasyprint.formatting_structure import boxes

from .index_places import LINK_MARK

LABEL_ATTRIBUTE = "data-continued"
"""On the index's section: the word for *continued* in the book's language (index.html)."""
_PLACE_SEPARATOR = ", "
_FIRST_WORD = re.compile(r"\w+")


def repeat_headings(document: Document, root: Any, render: Callable[[], Document]) -> Document:
    """``document`` with every entry split by a turn of the leaf carried on under its heading.

    ``root`` is the element tree ``document`` was laid out from, changed in place; ``render``
    lays it out again.
    """
    section = next(
        (element for element in root.iter("section") if _classes(element) >= {"index"}), None
    )
    if section is None:
        return document
    label = section.get(LABEL_ATTRIBUTE) or "continued"
    done = -1
    while (turned := _turned(document, root, after=done)) is not None:
        page, entry, first_text, sub = turned
        if _carry_on(root, entry, first_text, sub, label):
            document = render()
        done = page  # what comes before a cut keeps its lines: look further on only
    return document


def _classes(element: Any) -> set[str]:
    return set((element.get("class") or "").split())


def _lines(box: Any) -> Iterator[Any]:
    if isinstance(box, boxes.LineBox):
        yield box
        return
    for child in getattr(box, "children", None) or ():
        yield from _lines(child)


def _entry_lines(document: Document) -> list[list[Any]]:
    """The line boxes of index entries on each page, in reading order (columns left to right)."""
    return [
        [
            line
            for line in _lines(page._page_box)
            if line.element is not None and "index-entry" in _classes(line.element)
        ]
        for page in document.pages
    ]


def _turned(document: Document, root: Any, after: int) -> tuple[int, Any, str, Any] | None:
    """The first left-hand page past ``after`` that a split entry runs on to, the entry, the
    text the page starts with, and the sub-entry it starts with when it is the entry's
    sub-entries that run on (else None).

    The index opens on a right-hand page, so the pages after its first at odd distances are
    left-hand ones.
    """
    pages = _entry_lines(document)
    first_page: dict[int, int] = {}
    for number, lines in enumerate(pages):
        for line in lines:
            first_page.setdefault(id(line.element), number)
    opening = next((number for number, lines in enumerate(pages) if lines), None)
    if opening is None:
        return None
    parents = {id(child): parent for parent in root.iter() for child in parent}
    for number in range(opening + 1, len(pages), 2):
        if number <= after or not pages[number]:
            continue
        line = pages[number][0]
        entry = line.element
        if first_page[id(entry)] < number and "index-subentry" not in _classes(entry):
            return number, entry, _text(line), None
        main = _main_entry(entry, parents)
        if (
            main is not None
            and first_page.get(id(main), number) < number
            and first_page[id(entry)] == number
        ):
            return number, main, "", entry  # its sub-entries run on
    return None


def _main_entry(entry: Any, parents: dict[int, Any]) -> Any | None:
    """The main heading's entry a sub-entry belongs to."""
    if "index-subentry" not in _classes(entry):
        return None
    node = parents.get(id(entry))
    while node is not None and "index-entry" not in _classes(node):
        node = parents.get(id(node))
    return node


def _text(line: Any) -> str:
    return "".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox)).strip()


def _carry_on(root: Any, entry: Any, first_text: str, sub: Any, label: str) -> bool:
    """Cut ``entry`` where its left-hand page begins (before its sub-entry ``sub``, else
    before its number ``first_text`` starts with) and put a continued heading over the rest.
    False when the entry cannot be cut there (a number the index set as a link element)."""
    parents = {id(child): parent for parent in root.iter() for child in parent}
    term = next((c for c in entry if "index-term" in _classes(c)), None)
    if term is None:
        return False
    moved: list[Any]
    if first_text:
        rest = _split_locators(entry, first_text)
        if rest is None:
            return False
        span, numbers = rest
        children = list(entry)
        moved = [numbers, *children[children.index(span) + 1 :]]
    else:
        listing = parents[id(sub)]
        subentries = list(listing)
        rest_list = listing.makeelement(listing.tag, dict(listing.attrib))
        for child in subentries[subentries.index(sub) :]:
            listing.remove(child)
            rest_list.append(child)
        moved = [rest_list]
    continued = entry.makeelement("li", {"class": "index-entry index-continued"})
    heading = ElementTree.SubElement(continued, "span", {"class": "index-term"})
    heading.text = "".join(term.itertext())
    note = ElementTree.SubElement(continued, "span", {"class": "index-continued-label"})
    note.text = " ("
    word = ElementTree.SubElement(note, "i")
    word.text = label
    word.tail = ")"
    if first_text:
        ElementTree.SubElement(continued, "br")
    for child in moved:
        if any(child is c for c in entry):
            entry.remove(child)
        continued.append(child)
    parent = parents[id(entry)]
    parent.insert(list(parent).index(entry) + 1, continued)
    return True


def _split_locators(entry: Any, first_text: str) -> tuple[Any, Any] | None:
    """Cut the entry's numbers before the one ``first_text`` starts with: the entry keeps the
    numbers before it (and the comma after the last), and a new locators span, returned with
    the old one, holds the rest with their places' names."""
    span = next((c for c in entry if "index-locators" in _classes(c)), None)
    word = _FIRST_WORD.match(first_text)
    if span is None or word is None or len(span) != 1 or not _is_mark(span[0]):
        return None  # no numbers, or one set as a link element: left as it is
    mark = span[0]
    text = mark.tail or ""
    if not text.startswith(_PLACE_SEPARATOR):
        return None
    places = text[len(_PLACE_SEPARATOR) :].split(_PLACE_SEPARATOR)
    cut = next((i for i, place in enumerate(places) if _first_word(place) == word[0]), None)
    if not cut:
        return None  # not a number of this entry, or its first: nothing to carry on
    names = mark.text[len(LINK_MARK) :].split()
    kept = sum(1 + ("\u2013" in place) for place in places[:cut])
    mark.text = LINK_MARK + " ".join(names[:kept])
    mark.tail = _PLACE_SEPARATOR + _PLACE_SEPARATOR.join(places[:cut]) + ","
    rest = span.makeelement("span", dict(span.attrib))
    rest_mark = ElementTree.Comment(LINK_MARK + " ".join(names[kept:]))
    rest_mark.tail = _PLACE_SEPARATOR.join(places[cut:])
    rest.append(rest_mark)
    return span, rest


def _first_word(text: str) -> str | None:
    word = _FIRST_WORD.match(text)
    return word[0] if word else None


def _is_mark(node: Any) -> bool:
    return node.tag is ElementTree.Comment and (node.text or "").startswith(LINK_MARK)
