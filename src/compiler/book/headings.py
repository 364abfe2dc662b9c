"""An article's own headings, made to fit under its chapter title.

Scraped posts use headings for looks: an ``<h3>`` right under the post title because the
theme made ``<h2>`` too big, a bold heading, an empty heading left by an editor. In the book
the chapter title is the ``<h1>``, so the article's top level becomes ``<h2>`` and each
deeper level follows without gaps; screen readers navigate by these levels, and an
accessibility checker reports every skipped one.
"""

from __future__ import annotations

from lxml import html as lxml_html

from ..sources.sanitize import drop_keep_tail

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_EMPHASIS = ("strong", "b")
_FIRST_LEVEL = 2  # the chapter title is the <h1>


def normalise_headings(root: lxml_html.HtmlElement) -> None:
    """Drop empty headings, unwrap all-bold ones, and renumber levels from ``<h2>``."""
    headings = [h for h in root.iter(*HEADING_TAGS) if isinstance(h.tag, str)]
    kept = []
    for heading in headings:
        if not " ".join(heading.text_content().split()) and not heading.xpath(".//img"):
            drop_keep_tail(heading)
            continue
        _unwrap_bold(heading)
        kept.append(heading)
    # Each source level maps to the next free book level below its nearest open parent, so
    # h1 h3 h3 h2 h4 becomes h2 h3 h3 h2 h3.
    stack: list[tuple[int, int]] = []  # (source level, book level)
    for heading in kept:
        level = int(heading.tag[1])
        while stack and stack[-1][0] >= level:
            stack.pop()
        book_level = min(stack[-1][1] + 1 if stack else _FIRST_LEVEL, 6)
        stack.append((level, book_level))
        heading.tag = f"h{book_level}"


def _unwrap_bold(heading: lxml_html.HtmlElement) -> None:
    """``<h3><strong>x</strong></h3>`` is ``<h3>x</h3>``: a heading is bold already."""
    children = [c for c in heading if isinstance(c.tag, str)]
    if (
        len(children) == 1
        and children[0].tag in _EMPHASIS
        and not (heading.text or "").strip()
        and not (children[0].tail or "").strip()
    ):
        children[0].drop_tag()
