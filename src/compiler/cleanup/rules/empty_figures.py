"""empty-figures: figure shells with nothing left in them.

A figure whose image was a lazy-loaded placeholder, a tracking pixel the sanitiser refused or
a script-built gallery reaches the tree as an empty ``<figure>`` (or ``<picture>``): nothing
to see, but a figure's margins, so a gap on the page. They go when they hold no image,
table, video or text at all (a figure left with only its caption is ``orphan-captions``'
business, which knows captions).
"""

from __future__ import annotations

from ..context import RuleContext
from ..registry import registry
from ..tree import EMBEDDED, Element, in_opaque, is_blank, tag

_SHELLS = ("figure", "picture")
# What a shell may show without text; an empty <picture> inside a figure is no picture.
_CONTENT = EMBEDDED - {"picture"}


@registry.register("empty-figures", 98, "remove figures left with no image and no text")
def empty_figures(ctx: RuleContext) -> None:
    shells = [
        el
        for el in ctx.root.iter(*_SHELLS)
        if is_blank(el.text_content())
        and not _shows_something(el)
        and not in_opaque(el)
        and not el.get("id")
    ]
    for shell in reversed(shells):
        if shell.getparent() is not None and not any(
            tag(a) in _SHELLS for a in shell.iterancestors()
        ):
            ctx.remove(shell)


def _shows_something(shell: Element) -> bool:
    return any(tag(el) in _CONTENT for el in shell.iter())
