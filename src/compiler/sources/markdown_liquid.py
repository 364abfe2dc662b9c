"""Jekyll's and Hugo's template codes in Markdown, kept as written for cleanup to read.

A Jekyll post marks its code with ``{% highlight ruby %}`` … ``{% endhighlight %}`` rather
than a fence, and Hugo with ``{{< highlight go >}}`` … ``{{< /highlight >}}``. Python-Markdown
knows neither, so it read the code as prose (``#=> prints`` became a heading, ``> call`` a
quotation, a blank line split the block) and its ``attr_list`` took a code on the last line
of a paragraph (``{% endhighlight %}``) for an attribute list and dropped it. Here the
block's lines are kept exactly as written, as one paragraph, and codes are never attribute
lists; turning the block into code and reporting the codes is the ``embed-codes`` cleanup
rule's job (:mod:`compiler.cleanup.rules.embed_codes`).

A block inside a list item (indented under it) or a block quotation (after ``> ``) is kept
the same way, in place: its lines lose the item's indentation or the quotation's ``>`` (a
line without it, as Markdown's lazy continuation allows, is taken as written) and the
paragraph is set inside the item or the quotation, apart from the text around it.
"""

from __future__ import annotations

import re
from html import escape

from markdown import Markdown
from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor
from markdown.preprocessors import Preprocessor

# A line that opens or closes a highlight block; as in Markdown, at most three spaces
# before it (four make an indented code block, which stays one).
_OPEN = re.compile(r"^ {0,3}(?:\{%-?\s*highlight\b[^%]*-?%\}|\{\{<\s*highlight\b[^>]*>\}\})\s*$")
_CLOSE = re.compile(r"^ {0,3}(?:\{%-?\s*endhighlight\s*-?%\}|\{\{<\s*/highlight\s*>\}\})\s*$")
# The same, after the indentation of a list item or the ``>`` of a block quotation (or both).
_CODE_OPEN = r"(?:\{%-?\s*highlight\b[^%]*-?%\}|\{\{<\s*highlight\b[^>]*>\}\})\s*$"
_NESTED_OPEN = re.compile(rf"^(?P<prefix>(?:[ ]{{0,3}}>[ ]?)+|[ ]+){_CODE_OPEN}")
_ANY_CLOSE = re.compile(
    r"^(?:[ ]{0,3}>[ ]?)*[ ]*(?:\{%-?\s*endhighlight\s*-?%\}|\{\{<\s*/highlight\s*>\}\})\s*$"
)
_QUOTE_MARK = re.compile(r"^[ ]{0,3}>[ ]?")
_LIST_ITEM = re.compile(r"^(?P<indent>[ ]*)(?:[*+-]|\d+[.)])[ ]+\S")
_TAB = 4  # Python-Markdown's tab length: how far a list item's own blocks are indented
# Attribute lists as ``attr_list`` reads them, except when they open like a template code
# (``{%``, ``{{``).
_ATTRIBUTES = r"\{(?![%{])\:?[ ]*([^\}\n ][^\n]*)\}"


class _HighlightBlocks(Preprocessor):
    """Each closed highlight block, codes included, as a paragraph of its lines as written."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        at = 0
        while at < len(lines):
            nested = _NESTED_OPEN.match(lines[at])
            container = _container(lines, at, nested.group("prefix")) if nested else None
            if container is not None:
                end = _nested_closing(lines, at)
                if end is not None:
                    assert nested is not None
                    prefix = nested.group("prefix")
                    block = [unprefixed(line, prefix) for line in lines[at : end + 1]]
                    stored = self._store(block)
                    out += [container.rstrip(), container + stored, container.rstrip()]
                    at = end + 1
                    continue
            end = _closing(lines, at) if _OPEN.match(lines[at]) else None
            if end is None:
                out.append(lines[at])
                at += 1
                continue
            out += ["", self._store(lines[at : end + 1]), ""]
            at = end + 1
        return out

    def _store(self, lines: list[str]) -> str:
        block = "\n".join(escape(line.rstrip(), quote=False) for line in lines)
        return self.md.htmlStash.store(f"<p>{block}</p>")


def _container(lines: list[str], at: int, prefix: str) -> str | None:
    """What must open the block's lines to keep it in its quotation or list item (``"> "``,
    four spaces); ``None`` for a block at the top level, or indented code."""
    if ">" in prefix:
        return prefix if prefix.endswith(" ") else prefix + " "
    indent = len(prefix)
    for number in range(at - 1, -1, -1):
        line = lines[number]
        if not line.strip():
            continue
        if len(line) - len(line.lstrip(" ")) >= indent:
            continue
        item = _LIST_ITEM.match(line)
        if item is None:
            return None
        return " " * ((len(item.group("indent")) // _TAB + 1) * _TAB)
    return None


def _nested_closing(lines: list[str], start: int) -> int | None:
    """The line closing a block in a list item or quotation: its own ``>`` or indentation
    before the code, or none (Markdown's lazy continuation)."""
    for number in range(start + 1, len(lines)):
        if _ANY_CLOSE.match(lines[number]):
            return number
        if _OPEN.match(lines[number]) or _NESTED_OPEN.match(lines[number]):
            return None
    return None


def unprefixed(line: str, prefix: str) -> str:
    """``line`` without the quotation marks or the item's indentation that ``prefix`` is."""
    if ">" in prefix:
        for _ in range(prefix.count(">")):
            mark = _QUOTE_MARK.match(line)
            if mark is None:
                break  # a lazy line: as written
            line = line[mark.end() :]
        return line
    return line[min(len(prefix), len(line) - len(line.lstrip(" "))) :]


def _closing(lines: list[str], start: int) -> int | None:
    """The line that closes the block opened at ``start``, if any before the next opening."""
    for number in range(start + 1, len(lines)):
        if _CLOSE.match(lines[number]):
            return number
        if _OPEN.match(lines[number]):
            return None
    return None


class _CodesAreNotAttributes(AttrListTreeprocessor):
    BASE_RE = _ATTRIBUTES
    HEADER_RE = re.compile(rf"[ ]+{_ATTRIBUTES}[ ]*$")
    BLOCK_RE = re.compile(rf"\n[ ]*{_ATTRIBUTES}[ ]*$")
    INLINE_RE = re.compile(rf"^{_ATTRIBUTES}")


class LiquidSafeAttrList(AttrListExtension):
    """``attr_list``, with highlight blocks kept whole and template codes left as text."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        super().extendMarkdown(md)
        md.treeprocessors.register(_CodesAreNotAttributes(md), "attr_list", 8)
        # After fenced code (25), whose examples of these codes stay code, and before raw
        # HTML blocks (20), which would take a line of code such as ``<div>`` for theirs.
        md.preprocessors.register(_HighlightBlocks(md), "highlight_blocks", 22)
