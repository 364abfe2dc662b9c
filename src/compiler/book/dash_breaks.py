"""A closed em dash never begins a line on paper.

American practice sets the em dash closed up ("animals—hooded cobras") and lets a line break
after it, never before: a line that opens on a dash reads as a new speaker or a list. The
line breaker (Pango, following Unicode's line-breaking rules, where the em dash may break on
either side) offers both, and a justified column takes the one before as readily as the one
after ("…that seems to affect animals" / "—hooded cobras, lizards, fish"). On the print
rendering of a page a WORD JOINER (U+2060, which prints nothing) is put between a word and
the dash that follows it, so the break after the dash is the only one left. A spaced dash
("state – so") is bound to its word by the cleanup's no-break space already.

Only text is looked at, never markup, attribute values or comments; a dash after an inline
element's end ("<em>Maneros</em>—") is bound to the element's last word.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_DASHES = "\u2014\u2015"  # em dash, horizontal bar
_AFTER_WORD = re.compile(rf"(?<=[^\s{WORD_JOINER}])(?=[{_DASHES}])")
_MARKUP = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_TAG_NAME = re.compile(r"</?([A-Za-z][\w:-]*)")
# Elements inside a line: the text after one goes on from the text before it.
_INLINE = frozenset(
    ("a", "abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp")
    + ("small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr")
)


def bind(html: str) -> str:
    """``html`` with a word joiner between each word and a closed em dash after it."""
    if not any(dash in html for dash in _DASHES):
        return html
    out: list[str] = []
    ends_word = False  # whether the text so far in this line ends on a printed character
    for index, piece in enumerate(_MARKUP.split(html)):
        if index % 2:
            out.append(piece)
            name = _TAG_NAME.match(piece)
            if not piece.startswith("<!--") and not (name and name.group(1).lower() in _INLINE):
                ends_word = False  # a paragraph, a list item, a line break: a new line
            continue
        if not piece:
            continue
        text = _AFTER_WORD.sub(WORD_JOINER, piece)
        if ends_word and text[0] in _DASHES:
            text = WORD_JOINER + text
        out.append(text)
        ends_word = not text[-1].isspace()
    return "".join(out)
