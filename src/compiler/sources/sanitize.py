"""Untrusted HTML in, the HTML a book body may contain out, as an lxml tree.

Saved blog pages, WordPress exports and raw HTML inside Markdown all carry whatever the site
put there: trackers, embeds, forms, ``onclick`` handlers, ``javascript:`` links. A book needs
none of it, and an EPUB that contains scripts or remote frames fails validation or store
review. Every reader passes its body through :func:`sanitize_html` (one allow-list, kept
here so the formats cannot drift apart) and then :func:`html_to_tree`, so cleanup sees the
same kind of tree whatever the source format.

``class`` and ``id`` survive sanitising on purpose: cleanup rules recognise site furniture by
class (``wp-caption-text``, ``sharedaddy``) and footnotes are linked by id.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import nh3
from lxml import etree
from lxml import html as lxml_html

from ..errors import Diagnostics
from .text import locate

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6",
        "em", "strong", "i", "b", "u", "s", "sub", "sup", "small", "del", "ins", "mark",
        "a", "ul", "ol", "li", "dl", "dt", "dd",
        "blockquote", "pre", "code", "kbd", "samp", "var",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
        "figure", "figcaption", "img", "br", "hr",
        "abbr", "cite", "q", "dfn", "span", "div",
    }
)  # fmt: skip

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "lang", "dir", "title"},
    "a": {"href", "name"},  # name: old anchors; repair turns them into ids
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "span": {"data-index", "data-index-sub"},  # the author's index marks (book/indexing.py)
}

# Elements whose *content* goes too, not just the tags: their text is code, a fallback for
# an embed ("Your browser does not support video") or form furniture ("Sign up"), never prose.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "noframes",
        "object", "embed", "applet", "audio", "video", "canvas", "svg",
        "form", "button", "select", "textarea", "head", "title",
    }
)  # fmt: skip

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

# Containers whose direct content should be all blocks or all inline. Loose text next to a
# block child is wrapped in <p> so typography and page layout treat it as a paragraph.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre",
        "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_MIXED_CONTAINERS = frozenset({"div", "blockquote", "section", "article", "aside", "main"})

_PARSER = lxml_html.HTMLParser(
    no_network=True, remove_comments=True, remove_pis=True, default_doctype=False
)


def sanitize_html(html: str) -> str:
    """Reduce an HTML fragment to the elements and attributes a book body may contain.

    Disallowed tags are unwrapped (their text stays); scripts, embeds and forms are removed
    with their content; URLs other than http(s), mailto and relative ones are dropped;
    comments go. The result is a fragment, not a document.
    """
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=None,
    )


# What the sanitiser removes that the editor should hear about: active content (scripts,
# handlers, frames), which a book can never carry, and things that silently vanish from the
# text (inline drawings, forms). Plain tag unwrapping (a <font>, a <center>) is not reported.
_REPORTED_ELEMENTS: dict[str, str] = {
    "script": "a <script> element (books carry no scripts)",
    "iframe": "an <iframe> (embedded pages are not kept in a book)",
    "frame": "a <frame> (embedded pages are not kept in a book)",
    "frameset": "a <frameset> (embedded pages are not kept in a book)",
    "object": "an <object> (embedded content is not kept in a book)",
    "embed": "an <embed> (embedded content is not kept in a book)",
    "applet": "an <applet> (embedded content is not kept in a book)",
    "form": "a <form> (forms do not work in a book)",
    "svg": "an inline <svg> drawing (save it as an .svg file in the book folder and use it "
    "as an image)",
    "base": "a <base> element (links are resolved against the article, not the page)",
}
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href")
_REPORTED_SCHEMES: dict[str, str] = {
    "javascript": "a javascript: address (books carry no scripts)",
    "vbscript": "a vbscript: address (books carry no scripts)",
    "data": "a data: address (images must be files in the book folder)",
    "file": "a file: address (refer to images by their path inside the book folder)",
}


@dataclass(frozen=True)
class Removed:
    """One kind of content the sanitiser takes out, how often, and text to find it by."""

    what: str
    needle: str
    count: int = 1

    def message(self) -> str:
        times = f" ({self.count} times)" if self.count > 1 else ""
        return f"removed {self.what}{times}"


def removed_content(html: str) -> list[Removed]:
    """What :func:`sanitize_html` will take out of ``html`` that is worth a warning.

    The sanitiser itself reports nothing, so the fragment is scanned first with the same
    kind of parser. Results are in document order of first appearance, one per kind.
    """
    if not html.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div", parser=_PARSER)
    except (etree.ParserError, ValueError):
        return []
    counts: Counter[tuple[str, str]] = Counter()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in _REPORTED_ELEMENTS:
            counts[(_REPORTED_ELEMENTS[tag], f"<{tag}")] += 1
        elif tag == "link" and "stylesheet" in (element.get("rel") or "").lower():
            counts[("an external stylesheet (the book's own styles apply)", "<link")] += 1
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                counts[(f"an event handler '{lowered}' (books carry no scripts)", lowered)] += 1
            elif lowered in _URL_ATTRIBUTES:
                scheme = _scheme(value)
                if scheme in _REPORTED_SCHEMES:
                    counts[(_REPORTED_SCHEMES[scheme], f"{scheme}:")] += 1
    return [Removed(what, needle, count) for (what, needle), count in counts.items()]


def warn_removed(
    html: str, source: Path, diagnostics: Diagnostics, text: str = "", first_line: int = 1
) -> None:
    """Warn about each kind of content the sanitiser will remove, at its line in ``text``."""
    for removed in removed_content(html):
        line, col = locate(text, removed.needle, first_line)
        diagnostics.warn(removed.message(), source, line, col)


def _scheme(url: str) -> str:
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    compact = "".join(ch for ch in url.strip() if ch > " ").lower()
    head, colon, _ = compact.partition(":")
    return head if colon and head.isalpha() else ""


def html_to_tree(html: str) -> lxml_html.HtmlElement:
    """Parse a (sanitised) fragment into a ``<div>`` holding block elements.

    Text or inline elements sitting directly in the wrapper (or mixed with blocks inside a
    ``<div>``/``<blockquote>``) are gathered into ``<p>`` elements. Images whose source the
    sanitiser refused are dropped (an ``<img>`` without ``src`` is invalid in an EPUB), and
    so are paragraphs left with nothing in them once an embed or form was removed.
    """
    root = _parse_fragment(html)
    for img in root.xpath(".//img[not(@src) or normalize-space(@src)='']"):
        drop_keep_tail(img)
    for paragraph in root.xpath(".//p[not(*) and not(normalize-space(.))]"):
        drop_keep_tail(paragraph)
    _wrap_inline_runs(root)
    for element in list(root.iter(*_MIXED_CONTAINERS)):
        if element is not root and any(_is_block(child) for child in element):
            _wrap_inline_runs(element)
    return root


def _parse_fragment(html: str) -> lxml_html.HtmlElement:
    if not html.strip():
        return lxml_html.Element("div")
    try:
        return lxml_html.fragment_fromstring(html, create_parent="div", parser=_PARSER)
    except etree.ParserError:
        # lxml reports a fragment of nothing but whitespace or comments as an empty document.
        return lxml_html.Element("div")


def _is_block(node: object) -> bool:
    return (
        isinstance(node, etree._Element) and isinstance(node.tag, str) and (node.tag in BLOCK_TAGS)
    )


def _wrap_inline_runs(parent: lxml_html.HtmlElement) -> None:
    """Regroup ``parent``'s content so that every inline run sits inside a ``<p>``."""
    items: list[str | etree._Element] = []
    if parent.text:
        items.append(parent.text)
    for child in list(parent):
        tail, child.tail = child.tail, None
        items.append(child)
        if tail:
            items.append(tail)
        parent.remove(child)
    parent.text = None

    run: list[str | etree._Element] = []
    for item in items:
        if isinstance(item, str) or not _is_block(item):
            run.append(item)
            continue
        _flush_run(parent, run)
        parent.append(item)
    _flush_run(parent, run)


def _flush_run(parent: lxml_html.HtmlElement, run: list[str | etree._Element]) -> None:
    meaningful = any(
        (isinstance(item, str) and item.strip()) or (not isinstance(item, str) and item.tag != "br")
        for item in run
    )
    if meaningful:
        paragraph = parent.makeelement("p", {})
        for item in run:
            if isinstance(item, str):
                _append_text(paragraph, item)
            else:
                paragraph.append(item)
        _strip_edges(paragraph)
        parent.append(paragraph)
        paragraph.tail = "\n"
    else:
        # Whitespace and stray <br>s between blocks: keep the whitespace, lose the breaks.
        for item in run:
            if isinstance(item, str):
                _append_text(parent, item)
    run.clear()


def _append_text(parent: etree._Element, text: str) -> None:
    # Not len(parent): lxml counts the children one by one, which made 10,000 paragraphs cost
    # 50 million steps.
    last = next(parent.iterchildren(reversed=True), None)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _strip_edges(paragraph: etree._Element) -> None:
    """Trim the whitespace a run picked up from the markup around it, and edge ``<br>``s."""
    while len(paragraph) and paragraph[0].tag == "br" and not (paragraph.text or "").strip():
        drop_keep_tail(paragraph[0])
    while len(paragraph) and paragraph[-1].tag == "br" and not (paragraph[-1].tail or "").strip():
        paragraph.remove(paragraph[-1])
    if paragraph.text:
        paragraph.text = paragraph.text.lstrip() or None
    if len(paragraph):
        last = paragraph[-1]
        if last.tail:
            last.tail = last.tail.rstrip() or None
    elif paragraph.text:
        paragraph.text = paragraph.text.rstrip() or None


def drop_keep_tail(element: etree._Element) -> None:
    """Remove ``element`` but keep the text that followed it (every reader and step uses this)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
