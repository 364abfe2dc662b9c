"""Read a print interior back and measure what a book designer checks page by page.

    python bench/measure_print.py BOOK.pdf [BOOK.pdf ...]
    python bench/measure_print.py --table BOOK.pdf [BOOK.pdf ...]   # the docs' Markdown table
    python bench/measure_print.py --loose BOOK.pdf [BOOK.pdf ...]   # its loose lines, worst first

Reports, from the PDF alone (PDFium's text layer and drawing objects):

- hyphenated lines: share of text lines ending in an automatic hyphen (U+2010, the
  hyphenation character the layout draws; a hard hyphen at a line end is not counted);
- the longest run of consecutive hyphenated lines, and the number of words broken twice;
- hyphens at the foot of a recto (the reader turns the leaf mid-word);
- paragraphs ending on a broken word: a hyphen on a paragraph's penultimate line, so that
  its last line opens with the word's tail (TeX's ``\\finalhyphendemerits``), across a page
  turn too;
- the worst word space of each page (points, and in ems of its line's type), and the lines
  of running text and notes with a word space over 5 pt (display lines, set larger than the
  running text and not justified, are left out);
- tight lines: lines whose median word space is under two thirds of the natural space, as far
  as TeX lets a space shrink;
- notes off their page: a note at the foot whose call is not in the text above it;
- furniture outside the column: running heads, folios, notes and the note rule reaching past
  the text column's edges;
- uneven spreads: facing pages inside a chapter whose last lines differ by more than a line.

Tests import :func:`measure` and check its figures against thresholds.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import re
import statistics
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NoReturn

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

AUTO_HYPHEN = "\u2010"
TOLERANCE = 1.0  # pt: how far furniture may stray from the column before it counts
# Contents lines are not justified text: the gaps around their leader (before its first dot,
# which keeps in step with the column's edge, and from its last dot over the number column)
# are not word spaces. A line with five dots in a row, or ending in a shorter leader and its
# folio: a title that ends near the number column shows only four dots.
LEADER = re.compile(r"(\.\s?){5}|(\.\s?){2,}\s*(\d+|[ivxlc]+)\s*$")
NOTE_MARK = re.compile(r"^(\d+)\.\s")
# Lines set this much larger than the running text are display type, not justified text.
DISPLAY_SIZE = 1.05
# A tight line: its median word space under two thirds of Gentium's natural space (451/2048 em,
# 2.31 pt at 10.5 pt), which is as far as TeX lets a space shrink. The median, because the
# measure reads a space between glyph outlines and single spaces vary with the letters beside.
TIGHT_EM = 2 / 3 * 451 / 2048


@dataclass
class Run:
    """Glyphs drawn in a row at one size: a line's text, or a raised note call."""

    text: str
    x0: float
    x1: float
    y: float  # baseline
    size: float
    spaces: list[float] = field(default_factory=list)  # width of each word space drawn


@dataclass
class Line:
    runs: list[Run]
    y: float
    size: float

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def x0(self) -> float:
        return min(run.x0 for run in self.runs)

    @property
    def x1(self) -> float:
        return max(run.x1 for run in self.runs)


@dataclass
class PageLines:
    number: int  # 1-based physical page
    body: list[Line]
    notes: list[Line]
    furniture: list[Line]
    calls: list[str]  # note-call numbers in the text, in order
    rule: tuple[float, float] | None  # the note rule's x extent


@dataclass
class Measures:
    pages: int = 0
    lines: int = 0
    hyphenated: int = 0
    longest_run: int = 0
    broken_twice: int = 0
    recto_foot_hyphens: list[int] = field(default_factory=list)
    # Paragraphs whose last line ends a word broken on the line before: the pages of those lines.
    final_hyphens: list[int] = field(default_factory=list)
    worst_space_pt: float = 0.0
    worst_space_page: int = 0
    pages_with_space_over_5pt: int = 0
    # Lines with a word space over 5 pt: (widest space in pt, page, text), widest first.
    loose_lines: list[tuple[float, int, str]] = field(default_factory=list)
    # Lines of three word spaces or more whose median space is under TIGHT_EM of their size.
    tight_lines: int = 0
    spaced_lines: int = 0  # lines of three word spaces or more, that tight_lines counts among
    notes: int = 0
    notes_off_page: list[int] = field(default_factory=list)
    furniture_outside: list[int] = field(default_factory=list)
    uneven_spreads: list[int] = field(default_factory=list)

    @property
    def hyphenated_share(self) -> float:
        return self.hyphenated / self.lines if self.lines else 0.0

    def summary(self) -> dict[str, object]:
        data = asdict(self)
        data["hyphenated_share"] = round(self.hyphenated_share, 4)
        return data


def _chars(page: pdfium.PdfPage) -> list[tuple[str, float, float, float, float]]:
    """Every drawn glyph: (character, origin x, baseline y, right edge, font size)."""
    textpage = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    found = []
    for k in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, k))
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, k):
            # PDFium stands a space in for a gap the layout left without drawing one.
            if char == " " and found:
                found.append((" ", found[-1][3], found[-1][2], found[-1][3], found[-1][4]))
            continue
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, k, ctypes.byref(x), ctypes.byref(y))
        pdfium_c.FPDFText_GetCharBox(
            textpage.raw,
            k,
            ctypes.byref(left),
            ctypes.byref(right),
            ctypes.byref(bottom),
            ctypes.byref(top),
        )
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, k)
        found.append((char, x.value, y.value, max(right.value, x.value), size))
    return found


def _runs(chars: list[tuple[str, float, float, float, float]]) -> list[Run]:
    runs: list[Run] = []
    for index, (char, x, y, right, size) in enumerate(chars):
        current = runs[-1] if runs else None
        same = (
            current is not None
            and abs(current.y - y) < 0.2
            and abs(current.size - size) < 0.05
            and x >= current.x0 - 0.5
        )
        if not same:
            current = Run("", x, right, y, size)
            runs.append(current)
        assert current is not None
        if char == " " and 0 < index < len(chars) - 1:
            before, following = chars[index - 1], chars[index + 1]
            if before[0] != " " and abs(following[2] - y) < 0.2 and following[1] > before[3]:
                current.spaces.append(following[1] - before[3])
        current.text += char
        if char.strip():
            current.x1 = max(current.x1, right)
    return [run for run in runs if run.text.strip()]


def _raised(run: Run, runs: list[Run]) -> bool:
    """A run set smaller and higher than a run beside it: a note call or a reference mark."""
    return any(
        other.size >= 1.2 * run.size and 0.5 < run.y - other.y <= 0.7 * other.size for other in runs
    )


def _lines(runs: list[Run]) -> tuple[list[Line], list[str]]:
    raised = [run for run in runs if _raised(run, runs)]
    lines: list[Line] = []
    for run in runs:
        if run in raised:
            continue
        for line in lines:
            if abs(line.y - run.y) < 0.6:
                line.runs.append(run)
                line.size = max(line.size, run.size)
                break
        else:
            lines.append(Line([run], run.y, run.size))
    for line in lines:
        line.runs.sort(key=lambda run: run.x0)
    lines.sort(key=lambda line: -line.y)
    calls = [run.text.strip() for run in raised if run.text.strip().isdigit()]
    return lines, calls


def _rules(page: pdfium.PdfPage) -> list[tuple[float, float, float]]:
    """Wide drawn shapes (strokes, boxes, shadings): (left, right, top) in points."""
    kinds = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_SHADING)
    found = []
    for obj in page.get_objects(filter=kinds, max_depth=4):
        left, _bottom, right, top = obj.get_bounds()
        if right - left > 20:
            found.append((left, right, top))
    return found


def _pictures(page: pdfium.PdfPage) -> list[tuple[float, float]]:
    """Every image drawn: (bottom, top) in points."""
    found = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        _left, bottom, _right, top = obj.get_bounds()
        found.append((bottom, top))
    return found


@dataclass
class RawPage:
    number: int
    lines: list[Line]
    calls: list[str]
    rules: list[tuple[float, float, float]]
    pictures: list[tuple[float, float]] = field(default_factory=list)


def read_raw(page: pdfium.PdfPage, number: int) -> RawPage:
    lines, calls = _lines(_runs(_chars(page)))
    return RawPage(number, lines, calls, _rules(page), _pictures(page))


def classify(raw: RawPage, body_size: float) -> PageLines:
    """Split a page's lines into text, notes (below the note rule) and furniture."""
    lines = raw.lines
    body = [line for line in lines if line.size >= 0.9 * body_size]
    small_below = [line for line in lines if line.size < 0.9 * body_size]
    rule = None
    if body:
        lowest_body = min(line.y for line in body)
        for left, right, top in sorted(raw.rules, key=lambda r: r[2]):
            if top < lowest_body and any(line.y < top for line in small_below):
                rule = (left, right, top)
                break
    notes = [line for line in small_below if rule is not None and line.y < rule[2]]
    if rule is None and len(small_below) > len(body):
        # A page set in small type throughout (the index): its small lines are its text, but
        # for a running head standing apart above them (its head and folio share a baseline
        # and would read as one line with a 140 pt word space).
        body = _below_running_head(lines, 0.9 * body_size)
    top = max((line.y for line in body), default=None)
    bottom = min((line.y for line in body), default=None)
    furniture = []
    for line in lines:
        if line in notes or top is None:
            continue
        above = line.y > top + 4
        below = bottom is not None and line.y < bottom - 4
        if (above or below) and line not in body:
            furniture.append(line)
    text_lines = [line for line in lines if line not in furniture and line not in notes]
    return PageLines(
        raw.number,
        text_lines,
        notes,
        furniture,
        raw.calls,
        (rule[0], rule[1]) if rule is not None else None,
    )


def _below_running_head(lines: list[Line], small: float) -> list[Line]:
    """``lines`` without the top one when it is set smaller than ``small`` and stands more
    than one and a half times the usual line spacing above the rest, as a running head does
    (an opening page's title is larger, and stays)."""
    ordered = sorted(lines, key=lambda line: -line.y)
    gaps = [upper.y - lower.y for upper, lower in zip(ordered, ordered[1:], strict=False)]
    if len(gaps) >= 2 and ordered[0].size < small and gaps[0] > 1.5 * statistics.median(gaps[1:]):
        return [line for line in lines if line is not ordered[0]]
    return list(lines)


def _column(pages: list[PageLines]) -> dict[int, tuple[float, float]]:
    """The text column of versos (0) and rectos (1): the commonest edges of full lines."""
    edges: dict[int, tuple[Counter[float], Counter[float]]] = {
        0: (Counter(), Counter()),
        1: (Counter(), Counter()),
    }
    for page in pages:
        lefts, rights = edges[page.number % 2]
        for line in page.body:
            lefts[round(line.x0, 0)] += 1
            rights[round(line.x1, 0)] += 1
    column = {}
    for side, (lefts, rights) in edges.items():
        if lefts and rights:
            column[side] = (lefts.most_common(1)[0][0], rights.most_common(1)[0][0])
    return column


def _broken_twice(lines: list[Line]) -> int:
    """Lines holding only the tail of a hyphenated word while the paragraph runs on below.

    The word was broken at two line ends: after its hyphen and again after its tail.
    """
    count = 0
    for before, line, after in zip(lines, lines[1:], lines[2:], strict=False):
        if (
            before.text.rstrip().endswith(AUTO_HYPHEN)
            and " " not in line.text.strip()
            and line.x1 - line.x0 < 0.5 * (before.x1 - before.x0)
            and abs(after.x0 - line.x0) < 0.5
        ):
            count += 1
    return count


def final_hyphens(pages: list[PageLines], column: dict[int, tuple[float, float]]) -> list[int]:
    """Pages where a paragraph's last line follows a line ending in an automatic hyphen.

    A justified paragraph's lines all reach its right edge but its last: a line falling short
    of where the hyphenated line before it ends ends the paragraph on the broken word's tail.
    Lines are measured from their page's column edge, so that a paragraph is followed across a
    page turn (notes within their page). The hyphenated line must reach the column's edge or
    end level with the line before it (an indented quotation's edge): ragged text, a list's,
    is not justified, and its lines fall short anywhere.
    """
    found = []
    carried: list[tuple[Line, float]] = []  # the last two text lines read, each with its margin
    for page in pages:
        side = column.get(page.number % 2)
        if side is None:
            carried = []
            continue
        right = side[1]
        for lines, follows in ((page.body, True), (page.notes, False)):
            read = carried if follows else []
            for line in lines:
                if len(read) >= 1:
                    hyphen_line, margin = read[-1]
                    justified = margin <= TOLERANCE or (
                        len(read) >= 2 and abs(read[-2][1] - margin) <= TOLERANCE
                    )
                    if (
                        hyphen_line.text.rstrip().endswith(AUTO_HYPHEN)
                        and justified
                        and right - line.x1 > margin + TOLERANCE
                    ):
                        found.append(page.number)
                read = [*read[-1:], (line, right - line.x1)]
            if follows:
                carried = read
    return found


def _display(line: Line, body_size: float) -> bool:
    """Whether a line is display type (a title page's or a chapter's title, a series name):
    set larger than the running text, centred with its face's own spaces (and a title's
    tracking), not justified. A 5 pt space is natural in 23 pt type, not a loose line."""
    return line.size > DISPLAY_SIZE * body_size


def read_pages(pdf: Path | str | bytes) -> list[RawPage]:
    """Every page of a PDF (a file or its bytes) as read, numbered from 1."""
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        return [read_raw(document[index], index + 1) for index in range(len(document))]
    finally:
        document.close()


def body_size_of(raw: list[RawPage]) -> float:
    """The running text's size: the one most characters are set in (0 for no text)."""
    sizes: Counter[float] = Counter()
    for page in raw:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def measure(path: Path | str) -> Measures:
    raw = read_pages(path)
    body_size = body_size_of(raw)
    pages = [classify(page, body_size) for page in raw]
    found = Measures(pages=len(pages))
    column = _column(pages)
    run = 0
    for page in pages:
        counted = [
            line for line in page.body + page.notes if any(char.isalpha() for char in line.text)
        ]
        found.lines += len(counted)
        found.hyphenated += sum(line.text.rstrip().endswith(AUTO_HYPHEN) for line in counted)
        found.broken_twice += _broken_twice(page.body)
        for line in page.body:
            hyphen = line.text.rstrip().endswith(AUTO_HYPHEN)
            run = run + 1 if hyphen else 0
            found.longest_run = max(found.longest_run, run)
        if page.number % 2 and page.body and page.body[-1].text.rstrip().endswith(AUTO_HYPHEN):
            found.recto_foot_hyphens.append(page.number)
        justified = [
            line
            for line in page.body + page.notes
            if not LEADER.search(line.text) and not _display(line, body_size)
        ]
        widest = [
            (max((space for part in line.runs for space in part.spaces), default=0.0), line)
            for line in justified
        ]
        found.loose_lines += [
            (round(space, 2), page.number, line.text.strip())
            for space, line in widest
            if space > 5.0
        ]
        for line in justified:
            spaces = [space for part in line.runs for space in part.spaces]
            if len(spaces) >= 3:
                found.spaced_lines += 1
                # Line sizes are read in CSS px (4/3 of a point), spaces in points.
                found.tight_lines += statistics.median(spaces) < TIGHT_EM * line.size * 0.75
        worst = max((space for space, _line in widest), default=0.0)
        if worst > 5.0:
            found.pages_with_space_over_5pt += 1
        if worst > found.worst_space_pt:
            found.worst_space_pt = round(worst, 2)
            found.worst_space_page = page.number
        marks = [m.group(1) for line in page.notes if (m := NOTE_MARK.match(line.text))]
        found.notes += len(marks)
        if any(mark not in page.calls for mark in marks):
            found.notes_off_page.append(page.number)
        side = column.get(page.number % 2)
        if side is not None and page.body:
            left, right = side
            stray = [(line.x0, line.x1) for line in page.furniture + page.notes] + (
                [page.rule] if page.rule else []
            )
            if any(x0 < left - TOLERANCE or x1 > right + TOLERANCE for x0, x1 in stray):
                found.furniture_outside.append(page.number)
    found.loose_lines.sort(key=lambda loose: (-loose[0], loose[1]))
    found.uneven_spreads = uneven_spreads(pages, raw)
    found.final_hyphens = final_hyphens(pages, column)
    return found


# Facing pages whose text blocks end further apart than this many lines are uneven.
UNEVEN_LINES = 1.5
# Part of the text block a table or picture fills for the page before it to be let run short.
FULL_PAGE = 2 / 3


def _foot(page: PageLines, raw: RawPage) -> float | None:
    """Where the text block of a page with a running head ends (y, points up): its lowest
    line of text, of notes (set at the block's foot, whatever the lines above them) or of
    smaller type (captions, tables), or its lowest picture. None for a page without a head:
    a chapter's opening, a blank page, front matter."""
    lines = page.body + page.notes + page.furniture
    pictures = [bottom for bottom, _top in raw.pictures]
    if lines and pictures and min(line.y for line in lines) > max(t for _b, t in raw.pictures):
        return min(pictures)  # a page of pictures under its head
    if not page.body or not any(line.y > page.body[0].y for line in page.furniture):
        return None
    top = page.body[0].y
    marks = [line.y for line in page.body + page.notes + page.furniture if line.y <= top]
    return min(marks + pictures)


def _opens_with_full_page(page: PageLines, raw: RawPage, height: float) -> bool:
    """Whether a page holds a picture or a table (its rows' rules) filling most of a text block
    ``height`` high: the page before it may run short."""
    if not height:
        return False
    if any(top - bottom >= FULL_PAGE * height for bottom, top in raw.pictures):
        return True
    rows = [top for left, right, top in raw.rules if (left, right) != page.rule]
    return len(rows) >= 2 and max(rows) - min(rows) >= FULL_PAGE * height


def uneven_spreads(pages: list[PageLines], raw: list[RawPage]) -> list[int]:
    """Versos inside a chapter whose text block ends more than a line above or below its
    recto's. A chapter's last page may run short (the page after it opens a chapter or is
    blank, without a running head), and so may the page before a full-page table or picture."""
    feet = {page.number: _foot(page, raw_page) for page, raw_page in zip(pages, raw, strict=True)}
    leading = statistics.median(
        [
            a.y - b.y
            for page in pages
            for a, b in zip(page.body, page.body[1:], strict=False)
            if 0 < a.y - b.y < 30
        ]
        or [0.0]
    )
    height = max(
        (page.body[0].y - foot for page in pages if (foot := feet[page.number]) is not None),
        default=0.0,
    )
    found = []
    for verso in range(2, len(pages), 2):
        recto = verso + 1
        low = (feet.get(verso), feet.get(recto), feet.get(recto + 1))
        if low[0] is None or low[1] is None or low[2] is None:
            continue
        if abs(low[0] - low[1]) <= leading * UNEVEN_LINES:
            continue
        shorter = verso if low[0] > low[1] else recto  # y runs up the page
        if _opens_with_full_page(pages[shorter], raw[shorter], height):
            continue  # pages[shorter] is the page after the short one (numbers are 1-based)
        found.append(verso)
    return found


TABLE_HEAD = (
    "| book | pages | hyphenated lines | longest run | recto-foot hyphens "
    "| paragraphs ending on a broken word | worst word space "
    "| pages with a space over 5 pt | lines with a space over 5 pt | notes off their page "
    "| furniture off the column | uneven spreads | tight lines |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def table_row(name: str, found: Measures) -> str:
    """One book's figures as a row of the table in docs/print.md."""
    return (
        f"| {name} | {found.pages} | {found.hyphenated_share:.1%} | {found.longest_run} "
        f"| {len(found.recto_foot_hyphens)} | {len(found.final_hyphens)} "
        f"| {found.worst_space_pt:.1f} pt "
        f"| {found.pages_with_space_over_5pt} | {len(found.loose_lines)} of {found.lines} "
        f"| {len(found.notes_off_page)} of {found.notes} "
        f"| {len(found.furniture_outside)} | {len(found.uneven_spreads)} "
        f"| {found.tight_lines} of {found.spaced_lines} |"
    )


# Where the module's account of its figures starts: ``--help`` shows it after the options.
FIGURES = "Reports, from the PDF alone"


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line, as the compiler gives them, rather than usage and a line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    summary, marker, figures = __doc__.partition(FIGURES)
    parser = _Parser(
        prog="measure_print.py",
        description=summary.splitlines()[0],
        epilog=marker + figures.split("\nTests import")[0] if marker else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "books", nargs="+", type=Path, metavar="BOOK.pdf", help="print interiors to read back"
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--table", action="store_true", help="one row each of the Markdown table in docs/print.md"
    )
    shown.add_argument(
        "--loose", action="store_true", help="each book's lines with a word space over 5 pt"
    )
    return parser


def _measured(parser: argparse.ArgumentParser, book: Path) -> Measures:
    """A book that cannot be read ends the run with one line naming it, not a traceback."""
    try:
        return measure(book)
    except (OSError, pdfium.PdfiumError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        parser.exit(2, f"{book}: cannot be read as a PDF: {reason}\n")


def main(argv: list[str]) -> int:
    """JSON per file, with ``--table`` the Markdown table docs/print.md quotes, with ``--loose``
    the lines with a word space over 5 pt."""
    parser = _parser()
    args = parser.parse_args(argv)
    for book in args.books:
        if not book.is_file():
            parser.exit(2, f"{book}: {'not a file' if book.exists() else 'no such file'}\n")
    if args.table:
        # Every book measured first: one that cannot be read leaves no half table behind.
        rows = [table_row(book.stem, _measured(parser, book)) for book in args.books]
        print("\n".join([TABLE_HEAD, *rows]))
        return 0
    for book in args.books:
        found = _measured(parser, book)
        if args.loose:
            print(f"{book}: {len(found.loose_lines)} lines with a word space over 5 pt")
            for space, page, text in found.loose_lines:
                print(f"  {space:5.2f} pt  page {page:>3}  {text}")
        else:
            print(json.dumps({"file": str(book), **found.summary()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
