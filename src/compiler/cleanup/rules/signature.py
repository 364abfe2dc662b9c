"""signature: the author's name signed at the end of the essay ("The Saker", "— Edward MacDowell").

The book already says who wrote the chapter. The signature is found by looking back from the
end over the short blocks that follow an essay (ads, links), for a short paragraph that is
the author's name, or a name after a dash.
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..tree import Element, body_blocks, normalise, plain, tag, word_count
from .byline import looks_like_name

_DASHED = re.compile(r"^(?:--|[-–—~])\s*(?P<name>.+?)\.?$")
_MAX_WORDS = 6
# Blocks after a signature are short (book ads, "Order Now", share links); a longer block
# means the essay goes on, and the look-back stops.
_MAX_TRAILING_WORDS = 25
_LOOK_BACK = 10


@registry.register("signature", 60, "remove the author's name signed at the end")
def signature(ctx: RuleContext) -> None:
    blocks = body_blocks(ctx.root)
    for block in reversed(blocks[1:][-_LOOK_BACK:]):
        if is_signature(block, ctx.meta.author):
            ctx.remove(block)
            return
        if word_count(block) > _MAX_TRAILING_WORDS:
            return


def is_signature(block: Element, author: str | None) -> bool:
    if tag(block) != "p" or word_count(block) > _MAX_WORDS:
        return False
    text = plain(block)
    if author and normalise(text.rstrip(".")) == normalise(author):
        return True
    dashed = _DASHED.match(text)
    if not dashed:
        return False
    name = dashed.group("name")
    return (author is not None and normalise(name) == normalise(author)) or looks_like_name(name)
