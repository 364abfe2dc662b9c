"""byline: the author's name printed under the title ("*The Saker*", "By Edward MacDowell").

In a book the author goes in the chapter's metadata (and its heading, if the design wants it),
not in the first paragraph. The rule looks only at the paragraph right after the title heading
(or the first paragraph when there is no heading) and moves it into ``meta.author`` when the
article declared none. Saved pages often keep the theme's byline as a one-line ``<div>``
("By <a href=".../author/saker/">The Saker</a>"); it counts as a paragraph here. Pages and
WordPress exports usually declare their author and title, and then the body has no byline.
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..tree import BLOCKS, Element, body_blocks, inline_only, normalise, plain, tag

_BY = re.compile(r"^(?:by|written by|posted by|words by)\s+(?P<name>.+)$", re.IGNORECASE)
# What may follow the name in a byline: a date, a site, a role ("By The Saker, 31 August 2020").
_AFTER_NAME = re.compile(r"\s*(?:[,|·•–—(]|\s-\s|\bon\b|\bat\b).*$", re.IGNORECASE)
_PARTICLES = frozenset(
    {
        "de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "bin", "ibn", "al", "of",
        "the", "and", "y", "zu", "ten", "ter",
    }
)  # fmt: skip
_MAX_NAME_WORDS = 5
# Short capitalised italic lines under a title that are not names.
_NOT_NAMES = frozenset(
    {
        "part", "chapter", "section", "book", "volume", "introduction", "preface", "foreword",
        "prologue", "epilogue", "afterword", "update", "updated", "note", "editor's", "translated",
        "translation", "summary", "abstract", "contents", "abridged", "excerpt", "transcript",
        "interview", "review",
    }
)  # fmt: skip
_ITALIC = frozenset({"em", "i", "strong", "b", "span"})


@registry.register("byline", 80, "move the author line under the title into the metadata")
def byline(ctx: RuleContext) -> None:
    blocks = body_blocks(ctx.root)
    if not blocks:
        return
    titled = tag(blocks[0]) in ("h1", "h2", "h3")
    candidate = blocks[1] if titled and len(blocks) > 2 else blocks[0]
    if candidate is blocks[-1] or not _is_line(candidate):
        return
    name = byline_name(candidate, after_title=titled, known=ctx.meta.author)
    if name is None:
        return
    if ctx.meta.author:
        ctx.remove(candidate, note=f"the article's author is {ctx.meta.author}")
    else:
        ctx.set_meta("author", name)
        ctx.remove(candidate, note=f"author set to {name}", action="moved")


def _is_line(block: Element) -> bool:
    """A paragraph, or the ``<div class="byline">`` a saved page keeps: one line of text."""
    if tag(block) == "p":
        return True
    return tag(block) in ("div", "address") and not any(
        tag(e) in BLOCKS for e in block.iterdescendants()
    )


def byline_name(p: Element, after_title: bool, known: str | None) -> str | None:
    """The author named by a byline paragraph, or None if ``p`` is not a byline."""
    text = plain(p)
    if known and normalise(text.removeprefix("By ").removeprefix("by ")) == normalise(known):
        return known
    match = _BY.match(text)
    if match:
        candidate = match.group("name")
    elif after_title and inline_only(p, _ITALIC) and any(tag(e) in ("em", "i") for e in p.iter()):
        # Without "By", only a name of two words or more: a lone italic word under a title is
        # as likely a subtitle ("*Interlude*") as a pen name.
        if len(text.split()) < 2:
            return None
        candidate = text
    else:
        return None
    name = _AFTER_NAME.sub("", candidate).strip().rstrip(".")
    return name if looks_like_name(name) else None


def looks_like_name(text: str) -> bool:
    """Capitalised words, no digits, short: "The Saker", "Pepe Escobar", "J. R. R. Tolkien"."""
    tokens = text.split()
    if not 0 < len(tokens) <= _MAX_NAME_WORDS or any(ch.isdigit() for ch in text):
        return False
    if not tokens[0][0].isupper() or tokens[0].casefold() in _NOT_NAMES:
        return False
    return all(t[0].isupper() or t.lower() in _PARTICLES for t in tokens)
