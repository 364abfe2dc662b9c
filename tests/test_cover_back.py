"""The back cover composed as a whole, and the front without an empty middle, in every style.

Geometry is read back from the drawn PDFs (pypdfium2 glyph and image boxes, pypdf text runs
with their matrices), never from the writer's own accounts: where the blurb stands in the panel
and how tall it is, that nothing leaves the safe area, and that no type is under its limit.

The copy is the example books' own: the blurbs of books/the-executive and books/power-and-music
(volume.yaml) and, as a long blurb, the opening paragraphs of books/power-and-music's
introduction (matter/introduction.md); sources and licences in books/*/SOURCES.md.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from pypdf import PdfReader
from ruamel.yaml import YAML

from compiler.book.model import BookMeta, SeriesInfo
from compiler.config import PrintSettings
from compiler.covers import back
from compiler.covers.draw import (
    CoverDesign,
    CoverText,
    display_copy,
    ebook_cover_jpeg,
    write_print_cover,
)
from compiler.errors import BookError
from test_cover import BLEED, glyph_boxes, inside, placed_runs, sheet_zones

PT = 72.0
STYLES = ("classic", "typographic", "photo")
BOOKS = Path(__file__).parents[1] / "books"


def _blurb(book: str) -> str:
    text = YAML(typ="safe").load((BOOKS / book / "volume.yaml").read_text(encoding="utf-8"))[
        "blurb"
    ]
    return _html(text)


def _html(markdown: str) -> str:
    paragraphs = [p.strip() for p in markdown.split("\n\n") if p.strip()]
    return "".join(
        "<p>" + re.sub(r"\*([^*]+)\*", r"<i>\1</i>", p.replace("\n", " ")) + "</p>"
        for p in paragraphs
    )


def _introduction(paragraphs: int) -> str:
    text = (BOOKS / "power-and-music" / "matter" / "introduction.md").read_text(encoding="utf-8")
    body = [p for p in text.split("\n\n") if p.strip() and not p.startswith("#")]
    return _html("\n\n".join(body[:paragraphs]))


EXECUTIVE = BookMeta(
    title="The Executive",
    subtitle="Three papers from The Federalist",
    authors=("Alexander Hamilton",),
    language="en",
    publisher="Example Press",
    isbn_print="978-1-23456-790-3",
    series=SeriesInfo("Essays from the Public Record", 2),
)
POWER = BookMeta(
    title="Power and Music",
    subtitle="Essays from The Federalist, Edward MacDowell and The Saker",
    authors=("James Madison", "Alexander Hamilton", "Edward MacDowell", "The Saker"),
    language="en",
    series=SeriesInfo("Essays from the Public Record", 1),
)
SHORT = _blurb("the-executive")  # 41 words
MIDDLE = _blurb("power-and-music")  # 64 words
LONG = _introduction(3)  # about 230 words
BIO = (
    "<p>Alexander Hamilton (1755–1804) wrote fifty-one of the eighty-five papers of "
    "<i>The Federalist</i> under the name Publius, and was the first Secretary of the Treasury "
    "of the United States.</p>"
)


def _design(style: str, picture: Path) -> CoverDesign:
    return CoverDesign(style=style, image=picture if style == "photo" else None)


def run_sizes(pdf: Path) -> list[tuple[str, float, float, float]]:
    """(text, x, y, size in points) of every text run on the page, x and y in sheet inches."""
    return [(text, x, y, size) for text, (x, y), _, size in placed_runs(pdf)]


def picture_boxes(pdf: Path) -> list[tuple[float, float, float, float]]:
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    left, _, _, top = page.get_mediabox()
    boxes = []
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        x0, y0, x1, y1 = image.get_bounds()
        boxes.append(((x0 - left) / PT, (top - y1) / PT, (x1 - left) / PT, (top - y0) / PT))
    document.close()
    return boxes


def back_copy_glyphs(pdf: Path, g) -> list[tuple[float, float, float, float]]:
    """Ink boxes of the characters on the back above the foot band (blurb, bio)."""
    return [
        box
        for _, box in glyph_boxes(pdf)
        if box[2] <= BLEED + g.trim_width and box[3] <= g.barcode_box.top
    ]


def blurb_size(pdf: Path, g) -> float:
    """The largest type on the back above its foot band: the blurb's."""
    return max(
        size
        for _, x, y, size in run_sizes(pdf)
        if x < BLEED + g.trim_width and y < g.barcode_box.top
    )


def draw(tmp_path: Path, meta: BookMeta, text: CoverText, warnings: list[str] | None = None):
    target = tmp_path / "cover.pdf"
    warn = warnings.append if warnings is not None else None
    return target, write_print_cover(meta, PrintSettings(trim="6x9in"), 200, target, text, warn)


# -- The blurb's size for its length (no rendering) ------------------------------------------


def test_a_shorter_blurb_is_set_larger_and_never_under_the_minimum() -> None:
    counts = (back.words(SHORT), back.words(MIDDLE), back.words(LONG), 600)
    sizes = [back.blurb_size_pt(count, 6.0) for count in counts]
    assert 30 < counts[0] < counts[1] < 100 < 200 < counts[2] < 300
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 4
    assert sizes[0] >= 16 and sizes[-1] >= back.BLURB_MIN_PT
    # Scaled with the trim, but a small trim never takes it under the minimum.
    assert back.blurb_size_pt(41, 5.0) < sizes[0]
    assert back.blurb_size_pt(600, 4.0) == back.BLURB_MIN_PT
    assert back.sizes_down(10.0) == [10.0, 9.75, 9.5, 9.25, 9.0]


def test_a_paragraph_of_display_copy_never_ends_on_one_word() -> None:
    assert display_copy("<p>the governor of New York.</p>") == (
        "<p>the governor of New\u00a0York.</p>"
    )
    # The space bound is the reader's, never one inside a tag.
    assert display_copy('<p>See <a href="a b">the notes</a></p><p>Alone</p>') == (
        '<p>See <a href="a b">the\u00a0notes</a></p><p>Alone</p>'
    )


# -- The back in every style ------------------------------------------------------------------


@pytest.fixture(scope="module")
def backs(tmp_path_factory: pytest.TempPathFactory, portrait: Path):
    """Every style with the short and the long blurb, photo and bio, publisher and ISBN."""
    drawn = {}
    for style in STYLES:
        for name, blurb in (("short", SHORT), ("long", LONG)):
            folder = tmp_path_factory.mktemp(f"{style}-{name}")
            text = CoverText(
                blurb_html=blurb,
                bio_html=BIO,
                author_photo=portrait,
                price="14.99",
                design=_design(style, portrait),
            )
            warnings: list[str] = []
            pdf, g = draw(folder, EXECUTIVE, text, warnings)
            drawn[style, name] = (pdf, g, warnings)
    return drawn


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("blurb", ["short", "long"])
def test_nothing_leaves_the_safe_area(backs, style: str, blurb: str) -> None:
    pdf, g, warnings = backs[style, blurb]
    assert warnings == []
    glyphs = glyph_boxes(pdf)
    zones = sheet_zones(g, spine_text=True)
    assert [char for char, box in glyphs if not inside(zones, *box)] == []
    # The author photo stands in the back's copy, clear of the barcode band.
    on_back = [b for b in picture_boxes(pdf) if b[2] <= BLEED + g.trim_width]
    assert len(on_back) == 1
    left, top, right, bottom = on_back[0]
    assert inside(zones, left, top, right, bottom)
    assert bottom <= g.barcode_box.top - 0.2


@pytest.mark.parametrize("style", STYLES)
def test_the_blurb_stands_where_the_style_puts_it(backs, style: str) -> None:
    """Classic and photo: the blurb's middle near the panel's optical centre (a little above
    the geometric one); typographic: it starts in the upper third. Never stuck to the top."""
    pdf, g, _ = backs[style, "short"]
    runs = [r for r in run_sizes(pdf) if r[1] < BLEED + g.trim_width]
    blurb_pt = blurb_size(pdf, g)
    blurb_lines = [y for _, x, y, size in runs if abs(size - blurb_pt) < 0.1]
    top, bottom = min(blurb_lines) - blurb_pt / PT, max(blurb_lines)
    panel_top, height = BLEED, g.trim_height
    if style == "typographic":
        assert panel_top + 0.15 * height < top < panel_top + height / 3
    else:
        middle = (top + bottom) / 2
        assert panel_top + 0.3 * height < middle < panel_top + 0.5 * height
    # A short blurb is display copy: large, a block well under half the panel's height.
    assert blurb_pt >= 15
    assert bottom - top < 0.4 * height


@pytest.mark.parametrize("style", STYLES)
def test_type_on_the_back_is_never_under_its_limits(backs, style: str) -> None:
    for blurb in ("short", "long"):
        pdf, g, _ = backs[style, blurb]
        sizes = [size for _, x, y, size in run_sizes(pdf) if x < BLEED + g.trim_width]
        assert min(sizes) >= back.BIO_MIN_PT - 0.01, sizes
    short = blurb_size(*backs[style, "short"][:2])
    long = blurb_size(*backs[style, "long"][:2])
    assert long < short and long >= back.BLURB_MIN_PT


@pytest.mark.parametrize("style", STYLES)
def test_the_author_block_and_the_imprint(backs, style: str) -> None:
    pdf, g, _ = backs[style, "long"]
    text = " ".join(t for t, *_ in run_sizes(pdf)).replace("\xa0", " ")
    assert "Secretary of the Treasury" in text and "Example Press".upper() in text.upper()
    photo = next(b for b in picture_boxes(pdf) if b[2] <= BLEED + g.trim_width)
    blurb_bottom = max(
        y
        for t, x, y, size in run_sizes(pdf)
        if x < BLEED + g.trim_width and "ratification" in t.replace("\xa0", " ")
    )
    assert photo[1] > blurb_bottom  # the author's block under the blurb
    imprint = next(
        (x, y) for t, x, y, _ in run_sizes(pdf) if t.strip().lower().startswith("example")
    )
    assert g.barcode_box.top < imprint[1] <= g.barcode_box.bottom + 0.01
    assert imprint[0] < g.barcode_box.left


# -- Long blurbs: shrunk within limits, then a warning, then an error -------------------------


# About 400 words: more than the back holds at the 10.5 pt its length starts at.
LONGER = _introduction(5) + _introduction(1)


def test_a_blurb_too_long_for_its_size_is_set_smaller_and_fits(tmp_path: Path) -> None:
    wanted = back.blurb_size_pt(back.words(LONGER), 6.0)
    warnings: list[str] = []
    pdf, g = draw(tmp_path, EXECUTIVE, CoverText(blurb_html=LONGER), warnings)
    size = blurb_size(pdf, g)
    assert back.BLURB_EASY_PT - 0.01 <= size < wanted - 0.1
    assert all(inside(sheet_zones(g, True), *box) for _, box in glyph_boxes(pdf))
    assert warnings == []  # still a size a reader holds comfortably


def test_small_print_is_a_warning_that_says_how_much_to_cut(tmp_path: Path) -> None:
    warnings: list[str] = []
    pdf, g = draw(tmp_path, EXECUTIVE, CoverText(blurb_html=LONG * 2), warnings)
    size = blurb_size(pdf, g)
    assert back.BLURB_MIN_PT - 0.01 <= size < back.BLURB_EASY_PT
    (warning,) = warnings
    found = re.search(r"the blurb \((\d+) words\) is set at ([\d.]+) pt", warning)
    assert found and float(found[2]) == pytest.approx(size, abs=0.01)
    cut = re.search(r"cut it to about (\d+) words", warning)
    assert cut and int(cut[1]) < int(found[1])
    assert all(inside(sheet_zones(g, True), *box) for _, box in glyph_boxes(pdf))


def test_the_author_block_gives_way_to_a_long_blurb_with_a_warning(
    tmp_path: Path, portrait: Path
) -> None:
    text = CoverText(blurb_html=LONGER, bio_html=BIO, author_photo=portrait)
    warnings: list[str] = []
    pdf, g = draw(tmp_path, EXECUTIVE, text, warnings)
    (warning,) = warnings
    assert "photo and bio" in warning and "left off the cover" in warning
    assert [b for b in picture_boxes(pdf) if b[2] <= BLEED + g.trim_width] == []
    assert "Secretary" not in PdfReader(str(pdf)).pages[0].extract_text()


def test_a_blurb_too_long_at_the_smallest_size_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(
        BookError, match=r"blurb is too long.*9 pt.*shorten it by [\d.]+ in"
    ) as error:
        draw(tmp_path, EXECUTIVE, CoverText(blurb_html=LONG * 3))
    assert "publisher" not in str(error.value)  # one problem, named once
    assert not (tmp_path / "cover.pdf").exists()


# -- Without a blurb ---------------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_without_a_blurb_the_title_stands_in_its_place(
    tmp_path: Path, portrait: Path, style: str
) -> None:
    pdf, g = draw(tmp_path, POWER, CoverText(design=_design(style, portrait)))
    on_back = [
        (t.replace("\xa0", " "), y)
        for t, x, y, _ in run_sizes(pdf)
        if BLEED < x < BLEED + g.trim_width
    ]
    assert "Power and Music" in " ".join(t for t, _ in on_back)
    middle = sum(y for _, y in on_back) / len(on_back)
    assert BLEED + 0.2 * g.trim_height < middle < BLEED + 0.5 * g.trim_height


# -- The front: no empty middle, print and ebook -----------------------------------------------


def blank_rows(image: Image.Image, ground: tuple[int, int, int]) -> list[bool]:
    """For each row of ``image``: whether it holds nothing but the ground colour."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    rows = []
    for y in range(height):
        extrema = rgb.crop((0, y, width, y + 1)).getextrema()
        rows.append(
            all(
                abs(lo - g) < 30 and abs(hi - g) < 30
                for (lo, hi), g in zip(extrema, ground, strict=True)
            )
        )
    return rows


def check_no_empty_middle(image: Image.Image, ground: tuple[int, int, int]) -> None:
    """No band of bare ground taller than 40 % of the panel, and ink in its middle third."""
    rows = blank_rows(image, ground)
    best = run = 0
    for blank in rows:
        run = run + 1 if blank else 0
        best = max(best, run)
    third = len(rows) // 3
    assert best / len(rows) < 0.4
    assert not all(rows[third : 2 * third])


GROUNDS = {"classic": (0x1F, 0x2E, 0x3D), "typographic": (0xF2, 0xEC, 0xE0), "photo": (0x1C,) * 3}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("meta", [EXECUTIVE, POWER], ids=["the-executive", "power-and-music"])
def test_no_front_has_a_large_empty_middle(
    tmp_path: Path, portrait: Path, style: str, meta: BookMeta
) -> None:
    """Inside the front's safe area (the classic frame left out), no band of bare ground is
    taller than 40 % of the panel and its middle third holds type, on the print cover and on
    the ebook cover. Before the typographic front was rebalanced, The Executive left more than
    half of it bare, the whole middle third included."""
    pdf, g = draw(tmp_path, meta, CoverText(blurb_html=SHORT, design=_design(style, portrait)))
    document = pdfium.PdfDocument(str(pdf))
    dpi = 30
    image = document[0].render(scale=dpi / PT).to_pil()
    document.close()
    inset = g.safe_margin + 0.15
    box = (g.front.left + inset, g.front.top + inset, g.front.right - inset, g.front.bottom - inset)
    check_no_empty_middle(image.crop(tuple(round(v * dpi) for v in box)), GROUNDS[style])
    ebook = Image.open(io.BytesIO(ebook_cover_jpeg(meta, _design(style, portrait))))
    margin = round(ebook.width * inset / 5.0)
    crop = ebook.crop((margin, margin, ebook.width - margin, ebook.height - margin))
    check_no_empty_middle(crop.resize((crop.width // 8, crop.height // 8)), GROUNDS[style])


# -- Review quotes -------------------------------------------------------------------------------

# Thomas Jefferson to James Madison, 18 November 1788, on The Federalist (public domain; the
# same quote is on the back of books/the-executive).
JEFFERSON = (
    "<p>“…the best commentary on the principles of government which ever was written.”</p>",
    "<p>Thomas Jefferson on <i>The Federalist</i>, 1788</p>",
)


@pytest.mark.parametrize("style", STYLES)
def test_review_quotes_stand_over_the_blurb(tmp_path: Path, portrait: Path, style: str) -> None:
    text = CoverText(
        blurb_html=SHORT, quotes=(JEFFERSON,), bio_html=BIO, design=_design(style, portrait)
    )
    warnings: list[str] = []
    pdf, g = draw(tmp_path, EXECUTIVE, text, warnings)
    assert warnings == []
    assert all(inside(sheet_zones(g, True), *box) for _, box in glyph_boxes(pdf))
    runs = [
        (t.replace("\xa0", " "), y, size)
        for t, x, y, size in run_sizes(pdf)
        if x < BLEED + g.trim_width and y < g.barcode_box.top
    ]
    quote = min(y for t, y, _ in runs if "best commentary" in t)
    source = min(y for t, y, _ in runs if "Jefferson" in t)
    blurb = min(y for t, y, _ in runs if "three papers" in t)
    assert quote < source < blurb
    blurb_pt = blurb_size(pdf, g)
    quote_pt = next(size for t, _, size in runs if "best commentary" in t)
    assert back.BIO_MIN_PT <= quote_pt < blurb_pt


def test_review_quotes_from_volume_yaml(make_volume) -> None:
    from compiler.config import load_volume
    from compiler.covers.compose import cover_text
    from compiler.errors import Diagnostics

    essay = {"a.md": "Energy in the executive is a leading character.\n"}
    head = "title: The Executive\nblurb: Three papers.\ncontents: [a.md]\n"
    volume = load_volume(
        make_volume(
            head + "cover:\n  quotes:\n    - text: The best commentary.\n"
            "      source: Thomas Jefferson on *The Federalist*, 1788\n",
            essay,
        )
    )
    ((quote, source),) = cover_text(volume, Diagnostics()).quotes
    assert "best commentary" in quote and "<em>The Federalist</em>" in source
    assert load_volume(make_volume(head, essay)).cover_quotes == ()
    with pytest.raises(BookError, match=r"missing required key 'text' in 'cover\.quotes\[1\]'"):
        load_volume(make_volume(head + "cover:\n  quotes: [{source: Jefferson}]\n", essay))
