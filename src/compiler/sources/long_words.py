"""Words longer than a line: break opportunities inside them, and a ceiling on their length.

A line breaker facing a word wider than the measure tries shorter and shorter pieces of it;
WeasyPrint took 12 s for a 2,000-character word and did not finish a 10,000-character one. No
word of prose comes near :data:`LONG_WORD` characters (the longest German compounds have about
60), so a longer run is a pasted address, a hash or a flood: it gets an invisible break
opportunity (U+200B ZERO WIDTH SPACE) every :data:`PIECE` characters, so it fills lines
instead of overflowing them, and past :data:`~compiler.sources.limits.MAX_WORD` characters
the article is refused. Code keeps its text as written: it is not wrapped in print.
"""

from __future__ import annotations

import re

from ..errors import BookError, Problem
from .base import RawArticle
from .limits import MAX_WORD

LONG_WORD = 80
PIECE = 40
BREAK = "\u200b"
_CODE = frozenset({"pre", "code", "kbd", "samp", "script", "style"})
_LONG = re.compile(rf"[^\s{BREAK}]{{{LONG_WORD + 1},}}")


def break_long_words(raw: RawArticle) -> None:
    """Give every overlong word of ``raw``'s body break opportunities; refuse a giant one."""
    for el in raw.root.iter():
        if not isinstance(el.tag, str):
            continue
        code = el.tag in _CODE or any(a.tag in _CODE for a in el.iterancestors())
        if not code and el.text:
            el.text = _broken(el.text, raw)
        # The tail follows the element, in its parent: code only if the parent is code.
        parent = el.getparent()
        in_code = parent is not None and (
            parent.tag in _CODE or any(a.tag in _CODE for a in parent.iterancestors())
        )
        if el.tail and not in_code:
            el.tail = _broken(el.tail, raw)


def _broken(text: str, raw: RawArticle) -> str:
    if len(text) <= LONG_WORD:
        return text
    return _LONG.sub(lambda match: _pieces(match.group(), raw), text)


def _pieces(word: str, raw: RawArticle) -> str:
    if len(word) > MAX_WORD:
        line, col = raw.locate(word[:LONG_WORD])
        raise BookError(
            Problem(
                f"a word of {len(word)} characters without a space (the limit is {MAX_WORD}); "
                "no line can hold it, so the text is probably broken",
                raw.source,
                line,
                col,
            )
        )
    return BREAK.join(word[at : at + PIECE] for at in range(0, len(word), PIECE))


__all__ = ["BREAK", "break_long_words"]
