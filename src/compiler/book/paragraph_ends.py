"""No short word alone on the last line of a paragraph of the title leaves.

On the copyright page, the title page and the half-title every line is seen at once, and a
paragraph that wraps to leave one short word on its last line ("…are in the public" /
"domain.") reads as a slip. A designer binds that word to the one before it, so the two wrap
together. Here each paragraph (and list item) of those pages, and each line of one that
holds line breaks, has the space before its last word made a no-break space when that word
is short. Only text changes: tags, attributes and comments are left as they are.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
SHORT_CHARS = 10
"""A last word shorter than this (with its punctuation) is bound to the word before it: the
last line then holds about a sixth of the copyright page's measure or more."""
KINDS = frozenset({"copyright-page", "titlepage", "halftitlepage"})
"""The pages (section kinds, as their templates are named) whose paragraphs are bound."""

_PARAGRAPH = re.compile(r"(<(p|li)\b[^>]*>)(.*?)(</\2>)", re.DOTALL)
_LINE_BREAK = re.compile(r"(<br\b[^>]*>)")
_MARKUP = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_SPACES = " \t\r\n"  # breakable spaces; a no-break space is already bound
_LAST_SPACE = re.compile(r"[ \t\r\n]+(?=[^ \t\r\n]*$)")


def bind_last_words(html: str) -> str:
    """``html`` with every paragraph's last word, when short, bound to the one before it."""

    def paragraph(match: re.Match[str]) -> str:
        opening, _tag, inner, closing = match.groups()
        lines = _LINE_BREAK.split(inner)
        bound = [piece if i % 2 else _bind_last(piece) for i, piece in enumerate(lines)]
        return opening + "".join(bound) + closing

    return _PARAGRAPH.sub(paragraph, html)


def _bind_last(markup: str) -> str:
    """``markup`` with the space before its last word bound, when that word is short."""
    pieces = _MARKUP.split(markup)
    seen = ""  # the visible text after the space looked for, tags left out
    for index in range(len(pieces) - 1, -1, -1):
        if index % 2:
            continue
        text = pieces[index]
        stripped = text.rstrip(_SPACES) if not seen.strip(_SPACES) else text
        space = _LAST_SPACE.search(stripped)
        if space is None:
            seen = text + seen
            continue
        if not (stripped[: space.start()].strip(_SPACES) or _text_before(pieces, index)):
            return markup  # the space stands first in the paragraph: nothing before it
        word = (stripped[space.end() :] + seen).strip(_SPACES)
        if not word or len(word) >= SHORT_CHARS:
            return markup
        pieces[index] = text[: space.start()] + NBSP + text[space.end() :]
        return "".join(pieces)
    return markup


def _text_before(pieces: list[str], index: int) -> bool:
    """Whether any text is drawn before the text piece ``pieces[index]``."""
    return any(pieces[i].strip(_SPACES) for i in range(0, index, 2))
