"""The print interior's display lines cut into balanced lines for its text block.

The title page, the half-title, part and chapter titles are centred display lines. The
templates already bind the spaces where a break would go against the sense
(:mod:`compiler.book.display_lines`); left to itself WeasyPrint then fills the first line as
far as it can and leaves the rest below ("The Federalist Papers, Numbers / 1 to 45"). Here
each such title is measured at its printed size (:mod:`compiler.book.display_measure`, as the
covers measure theirs) and cut with line breaks into the fewest lines that fit the text block,
as even as can be. The HTML is rewritten per margin bracket, like the running heads, and the
whole-book and the parallel layouts rewrite it alike.
"""

from __future__ import annotations

import html
import re

from ..book.display_measure import balanced_lines

BODY_SIZE_PT = 10.5
"""print.css's ``html`` font size, which ``print.font_size`` replaces."""

# Class -> (size in em of the body type, italic), as base.css and print.css set them.
DISPLAY_TYPE: dict[str, tuple[float, bool]] = {
    "halftitle": (1.4, False),
    "book-title": (2.2, False),
    "book-subtitle": (1.2, True),
    "part-title": (1.8, False),
    "chapter-title": (1.7, False),
}
ROOM_SHARE = 0.97
"""Lines are cut for this share of the measure: FreeType's widths and the layout's differ by a
little (kerning, rounding), and a line cut to the full width could wrap once more."""

_ELEMENT = re.compile(
    r'(<(h1|p) class="(' + "|".join(DISPLAY_TYPE) + r')"[^>]*>)(.*?)(</\2>)', re.DOTALL
)
_TAG = re.compile(r"(<[^>]*>)")
_DOCUMENT_LANGUAGE = re.compile(r'<html\b[^>]*?\blang="([^"]+)"')
_SECTION = re.compile(r"<section\b[^>]*>")
_LANGUAGE = re.compile(r'\blang="([^"]+)"')
_SPACE = "\0"
_BREAKABLE = re.compile(r"[ \t\r\n]+")


def body_size_pt(font_size: str | None) -> float:
    """The body type size in points from ``print.font_size`` ("11pt"; None: the default)."""
    return float(font_size.removesuffix("pt")) if font_size else BODY_SIZE_PT


def balance(document_html: str, text_width_pt: float, body_pt: float) -> str:
    """``document_html`` with each display title cut into balanced lines (``<br/>``).

    A title may hold markup (an italic book title in a chapter title): it is cut at the
    spaces of its text, never inside a tag, and measured in the title's own face. Where a
    break falls well depends on the words, so each title is cut in its language: its
    section's (a chapter in another language than the book's), else the document's.
    """
    found = _DOCUMENT_LANGUAGE.search(document_html)
    document_language = found[1] if found else "en"

    def replace(match: re.Match[str]) -> str:
        opening, _tag, kind, inner, closing = match.groups()
        em, italic = DISPLAY_TYPE[kind]
        language = _language_at(document_html, match.start(), document_language)
        lines = _cut(inner, em * body_pt, text_width_pt * ROOM_SHARE, italic, language)
        return opening + "<br/>".join(lines) + closing if len(lines) > 1 else match[0]

    return _ELEMENT.sub(replace, document_html)


def _language_at(document_html: str, at: int, default: str) -> str:
    """The language of the section open at offset ``at`` (its ``lang``), else ``default``."""
    start = document_html.rfind("<section", 0, at)
    section = _SECTION.match(document_html, start) if start >= 0 else None
    found = _LANGUAGE.search(section[0]) if section else None
    return found[1] if found else default


def _cut(inner: str, size_pt: float, room_pt: float, italic: bool, language: str) -> list[str]:
    """The markup ``inner`` as balanced lines of markup; one line when it need not break."""
    pieces = _TAG.split(inner)
    marked = "".join(p if i % 2 else _BREAKABLE.sub(_SPACE, p) for i, p in enumerate(pieces))
    chunks = [c for c in marked.split(_SPACE) if c]
    words = [_text(c) for c in chunks]
    if len(chunks) < 2 or not all(words) or any(" " in word for word in words):
        return [inner]  # a tag standing alone between spaces: nowhere safe to cut
    lines = balanced_lines(" ".join(words), size_pt, room_pt, italic, language)
    cut, first = [], 0
    for line in lines:
        count = len(line.split(" "))
        cut.append(" ".join(chunks[first : first + count]))
        first += count
    return cut if first == len(chunks) else [inner]


def _text(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))
