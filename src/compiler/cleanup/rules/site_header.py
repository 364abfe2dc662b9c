"""site-header: the blog's name or navigation links scraped above the article's title.

A scraper that saves the whole page keeps the masthead ("[thesaker.is](http://thesaker.is)")
as the first paragraph. It is recognised by shape: a leading block holding nothing but links
to the site itself (the link text is a domain, or the link goes to the site's front page),
before the title heading. The site's address, if the article has none, becomes its URL so the
chapter can still say where it was first published.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..context import RuleContext
from ..registry import registry
from ..tree import HEADINGS, Element, body_blocks, plain, tag, words

_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+/?$", re.IGNORECASE)
_SEPARATORS = re.compile(r"^[\s|·•/»›:–—-]*$")
_MAX_HEADER_BLOCKS = 3  # masthead lines before the title: site name, tagline link, menu
_MAX_LINK_WORDS = 5


@registry.register("site-header", 90, "remove the site's name and navigation above the title")
def site_header(ctx: RuleContext) -> None:
    blocks = body_blocks(ctx.root)
    run = 0
    while run < min(len(blocks) - 1, _MAX_HEADER_BLOCKS) and _site_links(blocks[run], False):
        run += 1
    if not any(tag(b) in ("h1", "h2", "h3") for b in blocks[run : run + 2]):
        # Without a title heading right after it, only the surest shape counts: a first
        # paragraph that is one link whose text is a domain name.
        run = 1 if blocks and _site_links(blocks[0], True) and len(blocks) > 1 else 0
    for block in blocks[:run]:
        href = _site_links(block, False)[0].get("href", "").strip()
        if not ctx.meta.url and urlsplit(href).scheme in ("http", "https"):
            ctx.set_meta("url", href)
            ctx.remove(block, note=f"{href} kept as the article's URL")
        else:
            ctx.remove(block)


def _site_links(block: Element, strict: bool) -> list[Element]:
    """The block's links if it is nothing but links to a site's front page; else []."""
    name = tag(block)
    if name not in ("p", "div", "nav", "header") and name not in HEADINGS:
        return []
    links = list(block.iter("a"))
    if not links or (strict and len(links) > 1):
        return []
    rest = plain(block)
    for a in links:
        rest = rest.replace(plain(a), " ", 1)
    if not _SEPARATORS.match(rest):
        return []
    if all(_is_site_link(a, strict) for a in links):
        return links
    return []


def _is_site_link(a: Element, strict: bool) -> bool:
    text = plain(a)
    href = (a.get("href") or "").strip()
    if _DOMAIN.match(text):
        return True
    if strict or not 0 < len(words(text)) <= _MAX_LINK_WORDS:
        return False
    parts = urlsplit(href)
    return bool(parts.netloc) and parts.path in ("", "/") and not parts.query
