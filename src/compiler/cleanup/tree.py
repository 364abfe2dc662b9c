"""Small questions and edits on the article tree that every rule needs.

Rules reason about "blocks" (paragraphs, headings, lists) and their visible text, never about
Markdown or HTML source, so one rule serves every input format. Keeping these helpers in one
place means "what counts as a word" or "what is blank" has a single answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import html as lxml_html

Element = lxml_html.HtmlElement

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text is literal (code, maths): no rule may rewrite it.
OPAQUE = frozenset({"code", "pre", "kbd", "samp", "var", "tt", "script", "style", "math", "svg"})
# Elements that carry content without text: a block holding one of these is never "blank".
EMBEDDED = frozenset(
    {
        "img", "picture", "svg", "video", "audio", "iframe", "object", "embed", "canvas", "math",
        "table", "hr", "input",
    }
)  # fmt: skip
BLOCKS = HEADINGS | frozenset(
    {
        "p", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
        "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "section", "article", "aside",
        "header", "footer", "nav", "main", "address", "details", "summary", "hr", "pre",
    }
)  # fmt: skip
# Every kind of space a scraper leaves behind, including the invisible ones.
BLANK_CHARS = (
    " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)

# Addresses written out in the text: typography and emphasis rules leave them alone.
URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"«»]+", re.IGNORECASE)
_WRAPPERS = frozenset({"div", "article", "section", "main"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SPACES = re.compile(f"[{BLANK_CHARS}]+")


def tag(el: object) -> str:
    """The lower-case tag name, or "" for comments and processing instructions."""
    name = getattr(el, "tag", None)
    return name.lower() if isinstance(name, str) else ""


def words(text: str) -> list[str]:
    """Words as a reader counts them: punctuation, quotes and dashes are not words.

    Apostrophes inside a word keep it whole, so curling them never changes the count.
    """
    return _WORD.findall(text)


def word_count(el: Element) -> int:
    return len(words(el.text_content()))


def is_blank(text: str | None) -> bool:
    return not text or not text.strip(BLANK_CHARS)


def plain(el: Element) -> str:
    """The element's visible text on one line, as the report quotes it."""
    return _SPACES.sub(" ", el.text_content()).strip()


def lines(el: Element) -> list[str]:
    """The element's visible text as a reader sees it laid out: one entry per line.

    A line ends where a block starts or ends (a paragraph inside a ``<div>``, a list item) and
    at every ``<br>``. "Title<br>Order Now" is two lines, as is a ``<div>`` holding a cover,
    a title paragraph and a button: rules judge each line and report what they removed as
    the reader saw it, whatever markup held it.
    """
    found: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(current)).strip()
        if text:
            found.append(text)
        current.clear()

    def walk(node: Element) -> None:
        current.append(node.text or "")
        for child in node:
            name = tag(child)
            if name == "br":
                flush()
            elif name in BLOCKS:
                flush()
                walk(child)
                flush()
            elif name:
                walk(child)
            current.append(child.tail or "")

    walk(el)
    flush()
    return found


def normalise(text: str) -> str:
    """Text for comparisons: spaces collapsed, case folded."""
    return _SPACES.sub(" ", text).strip().casefold()


def has_embedded(el: Element) -> bool:
    """True if the element shows something other than text (an image, a table, a video)."""
    return tag(el) in EMBEDDED or any(tag(d) in EMBEDDED for d in el.iterdescendants())


def is_footnotes(el: Element) -> bool:
    """The notes section readers append to the body (Python-Markdown's ``div.footnote``)."""
    classes = (el.get("class") or "").split()
    return (
        any(c in ("footnote", "footnotes", "endnotes") for c in classes)
        or el.get("role") == "doc-endnotes"
    )


def body_blocks(root: Element) -> list[Element]:
    """Top-level blocks of the essay itself: what "first" and "last" paragraph refer to.

    A page saved from the web may keep the theme's wrapper (``<div class="entry-content">``)
    around everything; the blocks inside it are the essay's. The notes section is not part of
    the running text, so the essay's last paragraph is the one before the notes.
    """
    container = root
    while True:
        children = [el for el in container if tag(el)]
        only = children[0] if len(children) == 1 else None
        if (
            only is None
            or tag(only) not in _WRAPPERS
            or is_footnotes(only)
            or not is_blank(container.text)
            or not is_blank(only.tail)
        ):
            break
        container = only
    return [el for el in container if tag(el) and not is_footnotes(el)]


def in_opaque(el: Element) -> bool:
    return any(tag(a) in OPAQUE for a in el.iterancestors()) or tag(el) in OPAQUE


def text_elements(root: Element) -> Iterator[Element]:
    """Elements whose text and tail a rule may rewrite: everything outside code and maths."""
    stack = [root]
    while stack:
        el = stack.pop()
        yield el
        if tag(el) not in OPAQUE:
            stack.extend(reversed([c for c in el if tag(c)]))


def inline_only(el: Element, tags: frozenset[str]) -> bool:
    """True if every visible character of ``el`` sits inside one of ``tags``.

    Answers "is this whole paragraph italic?" without caring how the emphasis is nested.
    """
    if not is_blank(el.text):
        return False
    for child in el:
        if not is_blank(child.tail):
            return False
        name = tag(child)
        if not name:
            continue
        if name in tags:
            continue
        if name == "br" or not inline_only(child, tags):
            return False
    return True


def remove(el: Element) -> None:
    """Take ``el`` and its subtree out of the tree, keeping the text that follows it.

    A block's tail is usually just the line break after it; that goes too, so removals do not
    leave runs of blank lines in the output.
    """
    if is_blank(el.tail):
        el.tail = None
    el.drop_tree()


def unwrap(el: Element) -> None:
    """Replace ``el`` by its content (text and children), keeping the text that follows it."""
    el.drop_tag()


def new_element(name: str) -> Element:
    return lxml_html.Element(name)
