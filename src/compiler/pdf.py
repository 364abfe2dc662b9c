"""Print interior writer (WeasyPrint).

The book is laid out from the same rendering as the EPUB, styled by ``base.css`` and
``print.css`` plus a small geometry stylesheet (trim and margins). Margins depend on the final
page count (print-on-demand services want a wider gutter for thicker books), so we lay out,
count, and lay out again when the count falls into another margin bracket.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from . import pod
from .book import Book
from .config import PrintSettings
from .render import Page, Renderer, Target, environment
from .resources import BOOK_BASE_URL, SandboxedFetcher
from .styles import styles_dir

MAX_LAYOUT_PASSES = 4


@dataclass(frozen=True)
class Geometry:
    """Page size and margins in inches, for one margin bracket."""

    width: float
    height: float
    gutter: float
    outside: float
    top: float
    bottom: float
    bracket: object


@dataclass(frozen=True)
class PrintResult:
    page_count: int
    geometry: Geometry
    anchors: dict[str, int]  # section id -> 1-based physical page where it starts


def geometry_for(settings: PrintSettings, page_count: int) -> Geometry:
    width, height = pod.parse_trim(settings.trim)
    margins = pod.recommended_margins(settings.pod, page_count, settings.bleed, settings.trim)
    bleed = pod.BLEED_IN if settings.bleed else 0.0
    return Geometry(
        width=width + bleed,
        height=height + 2 * bleed,
        gutter=margins.gutter_in,
        outside=margins.outside_in + bleed,
        top=margins.top_in + bleed,
        bottom=margins.bottom_in + bleed,
        bracket=pod.margin_bracket(settings.pod, page_count),
    )


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
            width=f"{geometry.width:.4f}in",
            height=f"{geometry.height:.4f}in",
            gutter=f"{geometry.gutter:.4f}in",
            outside=f"{geometry.outside:.4f}in",
            top=f"{geometry.top:.4f}in",
            bottom=f"{geometry.bottom:.4f}in",
            font_size=settings.font_size,
            line_height=settings.line_height,
        )
    )


@cache
def font_config() -> FontConfiguration:
    """One font configuration per process: ``@font-face`` rules only take effect through it,
    and without them WeasyPrint would silently use whatever fonts the machine has."""
    return FontConfiguration()


@cache
def _stylesheets() -> tuple[CSS, ...]:
    fetcher = SandboxedFetcher([styles_dir()])
    return tuple(
        CSS(filename=str(styles_dir() / name), url_fetcher=fetcher, font_config=font_config())
        for name in ("fonts.css", "base.css", "print.css")
    )


def _render(html: str, extra_css: str, fetcher: SandboxedFetcher) -> Document:
    extra = CSS(string=extra_css, font_config=font_config())
    return HTML(string=html, base_url=BOOK_BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[*_stylesheets(), extra], font_config=font_config()
    )


def layout(
    book: Book,
    settings: PrintSettings,
    pages: list[Page] | None = None,
) -> tuple[Document, Geometry]:
    """Lay the book out until its page count and its margin bracket agree."""
    renderer = Renderer(book, Target.PRINT)
    pages = pages if pages is not None else renderer.pages()
    html = renderer.document(pages)
    # Book images are served by their stable names; nothing else outside the styles is read.
    fetcher = SandboxedFetcher([styles_dir()], book.assets)
    estimate = estimate_pages(book, settings)
    geometry = geometry_for(settings, estimate)
    front_ids = {section.id for section in book.front}
    body_start = body_start_page(
        renderer, [p for p in pages if p.id in front_ids], settings, geometry
    )
    document: Document | None = None
    for _ in range(MAX_LAYOUT_PASSES):
        document = _render(html, geometry_css(settings, geometry, estimate, body_start), fetcher)
        count = _even(len(document.pages))
        settled = geometry_for(settings, count)
        if settled.bracket == geometry.bracket:
            break
        geometry, estimate = settled, count
    assert document is not None
    return _pad_to_even(document, settings, geometry), geometry


def body_start_page(
    renderer: Renderer, front: list[Page], settings: PrintSettings, geometry: Geometry
) -> int:
    """The physical page where arabic folio 1 goes: the first recto after the front matter.

    Page counters can only be reset from ``@page`` rules, which must name the page, so the
    front matter is laid out alone first (a few pages: cheap) to learn its length.
    """
    if not front:
        return 1
    document = _render(renderer.document(front), geometry_css(settings, geometry, 0, 0),
                       SandboxedFetcher([styles_dir()]))
    count = len(document.pages)
    return count + 1 + count % 2


def write_pdf(
    book: Book, settings: PrintSettings, target: Path, pages: list[Page] | None = None
) -> PrintResult:
    """Lay out and write the interior PDF to ``target``; return what the cover needs."""
    document, geometry = layout(book, settings, pages)
    identifier = hashlib.sha256(
        f"{book.meta.identifier}|{book.meta.modified.isoformat()}|print".encode()
    ).digest()[:16]
    document.write_pdf(target, pdf_identifier=identifier, pdf_version="1.7")
    return PrintResult(len(document.pages), geometry, anchor_pages(document))


def estimate_pages(book: Book, settings: PrintSettings) -> int:
    """A first guess of the page count, so most books need only one layout pass.

    About 300 words fill a 6x9 in page of 10.5 pt type; other trims scale by text area.
    Chapters open on rectos, costing half a page each on average.
    """
    width, height = pod.parse_trim(settings.trim)
    words_per_page = 300 * (width * height) / 54
    words = sum(len(re.sub(r"<[^>]+>", " ", c.body).split()) for c in book.chapters())
    chapters = sum(1 for _ in book.chapters())
    parts = sum(1 for _ in book.parts())
    return max(1, round(words / words_per_page + 1.5 * chapters + 2 * parts + 8))


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
    """Printers bind sheets, not pages: add a truly blank last page to make the count even."""
    if len(document.pages) % 2 == 0:
        return document
    blank = _render("<html><body></body></html>",
                    geometry_css(settings, geometry, len(document.pages), 0),
                    SandboxedFetcher([styles_dir()]))
    return document.copy([*document.pages, blank.pages[0]])
