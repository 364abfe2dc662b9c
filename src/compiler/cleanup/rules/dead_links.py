"""dead-links: links that go nowhere (``#``, empty, ``javascript:``) become plain text.

Scrapers keep the buttons and widgets of a page as links to "#"; in an EPUB they are broken
links (EPUBCheck complains about some) and in print they are underlined nothing. The text
stays; only the link goes. Anchors that are link targets (``<a id=...>``, ``<a name=...>``)
are kept.
"""

from __future__ import annotations

from ..context import RuleContext
from ..registry import registry
from ..tree import Element, plain, unwrap


@registry.register("dead-links", 40, "turn links to '#', '' or 'javascript:' into plain text")
def dead_links(ctx: RuleContext) -> None:
    for a in list(ctx.root.iter("a")):
        if is_dead(a):
            ctx.record("unlinked", plain(a) or "(empty link)")
            unwrap(a)


def is_dead(a: Element) -> bool:
    href = a.get("href")
    if href is None:
        return not (a.get("id") or a.get("name"))
    href = href.strip()
    return href in ("", "#") or href.lower().replace(" ", "").startswith("javascript:")
