"""repeated-heading: the title or a heading printed again as the paragraph under it.

Some exports and scrapers keep both the page's heading and a copy of it as the first line of
the text (a theme's "entry-title" and the post's own first line, or a heading the author
repeated in bold). The book prints the heading once. A paragraph goes when its words are
exactly the title's (the first paragraph of the article) or the heading's right above it.
"""

from __future__ import annotations

from ..context import RuleContext
from ..registry import registry
from ..tree import HEADINGS, body_blocks, has_embedded, plain, tag, words


@registry.register("repeated-heading", 76, "remove a paragraph that repeats the heading above it")
def repeated_heading(ctx: RuleContext) -> None:
    blocks = body_blocks(ctx.root)
    title = _key(ctx.meta.title or "")
    first_text = next((i for i, b in enumerate(blocks) if tag(b) not in HEADINGS), -1)
    for index, block in enumerate(blocks):
        if tag(block) != "p" or has_embedded(block) or not plain(block):
            continue
        previous = blocks[index - 1] if index else None
        text = _key(plain(block))
        if previous is not None and tag(previous) in HEADINGS and text == _key(plain(previous)):
            ctx.remove(block, note="repeats the heading above it")
        elif index == first_text and title and text == title:
            ctx.remove(block, note="repeats the title")


def _key(text: str) -> str:
    return " ".join(w.casefold() for w in words(text.replace("’", "'")))
