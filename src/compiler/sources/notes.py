"""Footnotes: from whatever the reader produced to the one form the writers understand.

Notes arrive in many shapes. Python-Markdown writes ``<sup><a class="footnote-ref"
href="#fn:KEY">1</a></sup>`` and a trailing ``<div class="footnote">`` list; blogs and their
plugins write ``<sup><a href="#fn1">1</a></sup>`` with ``<li id="fn1">``, ``[2]`` links to
``<p id="footnote-2">``, notes with or without back links. What they share is the shape, and
that is what :func:`find_note_links` looks for: an in-page link whose text is a short marker
("1", "[2]", "iv", "*") pointing to an element further down, whose list item or paragraph is
the note. One detection serves both the book (:func:`extract_notes`) and the Markdown written
by ``compile-book fetch``, so a page's notes come out the same either way.

For the book, the note texts are lifted out into :class:`Note` records and the body keeps
``<a class="noteref" href="#note-N">N</a>``, so the EPUB writer can make pop-up notes and the
print writer foot-of-page notes from the same data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import unquote

from lxml import html as lxml_html

from .base import Note
from .sanitize import drop_keep_tail
from .xhtml import to_xhtml

Element = lxml_html.HtmlElement

# A note marker as printed: a number, a roman numeral, a letter or a typographic sign, with
# or without brackets.
_MARKER = re.compile(r"^\[?\(?\s*([0-9]{1,3}|[ivxlc]{1,6}|[a-z]|\*{1,3}|†|‡)\s*\)?\]?$")
# What a note can be: the list item or block holding the link's target.
_NOTE_BLOCKS = frozenset({"p", "div", "aside", "section"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = _HEADINGS | frozenset(
    {"p", "div", "blockquote", "ul", "ol", "dl", "table", "pre", "figure", "hr", "section"}
)
# Inline elements around a reference that may carry the id a back link points to.
_INLINE = frozenset({"sup", "span", "a", "small", "em", "i", "strong", "b"})
# The text of back links ("↩", "↑", "^") once variation selectors and spaces are stripped.
_BACK_TEXTS = frozenset({"", "↩", "↑", "^", "⏎", "⤴", "back", "return", "top"})
# What may follow the notes' removal at the end of their container: their rule and heading.
_NOTES_HEADINGS = frozenset({"note", "notes", "footnote", "footnotes", "endnote", "endnotes"})
_MARKDOWN_CONTAINER = './/div[contains(concat(" ", @class, " "), " footnote ")]'
_MARKDOWN_UNREFERENCED = _MARKDOWN_CONTAINER + '/ol/li[starts-with(@id, "fn:")]'
_MARKDOWN_REF = './/a[contains(concat(" ", @class, " "), " footnote-ref ")]'
_SPACES = " \t\n\r\u00a0\u202f\ufe0e\ufe0f"
_UNRESOLVED = re.compile(r"\[\^([^\]\s]+)\]")
# The attribute of a call whose note is not in its article: the label it was written with.
STRAY_LABEL = "data-note-label"
# A note written as plain text: "[8] Smith, p. 4." and its reference "... as he said [8]."
_BRACKETED_NOTE = re.compile(r"^[\s\u00a0]*\[(\d{1,3})\][\s\u00a0]*\S")
_LITERAL = frozenset({"a", "code", "pre", "kbd", "samp"})  # no reference is made inside these
_BRACKETED_REF = re.compile(r"\[(\d{1,3})\]")


@dataclass(frozen=True)
class NoteLink:
    """One footnote reference in the text and the note it points to.

    ``reference`` is what stands for the reference in the running text: the link, or the
    ``<sup>`` that holds nothing else. ``note`` is the list item or block holding the note's
    text. ``label`` is the marker as printed, without brackets ("14", "iv", "*").
    """

    reference: Element
    note: Element
    label: str


def find_note_links(root: Element) -> list[NoteLink]:
    """Every footnote reference in ``root``, in document order, with the note it points to.

    A reference is an in-page link whose text is a short marker and whose target comes later
    in the article; the note is the target's list item, or its paragraph or block. A target
    whose block holds the reference itself or headings (a section, the article's wrapper), or
    no text at all (an anchor), is a place in the text, not a note. Links inside notes are
    not references: a note that says "see note 3" is read with that note, not on its own.
    """
    targets: dict[str, Element] = {}
    order: dict[Element, int] = {}
    for index, element in enumerate(root.iter()):
        order[element] = index
        if element.get("id"):
            targets.setdefault(element.get("id"), element)
    found: list[NoteLink] = []
    for link in root.iter("a"):
        href = link.get("href") or ""
        marker = _MARKER.match(link.text_content().strip())
        target = targets.get(unquote(href[1:])) if href.startswith("#") else None
        if target is None or marker is None or order[target] < order[link]:
            continue
        note = _note_element(target, root)
        if (
            note is None
            or note in link.iterancestors()
            or _has_heading(note)
            or not _has_text(note)
        ):
            continue
        found.append(NoteLink(_reference_element(link), note, marker[1]))
    notes = {link.note for link in found}
    return [link for link in found if not any(a in notes for a in link.reference.iterancestors())]


def detach_notes(links: Sequence[NoteLink]) -> list[NoteLink]:
    """Take every note the links point to out of the tree, once; return the first link to each.

    The notes leave clean: back links to their references go (the book makes its own), so
    does a label the note repeats at its start ("[14] It is interesting..."), and so do the
    list, the container, the rule and the "Notes" heading they leave empty at the end of the
    article. The returned links are in order of first reference, which is the order readers
    expect the notes to be numbered in.
    """
    reference_ids = {
        element.get("id")
        for link in links
        for element in _reference_family(link.reference)
        if element.get("id")
    }
    first: dict[Element, NoteLink] = {}
    for link in links:
        first.setdefault(link.note, link)
    furniture: list[Element] = []
    for note, link in first.items():
        _remove_back_links(note, reference_ids)
        _strip_label(note, link.label)
        if note.getparent() is not None:
            furniture += _drop_with_emptied(note)
    for element in furniture:
        _remove_trailing_furniture(element)
    return list(first.values())


def extract_notes(root: Element, spare: list[Note] | None = None) -> tuple[list[Note], list[str]]:
    """Move footnotes out of ``root``; return the notes and any unresolved markers.

    Notes are renumbered 1..n in order of first reference, which is what readers expect even
    when the source used names (``[^lukashenko]``), skipped numbers, or started a lecture's
    notes at 14; each keeps the label it had (:attr:`Note.label`). Python-Markdown lists
    every note defined, referenced or not; its list goes with whatever it still holds, and
    its references to notes cleanup removed go too, so no link is left pointing nowhere.
    The notes it lists that nothing here refers to are added to ``spare`` when it is given:
    another article of the volume may call them.
    """
    link_bracketed_notes(root)
    links = find_note_links(root)
    numbers: dict[Element, int] = {}
    notes: list[Note] = []
    for first in detach_notes(links):
        numbers[first.note] = len(numbers) + 1
        notes.append(Note(str(numbers[first.note]), _inner_xhtml(first.note), _label(first)))
    for link in links:
        number = numbers[link.note]
        marker = lxml_html.Element("a", {"class": "noteref", "href": f"#note-{number}"})
        marker.text = str(number)
        marker.tail = link.reference.tail
        link.reference.getparent().replace(link.reference, marker)
    for unreferenced in root.xpath(_MARKDOWN_UNREFERENCED):
        if spare is not None and _has_text(unreferenced):
            spare.append(_spare_note(unreferenced))
        for element in _drop_with_emptied(unreferenced):
            _remove_trailing_furniture(element)
    for container in root.xpath(_MARKDOWN_CONTAINER):
        if not _has_text(container):
            drop_keep_tail(container)
    for ref in root.xpath(_MARKDOWN_REF):
        drop_keep_tail(_reference_element(ref))
    unresolved = sorted(set(_UNRESOLVED.findall(root.text_content())))
    return notes, unresolved


def mark_stray_calls(root: Element) -> list[str]:
    """Mark each Markdown call written as text, ``[^15]``, whose note is not in the article.

    Each becomes an empty ``<a class="noteref" data-note-label="15">`` for the volume to give
    a note or leave out (:mod:`compiler.book.note_calls`); one that stays would show nothing.
    Calls inside code are examples of the syntax and stay as written. Returns the labels, in
    order of first call.
    """
    labels: list[str] = []
    for owner, attr in list(_text_slots(root)):
        holder = owner if attr == "text" else owner.getparent()
        if holder is None or any(e.tag in _LITERAL for e in (holder, *holder.iterancestors())):
            continue
        text = getattr(owner, attr) or ""
        pieces = _UNRESOLVED.split(text)
        if len(pieces) == 1:
            continue
        setattr(owner, attr, pieces[0])
        anchor = owner if attr == "tail" else None
        for index, (label, after) in enumerate(zip(pieces[1::2], pieces[2::2], strict=True)):
            call = lxml_html.Element("a", {"class": "noteref", STRAY_LABEL: label})
            call.tail = after
            if anchor is None:
                owner.insert(index, call)
            else:
                anchor.addnext(call)
            anchor = call
            if label not in labels:
                labels.append(label)
    return labels


def _label(link: NoteLink) -> str:
    """The note's label as the source wrote it: Python-Markdown's key for ``[^15]`` (its
    note's id is ``fn:15``, its call shows a number of its own), else the printed marker."""
    note_id = link.note.get("id") or ""
    return note_id[3:] if note_id.startswith("fn:") else link.label


def _spare_note(item: Element) -> Note:
    """A Python-Markdown note nothing in its article calls, cleaned as a called one is."""
    _remove_back_links(item, set())
    return Note("", _inner_xhtml(item), (item.get("id") or "")[3:])


def link_bracketed_notes(root: Element) -> int:
    """Link plain "[8]" references to the "[8] ..." paragraphs that end the article.

    Pasted from a word processor or typed by hand, such notes have no links at all: the
    paragraphs at the end each start with a bracketed number, and the same bracketed numbers
    appear in the text before them. Once linked, they are notes like any other. Only the
    trailing run of such paragraphs counts, and only numbers the text refers to are linked,
    so a "[2]" in the middle of an essay is left alone. Returns how many references were
    linked.
    """
    container = root
    blocks = [child for child in container if isinstance(child.tag, str)]
    while len(blocks) == 1 and blocks[0].tag in ("div", "section", "article"):
        container = blocks[0]  # a theme's wrapper around the whole text
        blocks = [child for child in container if isinstance(child.tag, str)]
    notes: dict[str, Element] = {}
    for block in reversed(blocks):
        match = _BRACKETED_NOTE.match(block.text_content()) if block.tag == "p" else None
        if match is None or match[1] in notes:
            break
        notes[match[1]] = block
    if not notes:
        return 0
    given = [note for note in notes.values() if note.get("id") is None]
    for number, note in notes.items():
        note.set("id", note.get("id") or f"bracketed-note-{number}")
    first = min(blocks.index(note) for note in notes.values())
    linked = sum(_link_references(block, notes) for block in blocks[:first])
    if not linked:
        for note in given:
            del note.attrib["id"]
    return linked


def _link_references(block: Element, notes: dict[str, Element]) -> int:
    """Turn every "[N]" of ``block`` whose N is a note into a link to it."""
    linked = 0
    for owner, attr in list(_text_slots(block)):
        holder = owner if attr == "text" else owner.getparent()
        if any(e.tag in _LITERAL for e in (holder, *holder.iterancestors())):
            continue
        text = getattr(owner, attr) or ""
        pieces = _BRACKETED_REF.split(text)
        if len(pieces) == 1 or not any(n in notes for n in pieces[1::2]):
            continue
        setattr(owner, attr, pieces[0])
        anchor = owner if attr == "tail" else None
        position = 0
        pending = ""
        for number, after in zip(pieces[1::2], pieces[2::2], strict=True):
            if number not in notes:
                pending += f"[{number}]{after}"
                continue
            if pending:
                _append_after(owner, attr, anchor, pending)
                pending = ""
            link = lxml_html.Element("a", {"href": f"#{notes[number].get('id')}"})
            link.text = f"[{number}]"
            link.tail = after
            if anchor is None:
                owner.insert(position, link)
                position += 1
            else:
                anchor.addnext(link)
            anchor = link
            linked += 1
        if pending:
            _append_after(owner, attr, anchor, pending)
    return linked


def _append_after(owner: Element, attr: str, anchor: Element | None, text: str) -> None:
    if anchor is not None:
        anchor.tail = (anchor.tail or "") + text
    elif attr == "text":
        owner.text = (owner.text or "") + text


def _note_element(target: Element, root: Element) -> Element | None:
    for element in [target, *target.iterancestors()]:
        if element is root:
            return None
        if element.tag == "li":
            return element
        if element.tag in _NOTE_BLOCKS:
            return element
    return None


def _has_heading(element: Element) -> bool:
    return any(isinstance(e.tag, str) and e.tag in _HEADINGS for e in element.iter())


def _reference_element(link: Element) -> Element:
    """The link, or the ``<sup>`` around it when that holds nothing else but brackets."""
    parent = link.getparent()
    if (
        parent is not None
        and parent.tag == "sup"
        and len(parent) == 1
        and not ((parent.text or "") + (link.tail or "")).strip(_SPACES + "[]()")
    ):
        return parent
    return link


def _reference_family(reference: Element) -> Iterator[Element]:
    """The reference, what it holds, and the inline elements around it: any may carry the id
    a back link returns to."""
    yield from reference.iter()
    for ancestor in reference.iterancestors():
        if ancestor.tag not in _INLINE:
            break
        yield ancestor


def _remove_back_links(note: Element, reference_ids: set[str]) -> None:
    for link in list(note.iter("a")):
        href = link.get("href") or ""
        if not href.startswith("#"):
            continue
        classes = (link.get("class") or "").casefold()
        text = link.text_content().strip(_SPACES).casefold()
        if unquote(href[1:]) in reference_ids or "backref" in classes or text in _BACK_TEXTS:
            closing = link.getnext() is None and not (link.tail or "").strip(_SPACES)
            parent, previous = link.getparent(), link.getprevious()
            drop_keep_tail(link)
            if not closing:
                continue
            # Python-Markdown leaves a non-breaking space where the back link was, or a
            # paragraph of its own after a list.
            if previous is not None:
                previous.tail = (previous.tail or "").rstrip(_SPACES) or None
            else:
                parent.text = (parent.text or "").rstrip(_SPACES) or None
            if parent is not note and not len(parent) and not parent.text:
                drop_keep_tail(parent)


def _strip_label(note: Element, label: str) -> None:
    """Drop the note's own label from its start ("[14] It is...", "<sup>14</sup> It is..."):
    the book numbers its notes itself. A bare number followed by text ("1848 was...",
    "3 million...") is the note's first word and stays."""
    escaped = re.escape(label)
    delimited = rf"\[{escaped}\]|\({escaped}\)|{escaped}[.)]"
    for owner, attr in _text_slots(note):
        text = getattr(owner, attr) or ""
        if not text.strip(_SPACES):
            continue
        if attr == "text" and owner is not note and owner.tag in _INLINE:
            whole = owner.text_content().strip(_SPACES)
            if re.fullmatch(rf"{delimited}|{escaped}", whole):
                owner.tail = (owner.tail or "").lstrip(_SPACES)
                drop_keep_tail(owner)
            return
        match = re.match(rf"[{_SPACES}]*(?:{delimited})[{_SPACES}]+", text)
        if match:
            setattr(owner, attr, text[match.end() :])
        return


def _text_slots(element: Element) -> Iterator[tuple[Element, str]]:
    """The element's text nodes in reading order, as (owner, "text" or "tail")."""
    yield element, "text"
    for child in element:
        if isinstance(child.tag, str):
            yield from _text_slots(child)
        yield child, "tail"


def _has_text(element: Element) -> bool:
    return bool(element.text_content().strip(_SPACES))


def _drop_with_emptied(note: Element) -> list[Element]:
    """Remove a note and the lists and containers it leaves empty.

    Returns the rules and "Notes" headings that stood just before what was removed: once all
    notes are gone they may be left dangling at the end of the article.
    """
    furniture: list[Element] = []
    element = note
    while True:
        parent = element.getparent()
        previous = _previous_element(element)
        if previous is not None and _is_notes_furniture(previous):
            furniture.append(previous)
        drop_keep_tail(element)
        if parent.getparent() is None or _has_text(parent):
            return furniture
        if any(isinstance(c.tag, str) and c.tag not in ("hr", "ol", "ul") for c in parent):
            return furniture
        element = parent


def _remove_trailing_furniture(element: Element) -> None:
    """Remove a notes rule or heading (and the one before it) if nothing follows it now."""
    while (
        element is not None
        and element.getparent() is not None
        and _is_notes_furniture(element)
        and not (element.tail or "").strip(_SPACES)
        and not any(isinstance(s.tag, str) for s in element.itersiblings())
    ):
        previous = _previous_element(element)
        drop_keep_tail(element)
        element = previous


def _previous_element(element: Element) -> Element | None:
    for sibling in element.itersiblings(preceding=True):
        if isinstance(sibling.tag, str):
            return sibling
    return None


def _is_notes_furniture(element: Element) -> bool:
    if element.tag == "hr":
        return True
    return (
        element.tag in _HEADINGS
        and element.text_content().strip(_SPACES + ":").casefold() in _NOTES_HEADINGS
    )


def _inner_xhtml(element: Element) -> str:
    """The note's content as XHTML blocks: a note written as bare text (``<li>Text</li>``,
    ``<p id="fn1">Text</p>``) becomes one paragraph, like Python-Markdown's notes."""
    parts = [escape(element.text, quote=False)] if element.text else []
    parts.extend(to_xhtml(child) for child in element)
    inner = "".join(parts).strip()
    if inner and not any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in element):
        return f"<p>{inner}</p>"
    return inner
