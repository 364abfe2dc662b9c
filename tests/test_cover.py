"""Covers: the print cover's size from the services' published figures, what is on the spine,
the barcode decoded from a render, every glyph inside its safe zone, and the ebook JPEG.

Expected sizes are written out by hand from the services' figures (KDP and IngramSpark paper at
0.002252 in white, 0.0025 in cream per page; Lulu pages / 444 + 0.06 in), not recomputed with
the code under test. The PDFs are read back with pypdf and pypdfium2, never with the writer's
own accounts.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from checks import unembedded_fonts
from compiler.book.model import BookMeta, SeriesInfo
from compiler.config import PrintSettings
from compiler.covers import barcode
from compiler.covers.draw import (
    EBOOK_SIZE_PX,
    CoverDesign,
    CoverText,
    Rect,
    check_cover_image,
    cover_geometry,
    ebook_cover_jpeg,
    write_print_cover,
)
from compiler.errors import BookError
from test_barcode import decode_ean5, decode_ean13

PT = 72.0
BLEED = 0.125
SAFE = 0.125  # KDP's, from trim and from the spine folds
SPINE_SAFE = 0.0625  # spine text from each fold

SAKER = BookMeta(
    title="The Essential Saker V",
    subtitle="Selected essays, 2020-2021",
    authors=("The Saker",),
    language="en",
    publisher="Example Press",
    isbn_print="978-1-23456-790-3",
    series=SeriesInfo("The Essential Saker", 5),
)
# The example book of the repository: four authors make a long spine line.
POWER = BookMeta(
    title="Power and Music",
    subtitle="Essays from The Federalist, Edward MacDowell and The Saker",
    authors=("James Madison", "Alexander Hamilton", "Edward MacDowell", "The Saker"),
    language="en",
)
# Back-cover copy quoted from the corpus essay (tests/corpus/thesaker).
BLURB = (
    "<p>“There are signs that Russia is intervening in the Belarusian crisis.” In August 2020 "
    "the Saker asked whether Belarus might become the next Syria, and what Lukashenko’s "
    "helicopter flight over Minsk, rifle in hand, was meant to tell his country.</p>"
    "<p>These essays follow a year of crises as they happened, from Minsk to Washington.</p>"
)


def kdp(trim: str = "6x9in", paper: str = "cream") -> PrintSettings:
    return PrintSettings(trim=trim, pod="kdp", paper=paper)


# -- Geometry, without rendering -------------------------------------------------------------


@pytest.mark.parametrize(
    ("pod", "trim", "paper", "pages", "spine", "width", "height"),
    [
        ("kdp", "6x9in", "cream", 300, 0.75, 13.0, 9.25),
        ("kdp", "5x8in", "white", 120, 0.27024, 10.52024, 8.25),
        ("kdp", "5.5x8.5in", "white", 24, 0.054048, 11.304048, 8.75),
        ("kdp", "8.5x11in", "cream", 550, 1.375, 18.625, 11.25),
        ("ingramspark", "6x9in", "white", 400, 0.9008, 13.1508, 9.25),
        ("ingramspark", "6.14x9.21in", "cream", 212, 0.53, 13.06, 9.46),
        ("lulu", "6x9in", "white", 200, 0.5104505, 12.7604505, 9.25),
        ("lulu", "A5", "cream", 444, 1.06, 12.97, 8.52),
    ],
)
def test_cover_size_follows_trim_pages_and_paper(
    pod: str, trim: str, paper: str, pages: int, spine: float, width: float, height: float
) -> None:
    g = cover_geometry(PrintSettings(trim=trim, pod=pod, paper=paper), pages)
    assert g.spine_width == pytest.approx(spine, abs=1e-6)
    assert g.width == pytest.approx(width, abs=0.005)
    assert g.height == pytest.approx(height, abs=0.005)
    assert g.bleed == BLEED


@pytest.mark.parametrize(
    ("pod", "pages", "allowed"),
    [
        ("kdp", 78, False),
        ("kdp", 79, True),
        ("kdp", 60, False),
        ("kdp", 100, True),
        ("ingramspark", 47, False),
        ("ingramspark", 48, True),
        ("lulu", 79, False),
        ("lulu", 80, True),
    ],
)
def test_spine_text_needs_the_services_page_count(pod: str, pages: int, allowed: bool) -> None:
    g = cover_geometry(PrintSettings(pod=pod), pages)
    assert g.spine_text_allowed is allowed
    assert ("spine-text" in g.text_zones()) is allowed


@pytest.mark.parametrize("pod", ["kdp", "ingramspark", "lulu"])
def test_zones_keep_clear_of_trim_and_folds(pod: str) -> None:
    g = cover_geometry(PrintSettings(pod=pod, trim="5x8in", paper="white"), 240)
    fold_back, fold_front = BLEED + 5.0, BLEED + 5.0 + g.spine_width
    assert g.safe_margin >= SAFE
    for zone in (g.back_copy, g.barcode_box, g.back_foot):
        assert zone.left >= BLEED + SAFE - 1e-9 and zone.right <= fold_back - SAFE + 1e-9
        assert zone.top >= BLEED + SAFE - 1e-9 and zone.bottom <= BLEED + 8.0 - SAFE + 1e-9
    assert g.front_safe.left >= fold_front + SAFE - 1e-9
    assert g.front_safe.right <= g.width - BLEED - SAFE + 1e-9
    assert g.spine_safe.left == pytest.approx(fold_back + SPINE_SAFE)
    assert g.spine_safe.right == pytest.approx(fold_front - SPINE_SAFE)
    # The barcode sits lower right of the back, clear of the copy above and the imprint beside.
    assert g.barcode_box.right == pytest.approx(fold_back - max(g.safe_margin, 0.25))
    assert g.back_copy.bottom < g.barcode_box.top
    assert g.back_foot.right < g.barcode_box.left
    # The white box holds the EAN-13 and its add-on at 100 % magnification.
    assert g.barcode_box.width > (11 + 95 + 9 + 47 + 5) * 0.33 / 25.4


# -- Rendered print covers -------------------------------------------------------------------


def sheet_zones(g, spine_text: bool) -> list[tuple[float, float, float, float]]:
    """Where text may be, from the formula: each panel inside its safe margins (inches from the
    sheet's top-left corner, bleed included), the spine inside 1/16 in of its folds."""
    top, bottom = BLEED + g.safe_margin, BLEED + g.trim_height - g.safe_margin
    fold_back = BLEED + g.trim_width
    fold_front = fold_back + g.spine_width
    zones = [
        (BLEED + g.safe_margin, top, fold_back - g.safe_margin, bottom),
        (fold_front + g.safe_margin, top, g.width - BLEED - g.safe_margin, bottom),
    ]
    if spine_text:
        zones.append((fold_back + SPINE_SAFE, top, fold_front - SPINE_SAFE, bottom))
    return zones


def inside(zones, x0: float, y0: float, x1: float, y1: float, slack: float = 0.002) -> bool:
    return any(
        x0 >= left - slack and x1 <= right + slack and y0 >= top - slack and y1 <= bottom + slack
        for left, top, right, bottom in zones
    )


def glyph_boxes(pdf: Path) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every visible character and its ink box in sheet inches, read with pdfium."""
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    left, _, _, top = page.get_mediabox()
    textpage = page.get_textpage()
    out = []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if char.strip():
            x0, y0, x1, y1 = textpage.get_charbox(i)
            out.append(
                (char, ((x0 - left) / PT, (top - y1) / PT, (x1 - left) / PT, (top - y0) / PT))
            )
    document.close()
    return out


def placed_runs(pdf: Path) -> list[tuple[str, tuple[float, float], tuple[float, float], float]]:
    """(text, start point in sheet inches, writing direction, size in points) of each run pypdf
    reports on the page itself, its em square scaled by its text matrix and then by the page's;
    runs inside form XObjects (the barcode's SVG) come without their placement."""
    page = PdfReader(str(pdf)).pages[0]
    box = page.mediabox
    runs = []

    def visit(text, cm, tm, font, size) -> None:
        if not text.strip() or [float(v) for v in cm] == [1, 0, 0, 1, 0, 0]:
            return
        a, b, c, d, e, f = (float(v) for v in cm)
        x, y = float(tm[4]), float(tm[5])
        point = (x * a + y * c + e, x * b + y * d + f)
        direction = (float(tm[0]) * a + float(tm[1]) * c, float(tm[0]) * b + float(tm[1]) * d)
        runs.append(
            (
                text,
                ((point[0] - float(box.left)) / PT, (float(box.top) - point[1]) / PT),
                direction,
                size * (direction[0] ** 2 + direction[1] ** 2) ** 0.5,
            )
        )

    page.extract_text(visitor_text=visit)
    return runs


def text_runs(pdf: Path) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    """(text, start point in sheet inches, writing direction) of each run on the page itself."""
    # Display lines bind words with no-break spaces; a reader sees plain spaces.
    return [
        (text.replace("\xa0", " "), at, direction) for text, at, direction, _ in placed_runs(pdf)
    ]


def resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def fonts_in(resources, found: dict[str, dict]) -> None:
    """Fonts of a resource dictionary and of every form XObject under it (the barcode's)."""
    resources = resolve(resources) or {}
    for ref in (resolve(resources.get("/Font")) or {}).values():
        font = resolve(ref)
        found[str(font["/BaseFont"])] = font
    for ref in (resolve(resources.get("/XObject")) or {}).values():
        xobject = resolve(ref)
        if xobject.get("/Subtype") == "/Form":
            fonts_in(xobject.get("/Resources"), found)


@pytest.fixture(scope="module")
def kdp_300(tmp_path_factory: pytest.TempPathFactory, portrait: Path):
    """KDP, 6 x 9 in on cream, 300 pages, with blurb, author photo and a US$14.99 price."""
    target = tmp_path_factory.mktemp("cover") / "cover.pdf"
    geometry = write_print_cover(
        SAKER, kdp(), 300, target, CoverText(blurb_html=BLURB, author_photo=portrait, price="14.99")
    )
    return target, geometry


def page_size_in(pdf: Path) -> tuple[float, float]:
    box = PdfReader(str(pdf)).pages[0].mediabox
    return float(box.width) / PT, float(box.height) / PT


def test_kdp_6x9_cream_300_is_sized_by_the_formula(kdp_300) -> None:
    pdf, geometry = kdp_300
    assert len(PdfReader(str(pdf)).pages) == 1
    width, height = page_size_in(pdf)
    assert width == pytest.approx(2 * (6 + 0.125) + 300 * 0.0025, abs=0.01)
    assert height == pytest.approx(9 + 2 * 0.125, abs=0.01)
    assert (geometry.width, geometry.height) == pytest.approx((width, height), abs=0.01)
    trim = PdfReader(str(pdf)).pages[0].trimbox  # the printer's cut, bleed outside it
    assert float(trim.width) / PT == pytest.approx(12.75, abs=0.01)


@pytest.mark.parametrize(
    ("settings", "pages", "width"),
    [
        (kdp("5x8in", "white"), 120, 2 * 5.125 + 120 * 0.002252),
        (
            PrintSettings(trim="6x9in", pod="ingramspark", paper="white"),
            400,
            2 * 6.125 + 400 * 0.002252,
        ),
    ],
)
def test_other_trims_and_services_are_sized_by_the_formula(
    tmp_path: Path, settings: PrintSettings, pages: int, width: float
) -> None:
    target = tmp_path / "cover.pdf"
    write_print_cover(SAKER, settings, pages, target, CoverText(blurb_html=BLURB))
    trim_height = 8.0 if settings.trim == "5x8in" else 9.0
    assert page_size_in(target) == pytest.approx((width, trim_height + 0.25), abs=0.01)
    if settings.pod == "ingramspark":  # PDF/X-1a service: CMYK colour only, no RGB anywhere
        assert colour_operators(target) <= {"cs", "scn", "CS", "SCN"}


def colour_operators(pdf: Path) -> set[str]:
    page = PdfReader(str(pdf)).pages[0]
    streams = [page.get_contents().get_data()]

    def forms(resources) -> None:
        for ref in (resolve((resolve(resources) or {}).get("/XObject")) or {}).values():
            xobject = resolve(ref)
            if xobject.get("/Subtype") == "/Form":
                streams.append(xobject.get_data())
                forms(xobject.get("/Resources"))

    forms(page["/Resources"])
    pattern = rb"(?<=\s)(rg|RG|k|K|g|G|sc|SC|scn|SCN|cs|CS)(?=\s)"
    return {op.decode() for data in streams for op in re.findall(pattern, b" " + data)}


def test_every_glyph_is_inside_the_safe_zones(kdp_300) -> None:
    pdf, g = kdp_300
    zones = sheet_zones(g, spine_text=True)
    glyphs = glyph_boxes(pdf)
    assert len(glyphs) > 200
    outside = [char for char, box in glyphs if not inside(zones, *box)]
    assert outside == []


def test_text_runs_start_inside_their_panels(kdp_300) -> None:
    pdf, g = kdp_300
    zones = sheet_zones(g, spine_text=True)
    runs = text_runs(pdf)
    texts = " ".join(text for text, _, _ in runs)
    for expected in ("The Essential Saker", "Selected essays", "Belarusian crisis"):
        assert expected in texts
    for text, (x, y), _ in runs:
        assert inside(zones, x, y, x, y), f"{text!r} starts at ({x:.3f}, {y:.3f}) in"


def test_spine_carries_title_and_author_reading_top_to_bottom(kdp_300) -> None:
    pdf, g = kdp_300
    fold_back = BLEED + g.trim_width
    on_spine = [
        (text, point, direction)
        for text, point, direction in text_runs(pdf)
        if fold_back < point[0] < fold_back + g.spine_width
    ]
    spine_text = " ".join(text for text, _, _ in on_spine).upper()
    assert "THE ESSENTIAL SAKER V" in spine_text and "THE SAKER" in spine_text
    for _, _, (dx, dy) in on_spine:  # turned a quarter clockwise: advancing down the page
        assert abs(dx) < 1e-6 and dy < 0
    # Title first, at the head of the spine; the author below it.
    title = next(point for text, point, _ in on_spine if "ESSENTIAL" in text.upper())
    author = next(
        point
        for text, point, _ in on_spine
        if text.strip().upper() == "THE SAKER" or text.upper().startswith("THE SAKER")
    )
    assert title[1] < author[1]


def test_fonts_are_embedded_and_are_the_book_face(kdp_300) -> None:
    pdf, _ = kdp_300
    fonts: dict[str, dict] = {}
    fonts_in(PdfReader(str(pdf)).pages[0]["/Resources"], fonts)
    assert fonts and all("Gentium" in name for name in fonts)
    for name, font in fonts.items():
        descendants = resolve(font.get("/DescendantFonts"))
        target = resolve(descendants[0]) if descendants else font
        descriptor = resolve(target["/FontDescriptor"])
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_barcode_text_is_the_isbn_and_the_price(kdp_300) -> None:
    pdf, _ = kdp_300
    text = PdfReader(str(pdf)).pages[0].extract_text()
    assert "ISBN 978-1-23456-790-3" in text
    singles: list[str] = []
    PdfReader(str(pdf)).pages[0].extract_text(
        visitor_text=lambda t, *_: (
            singles.append(t.strip()) if re.fullmatch(r"\d", t.strip()) else None
        )
    )
    digits = "".join(singles)
    assert digits[:13] == "9781234567903"
    assert digits[12] == barcode.isbn13_check_digit(digits[:12])
    assert digits[13:18] == "51499"  # US$14.99


def scanline_modules(image: Image.Image, row: int) -> list[tuple[int, int]]:
    """(colour, width in pixels) of the runs along one row: 1 bar, 0 space."""
    grey = image.convert("L")
    pixels = [1 if grey.getpixel((x, row)) < 128 else 0 for x in range(grey.width)]
    runs: list[tuple[int, int]] = []
    for value in pixels:
        if runs and runs[-1][0] == value:
            runs[-1] = (value, runs[-1][1] + 1)
        else:
            runs.append((value, 1))
    return runs


def render_box(pdf: Path, box, dpi: int) -> Image.Image:
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    width, height = page.get_size()
    crop = (box.left * PT, height - box.bottom * PT, width - box.right * PT, box.top * PT)
    image = page.render(scale=dpi / PT, crop=crop).to_pil()
    document.close()
    return image


def test_barcode_decodes_from_a_render(kdp_300) -> None:
    pdf, g = kdp_300
    dpi = 1200  # a 0.33 mm module is about 15.6 pixels
    image = render_box(pdf, g.barcode_box, dpi)
    # A row through the middle of the bars, below the add-on's digits.
    runs = scanline_modules(image, int(image.height * 0.6))
    while runs[0][0] == 0:
        runs.pop(0)
    module = runs[0][1]  # the start guard's first bar is one module wide
    modules = "".join(str(colour) * round(width / module) for colour, width in runs)
    assert decode_ean13(modules[:95]) == "9781234567903"
    addon = modules[95:].lstrip("0")[:47]
    assert decode_ean5(addon) == "51499"


@pytest.fixture(scope="module")
def kdp_60_without_isbn(tmp_path_factory: pytest.TempPathFactory):
    target = tmp_path_factory.mktemp("thin") / "cover.pdf"
    meta = BookMeta(
        title=SAKER.title,
        subtitle=SAKER.subtitle,
        authors=SAKER.authors,
        language="en",
        series=SAKER.series,
    )
    return target, write_print_cover(meta, kdp("6x9in", "white"), 60, target)


def test_no_spine_text_below_79_pages(kdp_60_without_isbn) -> None:
    pdf, g = kdp_60_without_isbn
    assert not g.spine_text_allowed
    fold_back = BLEED + g.trim_width
    on_spine = [
        char
        for char, (x0, _, x1, _) in glyph_boxes(pdf)
        if x1 > fold_back - 0.05 and x0 < fold_back + g.spine_width + 0.05
    ]
    assert on_spine == []
    assert "THE SAKER" not in PdfReader(str(pdf)).pages[0].extract_text()  # the spine's capitals


def test_spine_text_at_100_pages(tmp_path: Path) -> None:
    target = tmp_path / "cover.pdf"
    g = write_print_cover(SAKER, kdp("6x9in", "white"), 100, target)
    fold_back = BLEED + g.trim_width
    on_spine = "".join(
        char
        for char, (x0, _, x1, _) in glyph_boxes(target)
        if x0 >= fold_back + SPINE_SAFE - 0.002
        and x1 <= fold_back + g.spine_width - SPINE_SAFE + 0.002
    )
    assert "ESSENTIALSAKER" in on_spine.upper()


def test_without_a_print_isbn_the_barcode_box_stays_white(kdp_60_without_isbn) -> None:
    pdf, g = kdp_60_without_isbn
    assert "ISBN" not in PdfReader(str(pdf)).pages[0].extract_text()
    image = render_box(pdf, g.barcode_box, 100).convert("L")
    assert image.getextrema()[0] > 245  # white, no bars
    outside = render_box(pdf, g.back_foot, 50).convert("L")
    assert outside.getextrema()[1] < 100  # the dark ground beside it


def test_a_long_spine_line_is_set_smaller_to_fit(tmp_path: Path) -> None:
    target = tmp_path / "cover.pdf"
    g = write_print_cover(POWER, kdp(), 300, target)
    fold_back = BLEED + g.trim_width
    spine = [
        (char, box)
        for char, box in glyph_boxes(target)
        if fold_back < (box[0] + box[2]) / 2 < fold_back + g.spine_width
    ]
    assert "THESAKER" in "".join(char for char, _ in spine).upper()
    zones = sheet_zones(g, spine_text=True)
    assert all(inside(zones, *box) for _, box in spine)


def spine_sizes(pdf: Path, g) -> dict[str, float]:
    """The size in points of every text run on the spine, from the text and page matrices."""
    page = PdfReader(str(pdf)).pages[0]
    fold_back = (BLEED + g.trim_width) * PT + float(page.mediabox.left)
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size) -> None:
        a, b, c, d, e, f = (float(v) for v in cm)
        x = float(tm[4]) * a + float(tm[5]) * c + e
        if not text.strip() or not fold_back < x < fold_back + g.spine_width * PT:
            return
        # The run's em square is scaled by the text matrix, then by the page's.
        ta, tb = float(tm[0]), float(tm[1])
        scale = ((ta * a + tb * c) ** 2 + (ta * b + tb * d) ** 2) ** 0.5
        sizes[text.strip()] = size * scale

    page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize(("meta", "pages"), [(SAKER, 80), (POWER, 130), (POWER, 300)])
def test_spine_type_is_never_under_7pt(tmp_path: Path, meta: BookMeta, pages: int) -> None:
    target = tmp_path / "cover.pdf"
    warnings: list[str] = []
    g = write_print_cover(meta, kdp(), pages, target, warn=warnings.append)
    sizes = spine_sizes(target, g)
    assert sizes and warnings == []
    assert min(sizes.values()) >= 7 - 0.01, sizes
    on_spine = re.sub(r"\s", "", "".join(sizes)).upper()
    assert on_spine.startswith(re.sub(r"\s", "", meta.title).upper())


def test_the_author_is_left_off_a_spine_too_short_for_it(tmp_path: Path) -> None:
    # 80 pages of cream paper: a 0.2 in spine. The four authors at 7 pt do not fit its length.
    target = tmp_path / "cover.pdf"
    g = write_print_cover(POWER, kdp(), 80, target)
    on_spine = " ".join(spine_sizes(target, g)).upper()
    assert "POWER" in on_spine and "MADISON" not in on_spine
    # The title alone stands in the middle of the spine's length.
    fold = BLEED + g.trim_width
    boxes = [box for _, box in glyph_boxes(target) if fold < box[0] < fold + g.spine_width]
    middle = (min(b[1] for b in boxes) + max(b[3] for b in boxes)) / 2
    assert middle == pytest.approx(g.height / 2, abs=0.1)


def test_a_spine_too_thin_for_7pt_stays_bare_with_a_warning(tmp_path: Path) -> None:
    # 79 pages of white paper: 0.178 in, 0.053 in between the safe lines; capitals of 7 pt
    # stand 0.06 in tall.
    target = tmp_path / "cover.pdf"
    warnings: list[str] = []
    g = write_print_cover(SAKER, kdp(paper="white"), 79, target, warn=warnings.append)
    assert g.spine_text_allowed
    assert spine_sizes(target, g) == {}
    (warning,) = warnings
    assert "7 pt" in warning and "spine" in warning


def test_a_blurb_too_long_for_the_back_is_an_error(tmp_path: Path) -> None:
    long_blurb = BLURB * 12
    target = tmp_path / "cover.pdf"
    with pytest.raises(BookError, match="blurb is too long for the back cover"):
        write_print_cover(SAKER, kdp("5x8in", "white"), 200, target, CoverText(long_blurb))
    assert not target.exists()


def test_a_bad_price_is_an_error_not_a_wrong_barcode(tmp_path: Path) -> None:
    with pytest.raises(BookError, match="barcode"):
        write_print_cover(SAKER, kdp(), 200, tmp_path / "cover.pdf", CoverText(price="120.00"))


# -- Ebook cover ----------------------------------------------------------------------------


def test_ebook_cover_is_a_reproducible_1600x2560_rgb_jpeg(tmp_path: Path) -> None:
    first = ebook_cover_jpeg(SAKER)
    assert ebook_cover_jpeg(SAKER) == first
    assert ebook_cover_jpeg(POWER) != first  # drawn from the metadata, not a fixed picture
    image = Image.open(io.BytesIO(first))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", EBOOK_SIZE_PX)
    assert "exif" not in image.info and "icc_profile" not in image.info
    (tmp_path / "cover.jpg").write_bytes(first)
    assert check_cover_image(tmp_path / "cover.jpg") == []
    # The classic cover is drawn: a dark ground with light type in the middle of its frame.
    grey = image.convert("L")
    assert grey.getpixel((20, 20)) < 80
    title_band = grey.crop((200, 850, 1400, 1400))
    assert title_band.getextrema()[1] > 200


# -- User-supplied ebook cover images --------------------------------------------------------


def save(
    tmp_path: Path, name: str, size: tuple[int, int], mode: str = "RGB", fmt: str | None = None
) -> Path:
    path = tmp_path / name
    Image.new(mode, size).save(path, fmt)
    return path


def test_a_good_cover_image_has_no_warnings(tmp_path: Path) -> None:
    assert check_cover_image(save(tmp_path, "cover.jpg", (1600, 2560))) == []
    assert check_cover_image(save(tmp_path, "cover.png", (2000, 3200))) == []


@pytest.mark.parametrize(
    ("name", "size", "mode", "fmt", "warning"),
    [
        ("small.jpg", (1000, 1600), "RGB", None, "at least 1600 x 2560 px"),
        ("wide.jpg", (1600, 2400), "RGB", None, "ratio is 1.50"),
        ("print.jpg", (1600, 2560), "CMYK", None, "colour mode is CMYK"),
        ("grey.png", (1600, 2560), "L", None, "colour mode is L"),
        ("alpha.png", (1600, 2560), "RGBA", None, "colour mode is RGBA"),
        ("cover.gif", (1600, 2560), "P", None, "GIF"),
        ("cover.jpg", (1600, 2560), "RGB", "PNG", "PNG file named 'cover.jpg'"),
    ],
)
def test_cover_image_warnings(
    tmp_path: Path, name: str, size: tuple[int, int], mode: str, fmt: str | None, warning: str
) -> None:
    warnings = check_cover_image(save(tmp_path, name, size, mode, fmt))
    assert any(warning in w for w in warnings), warnings


def test_a_file_that_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "cover.jpg"
    path.write_text("<html>not a picture</html>", encoding="utf-8")
    assert check_cover_image(path)[0].startswith("the cover image cannot be read")
    assert check_cover_image(tmp_path / "missing.jpg") == ["the cover image does not exist"]


def test_a_missing_author_photo_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BookError, match="author photo does not exist"):
        write_print_cover(
            SAKER,
            kdp(),
            200,
            tmp_path / "cover.pdf",
            CoverText(author_photo=tmp_path / "author.jpg"),
        )


# -- What volume.yaml gives the cover -------------------------------------------------------


def test_a_missing_blurb_is_a_warning_at_the_volume(make_volume) -> None:
    from compiler.config import load_volume
    from compiler.covers.compose import cover_text
    from compiler.errors import Diagnostics

    essay = "# Federalist No. 51\n\nAmbition must be made to counteract ambition.\n"
    volume_path = make_volume(
        "# The Executive\ntitle: Checks and Balances\nauthor: James Madison\n"
        "contents: [federalist-51.md]\n",
        {"federalist-51.md": essay},
    )
    diagnostics = Diagnostics()
    assert cover_text(load_volume(volume_path), diagnostics).blurb_html is None
    (warning,) = [w for w in diagnostics.warnings if "blurb" in w.message]
    assert (warning.line, warning.col) == (2, 1)
    assert str(warning.file).endswith("volume.yaml")

    with_blurb = volume_path.read_text(encoding="utf-8") + "blurb: Ambition against ambition.\n"
    volume_path.write_text(with_blurb, encoding="utf-8")
    diagnostics = Diagnostics()
    assert "Ambition" in cover_text(load_volume(volume_path), diagnostics).blurb_html
    assert not [w for w in diagnostics.warnings if "blurb" in w.message]


# -- Cover styles ---------------------------------------------------------------------------


def image_colour_spaces(pdf: Path) -> set[str]:
    """The colour space of every raster image drawn on the cover, forms included."""
    spaces: set[str] = set()

    def walk(resources) -> None:
        for ref in (resolve((resolve(resources) or {}).get("/XObject")) or {}).values():
            xobject = resolve(ref)
            if xobject.get("/Subtype") == "/Image":
                spaces.add(str(resolve(xobject.get("/ColorSpace"))))
            elif xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    walk(PdfReader(str(pdf)).pages[0]["/Resources"])
    return spaces


@pytest.mark.parametrize("style", ["classic", "typographic", "photo"])
@pytest.mark.parametrize("pod", ["kdp", "ingramspark", "lulu"])
def test_every_style_keeps_each_services_rules(
    tmp_path: Path, portrait: Path, style: str, pod: str
) -> None:
    design = CoverDesign(style=style, image=portrait if style == "photo" else None)
    text = CoverText(blurb_html=BLURB, bio_html="<p>The Saker writes on Russia.</p>", design=design)
    target = tmp_path / "cover.pdf"
    g = write_print_cover(POWER, PrintSettings(trim="6x9in", pod=pod), 240, target, text)
    glyphs = glyph_boxes(target)
    zones = sheet_zones(g, spine_text=True)
    assert [char for char, box in glyphs if not inside(zones, *box)] == []
    assert "Saker writes" in PdfReader(str(target)).pages[0].extract_text().replace("\xa0", " ")
    assert unembedded_fonts(target) == []
    if pod == "ingramspark":  # PDF/X-1a: CMYK only, images included
        assert colour_operators(target) <= {"cs", "scn", "CS", "SCN"}
        assert image_colour_spaces(target) <= {"/DeviceCMYK", "/DeviceGray"}
    if style == "photo":
        assert image_colour_spaces(target)
        # The picture (a gradient, dark at its head) fills the upper front, bleed included.
        band = Rect(g.front.left, 0.4 * g.height, g.width, 0.5 * g.height)
        assert render_box(target, band, 30).convert("L").getextrema()[0] > 80


def test_the_classic_front_has_no_empty_middle(tmp_path: Path) -> None:
    """The title stands in the middle third of the front, not at its head (issue 17)."""
    target = tmp_path / "cover.pdf"
    g = write_print_cover(SAKER, kdp(), 240, target, CoverText(blurb_html=BLURB))
    title = [box for char, box in glyph_boxes(target) if char == "V" and box[0] > g.front.left]
    middle = (title[0][1] + title[0][3]) / 2
    assert g.height / 3 < middle < 2 * g.height / 3


def test_every_style_has_its_type_sizes() -> None:
    from compiler.config.schema import COVER_STYLES
    from compiler.covers.front import FRONT_TYPE

    assert set(FRONT_TYPE) == set(COVER_STYLES)
    css = (Path(__file__).parents[1] / "styles" / "cover.css").read_text(encoding="utf-8")
    assert all(f".style-{style}" in css for style in COVER_STYLES)


def test_cover_style_and_bio_from_volume_yaml(make_volume, portrait: Path) -> None:
    from compiler.config import load_volume
    from compiler.covers.compose import cover_text
    from compiler.errors import Diagnostics

    essay = {"a.md": "Ambition must be made to counteract ambition.\n"}
    head = "title: Checks and Balances\nblurb: Ambition.\ncontents: [a.md]\n"
    (Path(make_volume(head, essay)).parent / "hall.jpg").write_bytes(portrait.read_bytes())

    old_form = load_volume(make_volume(head + "cover: hall.jpg\n", essay))
    assert old_form.cover is not None and old_form.cover_style == "classic"

    styled = load_volume(
        make_volume(
            head + "cover:\n  style: photo\n  image: hall.jpg\n  bio: Madison wrote No. 51.\n",
            essay,
        )
    )
    text = cover_text(styled, Diagnostics())
    assert text.design.style == "photo" and text.design.image == styled.root / "hall.jpg"
    assert "Madison wrote" in text.bio_html

    with pytest.raises(BookError, match=r"'cover.style' is photo but there is no 'cover.image'"):
        load_volume(make_volume(head + "cover: {style: photo}\n", essay))
    with pytest.raises(BookError, match="must be one of classic, typographic, photo"):
        load_volume(make_volume(head + "cover: {style: modern}\n", essay))


# -- Pictures sent to a CMYK press -------------------------------------------------------------


def _served_pictures(monkeypatch, pod: str, photo: Path, tmp_path: Path) -> list[tuple]:
    """(name, media type, format, mode) of each book picture the cover's renderer fetched."""
    from compiler.interior.sandbox import BOOK_BASE_URL, SandboxedFetcher

    served = []
    fetch = SandboxedFetcher.fetch

    def recording(self, url, headers=None):
        response = fetch(self, url, headers)
        if url.startswith(BOOK_BASE_URL):
            name = url[len(BOOK_BASE_URL) :]
            with Image.open(self.assets[name]) as image:
                served.append((name, response.headers["Content-Type"], image.format, image.mode))
        return response

    monkeypatch.setattr(SandboxedFetcher, "fetch", recording)
    text = CoverText(blurb_html=BLURB, author_photo=photo)
    write_print_cover(SAKER, PrintSettings(trim="6x9in", pod=pod), 240, tmp_path / "c.pdf", text)
    return served


@pytest.fixture
def png_photo(tmp_path: Path) -> Path:
    """A portrait as PNG with transparency, as exported from a photo editor."""
    path = tmp_path / "portrait.png"
    Image.linear_gradient("L").resize((400, 500)).convert("RGBA").save(path)
    return path


def test_a_png_photo_goes_to_a_cmyk_press_as_a_jpeg_named_as_one(
    monkeypatch, png_photo: Path, tmp_path: Path
) -> None:
    served = _served_pictures(monkeypatch, "ingramspark", png_photo, tmp_path)
    assert set(served) == {("author-photo.jpg", "image/jpeg", "JPEG", "CMYK")}
    assert image_colour_spaces(tmp_path / "c.pdf") <= {"/DeviceCMYK", "/DeviceGray"}


def test_a_png_photo_goes_to_an_rgb_press_as_it_is(
    monkeypatch, png_photo: Path, tmp_path: Path
) -> None:
    served = _served_pictures(monkeypatch, "kdp", png_photo, tmp_path)
    assert set(served) == {("author-photo.png", "image/png", "PNG", "RGBA")}
