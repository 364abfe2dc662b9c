"""Titles as sites write them: inline markup kept as emphasis, the site's name taken off.

WordPress stores a post title as HTML (``Title <em>With</em> Emphasis``), front matter may do
the same, and a page's title heading can hold a book title in italics. The book needs two
forms: plain text for the places that cannot show markup (EPUB navigation, NCX, metadata,
running heads), and inline XHTML for the chapter heading and the contents page.

A page's ``<title>`` also names the site ("… | whitehouse.gov", "… · V8", "… — Jane Doe
(@jdoe)"). :func:`site_suffix` finds that part when something shows it is not the title's:
it is a domain or a handle, it is the author's name, the page's own heading stops before it,
or several articles of the volume end with it (:func:`shared_suffixes`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from html import escape
from pathlib import Path

import nh3
from lxml import html as lxml_html

from ..sources.base import RawArticle, SourceMeta
from ..sources.sanitize import DROPPED_WITH_CONTENT
from ..sources.xhtml import to_xhtml
from ..volume.model import CleanupSettings
from .tree import words

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
    from .engine import clean  # the engine runs the rules, one of which reads titles here

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


# What themes put between a title and the site's name, most specific first.
TITLE_SEPARATORS = (" | ", " · ", " • ", " :: ", " // ", " » ", " — ", " – ", " - ", " ~ ")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?$", re.IGNORECASE)
_HANDLE = re.compile(r"^(?:[^()@]{1,60}\s)?\(@?[\w.-]{1,40}\)$|^@[\w.-]{1,40}$")
# Several articles share a suffix: this many of them, and at least half of those that have one.
SHARED_SUFFIX_MIN = 2


def split_suffix(title: str) -> tuple[str, str] | None:
    """``"Head | Tail"`` -> (head, tail) at the last separator, or None."""
    for separator in TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and tail.strip():
            return head.strip(), tail.strip()
    return None


def site_suffix(
    title: str, heading: str | None = None, author: str | None = None
) -> tuple[str, str] | None:
    """(title without it, suffix) if the title ends with the site's name, or None.

    ``heading`` is the page's own title heading, ``author`` the article's author: a suffix
    equal to the author's name, or after the text the heading shows, is not the title's.
    """
    parts = split_suffix(title)
    if parts is None:
        return None
    head, tail = parts
    if (
        _DOMAIN.match(tail)
        or _HANDLE.match(tail)
        or (author and _key(tail) == _key(author))
        or (heading and _key(head) == _key(heading) and _key(heading) != _key(title))
    ):
        return head, tail
    return None


def shared_suffixes(titles: Iterable[str]) -> set[str]:
    """Suffixes several of the volume's titles end with ("… · V8" on every post of a blog)."""
    tails = Counter(parts[1] for parts in map(split_suffix, titles) if parts is not None)
    return {tail for tail, n in tails.items() if n >= SHARED_SUFFIX_MIN}


def _key(text: str) -> str:
    return " ".join(w.casefold() for w in words(text.replace("’", "'")))


def without_shared_suffixes(
    titles: list[tuple[str, str | None]],
) -> list[tuple[str, str | None, str | None]]:
    """Each (plain title, inline XHTML) without a suffix several of them share.

    Gives (title, XHTML, suffix removed or None) for each, in order. The XHTML form loses the
    suffix too, or is dropped (the plain title then serves) when its suffix cannot be found.
    """
    shared = shared_suffixes(title for title, _ in titles)
    out: list[tuple[str, str | None, str | None]] = []
    for title, markup in titles:
        parts = split_suffix(title)
        if parts is None or parts[1] not in shared:
            out.append((title, markup, None))
            continue
        head, tail = parts
        if markup is not None:
            marked = split_suffix(markup)
            markup = marked[0] if marked and _key(split_title(marked[1])[0]) == _key(tail) else None
        out.append((head, markup, tail))
    return out
