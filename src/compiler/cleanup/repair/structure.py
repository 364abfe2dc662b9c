"""Repairs of nesting: every element where HTML allows it, nothing empty that shows nothing.

Real pages nest a list directly in a list, leave a ``<p>`` or ``<figcaption>`` inside an
unclosed ``<a>``, put list items or captions where no list or figure is, and write each
paragraph of an old WordPress post as a ``<div>``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from ...sources.sanitize import BLOCK_TAGS, drop_keep_tail
from .base import (
    CONTAINERS,
    INLINE,
    LISTS,
    PHRASING_ONLY,
    SPACES,
    Element,
    RepairLog,
    append_text_at,
    has_content,
    is_block,
    is_el,
)


def paragraph_divs(root: Element, log: RepairLog) -> None:
    """A run of ``<div>``s each holding one paragraph's text (old WordPress posts) becomes
    ``<p>``s, so print indents them and cleanup treats them as paragraphs."""
    for parent in [root, *root.iter("div", "blockquote", "section", "article", "li", "td")]:
        divs = [c for c in parent if c.tag == "div" and _is_paragraph_div(c)]
        if len(divs) < 2:
            continue
        for div in divs:
            div.tag = "p"
        log.count("paragraphs written as <div> set as paragraphs", len(divs))


def _is_paragraph_div(div: Element) -> bool:
    if div.get("class") or div.get("id"):
        return False
    return all(isinstance(c.tag, str) and c.tag not in BLOCK_TAGS for c in div)


def hoist_blocks(root: Element, log: RepairLog) -> None:
    """Blocks inside inline elements or paragraphs move out, splitting what held them.

    ``<a href="x">see <p>this</p> and</a>`` becomes ``<a href="x">see </a><p><a
    href="x">this</a></p><a href="x"> and</a>``: the link, emphasis or span stays on all
    the text it covered. Deepest elements go first, so each split sees sound content.
    """
    for element in list(root.iter())[::-1]:
        if element is root or not is_el(element) or element.tag not in PHRASING_ONLY:
            continue
        if any(is_block(child) for child in element):
            _split_around_blocks(element)
            log.count("blocks moved out of inline elements or paragraphs")


def _split_around_blocks(element: Element) -> None:
    inline = element.tag in INLINE
    pieces: list[Element] = []
    current = _shell(element, keep_id=True)
    current.text = element.text
    for child in list(element):
        tail, child.tail = child.tail, None
        if is_block(child):
            if has_content(current):
                pieces.append(current)
            pieces.append(_push_into(child, element) if inline else child)
            current = _shell(element, keep_id=False)
            current.text = tail
        else:
            current.append(child)
            child.tail = tail
    if has_content(current):
        pieces.append(current)
    parent = element.getparent()
    tail = element.tail
    index = parent.index(element)
    parent.remove(element)
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)
    if pieces:
        pieces[-1].tail = tail
    elif tail:
        append_text_at(parent, index, tail)


def _push_into(block: Element, inline: Element) -> Element:
    """Wrap the text of ``block`` (or of the blocks inside it) in a copy of ``inline``."""
    blocks = [child for child in block if is_block(child)]
    if blocks or block.tag in CONTAINERS:
        for child in blocks:
            _push_into(child, inline)
    elif (block.text or "").strip(SPACES) or len(block):
        wrapper = _shell(inline, keep_id=False)
        wrapper.text, block.text = block.text, None
        for child in list(block):
            wrapper.append(child)
        block.append(wrapper)
    return block


def _shell(element: Element, keep_id: bool) -> Element:
    attrib = dict(element.attrib)
    if not keep_id:
        attrib.pop("id", None)
    return element.makeelement(element.tag, attrib)


def lists(root: Element, log: RepairLog) -> None:
    """Lists hold list items only; list items sit in lists."""
    for lst in list(root.iter("ul", "ol")):
        if _list_children_fixed(lst):
            log.count("lists given proper list items")
    for li in list(root.iter("li")):
        parent = li.getparent()
        if parent is None or parent.tag in LISTS:
            continue
        run = [li]
        for sibling in li.itersiblings():
            if sibling.tag != "li" or (run[-1].tail or "").strip(SPACES):
                break
            run.append(sibling)
        wrapper = li.makeelement("ul", {})
        li.addprevious(wrapper)
        for item in run:
            tail = item.tail
            wrapper.append(item)
            item.tail = None if not (tail or "").strip(SPACES) else tail
        wrapper.tail, run[-1].tail = run[-1].tail, None
        log.count("list items outside a list put in one")


def _list_children_fixed(lst: Element) -> bool:
    """Put a list nested directly in ``lst`` into the item before it, and loose text, inline
    elements and other blocks into items of their own."""
    return _items_only(lst, "li", ("li",), nest=LISTS)


def _items_only(
    container: Element, item: str, items: tuple[str, ...], nest: frozenset[str] = frozenset()
) -> bool:
    """Gather everything in ``container`` that is not one of ``items`` into new ``item``
    elements: a run of text and inline elements into one, each block into its own. A
    ``nest`` element (a list inside a list) goes into the item before it when there is one.
    """
    changed = False
    run: Element | None = None
    children = list(container)
    if container.text and not container.text.strip(SPACES):
        container.text = _xml_space(container.text)  # a no-break space is text to XML
    if (container.text or "").strip(SPACES):
        run = container.makeelement(item, {})
        run.text, container.text = container.text.lstrip(SPACES), None
        container.insert(0, run)
        changed = True
    for child in children:
        if not is_el(child) or child.tag in items:
            run = None if is_el(child) else run
            tail = child.tail
        else:
            changed = True
            tail, child.tail = child.tail, None
            previous = child.getprevious()
            if child.tag == "br":
                container.remove(child)
            elif child.tag in nest and previous is not None and previous.tag in items:
                previous.append(child)
                run = None
            elif not is_block(child):
                if run is None:
                    run = container.makeelement(item, {})
                    child.addprevious(run)
                run.append(child)
                child.tail = tail
                continue
            else:
                wrapper = container.makeelement(item, {})
                child.addprevious(wrapper)
                wrapper.append(child)
                run = None
        if (tail or "").strip(SPACES):
            run = container.makeelement(item, {})
            run.text = tail.lstrip(SPACES)
            _insert_after(container, child, run)
            changed = True
        if child.getparent() is container:
            child.tail = _xml_space(tail) if not (tail or "").strip(SPACES) else None
    return changed


def _xml_space(text: str | None) -> str | None:
    """Only the spaces XML counts as white space may sit between items."""
    return "".join(ch for ch in text if ch in " \t\r\n") or None if text else None


def _insert_after(container: Element, child: Element, new: Element) -> None:
    """Put ``new`` after ``child``, or after the item that took ``child`` in."""
    anchor = child
    while anchor.getparent() is not None and anchor.getparent() is not container:
        anchor = anchor.getparent()
    if anchor.getparent() is container:
        anchor.addnext(new)
    else:
        container.append(new)


def definition_lists(root: Element, log: RepairLog) -> None:
    """Definition lists hold terms followed by their definitions; anything else in one
    becomes a definition, and a list that still does not pair terms with definitions is set
    as plain paragraphs. Terms and definitions outside a list become paragraphs too."""
    for dl in list(root.iter("dl")):
        if _items_only(dl, "dd", ("dt", "dd")):
            log.count("definition lists given proper items")
        shape = "".join("t" if c.tag == "dt" else "d" for c in dl if is_el(c))
        if shape and not re.fullmatch(r"(?:t+d+)+", shape):
            dl.tag = "div"
            log.count("definition lists without terms set as paragraphs")
    for term in list(root.iter("dt", "dd")):
        parent = term.getparent()
        if parent is not None and parent.tag != "dl":
            term.tag = "p" if not any(is_block(c) for c in term) else "div"
            log.count("terms and definitions outside a definition list set as paragraphs")


def figure_captions(root: Element, log: RepairLog) -> None:
    """A caption outside a figure, or a second one inside it, becomes a plain paragraph."""
    for caption in list(root.iter("figcaption")):
        figure = caption.getparent()
        siblings = [c for c in figure if is_el(c)] if figure is not None else []
        placed = (
            figure is not None
            and figure.tag == "figure"
            and caption in (siblings[0], siblings[-1])
            and [c.tag for c in siblings].count("figcaption") == 1
        )
        if not placed:
            caption.tag = "div" if any(is_block(c) for c in caption) else "p"
            caption.set("class", " ".join(filter(None, [caption.get("class"), "caption"])))
            log.count("captions outside a figure set as paragraphs")


def nested_links(root: Element, log: RepairLog) -> None:
    """A link inside a link, or a definition inside a definition, loses its inner tag."""
    for name in ("a", "dfn"):
        for inner in list(root.iter(name)):
            if any(outer.tag == name for outer in inner.iterancestors()):
                inner.drop_tag()
                log.count(f"<{name}> inside <{name}> unwrapped")


def empty_inline(root: Element, log: RepairLog) -> None:
    """Inline elements with nothing to show go, keeping the text after them.

    An empty element that is a link target (it carries an id a link points to) stays: it is
    written with its end tag, so no parser reads it as opening a run.
    """
    targets = {
        unquote(href[1:])
        for href in (a.get("href") or "" for a in root.iter("a"))
        if href.startswith("#")
    }
    removed = 0
    for element in list(root.iter(*INLINE))[::-1]:
        if element.getparent() is None or has_content(element):
            continue
        if element.get("id") and element.get("id") in targets:
            continue
        _drop_tag_keep_text(element)
        removed += 1
    if removed:
        log.count("empty inline elements removed", removed)
    for paragraph in list(root.iter("p")):
        if not has_content(paragraph) and not paragraph.get("id"):
            drop_keep_tail(paragraph)


def _drop_tag_keep_text(element: Element) -> None:
    """Remove the element but keep any whitespace it held and its tail."""
    if element.text or len(element):
        element.drop_tag()
    else:
        drop_keep_tail(element)


def pre_newlines(root: Element, log: RepairLog) -> None:
    """Drop the line breaks that open a ``<pre>``: an HTML parser ignores the first one and
    an XML parser keeps it, so print and ebook would disagree on the block's first line."""
    for pre in root.iter("pre"):
        if pre.text and pre.text.startswith(("\n", "\r")):
            pre.text = pre.text.lstrip("\r\n") or None
            log.count("line breaks opening a preformatted block removed")
