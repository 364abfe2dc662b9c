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
  is the author's own and stays;
- it is Project Gutenberg's note where a picture stood ("[Illustration: …]", "[Figure 43]"),
  or a short line printed with that picture (see :mod:`.placeholders`).
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..tree import Element, body_blocks, has_embedded, inline_only, is_blank, plain, tag, words
from .placeholders import remove_placeholders

_EMPHASIS = frozenset({"em", "i", "strong", "b"})
_MAX_WORDS = 12
_SENTENCE_END = tuple('.!?:;…"”»')
_CAPTION_CLASSES = frozenset({"wp-caption-text", "wp-element-caption", "caption", "image-caption"})
# A gallery's list items: one picture each, so an item with no picture left is its caption.
_GALLERY_ITEMS = ("gallery-item", "gallery-caption")
# Blank lines in a row beside a line: one ends a paragraph; two or more are a dropped image.
_HOLE = 2
_MARKS = re.compile(r"[*_\s]+")
_TAGS = re.compile(r"<[^<>]*>|&nbsp;|&#160;|\xa0")


@registry.register("orphan-captions", 70, "remove image captions left without their image")
def orphan_captions(ctx: RuleContext) -> None:
    remove_placeholders(ctx, body_blocks(ctx.root))
    _remove_captioned_nothing(ctx)
    removed_any = False
    for caption in [el for el in ctx.root.iterdescendants() if _is_caption(el)]:
        if caption.getparent() is not None and is_stray_caption(caption):
            parent = caption.getparent()
            ctx.remove(caption)
            _remove_if_emptied(ctx, parent)
            removed_any = True
    if removed_any:  # a gallery whose items were all captions keeps only its own caption
        _remove_captioned_nothing(ctx)
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
    classes = (el.get("class") or "").split()
    return (
        tag(el) == "figcaption"
        or (tag(el) in ("p", "div") and not _CAPTION_CLASSES.isdisjoint(classes))
        or (tag(el) == "li" and any(c.endswith(_GALLERY_ITEMS) for c in classes))
    )


def _remove_captioned_nothing(ctx: RuleContext) -> None:
    """Figures holding only a caption, innermost first: a gallery emptied of its pictures
    is judged after the figures inside it."""
    for figure in reversed([el for el in ctx.root.iterdescendants() if is_figure(el)]):
        if figure.getparent() is not None and is_captioned_nothing(figure):
            parent = figure.getparent()
            ctx.remove(figure)
            _remove_if_emptied(ctx, parent)


def _remove_if_emptied(ctx: RuleContext, parent: Element) -> None:
    """A gallery's list item (and then its list) that held only what was removed: left, it
    prints as a bullet with nothing after it."""
    if tag(parent) != "li" or parent.getparent() is None or not _is_empty(parent):
        return
    grandparent = parent.getparent()
    ctx.remove(parent)
    if (
        tag(grandparent) in ("ul", "ol")
        and _is_empty(grandparent)
        and grandparent.getparent() is not None
    ):
        ctx.remove(grandparent)


def _is_empty(el: Element) -> bool:
    return is_blank(el.text_content()) and not has_embedded(el)


def is_stray_caption(caption: Element) -> bool:
    """A caption element outside any figure, with no image (or other embed) beside it."""
    if has_embedded(caption):
        return False
    if tag(caption) == "li":  # a gallery item: its own picture is all that counts
        return True
    if any(is_figure(el) for el in caption.iterancestors()):
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
