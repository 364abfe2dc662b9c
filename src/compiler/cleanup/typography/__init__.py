"""Typography by language: curly quotes, apostrophes, dashes, ellipses, no-break spaces.

Each pass is a plain function from text to edits, run in order; the same passes serve the
``typography`` cleanup rule (over a paragraph spread across tree nodes) and :func:`typeset`
(for strings such as titles). Typography only changes punctuation and spaces, never words.
"""

from __future__ import annotations

from collections.abc import Callable

from .edits import Edit, apply_edits, outside_urls
from .marks import LANGUAGES, Marks, marks_for
from .punctuation import dash_edits, ellipsis_edits, spacing_edits, stray_space_edits
from .quotes import quote_edits

Pass = Callable[[str, Marks], list[Edit]]

# Named for the report ("changed 42 quotes and apostrophes"). Dashes before quotes, so a quote
# after a dash ("--'Tis") sees the dash; stray spaces before a mark go before quotes are
# paired ("point ." to "point.", so the quote after it closes); the language's spaces last,
# around the final marks.
PASSES: tuple[tuple[str, Pass], ...] = (
    ("ellipses", ellipsis_edits),
    ("dashes", dash_edits),
    ("spaces before punctuation", stray_space_edits),
    ("quotes and apostrophes", quote_edits),
    ("spaces", spacing_edits),
)


def edits_for(text: str, step: Pass, marks: Marks) -> list[Edit]:
    """A pass's edits minus those touching web addresses, without overlaps."""
    kept: list[Edit] = []
    for edit in sorted(outside_urls(text, step(text, marks))):
        if not kept or edit.start >= kept[-1].end:
            kept.append(edit)
    return kept


def typeset(text: str, language: str) -> str:
    """Set a plain string (a title, an author's name) in the language's typography."""
    marks = marks_for(language)
    for _, step in PASSES:
        text = apply_edits(text, edits_for(text, step, marks))
    return text


__all__ = ["LANGUAGES", "PASSES", "Edit", "Marks", "edits_for", "marks_for", "typeset"]
