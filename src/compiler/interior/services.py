"""Print-on-demand service rules: trims, margins, page limits, spine width and PDF variant.

A rejected upload costs the publisher days, so every figure here is the service's own published
rule, cited by the title of the help page it comes from; when a service changes a rule, the line
to edit is easy to find. Where a service publishes no figure, the widely published one is used
and the comment says so. :func:`margins` gives the service's minimums (what its preflight
checks); :func:`recommended_margins` adds a typographer's comfort on top and is what the PDF
writer lays out with. ``generic`` holds the strictest value of the other services, for a book
that must be accepted anywhere.

This module imports nothing from the compiler: :mod:`compiler.config` checks a volume's trim,
service and paper against it without loading the PDF engine or the interior.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

BLEED_IN = 0.125
"""Bleed beyond each trimmed edge, the same at every service (KDP Help: "Set Trim Size, Bleed,
and Margins"; IngramSpark File Creation Guide; Lulu Book Creation Guide)."""

SPINE_SAFE_IN = 0.0625
"""Keep spine text this far from each spine fold: the covers can shift by up to 1/16 in in
binding (KDP Help: "Create a Paperback Cover"; IngramSpark Help: "Print and Binding Variances
That are Allowed in the Manufacturing of a Book")."""

PAPERS = ("white", "cream")

# Tables laid out to be read beside the help pages they cite.
# fmt: off
TRIMS: Mapping[str, tuple[float, float]] = MappingProxyType({
    "5x8in": (5.0, 8.0),
    "5.25x8in": (5.25, 8.0),
    "5.5x8.5in": (5.5, 8.5),
    "6x9in": (6.0, 9.0),
    "6.14x9.21in": (6.14, 9.21),  # Royal, 156 x 234 mm in IngramSpark's trim list
    "7x10in": (7.0, 10.0),
    "8.5x11in": (8.5, 11.0),
    "a5": (5.83, 8.27),  # 148 x 210 mm, as KDP Help: "Print Options" lists it
})

Trim = str | tuple[float, float]


@dataclass(frozen=True)
class Margins:
    """Page margins in inches; ``gutter_in`` is the inside (binding) margin."""

    gutter_in: float
    outside_in: float
    top_in: float
    bottom_in: float


@dataclass(frozen=True)
class Service:
    """One print-on-demand service's rules; adding a service is adding one ``SERVICES`` entry."""

    name: str
    title: str
    gutters: tuple[tuple[int | None, float], ...]  # (last page of bracket or None, min inside)
    edge_in: float  # minimum outside, top and bottom margin without bleed
    edge_bleed_in: float  # the same with bleed
    gutter_comfort_in: float  # what recommended_margins adds to the minimum inside margin
    min_pages: int
    max_pages: tuple[tuple[float, int, int], ...]  # (trim width from, white, cream), widest first
    spine_per_page: tuple[tuple[str, float], ...]  # (paper, inches per page)
    spine_extra_in: float  # added once, for the cover board wrapped round the spine
    spine_text_pages: int  # fewest pages whose spine may carry text
    cover_safe_in: float  # keep cover text this far inside the trim
    pdf_variant: str | None  # WeasyPrint ``pdf_variant``; None is a plain PDF


_KDP_SPINE = (("white", 0.002252), ("cream", 0.0025))

SERVICES: Mapping[str, Service] = MappingProxyType({
    "kdp": Service(
        "kdp", "Amazon KDP",
        # KDP Help: "Set Trim Size, Bleed, and Margins": inside margin by page count (the last
        # bracket is 701-828 pages), outside/top/bottom >= 0.25 in, >= 0.375 in with bleed.
        gutters=((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (None, 0.875)),
        edge_in=0.25, edge_bleed_in=0.375, gutter_comfort_in=0.25,
        # KDP Help: "Print Options": black ink, 24 pages minimum; 828 (white) / 776 (cream)
        # maximum, lower for 8.25 in wide (800/750), A4 (780/730) and 8.5 in wide (590/550) trims.
        min_pages=24,
        max_pages=((8.5, 590, 550), (8.26, 780, 730), (8.25, 800, 750), (0.0, 828, 776)),
        # KDP Help: "Create a Paperback Cover": spine = pages x paper thickness per page; spine
        # text needs 79 pages or more; keep text 0.125 in inside the trim.
        spine_per_page=_KDP_SPINE, spine_extra_in=0.0, spine_text_pages=79, cover_safe_in=0.125,
        pdf_variant=None,  # "Save Your Manuscript File" asks for no PDF standard, no metadata
    ),
    "ingramspark": Service(
        "ingramspark", "IngramSpark",
        # IngramSpark File Creation Guide and blog "File Requirements for Print Books": margins
        # at least 0.5 in from trim on all sides. IngramSpark sets no page-count brackets; the
        # growing inside margin is the widely published recommendation for its printers.
        gutters=((150, 0.5), (400, 0.625), (600, 0.75), (None, 0.875)),
        edge_in=0.5, edge_bleed_in=0.5, gutter_comfort_in=0.25,
        # IngramSpark's published minimum is 18 pages for every binding; the 1,200-page maximum
        # is the widely published figure for 50 lb stock, not checked per trim.
        min_pages=18, max_pages=((0.0, 1200, 1200),),
        # Its Cover Template Generator is authoritative; its stocks match KDP's per-page
        # thickness (widely published). The 48-page spine-text minimum is widely published too.
        # Help: "Manufacturing and File Setup Tips": cover art 0.25 in from trim.
        spine_per_page=_KDP_SPINE, spine_extra_in=0.0, spine_text_pages=48, cover_safe_in=0.25,
        # Help: "File Problems that Cause Printing Problems of a Book": default PDF/X-1a:2001.
        pdf_variant="pdf/x-1a",
    ),
    "lulu": Service(
        "lulu", "Lulu",
        # Lulu Book Creation Guide, "Gutter Additions": inside margin including the 0.5 in
        # safety margin of Lulu Help: "Tips for Formatting Documents". Lulu's figures are
        # already recommendations, so less comfort is added on top.
        gutters=((60, 0.5), (150, 0.75), (400, 1.0), (600, 1.125), (None, 1.25)),
        edge_in=0.5, edge_bleed_in=0.5, gutter_comfort_in=0.125,
        # Lulu's spine width calculator: paperbacks need 32 pages; 800 is the widely published
        # perfect-bound maximum.
        min_pages=32, max_pages=((0.0, 800, 800),),
        # Lulu Help: "How is spine width calculated?": perfect bound = pages / 444 + 0.06 in.
        # Spine text prints "on books with as few as 80 pages"; 0.25 in cover safety margin is
        # the widely published Lulu figure.
        spine_per_page=(("white", 1 / 444), ("cream", 1 / 444)), spine_extra_in=0.06,
        spine_text_pages=80, cover_safe_in=0.25,
        pdf_variant="pdf/a-2b",  # Lulu Help: "Interior Formatting FAQ": its printers use sRGB
    ),
    "generic": Service(
        "generic", "any print-on-demand service",
        gutters=((60, 0.5), (150, 0.75), (400, 1.0), (600, 1.125), (None, 1.25)),
        edge_in=0.5, edge_bleed_in=0.5, gutter_comfort_in=0.125,
        min_pages=32,
        max_pages=((8.5, 590, 550), (8.26, 780, 730), (8.25, 800, 750), (0.0, 800, 776)),
        # The most common stock for the spine; the printer's own template has the last word.
        spine_per_page=_KDP_SPINE, spine_extra_in=0.0, spine_text_pages=80, cover_safe_in=0.25,
        pdf_variant="pdf/x-1a",
    ),
})
# fmt: on


def service(pod: str) -> Service:
    """The rules of ``pod``; an unknown name lists the accepted ones for the config error."""
    try:
        return SERVICES[pod.strip().lower()]
    except KeyError:
        accepted = ", ".join(SERVICES)
        message = f"unknown print-on-demand service {pod!r}; use one of: {accepted}"
        raise ValueError(message) from None


_SIZE = re.compile(r"(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(in|mm)?")


def parse_trim(text: str) -> tuple[float, float]:
    """``(width, height)`` in inches of a named trim (``6x9in``, ``A5``) or a custom ``WxH``
    in ``in`` or ``mm``. A bare ``6x9`` is accepted only when it names a common trim, because
    a unitless custom size is as likely millimetres as inches."""
    key = re.sub(r"\s+", "", text).lower().replace("×", "x")
    for name in (key, key + "in"):
        if name in TRIMS:
            return TRIMS[name]
    match = _SIZE.fullmatch(key)
    if match and match[3]:
        factor = 1 / 25.4 if match[3] == "mm" else 1.0
        width, height = round(float(match[1]) * factor, 4), round(float(match[2]) * factor, 4)
        if 3.0 <= width <= 14.0 and 3.0 <= height <= 14.0:  # what any service prints
            return width, height
        raise ValueError(f"trim {text!r} is outside the 3-14 in that books are printed at")
    named = ", ".join(TRIMS)
    raise ValueError(f"unknown trim {text!r}; use one of: {named}, or WxH in 'in' or 'mm'")


def _size(trim: Trim) -> tuple[float, float]:
    return trim if isinstance(trim, tuple) else parse_trim(trim)


def _check_count(page_count: int) -> None:
    if page_count < 1:
        raise ValueError(f"page count must be positive, not {page_count}")


def _bracket(svc: Service, page_count: int) -> tuple[int, int | None, float]:
    """(first page, last page or None, minimum inside margin) of the count's bracket. Counts
    past the service's maximum stay in the last bracket: page_limits() reports them."""
    _check_count(page_count)
    first = 1
    for last, gutter in svc.gutters:
        if last is None or page_count <= last:
            return first, last, gutter
        first = last + 1
    raise AssertionError(f"{svc.name}: the last gutter bracket must be open-ended")


def margins(pod: str, page_count: int, bleed: bool = False) -> Margins:
    """The service's minimum margins for a book of ``page_count`` pages (its preflight)."""
    svc = service(pod)
    gutter = _bracket(svc, page_count)[2]
    edge = svc.edge_bleed_in if bleed else svc.edge_in
    return Margins(gutter_in=gutter, outside_in=edge, top_in=edge, bottom_in=edge)


def margin_bracket(pod: str, page_count: int) -> str:
    """An id such as ``kdp:151-300`` that changes exactly when the minimum gutter changes, so
    the PDF writer can tell that pagination moved the book into another bracket."""
    svc = service(pod)
    first, last, _ = _bracket(svc, page_count)
    return f"{svc.name}:{first}-{last}" if last is not None else f"{svc.name}:{first}+"


_COMFORT_6X9 = (0.6, 0.7, 0.8)  # outside, top, bottom on a 6 x 9 in page


def _round_up(inches: float) -> float:
    """Up to the next 1/32 in: exact in binary floating point and never below a minimum."""
    return math.ceil(inches * 32 - 1e-9) / 32


def recommended_margins(
    pod: str, page_count: int, bleed: bool = False, trim: Trim = "6x9in"
) -> Margins:
    """Comfortable book margins, never below :func:`margins`: the minimum gutter plus the
    service's comfort allowance, and outside/top/bottom proportioned like a 6 x 9 in trade page
    (deeper foot than head, for the folio) and scaled with the trim within 0.85-1.25. Growing
    page counts never shrink a margin, so a re-paginated book only ever gains room."""
    svc = service(pod)
    low = margins(pod, page_count, bleed)
    width, height = _size(trim)
    scale = min(max(min(width / 6.0, height / 9.0), 0.85), 1.25)
    outside, top, bottom = (
        max(floor, base * scale)
        for floor, base in zip(
            (low.outside_in, low.top_in, low.bottom_in), _COMFORT_6X9, strict=True
        )
    )
    gutter = low.gutter_in + svc.gutter_comfort_in
    return Margins(*(_round_up(inches) for inches in (gutter, outside, top, bottom)))


def _paper(paper: str) -> str:
    name = paper.strip().lower()
    if name not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; use one of: {', '.join(PAPERS)}")
    return name


def page_limits(pod: str, trim: Trim, paper: str) -> tuple[int, int]:
    """(fewest, most) pages the service binds for this trim and paper."""
    svc = service(pod)
    width = _size(trim)[0]
    white = _paper(paper) == "white"
    for from_width, white_max, cream_max in svc.max_pages:
        if width >= from_width - 1e-9:
            return svc.min_pages, white_max if white else cream_max
    raise AssertionError(f"{svc.name}: the last page-limit row must start at width 0")


def spine_width_in(pod: str, page_count: int, paper: str) -> float:
    """Spine width in inches from the service's published paper thickness."""
    _check_count(page_count)
    svc = service(pod)
    per_page = dict(svc.spine_per_page)[_paper(paper)]
    return page_count * per_page + svc.spine_extra_in


def spine_text_allowed(pod: str, page_count: int) -> bool:
    """Whether the spine is thick enough for the service to accept text on it."""
    _check_count(page_count)
    return page_count >= service(pod).spine_text_pages


def pdf_standard(pod: str) -> str | None:
    """The ``pdf_variant`` to pass to WeasyPrint 70 for this service, None for a plain PDF.

    WeasyPrint 70 offers pdf/a-1b, 2b, 3b, 2u, 3u, 4u, 1a, 2a, 3a, 4e, 4f, pdf/ua-1, ua-2,
    pdf/x-1a, x-3, x-4 and x-5g. IngramSpark asks for PDF/X-1a:2001; WeasyPrint writes its
    successor PDF/X-1a:2003, the closest it has. PDF/X-1a allows only CMYK and grey, and
    WeasyPrint declares the variant without converting colours, so :func:`needs_cmyk` tells the
    writer to style with ``device-cmyk()`` and give a ``@color-profile device-cmyk`` for the
    output intent. Lulu prints in sRGB, which PDF/A-2b declares while guaranteeing embedded
    fonts. KDP asks for no standard and wants no extra metadata, so it gets a plain PDF.
    """
    return service(pod).pdf_variant


def needs_cmyk(pod: str) -> bool:
    """Whether the service's PDF variant forbids RGB colour (PDF/X-1a does)."""
    return pdf_standard(pod) == "pdf/x-1a"
