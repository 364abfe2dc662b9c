"""Repairs that make any article body valid XHTML, run for every input kind.

The sanitiser decides what may appear; this module makes what remains fit together. Real
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

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote, unquote, urljoin, urlsplit

from lxml import html as lxml_html

from ..cleanup.report import Change
from .sanitize import BLOCK_TAGS, drop_keep_tail
from .xhtml import to_xhtml

Element = lxml_html.HtmlElement

RULE = "valid-xhtml"

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose content must be phrasing (inline) content only.
PHRASING_ONLY = HEADINGS | frozenset(
    {
        "p", "pre", "em", "strong", "i", "b", "u", "s", "sub", "sup", "small", "del", "ins",
        "mark", "a", "code", "kbd", "samp", "var", "abbr", "cite", "q", "dfn", "span",
    }
)  # fmt: skip
INLINE = PHRASING_ONLY - HEADINGS - {"p", "pre"}
# Blocks that hold phrasing content: a link or emphasis pushed into one wraps its text.
# Blocks that hold other blocks only, never text of their own.
_CONTAINERS = frozenset({"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr"})
_LISTS = frozenset({"ul", "ol"})
# Elements that show something without text: an inline element holding one is not empty.
_SHOWN = frozenset({"img", "br", "table", "hr"})
_SPACES = " \t\n\r\f\u00a0\u200b\ufeff"

# Ids the chapter template gives its own elements (prefixed with the chapter id, as the
# body's ids are): a body id equal to one of them would appear twice in the chapter.
_RESERVED_IDS = re.compile(r"^(?:title|notes-title|note-\d+|noteref-\d+(?:-\d+)?)$")
_ID_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)
_TEMPLATE_PREFIX = re.compile(r"^\s*\{\{\s*site\.(?:url|baseurl)\s*\}\}\s*", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{|\{%|%\}|\}\}")
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Characters that may not appear in a URL as written in XHTML, whatever the scheme.
_URL_ILLEGAL = re.compile(r'[\s<>"`{}|\\^\x00-\x1f\x7f]')
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_INTEGER = re.compile(r"^-?\d{1,9}$")
_POSITIVE = re.compile(r"^[1-9]\d{0,3}$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
# Attribute values HTML restricts to a set of keywords or a kind of number.
_ENUMERATED: dict[str, frozenset[str]] = {
    "dir": frozenset({"ltr", "rtl", "auto"}),
    "scope": frozenset({"row", "col", "rowgroup", "colgroup"}),
}
_OL_TYPES = frozenset({"1", "a", "A", "i", "I"})


@dataclass
class _Log:
    """Changes gathered by the passes; bulk repairs are counted and reported once each."""

    changes: list[Change] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def quote(self, action: str, text: str, note: str) -> None:
        change = Change(RULE, action, _squash(text) or "(no text)", note=note)
        if change not in self.changes:  # one link split around a block is one change
            self.changes.append(change)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def result(self) -> list[Change]:
        bulk = [Change(RULE, "changed", count=n, note=what) for what, n in self.counts.items()]
        return self.changes + bulk


def repair(root: Element, url: str | None = None) -> list[Change]:
    """Make the tree valid XHTML; ``url`` is the article's own address, for relative links."""
    log = _Log()
    _name_anchors(root, log)
    _paragraph_divs(root, log)
    _hoist_blocks(root, log)
    _lists(root, log)
    _definition_lists(root, log)
    _figure_captions(root, log)
    _nested_links(root, log)
    _outside_links(root, url, log)
    _attributes(root, log)
    _empty_inline(root, log)
    return log.result()


def settle(root: Element) -> list[Change]:
    """Last repairs on a finished body: empty inline elements, ids made unique and valid,
    in-page links given their target or made text, and links left without an address."""
    log = _Log()
    _empty_inline(root, log)
    _ids(root, log)
    _in_page_links(root, log)
    for a in list(root.iter("a")):
        if a.get("href") is None and not a.get("id"):
            log.quote("unlinked", a.text_content(), "link without an address")
            a.drop_tag()
    return log.result()


def settle_note(html: str) -> tuple[str, list[Change]]:
    """A note's XHTML without ids or in-page links, and what that changed.

    A note is shown away from the text (a pop-up, the foot of a page), where the writers do
    not carry the body's anchors: a link from a note to a place in the text, or to another
    note, would point nowhere, and an id could repeat one of the chapter's.
    """
    log = _Log()
    root = lxml_html.fragment_fromstring(html or "", create_parent="div")
    for element in root.iter():
        if _is_el(element) and element.attrib.pop("id", None) is not None:
            log.count("ids removed from notes")
    for a in list(root.iter("a")):
        href = a.get("href")
        if href is None or href.startswith("#"):
            log.quote("unlinked", a.text_content(), f"link inside a note to {href or 'nothing'}")
            a.drop_tag()
    _empty_inline(root, log)
    text = escape(root.text or "", quote=False)
    return text + "".join(to_xhtml(child) for child in root), log.result()


# -- anchors and paragraphs -----------------------------------------------------------------


def _name_anchors(root: Element, log: _Log) -> None:
    """``<a name="x">`` (not valid in HTML5) becomes ``<a id="x">``; links to it follow."""
    for a in root.iter("a"):
        name = (a.attrib.pop("name", None) or "").strip()
        if not name:
            continue
        own = a.get("id")
        if own is None:
            a.set("id", name)
        elif own != name:
            for link in _links_to(root, name):
                link.set("href", "#" + own)
        log.count("'name' anchors given an id")


def _paragraph_divs(root: Element, log: _Log) -> None:
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


# -- nesting --------------------------------------------------------------------------------


def _hoist_blocks(root: Element, log: _Log) -> None:
    """Blocks inside inline elements or paragraphs move out, splitting what held them.

    ``<a href="x">see <p>this</p> and</a>`` becomes ``<a href="x">see </a><p><a
    href="x">this</a></p><a href="x"> and</a>``: the link, emphasis or span stays on all
    the text it covered. Deepest elements go first, so each split sees sound content.
    """
    for element in list(root.iter())[::-1]:
        if element is root or not _is_el(element) or element.tag not in PHRASING_ONLY:
            continue
        if any(_is_block(child) for child in element):
            _split_around_blocks(element)
            log.count("blocks moved out of inline elements or paragraphs")


def _split_around_blocks(element: Element) -> None:
    inline = element.tag in INLINE
    pieces: list[Element] = []
    current = _shell(element, keep_id=True)
    current.text = element.text
    for child in list(element):
        tail, child.tail = child.tail, None
        if _is_block(child):
            if _has_content(current):
                pieces.append(current)
            pieces.append(_push_into(child, element) if inline else child)
            current = _shell(element, keep_id=False)
            current.text = tail
        else:
            current.append(child)
            child.tail = tail
    if _has_content(current):
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
        _append_text_at(parent, index, tail)


def _push_into(block: Element, inline: Element) -> Element:
    """Wrap the text of ``block`` (or of the blocks inside it) in a copy of ``inline``."""
    blocks = [child for child in block if _is_block(child)]
    if blocks or block.tag in _CONTAINERS:
        for child in blocks:
            _push_into(child, inline)
    elif (block.text or "").strip(_SPACES) or len(block):
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


def _lists(root: Element, log: _Log) -> None:
    """Lists hold list items only; list items sit in lists."""
    for lst in list(root.iter("ul", "ol")):
        if _list_children_fixed(lst):
            log.count("lists given proper list items")
    for li in list(root.iter("li")):
        parent = li.getparent()
        if parent is None or parent.tag in _LISTS:
            continue
        run = [li]
        for sibling in li.itersiblings():
            if sibling.tag != "li" or (run[-1].tail or "").strip(_SPACES):
                break
            run.append(sibling)
        wrapper = li.makeelement("ul", {})
        li.addprevious(wrapper)
        for item in run:
            tail = item.tail
            wrapper.append(item)
            item.tail = None if not (tail or "").strip(_SPACES) else tail
        wrapper.tail, run[-1].tail = run[-1].tail, None
        log.count("list items outside a list put in one")


def _list_children_fixed(lst: Element) -> bool:
    """Put a list nested directly in ``lst`` into the item before it, and loose text, inline
    elements and other blocks into items of their own."""
    return _items_only(lst, "li", ("li",), nest=_LISTS)


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
    if container.text and not container.text.strip(_SPACES):
        container.text = _xml_space(container.text)  # a no-break space is text to XML
    if (container.text or "").strip(_SPACES):
        run = container.makeelement(item, {})
        run.text, container.text = container.text.lstrip(_SPACES), None
        container.insert(0, run)
        changed = True
    for child in children:
        if not _is_el(child) or child.tag in items:
            run = None if _is_el(child) else run
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
            elif not _is_block(child):
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
        if (tail or "").strip(_SPACES):
            run = container.makeelement(item, {})
            run.text = tail.lstrip(_SPACES)
            _insert_after(container, child, run)
            changed = True
        if child.getparent() is container:
            child.tail = _xml_space(tail) if not (tail or "").strip(_SPACES) else None
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


def _definition_lists(root: Element, log: _Log) -> None:
    """Definition lists hold terms followed by their definitions; anything else in one
    becomes a definition, and a list that still does not pair terms with definitions is set
    as plain paragraphs. Terms and definitions outside a list become paragraphs too."""
    for dl in list(root.iter("dl")):
        if _items_only(dl, "dd", ("dt", "dd")):
            log.count("definition lists given proper items")
        shape = "".join("t" if c.tag == "dt" else "d" for c in dl if _is_el(c))
        if shape and not re.fullmatch(r"(?:t+d+)+", shape):
            dl.tag = "div"
            log.count("definition lists without terms set as paragraphs")
    for term in list(root.iter("dt", "dd")):
        parent = term.getparent()
        if parent is not None and parent.tag != "dl":
            term.tag = "p" if not any(_is_block(c) for c in term) else "div"
            log.count("terms and definitions outside a definition list set as paragraphs")


def _figure_captions(root: Element, log: _Log) -> None:
    """A caption outside a figure, or a second one inside it, becomes a plain paragraph."""
    for caption in list(root.iter("figcaption")):
        figure = caption.getparent()
        siblings = [c for c in figure if _is_el(c)] if figure is not None else []
        placed = (
            figure is not None
            and figure.tag == "figure"
            and caption in (siblings[0], siblings[-1])
            and [c.tag for c in siblings].count("figcaption") == 1
        )
        if not placed:
            caption.tag = "div" if any(_is_block(c) for c in caption) else "p"
            caption.set("class", " ".join(filter(None, [caption.get("class"), "caption"])))
            log.count("captions outside a figure set as paragraphs")


def _nested_links(root: Element, log: _Log) -> None:
    """A link inside a link, or a definition inside a definition, loses its inner tag."""
    for name in ("a", "dfn"):
        for inner in list(root.iter(name)):
            if any(outer.tag == name for outer in inner.iterancestors()):
                inner.drop_tag()
                log.count(f"<{name}> inside <{name}> unwrapped")


# -- attributes -----------------------------------------------------------------------------


def _attributes(root: Element, log: _Log) -> None:
    """Drop attribute values HTML does not allow (``cite="not a URL"``, ``start="x"``)."""
    for element in root.iter():
        if not _is_el(element):
            continue
        for name, value in list(element.attrib.items()):
            fixed = _attribute_value(element.tag, name, value)
            if fixed == value:
                continue
            if fixed is not None:
                element.set(name, fixed)
                log.count(f"'{name}' attributes written as valid values")
            elif element.tag == "a" and name == "href":
                del element.attrib[name]
                log.quote("unlinked", element.text_content(), f"not a valid address: {value}")
                _unlink(element)
            else:
                del element.attrib[name]
                log.count(f"invalid '{name}' attributes removed")


def _attribute_value(tag: str, name: str, value: str) -> str | None:
    """The value as HTML allows it, or None to drop the attribute."""
    stripped = value.strip(_SPACES)
    if name == "href":
        return valid_url(value)
    if name == "cite":
        url = valid_url(value)
        return url if url and urlsplit(url).scheme in ("http", "https") else None
    if name in _ENUMERATED:
        return stripped.lower() if stripped.lower() in _ENUMERATED[name] else None
    if name in ("start", "value"):
        return stripped if _INTEGER.match(stripped) else None
    if name in ("colspan", "rowspan", "span"):
        return stripped if _POSITIVE.match(stripped) else None
    if name in ("width", "height"):
        return stripped if stripped.isdigit() and len(stripped) < 6 else None
    if name == "reversed":
        return "reversed"
    if name == "type" and tag == "ol":
        return stripped if stripped in _OL_TYPES else None
    if name == "datetime":
        return stripped if _DATETIME.match(stripped) else None
    if name == "lang":
        return stripped if stripped == "" or _LANG.match(stripped) else None
    if name == "id":
        return value  # ids are made unique and safe by _ids
    if name == "class":
        return " ".join(value.split()) or None
    return value


def valid_url(value: str) -> str | None:
    """``value`` as a URL valid in XHTML (inner spaces encoded), or None if it cannot be one.

    Only http(s), mailto and scheme-less addresses pass, as in the sanitiser; an http(s)
    address needs a host.
    """
    url = value.strip(_SPACES)
    if not url:
        return None
    if re.match(r"(?i)https?://\S", url):
        url = re.sub(r"\s", lambda m: quote(m.group(0)), url)  # a space pasted into an address
    if _URL_ILLEGAL.search(url) or _BAD_PERCENT.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme:
        if parts.scheme.lower() not in _URL_SCHEMES:
            return None
        if parts.scheme.lower() in ("http", "https") and not parts.hostname:
            return None
    elif ":" in url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return None  # "foo:bar" is a scheme HTML would not recognise
    if port is not None and not 0 < port < 65536:
        return None
    return url


def _outside_links(root: Element, url: str | None, log: _Log) -> None:
    """Links to other pages of the article's site become absolute addresses.

    A relative address (``/about/``, ``../2019/post.html``) or a Jekyll ``{{ site.url }}``
    link means nothing in a book; resolved against the article's own address it still leads
    to the page. Without that address, or for a template the book cannot expand, the link
    becomes text. Links between essays of the same volume are the place to add a lookup
    before this one (issue 16): such a link would be rewritten to the chapter instead.
    """
    base = url if url and urlsplit(url).scheme in ("http", "https") else None
    for a in list(root.iter("a")):
        href = a.get("href")
        if href is None or href.startswith("#") or re.match(r"^[A-Za-z][\w+.-]*:", href):
            continue
        written = href
        if href.startswith("//"):
            a.set("href", "https:" + href)
            continue
        if _TEMPLATE_PREFIX.match(href):
            href = "/" + _TEMPLATE_PREFIX.sub("", href, count=1).lstrip("/")
        try:
            target = urljoin(base, href) if base and not _TEMPLATE.search(href) else None
        except ValueError:
            target = None
        target = valid_url(target) if target else None
        if target is not None:
            a.set("href", target)
            log.quote("changed", written, f"made absolute from the article's address: {target}")
        else:
            reason = (
                "link to a template the book cannot expand"
                if _TEMPLATE.search(href)
                else ("link to another page of the site, and the article has no address")
            )
            log.quote("unlinked", _squash(a.text_content()), f"{reason}: {written}")
            _unlink(a)


# -- ids and in-page links ------------------------------------------------------------------


def _ids(root: Element, log: _Log) -> None:
    """Every id safe in XHTML and unique in the chapter; links follow a renamed id.

    Runs on the finished body only: footnote detection still needs ids as the source wrote
    them (Python-Markdown's ``fn:1``).
    """
    seen: set[str] = set()
    renamed: dict[str, str] = {}
    for element in root.iter():
        if not _is_el(element) or element.get("id") is None:
            continue
        written = element.get("id")
        base = _ID_UNSAFE.sub("-", written.strip()).strip("-")
        if not base:
            del element.attrib["id"]
            log.count("empty ids removed")
            continue
        if base[0].isdigit() or base[0] in "-." or _RESERVED_IDS.match(base):
            base = "id-" + base
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        if candidate != written:
            element.set("id", candidate)
            renamed.setdefault(written, candidate)
            log.count("ids made unique or valid")
    for kept in seen & set(renamed):
        del renamed[kept]  # links to an id that one element kept still go to that element
    if renamed:
        for a in root.iter("a"):
            href = a.get("href") or ""
            if a.get("class") == "noteref":
                continue  # "#note-N" names a note, not an element of the body
            if href.startswith("#") and unquote(href[1:]) in renamed:
                a.set("href", "#" + renamed[unquote(href[1:])])


def _in_page_links(root: Element, log: _Log) -> None:
    """Every in-page link reaches an element: by its id, or by the slug of a heading's text
    (``#section-2`` to "Section 2"); a link to nothing becomes text."""
    ids = {e.get("id") for e in root.iter() if _is_el(e) and e.get("id")}
    headings = [h for h in root.iter(*HEADINGS)]
    for a in list(root.iter("a")):
        href = a.get("href")
        if href is None or not href.startswith("#"):
            continue
        if (a.get("class") or "") == "noteref":
            continue  # footnote references are linked by the writers
        fragment = unquote(href[1:])
        if fragment in ids:
            continue
        heading = _heading_for(fragment, headings)
        if heading is not None:
            if heading.get("id") is None:
                heading.set("id", _safe_id(fragment, ids))
                ids.add(heading.get("id"))
            a.set("href", "#" + heading.get("id"))
            log.count("links to headings given their target")
            continue
        log.quote("unlinked", a.text_content(), f"link to a place not in the article: {href}")
        _unlink(a)


def _heading_for(fragment: str, headings: Iterable[Element]) -> Element | None:
    wanted = slug(fragment)
    if not wanted:
        return None
    for heading in headings:
        if slug(heading.text_content()) == wanted:
            return heading
    return None


def slug(text: str) -> str:
    """The slug static-site generators and WordPress make of a heading ("Section 2" ->
    "section-2"), accents and punctuation dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s_-]+", "-", text).strip("-")


def _safe_id(fragment: str, taken: set[str]) -> str:
    base = _ID_UNSAFE.sub("-", fragment).strip("-") or "section"
    if base[0].isdigit() or _RESERVED_IDS.match(base):
        base = "id-" + base
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _links_to(root: Element, target: str) -> list[Element]:
    return [a for a in root.iter("a") if unquote((a.get("href") or "")[1:]) == target]


def _unlink(a: Element) -> None:
    """The link goes, its text stays; an id it carried stays as a target on a ``<span>``."""
    if a.get("id"):
        a.tag = "span"
        for name in list(a.attrib):
            if name not in ("id", "class", "lang", "dir", "title"):
                del a.attrib[name]
    else:
        a.drop_tag()


# -- empty elements -------------------------------------------------------------------------


def _empty_inline(root: Element, log: _Log) -> None:
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
        if element.getparent() is None or _has_content(element):
            continue
        if element.get("id") and element.get("id") in targets:
            continue
        _drop_tag_keep_text(element)
        removed += 1
    if removed:
        log.count("empty inline elements removed", removed)
    for paragraph in list(root.iter("p")):
        if not _has_content(paragraph) and not paragraph.get("id"):
            drop_keep_tail(paragraph)


def _drop_tag_keep_text(element: Element) -> None:
    """Remove the element but keep any whitespace it held and its tail."""
    if element.text or len(element):
        element.drop_tag()
    else:
        drop_keep_tail(element)


# -- small helpers --------------------------------------------------------------------------


def _is_el(node: object) -> bool:
    return isinstance(getattr(node, "tag", None), str)


def _is_block(node: object) -> bool:
    return _is_el(node) and node.tag in BLOCK_TAGS  # type: ignore[attr-defined]


def _has_content(element: Element) -> bool:
    """True if the element shows anything: text other than spaces, or an image, a break."""
    if (element.text or "").strip(_SPACES):
        return True
    for node in element.iter():
        if node is element:
            continue
        if _is_el(node) and node.tag in _SHOWN:
            return True
        if (node.text or "").strip(_SPACES) or (node.tail or "").strip(_SPACES):
            return True
    return False


def _append_text_at(parent: Element, index: int, text: str) -> None:
    if index > 0:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _squash(text: str) -> str:
    return " ".join(text.split())
