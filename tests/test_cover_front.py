"""The front composed as a whole: the title sized for its length, the panel without bare bands.

A title of three words and one of eight cannot share one size: the short one left a third of
the classic front bare, the long one broke into a stub ("The Federalist / Papers, / Numbers 1
to 45"). The sizes are checked without a renderer; the composition is read back from drawn
covers (pypdfium2: glyph boxes, rules and pictures), short, medium and long titles in every
style, on the print cover and the ebook cover.

Titles and authors are real: the example books' (books/*/volume.yaml), Edward MacDowell's
*Critical and Historical Essays* (1912), the 45-essay volume of bench/volumes.py, and a
volume with a title and author alone (no series, subtitle, picture or publisher).
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from compiler.book.display_lines import lone_words
from compiler.book.display_measure import measuring_font
from compiler.book.model import BookMeta, SeriesInfo
from compiler.config import PrintSettings
from compiler.covers.draw import CoverDesign, CoverText, ebook_cover_jpeg, write_print_cover
from compiler.covers.front import (
    COVER_EM_PT,
    FLOOR_EM,
    FRONT_TYPE,
    balanced_front_lines,
    front_type,
    measure_pt,
    title_em,
    title_lines,
)
from test_cover import glyph_boxes

PT = 72.0
STYLES = ("classic", "typographic", "photo")
MOST_BARE = {
    "short": 0.21,
    "one-line": 0.21,
    "medium": 0.25,
    "long": 0.25,
    "bench": 0.25,
    "title-only": 0.25,
}
"""No band of the front panel's height bare of type, rule or picture is taller than this share
of it: a fifth on a front with a series line and a subtitle, a quarter on one with a title and
author alone, whose four marks (an ornament or the series at the head, the title, the authors
on the lower third, the imprint or the ornament at the foot) share the height as by thirds.
With the authors anchored at the foot and nothing at the head, the fronts of the title-only
volume left 37 % (classic) and 36 % (typographic) bare in one band, the medium title 37 % and
the long one 34 % once their lines left no word alone."""

SERIES = SeriesInfo("Essays from the Public Record", 1)
FOUR = ("James Madison", "Alexander Hamilton", "Edward MacDowell", "The Saker")
SHORT = BookMeta(
    title="Power and Music",
    subtitle="Essays from The Federalist, Edward MacDowell and The Saker",
    authors=FOUR,
    language="en",
    series=SERIES,
)
ONE_LINE = BookMeta(
    title="The Executive",
    subtitle="Three papers from The Federalist",
    authors=("Alexander Hamilton",),
    language="en",
    series=SeriesInfo("Essays from the Public Record", 2),
)
MEDIUM = BookMeta(
    title="Critical and Historical Essays",
    subtitle="Lectures delivered at Columbia University",
    authors=("Edward MacDowell",),
    language="en",
)
LONG = BookMeta(title="The Federalist Papers, Numbers 1 to 45", authors=FOUR, language="en")
BENCH = BookMeta(title="Collected Essays in 45 Pieces", authors=FOUR, language="en")
TITLE_ONLY = BookMeta(title="The Executive", authors=("Alexander Hamilton",), language="en")
TITLES = {
    "short": SHORT,
    "one-line": ONE_LINE,
    "medium": MEDIUM,
    "long": LONG,
    "bench": BENCH,
    "title-only": TITLE_ONLY,
}

# The front's safe area on a 6 x 9 in KDP cover, and on the 5 x 8 in ebook page.
PRINT_FRONT = (6.0 - 0.25, 9.0 - 0.25)


def _lines(meta: BookMeta, style: str) -> tuple[list[str], float, float]:
    em = title_em(meta, style, PRINT_FRONT, 6.0)
    size = em * COVER_EM_PT
    room = measure_pt(style, PRINT_FRONT[0], 6.0)
    return title_lines(meta.title, size, room, meta.language, meta.authors), size, room


@pytest.mark.parametrize("style", STYLES)
def test_a_shorter_title_is_set_no_smaller(style: str) -> None:
    sizes = [title_em(TITLES[key], style, PRINT_FRONT, 6.0) for key in ("short", "long")]
    spec = FRONT_TYPE[style]
    assert FLOOR_EM <= sizes[1] <= sizes[0] <= spec.title_em
    assert sizes[0] > sizes[1]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("key", TITLES)
def test_every_title_line_fits_its_measure(style: str, key: str) -> None:
    lines, size, room = _lines(TITLES[key], style)
    assert len(lines) <= FRONT_TYPE[style].title_lines
    assert max(measuring_font(round(size, 2)).getlength(line) for line in lines) <= room


def test_a_long_title_in_the_photo_band_breaks_into_two_even_lines_not_a_stub() -> None:
    lines, _, _ = _lines(LONG, "photo")
    assert [line.replace("\xa0", " ") for line in lines] == [
        "The Federalist Papers,",
        "Numbers 1 to 45",
    ]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("key", ["short", "one-line", "long"])
def test_no_title_line_is_a_stub(style: str, key: str) -> None:
    """Titles that have an even cut get one. ("Critical and Historical Essays" has none: a
    break never follows "and", so every cut leaves "Critical" or "Essays" alone.)"""
    lines, size, _ = _lines(TITLES[key], style)
    widths = [measuring_font(round(size, 2)).getlength(line) for line in lines]
    assert min(widths) >= FRONT_TYPE[style].title_even * max(widths)


@pytest.mark.parametrize("meta", [SHORT, ONE_LINE], ids=["short", "one-line"])
def test_a_short_title_is_set_larger_than_the_old_fixed_size(meta: BookMeta) -> None:
    """The classic front set every title at 3.6 em; "Power and Music" and "The Executive" now
    take the whole measure on one line ("Power / and Music" would leave a word alone)."""
    lines, size, room = _lines(meta, "classic")
    assert size > 4.4 * COVER_EM_PT
    assert len(lines) == 1
    assert measuring_font(round(size, 2)).getlength(lines[0]) > 0.85 * room


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("key", TITLES)
def test_no_title_subtitle_or_author_line_leaves_a_word_alone(style: str, key: str) -> None:
    """The lines the front is set in. The classic front set "The Federalist / Papers, /
    Numbers 1 to 45" and "Collected / Essays / in 45 Pieces": even enough by width, the
    balancing never counted words. "Critical and Historical Essays" has no cut that leaves
    none ("and" binds to what follows), so it is set on one line, smaller."""
    meta = TITLES[key]
    safe = PRINT_FRONT
    spec = front_type(meta, style, safe, 6.0)
    lines = balanced_front_lines(meta, spec, measure_pt(style, safe[0], 6.0), 6.0)
    assert set(lines) == {"title", "author"} | ({"subtitle"} if meta.subtitle else set())
    for key_lines in lines.values():
        assert lone_words(key_lines) == 0, key_lines
    if meta is LONG:
        assert [line.replace("\xa0", " ") for line in lines["title"]] == [
            "The Federalist Papers,",
            "Numbers 1 to 45",
        ]


def test_the_chosen_size_reaches_the_stylesheet() -> None:
    spec = front_type(SHORT, "typographic", PRINT_FRONT, 6.0)
    assert spec.title_em == title_em(SHORT, "typographic", PRINT_FRONT, 6.0)
    style = FRONT_TYPE["typographic"]
    assert style.subtitle_em <= spec.subtitle_em <= style.subtitle_max_em
    assert spec.subtitle_em <= 0.5 * spec.title_em  # never competing with the title


# -- Read back from drawn covers -----------------------------------------------------------------


def ink_boxes(pdf: Path, panel: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """(top, bottom) in sheet inches of everything drawn on ``panel`` (left, top, right,
    bottom): glyphs, pictures and rules. Panels and frames (paths as tall as half the panel)
    are ground, not ink."""
    left, top, right, bottom = panel
    spans = [
        (box[1], box[3]) for _, box in glyph_boxes(pdf) if left <= (box[0] + box[2]) / 2 <= right
    ]
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    x_origin, _, _, y_origin = page.get_mediabox()
    kinds = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE)
    for item in page.get_objects(filter=kinds, max_depth=5):
        x0, y0, x1, y1 = item.get_bounds()
        box = (
            (x0 - x_origin) / PT,
            (y_origin - y1) / PT,
            (x1 - x_origin) / PT,
            (y_origin - y0) / PT,
        )
        if not left <= (box[0] + box[2]) / 2 <= right:
            continue
        is_ground = item.type == pdfium_c.FPDF_PAGEOBJ_PATH and (
            box[3] - box[1] > 0.5 * (bottom - top)
        )
        if not is_ground:
            spans.append((max(box[1], top), min(box[3], bottom)))
    page.close()
    document.close()
    return spans


def largest_bare_band(spans: list[tuple[float, float]], top: float, bottom: float) -> float:
    """The tallest stretch of ``top``..``bottom`` that no span covers, as a share of it."""
    bare, reached = 0.0, top
    for start, end in sorted(spans):
        bare = max(bare, start - reached)
        reached = max(reached, end)
    bare = max(bare, bottom - reached)
    return bare / (bottom - top)


@pytest.fixture(scope="module")
def picture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("picture") / "picture.jpg"
    Image.linear_gradient("L").resize((400, 500)).convert("RGB").save(path, quality=85)
    return path


@pytest.fixture(scope="module")
def fronts(tmp_path_factory: pytest.TempPathFactory, picture: Path):
    """Every title in every style: the print cover's front and the ebook cover's page."""
    folder = tmp_path_factory.mktemp("fronts")
    drawn = {}
    for style in STYLES:
        design = CoverDesign(style=style, image=picture if style == "photo" else None)
        for key, meta in TITLES.items():
            target = folder / f"{key}-{style}.pdf"
            g = write_print_cover(meta, PrintSettings(), 240, target, CoverText(design=design))
            drawn[style, key] = (target, g, ebook_cover_jpeg(meta, design))
    return drawn


def bare_share_of_rows(jpeg: bytes, style: str) -> float:
    """The tallest run of ebook-cover rows holding nothing but the ground, inside the safe
    area less the classic frame, as a share of the page's height."""
    from test_cover_back import GROUNDS, blank_rows

    image = Image.open(io.BytesIO(jpeg))
    inset = round(image.width * (0.125 + 0.15) / 5.0)
    crop = image.crop((inset, inset, image.width - inset, image.height - inset))
    rows = blank_rows(crop.resize((crop.width // 8, crop.height // 8)), GROUNDS[style])
    best = run = 0
    for blank in rows:
        run = run + 1 if blank else 0
        best = max(best, run)
    return best * 8 / image.height


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("key", TITLES)
def test_no_front_leaves_a_bare_band(fronts, style: str, key: str) -> None:
    pdf, g, jpeg = fronts[style, key]
    front = (g.front.left, g.front.top, g.front.right, g.front.bottom)
    spans = ink_boxes(pdf, front)
    assert largest_bare_band(spans, g.front.top, g.front.bottom) < MOST_BARE[key]
    assert bare_share_of_rows(jpeg, style) < MOST_BARE[key]
    # The front is closed at its foot: its lowest mark (the authors on the photo band, the
    # ornament or imprint under them in the other styles) within an inch of the safe foot.
    assert max(bottom for _, bottom in spans) > g.front.bottom - g.safe_margin - 1.0
    if style == "photo":
        # Under the picture the type is spread over the band, not stacked at its foot.
        picture = 0.6 * g.height
        below = [(max(top, picture), bottom) for top, bottom in spans if bottom > picture]
        assert largest_bare_band(below, picture, g.front.bottom) < 0.3


@pytest.mark.parametrize("pod", ["kdp", "ingramspark", "lulu"])
def test_the_photo_fronts_type_stays_off_the_picture(
    tmp_path: Path, picture: Path, pod: str
) -> None:
    """The fullest front (series, two-line subtitle, four authors) inside the wider safe margin
    of IngramSpark and Lulu: the title is sized for the band under the picture, so no type is
    set over the picture (the glyph check, which knows only the safe area, would not see it)."""
    target = tmp_path / "cover.pdf"
    design = CoverDesign(style="photo", image=picture)
    g = write_print_cover(SHORT, PrintSettings(pod=pod), 240, target, CoverText(design=design))
    picture_bottom = 0.6 * g.height  # cover.css: .front-photo { height: 60% } of the panel
    tops = [box[1] for _, box in glyph_boxes(target) if box[0] > g.front.left]
    assert min(tops) > picture_bottom + 0.1


def front_text_lines(pdf: Path, g) -> list[str]:
    """The lines of text drawn on the front, as a reader reads them off the PDF."""
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    x_origin, y_origin = page.get_mediabox()[:2]
    text = page.get_textpage().get_text_bounded(
        left=x_origin + g.front.left * PT,
        bottom=y_origin,
        right=x_origin + g.front.right * PT,
        top=y_origin + page.get_height(),
    )
    document.close()
    return [line.strip() for line in text.replace("\xa0", " ").splitlines() if line.strip()]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("key", TITLES)
def test_no_line_drawn_on_a_front_is_a_word_alone(fronts, style: str, key: str) -> None:
    """Read back from the drawn cover: the lines WeasyPrint set, not only those measured."""
    pdf, g, _ = fronts[style, key]
    lines = front_text_lines(pdf, g)
    title = TITLES[key].title
    assert " ".join(lines).count(title.split()[-1]) >= 1, lines
    assert [line for line in lines if len(line.split()) == 1] == [], lines
