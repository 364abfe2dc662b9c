"""Print interior writer (WeasyPrint).

The book is laid out from the same rendering as the EPUB, styled by ``base.css`` and
``print.css`` plus a small geometry stylesheet (trim, bleed and margins). Margins depend on the
final page count (print-on-demand services want a wider gutter for thicker books), so we lay
out, count, and lay out again when the count falls into another margin bracket.

The page box is the trim. With ``bleed: true`` WeasyPrint's per-side bleed adds 0.125 in on
the top, bottom and outside edge only (the spine side is glued, so it has none), and the PDF
gets a TrimBox at the cut, which is what the services ask for.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML, Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from ..book.indexing import MARK_CLASS
from ..book.model import Book, Chapter
from ..book.page_map import PageMap, owner_map
from ..book.render import Page, Renderer, Target, environment
from ..errors import Diagnostics
from ..machinery.styles import styles_dir
from ..volume.model import PrintSettings
from . import (
    display_pages,
    glyphs,
    heads,
    index_continued,
    index_pages,
    index_places,
    labels,
    line_breaks,
)
from . import services as pod
from .advances import design_widths
from .page_starts import laid_text, page_map, page_starts
from .sandbox import BOOK_BASE_URL, SandboxedFetcher

MAX_LAYOUT_PASSES = 4
CSS_PX_PER_IN = 96
POINTS_PER_INCH = 72
MIN_IMAGE_DPI = 300
FOLIO_ROOM_IN = 0.45
"""Each side of the running head is kept free for the folio (KDP-size folios need ~0.3 in)."""

HEAD_BAND_IN = 0.3125
"""Running heads and folios sit in the head and foot margins, 10 pt from the text block;
their line needs this much, and it must lie inside the margin the service allows for ink."""

PDF_VERSION = "1.4"
"""Plain PDFs are written as PDF 1.4, which every service's preflight and RIP reads."""


@dataclass(frozen=True)
class Geometry:
    """The sheet and its margins in inches, for one margin bracket.

    ``width`` and ``height`` are the whole PDF page (trim plus bleed); the margins are measured
    from the trim, as the services state them.
    """

    width: float
    height: float
    gutter: float
    outside: float
    top: float
    bottom: float
    bracket: object
    bleed: float = 0.0

    @property
    def trim_width(self) -> float:
        return self.width - self.bleed

    @property
    def trim_height(self) -> float:
        return self.height - 2 * self.bleed

    @property
    def text_width(self) -> float:
        return self.trim_width - self.gutter - self.outside

    @property
    def text_height(self) -> float:
        return self.trim_height - self.top - self.bottom


@dataclass(frozen=True)
class PrintResult:
    page_count: int
    geometry: Geometry
    anchors: dict[str, int]  # section id -> 1-based physical page where it starts
    pdf_variant: str | None = None  # what the file declares (None: plain PDF 1.4)
    pages: PageMap | None = None  # where each printed page begins, for the EPUB's page list


def geometry_for(settings: PrintSettings, page_count: int) -> Geometry:
    """The page for a book of ``page_count`` pages: the service's recommended margins, with
    head and foot deep enough that running heads and folios clear the service's minimum."""
    width, height = pod.parse_trim(settings.trim)
    margins = pod.recommended_margins(settings.pod, page_count, settings.bleed, settings.trim)
    minimum = pod.margins(settings.pod, page_count, settings.bleed)
    bleed = pod.BLEED_IN if settings.bleed else 0.0
    return Geometry(
        width=width + bleed,
        height=height + 2 * bleed,
        gutter=margins.gutter_in,
        outside=margins.outside_in,
        top=max(margins.top_in, minimum.top_in + HEAD_BAND_IN),
        bottom=max(margins.bottom_in, minimum.bottom_in + HEAD_BAND_IN),
        bracket=pod.margin_bracket(settings.pod, page_count),
        bleed=bleed,
    )


WORDS_PER_6X9_PAGE = 420
BODY_LINE_HEIGHT = 1.38
"""print.css's ``body`` line height, which ``print.line_height`` replaces."""
ESTIMATE_HEADROOM = 1.1
"""How far above :func:`estimate_pages` a book's page count is allowed to land before the first
layout's margins no longer serve it: the estimate's uncertainty, made explicit. Measured
(estimate, then pages): the example books 83/86 and 27/28 (4% over the estimate), benchmark
volumes of 20 and 45 essays 136/124 and 345/316 (8-9% under), 7 essays at 5x8 in in 11 pt
type for Lulu 65/62. An estimate within a tenth below a gutter step therefore takes the wider
gutter of the next bracket, which the service accepts for any shorter book too."""


def first_geometry(settings: PrintSettings, estimate: int) -> Geometry:
    """The page of the first layout: the margins for a book a little longer than estimated.

    Margins only grow with the page count, so margins chosen for the top of the likely range
    serve every count below it, and a book that comes out shorter than the guess needs no
    second layout. The choice depends on the book alone (never on the cache), so a warm build
    and a cold one set the same pages.
    """
    return geometry_for(settings, math.ceil(estimate * ESTIMATE_HEADROOM))


def wider_geometry(settings: PrintSettings, used: Geometry, count: int) -> Geometry | None:
    """The margins ``count`` pages need when ``used`` falls short of them; else None.

    A layout is redone only when the book truly came out too long for its margins.
    """
    needed = geometry_for(settings, count)
    short = (
        needed.gutter > used.gutter
        or needed.outside > used.outside
        or needed.top > used.top
        or needed.bottom > used.bottom
    )
    return needed if short else None


def pdf_variant(settings: PrintSettings) -> str | None:
    """The PDF standard the interior declares for its service.

    PDF/X-1a needs a CMYK output profile that WeasyPrint only writes from an ICC file, and no
    such profile ships with the compiler; declaring the variant without meeting it would make
    the service's preflight reject the file. So those interiors are plain PDF 1.4 drawn in
    pure black ink (``device-cmyk``), which IngramSpark accepts. PDF/A-2b (Lulu) is written as
    asked: it only needs the sRGB intent WeasyPrint bundles.
    """
    return None if pod.needs_cmyk(settings.pod) else pod.pdf_standard(settings.pod)


def write_options(settings: PrintSettings) -> dict[str, str]:
    """WeasyPrint's ``write_pdf`` options for the service: its PDF variant, else PDF 1.4.

    Every document of an interior is written with these, the whole book in one pass as well
    as the units of a parallel build, so both declare and draw the same way.
    """
    variant = pdf_variant(settings)
    return {"pdf_version": PDF_VERSION} if variant is None else {"pdf_variant": variant}


def pdf_identifier(book: Book) -> bytes:
    """The file identifier: fixed by the book and its date, so rebuilds are byte-identical."""
    return hashlib.sha256(
        f"{book.meta.identifier}|{book.meta.modified.isoformat()}|print".encode()
    ).digest()[:16]


def geometry_css(
    settings: PrintSettings, geometry: Geometry, page_count_hint: int, body_start: int
) -> str:
    return (
        environment()
        .get_template("page.css")
        .render(
            trim=settings.trim,
            pod=settings.pod,
            page_count_hint=page_count_hint,
            body_start=body_start,
            width=_inches(geometry.trim_width),
            height=_inches(geometry.trim_height),
            bleed=_inches(geometry.bleed) if geometry.bleed else None,
            gutter=_inches(geometry.gutter),
            outside=_inches(geometry.outside),
            top=_inches(geometry.top),
            bottom=_inches(geometry.bottom),
            head_width=_inches(_head_width(geometry)),
            image_height=_inches(geometry.text_height - 0.5),
            text_height=_inches(geometry.text_height - 0.05),
            sink=_inches(geometry.text_height * 0.2),
            font_size=settings.font_size,
            line_height=settings.line_height,
            cmyk=pod.needs_cmyk(settings.pod),
        )
    )


def _inches(value: float) -> str:
    return f"{value:.4f}in"


def _head_width(geometry: Geometry) -> float:
    return geometry.text_width - 2 * FOLIO_ROOM_IN


@cache
def _fonts() -> FontConfiguration:
    """One font configuration for every render of the interior.

    ``@font-face`` rules live in the configuration the stylesheet was parsed with; a render
    with another one silently sets the book in the system serif instead of the bundled face.
    """
    return FontConfiguration()


@cache
def _stylesheets() -> tuple[CSS, ...]:
    fetcher = SandboxedFetcher([styles_dir()])
    return tuple(
        CSS(filename=str(styles_dir() / name), url_fetcher=fetcher, font_config=_fonts())
        for name in ("fonts.css", "base.css", "print.css")
    )


def _render(html: str, fetcher: SandboxedFetcher, extra: CSS | None) -> Document:
    return _render_tree(html, fetcher, extra)[0]


def _render_tree(html: str, fetcher: SandboxedFetcher, extra: CSS | None) -> tuple[Document, Any]:
    """The laid-out document and the element tree it was laid out from."""
    sheets = [*_stylesheets(), extra] if extra is not None else list(_stylesheets())
    source = HTML(string=html, base_url=BOOK_BASE_URL, url_fetcher=fetcher)
    with line_breaks.limited():
        document = source.render(stylesheets=sheets, font_config=_fonts())
        if "index-entry" in html:
            document = index_continued.repeat_headings(
                document,
                source.etree_element,
                lambda: source.render(stylesheets=sheets, font_config=_fonts()),
            )
        return document, source.etree_element


def _css(text: str) -> CSS:
    return CSS(string=text, font_config=_fonts())


def fit_heads(
    titles: Iterable[str], geometry: Geometry, page_css: str, language: str
) -> dict[str, str]:
    """Running titles cut back by whole words to the head line of ``geometry``.

    Measured with the interior's own stylesheets plus ``page_css`` (the geometry), so a
    parallel build, which fits the titles of its units here too, cuts them exactly as the
    whole-book layout does.
    """
    render = partial(_render, fetcher=SandboxedFetcher([styles_dir()]), extra=_css(page_css))
    return heads.fitted_titles(titles, _head_width(geometry) * CSS_PX_PER_IN, render, language)


def set_for(
    document_html: str, fitted: dict[str, str], geometry: Geometry, settings: PrintSettings
) -> str:
    """The HTML as this geometry sets it: running titles fitted to the head line, display
    titles cut into balanced lines for the text block. The parallel build sets its units
    with this too, so both layouts lay out the same HTML."""
    balanced = display_pages.balance(
        document_html,
        geometry.text_width * POINTS_PER_INCH,
        display_pages.body_size_pt(settings.font_size),
    )
    return heads.apply(balanced, fitted)


def layout(
    book: Book,
    settings: PrintSettings,
    pages: list[Page] | None = None,
) -> tuple[Document, Geometry]:
    """Lay the book out until its page count and its margin bracket agree."""
    document, geometry, _, _, _ = _layout(book, settings, pages)
    return document, geometry


def _layout(
    book: Book, settings: PrintSettings, pages: list[Page] | None
) -> tuple[Document, Geometry, Any, int, dict[str, str]]:
    """:func:`layout`, with the element tree laid out, the physical page of arabic 1 and
    the running heads printed for each running title."""
    renderer = Renderer(book, Target.PRINT)
    pages = pages if pages is not None else renderer.pages()
    indexed = index_pages.has_index(pages)
    # Until the body is laid out the index's numbers are placeholders (see index_pages).
    html = renderer.document([index_pages.merged(p, {}) for p in pages] if indexed else pages)
    # Book images are served by their stable names; nothing else outside the styles is read.
    fetcher = SandboxedFetcher([styles_dir()], book.all_assets)
    estimate = estimate_pages(book, settings)
    geometry = first_geometry(settings, estimate)
    front_ids = {section.id for section in book.front}
    body_start = body_start_page(
        renderer, [p for p in pages if p.id in front_ids], settings, geometry
    )
    document: Document | None = None
    root: Any = None
    fitted_for: float | None = None
    fitted_titles: dict[str, str] = {}
    titles = heads.running_titles(html)
    for _ in range(MAX_LAYOUT_PASSES):
        page_css = geometry_css(settings, geometry, estimate, body_start)
        extra = _css(page_css)
        if fitted_for != geometry.text_width:
            # A wider gutter narrows the head line, so titles are fitted again per bracket.
            fitted_titles = fit_heads(titles, geometry, page_css, book.meta.language)
            fitted = set_for(html, fitted_titles, geometry, settings)
            fitted_for = geometry.text_width
        document, root = _render_tree(fitted, fetcher, extra)
        if indexed:
            # The index prints each page once and merges runs of pages into ranges, which
            # needs the pages the body has just been laid out on (see index_pages).
            _anchor_occurrences(document, root)
            folios = index_pages.arabic_folios(anchor_pages(document), body_start)
            merged = renderer.document([index_pages.merged(p, folios) for p in pages])
            merged = set_for(merged, fitted_titles, geometry, settings)
            document, root = _render_tree(merged, fetcher, extra)
            _anchor_occurrences(document, root)
        count = _even(len(document.pages))
        wider = wider_geometry(settings, geometry, count)
        if wider is None:
            break
        geometry, estimate = wider, count
    assert document is not None
    fetcher.check()
    padded = _pad_to_even(document, settings, geometry)
    return padded, geometry, root, body_start, fitted_titles


def _anchor_occurrences(document: Document, root: Any) -> None:
    """The index's occurrences as anchors of ``document``, and its numbers as links to them
    (see :mod:`compiler.interior.index_places`)."""
    owners = owner_map(root)
    laid = laid_text(document, owners)
    index_places.add_to_pages(document, index_places.places(laid, owners))
    index_places.add_links(document, index_places.number_links(laid, owners))


def body_start_page(
    renderer: Renderer, front: list[Page], settings: PrintSettings, geometry: Geometry
) -> int:
    """The physical page where arabic folio 1 goes: the first recto after the front matter.

    Page counters can only be reset from ``@page`` rules, which must name the page, so the
    front matter is laid out alone first (a few pages: cheap) to learn its length.
    """
    if not front:
        return 1
    css = _css(geometry_css(settings, geometry, 0, 0))
    fetcher = SandboxedFetcher([styles_dir()], renderer.book.style_assets)
    document = _render(renderer.document(front), fetcher, css)
    return first_recto_after(len(document.pages))


def first_recto_after(pages: int) -> int:
    """The physical page of the first recto after ``pages`` pages (rectos are odd)."""
    return pages + 1 + pages % 2


def write_pdf(
    book: Book,
    settings: PrintSettings,
    target: Path,
    pages: list[Page] | None = None,
    diagnostics: Diagnostics | None = None,
) -> PrintResult:
    """Lay out and write the interior PDF to ``target``; return what the cover needs.

    With ``diagnostics``, characters the book face lacks, images that will print below
    300 dpi and titles shortened for the running heads are reported there, naming the article.
    """
    if diagnostics is not None:
        glyphs.check_book(book, diagnostics)
    document, geometry, root, body_start, fitted = _layout(book, settings, pages)
    anchors = anchor_pages(document)
    if diagnostics is not None:
        warn_images(placed_images(document), anchors, book, diagnostics)
        heads.warn_shortened(book.chapters(), fitted, diagnostics, book.meta.language)
    body = [anchors[s.id] for s in (*book.parts(), *book.chapters()) if s.id in anchors]
    with design_widths():
        document.write_pdf(
            target,
            pdf_identifier=pdf_identifier(book),
            finisher=labels.finisher(min(body, default=1) if book.front else 1),
            **write_options(settings),
        )
    pages_map = page_map(page_starts(document, root), body_start)
    return PrintResult(len(document.pages), geometry, anchors, pdf_variant(settings), pages_map)


@dataclass(frozen=True)
class PlacedImage:
    """A raster image as laid out: its page, source, pixel width and printed width."""

    page: int  # 1-based, in the document it was laid out in
    src: str
    pixels: int
    width: float  # CSS px


def placed_images(document: Document) -> list[PlacedImage]:
    """Every raster image of a laid-out document, with the size WeasyPrint gave it."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.ReplacedBox):
                continue
            pixels = getattr(box.replacement, "width", None)
            if not isinstance(pixels, int) or box.width <= 0:
                continue  # vector images print sharp at any size
            src = box.element.get("src", "") if box.element is not None else ""
            found.append(PlacedImage(number, src, pixels, box.width))
    return found


def image_warnings(
    images: Iterable[PlacedImage], starts: dict[str, int], book: Book
) -> Iterator[tuple[Chapter | None, str]]:
    """Images whose pixels are too few for their printed size (below 300 dpi).

    ``images`` carry their page in the book and ``starts`` says on which page each section
    opens. The size is the one WeasyPrint laid out (after scaling to the text block), so the
    figure is exact; the chapter is the last one opened at or before the image's page.
    """
    openings = sorted(
        (starts[chapter.id], chapter) for chapter in book.chapters() if chapter.id in starts
    )
    reported: set[tuple[str, str]] = set()
    for image in sorted(images, key=lambda i: i.page):
        current = None
        for page, chapter in openings:
            if page > image.page:
                break
            current = chapter
        dpi = image.pixels / (image.width / CSS_PX_PER_IN)
        key = (current.id if current else "", image.src)
        if dpi < MIN_IMAGE_DPI and key not in reported:
            reported.add(key)
            yield (
                current,
                (
                    f"image {image.src} prints at {dpi:.0f} dpi on page {image.page} "
                    f"({image.width / CSS_PX_PER_IN:.2f} in wide from {image.pixels} pixels); "
                    f"print needs {MIN_IMAGE_DPI} dpi"
                ),
            )


def warn_images(
    images: Iterable[PlacedImage], starts: dict[str, int], book: Book, diagnostics: Diagnostics
) -> None:
    """Report :func:`image_warnings` against the article each image belongs to."""
    for chapter, message in image_warnings(images, starts, book):
        diagnostics.warn(message, chapter.source if chapter else None)


# An index's anchor around a word is no word boundary: "<span …>States</span>," is two words
# once tags become spaces, and a thousand such marks would tip a book into wider margins.
_UNMARKED = re.compile(rf'<span class="{MARK_CLASS}" id="[^"]*">([^<]*)</span>')


def estimate_pages(book: Book, settings: PrintSettings) -> int:
    """A first guess of the page count, so most books need only one layout pass.

    About 420 words fill a 6x9 in KDP page of 10.5 pt type on 1.38 lines (400 to 450 in the
    example books and the 45-essay benchmark volume). Other pages scale by the area of their
    text block, which the service's margins decide as much as the trim (they do not shrink
    with it), and by the area a word takes: the square of the type size and the line height.
    Chapters open on rectos, costing half a page each on average.
    """
    words = sum(
        len(re.sub(r"<[^>]+>", " ", _UNMARKED.sub(r"\1", c.body)).split()) for c in book.chapters()
    )
    chapters = sum(1 for _ in book.chapters())
    parts = sum(1 for _ in book.parts())
    openings = 1.5 * chapters + 2 * parts + 8
    width, height = pod.parse_trim(settings.trim)
    rough = words / (WORDS_PER_6X9_PAGE * (width * height) / 54) + openings
    geometry = geometry_for(settings, max(1, round(rough)))
    size = display_pages.body_size_pt(settings.font_size) / display_pages.BODY_SIZE_PT
    leading = (settings.line_height or BODY_LINE_HEIGHT) / BODY_LINE_HEIGHT
    area = geometry.text_width * geometry.text_height / _reference_text_area()
    words_per_page = WORDS_PER_6X9_PAGE * area / (size * size * leading)
    return max(1, round(words / words_per_page + openings))


@cache
def _reference_text_area() -> float:
    """Square inches of the text block where :data:`WORDS_PER_6X9_PAGE` words fit: a 6x9 in
    KDP page of up to 150 pages."""
    reference = geometry_for(PrintSettings(trim="6x9in", pod="kdp"), 150)
    return reference.text_width * reference.text_height


def anchor_pages(document: Document) -> dict[str, int]:
    """Which physical page each anchor (section id) starts on, 1-based."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def _even(count: int) -> int:
    return count + (count % 2)


def _pad_to_even(document: Document, settings: PrintSettings, geometry: Geometry) -> Document:
    """Printers bind sheets, not pages: add a truly blank last page to make the count even.

    The page is laid out as page 2 (a verso) so it gets the verso's bleed side, and without
    print.css, so no running head or folio can appear on it.
    """
    if len(document.pages) % 2 == 0:
        return document
    css = CSS(string=geometry_css(settings, geometry, len(document.pages), 0))
    blank = HTML(
        string='<html><body><div style="break-after: page"></div><div></div></body></html>'
    ).render(stylesheets=[css])
    return document.copy([*document.pages, blank.pages[1]])
