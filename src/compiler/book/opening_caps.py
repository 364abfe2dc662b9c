"""Capitals that open a chapter, set in small capitals on paper.

Old editions (The Federalist's among them) open each paper with its first word or words in
capitals: "TO WHAT expedient", "RESUMING the subject". Set at full size those capitals are
the heaviest thing on the opening page; a book designer sets them as small capitals, the way
printers of such editions did. Only the print edition's first paragraph changes: its leading
run of capitalized words is wrapped in a span for print.css to set with
``font-variant-caps: all-small-caps`` (the EPUB keeps the source's capitals, which a reading
system without small capitals would show anyway). The PDF's text layer then reads those
words in lower case ("resuming"), as WeasyPrint maps small-capital glyphs. A single capital
("I", "A") is an ordinary first word and stays as it is.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

CLASS = "opening-caps"

# A word of capitals (inner apostrophes and hyphens allowed: "EX-OFFICIO", "IT'S"), then
# more such words, the run ending where lower case, punctuation or the text ends.
_WORD = r"[A-Z][A-Z'’\-]*[A-Z]|[A-Z]"
_LEAD = re.compile(rf"^(\s*)((?:{_WORD})(?:[ \u00a0]+(?:{_WORD}))*)(?=[\s,.;:!?)]|$)")


def mark_opening_caps(root: lxml_html.HtmlElement) -> None:
    """Wrap the capitals the chapter body's first paragraph opens with (``root`` is the body's
    container) in ``<span class="opening-caps">``; nothing else changes."""
    if root.text and root.text.strip():
        return  # the body opens with loose text, not a paragraph
    first = next((child for child in root if isinstance(child.tag, str)), None)
    if first is None or first.tag != "p" or not first.text:
        return
    match = _LEAD.match(first.text)
    if match is None or sum(char.isalpha() for char in match.group(2)) < 2:
        return
    span = lxml_html.Element("span", {"class": CLASS})
    span.text = match.group(2)
    span.tail = first.text[match.end() :]
    first.text = match.group(1)
    first.insert(0, span)
