"""Characters the bundled book face cannot draw.

WeasyPrint quietly falls back to whatever system font has a missing glyph, so a Georgian
letter or an emoji in one essay would print in a different face on one machine and as an
empty box on another. The build warns instead, naming the character and the article, so the
editor can replace it or accept the fallback knowingly.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache

from fontTools.ttLib import TTFont

from ..book.model import Book, Chapter
from ..errors import Diagnostics
from ..machinery.styles import font_files

# Format characters (soft hyphen, joiners, bidi marks), controls and separators are never
# drawn from the font, so their absence from the cmap is not a problem.
_UNDRAWN = {"Cf", "Cc", "Zs", "Zl", "Zp"}
_TAG = re.compile(r"<[^>]+>")


@cache
def covered() -> frozenset[int]:
    """Code points every bundled face (regular, italic, bold, bold italic) can draw.

    The intersection, because a character present only in the roman face still falls back
    when it is set in italic.
    """
    maps = [set(TTFont(path, lazy=True).getBestCmap()) for path in font_files()]
    return frozenset(set.intersection(*maps)) if maps else frozenset()


def text_of(fragment: str) -> str:
    """The characters of an XHTML fragment as the reader sees them."""
    return html.unescape(_TAG.sub(" ", fragment or ""))


def missing(text: str, available: frozenset[int] | None = None) -> list[str]:
    """Distinct drawable characters of ``text`` the book face lacks, in order of appearance."""
    have = covered() if available is None else available
    # Each distinct character once (an essay has a hundred or so among its 50,000), still
    # in order of first appearance.
    return [
        char
        for char in dict.fromkeys(text)
        if ord(char) not in have and unicodedata.category(char) not in _UNDRAWN
    ]


def describe(char: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    return f"{char!r} (U+{ord(char):04X} {name})"


def _chapter_text(chapter: Chapter) -> str:
    notes = " ".join(note.html for note in chapter.notes)
    return " ".join(
        [
            chapter.title,
            chapter.author or "",
            chapter.provenance or "",
            text_of(chapter.body),
            text_of(notes),
        ]
    )


def check_book(book: Book, diagnostics: Diagnostics) -> None:
    """Warn once per article for each character the book face cannot draw."""
    meta = book.meta
    front = " ".join([meta.title, meta.subtitle or "", *meta.authors, meta.publisher or ""])
    for char in missing(front):
        diagnostics.warn(
            f"the book font has no glyph for {describe(char)} in the title page; "
            "it will print in a fallback font"
        )
    for chapter in book.chapters():
        found = missing(_chapter_text(chapter))
        if found:
            listed = ", ".join(describe(char) for char in found)
            diagnostics.warn(
                f"the book font has no glyph for {listed} in “{chapter.title}”; "
                "it will print in a fallback font",
                chapter.source,
            )
    for part in book.parts():
        for char in missing(part.title + " " + text_of(part.intro or "")):
            diagnostics.warn(
                f"the book font has no glyph for {describe(char)} in part “{part.title}”; "
                "it will print in a fallback font"
            )
