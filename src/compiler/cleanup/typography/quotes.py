"""Straight quotes to curly ones, paired over a paragraph's whole text.

Which way a straight quote turns depends on its neighbours: after a space or an opening
bracket it opens, after a letter it closes, between letters it is an apostrophe ("don't").
Decisions are made on the paragraph's full text, so ``"<em>word</em>"`` pairs correctly even
though its quotes sit in different tree nodes. A quote that cannot be decided (a lone ``"``
between spaces) is left straight rather than guessed.
"""

from __future__ import annotations

import re

from .edits import Edit
from .marks import APOSTROPHE, Marks

OBJECT = "\ufffc"  # stands for an image or a piece of code inside the text: word-like
_OPENING_CONTEXT = frozenset("([{<“‘«‹„‚—–-/") | frozenset(" \t\n\r\u00a0\u202f\u2009")
_ELISION_ANY = re.compile(r"'(?:\d0s|\d\d)(?!\w)")  # '90s, class of '99
_ELISION_EN = re.compile(
    r"'(?:n'|tis|twas|twere|twill|em|cause|cos|til|bout|round|nother)(?![\w])", re.IGNORECASE
)
_PRIMES = {'"': "″", "'": "′"}


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch == OBJECT


def quote_edits(text: str, marks: Marks) -> list[Edit]:
    edits: list[Edit] = []
    depth = {'"': 0, "'": 0}  # quotations of each kind open at this point
    skip: set[int] = set()
    for i, ch in enumerate(text):
        if ch not in depth or i in skip:
            continue
        kind = _classify(text, i, marks, depth[ch])
        if kind is None:
            continue
        if kind == "open":
            depth[ch] += 1
        elif kind == "close":
            depth[ch] = max(0, depth[ch] - 1)
        elif kind == "apostrophe" and text.startswith("'n'", i):
            edits.append(Edit(i + 2, i + 3, APOSTROPHE))  # rock 'n' roll
            skip.add(i + 2)
        edits.append(Edit(i, i + 1, _mark(kind, ch, marks)))
    return sorted(edits)


def _classify(text: str, i: int, marks: Marks, depth: int) -> str | None:
    """open, close, apostrophe, prime, or None to leave the quote straight."""
    ch = text[i]
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    opening = prev in _OPENING_CONTEXT
    if ch == "'":
        if _wordish(prev) and _wordish(nxt) and not (prev.isdigit() and nxt.isdigit()):
            return "apostrophe"  # don't, l'homme
        if opening and _ELISION_ANY.match(text, i):
            return "apostrophe"
        if opening and marks.english_elisions and _ELISION_EN.match(text, i):
            return "apostrophe"
    if marks.quotes is None:
        return None
    if opening:
        if not nxt.isspace():
            return "open"
        return "close" if depth else None  # a lone quote between spaces
    if prev.isdigit() and not depth:
        return "prime"  # 6'2", 12"
    if ch == "'" and not depth:
        return "apostrophe"  # goin', the Smiths' house
    if depth or nxt.isspace() or not _wordish(nxt):
        return "close"
    return "open"  # glued on both sides ("word"word) with none open


def _mark(kind: str, ch: str, marks: Marks) -> str:
    if kind == "apostrophe":
        return APOSTROPHE
    if kind == "prime":
        return _PRIMES[ch]
    assert marks.quotes is not None
    open_double, close_double, open_single, close_single = marks.quotes
    if ch == '"':
        return open_double if kind == "open" else close_double
    if kind == "close" and close_single == APOSTROPHE:
        return APOSTROPHE
    return open_single if kind == "open" else close_single
