"""drop: the volume's own patterns (``drop: ["^Support this site"]``) for junk no rule knows.

Every blog has its own boilerplate; a regular expression in volume.yaml removes it from every
article without a new rule. Patterns are matched, case-insensitively, against the whole text
of each paragraph, heading or list item (spaces collapsed), so ``^`` means "starts with".
"""

from __future__ import annotations

import regex

from ...sources.limits import PATTERN_TIMEOUT_S
from ..context import PatternTooSlow, RuleContext
from ..registry import registry
from ..tree import HEADINGS, in_opaque, plain, tag

_MATCHED = frozenset({"p", "li", "dt", "dd", "figcaption", "blockquote"}) | HEADINGS
_LISTS = frozenset({"ul", "ol", "dl"})


@registry.register("drop", 95, "remove blocks matching the volume's drop patterns")
def drop(ctx: RuleContext) -> None:
    # Innermost first: a matching paragraph inside a quotation goes, not the whole quotation.
    for el in reversed(list(ctx.root.iterdescendants())):
        if tag(el) not in _MATCHED or in_opaque(el) or el.getparent() is None:
            continue
        text = plain(el)
        hit = _first_match(ctx.drop, text)
        if hit is None:
            continue
        parent = el.getparent()
        ctx.remove(el, note=f"matched {hit.pattern!r}")
        if tag(parent) in _LISTS and not len(parent) and parent.getparent() is not None:
            parent.drop_tree()


def _first_match(patterns: tuple[regex.Pattern[str], ...], text: str) -> regex.Pattern[str] | None:
    for pattern in patterns:
        try:
            if pattern.search(text, timeout=PATTERN_TIMEOUT_S):
                return pattern
        except TimeoutError:
            raise PatternTooSlow(pattern.pattern, text) from None
    return None
