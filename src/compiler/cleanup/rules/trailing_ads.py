"""trailing-ads: what a blog appends after the essay (book promotions, "Order Now", "Donate",
"Subscribe", "Share this", "Like this:", related posts).

The run is anchored on a call to action: a short block whose text is one of the phrases blogs
use, or a promotion unit that ends in one. The same promotion reaches us in several shapes:
a scraped Markdown file has the book's title and its "Order Now" button as two paragraphs; a
saved page has a ``<div>`` (WordPress's media-and-text block) holding the cover, a title
paragraph and the button; a WordPress export has one paragraph with the title, a ``<br>``
and the link. All are read line by line (:func:`~compiler.cleanup.tree.lines`), so the rule
sees "title, Order Now" every time.

From the first such block, everything to the end of the essay goes, provided all of it is
short (links, titles, buttons; a long paragraph means the essay goes on and nothing is
removed). Short title-like lines just before it (the promoted books' titles, their covers,
the rule that sets them off) go with it. Footnotes, which come after the essay, are kept.
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..tree import (
    HEADINGS,
    Element,
    body_blocks,
    has_embedded,
    lines,
    normalise,
    plain,
    tag,
    word_count,
    words,
)

_CALLS = re.compile(
    r"""^(?:
        (?:pre-?)?order(?:\ (?:it|the\ book|your\ copy|a\ copy|now|here|today|online))*
          (?:\ (?:on|from|at)\ \w+)?
      | buy(?:\ (?:it|the\ book|your\ copy|a\ copy|now|here|today|online))*
          (?:\ (?:on|from|at)\ \w+)?
      | (?:please\ )?donate\b.*
      | make\ a\ donation\b.*
      | support\ (?:us|this\ (?:site|blog|website)|our\ work|my\ work)\b.*
      | become\ a\ (?:patron|member|supporter)\b.*
      | subscribe\b.*
      | sign\ up\ (?:for|to)\b.*
      | join\ (?:our|my|the)\ (?:newsletter|mailing\ list)\b.*
      | share\ (?:this|on)\b.*
      | share
      | like\ this
      | like\ loading
      | related(?:\ (?:posts|articles|stories|content))?
      | you\ (?:may|might)\ also\ (?:like|enjoy)
      | more\ from\ (?:this|the)\ (?:author|site|blog)
    )$""",
    re.VERBOSE,
)
_MAX_CALL_WORDS = 8
_MAX_CALL_CHARS = 200
_MAX_TAIL_WORDS = 40  # any longer block after the call to action is essay, not an ad
_MAX_TITLE_WORDS = 20  # a promoted book's title line
# Blocks that may hold an advertisement (and, in a saved page, its cover and button).
_UNITS = frozenset({"p", "div", "figure", "section", "aside"})


@registry.register("trailing-ads", 50, "remove book promotions and share/donate blocks at the end")
def trailing_ads(ctx: RuleContext) -> None:
    blocks = body_blocks(ctx.root)
    author = ctx.meta.author
    for start, block in enumerate(blocks):
        if start == 0 or not (is_call_to_action(block) or is_promotion_unit(block, author)):
            continue
        if not all(_is_short(b) for b in blocks[start:]):
            continue
        while start > 1 and _is_promotion(blocks[start - 1], author):
            start -= 1
        for b in blocks[start:]:
            ctx.remove(b)
        return


def is_call_to_action(block: Element) -> bool:
    """A block whose whole text is a call to action ("Order Now", "Share this:")."""
    if len(block.text_content()) > _MAX_CALL_CHARS:
        return False  # cheap early out: calls to action are a few words
    return word_count(block) <= _MAX_CALL_WORDS and _is_call(plain(block))


def is_promotion_unit(block: Element, author: str | None = None) -> bool:
    """A block of several lines that together make one advertisement.

    Every line is a call to action or a title-like line (a book's title, a site's name), at
    least one is a call to action, and the whole is short. Covers and other images add no
    lines, so a media-and-text block with a cover, a title and a button qualifies.
    """
    if tag(block) not in _UNITS or word_count(block) > _MAX_TAIL_WORDS:
        return False
    found = lines(block)
    if len(found) < 2 or not any(_is_call(line) for line in found):
        return False
    return all(_is_call(line) or _is_title(line, author) for line in found)


def _is_call(text: str) -> bool:
    if not text or len(words(text)) > _MAX_CALL_WORDS:
        return False
    return bool(_CALLS.match(normalise(text).rstrip(":.!…» ").lstrip("«» ")))


def _is_title(text: str, author: str | None) -> bool:
    if author and normalise(text) == normalise(author):
        return False  # the signature belongs to the essay
    return len(words(text)) <= _MAX_TITLE_WORDS and not text.endswith((".", "!", "?", ":"))


def _is_short(block: Element) -> bool:
    if tag(block) in ("ul", "ol"):
        return all(word_count(li) <= _MAX_TAIL_WORDS for li in block)
    return word_count(block) <= _MAX_TAIL_WORDS


def _is_promotion(block: Element, author: str | None) -> bool:
    """A book title line, a cover image, a rule: what comes with an ad, before its button."""
    name = tag(block)
    if name == "hr":
        return True
    if name not in _UNITS and name not in HEADINGS:
        return False
    text = plain(block)
    if not text:
        return has_embedded(block)
    if is_promotion_unit(block, author):
        return True
    found = lines(block)
    return all(_is_call(line) or _is_title(line, author) for line in found) and (
        word_count(block) <= _MAX_TITLE_WORDS
    )
