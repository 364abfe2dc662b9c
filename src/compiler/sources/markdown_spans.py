"""Bracketed spans for Markdown: ``[Mehr Licht!]{lang=de}`` becomes a ``<span lang="de">``.

Python-Markdown's ``attr_list`` puts attributes on emphasis, links and images, but plain
words have nothing to carry them. Pandoc's bracketed span fills that gap, and it is how an
author tags a foreign phrase that is not in italics.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Extension, Markdown
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.inlinepatterns import InlineProcessor

# Text without brackets, then the attribute list right after the closing bracket.
SPAN_PATTERN = r"\[([^\[\]\n]+)\]\{:?([^}\n]*)\}"


class _SpanProcessor(InlineProcessor):
    def handleMatch(  # noqa: N802 (Python-Markdown's name)
        self, m: re.Match[str], data: str
    ) -> tuple[ET.Element | None, int | None, int | None]:
        attributes, rest = get_attrs_and_remainder(m.group(2))
        if not attributes or rest.strip():
            return None, None, None  # not an attribute list: leave the text as written
        span = ET.Element("span")
        span.text = m.group(1)
        for key, value in attributes:
            if key == ".":
                span.set("class", f"{span.get('class', '')} {value}".strip())
            elif value is not None:
                span.set(key, value)
        return span, m.start(0), m.end(0)


class BracketedSpans(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Above links (160), which never match "]{" anyway, so both can coexist.
        md.inlinePatterns.register(_SpanProcessor(SPAN_PATTERN, md), "bracketed_span", 165)
