"""Text edits as data, so one typographic pass can change a plain string or a whole paragraph
spread over many tree nodes alike.

An edit replaces ``text[start:end]`` (never empty) by ``replacement``. Passes compute edits on
a paragraph's full text, which is how quotes pair across ``<em>`` boundaries; applying them is
someone else's job (:func:`apply_edits` for strings, the text stream for trees).
"""

from __future__ import annotations

from typing import NamedTuple

from ..tree import URL


class Edit(NamedTuple):
    start: int
    end: int
    replacement: str


def apply_edits(text: str, edits: list[Edit]) -> str:
    out = []
    position = 0
    for edit in sorted(edits):
        out.append(text[position : edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def outside_urls(text: str, edits: list[Edit]) -> list[Edit]:
    """Drop edits that touch a web address written in the text, and edits that change nothing."""
    if not edits:
        return []
    spans = [m.span() for m in URL.finditer(text)]
    return [
        e
        for e in edits
        if text[e.start : e.end] != e.replacement
        and not any(start < e.end and e.start < end for start, end in spans)
    ]
