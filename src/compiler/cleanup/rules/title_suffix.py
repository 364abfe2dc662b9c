"""title-suffix: the site's name a page adds to its title ("… | whitehouse.gov").

A saved page's ``<title>`` is often the only title it declares, and themes end it with the
site: a domain, a handle ("— Jane Doe (@jdoe)"), the author's name, or a blog's name that
the page's own heading leaves out ("Gefällt mir" heads the post titled "Gefällt mir –
jovelblog"). The chapter is titled without it. The reader already removes a suffix equal to
the page's declared site name (``og:site_name``); this rule finds the others (see
:func:`~compiler.cleanup.titles.site_suffix`).
"""

from __future__ import annotations

import re
from html import unescape
from itertools import islice

from ..context import RuleContext
from ..registry import registry
from ..titles import site_suffix
from ..tree import body_blocks, plain, tag

# A title heading is short: bounding it keeps an unclosed <h1> in a hostile page from making
# every search run to the end of the page.
_HEADING = re.compile(r"<h1\b[^>]{0,500}>(.{0,500}?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TITLE_ELEMENT = re.compile(r"<title\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_MAX_HEADINGS = 20


@registry.register("title-suffix", 91, "remove the site's name from the end of the title")
def title_suffix(ctx: RuleContext) -> None:
    title = ctx.meta.title
    if not title:
        return
    for heading in _headings(ctx):
        found = site_suffix(title, heading, ctx.meta.author)
        if found is not None:
            kept, suffix = found
            ctx.set_meta("title", kept)
            ctx.record("removed", suffix, note=f"the site's name in the title {title!r}")
            return


def _headings(ctx: RuleContext) -> list[str | None]:
    """The page's own title headings (``<h1>``), then none at all.

    Only a saved page's title comes from its ``<title>``, where sites add their name; a title
    from front matter or an export is the author's, so their headings are not looked at
    ("Introduction - Part 1" over a section "Introduction" keeps its title).
    """
    if not _TITLE_ELEMENT.search(ctx.source):
        return [None]
    found: list[str | None] = []
    blocks = body_blocks(ctx.root)
    if blocks and tag(blocks[0]) == "h1":
        found.append(plain(blocks[0]))
    for match in islice(_HEADING.finditer(ctx.source), _MAX_HEADINGS):
        found.append(" ".join(unescape(_TAG.sub("", match.group(1))).split()))
    return [*found, None]
