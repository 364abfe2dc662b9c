"""orphan-captions: an image's caption left standing after the scraper dropped the image.

The seed essay has "***Lukashenko and son***" alone between two paragraphs where a photograph
was. The shape is conservative on purpose, because an emphasised line can be real content:
a short paragraph, italic from end to end (bold-italic or italic; bold alone is treated as a
home-made subheading and kept), with no closing punctuation, standing between two ordinary
paragraphs, with no image next to it (a caption beside its image is a real caption).
"""

from __future__ import annotations

from ..context import RuleContext
from ..registry import registry
from ..tree import Element, body_blocks, has_embedded, inline_only, plain, tag, words

_EMPHASIS = frozenset({"em", "i", "strong", "b"})
_MAX_WORDS = 12
_SENTENCE_END = tuple('.!?:;…"”»')


@registry.register("orphan-captions", 70, "remove image captions left without their image")
def orphan_captions(ctx: RuleContext) -> None:
    blocks = body_blocks(ctx.root)
    for before, block, after in zip(blocks, blocks[1:], blocks[2:], strict=False):
        if (
            is_caption_shaped(block)
            and tag(before) == "p"
            and tag(after) == "p"
            and not has_embedded(before)
            and not has_embedded(after)
            and not is_caption_shaped(before)
            and not is_caption_shaped(after)
        ):
            ctx.remove(block)


def is_caption_shaped(p: Element) -> bool:
    if tag(p) != "p" or not inline_only(p, _EMPHASIS) or has_embedded(p):
        return False
    if p.find(".//a") is not None:
        return False
    text = plain(p)
    if not 0 < len(words(text)) <= _MAX_WORDS or text.endswith(_SENTENCE_END):
        return False
    return any(tag(e) in ("em", "i") for e in p.iter())
