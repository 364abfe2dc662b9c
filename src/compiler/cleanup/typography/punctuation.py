"""Ellipses, dashes and the spaces around punctuation, by language."""

from __future__ import annotations

import re

from .edits import Edit
from .marks import NBSP, NNBSP, Marks
from .quotes import OBJECT

_ELLIPSIS = re.compile(r"(?<!\.)(?:\.\.\.|\. \. \.)(?!\.)")
# "1914--1918" is a range (en dash, closed up); any other "--"/"---" is a dash, and so is a
# hyphen with a space on each side ("Lukashenko - and son"), unless between two numbers.
# Runs of spaces are matched from their first character only ((?<![...]) before them): tried
# from every position, a run of 20,000 line breaks cost 200 million steps.
_DASHES = re.compile(
    r"(?P<range>(?<=\d)-{2,3}(?=\d))"
    r"|(?P<double>(?<![ \t\n\u00a0])[ \t\n\u00a0]*(?<!-)-{2,3}(?!-)[ \t\n\u00a0]*)"
    r"|(?<=\S) - (?=\S)"
)
_SPACE = " \t\n\u00a0\u202f\u2009"
_BEFORE_PUNCTUATION = re.compile(f"(?<![{_SPACE}])(?P<space>[{_SPACE}]*)(?P<mark>[;!?:])")
_AFTER_OPENING = re.compile(f"«[{_SPACE}]*")
_BEFORE_CLOSING = re.compile(f"(?<![{_SPACE}])[{_SPACE}]*»")
_SPACED_DASH = re.compile(r"(?<=\S) (?=[–—] )")
# An abbreviation and the spaces before the number it refers to: "p. 195", "No. 71", "vol. II",
# "vol. iv.", "§ 4" (not a lone "I": "No. I said"; lower-case numerals of i, v, x only, as no
# word is). From the start of a word only; which abbreviations refer is the language's
# (``Marks.references``).
REFERENCE_NUMBER = r"\d|(?!I(?![^\W_]))[IVXLC]+(?![^\W_])|[ivx]+(?![^\W_])"
_REFERENCE = re.compile(
    r"(?<![^\W_])(?P<abbreviation>[^\W\d_]+\.|[nN]°|§{1,2}|№)(?P<space>[ \t\n]+)"
    rf"(?={REFERENCE_NUMBER})"
)
# Signs that refer to a number in every language.
EVERYWHERE = frozenset({"§", "§§", "№"})
# What may carry a French high punctuation mark: the end of a word or of a quotation.
_CARRIERS = frozenset("»”’)]…" + OBJECT)
# A space a scan or a careless hand left before a mark ("seriousness , the devices"): after
# the end of a word or a quotation, from the run's first space only (linear in long runs).
_STRAY_SPACE = re.compile(
    f"(?:(?<=[^\\W_])|(?<=[\"'»”’)\\]…{OBJECT}]))[ \t\n\u00a0]+(?P<mark>[,.;:!?)])"
)
# What may follow such a mark: the end of the text, a space, a closing quotation or another
# mark ("point .”", "why ?!"); a letter or digit after it makes ".com", " .5" or ",000".
_AFTER_MARK = frozenset(_SPACE + "\"'»”’)]…,;:!?")


def ellipsis_edits(text: str, marks: Marks) -> list[Edit]:
    return [Edit(m.start(), m.end(), "…") for m in _ELLIPSIS.finditer(text)]


def dash_edits(text: str, marks: Marks) -> list[Edit]:
    if marks.dash is None:
        return []
    edits = []
    for m in _DASHES.finditer(text):
        if m.group("range"):
            edits.append(Edit(m.start(), m.end(), "–"))
            continue
        if not m.group("double"):
            before, after = text[m.start() - 1], text[m.end()]
            if before.isdigit() and after.isdigit():
                continue  # "5 - 3": arithmetic, not a dash
        dash = marks.dash
        if m.start() == 0 or text[: m.start()].isspace():
            dash = dash.lstrip(NBSP + " ")  # a dash opening the paragraph (dialogue)
        if m.end() == len(text):
            dash = dash.rstrip()
        edits.append(Edit(m.start(), m.end(), dash))
    return edits


def stray_space_edits(text: str, marks: Marks) -> list[Edit]:
    """Remove a space before a mark the language closes up (``Marks.closed_up``): French
    keeps its spaces before ; : ! ?, which :func:`spacing_edits` makes no-break ones."""
    edits = []
    for m in _STRAY_SPACE.finditer(text):
        mark = m.group("mark")
        following = text[m.end() : m.end() + 1] or " "
        if mark not in marks.closed_up or following not in _AFTER_MARK:
            continue
        if mark in ":;" and following in ")(" or mark == "." and following == ".":
            continue  # an emoticon ":)", a row of dots
        if mark == ")" and text[text.rfind("(", 0, m.start()) + 1 :][:1].isspace():
            continue  # "( b )": spaced inside on purpose, both sides alike
        edits.append(Edit(m.start(), m.end(), mark))
    return edits


def spacing_edits(text: str, marks: Marks) -> list[Edit]:
    edits = reference_edits(text, marks)
    if marks.spaced_dash:
        edits += [Edit(m.start(), m.end(), NBSP) for m in _SPACED_DASH.finditer(text)]
    if not marks.french_spacing:
        return edits
    for m in _AFTER_OPENING.finditer(text):
        if m.end() < len(text) and text[m.end()] != "»":
            edits.append(Edit(m.start(), m.end(), "«" + NNBSP))
    for m in _BEFORE_CLOSING.finditer(text):
        if text[: m.start()].strip(_SPACE) and not text[: m.start()].endswith("«"):
            edits.append(Edit(m.start(), m.end(), NNBSP + "»"))
    for m in _BEFORE_PUNCTUATION.finditer(text):
        start = m.start()
        carrier = text[start - 1] if start else " "
        following = text[m.end()] if m.end() < len(text) else " "
        mark = m.group("mark")
        if not (carrier.isalnum() or carrier in _CARRIERS):
            continue  # "(?)", "?!" (only the first of a run gets the space), start of text
        if mark == ":" and not (following.isspace() or following in "«»“”’)"):
            continue  # 12:30, a URL scheme, an emoticon
        if mark != ":" and following.isalnum():
            continue
        edits.append(Edit(start, m.end(), (NBSP if mark == ":" else NNBSP) + mark))
    return edits


def reference_edits(text: str, marks: Marks) -> list[Edit]:
    """Bind "p.", "No.", "§" and the like to their number with a no-break space: a line
    ending "p." and the next starting "195." reads as two sentences."""
    return [
        Edit(m.start("space"), m.end("space"), NBSP)
        for m in _REFERENCE.finditer(text)
        if m.group("abbreviation") in marks.references or m.group("abbreviation") in EVERYWHERE
    ]
