"""Preflight: read the interior PDF back and check it against the print service's rules.

A service's own preflight runs after upload and answers days later; this one runs in a
second and names the page. It trusts nothing the writer says about the file: sizes, text
positions, fonts and metadata are read from the PDF itself (PDFium for where each glyph is
drawn, pypdf for the object structure), and the limits come from :mod:`compiler.interior.services`,
the one table of service rules.

Codes, like a linter's, so a publisher can look one up in the README:

P001 text outside the service's minimum margins for the page count
P002 page size is not the trim (plus bleed on three sides when bleed is on)
P003 the trim box is not at the trim
P004 odd page count
P005 page count outside what the service binds for this trim and paper
P006 font not embedded
P007 font not subset
P008 document metadata missing (title, author, language)
P009 the file cannot be read as a PDF
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject

from ..machinery.cache import Cache, code_fingerprint, digest
from ..volume.model import PrintSettings
from . import services as pod
from .page_keys import page_keys

POINTS_PER_INCH = 72.0
TOLERANCE_PT = 0.5  # rounding in the writer and the reader; far below what a press can see


@dataclass(frozen=True)
class Finding:
    """One problem, with the 1-based physical pages it occurs on (none: the whole file)."""

    code: str
    message: str
    pages: tuple[int, ...] = ()

    def __str__(self) -> str:
        if not self.pages:
            return f"{self.code}: {self.message}"
        label = "page" if len(self.pages) == 1 else "pages"
        return f"{self.code} {label} {page_ranges(self.pages)}: {self.message}"


def page_ranges(pages: Iterable[int]) -> str:
    """``1, 3, 4, 5, 9`` -> ``"1, 3-5, 9"``: hundreds of pages with one fault stay one line."""
    spans: list[list[int]] = []
    for page in sorted(set(pages)):
        if spans and page == spans[-1][1] + 1:
            spans[-1][1] = page
        else:
            spans.append([page, page])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def preflight(
    path: Path,
    settings: PrintSettings,
    language: str | None = None,
    cache: Cache | None = None,
) -> list[Finding]:
    """Every way the PDF at ``path`` breaks the rules of ``settings.pod``; empty when it passes.

    ``language`` is the volume's; when given, the PDF must declare it. With a ``cache``, pages
    whose content was checked before (by any build, see :mod:`compiler.interior.page_keys`) are not
    measured again: after a one-essay edit that is nearly every page. The findings are the
    same with or without it.
    """
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        return [Finding("P009", f"{path.name} cannot be read as a PDF ({exc})")]
    reader: PdfReader | None = None
    keys: list[str] | None = None
    if cache is not None and cache.enabled:
        try:
            reader = PdfReader(str(path))
            keys = page_keys(reader)
        except (PdfReadError, OSError, ValueError, KeyError, TypeError):
            keys = None  # the uncached pass below reports what is wrong with the file
        if keys is not None and len(keys) != len(document):
            keys = None
    try:
        pages = _PageChecks(document, settings, cache if keys is not None else None, keys)
        findings = list(_geometry_findings(pages, settings))
    finally:
        document.close()
    try:
        reader = reader or PdfReader(str(path))
        findings.extend(_font_findings(reader))
        findings.extend(_metadata_findings(reader, language))
    except (PdfReadError, OSError, ValueError) as exc:
        findings.append(Finding("P009", f"{path.name} cannot be read as a PDF ({exc})"))
    return findings


# -- Pages, sizes and margins ----------------------------------------------------------------


Box = tuple[float, float, float, float]
Worst = tuple[str, float, float, str]


@dataclass(frozen=True)
class PageCheck:
    """What preflight measures on one page: its media and trim boxes and the worst glyph."""

    media: Box
    trim: Box
    worst: Worst | None


class _PageChecks:
    """Measures pages with PDFium, or takes the measurement of an identical page from the cache.

    The cache key is the page's content key plus everything the measurement depends on
    besides the page: the minimum margins, which side the binding is on, and the versions of
    this code and of PDFium. The page number and page count are not in it, so an essay that
    moves by two pages still hits; the messages that name them are written afresh.
    """

    KIND = "preflight"

    def __init__(
        self,
        document: pdfium.PdfDocument,
        settings: PrintSettings,
        cache: Cache | None,
        keys: list[str] | None,
    ):
        self.document = document
        self.count = len(document)
        self.minimum = pod.margins(settings.pod, self.count, settings.bleed)
        self.cache = cache
        self.keys = keys
        self.salt = (
            digest(
                code_fingerprint(),
                repr(pdfium.PDFIUM_INFO),
                repr(pdfium.PYPDFIUM_INFO),
                repr(self.minimum),
            )
            if cache is not None
            else ""
        )

    def check(self, index: int) -> PageCheck:
        recto = index % 2 == 0  # page 1 is a right-hand page
        if self.cache is None or self.keys is None:
            return self._measure(index, recto)
        key = digest(self.salt, self.keys[index], "recto" if recto else "verso")
        stored = self.cache.get_data(self.KIND, key, PageCheck)
        if stored is not None:
            return stored
        measured = self._measure(index, recto)
        self.cache.put_data(self.KIND, key, measured)
        return measured

    def _measure(self, index: int, recto: bool) -> PageCheck:
        page = self.document[index]
        try:
            trim = tuple(page.get_trimbox())
            return PageCheck(
                tuple(page.get_mediabox()), trim, _worst_glyph(page, trim, self.minimum, recto)
            )
        finally:
            page.close()


def _geometry_findings(pages: _PageChecks, settings: PrintSettings) -> Iterator[Finding]:
    svc = pod.service(settings.pod)
    count = pages.count
    trim_w, trim_h = (inches * POINTS_PER_INCH for inches in pod.parse_trim(settings.trim))
    bleed = pod.BLEED_IN * POINTS_PER_INCH if settings.bleed else 0.0
    wrong_size: list[int] = []
    first_wrong_size: Box | None = None
    wrong_trim: list[int] = []
    margins: list[Finding] = []
    # One pass, loading each page once: on a long book loading pages is most of the cost.
    for index in range(count):
        checked = pages.check(index)
        left, bottom, right, top = checked.media
        if not (_near(right - left, trim_w + bleed) and _near(top - bottom, trim_h + 2 * bleed)):
            wrong_size.append(index + 1)
            first_wrong_size = first_wrong_size or checked.media
        trim = checked.trim
        if not (_near(trim[2] - trim[0], trim_w) and _near(trim[3] - trim[1], trim_h)):
            wrong_trim.append(index + 1)
        if checked.worst is not None:
            margins.append(_margin_finding(checked.worst, index, count, svc.title))
    expected = f"{_in(trim_w + bleed)} x {_in(trim_h + 2 * bleed)} in"
    if wrong_size and first_wrong_size is not None:
        left, bottom, right, top = first_wrong_size
        found = f"{_in(right - left)} x {_in(top - bottom)} in"
        why = " (trim plus 0.125 in bleed at top, bottom and outside)" if bleed else " (the trim)"
        yield Finding(
            "P002", f"page is {found}; {svc.title} needs {expected}{why}", tuple(wrong_size)
        )
    if wrong_trim:
        yield Finding(
            "P003", f"trim box is not {_in(trim_w)} x {_in(trim_h)} in", tuple(wrong_trim)
        )
    if count % 2:
        yield Finding("P004", f"{count} pages: print books have an even page count")
    fewest, most = pod.page_limits(settings.pod, settings.trim, settings.paper)
    if not fewest <= count <= most:
        yield Finding("P005", _page_count_message(count, fewest, most, settings, svc.title))
    yield from margins


def _page_count_message(
    count: int, fewest: int, most: int, settings: PrintSettings, service: str
) -> str:
    """P005, with what to do about it: a first build (``compile-book new`` gives one essay,
    12 pages) is always too thin to bind, and its editor should learn that the cure is more
    essays, not a setting, and that nothing else in the build is wrong."""
    limits = (
        f"{count} pages: {service} binds {fewest}-{most} pages at {settings.trim} on "
        f"{settings.paper} paper"
    )
    if count < fewest:
        return (
            f"{limits}; add essays (at least {fewest - count} more pages) before ordering "
            "printed copies (the PDF can still be proofread and the EPUB is not affected)"
        )
    white = pod.page_limits(settings.pod, settings.trim, "white")[1]
    if settings.paper.strip().lower() != "white" and count <= white:
        return f"{limits}; print on white paper (up to {white} pages) or split the volume in two"
    return f"{limits}; split the volume in two"


def _margin_finding(worst: Worst, index: int, count: int, service: str) -> Finding:
    """P001: the page has ink closer to an edge than the service allows."""
    edge, distance, needed, text = worst
    return Finding(
        "P001",
        f"text outside the margin: {text!r} is {distance:.3f} in from the {edge} edge; "
        f"{service} needs {needed:.3f} in for a {count}-page book",
        (index + 1,),
    )


def _worst_glyph(
    page: pdfium.PdfPage, trim: tuple[float, ...], minimum: pod.Margins, recto: bool
) -> Worst | None:
    """(edge, distance in, minimum in, nearby text) of the glyph furthest past a margin.

    Text runs are screened first (few calls); only runs that cross a margin are examined
    glyph by glyph, with tight boxes, so a line's loose ascent never raises a false alarm.
    """
    limits = _limits(trim, minimum, recto)
    textpage = page.get_textpage()
    try:
        worst: tuple[float, str, float, float, str] | None = None
        total = textpage.count_chars()
        if total == 0:
            return None
        crossing = False
        for index in range(textpage.count_rects()):
            if _overshoot(textpage.get_rect(index), limits)[0] > TOLERANCE_PT:
                crossing = True
                break
        if not crossing:
            return None
        for index in range(total):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            over, side = _overshoot(textpage.get_charbox(index), limits)
            if over > TOLERANCE_PT and (worst is None or over > worst[0]):
                start = max(0, index - 12)
                context = " ".join(textpage.get_text_range(start, 24).split())
                _, needed, edge = limits[side]
                distance = needed - over / POINTS_PER_INCH
                worst = (over, edge, distance, needed, context)
        if worst is None:
            return None
        _, edge, distance, needed, context = worst
        return edge, distance, needed, context
    finally:
        textpage.close()


Limits = dict[str, tuple[float, float, str]]


def _limits(trim: tuple[float, ...], minimum: pod.Margins, recto: bool) -> Limits:
    """Side -> (innermost allowed coordinate in points, minimum in inches, edge name)."""
    left, bottom, right, top = trim
    # On a recto (right-hand page) the binding is on the left.
    inside, outside = (minimum.gutter_in, "inside"), (minimum.outside_in, "outside")
    (left_min, left_name), (right_min, right_name) = (
        (inside, outside) if recto else (outside, inside)
    )
    return {
        "left": (left + left_min * POINTS_PER_INCH, left_min, left_name),
        "right": (right - right_min * POINTS_PER_INCH, right_min, right_name),
        "top": (top - minimum.top_in * POINTS_PER_INCH, minimum.top_in, "top"),
        "bottom": (bottom + minimum.bottom_in * POINTS_PER_INCH, minimum.bottom_in, "bottom"),
    }


def _overshoot(box: tuple[float, float, float, float], limits: Limits) -> tuple[float, str]:
    """How far (points) the box reaches past the margins, and past which side."""
    x0, y0, x1, y1 = box
    if x1 - x0 <= 0 and y1 - y0 <= 0:
        return 0.0, "top"  # glyphs the layout hid (an ellipsised head) have no extent
    overs = {
        "left": limits["left"][0] - x0,
        "right": x1 - limits["right"][0],
        "top": y1 - limits["top"][0],
        "bottom": limits["bottom"][0] - y0,
    }
    side = max(overs, key=lambda name: overs[name])
    return overs[side], side


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE_PT


def _in(points: float) -> str:
    return f"{points / POINTS_PER_INCH:.3f}".rstrip("0").rstrip(".")


# -- Fonts and metadata ----------------------------------------------------------------------

_SUBSET = re.compile(r"^/?[A-Z]{6}\+")


def _font_findings(reader: PdfReader) -> Iterator[Finding]:
    unembedded: dict[str, list[int]] = {}
    whole: dict[str, list[int]] = {}
    for number, page in enumerate(reader.pages, start=1):
        for name, font in _fonts(page.get("/Resources")):
            if font.get("/Subtype") == "/Type3":
                continue  # drawn by the PDF's own operators: nothing to embed
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else None
            if descriptor is None or not any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                unembedded.setdefault(name, []).append(number)
            elif not _SUBSET.match(name):
                whole.setdefault(name, []).append(number)
    for name, pages in sorted(unembedded.items()):
        yield Finding("P006", f"font {name.lstrip('/')} is not embedded", tuple(pages))
    for name, pages in sorted(whole.items()):
        yield Finding(
            "P007", f"font {name.lstrip('/')} is embedded whole, not subset", tuple(pages)
        )


def _fonts(resources: object, depth: int = 0) -> Iterator[tuple[str, DictionaryObject]]:
    """Every font a page uses, including those inside its form XObjects."""
    if resources is None or depth > 8:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            font = ref.get_object()
            yield str(font.get("/BaseFont", "/unnamed")), font
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from _fonts(xobject.get("/Resources"), depth + 1)


def _metadata_findings(reader: PdfReader, language: str | None) -> Iterator[Finding]:
    info = reader.metadata or {}
    missing = [
        label
        for key, label in (("/Title", "title"), ("/Author", "author"))
        if not str(info.get(key, "")).strip()
    ]
    declared = str(reader.trailer["/Root"].get_object().get("/Lang", "")).strip()
    if language and declared.lower() != language.lower():
        missing.append(f"language {language!r}" + (f" (it says {declared!r})" if declared else ""))
    if missing:
        yield Finding("P008", "document metadata lacks " + ", ".join(missing))


# -- Is the PDF up to date? ------------------------------------------------------------------
