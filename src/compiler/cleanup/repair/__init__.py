"""Repairs that make any article body valid XHTML, run for every input kind.

The sanitiser decides what may appear; this package makes what remains fit together. Real
pages nest lists directly in lists, leave a ``<p>`` inside an unclosed ``<a>``, put a
``<figcaption>`` where no figure is, give two elements one id, link to headings by an id they
never got, and link to other pages of their site by relative address. An EPUB with any of
that fails EPUBCheck; in print the same markup can turn the rest of a chapter into a link.

:func:`repair` runs right after reading, before cleanup, so the rules see a sound tree;
:func:`settle` runs on the finished body, after cleanup and footnotes have moved things
around, and deals with what they can leave behind (an empty link around a removed image, a
link to a block that was removed). Both return :class:`~compiler.cleanup.Change` records for
the cleanup report under the name :data:`RULE`; repairs are not optional, so that name is not
a rule one can exclude.
"""

from __future__ import annotations

from html import escape

from lxml import html as lxml_html

from ...sources.xhtml import to_xhtml
from ..report import Change
from .attributes import attributes, valid_url
from .base import RULE, Element, RepairLog, is_el
from .links import ids, in_page_links, name_anchors, outside_links, slug
from .structure import (
    definition_lists,
    empty_inline,
    figure_captions,
    hoist_blocks,
    lists,
    nested_links,
    paragraph_divs,
    pre_newlines,
)

__all__ = ["RULE", "repair", "settle", "settle_note", "slug", "valid_url"]


def repair(root: Element, url: str | None = None) -> list[Change]:
    """Make the tree valid XHTML; ``url`` is the article's own address, for template links."""
    log = RepairLog()
    name_anchors(root, log)
    paragraph_divs(root, log)
    hoist_blocks(root, log)
    lists(root, log)
    definition_lists(root, log)
    figure_captions(root, log)
    nested_links(root, log)
    outside_links(root, url, log)
    attributes(root, log)
    empty_inline(root, log)
    return log.result()


def settle(root: Element) -> list[Change]:
    """Last repairs on a finished body: empty inline elements, ids made unique and valid,
    in-page links given their target or made text, and links left without an address."""
    log = RepairLog()
    empty_inline(root, log)
    pre_newlines(root, log)
    ids(root, log)
    in_page_links(root, log)
    for a in list(root.iter("a")):
        if a.get("href") is None and not a.get("id"):
            log.quote("unlinked", a.text_content(), "link without an address")
            a.drop_tag()
    return log.result()


def settle_note(
    html: str, body_ids: set[str] | frozenset[str] = frozenset()
) -> tuple[str, list[Change]]:
    """A note's XHTML without ids or dangling in-page links, and what that changed.

    A note is shown away from the text (a pop-up, the foot of a page) and the writers do not
    carry ids inside notes: a link to another note would point nowhere, and an id could
    repeat one of the chapter's. A link to a place in the article's text (``body_ids``) is
    kept; the book's link resolver points it at the chapter's own anchor.
    """
    log = RepairLog()
    root = lxml_html.fragment_fromstring(html or "", create_parent="div")
    for element in root.iter():
        if is_el(element) and element.attrib.pop("id", None) is not None:
            log.count("ids removed from notes")
    for a in list(root.iter("a")):
        href = a.get("href")
        if href is None or (href.startswith("#") and href[1:] not in body_ids):
            log.quote("unlinked", a.text_content(), f"link inside a note to {href or 'nothing'}")
            a.drop_tag()
    empty_inline(root, log)
    text = escape(root.text or "", quote=False)
    return text + "".join(to_xhtml(child) for child in root), log.result()
