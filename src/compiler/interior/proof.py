"""Proof sheets: the print interior as spreads, two to a sheet, with each page's problems.

An editor reads a book's proofs on paper or a tablet, pen in hand, and needs three things on
every sheet: the pages as the reader will see them (facing pages side by side, because a bad
break or a short page shows only in the spread), which page each is, and what the build
already knows is wrong there. The pages are the real PDF's, placed as vectors (nothing is
re-laid out or rasterised, so what is proofed is what is printed); the sheet around them
(frames, labels, the margin notes) is an HTML page set by WeasyPrint with the book's own
fonts and ``styles/proof.css``.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, ByteStringObject
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..book.model import Book
from ..book.render import environment
from ..errors import BookError, Problem
from ..machinery.styles import styles_dir
from .sandbox import BOOK_BASE_URL, SandboxedFetcher

PT_PER_IN = 72.0
SHEETS: dict[str, tuple[float, float]] = {  # portrait, in points
    "letter": (612.0, 792.0),
    "a4": (595.28, 841.89),
}
# The sheet's furniture, in points: outer margin, title band, the notes column and the gaps.
MARGIN = 30.0
HEADER = 26.0
NOTES_WIDTH = 150.0
GUTTER = 12.0
LABEL = 14.0
BETWEEN = 16.0


@dataclass
class ProofPage:
    """One page of the book on a sheet: where it goes and what to print around it."""

    number: int  # 1-based physical page of the interior
    label: str  # the folio a reader sees: "xii", "47"
    left: float  # in points, from the sheet's top-left corner
    top: float
    notes: list[str] = field(default_factory=list)


@dataclass
class ProofSheet:
    pages: list[ProofPage]
    spreads: list[tuple[float, list[ProofPage]]]  # (top of the spread, its pages)


def write_proof(
    interior: Path,
    target: Path,
    book: Book,
    anchors: dict[str, int],
    problems: Sequence[Problem],
    findings: Iterable[tuple[str, Sequence[int]]],
    sheet: str = "letter",
) -> int:
    """Write the proof of the ``interior`` PDF to ``target``; return the number of sheets.

    ``anchors`` gives each chapter's first page (the print result's section anchors), where a
    problem located in an article's file is noted; ``findings`` are the preflight's (text,
    pages) pairs, noted on each page they name. Problems located nowhere in the book are
    noted on the first page, so nothing the build said is missing from the proof.
    """
    try:
        reader = PdfReader(interior)
    except (OSError, ValueError) as exc:
        raise BookError(f"cannot read the print interior: {exc}", interior) from exc
    count = len(reader.pages)
    labels = list(reader.page_labels) if count else []
    box = reader.pages[0].mediabox
    page_w, page_h = float(box.width), float(box.height)
    notes = notes_by_page(count, book, anchors, problems, findings, interior)
    sheet_w, sheet_h = SHEETS[sheet]
    scale, sheets = _impose(count, page_w, page_h, sheet_w, sheet_h, labels, notes)

    overlay = _render_overlay(book, sheets, sheet_w, sheet_h, page_w * scale, page_h * scale)
    writer = PdfWriter()
    for index, sheet_page in enumerate(PdfReader(io.BytesIO(overlay)).pages):
        added = writer.add_page(sheet_page)
        for page in sheets[index].pages:
            source = reader.pages[page.number - 1]
            origin = source.mediabox
            move = Transformation().translate(-float(origin.left), -float(origin.bottom))
            move = move.scale(scale, scale).translate(
                page.left, sheet_h - page.top - page_h * scale
            )
            added.merge_transformed_page(source, move)
    identifier = hashlib.sha256(interior.read_bytes()).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
    writer.add_metadata({"/Title": f"{book.meta.title}: proof", "/Producer": "compile-book"})
    buffer = io.BytesIO()
    writer.write(buffer)
    target.write_bytes(buffer.getvalue())
    return len(sheets)


def notes_by_page(
    count: int,
    book: Book,
    anchors: dict[str, int],
    problems: Sequence[Problem],
    findings: Iterable[tuple[str, Sequence[int]]],
    interior: Path,
) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = {}
    starts = {
        chapter.source.resolve(): anchors[chapter.id]
        for chapter in book.chapters()
        if chapter.id in anchors
    }
    for problem in problems:
        page = None
        if problem.file is not None:
            try:
                page = starts.get(Path(problem.file).resolve())
            except OSError:
                page = None
            if page is None and Path(problem.file).resolve() == interior.resolve():
                continue  # the preflight's own findings arrive with their pages
        notes.setdefault(page or 1, []).append(str(problem))
    for text, pages in findings:
        for page in pages or (1,):
            if 1 <= page <= count:
                notes.setdefault(page, []).append(text)
    return notes


def spreads(count: int) -> list[tuple[int | None, int | None]]:
    """Facing pages as a reader sees them: page 1 alone on the right, then 2-3, 4-5…"""
    pairs: list[tuple[int | None, int | None]] = [(None, 1)] if count else []
    for verso in range(2, count + 1, 2):
        pairs.append((verso, verso + 1 if verso + 1 <= count else None))
    return pairs


def _impose(
    count: int,
    page_w: float,
    page_h: float,
    sheet_w: float,
    sheet_h: float,
    labels: list[str],
    notes: dict[int, list[str]],
) -> tuple[float, list[ProofSheet]]:
    """Two spreads per sheet, stacked, as large as the sheet allows beside the notes column."""
    width = sheet_w - 2 * MARGIN - NOTES_WIDTH - GUTTER
    height = (sheet_h - 2 * MARGIN - HEADER - BETWEEN - 2 * LABEL) / 2
    scale = min(width / (2 * page_w), height / page_h)
    pairs = spreads(count)
    sheets: list[ProofSheet] = []
    for first in range(0, len(pairs), 2):
        sheet = ProofSheet(pages=[], spreads=[])
        for row, pair in enumerate(pairs[first : first + 2]):
            top = MARGIN + HEADER + row * (page_h * scale + LABEL + BETWEEN)
            placed = []
            for side, number in enumerate(pair):
                if number is None:
                    continue
                page = ProofPage(
                    number=number,
                    label=labels[number - 1] if number <= len(labels) else str(number),
                    left=MARGIN + side * page_w * scale,
                    top=top,
                    notes=notes.get(number, []),
                )
                placed.append(page)
                sheet.pages.append(page)
            sheet.spreads.append((top, placed))
        sheets.append(sheet)
    return scale, sheets


def _render_overlay(
    book: Book,
    sheets: list[ProofSheet],
    sheet_w: float,
    sheet_h: float,
    frame_w: float,
    frame_h: float,
) -> bytes:
    env = environment()
    geometry = env.get_template("proof-geometry.css").render(
        sheet_w=sheet_w,
        sheet_h=sheet_h,
        frame_w=frame_w,
        frame_h=frame_h,
        margin=MARGIN,
        header=HEADER,
        label=LABEL,
        notes_left=MARGIN + 2 * frame_w + GUTTER,
    )
    html = env.get_template("proof.html").render(meta=book.meta, sheets=sheets, total=len(sheets))
    fetcher = SandboxedFetcher([styles_dir()])
    fonts = FontConfiguration()  # shared by sheets and render, or @font-face is dropped
    stylesheets = [
        CSS(filename=str(styles_dir() / name), url_fetcher=fetcher, font_config=fonts)
        for name in ("fonts.css", "proof.css")
    ]
    document = HTML(string=html, base_url=BOOK_BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[*stylesheets, CSS(string=geometry, font_config=fonts)], font_config=fonts
    )
    identifier = f"{book.meta.identifier}|{book.meta.modified.isoformat()}|proof".encode()
    return document.write_pdf(pdf_identifier=hashlib.sha256(identifier).digest()[:16])
