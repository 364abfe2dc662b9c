"""heading-permalinks: the link marks themes put beside headings (``#``, ``¶``, ``🔗``).

Sphinx, MkDocs, GitHub, Docusaurus and many blog themes add a small in-page link to every
heading so a reader can copy its address: a ``¶`` or ``#`` after the text, an empty anchor
before it, a "Permalink" link. Saved or scraped, the mark becomes part of the heading and
is printed after it in the book and in the contents. A link is such a mark when it points
into the page (``#…``) and shows only a mark or nothing; a mark written as plain text at
either end of a heading goes too. A heading that is itself a link keeps its text.
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..tree import HEADINGS, Element, in_opaque, is_blank, plain, remove, tag

# What a permalink shows, lower-cased.
MARKS = frozenset(
    {
        "#", "¶", "§", "🔗", "⚓", "⚓︎", "🔗︎", "link", "permalink", "anchor", "direct link",
        "link to this heading", "link to this section", "permalink to this headline",
        "permalink to this heading", "lien permanent", "permalink zu dieser überschrift",
        "постоянная ссылка",
    }
)  # fmt: skip
_TEXT_MARK_END = re.compile(r"\s+(?:#|¶|§|🔗\ufe0f?)\s*$")
_TEXT_MARK_START = re.compile(r"^\s*(?:¶|§|🔗\ufe0f?)\s+")


@registry.register("heading-permalinks", 92, "remove '#', '¶' and 'Permalink' marks by headings")
def heading_permalinks(ctx: RuleContext) -> None:
    for heading in [el for el in ctx.root.iter(*HEADINGS) if not in_opaque(el)]:
        for link in [a for a in heading.iter("a") if is_permalink(a, heading)]:
            mark = plain(link)
            if mark:
                ctx.record("removed", mark, note=f"beside the heading {_label(heading, link)!r}")
            else:
                ctx.record("removed", note="empty permalink links in headings")
            anchor = link.get("id") or link.get("name")
            if anchor and not heading.get("id"):
                heading.set("id", anchor)  # links to the mark's anchor reach the heading
            remove(link)
        _strip_text_marks(ctx, heading)


def is_permalink(link: Element, heading: Element) -> bool:
    """An in-page link in ``heading`` that shows a permalink mark, or nothing at all."""
    href = (link.get("href") or "").strip()
    if not href.startswith("#"):
        return False
    text = plain(link).casefold()
    if text in MARKS:
        return True
    # An empty anchor (its icon was an SVG or a CSS glyph): only when the heading has text
    # of its own besides it, so the heading never becomes empty.
    return is_blank(text) and not is_blank(_text_without(heading, link))


def _text_without(heading: Element, link: Element) -> str:
    text = plain(heading)
    own = plain(link)
    return text.replace(own, "", 1) if own else text


def _label(heading: Element, link: Element) -> str:
    return _text_without(heading, link).strip()


def _strip_text_marks(ctx: RuleContext, heading: Element) -> None:
    """A mark saved as text: after the last piece of text, or before the first."""
    last = _last_text_holder(heading)
    if last is not None:
        element, attribute = last
        value = getattr(element, attribute) or ""
        found = _TEXT_MARK_END.search(value)
        if found and plain(heading) != found.group().strip():
            setattr(element, attribute, value[: found.start()])
            mark = found.group().strip()
            ctx.record("removed", mark, note=f"after the heading {plain(heading)!r}")
    found = _TEXT_MARK_START.match(heading.text or "")
    if found and len(plain(heading)) > len(found.group().strip()):
        heading.text = (heading.text or "")[found.end() :]
        ctx.record("removed", found.group().strip(), note=f"before the heading {plain(heading)!r}")


def _last_text_holder(heading: Element) -> tuple[Element, str] | None:
    """Where the heading's visible text ends: an element's ``text`` or ``tail``."""
    nodes = [el for el in heading.iter() if tag(el)]
    for el in reversed(nodes):
        if el is not heading and not is_blank(el.tail):
            return el, "tail"
        if not is_blank(el.text) and not any(tag(c) for c in el):
            return el, "text"
    if not is_blank(heading.text):
        return heading, "text"
    return None
