"""blank-lines: paragraphs that hold nothing but (non-breaking) spaces, and runs of ``<br>``.

Scrapers turn the spacer lines of a blog layout into paragraphs of ``&nbsp;``; in a book they
become holes in the text and break the "paragraph follows paragraph" rules of the others.
"""

from __future__ import annotations

from ..context import RuleContext
from ..registry import registry
from ..tree import BLANK_CHARS, BLOCKS, HEADINGS, Element, has_embedded, in_opaque, is_blank, tag

# Blocks that may be deleted when empty. List items and table cells are structure: an empty
# cell still holds its column.
_EMPTYABLE = frozenset({"p", "div", "blockquote", "section", "center"}) | HEADINGS


@registry.register("blank-lines", 100, "remove blank paragraphs and runs of line breaks")
def blank_lines(ctx: RuleContext) -> None:
    removed = breaks = 0
    for el in reversed(list(ctx.root.iterdescendants())):
        name = tag(el)
        if name == "br" and _redundant_break(el):
            el.drop_tag()  # keeps the text after it
            breaks += 1
        elif (
            name in _EMPTYABLE
            and is_blank(el.text_content())
            and not has_embedded(el)
            and not in_opaque(el)
            and el.getparent() is not None
            and not _is_target(el)
        ):
            el.drop_tree()
            removed += 1
    ctx.record("removed", count=removed, note="blank paragraphs")
    ctx.record("removed", count=breaks, note="redundant line breaks")
    trimmed = sum(_trim(p) for p in ctx.root.iter("p"))
    ctx.record("changed", count=trimmed, note="paragraph edges trimmed of non-breaking spaces")


def _redundant_break(br: Element) -> bool:
    """A ``<br>`` that repeats the previous one, or opens or closes its block."""
    parent = br.getparent()
    if parent is None or in_opaque(br):
        return False
    previous = br.getprevious()
    if previous is not None and tag(previous) == "br" and is_blank(previous.tail):
        return True
    if tag(parent) not in BLOCKS:
        return False
    opens = previous is None and is_blank(parent.text)
    closes = br.getnext() is None and is_blank(br.tail)
    return opens or closes


def _is_target(el: Element) -> bool:
    """A blank element that a link may point to (an anchor) is kept for the link's sake."""
    return any(e.get("id") or e.get("name") for e in el.iter() if tag(e))


def _trim(p: Element) -> int:
    """Strip non-breaking spaces that open or close a paragraph; count the edges trimmed.

    Ordinary spaces there are harmless (HTML collapses them); non-breaking ones show as an
    indent or a gap.
    """
    trimmed = 0
    if p.text and _has_hard_space(p.text[: len(p.text) - len(p.text.lstrip(BLANK_CHARS))]):
        p.text = p.text.lstrip(BLANK_CHARS)
        trimmed += 1
    owner, attr = (p[-1], "tail") if len(p) else (p, "text")
    text = getattr(owner, attr) or ""
    if _has_hard_space(text[len(text.rstrip(BLANK_CHARS)) :]):
        setattr(owner, attr, text.rstrip(BLANK_CHARS))
        trimmed += 1
    return trimmed


def _has_hard_space(spaces: str) -> bool:
    return bool(spaces.strip(" \t\n\r"))
