"""Titles written with inline markup: emphasis kept as emphasis, never printed as tags.

WordPress stores a post title as HTML (``Title <em>With</em> Emphasis``), front matter may do
the same, and a page's title heading can hold a book title in italics. The book needs two
forms: plain text for the places that cannot show markup (EPUB navigation, NCX, metadata,
running heads), and inline XHTML for the chapter heading and the contents page.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import nh3
from lxml import html as lxml_html

from ..sources.base import RawArticle, SourceMeta
from ..sources.sanitize import DROPPED_WITH_CONTENT
from ..sources.xhtml import to_xhtml
from ..volume.model import CleanupSettings
from .engine import clean

# What a title may keep: emphasis and the small inline marks titles use. Links, images and
# blocks are unwrapped to their text.
TITLE_TAGS: frozenset[str] = frozenset(
    {
        "em", "i", "strong", "b", "cite", "q", "sup", "sub", "small", "abbr", "code", "span",
        "s", "u", "mark", "dfn", "var", "kbd",
    }
)  # fmt: skip


def split_title(text: str) -> tuple[str, str | None]:
    """A title as written -> (plain text, inline XHTML or None when it has no markup)."""
    if "<" not in text:
        return text, None
    cleaned = nh3.clean(
        text,
        tags=set(TITLE_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={"*": {"lang", "dir"}},
        strip_comments=True,
        link_rel=None,
    )
    return _forms(lxml_html.fragment_fromstring(cleaned, create_parent="span"))


def heading_markup(heading: lxml_html.HtmlElement) -> str | None:
    """The inline XHTML of a title heading, or None if it holds only text."""
    if not any(isinstance(child.tag, str) for child in heading.iter() if child is not heading):
        return None
    return split_title(to_xhtml_inner(heading))[1]


def typeset_markup(html: str, language: str) -> str:
    """Set a title's inline XHTML in the language's typography, across its elements."""
    root = lxml_html.fragment_fromstring(f"<p>{html}</p>", create_parent="div")
    raw = RawArticle(source=Path("title"), root=root, meta=SourceMeta())
    clean(raw, CleanupSettings(rules=("typography",)), language)
    return to_xhtml_inner(root[0])


def to_xhtml_inner(element: lxml_html.HtmlElement) -> str:
    """The XHTML of what ``element`` holds, without the element itself."""
    text = escape(element.text or "", quote=False)
    return text + "".join(to_xhtml(child) for child in element)


def _forms(root: lxml_html.HtmlElement) -> tuple[str, str | None]:
    plain = " ".join(root.text_content().split())
    if not any(isinstance(child.tag, str) for child in root.iter() if child is not root):
        return plain, None
    markup = " ".join(to_xhtml_inner(root).split())
    return plain, markup or None
