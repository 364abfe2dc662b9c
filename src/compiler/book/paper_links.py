"""Links as a reader of each edition can follow them.

On screen a link is followed by a touch. On paper a link to another chapter needs the page it
leads to, and a link to the web needs its address printed, or the reader of the paperback never
learns where it pointed. The address goes where the editor chose (``print.links``): a footnote
in the chapter's own sequence, a list at the chapter's end, in parentheses, or nowhere.

Long addresses may break only after ``/``, ``.`` and ``-``: an explicit ``<wbr>`` there (which
WeasyPrint draws as a zero-width space), with no hyphen added; print.css lets a part longer
than the line break anywhere rather than run into the margin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

WEB_SCHEMES = ("http", "https", "ftp")
_BREAK_AFTER = re.compile(r"([/.\-]+)")
# Punctuation a note's call follows (Chicago 14.26): the call of a link's footnote or endnote
# goes after the full stop, comma, colon, semicolon, question or exclamation mark, or closing
# quotation mark that ends the linked words ("the Constitution?¹", not "the Constitution¹?").
# A dash is not among them: the call goes before it; nor is an apostrophe that goes on into
# a word ("Gutenberg’s").
_CALL_FOLLOWS = re.compile(r"^[.,;:?!\u2026\u201d\u2019\"']+(?=\s|$)")


@dataclass(frozen=True)
class RenderedLink:
    """One entry of a chapter's list of links (``print.links: endnotes``)."""

    number: int
    id: str
    html: str  # the address, with its break opportunities


def cross_reference(link: lxml_html.HtmlElement, target: str, template: str) -> None:
    """Point a resolved link to another chapter at it, in the form the target reads.

    ``target`` is ``"epub"`` or ``"print"``. On paper the wording is split around ``{page}``
    into two attributes that print.css sets around ``target-counter()``; a parallel build
    writes the number in as ``data-folio`` instead (see :mod:`compiler.interior.assembly`).
    """
    chapter = link.attrib.pop("data-chapter")
    anchor = link.attrib.pop("data-target", None) or chapter
    if target == "epub":
        link.set("href", f"{chapter}.xhtml#{anchor}" if anchor != chapter else f"{chapter}.xhtml")
        return
    link.set("href", f"#{anchor}")
    text = template.format(page="\x00")
    before, found, after = text.partition("\x00")
    if not found:  # wording without a page number: printed as it is
        if text.strip():
            link.tail = f" {text}{link.tail or ''}"
        return
    link.set("data-xref-before", f" {before}")
    link.set("data-xref-after", after)


_RESOLVED_TAG = re.compile(r'<a\b[^>]*\bdata-chapter="[^"]*"[^>]*>')


def retarget(html: str, target: str, template: str) -> str:
    """:func:`cross_reference` for every resolved link of a rendered fragment or page.

    Only the start tags change, so the rest of the markup stays byte for byte as rendered.
    """
    if "data-chapter" not in html:
        return html

    def one(match: re.Match[str]) -> str:
        link = lxml_html.fragment_fromstring(match.group(0) + "</a>")
        cross_reference(link, target, template)
        attributes = "".join(f' {name}="{escape(value)}"' for name, value in link.attrib.items())
        return f"<a{attributes}>"

    return _RESOLVED_TAG.sub(one, html)


def paper_links(root: lxml_html.HtmlElement, mode: str, id_prefix: str) -> list[RenderedLink]:
    """Spell out the web links of a print chapter body as ``mode`` says.

    Returns the list of links for ``endnotes`` (empty otherwise). Links inside notes get
    their address in parentheses: a note cannot hold a note.
    """
    listed: list[RenderedLink] = []
    if mode == "none":
        return listed
    for link in list(root.iter("a")):
        url = (link.get("href") or "").strip()
        if not _is_web(url) or _says_itself(link.text_content(), url):
            continue
        in_note = any("footnote" in (a.get("class") or "").split() for a in link.iterancestors())
        if mode == "inline" or in_note:
            holder = _element("span", "link-inline")
            holder.text = " ("
            url_span = url_element(url)
            url_span.tail = ")"
            holder.append(url_span)
        elif mode == "footnotes":
            holder = _element("span", "footnote link-note")
            holder.append(url_element(url))
        else:
            number = len(listed) + 1
            note_id = f"{id_prefix}-{number}"
            holder = _element("sup", "link-ref")
            holder.text = str(number)
            listed.append(RenderedLink(number, note_id, _markup(url_element(url))))
        tail = link.tail or ""
        if mode == "inline" or in_note:
            before = ""  # "Gutenberg (https://…)." : the address stays with the words
        else:
            before = match.group(0) if (match := _CALL_FOLLOWS.match(tail)) else ""
        link.tail = before or None
        holder.tail = tail[len(before) :] or None
        link.addnext(holder)
    return listed


def url_element(url: str) -> lxml_html.HtmlElement:
    """The address as a span with a break opportunity after each ``/``, ``.`` and ``-``."""
    span = _element("span", "link-url")
    last: lxml_html.HtmlElement | None = None
    for index, piece in enumerate(_BREAK_AFTER.split(url)):
        if not piece:
            continue
        if last is None:
            span.text = (span.text or "") + piece
        else:
            last.tail = (last.tail or "") + piece
        if index % 2 == 1:  # a run of separators: a break may follow it
            last = etree.SubElement(span, "wbr")
    return span


def _element(tag: str, classes: str) -> lxml_html.HtmlElement:
    return lxml_html.Element(tag, {"class": classes})


def _markup(element: lxml_html.HtmlElement) -> str:
    return etree.tostring(element, method="xml", encoding="unicode")


def _is_web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def _says_itself(text: str, url: str) -> bool:
    """Whether the link's text already is its address, as people write addresses."""

    def bare(value: str) -> str:
        value = re.sub(r"^[a-z]+://", "", value.strip().lower())
        value = value[4:] if value.startswith("www.") else value
        return value.rstrip("/")

    return bool(text.strip()) and bare(text) == bare(url)
