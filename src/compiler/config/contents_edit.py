"""Appending entries to a volume's ``contents`` without disturbing anything else in the file.

A volume.yaml is an editor's document: comments explain choices, commented-out entries wait
their turn, keys sit in the order the editor likes. Loading and dumping it, even with a
round-trip loader, re-indents sequences and moves comments; so new entries are inserted as
lines of text, at the place and indentation the parsed document gives, and every other byte
of the file stays as it was. Only a ``contents`` written in flow style (``[a.md, b.md]``),
which has no line to insert after, is rewritten by the round-trip dumper.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import BookError

_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_./][A-Za-z0-9_./ -]*[A-Za-z0-9_.]|[A-Za-z0-9_.]")
_RESERVED_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "~"}


def yaml_scalar(text: str) -> str:
    """``text`` as YAML that reads back as the same string: plain when safe, quoted otherwise."""
    plain = _PLAIN_SAFE.fullmatch(text) and text.lower() not in _RESERVED_WORDS
    if plain and not re.fullmatch(r"[0-9.]+", text):  # digits alone would read as a number
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def append_to_contents(text: str, paths: Sequence[str], part: str | None = None) -> str:
    """The volume file ``text`` with ``paths`` appended to its contents (or to ``part``).

    A part that does not exist yet is added at the end of the contents, holding the paths.
    Raises :class:`BookError` when the file has no contents list to append to.
    """
    if not paths:
        return text
    document = _round_trip().load(text)
    if not isinstance(document, CommentedMap) or not isinstance(
        document.get("contents"), CommentedSeq
    ):
        raise BookError("the volume has no 'contents' list to add to")
    contents: CommentedSeq = document["contents"]
    plain = [[yaml_scalar(p)] for p in paths]
    if part is None:
        return _append(text, document, contents, plain)
    for item in contents:
        if isinstance(item, CommentedMap) and str(item.get("part", "")).strip() == part.strip():
            articles = item.get("articles")
            if not isinstance(articles, CommentedSeq):
                raise BookError(f"part '{part}' has no 'articles' list to add to")
            return _append(text, document, articles, plain)
    entry = [f"part: {yaml_scalar(part)}", "articles:", *(f"  - {yaml_scalar(p)}" for p in paths)]
    return _append(text, document, contents, [entry])


def _append(text: str, document: CommentedMap, seq: CommentedSeq, items: list[list[str]]) -> str:
    """Insert sequence items after ``seq``'s last; each item is its lines, the first of which
    follows the dash."""
    lines = text.splitlines(keepends=True)
    if seq.fa.flow_style() or not seq:
        return _rewrite(document, seq, items)
    last = len(seq) - 1
    line, column = seq.lc.item(last)
    dash = lines[line].rfind("-", 0, column)
    if dash < 0 or lines[line][:dash].strip():
        return _rewrite(document, seq, items)
    end = _item_end(lines, line, dash)
    indent = " " * dash
    inner = " " * (column - dash)  # where the item's content starts, after "- "
    new = [
        line
        for item in items
        for line in [f"{indent}- {item[0]}\n", *(f"{indent}{inner}{rest}\n" for rest in item[1:])]
    ]
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end] + new + lines[end:])


def _item_end(lines: list[str], start: int, dash: int) -> int:
    """The index of the first line after the sequence item starting at ``start``.

    The item runs while lines are indented deeper than its dash; blank lines and comments at
    the dash's own indentation or less (a commented-out entry, say) end it.
    """
    end = start + 1
    last_content = start + 1
    while end < len(lines):
        stripped = lines[end].strip()
        indent = len(lines[end]) - len(lines[end].lstrip(" "))
        if stripped and indent <= dash:
            break
        if stripped and not stripped.startswith("#"):
            last_content = end + 1
        end += 1
    return last_content


def _rewrite(document: CommentedMap, seq: CommentedSeq, items: list[list[str]]) -> str:
    """Fallback for a flow-style or empty list: append and let the round-trip dumper write."""
    yaml = _round_trip()
    for item in items:
        seq.append(yaml.load("\n".join(item) + "\n"))
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    return yaml
