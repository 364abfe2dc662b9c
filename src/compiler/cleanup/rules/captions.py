"""orphan-captions: an image's caption left standing after the scraper dropped the image.

The seed essay has "***Lukashenko and son***" alone between two paragraphs where a photograph
was. The shape is conservative on purpose, because an emphasised line can be real content:
a short paragraph, italic from end to end (bold-italic or italic; bold alone is treated as a
home-made subheading and kept), with no closing punctuation, standing between two ordinary
paragraphs, with no image next to it (a caption beside its image is a real caption).

Saved pages and WordPress exports keep captions where they belong, in a ``<figure>`` (or
WordPress's older ``<div class="wp-caption">``) beside the image, and those are content. They
are orphans only when the figure has lost everything but its caption (an image the sanitiser
refused, a lazy-loaded picture whose address was never filled in); then the figure goes.
"""

from __future__ import annotations

from ..context import RuleContext
from ..registry import registry
from ..tree import Element, body_blocks, has_embedded, inline_only, is_blank, plain, tag, words

_EMPHASIS = frozenset({"em", "i", "strong", "b"})
_MAX_WORDS = 12
_SENTENCE_END = tuple('.!?:;…"”»')


@registry.register("orphan-captions", 70, "remove image captions left without their image")
def orphan_captions(ctx: RuleContext) -> None:
    for figure in [el for el in ctx.root.iterdescendants() if is_figure(el)]:
        if figure.getparent() is not None and is_captioned_nothing(figure):
            ctx.remove(figure)
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


def is_figure(el: Element) -> bool:
    return tag(el) == "figure" or (
        tag(el) == "div" and "wp-caption" in (el.get("class") or "").split()
    )


def is_captioned_nothing(figure: Element) -> bool:
    """A figure whose caption is all that is left: no image, table or quotation beside it.

    A pull quote or a code listing in a ``<figure>`` has text outside its caption, so it is
    never mistaken for an orphan.
    """
    children = [child for child in figure if tag(child)]
    if not any(_is_caption(child) for child in children) or has_embedded(figure):
        return False
    rest = (figure.text or "") + "".join(
        ("" if _is_caption(child) else child.text_content()) + (child.tail or "")
        for child in children
    )
    return is_blank(rest)


def _is_caption(el: Element) -> bool:
    return tag(el) == "figcaption" or "wp-caption-text" in (el.get("class") or "").split()
