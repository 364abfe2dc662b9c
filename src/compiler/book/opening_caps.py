"""Capitals that open a chapter, set in small capitals on paper.

Old editions (The Federalist's among them) open each paper with its first word or words in
capitals: "TO WHAT expedient", "RESUMING the subject". Set at full size those capitals are
the heaviest thing on the opening page; a book designer sets them as small capitals, the way
printers of such editions did. Only the print edition's first paragraph changes: its leading
run of capitalized words is wrapped in a span for print.css to set in lower case with
``font-variant-caps: small-caps`` (the EPUB keeps the source's capitals, which a reading
system without small capitals would show anyway). The PDF's text layer then reads those
words in lower case ("resuming"): a PDF maps each glyph to one text, and the face draws the
same small capital for "v" and for "V", so capitals set with ``all-small-caps`` read back
as whichever letter first drew the glyph ("we haVe seen"). A single capital
("I", "A") is an ordinary first word and stays as it is.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

CLASS = "opening-caps"

# A word of capitals (inner apostrophes and hyphens allowed: "EX-OFFICIO", "IT'S"), then
# more such words, the run ending where lower case, punctuation or the text ends.
_WORD = r"[A-Z][A-Z'’\-]*[A-Z]|[A-Z]"
_LEAD = re.compile(rf"^(\s*)((?:{_WORD})(?:[ \u00a0]+(?:{_WORD}))*)(?=[\s,.;:!?)]|$)")


def mark_opening_caps(root: lxml_html.HtmlElement) -> None:
    """Wrap the capitals the chapter body's first paragraph opens with (``root`` is the body's
    container) in ``<span class="opening-caps">``; nothing else changes.

    The index marks each occurrence of a term in print with a comment before it
    (:func:`compiler.book.indexing.marks_as_comments`), so "TO JUDGE with accuracy" may reach
    here as ``TO <!--index-mark…-->JUDGE with accuracy``: the capitals are read across such
    comments and the span takes them in, or "JUDGE" would stay at full size beside a small "to".
    """
    if root.text and root.text.strip():
        return  # the body opens with loose text, not a paragraph
    first = next((child for child in root if isinstance(child.tag, str)), None)
    if first is None or first.tag != "p":
        return
    # The paragraph's leading text: its own text, then the tail of each comment up to the
    # first element. Index k holds the text after comments[k - 1] (index 0: the paragraph's).
    comments: list[etree._Element] = []
    texts = [first.text or ""]
    for child in first:
        if isinstance(child.tag, str):
            break
        comments.append(child)
        texts.append(child.tail or "")
    match = _LEAD.match("".join(texts))
    if match is None or sum(char.isalpha() for char in match.group(2)) < 2:
        return
    (start_at, start_offset), (end_at, end_offset) = (
        _locate(texts, match.start(2)),
        _locate(texts, match.end(2), at_end=True),
    )
    span = lxml_html.Element("span", {"class": CLASS})
    if start_at == 0:
        first.text = texts[0][:start_offset]
        first.insert(0, span)
    else:
        comments[start_at - 1].tail = texts[start_at][:start_offset]
        first.insert(first.index(comments[start_at - 1]) + 1, span)
    span.text = texts[start_at][start_offset : end_offset if end_at == start_at else None]
    for index in range(start_at + 1, end_at + 1):
        comment = comments[index - 1]
        span.append(comment)  # moves the comment (and its tail) inside the span
        comment.tail = texts[index][: end_offset if index == end_at else None]
    span.tail = texts[end_at][end_offset:]


def leading_capitals(text: str) -> str:
    """The run of capitals ``text`` opens with (and the spaces before it), or ""."""
    match = _LEAD.match(text)
    return match.group(0) if match else ""


def _locate(texts: list[str], offset: int, at_end: bool = False) -> tuple[int, int]:
    """Which of ``texts`` the offset into their concatenation falls in, and where in it. An
    offset at a boundary belongs to the earlier text when it ends a run (``at_end``), so the
    span closes before a comment rather than after it."""
    for index, text in enumerate(texts):
        if offset < len(text) or (at_end and offset == len(text)):
            return index, offset
        offset -= len(text)
    return len(texts) - 1, len(texts[-1])
