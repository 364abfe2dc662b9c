"""orphan-captions: an image's caption left standing after the image was dropped.

Only text that was a caption goes, because an emphasised line can be real content (a bold or
bold-italic subsection label, an emphasised sentence). Text was a caption when:

- it is in a ``<figure>`` (or WordPress's older ``<div class="wp-caption">``) that has lost
  everything but its caption (an image the sanitiser refused, a lazy-loaded picture whose
  address was never filled in); then the figure goes;
- it is a caption element (``<figcaption>``, ``wp-caption-text``, ``.caption``) standing on
  its own with no image beside it;
- it is a short paragraph, italic from end to end, between two ordinary paragraphs, and the
  source shows the hole the image left right beside it. A scraper that strips a photograph
  leaves its blank lines behind: the seed essay has three blank lines, then
  "***Lukashenko and son***". The same line with only the ordinary paragraph break around it
  is the author's own and stays.
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..tree import Element, body_blocks, has_embedded, inline_only, is_blank, plain, tag, words

_EMPHASIS = frozenset({"em", "i", "strong", "b"})
_MAX_WORDS = 12
_SENTENCE_END = tuple('.!?:;…"”»')
_CAPTION_CLASSES = frozenset({"wp-caption-text", "wp-element-caption", "caption", "image-caption"})
# Blank lines in a row beside a line: one ends a paragraph; two or more are a dropped image.
_HOLE = 2
_MARKS = re.compile(r"[*_\s]+")
_TAGS = re.compile(r"<[^<>]*>|&nbsp;|&#160;|\xa0")


@registry.register("orphan-captions", 70, "remove image captions left without their image")
def orphan_captions(ctx: RuleContext) -> None:
    for figure in [el for el in ctx.root.iterdescendants() if is_figure(el)]:
        if figure.getparent() is not None and is_captioned_nothing(figure):
            ctx.remove(figure)
    for caption in [el for el in ctx.root.iterdescendants() if _is_caption(el)]:
        if caption.getparent() is not None and is_stray_caption(caption):
            ctx.remove(caption)
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
            and beside_a_hole(block, ctx.source)
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
    return tag(el) == "figcaption" or (
        tag(el) in ("p", "div") and not _CAPTION_CLASSES.isdisjoint((el.get("class") or "").split())
    )


def is_stray_caption(caption: Element) -> bool:
    """A caption element outside any figure, with no image (or other embed) beside it."""
    if any(is_figure(el) for el in caption.iterancestors()) or has_embedded(caption):
        return False
    neighbours = (caption.getprevious(), caption.getnext())
    return not any(el is not None and has_embedded(el) for el in neighbours)


def beside_a_hole(p: Element, source: str) -> bool:
    """The paragraph's source line has the blank lines of a dropped image right beside it.

    The tree keeps no trace of them, so the line is found in the source by its words (the
    emphasis marks and tags aside). In HTML a blank line may be a spacer paragraph of
    ``&nbsp;``, as scrapers write the blog's empty lines.
    """
    wanted = _MARKS.sub(" ", plain(p)).strip()
    lines = [_TAGS.sub("", line) for line in source.splitlines()]
    for index, line in enumerate(lines):
        if _MARKS.sub(" ", line).strip() != wanted:
            continue
        if _blank_run(lines[:index][::-1]) >= _HOLE or _blank_run(lines[index + 1 :]) >= _HOLE:
            return True
    return False


def _blank_run(lines: list[str]) -> int:
    count = 0
    for line in lines:
        if line.strip():
            break
        count += 1
    return count
