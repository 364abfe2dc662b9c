"""Jekyll's and Hugo's template codes in Markdown, kept as written for cleanup to read.

A Jekyll post marks its code with ``{% highlight ruby %}`` … ``{% endhighlight %}`` rather
than a fence, and Hugo with ``{{< highlight go >}}`` … ``{{< /highlight >}}``. Python-Markdown
knows neither, so it read the code as prose (``#=> prints`` became a heading, ``> call`` a
quotation, a blank line split the block) and its ``attr_list`` took a code on the last line
of a paragraph (``{% endhighlight %}``) for an attribute list and dropped it. Here the
block's lines are kept exactly as written, as one paragraph, and codes are never attribute
lists; turning the block into code and reporting the codes is the ``embed-codes`` cleanup
rule's job (:mod:`compiler.cleanup.rules.embed_codes`).
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
# Attribute lists as ``attr_list`` reads them, except when they open like a template code
# (``{%``, ``{{``).
_ATTRIBUTES = r"\{(?![%{])\:?[ ]*([^\}\n ][^\n]*)\}"


class _HighlightBlocks(Preprocessor):
    """Each closed highlight block, codes included, as a paragraph of its lines as written."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        at = 0
        while at < len(lines):
            end = _closing(lines, at) if _OPEN.match(lines[at]) else None
            if end is None:
                out.append(lines[at])
                at += 1
                continue
            block = "\n".join(escape(line.rstrip(), quote=False) for line in lines[at : end + 1])
            out += ["", self.md.htmlStash.store(f"<p>{block}</p>"), ""]
            at = end + 1
        return out


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
