"""Covers: the print cover (back, spine and front on one sheet) and the ebook cover.

The print cover is one PDF page the size of the flat, unfolded cover plus 0.125 in bleed all
round; its width follows from the interior's real page count, because the spine is as thick as
the paper the service binds (:mod:`compiler.interior.services` holds each service's published
figures). The layout is HTML from ``templates/cover-*.html`` styled by ``fonts.css``, ``base.css``
(the interior's type) and ``cover.css`` (the designer's colours and sizes); every position and size
that the printer's rules decide comes from a stylesheet generated from ``cover-geometry.css``,
so a restyle can never move text into the trim.

A rejected cover costs the publisher days, so nothing is taken on trust: after WeasyPrint has
drawn the cover, every glyph is read back out of the PDF (pypdfium2) and must lie inside the
zone reserved for it. Spine text that is too long for the spine is set smaller once; a blurb
too long for the back is set smaller, down to a limit (:mod:`compiler.covers.back`); anything
else that strays (a blurb too long even then, a title too long for the front) is a user error
that names what to shorten.

The ebook cover is the same front panel alone on a 5 x 8 in page, drawn at 320 dpi into a
1600 x 2560 px JPEG with fixed encoder settings, so the same metadata gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from markupsafe import Markup
from PIL import Image, UnidentifiedImageError
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..book import display_lines
from ..book.model import BookMeta
from ..book.render import environment
from ..errors import BookError, Problem
from ..interior import services as pod
from ..interior.sandbox import BOOK_BASE_URL, SandboxedFetcher
from ..machinery.styles import styles_dir
from ..sources.images import check_image_file
from ..sources.inputs import read_input
from ..volume.model import PrintSettings
from . import back, barcode, fit
from .front import FrontType, balanced_front_lines, front_type, measure_pt, scaled

POINTS_PER_INCH = 72.0
SAFE_MIN_IN = 0.125
"""No cover text closer than this to a trim edge or a spine fold, whatever the service says
(KDP Help: "Create a Paperback Cover": 0.125 in; IngramSpark and Lulu ask for more, see
``pod.Service.cover_safe_in``)."""

# -- Ebook cover ----------------------------------------------------------------------------
# KDP Help: "eBook Cover Image Guidelines": ideal size 1600 x 2560 px, a height/width ratio of
# 1.6:1; Kobo and Apple Books accept the same image (Apple Books asks for 1400 px wide or more).
EBOOK_SIZE_PX = (1600, 2560)
EBOOK_RATIO = EBOOK_SIZE_PX[1] / EBOOK_SIZE_PX[0]
EBOOK_FORMATS = ("JPEG", "PNG")  # what every store and the EPUB core media types accept
_EBOOK_PAGE_IN = (5.0, 8.0)  # drawn at 320 dpi this is exactly EBOOK_SIZE_PX
_EBOOK_DPI = EBOOK_SIZE_PX[0] / _EBOOK_PAGE_IN[0]
_EBOOK_JPEG = {"quality": 90, "optimize": True, "progressive": False, "subsampling": "4:4:4"}
_RATIO_TOLERANCE = 0.02  # 2 %: 1600 x 2560 and 1563 x 2500 pass, 1600 x 2400 does not

# -- Back cover -----------------------------------------------------------------------------
_BARCODE_PAD_IN = 0.0625  # white around the symbol's own quiet zones
_BARCODE_EDGE_IN = 0.25
"""The barcode box keeps this far from the spine fold and the bottom trim, where KDP puts its own
barcode (KDP Help: "Barcodes": lower right of the back cover, 0.25 in from spine and edges)."""
_BARCODE_SAMPLE = "9780306406157"  # any valid ISBN: the symbol's size does not depend on it
_BAND_GAP_IN = 0.25  # between the copy and the foot band that holds the imprint and barcode
_DESIGN_WIDTH_IN = back.DESIGN_WIDTH_IN

# Type is laid out once more, smaller, when the spine text overflows; a little under the
# measured ratio so rounding in the second layout cannot make it overflow again.
_SPINE_REFIT_MARGIN = 0.97
_SPINE_ESTIMATE_MARGIN = 0.99  # the estimate from the face's widths is checked by the layout
_SPINE_PAD_IN = 0.45  # cover.css: .spine-text { padding: 0 0.45in }
SPINE_MIN_PT = 7.0
"""No spine type under this: smaller capitals cannot be read on a shelf and fill in on a
cover's press."""
_SPINE_FILL = 0.7  # type size as a share of the spine's safe thickness
_SPINE_MAX_PT = 15.0  # on a 6 in wide cover, scaled with the trim
_EPSILON_IN = 0.002  # 0.14 pt: float rounding in glyph boxes; real overflow is far larger


@dataclass(frozen=True)
class Rect:
    """A rectangle on the cover sheet, in inches from its top-left corner (the bleed edge)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def inset(self, x: float, y: float | None = None) -> Rect:
        dy = x if y is None else y
        return Rect(self.left + x, self.top + dy, self.right - x, self.bottom - dy)

    def contains(self, other: Rect, tolerance: float = _EPSILON_IN) -> bool:
        return (
            other.left >= self.left - tolerance
            and other.right <= self.right + tolerance
            and other.top >= self.top - tolerance
            and other.bottom <= self.bottom + tolerance
        )


@dataclass(frozen=True)
class CoverDesign:
    """How the drawn covers look: the ``style`` (``.style-NAME`` in cover.css), the picture of
    the photo style, and the volume's own stylesheets, read after the shipped ones (their
    ``url()`` files may come from ``root``, the volume folder, and nowhere else)."""

    style: str = "classic"
    image: Path | None = None
    stylesheets: tuple[Path, ...] = ()
    root: Path | None = None


@dataclass(frozen=True)
class CoverText:
    """What the cover prints beyond the book's metadata; the pipeline reads it from the volume.

    ``blurb_html`` is already-sanitised XHTML, and so is each review quote of ``quotes`` (its
    text, and its source or None); ``price`` is a US dollar price such as ``"14.99"`` for the
    barcode's EAN-5 add-on, and None prints ``90000`` (no suggested price).
    """

    blurb_html: str | None = None
    quotes: tuple[tuple[str, str | None], ...] = ()
    author_photo: Path | None = None
    price: str | None = None
    bio_html: str | None = None
    design: CoverDesign = CoverDesign()


@dataclass(frozen=True)
class CoverGeometry:
    """The flat print cover: sizes in inches and the zones text may occupy.

    Coordinates run from the top-left corner of the sheet, bleed included, with the printed side
    of the unfolded cover facing the reader: back cover left, spine in the middle, front right.
    """

    pod: str
    paper: str
    page_count: int
    trim_width: float
    trim_height: float
    spine_width: float
    bleed: float
    safe_margin: float  # from every trim edge and spine fold, for back and front text
    spine_margin: float  # from each spine fold, for spine text
    spine_text_allowed: bool
    barcode_width: float  # the white barcode box
    barcode_height: float

    @property
    def width(self) -> float:
        return 2 * (self.trim_width + self.bleed) + self.spine_width

    @property
    def height(self) -> float:
        return self.trim_height + 2 * self.bleed

    @property
    def back(self) -> Rect:
        """The back cover as trimmed."""
        b = self.bleed
        return Rect(b, b, b + self.trim_width, b + self.trim_height)

    @property
    def spine(self) -> Rect:
        back = self.back
        return Rect(back.right, back.top, back.right + self.spine_width, back.bottom)

    @property
    def front(self) -> Rect:
        spine = self.spine
        return Rect(spine.right, spine.top, spine.right + self.trim_width, spine.bottom)

    @property
    def back_safe(self) -> Rect:
        return self.back.inset(self.safe_margin)

    @property
    def front_safe(self) -> Rect:
        return self.front.inset(self.safe_margin)

    @property
    def spine_safe(self) -> Rect:
        return self.spine.inset(self.spine_margin, self.safe_margin)

    @property
    def barcode_box(self) -> Rect:
        """Lower right of the back, where booksellers' scanners and KDP expect the barcode."""
        corner = self.back.inset(max(self.safe_margin, _BARCODE_EDGE_IN))
        return Rect(
            corner.right - self.barcode_width,
            corner.bottom - self.barcode_height,
            corner.right,
            corner.bottom,
        )

    @property
    def back_copy(self) -> Rect:
        """The back above the foot band: the blurb's and the author's room."""
        safe = self.back_safe
        return Rect(safe.left, safe.top, safe.right, self.barcode_box.top - _BAND_GAP_IN)

    @property
    def back_foot(self) -> Rect:
        """The foot band left of the barcode, for the publisher's imprint line."""
        safe, box = self.back_safe, self.barcode_box
        return Rect(safe.left, box.top, max(box.left - _BAND_GAP_IN, safe.left), box.bottom)

    def text_zones(self) -> dict[str, Rect]:
        """Where glyphs may be, by the class of the element that holds them in the template."""
        zones = {
            "back-copy": self.back_copy,
            "back-foot": self.back_foot,
            "barcode": self.barcode_box,
            "front-text": self.front_safe,
        }
        if self.spine_text_allowed:
            zones["spine-text"] = self.spine_safe
        return zones


def cover_geometry(settings: PrintSettings, page_count: int) -> CoverGeometry:
    """The print cover's size and zones for ``page_count`` interior pages on the chosen paper."""
    service = pod.service(settings.pod)
    trim_width, trim_height = pod.parse_trim(settings.trim)
    bar_width, bar_height = _barcode_size_in()
    return CoverGeometry(
        pod=service.name,
        paper=settings.paper,
        page_count=page_count,
        trim_width=trim_width,
        trim_height=trim_height,
        spine_width=pod.spine_width_in(settings.pod, page_count, settings.paper),
        bleed=pod.BLEED_IN,
        safe_margin=max(SAFE_MIN_IN, service.cover_safe_in),
        spine_margin=pod.SPINE_SAFE_IN,
        spine_text_allowed=pod.spine_text_allowed(settings.pod, page_count),
        barcode_width=bar_width + 2 * _BARCODE_PAD_IN,
        barcode_height=bar_height + 2 * _BARCODE_PAD_IN,
    )


@cache
def _barcode_size_in() -> tuple[float, float]:
    """The barcode's size with its price add-on (always printed: ``90000`` means no price)."""
    svg = barcode.ean13_svg(_BARCODE_SAMPLE, addon=barcode.NO_PRICE)
    width, height = (
        float(re.search(rf'{name}="([\d.]+)mm"', svg)[1]) / 25.4 for name in ("width", "height")
    )
    return width, height


# -- Print cover ----------------------------------------------------------------------------


def write_print_cover(
    meta: BookMeta,
    settings: PrintSettings,
    page_count: int,
    target: Path,
    text: CoverText = CoverText(),
    warn: Callable[[str], None] | None = None,
) -> CoverGeometry:
    """Draw the print cover and write it to ``target`` (the caller makes the write atomic).

    Raises :class:`BookError` when text cannot be kept inside its zone (a blurb too long for
    the back even at its smallest size, a title too long for the front), when the price does
    not fit the barcode's add-on, or when the author photo is missing. ``warn`` hears what the
    cover had to shrink or leave out (a blurb set as small print, the author's block, spine
    text too small to print).
    """
    geometry = cover_geometry(settings, page_count)
    if text.author_photo is not None:
        _check_photo(text.author_photo)
    pdf, strays, back_type = _fit_cover(meta, settings, geometry, text, warn)
    if "back-copy" in strays:
        # A blurb running down the back reaches the foot band and the barcode: one problem.
        for zone in ("back-foot", "barcode"):
            strays["back-copy"] += strays.pop(zone, [])
    problems = [Problem(_advice(zone, glyphs, geometry)) for zone, glyphs in strays.items()]
    problems += [Problem(message) for message in _stray_pictures(pdf, geometry)]
    if problems:
        raise BookError(problems)
    target.write_bytes(pdf)
    return geometry


_BACK_ZONES = frozenset({"back-copy", "back-foot", "barcode"})


def _fit_cover(
    meta: BookMeta,
    settings: PrintSettings,
    geometry: CoverGeometry,
    text: CoverText,
    warn: Callable[[str], None] | None,
) -> tuple[bytes, dict[str, list[Glyph]], back.BackType]:
    """The cover with the largest blurb that fits, the fullest spine line that fits at
    ``SPINE_MIN_PT`` or more, and a front inside its safe area: each layout answers for all
    three (:mod:`compiler.covers.fit`), so a cover that fits as first set takes one layout.

    The blurb's size is the largest on the back's grid that fits, by halving from the one
    chosen for its length down to :data:`~compiler.covers.back.BLURB_MIN_PT`; when even the
    smallest leaves no room the author's block is left off (with a warning) and the search
    runs again; a blurb that does not fit alone is left to the glyph check, which names it.
    The spine line's size is estimated from the face's widths before the first layout and
    refitted once from its glyphs; a line that cannot reach the minimum leaves the author, then
    the publisher off, and at last the spine stays bare (with a warning): type under 7 pt is a
    smudge on a cover. Returns the drawn PDF, the glyphs outside their zones (for the caller
    to name) and the back's type.
    """
    count = back.words(text.blurb_html)
    wanted = back.blurb_size_pt(count, geometry.trim_width)
    bio = back.bio_size_pt(geometry.trim_width)
    has_about = text.bio_html is not None or text.author_photo is not None
    blurb = fit.BlurbSearch(back.sizes_down(wanted), (True, False) if has_about else (False,))
    if text.blurb_html is None and not text.quotes:
        blurb.answer = (wanted, has_about)
    spine = _spine_search(meta, geometry)
    front_scale, front_refits = 1.0, 0
    # Layouts whose spine and front were right, by their back: when the halving ends on a
    # size that did not fit, the one that did is often already drawn.
    drawn: dict[tuple[object, ...], tuple[bytes, dict[str, list[Glyph]]]] = {}
    while True:
        size, about = blurb.candidate()
        line = spine.current
        back_type = back.BackType(size, bio, about)
        state = (size, about, line, front_scale)
        if state in drawn:
            pdf, strays = drawn[state]
            break
        pdf = _print_pdf(
            meta, settings, geometry, text, (line.parts, line.size), back_type, front_scale
        )
        strays = _stray_glyphs(pdf, geometry.text_zones())
        settled = blurb.answer is not None
        back_fits = not strays.keys() & _BACK_ZONES and not _stray_pictures(pdf, geometry)
        blurb.record((size, about), back_fits)
        if blurb.wants_hint:
            blurb.hint(_blurb_hint(pdf, geometry, size))
        done = settled or blurb.answer == (size, about)
        if "spine-text" in strays and not spine.bare:
            spine.overflowed(_spine_refit(_glyphs(pdf), geometry))
            done = False
        if "front-text" in strays and front_refits < fit.FRONT_REFITS:
            front_scale *= _front_refit(strays["front-text"], pdf, geometry.front_safe)
            front_refits += 1
            done = False
        if done:
            break
        if spine.current == line and front_scale == state[3]:
            drawn[state] = (pdf, strays)
    if warn is not None:
        if has_about and not about and blurb.fitted:
            warn(back.about_dropped_warning(count))
        if size < back.BLURB_EASY_PT and blurb.fitted:
            warn(back.shrunk_warning(count, size, wanted))
        if spine.bare and geometry.spine_text_allowed:
            warn(
                f"the spine ({geometry.spine_width:.3f} in) has no room for the title in type "
                f"of {SPINE_MIN_PT:g} pt or more, so it is printed bare; a shorter title or "
                "more pages would let it carry one"
            )
    return pdf, strays, back_type


def _blurb_hint(pdf: bytes, geometry: CoverGeometry, size: float) -> float:
    """The blurb size the back's overflow at ``size`` suggests. The blurb's height scales with
    its size (its measure is set in ems) but the author's block and the padding do not, so
    the size shrinks by the square root of the share of the copy inside its zone, not by the
    share itself (the example backs land on the answer or next to it). The imprint and the
    barcode's digits are not copy."""
    zone, foot, box = geometry.back_copy, geometry.back_foot, geometry.barcode_box
    copy = [
        glyph
        for _, glyph in _glyphs(pdf)
        if zone.left <= glyph.left and glyph.right <= box.left and not foot.contains(glyph)
    ]
    copy += [
        picture
        for picture in _pictures(pdf)
        if zone.left <= (picture.left + picture.right) / 2 <= zone.right
    ]
    if not copy:
        return size
    top, bottom = min(b.top for b in copy), max(b.bottom for b in copy)
    if bottom <= zone.bottom or bottom <= top:
        return size
    return size * math.sqrt((zone.bottom - top) / (bottom - top))


def _spine_search(meta: BookMeta, geometry: CoverGeometry) -> fit.SpineSearch:
    """The spine's search, its lines measured in the bundled face (cover.css: capitals with
    0.12 em tracking, 2.5 em between parts, 0.45 in padding at each end)."""
    if not geometry.spine_text_allowed:
        return fit.SpineSearch([], 0.0, 0.0, SPINE_MIN_PT, 1.0)
    texts = {
        "title": meta.title,
        "author": display_lines.name_list(meta.authors),
        "publisher": meta.publisher or "",
    }
    thickness = geometry.spine_safe.width * POINTS_PER_INCH
    tolerance = 0.7 * _EPSILON_IN * POINTS_PER_INCH  # a little inside the glyph check's
    lines = [
        (
            parts,
            fit.spine_length_per_pt([texts[part] for part in parts], 0.12, 2.5),
            fit.spine_across_pt([texts[part] for part in parts], thickness, tolerance),
        )
        for parts in _spine_lines(meta)
    ]
    length = (geometry.spine_safe.height - 2 * _SPINE_PAD_IN) * POINTS_PER_INCH
    return fit.SpineSearch(
        lines, length, spine_size_pt(geometry), SPINE_MIN_PT, _SPINE_ESTIMATE_MARGIN
    )


def _front_refit(strays: list[Glyph], pdf: bytes, zone: Rect) -> float:
    """How much smaller the front's title and subtitle must be, from the glyphs on the front:
    the share of the type's extent that lies inside the zone, on the side it overruns."""
    boxes = [box for _, box in _glyphs(pdf) if zone.left - 0.5 <= box.left <= zone.right + 0.5]
    boxes += [box for _, box in strays]
    left, right = min(b.left for b in boxes), max(b.right for b in boxes)
    top, bottom = min(b.top for b in boxes), max(b.bottom for b in boxes)
    inside = (
        min(right, zone.right) - max(left, zone.left),
        min(bottom, zone.bottom) - max(top, zone.top),
    )
    return fit.front_refit((right - left, bottom - top), inside, _SPINE_REFIT_MARGIN)


def _spine_lines(meta: BookMeta) -> list[tuple[str, ...]]:
    """What the spine may carry, fullest first: each next one leaves one more thing off."""
    full = (
        "title",
        *(("author",) if meta.authors else ()),
        *(("publisher",) if meta.publisher else ()),
    )
    lines = [full]
    for dropped in ("author", "publisher"):
        shorter = tuple(part for part in lines[-1] if part != dropped)
        if shorter != lines[-1]:
            lines.append(shorter)
    return lines


def spine_size_pt(geometry: CoverGeometry) -> float:
    """The spine's type size before any refit: a share of the spine's safe thickness, no
    smaller than ``SPINE_MIN_PT`` while capitals of that size fit, no larger than a title
    wants on a wide spine."""
    thickness = geometry.spine_safe.width * POINTS_PER_INCH
    largest = _SPINE_MAX_PT * geometry.trim_width / _DESIGN_WIDTH_IN
    return min(max(thickness * _SPINE_FILL, SPINE_MIN_PT), largest)


def _check_photo(path: Path) -> None:
    """Refuse a photo WeasyPrint would silently leave out (it draws the alt text instead)."""
    check_image_file(path, "the author photo")
    try:
        with Image.open(io.BytesIO(read_input(path))) as image:
            fmt = image.format
    except FileNotFoundError:
        raise BookError("the author photo does not exist", path) from None
    except (UnidentifiedImageError, OSError) as error:
        raise BookError(f"the author photo cannot be read as an image ({error})", path) from None
    if fmt not in ("JPEG", "PNG"):
        raise BookError(f"the author photo is {fmt}; use a JPEG or PNG file", path)


def _print_pdf(
    meta: BookMeta,
    settings: PrintSettings,
    geometry: CoverGeometry,
    text: CoverText,
    spine_line: tuple[tuple[str, ...], float],
    back_type: back.BackType,
    front_scale: float = 1.0,
) -> bytes:
    cmyk = pod.needs_cmyk(settings.pod)
    assets: dict[str, Path] = {}
    photo = None
    if text.author_photo is not None:
        photo = "author-photo" + text.author_photo.suffix.lower()
        assets[photo] = text.author_photo
    design = text.design
    front_image = _front_image(design, assets)
    with tempfile.TemporaryDirectory(prefix="compile-book-cover-") as folder:
        if cmyk:
            # PDF/X-1a admits no RGB image either: the pictures go to press as CMYK copies,
            # JPEGs named as such (a PNG photo's copy is no PNG).
            copies = _cmyk_copies(assets, Path(folder))
            assets = dict(copies.values())
            photo = copies[photo][0] if photo is not None else None
            front_image = copies[front_image][0] if front_image is not None else None
        pictures = _Pictures(assets, photo, front_image)
        return _render_print_cover(
            meta, settings, geometry, text, spine_line, back_type, pictures, front_scale
        )


@dataclass(frozen=True)
class _Pictures:
    """The raster files a print cover draws: by asset name, and which name is which."""

    assets: dict[str, Path]
    author_photo: str | None
    front_image: str | None


def _render_print_cover(
    meta: BookMeta,
    settings: PrintSettings,
    geometry: CoverGeometry,
    text: CoverText,
    spine_line: tuple[tuple[str, ...], float],
    back_type: back.BackType,
    pictures: _Pictures,
    front_scale: float = 1.0,
) -> bytes:
    spine, spine_size = spine_line
    cmyk = pod.needs_cmyk(settings.pod)
    # PDF/X-1a needs a CMYK output profile that WeasyPrint only writes from a bundled ICC file;
    # without one the variant would be declared but not met, so those covers are plain PDFs
    # drawn in CMYK only. Other variants (PDF/A-2b for Lulu) are written as the service asks.
    variant = None if cmyk else pod.pdf_standard(settings.pod)
    design = text.design
    safe = geometry.front_safe
    front = front_type(meta, design.style, (safe.width, safe.height), geometry.trim_width)
    front = scaled(front, front_scale)
    room = measure_pt(design.style, safe.width, geometry.trim_width)
    html = (
        environment()
        .get_template("cover-print.html")
        .render(
            meta=meta,
            cmyk=cmyk,
            style=design.style,
            front_image=pictures.front_image,
            lines=balanced_front_lines(meta, front, room, geometry.trim_width),
            blurb=Markup(display_copy(text.blurb_html)) if text.blurb_html else None,
            quotes=[
                (Markup(display_copy(quote)), Markup(source) if source else None)
                for quote, source in text.quotes
            ],
            bio=Markup(text.bio_html) if text.bio_html else None,
            photo=pictures.author_photo if back_type.about else None,
            about=back_type.about,
            barcode=_barcode_markup(meta, text, variant),
            spine=spine,
        )
    )
    css = _geometry_css(
        description=(
            f"{settings.trim}, {geometry.pod}, {geometry.page_count} pages on "
            f"{geometry.paper} paper, spine {geometry.spine_width:.4f} in"
        ),
        page=(geometry.width - 2 * geometry.bleed, geometry.trim_height),
        bleed=geometry.bleed,
        scale=geometry.trim_width / _DESIGN_WIDTH_IN,
        spine_thickness=geometry.spine_safe.width,
        spine_size=spine_size,
        front=front,
        boxes=_print_boxes(geometry),
        back_type=back_type,
    )
    return _render_pdf(html, css, meta, pictures.assets, design, variant)


_PARAGRAPH = re.compile(r"(<p\b[^>]*>)(.*?)(</p>)", re.DOTALL)
_TAG = re.compile(r"(<[^>]*>)")


def display_copy(blurb_html: str) -> str:
    """The blurb with the last two words of each paragraph bound: display copy never ends a
    paragraph on one word alone. (The display-line rules of titles bind far more, and would
    leave a paragraph of running copy with too few places to break.)"""
    return _PARAGRAPH.sub(lambda m: m[1] + _bind_last_space(m[2]) + m[3], blurb_html)


def _bind_last_space(markup: str) -> str:
    """``markup`` with the last space of its text, outside every tag, made a no-break space."""
    pieces = _TAG.split(markup)  # text at even indexes, tags at odd ones
    text = "".join(pieces[::2]).rstrip()
    cut = text.rfind(" ")
    if cut <= 0 or not text[:cut].strip():
        return markup
    for index in range(0, len(pieces), 2):
        if cut < len(pieces[index]):
            piece = pieces[index]
            pieces[index] = piece[:cut] + "\u00a0" + piece[cut + 1 :]
            return "".join(pieces)
        cut -= len(pieces[index])
    return markup


def _barcode_markup(meta: BookMeta, text: CoverText, variant: str | None) -> Markup | None:
    """The ISBN's EAN-13 with its price add-on, or None for a book without a print ISBN.

    Black is pure K ink, except under PDF/A, whose sRGB output intent forbids device CMYK.
    """
    if not meta.isbn_print:
        return None
    try:
        addon = barcode.price_addon(text.price)
        inks = {"ink": "#000000", "paper": "#ffffff"} if variant and "pdf/a" in variant else {}
        return Markup(barcode.ean13_svg(meta.isbn_print, addon=addon, **inks))
    except ValueError as error:
        raise BookError(f"cannot print the barcode: {error}") from None


def _print_boxes(g: CoverGeometry) -> list[dict[str, object]]:
    """Every positioned element of the print cover, as CSS boxes from the trim corner."""
    b = g.bleed
    # Panels run into the bleed on their outer sides, so their colour reaches the cut.
    boxes = [
        _box(".panel.back", Rect(0, 0, g.back.right, g.height), b),
        _box(".panel.spine", Rect(g.spine.left, 0, g.spine.right, g.height), b),
        _box(".panel.front", Rect(g.front.left, 0, g.width, g.height), b),
        _box(".zone.back-copy", g.back_copy, b),
        _box(".zone.back-foot", g.back_foot, b),
        _box(".zone.barcode", g.barcode_box, b),
        _box(".zone.front-text", g.front_safe, b),
    ]
    if g.spine_text_allowed:
        # Laid out horizontally along the spine's length, then turned a quarter clockwise
        # about its centre, so it reads top to bottom (the US and UK convention).
        safe = g.spine_safe
        cx, cy = (safe.left + safe.right) / 2, (safe.top + safe.bottom) / 2
        turned = Rect(
            cx - safe.height / 2, cy - safe.width / 2, cx + safe.height / 2, cy + safe.width / 2
        )
        boxes.append(_box(".zone.spine-text", turned, b, rotate="90deg"))
    return boxes


def _box(selector: str, rect: Rect, bleed: float, rotate: str | None = None) -> dict[str, object]:
    return {
        "selector": selector,
        "left": _inches(rect.left - bleed),
        "top": _inches(rect.top - bleed),
        "width": _inches(rect.width),
        "height": _inches(rect.height),
        "rotate": rotate,
    }


def _inches(value: float) -> str:
    return f"{value:.4f}in"


def _geometry_css(
    description: str,
    page: tuple[float, float],
    bleed: float,
    scale: float,
    spine_thickness: float,
    spine_size: float,
    front: FrontType,
    boxes: list[dict[str, object]],
    back_type: back.BackType | None = None,
) -> str:
    return (
        environment()
        .get_template("cover-geometry.css")
        .render(
            description=description,
            width=_inches(page[0]),
            height=_inches(page[1]),
            bleed=_inches(bleed) if bleed else None,
            scale=f"{scale:.4f}",
            spine_thickness=_inches(spine_thickness),
            spine_size=f"{spine_size:.3f}pt",
            front=front,
            boxes=boxes,
            back=back_type,
        )
    )


@cache
def _stylesheets() -> tuple[FontConfiguration, tuple[CSS, ...]]:
    """The interior's type (fonts, base) and the cover's design, parsed once per process.

    The font configuration must be shared by the stylesheets and the render, or WeasyPrint
    drops the ``@font-face`` rules and the bundled Gentium is not the font embedded.
    """
    fonts = FontConfiguration()
    return fonts, _shipped_sheets(fonts)


def _shipped_sheets(fonts: FontConfiguration) -> tuple[CSS, ...]:
    fetcher = SandboxedFetcher([styles_dir()])
    return tuple(
        CSS(filename=str(styles_dir() / name), url_fetcher=fetcher, font_config=fonts)
        for name in ("fonts.css", "base.css", "cover.css")
    )


def _cmyk_copies(assets: dict[str, Path], folder: Path) -> dict[str, tuple[str, Path]]:
    """The raster assets as CMYK JPEGs in ``folder`` (transparency flattened on white): by
    each asset's name, the copy's name (``.jpg``, whatever the original was) and file."""
    copies: dict[str, tuple[str, Path]] = {}
    for name, path in assets.items():
        with Image.open(path) as opened:
            image = opened.convert("RGBA") if opened.mode in ("RGBA", "LA", "P") else opened
            if image.mode == "RGBA":
                flat = Image.new("RGB", image.size, "white")
                flat.paste(image, mask=image.getchannel("A"))
                image = flat
            copy = Path(name).stem + ".jpg"
            target = folder / copy
            image.convert("CMYK").save(target, "JPEG", quality=92)
        copies[name] = (copy, target)
    return copies


def _front_image(design: CoverDesign, assets: dict[str, Path]) -> str | None:
    """The asset name of the photo style's picture, added to ``assets``; None otherwise."""
    if design.style != "photo" or design.image is None:
        return None
    name = "cover-image" + design.image.suffix.lower()
    assets[name] = design.image
    return name


def _render_pdf(
    html: str,
    geometry_css: str,
    meta: BookMeta,
    assets: dict[str, Path],
    design: CoverDesign,
    variant: str | None = None,
) -> bytes:
    roots = [styles_dir(), *([design.root] if design.root is not None else [])]
    fetcher = SandboxedFetcher(roots, assets)
    if design.stylesheets:
        # The volume's @font-face rules must not linger in the shared configuration, where a
        # later cover of another volume would find them.
        fonts = FontConfiguration()
        shipped = _shipped_sheets(fonts)
        own = [
            CSS(filename=str(p), url_fetcher=fetcher, font_config=fonts) for p in design.stylesheets
        ]
    else:
        fonts, shipped = _stylesheets()
        own = []
    geometry = CSS(string=geometry_css, font_config=fonts)
    document = HTML(string=html, base_url=BOOK_BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[*shipped, geometry, *own], font_config=fonts
    )
    fetcher.check()
    identifier = f"{meta.identifier}|{meta.modified.isoformat()}|cover".encode()
    options: dict[str, object] = {"pdf_identifier": hashlib.sha256(identifier).digest()[:16]}
    if variant is not None:
        options["pdf_variant"] = variant
    return document.write_pdf(**options)


# -- Reading the glyphs back ----------------------------------------------------------------

Glyph = tuple[str, Rect]


def _glyphs(pdf: bytes) -> list[Glyph]:
    """Every visible character of the first page with its ink box, in sheet inches."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        left, _, _, top = page.get_mediabox()
        textpage = page.get_textpage()
        found: list[Glyph] = []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            x0, y0, x1, y1 = textpage.get_charbox(index)
            found.append(
                (
                    char,
                    Rect(
                        (x0 - left) / POINTS_PER_INCH,
                        (top - y1) / POINTS_PER_INCH,
                        (x1 - left) / POINTS_PER_INCH,
                        (top - y0) / POINTS_PER_INCH,
                    ),
                )
            )
        textpage.close()
        page.close()
        return found
    finally:
        document.close()


def _pictures(pdf: bytes) -> list[Rect]:
    """The box of every raster image drawn on the first page, in sheet inches."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        left, _, _, top = page.get_mediabox()
        boxes = []
        for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
            x0, y0, x1, y1 = image.get_bounds()
            boxes.append(
                Rect(
                    (x0 - left) / POINTS_PER_INCH,
                    (top - y1) / POINTS_PER_INCH,
                    (x1 - left) / POINTS_PER_INCH,
                    (top - y0) / POINTS_PER_INCH,
                )
            )
        page.close()
        return boxes
    finally:
        document.close()


def _stray_pictures(pdf: bytes, g: CoverGeometry) -> list[str]:
    """Pictures on the back that leave its copy zone (the author photo pushed down by a long
    bio): the front's picture runs into the bleed by design and is not checked."""
    strays = []
    for box in _pictures(pdf):
        on_back = g.back.left <= (box.left + box.right) / 2 <= g.back.right
        if on_back and not g.back_copy.contains(box):
            strays.append(
                "the author photo and bio do not fit on the back cover above the barcode; "
                "shorten the bio or the blurb"
            )
    return strays


def _stray_glyphs(pdf: bytes, zones: dict[str, Rect]) -> dict[str, list[Glyph]]:
    """Glyphs outside every zone, grouped under the zone whose panel they were meant for."""
    strays: dict[str, list[Glyph]] = {}
    for glyph in _glyphs(pdf):
        box = glyph[1]
        if any(zone.contains(box) for zone in zones.values()):
            continue
        strays.setdefault(_nearest_zone(box, zones), []).append(glyph)
    return strays


def _nearest_zone(box: Rect, zones: dict[str, Rect]) -> str:
    cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2

    def distance(zone: Rect) -> float:
        dx = max(zone.left - cx, 0.0, cx - zone.right)
        dy = max(zone.top - cy, 0.0, cy - zone.bottom)
        return dx * dx + dy * dy

    return min(zones, key=lambda name: distance(zones[name]))


def _spine_refit(glyphs: list[Glyph], g: CoverGeometry) -> float | None:
    """How much smaller the spine type must be to fit, from the glyphs of the first layout.

    The text starts at the zone's start padding; it fits when it also ends that far from the
    zone's end. None when there is nothing on the spine to measure.
    """
    zone = g.spine_safe
    spine = g.spine
    boxes = [box for _, box in glyphs if spine.left <= (box.left + box.right) / 2 <= spine.right]
    if not boxes:
        return None
    top, bottom = min(b.top for b in boxes), max(b.bottom for b in boxes)
    left, right = min(b.left for b in boxes), max(b.right for b in boxes)
    lead = max(top - zone.top, 0.0)
    ratios = [1.0]
    if bottom - top > 0:
        ratios.append((zone.height - 2 * lead) / (bottom - top))
    if right - left > 0:
        ratios.append(zone.width / (right - left))
    fit = min(ratios) * _SPINE_REFIT_MARGIN
    return fit if fit > 0 else None


_ADVICE = {
    "back-copy": "the blurb is too long for the back cover (it must end above the barcode, "
    f"set at {back.BLURB_MIN_PT:g} pt, the smallest the back allows); shorten it",
    "barcode": "text runs into the barcode box on the back cover; shorten the blurb",
    "back-foot": "the publisher's name does not fit beside the barcode on the back cover; "
    "shorten it",
    "spine-text": "the title and author do not fit on the spine; give the book a shorter title",
    "front-text": "the title, subtitle, series or author do not fit on the front cover inside "
    "its safe margin; shorten them or set them smaller in styles/cover.css",
}


def _advice(zone: str, glyphs: list[Glyph], g: CoverGeometry | None = None) -> str:
    sample = "".join(char for char, _ in glyphs[:40])
    overshoot = ""
    if zone == "back-copy" and g is not None:
        below = max(box.bottom for _, box in glyphs) - g.back_copy.bottom
        if below > 0:
            overshoot = f" by {below:.2f} in"
    return f"{_ADVICE[zone]}{overshoot} (outside its zone: {sample!r})"


# -- Ebook cover ----------------------------------------------------------------------------


def ebook_cover_jpeg(meta: BookMeta, design: CoverDesign = CoverDesign()) -> bytes:
    """A typographic ebook cover, 1600 x 2560 px RGB JPEG, the same bytes for the same meta.

    One layout, unless a volume's own face is wider than the bundled one the title was
    measured with: then the title and subtitle are set smaller, from the glyphs, and again.
    """
    width, height = _EBOOK_PAGE_IN
    page = Rect(0, 0, width, height)
    safe = page.inset(SAFE_MIN_IN)
    chosen = front_type(meta, design.style, (safe.width, safe.height), width)
    scale = 1.0
    for refits in range(fit.FRONT_REFITS + 1):
        pdf = _ebook_pdf(meta, design, scaled(chosen, scale), page, safe)
        strays = _stray_glyphs(pdf, {"front-text": safe})
        if not strays or refits == fit.FRONT_REFITS:
            break
        scale *= _front_refit(strays["front-text"], pdf, safe)
    if strays:
        raise BookError(
            [Problem("ebook cover: " + _advice(zone, glyphs)) for zone, glyphs in strays.items()]
        )
    return _rasterise(pdf)


def _ebook_pdf(
    meta: BookMeta, design: CoverDesign, front: FrontType, page: Rect, safe: Rect
) -> bytes:
    width, height = page.width, page.height
    assets: dict[str, Path] = {}
    html = (
        environment()
        .get_template("cover-ebook.html")
        .render(
            meta=meta,
            style=design.style,
            front_image=_front_image(design, assets),
            lines=balanced_front_lines(
                meta, front, measure_pt(design.style, safe.width, width), width
            ),
        )
    )
    css = _geometry_css(
        description=f"ebook, {EBOOK_SIZE_PX[0]} x {EBOOK_SIZE_PX[1]} px",
        page=(width, height),
        bleed=0.0,
        scale=width / _DESIGN_WIDTH_IN,
        spine_thickness=0.0,
        spine_size=0.0,
        front=front,
        boxes=[_box(".panel.front", page, 0.0), _box(".zone.front-text", safe, 0.0)],
    )
    return _render_pdf(html, css, meta, assets, design)


def _rasterise(pdf: bytes) -> bytes:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=_EBOOK_DPI / POINTS_PER_INCH).to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    if image.size != EBOOK_SIZE_PX:  # a renderer rounding the page size; never a real resize
        image = image.resize(EBOOK_SIZE_PX, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No EXIF, ICC or timestamps: Pillow writes only what is asked for.
    image.save(out, "JPEG", **_EBOOK_JPEG)
    return out.getvalue()


def check_cover_image(path: Path) -> list[str]:
    """Warnings about a user-supplied ebook cover image; an empty list means stores accept it."""
    try:
        with Image.open(io.BytesIO(read_input(path))) as image:
            fmt, mode, (width, height) = image.format, image.mode, image.size
    except FileNotFoundError:
        return ["the cover image does not exist"]
    except (UnidentifiedImageError, OSError) as error:
        return [f"the cover image cannot be read as an image ({error})"]
    warnings: list[str] = []
    if fmt not in EBOOK_FORMATS:
        warnings.append(f"the cover image is {fmt}; ebook stores accept JPEG or PNG covers")
    else:
        named = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}.get(path.suffix.lower())
        if named != fmt:
            warnings.append(
                f"the cover image is a {fmt} file named '{path.name}'; rename it to "
                f"'{path.stem}{'.png' if fmt == 'PNG' else '.jpg'}' so readers get its real type"
            )
    if mode != "RGB":
        warnings.append(
            f"the cover image's colour mode is {mode}; stores expect RGB (convert "
            + (
                "CMYK images, which many readers show with wrong colours"
                if mode == "CMYK"
                else "it, without transparency or a palette"
            )
            + ")"
        )
    min_width, min_height = EBOOK_SIZE_PX
    if width < min_width or height < min_height:
        warnings.append(
            f"the cover image is {width} x {height} px; stores ask for at least "
            f"{min_width} x {min_height} px, or it looks blurred on large screens"
        )
    ratio = height / width if width else 0.0
    if abs(ratio - EBOOK_RATIO) > _RATIO_TOLERANCE * EBOOK_RATIO:
        warnings.append(
            f"the cover image's height/width ratio is {ratio:.2f}; stores expect "
            f"{EBOOK_RATIO:g} ({min_width} x {min_height} px) and crop or letterbox others"
        )
    return warnings
