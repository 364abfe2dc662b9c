"""A volume's title and subtitle written with Markdown emphasis: plain text, and markup.

A subtitle often names another book ("Essays from *The Federalist*, Numbers 1 to 45"), which
its editor marks as Markdown emphasis. Where the title is set (title page, half-title, covers,
copyright page) the emphasis becomes ``<em>``, so its words turn italic in a roman title and
roman in an italic subtitle, as base.css sets emphasis inside italic. Where the title is data
(EPUB and PDF metadata, running heads, the book's identifier) it is plain text, without the
asterisks. Only emphasis is read: everything else in the text is the editor's words and is
escaped, so no markup written in volume.yaml reaches a page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

# ``*words*``, ``_words_`` (or doubled, read alike: a title has one kind of emphasis), opening
# before a non-space and closing after one, never inside a word ("snake_case_name") and never
# after a backslash, which keeps the mark literal.
_EMPHASIS = re.compile(r"(?<![\w\\])(\*\*|__|\*|_)(?=\S)(.+?)(?<=[^\s\\])\1(?!\w)")
_ESCAPED = re.compile(r"\\([*_\\])")


def _spans(text: str) -> list[tuple[str, bool]]:
    """``text`` as runs of (words, emphasised), escapes resolved."""
    found: list[tuple[str, bool]] = []
    at = 0
    for match in _EMPHASIS.finditer(text):
        found.append((_ESCAPED.sub(r"\1", text[at : match.start()]), False))
        found.append((_ESCAPED.sub(r"\1", match[2]), True))
        at = match.end()
    found.append((_ESCAPED.sub(r"\1", text[at:]), False))
    return [(words, emphasised) for words, emphasised in found if words]


def plain(text: str) -> str:
    """``text`` without its emphasis marks: "Essays from The Federalist"."""
    return "".join(words for words, _ in _spans(text))


def markup(text: str) -> str | None:
    """``text`` as inline XHTML, its emphasis in ``<em>`` and the rest escaped; None when it
    has no emphasis, so it is set as plain text as before."""
    spans = _spans(text)
    if not any(emphasised for _, emphasised in spans):
        return None
    return "".join(
        f"<em>{html.escape(words, quote=False)}</em>" if emphasised else html.escape(words, False)
        for words, emphasised in spans
    )


def break_lines(marked: str, lines: Sequence[str]) -> str:
    """The markup ``marked`` with ``<br/>`` where ``lines`` (its text cut into lines, as
    :func:`~compiler.book.display_lines.balanced_breaks` cuts it) break, tags kept whole.

    The lines must join with single spaces into the markup's text; when they do not, the
    lines are returned as escaped text joined by ``<br/>``, as they would be without markup.
    """
    breaks = set()
    at = 0
    for line in lines[:-1]:
        at += len(line)
        breaks.add(at)
        at += 1
    out: list[str] = []
    text: list[str] = []  # the characters a reader sees, one per character or entity
    for token in re.findall(r"<[^>]*>|&[#\w]+;|[^<&]|[<&]", marked):
        if token.startswith("<") and len(token) > 1:
            out.append(token)
            continue
        shown = html.unescape(token)
        broken = len(text) in breaks and shown in (" ", "\u00a0")
        out.append("<br/>" if broken else token)
        text.append(shown)
    if "".join(text).replace("\u00a0", " ") != " ".join(lines).replace("\u00a0", " "):
        return "<br/>".join(html.escape(line, quote=False) for line in lines)
    return "".join(out)


__all__ = ["break_lines", "markup", "plain"]
