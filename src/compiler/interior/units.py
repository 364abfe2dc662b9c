"""Layout units: runs of consecutive chapters laid out as documents of their own.

Chapters and parts always open on a recto, so a unit that starts with one and is laid out
from page 1 (a recto) gets the same page breaks, margins, running heads and footnotes as in
the whole book. Only what depends on where the unit lands differs: folio numbers (drawn later
by :mod:`compiler.interior.folios`) and the book title of verso heads, which the whole book takes
from the half-title and a unit takes from a ``string-set`` on its ``body``.

Units are made of a fixed number of chapters, decided by the book's structure alone (never by
lengths or the number of workers), so editing one essay leaves every other unit, and its
cache entry, untouched. :func:`lay_out` runs in worker processes; everything it takes and
returns is plain data.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..book.model import Book
from ..book.page_map import TextPosition
from ..book.render import Page, Renderer
from ..machinery.cache import code_fingerprint, digest
from ..sources.inputs import input_digest
from .layout import PlacedImage

CHAPTERS_PER_UNIT = 4

# Margin boxes that hold position-dependent marks (folios). They stay in the unit's layout, so
# the cascade in print.css still decides which pages carry a folio, but are not drawn: the
# folio pages of :mod:`compiler.interior.folios` draw them. Recto running heads (the chapter title,
# in the top-centre box) are drawn by the unit; on versos the head is the book title, which does
# not depend on the unit either, so the folio page draws it too and keeps the order in which
# a whole-book layout paints a verso's margins (folio, then head).
FOLIO_BOXES = (
    "top-left-corner",
    "top-left",
    "top-right",
    "top-right-corner",
    "bottom-left-corner",
    "bottom-left",
    "bottom-center",
    "bottom-right",
    "bottom-right-corner",
    "left-top",
    "left-middle",
    "left-bottom",
    "right-top",
    "right-middle",
    "right-bottom",
)
HEAD_BOX = "top-center"


@dataclass(frozen=True)
class LayoutJob:
    """One document to lay out: its HTML, extra CSS and the book images it may use."""

    html: str
    css: tuple[str, ...]
    assets: tuple[tuple[str, str], ...] = ()  # (stable name, file path)
    key: str = ""
    font_store: str = ""  # where full fonts go when subsetting is left to the assembler
    # WeasyPrint's write options (PDF version or variant), the same for every document of a
    # book: see :func:`compiler.interior.layout.write_options`
    pdf_options: tuple[tuple[str, str], ...] = ()


@dataclass
class LaidOut:
    """A laid-out document as PDF bytes plus what the assembler needs to know about it."""

    pdf: bytes
    page_count: int
    folios: list[bool]  # page index -> does print.css put a folio on this page
    anchors: dict[str, tuple[int, float, float]]  # id -> (page index, x, y) in CSS px
    bookmarks: list[tuple[int, str, int, float, float]]  # level, label, page index, x, y
    page_size: tuple[float, float] = (0.0, 0.0)  # CSS px
    # font resource name -> glyph id -> first page index that draws it (see fontmerge)
    glyph_pages: dict[str, dict[int, int]] = field(default_factory=dict)
    images: list[PlacedImage] = field(default_factory=list)  # raster images, pages 1-based
    fonts: list[str] = field(default_factory=list)  # SHA-256 of each full font it names
    # page index -> where its text begins (None: no text), for the EPUB's page list
    page_starts: list[TextPosition | None] = field(default_factory=list)


def plan_units(book: Book, pages: list[Page]) -> list[list[Page]]:
    """Split the body (parts, chapters, back matter) into units of a few chapters.

    A part page joins the unit of the chapter after it; back matter, which need not open on a
    recto, stays with the last chapter. The index (on a recto) starts a unit of its own with
    the matter after it: it is laid out again once the pages it lists are known, and that
    should cost its own pages only.
    """
    front = {section.id for section in book.front}
    back = {section.id for section in book.back}
    units: list[list[Page]] = []
    current: list[Page] = []
    chapters = 0
    for page in pages:
        if page.id in front:
            continue
        if page.id in back:
            if page.kind == "index" and current:
                units.append(current)
                current = []
            current.append(page)
            continue
        if chapters == CHAPTERS_PER_UNIT and page.kind in ("chapter", "part"):
            units.append(current)
            current, chapters = [], 0
        current.append(page)
        chapters += page.kind == "chapter"
    if current:
        units.append(current)
    return units


def unit_css(book_title: str) -> str:
    """What a unit needs besides print.css: the verso head's text and undrawn folios."""
    hidden = "\n".join(f"  @{name} {{ visibility: hidden; }}" for name in FOLIO_BOXES)
    return (
        f"{title_css(book_title)}"
        f"@page {{\n{hidden}\n}}\n"
        f"@page :left {{\n{hidden}\n  @{HEAD_BOX} {{ visibility: hidden; }}\n}}\n"
        f"@page :right {{\n{hidden}\n}}\n"
    )


def title_css(book_title: str) -> str:
    """The book title for verso heads, which a whole book takes from its half-title.

    The body's top margin is dropped too: in the whole book it is spent on the first page, so
    every chapter there starts on a page the body merely continues onto.
    """
    return f"body {{ string-set: book-title {css_string(book_title)}; margin-top: 0; }}\n"


def css_string(text: str) -> str:
    escaped = "".join(c if c.isalnum() or c in " .,;:!?'-" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def unit_job(
    renderer: Renderer,
    unit: list[Page],
    css: tuple[str, ...],
    assets: dict[str, Path],
    pdf_options: dict[str, str],
) -> LayoutJob:
    html = renderer.document(unit)
    used = tuple(sorted((name, str(path)) for name, path in assets.items() if name in html))
    options = tuple(sorted(pdf_options.items()))
    key = digest(
        code_fingerprint(),
        html,
        *css,
        repr(options),
        *(part for name, path in used for part in (name, input_digest(Path(path)))),
    )
    return LayoutJob(html=html, css=css, assets=used, key=key, pdf_options=options)


def lay_out_marked(job: LayoutJob, index: int, marks: str) -> LaidOut:
    """:func:`lay_out` in a pool worker, with a mark naming the job while it runs.

    A worker the kernel kills (out of memory) or a signal ends leaves its mark behind, which
    is how the build names the chapter it was laying out instead of "a process died".
    """
    mark = Path(marks) / str(os.getpid())
    mark.write_text(str(index), encoding="ascii")
    try:
        return lay_out(job)
    finally:
        mark.unlink(missing_ok=True)


def lay_out(job: LayoutJob) -> LaidOut:
    """Lay out one document and write it as PDF (runs in a worker process)."""
    from weasyprint import CSS, HTML

    from ..book.page_map import owner_map
    from ..machinery.styles import styles_dir
    from . import line_breaks
    from .advances import design_widths
    from .fonts import defer_subsetting
    from .index_continued import repeat_headings
    from .index_places import add_links, number_links, places
    from .layout import _fonts, _stylesheets, placed_images
    from .page_starts import laid_text, starts_of
    from .sandbox import BOOK_BASE_URL, SandboxedFetcher

    fetcher = SandboxedFetcher([styles_dir()], {name: Path(path) for name, path in job.assets})
    # The shared font configuration is what makes fonts.css's @font-face rules count:
    # without it a unit would be set in whatever serif the machine has.
    fonts = _fonts()
    source = HTML(string=job.html, base_url=BOOK_BASE_URL, url_fetcher=fetcher)
    sheets = [*_stylesheets(), *(CSS(string=css, font_config=fonts) for css in job.css)]
    with line_breaks.limited():
        document = source.render(stylesheets=sheets, font_config=fonts)
        if "index-entry" in job.html:
            document = repeat_headings(
                document,
                source.etree_element,
                lambda: source.render(stylesheets=sheets, font_config=fonts),
            )
    fetcher.check()
    anchors: dict[str, tuple[int, float, float]] = {}
    bookmarks: list[tuple[int, str, int, float, float]] = []
    for index, page in enumerate(document.pages):
        for name, position in page.anchors.items():
            anchors.setdefault(name, (index, position[0], position[1]))
        for level, label, (x, y), _state in page.bookmarks:
            bookmarks.append((level, label, index, x, y))
    # The index's occurrences are anchors too, found in the laid-out text (index_places).
    owners = owner_map(source.etree_element)
    laid = laid_text(document, owners)
    for name, place in places(laid, owners).items():
        anchors.setdefault(name, place)
    add_links(document, number_links(laid, owners))
    _stand_in_anchors(document)
    first = document.pages[0] if document.pages else None
    options = dict(job.pdf_options)
    named: set[str] = set()
    with design_widths():
        if job.font_store:
            with defer_subsetting(Path(job.font_store)) as named:
                pdf = document.write_pdf(**options)
        else:
            pdf = document.write_pdf(**options)
    return LaidOut(
        pdf=pdf,
        images=placed_images(document),
        glyph_pages=glyph_first_pages(pdf),
        page_count=len(document.pages),
        folios=[_has_folio(page) for page in document.pages],
        anchors=anchors,
        bookmarks=bookmarks,
        page_size=(first.width, first.height) if first else (0.0, 0.0),
        fonts=sorted(named),
        page_starts=starts_of(laid, len(document.pages)),
    )


def _stand_in_anchors(document: Any) -> None:
    """An anchor for each link whose target lies in another unit.

    WeasyPrint drops a link to an anchor its document lacks; with a stand-in the link keeps
    its destination's name, and the book's destination table (written by the assembler from
    the anchors every unit reports, stand-ins not among them) points it at the real place.
    """
    known = {name for page in document.pages for name in page.anchors}
    for page in document.pages:
        for kind, target, _, _ in page.links:
            if kind == "internal" and target not in known:
                document.pages[0].anchors[target] = (0, 0, 0, 0)
                known.add(target)


def _has_folio(page: object) -> bool:
    """Whether the cascade gave this page a folio box (WeasyPrint's page box tree)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    box = getattr(page, "_page_box", None)
    children = getattr(box, "children", [])
    return any(
        isinstance(child, MarginBox) and child.at_keyword != f"@{HEAD_BOX}" for child in children
    )


_TEXT_TOKENS = re.compile(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]+)>")


def glyph_first_pages(pdf: bytes) -> dict[str, dict[int, int]]:
    """For each font, the first page that draws each glyph (WeasyPrint writes 2-byte ids)."""
    import io

    from pypdf import PdfReader

    found: dict[str, dict[int, int]] = {}
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        contents = page.get_contents()
        if contents is None:
            continue
        font: dict[int, int] | None = None
        for name, hexes in _TEXT_TOKENS.findall(contents.get_data()):
            if name:
                font = found.setdefault(name.decode(), {})
            elif font is not None:
                for at in range(0, len(hexes) - 3, 4):
                    font.setdefault(int(hexes[at : at + 4], 16), index)
    return found
