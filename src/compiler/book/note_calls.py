"""Note calls whose note is not in their article: led to it elsewhere in the volume, or left out.

A book of lectures numbers its notes through the volume, and a text made from it may print a
note with another lecture than the one that calls it: MacDowell's lectures call ``[^15]``
where the note's text is at the end of the lecture before. Left as it is, the reader would
see a literal ``[^15]``, or a number that leads nowhere.

Reading marks each such call (:func:`compiler.sources.notes.mark_stray_calls`); here, once
every article is read, a call whose label is the label of exactly one note of another
article is given that note:

- a note no article calls where it is printed (``spare_notes``) moves to the article that
  calls it, an ordinary note there in both editions;
- a note its own article calls too becomes a note of the calling article as well: on paper
  it is printed at the foot of the call's page, as every note is; in the EPUB the call is a
  ``noteref`` link to the note where it is (``data-home``, read by
  :func:`compiler.book.render.prepare_body`), so its text is there once.

A call no other article answers, or that several answer ("1" in every paper of the
Federalist), is left out, with one warning per article that names its labels. The calling
article's notes are numbered again in the order of their calls.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from lxml import html as lxml_html

from ..errors import Diagnostics
from ..sources.base import Note
from ..sources.notes import STRAY_LABEL
from ..sources.sanitize import drop_keep_tail
from ..sources.text import locate
from .articles import serialize_children
from .model import Chapter

_CALLS = ".//a[@class='noteref']"
HOME = "data-home"  # "ch002-note-3": the id of the note's own aside in the EPUB


@dataclass(frozen=True)
class _Found:
    """One note of the volume a call may be given: where it is and whether it is called there."""

    chapter: Chapter
    note: Note
    called: bool


def resolve_note_calls(chapters: list[Chapter], diagnostics: Diagnostics) -> None:
    """Give every stray call of ``chapters`` its note, or leave it out with a warning."""
    found: dict[str, list[_Found]] = defaultdict(list)
    for chapter in chapters:
        for note in chapter.notes:
            if note.label:
                found[note.label].append(_Found(chapter, note, called=True))
        for note in chapter.spare_notes:
            found[note.label].append(_Found(chapter, note, called=False))
    # Each chapter whose notes were numbered again: its keys before -> after.
    renumbered: dict[str, dict[str, str]] = {}
    for chapter in chapters:
        if STRAY_LABEL in chapter.body:
            renumbered[chapter.id] = _resolve(chapter, found, diagnostics)
    for chapter in chapters:
        if HOME in chapter.body:
            _point_home(chapter, renumbered)


def _resolve(
    chapter: Chapter, found: dict[str, list[_Found]], diagnostics: Diagnostics
) -> dict[str, str]:
    root = lxml_html.fragment_fromstring(chapter.body, create_parent="div")
    notes = {note.key: note for note in chapter.notes}
    given: dict[str, str] = {}  # label -> the key of the note it was given here
    dropped: list[str] = []
    for call in root.xpath(_CALLS):
        label = call.get(STRAY_LABEL)
        if label is None:
            continue
        del call.attrib[STRAY_LABEL]
        answers = [f for f in found.get(label, []) if f.chapter is not chapter]
        if len(answers) != 1:
            if label not in dropped:
                dropped.append(label)
            drop_keep_tail(call)
            continue
        answer = answers[0]
        if label not in given:
            given[label] = f"{label}-from-{answer.chapter.id}"
            notes[given[label]] = Note(given[label], answer.note.html, label)
        call.set("href", f"#note-{given[label]}")
        if answer.called:
            call.set(HOME, f"{answer.chapter.id}-note-{answer.note.key}")
    renumbered = _renumber(root, notes)
    chapter.notes = [
        Note(renumbered[key], note.html, note.label)
        for key, note in notes.items()
        if key in renumbered
    ]
    chapter.notes.sort(key=lambda note: int(note.key))
    chapter.body = serialize_children(root)
    if dropped:
        _warn(chapter, dropped, diagnostics)
    return renumbered


def _renumber(root: lxml_html.HtmlElement, notes: dict[str, Note]) -> dict[str, str]:
    """Number the notes 1..n in the order of their first call, and the calls with them;
    return each key before -> after."""
    out: dict[str, str] = {}
    for call in root.xpath(_CALLS):
        key = (call.get("href") or "").removeprefix("#note-")
        if key not in notes:
            continue
        new = out.setdefault(key, str(len(out) + 1))
        call.set("href", f"#note-{new}")
        call.text = new
    return out


def _point_home(chapter: Chapter, renumbered: dict[str, dict[str, str]]) -> None:
    """Make each ``data-home`` name its note's key as its own chapter numbers it now."""
    root = lxml_html.fragment_fromstring(chapter.body, create_parent="div")
    for call in root.xpath(f".//a[@{HOME}]"):
        home, _, key = call.get(HOME).rpartition("-note-")
        call.set(HOME, f"{home}-note-{renumbered.get(home, {}).get(key, key)}")
    chapter.body = serialize_children(root)


def _warn(chapter: Chapter, labels: list[str], diagnostics: Diagnostics) -> None:
    calls = ", ".join(f"[^{label}]" for label in labels)
    line, col = _first_call(chapter, labels[0])
    several = len(labels) > 1
    diagnostics.warn(
        f"note call{'s' if several else ''} {calls}: no note of that label in the article, "
        f"nor in exactly one other article of the volume; {'they are' if several else 'it is'} "
        "left out",
        chapter.source,
        line,
        col,
    )


def _first_call(chapter: Chapter, label: str) -> tuple[int, int]:
    try:
        text = chapter.source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0, 0
    return locate(text, f"[^{label}]")
