"""escaped-emphasis: ``*word*`` and ``**word**`` that reached the text as literal asterisks.

A scraper that escapes Markdown (``\\*legally\\*``) or an HTML page written by someone who
typed asterisks leaves them in the text; a book sets them as italics and bold. Spans must look
like emphasis (no space inside the markers, not inside a word, on one line), so arithmetic
("2 * 3 * 4"), footnote stars and snake_case names stay as they are. Code is never touched.
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..tree import OPAQUE, URL, Element, new_element, tag, text_elements

_MARKS = (("strongem", "***"), ("strong", "**"), ("strong_", "__"), ("em", "*"), ("em_", "_"))
_WRAPPERS = {
    "strongem": ("strong", "em"),
    "strong": ("strong",),
    "strong_": ("strong",),
    "em": ("em",),
    "em_": ("em",),
}


def _marked(name: str, mark: str) -> str:
    """A span between two ``mark``s, not inside a word, without spaces just inside the marks."""
    m = re.escape(mark)
    if mark[0] == "*":
        # A scraper may have kept the backslashes of escaped Markdown: \*legally\*.
        return rf"(?<![\w*\\])\\?{m}(?=\S)(?P<{name}>[^*\n]{{1,300}}?)(?<=\S)\\?{m}(?![\w*])"
    return rf"(?<![\w_]){m}(?=\S)(?P<{name}>[^_\n]{{1,300}}?)(?<=\S){m}(?![\w_])"


_PATTERN = re.compile("|".join(_marked(name, mark) for name, mark in _MARKS))


@registry.register("escaped-emphasis", 30, "turn literal `*italic*` and `**bold**` into emphasis")
def escaped_emphasis(ctx: RuleContext) -> None:
    for el in list(text_elements(ctx.root)):
        if tag(el) in OPAQUE:
            continue
        if el.text and _PATTERN.search(el.text):
            pieces = _split(el.text, ctx)
            el.text = pieces[0]
            for index, (node, tail) in enumerate(pieces[1]):
                node.tail = tail
                el.insert(index, node)
        for child in [c for c in el if tag(c)]:
            if child.tail and _PATTERN.search(child.tail):
                pieces = _split(child.tail, ctx)
                child.tail = pieces[0]
                anchor = child
                for node, tail in pieces[1]:
                    node.tail = tail
                    anchor.addnext(node)
                    anchor = node


def _split(text: str, ctx: RuleContext) -> tuple[str, list[tuple[Element, str]]]:
    """Cut ``text`` at its emphasis spans: leading text, then (element, following text) pairs."""
    nodes: list[tuple[Element, str]] = []
    lead = text
    position = 0
    urls = [m.span() for m in URL.finditer(text)]
    for match in _PATTERN.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in urls):
            continue
        kind = match.lastgroup or "em"
        inner = match.group(kind)
        outer = new_element(_WRAPPERS[kind][0])
        node = outer
        for name in _WRAPPERS[kind][1:]:
            inside = new_element(name)
            node.append(inside)
            node = inside
        node.text = inner
        before = text[position : match.start()]
        if nodes:
            nodes[-1] = (nodes[-1][0], before)
        else:
            lead = before
        nodes.append((outer, ""))
        position = match.end()
        ctx.record("changed", match.group(0), note=f"set in {' '.join(_WRAPPERS[kind])}")
    if nodes:
        nodes[-1] = (nodes[-1][0], text[position:])
    return lead, nodes
