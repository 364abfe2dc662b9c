"""Book to HTML: the one rendering of every page that both writers share.

The EPUB writer puts each section in its own XHTML file; the print writer concatenates the
same sections into one document. The only differences are decided here, in one place:
footnotes (pop-up ``aside`` in the EPUB, ``float: footnote`` spans in print) and the contents
page (links only in the EPUB, page numbers in print).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from html import escape

from jinja2 import Environment, PackageLoader, select_autoescape
from lxml import html as lxml_html
from markupsafe import Markup

from ..sources.xhtml import to_xhtml
from . import dash_breaks, display_lines, locale, title_markup, web_addresses
from .caps import mark_capitals, volume_capitals
from .indexing import marks_as_comments
from .model import Book, BookMeta, Chapter, Part, Section
from .note_calls import HOME as NOTE_HOME
from .opening_caps import mark_opening_caps
from .paper_links import RenderedLink, cross_reference, paper_links, retarget
from .paragraph_ends import KINDS as BOUND_KINDS
from .paragraph_ends import bind_last_words


class Target(StrEnum):
    EPUB = "epub"
    PRINT = "print"


@dataclass(frozen=True)
class Page:
    """One rendered section: its id, title, semantic kind and markup."""

    id: str
    title: str
    kind: str  # EPUB structural semantic: chapter, part, titlepage, copyright-page, toc...
    html: str


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("compiler.book", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["label"] = locale.label
    env.filters["dated"] = locale.dated
    env.filters["roman"] = roman
    env.filters["display"] = display_line
    env.filters["names"] = display_names
    env.filters["broken"] = broken_lines
    env.filters["emphasised"] = emphasised
    env.filters["unbreakable_dates"] = locale.unbreakable_dates
    return env


def display_line(text: str, language: str, names: tuple[str, ...] = ()) -> Markup:
    """A title or subtitle for a display page, with no-break spaces where a break would go
    against the sense (:mod:`compiler.book.display_lines`); ``text`` may be markup already."""
    markup = text if isinstance(text, Markup) else Markup.escape(text)
    return Markup(display_lines.bind_html(str(markup), language, names))


def broken_lines(markup: Markup, lines: list[str]) -> Markup:
    """A display line's markup with ``<br/>`` where ``lines``, its text as the covers cut it
    into balanced lines, break: emphasis in a title (book.title_markup) survives the cut."""
    return Markup(title_markup.break_lines(str(markup), lines))


def emphasised(text: str) -> Markup:
    """A title written in volume.yaml (a series volume's title or subtitle) with its Markdown
    emphasis as ``<em>`` and everything else escaped (:mod:`compiler.book.title_markup`)."""
    return Markup(title_markup.markup(text) or Markup.escape(text))


def display_names(names: tuple[str, ...] | str) -> Markup:
    """Authors as a display line prints them, no name ever broken across lines."""
    listed = (names,) if isinstance(names, str) else names
    return Markup.escape(display_lines.name_list(listed))


def roman(number: int) -> str:
    """Upper-case roman numerals, for part numbers ("Part III")."""
    out = []
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


class Renderer:
    """Renders the sections of one book for one target."""

    def __init__(self, book: Book, target: Target):
        self.book = book
        self.target = target
        self.env = environment()
        self.language = book.meta.language
        # Capitals the volume writes standing alone, telling acronyms from emphasis.
        self.capitals = volume_capitals(chapter.body for chapter in book.chapters())

    # -- whole book -------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        """Every section in reading order: front matter, parts and chapters, back matter."""
        out = [self.section(s) for s in self.book.front]
        for entry in self.book.contents:
            if isinstance(entry, Part):
                out.append(self.part(entry))
                out.extend(self.chapter(c, in_part=True) for c in entry.chapters)
            else:
                out.append(self.chapter(entry))
        out.extend(self.section(s) for s in self.book.back)
        return out

    def document(self, pages: list[Page] | None = None, stylesheets: list[str] = ()) -> str:
        """One HTML document holding the given pages (all of them by default)."""
        return self.env.get_template("document.html").render(
            meta=self.book.meta,
            pages=pages if pages is not None else self.pages(),
            stylesheets=stylesheets,
            # In print the volume's CSS is part of the document, so it outranks the shipped
            # stylesheets (given to WeasyPrint as user sheets); the EPUB links its own copies.
            volume_styles=[Markup(css.replace("</", "<\\/")) for css in self.book.styles]
            if self.target is Target.PRINT
            else [],
            target=str(self.target),
        )

    # -- sections ---------------------------------------------------------------------------
    def section(self, section: Section) -> Page:
        template = self.env.get_template(f"{section.kind}.html")
        html = template.render(
            section=section,
            meta=self.book.meta,
            book=self.book,
            entries=self._toc_entries() if section.kind == "toc" else [],
            target=str(self.target),
            language=self.language,
        )
        html = retarget(html, str(self.target), self.book.meta.cross_reference)
        html = self._on_paper(html)
        if self.target is Target.PRINT and section.kind in BOUND_KINDS:
            html = bind_last_words(html)
        return Page(section.id, section.title, section.kind, html)

    def part(self, part: Part) -> Page:
        html = self.env.get_template("part.html").render(
            part=part,
            intro=part.intro,
            meta=self.book.meta,
            language=self.language,
            target=str(self.target),
        )
        html = retarget(html, str(self.target), self.book.meta.cross_reference)
        return Page(part.id, part.title, "part", self._on_paper(html))

    def chapter(self, chapter: Chapter, in_part: bool = False) -> Page:
        body, notes, links = prepare_body(chapter, self.target, self.book.meta, self.capitals)
        html = self.env.get_template("chapter.html").render(
            chapter=chapter,
            body=body,
            notes=notes,
            links=links,
            meta=self.book.meta,
            language=self.language,
            target=str(self.target),
            in_part=in_part,
        )
        return Page(chapter.id, chapter.title, "chapter", self._on_paper(html))

    def _on_paper(self, html: str) -> str:
        """In print, web addresses written in the text are kept from the hyphenator, and a
        closed em dash from the start of a line (:mod:`compiler.book.dash_breaks`)."""
        if self.target is not Target.PRINT:
            return html
        return dash_breaks.bind(web_addresses.mark(html))

    def _toc_entries(self) -> list[dict[str, object]]:
        entries: list[dict[str, object]] = []
        for section in self.book.front:
            if section.in_toc:
                entries.append(
                    {"id": section.id, "title": section.title, "kind": "front", "children": []}
                )
        for entry in self.book.contents:
            if isinstance(entry, Part):
                entries.append(
                    {
                        "id": entry.id,
                        "title": entry.title,
                        "kind": "part",
                        "number": entry.number,
                        "children": [self._toc_chapter(c) for c in entry.chapters],
                    }
                )
            else:
                entries.append(self._toc_chapter(entry))
        for section in self.book.back:
            if section.in_toc:
                entries.append(
                    {"id": section.id, "title": section.title, "kind": "back", "children": []}
                )
        return entries

    def _toc_chapter(self, chapter: Chapter) -> dict[str, object]:
        # Name an essay's author only where it differs from the book's: a single-author
        # collection would otherwise repeat the same name on every line.
        author = chapter.author if chapter.author not in self.book.meta.authors else None
        return {
            "id": chapter.id,
            "title": chapter.title,
            "title_html": chapter.title_html,
            "kind": "chapter",
            "author": author,
            "children": [],
        }


# -- chapter bodies -------------------------------------------------------------------------
_NOTE_HREF = re.compile(r"^#note-(\d+)$")


@dataclass(frozen=True)
class RenderedNote:
    number: str
    id: str
    ref_id: str
    html: str


def prepare_body(
    chapter: Chapter,
    target: Target,
    meta: BookMeta | None = None,
    capitals: Counter[str] | None = None,
) -> tuple[str, list[RenderedNote], list[RenderedLink]]:
    """Make a chapter body safe to sit next to others: unique ids, notes and links in target
    form.

    In print every chapter shares one document, so ids are prefixed with the chapter id and
    internal links follow. Footnote references become EPUB ``noteref`` links to asides, or
    print ``float: footnote`` spans holding the note text; in the EPUB, a call whose note
    another chapter shows too (:mod:`compiler.book.note_calls`) links to it there. Links to
    other chapters lead to
    their file in the EPUB and carry their page number on paper; links to the web are
    spelled out on paper as ``meta.print_links`` says (see :mod:`compiler.book.paper_links`).
    In print the index's anchors in the body become comments (see
    :func:`compiler.book.indexing.marks_as_comments`) and the capitals a chapter opens with
    are marked for small capitals (:mod:`compiler.book.opening_caps`). In both, capitals
    used for emphasis are marked for small capitals (:mod:`compiler.book.caps`), acronyms
    told apart by ``capitals``, the volume's (the chapter's own when not given).
    """
    meta = meta or BookMeta(title="", language="en")
    root = lxml_html.fragment_fromstring(chapter.body or "<p></p>", create_parent="div")
    prefix = chapter.id
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("id"):
            element.set("id", f"{prefix}-{element.get('id')}")
        href = element.get("href") or ""
        if element.get("data-chapter"):
            cross_reference(element, target, meta.cross_reference)
        elif href.startswith("#") and not _NOTE_HREF.match(href):
            element.set("href", f"#{prefix}-{href[1:]}")
    if target is Target.PRINT:
        marks_as_comments(root)  # the notes keep their anchors: footnotes are not body text
        mark_opening_caps(root)
    mark_capitals(root, capitals if capitals is not None else volume_capitals([chapter.body]))

    notes_by_number = {
        note.key: retarget(_prefixed(note.html, prefix), str(target), meta.cross_reference)
        for note in chapter.notes
    }
    rendered: list[RenderedNote] = []
    seen: set[str] = set()
    for ref in root.xpath('.//a[@class="noteref"]'):
        match = _NOTE_HREF.match(ref.get("href") or "")
        number = match.group(1) if match else ""
        if number not in notes_by_number:
            _unwrap(ref)
            continue
        note_id, ref_id = f"{prefix}-note-{number}", f"{prefix}-noteref-{number}"
        home = ref.attrib.pop(NOTE_HOME, None)
        if home is not None and target is Target.EPUB:
            # The note is another chapter's too, and shown there (see note_calls).
            ref.set("id", f"{ref_id}-{len(seen)}" if number in seen else ref_id)
            ref.set("href", f"{home.partition('-note-')[0]}.xhtml#{home}")
            ref.set("epub:type", "noteref")
            ref.set("role", "doc-noteref")
            seen.add(number)
            continue
        if target is Target.PRINT:
            if number in seen:
                marker = lxml_html.Element("span", {"class": "noteref-repeat"})
                marker.text = ref.text
                marker.tail = ref.tail
                ref.getparent().replace(ref, marker)
            else:
                _replace_with_footnote(ref, notes_by_number[number], note_id)
        else:
            ref.set("id", ref_id if number not in seen else f"{ref_id}-{len(seen)}")
            ref.set("href", f"#{note_id}")
            ref.set("epub:type", "noteref")
            ref.set("role", "doc-noteref")
            if number not in seen:
                rendered.append(RenderedNote(number, note_id, ref_id, notes_by_number[number]))
        seen.add(number)
    links = paper_links(root, meta.print_links, f"{prefix}-link") if target is Target.PRINT else []
    body = "\n".join(to_xhtml(child) for child in root)
    if root.text and root.text.strip():
        body = f"<p>{escape(root.text.strip(), quote=False)}</p>\n{body}"
    return body, rendered, links


_LINK_TAG = re.compile(r"<a\b[^>]*>")


def _prefixed(note_html: str, prefix: str) -> str:
    """A note's links to places in its chapter, with the ids the chapter body now has.

    Links resolved to another chapter (``data-chapter``) are left for :func:`retarget`.
    """

    def one(match: re.Match[str]) -> str:
        tag = match.group(0)
        if "data-chapter" in tag:
            return tag
        return re.sub(r'\bhref="#(?!note-)', f'href="#{prefix}-', tag)

    return _LINK_TAG.sub(one, note_html)


def _replace_with_footnote(ref: lxml_html.HtmlElement, note_html: str, note_id: str) -> None:
    """Put the note's text where the reference is; CSS floats it to the foot of the page.

    Block elements cannot sit inside a paragraph, so a note's paragraphs become spans.
    """
    note = lxml_html.fragment_fromstring(note_html or "", create_parent="span")
    note.set("class", "footnote")
    note.set("id", note_id)
    for block in note.xpath("./p | ./div"):
        block.tag = "span"
        block.set("class", "footnote-para")
    note.tail = ref.tail
    ref.getparent().replace(ref, note)


def _unwrap(element: lxml_html.HtmlElement) -> None:
    element.drop_tag()
