"""The print interior, read back from the PDF with PDFium and pypdf.

Each service is built at two trims: three of the six builds are the 40-essay Federalist volume
(one of them over 300 pages), the other three a dozen essays, so the suite stays quick. The
checks here are independent of :mod:`compiler.interior.preflight`: they measure the file themselves.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from checks import unembedded_fonts
from compiler import build
from compiler.book.model import Chapter
from compiler.config import PrintSettings
from compiler.errors import Diagnostics
from compiler.interior import heads
from compiler.interior import services as pod
from compiler.interior.preflight import Finding, page_ranges, preflight
from conftest import CORPUS

FEDERALIST = sorted(
    p for p in (CORPUS / "federalist").glob("federalist-*.md") if p.stat().st_size > 200
)
LECTURE = CORPUS / "macdowell" / "lecture-01.md"  # the essay with Markdown footnotes
LONG_TITLE = (
    "A Further View of the Constitution of the Judicial Department in Relation to the "
    "Tenure of Good Behaviour of the Judges and the Independence of the Courts of Justice"
)
SRC = Path(__file__).resolve().parents[1] / "src"
PT = 72.0


def write_volume(root: Path, pod_name: str, trim: str, essays: int, bleed: bool = False) -> Path:
    """A two-part Federalist volume with the MacDowell lecture (footnotes) as the last essay."""
    (root / "articles").mkdir(parents=True)
    chosen = FEDERALIST[: essays - 1]
    for path in [*chosen, LECTURE]:
        shutil.copy(path, root / "articles" / path.name)
    names = [p.name for p in chosen]
    half = max(1, len(names) // 2)
    first = "\n".join(f"      - articles/{n}" for n in names[1:half])
    second = "\n".join(f"      - articles/{n}" for n in names[half:])
    text = f"""title: The Federalist Papers
subtitle: The Structure of the New Government
authors: [Alexander Hamilton, James Madison]
language: en
date: 2026-11-01
print: {{trim: {trim}, pod: {pod_name}, paper: cream, bleed: {str(bleed).lower()}}}
contents:
  - part: The Powers of Government
    articles:
      - file: articles/{names[0]}
        title: {LONG_TITLE}
{first}
  - part: The Executive and the Judiciary
    articles:
{second}
      - file: articles/{LECTURE.name}
        short_title: The Origin of Music
"""
    (root / "volume.yaml").write_text(text, encoding="utf-8")
    return root / "volume.yaml"


@dataclass
class Built:
    settings: PrintSettings
    result: object
    pdf: Path

    @property
    def count(self) -> int:
        return self.result.print_result.page_count


COMBOS = [
    ("kdp", "6x9in", 40),
    ("kdp", "5.5x8.5in", 12),
    ("ingramspark", "5.5x8.5in", 40),
    ("ingramspark", "6x9in", 12),
    ("lulu", "5.5x8.5in", 40),
    ("lulu", "6x9in", 12),
]


def _build(tmp: Path, pod_name: str, trim: str, essays: int, bleed: bool = False) -> Built:
    volume = write_volume(tmp, pod_name, trim, essays, bleed)
    result = build(volume, formats=["pdf"])
    return Built(PrintSettings(trim=trim, pod=pod_name, bleed=bleed), result, result.outputs["pdf"])


# -- Reading the PDF independently ---------------------------------------------------------


def glyph_boxes(pdf: pdfium.PdfDocument, index: int) -> list[tuple[str, tuple[float, ...]]]:
    textpage = pdf[index].get_textpage()
    out = []
    for k in range(textpage.count_chars()):
        char = textpage.get_text_range(k, 1)
        if char.strip():
            box = textpage.get_charbox(k)
            if box[2] > box[0]:
                out.append((char, box))
    return out


def text_runs(pdf: pdfium.PdfDocument, index: int) -> list[tuple[float, ...]]:
    """PDFium's text rectangles: runs of glyphs, boxed loosely (font ascent to descent)."""
    textpage = pdf[index].get_textpage()
    return [textpage.get_rect(k) for k in range(textpage.count_rects())]


def head_text(pdf: pdfium.PdfDocument, index: int, band: float) -> str:
    """The characters drawn above ``band`` (points from the bottom): head and folio."""
    return "".join(char for char, box in glyph_boxes(pdf, index) if box[1] > band)


def page_text(pdf: pdfium.PdfDocument, index: int) -> str:
    textpage = pdf[index].get_textpage()
    return textpage.get_text_range(0, textpage.count_chars())


def outline(reader: PdfReader) -> list[tuple[str, int, list]]:
    """(title, 1-based page, children) for the bookmark tree."""

    def walk(items) -> list[tuple[str, int, list]]:
        out: list[tuple[str, int, list]] = []
        for item in items:
            if isinstance(item, list):
                out[-1][2].extend(walk(item))
            else:
                out.append((item.title, reader.get_destination_page_number(item) + 1, []))
        return out

    return walk(reader.outline)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "").replace("\ufffe", "")).strip()


# -- Six builds: every service, two trims --------------------------------------------------


@pytest.mark.parametrize(("pod_name", "trim", "essays"), COMBOS, ids=lambda v: str(v))
def test_volume_meets_the_service_rules(tmp_path, pod_name, trim, essays):
    built = _build(tmp_path, pod_name, trim, essays)
    count = built.count
    # The build's own preflight found nothing (its findings would be warnings); the one
    # warning is the long first title's running head, cut to its opening words (tested below).
    found = [str(w) for w in built.result.warnings]
    assert [w for w in found if "too long for the running head" not in w] == [], found
    assert len(found) <= 1 and all(LONG_TITLE in w for w in found), found
    reader = PdfReader(str(built.pdf))
    pdf = pdfium.PdfDocument(str(built.pdf))
    assert len(reader.pages) == count and count % 2 == 0
    if essays == 40 and pod_name == "lulu":
        assert count > 300, "the long volume must cross into the thick-book margin brackets"

    # Page size is exactly the trim; every font is the bundled face, embedded and subset.
    width, height = pod.parse_trim(trim)
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width * PT, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(height * PT, abs=0.1)
    assert unembedded_fonts(built.pdf) == []
    fonts = {
        str(ref.get_object()["/BaseFont"])
        for page in reader.pages
        for ref in page["/Resources"].get("/Font", {}).values()
    }
    assert fonts and all(re.match(r"/[A-Z]{6}\+Gentium-Book-Plus", f) for f in fonts), fonts

    # Every run of text lies inside the service's minimum margins for this page count, and body
    # text (below the running head, above the foot) inside the margins the book was set with.
    # PDFium's run boxes are loose (full font height), so passing them is the stricter test.
    minimum = pod.margins(pod_name, count)
    geometry = built.result.print_result.geometry
    for index in range(count):
        recto = index % 2 == 0
        inside_left = recto
        left_min = minimum.gutter_in if inside_left else minimum.outside_in
        right_min = minimum.outside_in if inside_left else minimum.gutter_in
        left_set = geometry.gutter if inside_left else geometry.outside
        right_set = geometry.outside if inside_left else geometry.gutter
        for x0, y0, x1, y1 in text_runs(pdf, index):
            where = f"text at {x0 / PT:.2f},{y0 / PT:.2f} in on page {index + 1}"
            assert x0 >= left_min * PT - 0.5 and x1 <= (width - right_min) * PT + 0.5, where
            assert y0 >= minimum.bottom_in * PT - 0.5, where
            assert y1 <= (height - minimum.top_in) * PT + 0.5, where
            middle = (y0 + y1) / 2
            in_body = geometry.bottom * PT < middle < (height - geometry.top) * PT
            if in_body:
                # The text column is the page area, so justified lines are flush with the
                # margins; a glyph's loose box overhangs a flush edge by up to ~1.3 pt.
                overhang = 2
                assert x0 >= left_set * PT - overhang, where
                assert x1 <= (width - right_set) * PT + overhang, where

    # Bookmarks: Contents, then parts with their chapters nested under them.
    tree = outline(reader)
    assert [title for title, _, _ in tree][1:] == [
        "The Powers of Government",
        "The Executive and the Judiciary",
    ]
    chapters = [child for _, _, children in tree for child in children]
    assert len(chapters) == essays
    assert all(not children for _, _, children in chapters)

    # Parts and chapters open on rectos, with no running head or folio on the opening page,
    # and the verso before an opening is either text or truly empty.
    blanks = 0
    for title, page, _ in [*tree[1:], *chapters]:
        assert page % 2 == 1, f"{title} opens on page {page}"
        text = squash(page_text(pdf, page - 1))
        assert text.startswith(("Part I", squash(title)[:30])), (title, text[:80])
        assert not re.match(r"^\d+\b", text)
        before = pdf[page - 2]
        if before.get_textpage().count_chars() == 0:
            blanks += 1
            assert len(list(before.get_objects())) == 0, f"page {page - 1} is not empty"
    assert blanks > 0

    # The lecture's Markdown footnote sits at the foot of a page, below all the text, on the
    # page that calls it or (when the call falls on the last lines) the next one.
    note_pages = [i for i in range(count) if "So pocht das" in squash(page_text(pdf, i))]
    assert len(note_pages) == 1
    call_pages = [
        i for i in range(count) if "rhythm.1" in squash(page_text(pdf, i)).replace(" ", "")
    ]
    assert call_pages and note_pages[0] - call_pages[0] in (0, 1)
    glyphs_on_page = glyph_boxes(pdf, note_pages[0])
    text = "".join(char for char, _ in glyphs_on_page)
    start = text.index("Thestrengthofthe")
    note_top = max(box[3] for _, box in glyphs_on_page[start : start + 16])
    before = glyphs_on_page[: start - 2]  # less the note's own marker, "1."
    body = [box for _, box in before if box[3] < (height - geometry.top) * PT]
    assert body and min(box[1] for box in body) > note_top

    # The contents gives each chapter the folio printed on its page: the page after the
    # opening carries the folio + 1 in its head.
    band = (height - geometry.top) * PT
    toc_pages = [i for i in range(8) if squash(page_text(pdf, i)).startswith("Contents")]
    assert toc_pages
    toc = squash(" ".join(page_text(pdf, i) for i in range(toc_pages[0], toc_pages[0] + 6)))
    for title, page, _ in chapters[:3] + chapters[-3:]:
        label = re.escape(squash(title)[:25])
        match = re.search(label + r".*?(\d+)\b", toc)
        assert match, f"{title!r} missing from the contents"
        folio = int(match.group(1))
        head = head_text(pdf, page, band)
        assert re.search(rf"(^|\D){folio + 1}(\D|$)", head), (title, folio, head)


def test_running_heads_fit_on_one_line_and_follow_the_chapter(tmp_path):
    built = _build(tmp_path, "kdp", "5x8in", 4)
    pdf = pdfium.PdfDocument(str(built.pdf))
    reader = PdfReader(str(built.pdf))
    chapters = [child for _, _, children in outline(reader) for child in children]
    first_title, opening, _ = chapters[0]
    assert first_title == LONG_TITLE
    band = (8 - built.result.print_result.geometry.top) * PT

    def head(index: int) -> list[tuple[str, tuple[float, ...]]]:
        return [g for g in glyph_boxes(pdf, index) if g[1][1] > band]

    recto = opening + 2  # the next recto inside the first chapter
    text = head_text(pdf, recto - 1, band)
    # Shortened by whole words, no ellipsis, and the build says so naming the article.
    words = text.rstrip("0123456789")
    assert "…" not in text and LONG_TITLE.replace(" ", "").startswith(words), text
    assert len(words) < len(LONG_TITLE.replace(" ", ""))
    shortened = [w for w in built.result.warnings if "too long for the running head" in str(w)]
    assert [Path(w.file).name for w in shortened if LONG_TITLE in w.message] == [
        FEDERALIST[0].name
    ], shortened
    baselines = {round(box[1]) for char, box in head(recto - 1) if char.isalpha()}
    assert max(baselines) - min(baselines) <= 3, "the running head wrapped"
    assert "Federalist" in head_text(pdf, recto - 2, band)
    # The editor's short title is used as given for the lecture.
    lecture_page = chapters[-1][1]
    assert head_text(pdf, lecture_page + 1, band).startswith("TheOriginofMusic")


def test_heads_shorten_titles_by_whole_words_without_an_ellipsis():
    options = heads.candidates("The Executive Department, Further Considered")
    assert options == [
        "The Executive Department, Further Considered",
        "The Executive Department, Further",
        "The Executive Department",
        "The Executive",
    ]
    widths = {text: len(text) * 10.0 for text in options}
    assert heads.fit(options[0], widths, 260) == "The Executive Department"
    assert heads.fit(options[0], widths, 1000) == options[0]


def test_heads_shorten_a_long_title_to_its_main_title_first():
    """The part before a colon, a dash or a semicolon is the title a reader quotes: it is
    preferred to a longer run of words that fits ("No. 55", not "No. 55: The Same Subject")."""
    title = "No. 55: The Same Subject Continued in Relation to the Total Number of the Body"
    options = heads.candidates(title)
    assert options[:3] == [
        title,
        "No. 55",
        "No. 55: The Same Subject Continued in Relation to the Total Number",
    ]
    widths = {text: len(text) * 6.0 for text in options}
    assert heads.fit(title, widths, 300) == "No. 55"
    assert heads.candidates("Musical Instruments \u2014 Their History")[1] == "Musical Instruments"
    assert heads.candidates("Musical Instruments\u2014Their History")[1] == "Musical Instruments"
    assert heads.candidates("Frankenstein; or, The Modern Prometheus")[1] == "Frankenstein"
    assert heads.candidates("The Federalist, No. 10: The Same Subject")[1] == (
        "The Federalist, No. 10"
    )
    # A range is no separator (nor, being a number, an end), and a main title ending on a
    # preposition is no title.
    assert heads.candidates("Letters 1788\u20131790 and After")[1:] == ["Letters"]
    assert "Essays of" not in heads.candidates("Essays of: Power and Music")


def test_heads_are_never_shortened_after_an_article_preposition_or_number():
    """A shortened head ends as a display line does: "…in Relation to the" reads as a slip."""
    title = "A View of the Constitution of the Senate in Regard to the Power of Making Treaties"
    options = heads.candidates(title)
    assert options[1:] == [
        "A View of the Constitution of the Senate in Regard to the Power of Making",
        "A View of the Constitution of the Senate in Regard to the Power",
        "A View of the Constitution of the Senate in Regard",
        "A View of the Constitution of the Senate",
        "A View of the Constitution",
        "A View",
    ]
    assert heads.candidates("Letters from 1788 and After")[1:] == ["Letters"]
    # French articles and prepositions, by the book's language.
    assert "La Constitution de" not in heads.candidates("La Constitution de la France", "fr")
    # A title whose every beginning ends on a bound word still gets a head.
    assert heads.candidates("The Origin") == ["The Origin", "The"]
    assert not any("\u2026" in option for option in heads.candidates(LONG_TITLE))


def test_a_head_cut_to_its_opening_words_is_a_warning_naming_the_file_and_the_words(tmp_path):
    chapters = [
        Chapter("ch001", 1, "No. 55: The Same Subject Continued", "", tmp_path / "no-55.md"),
        Chapter("ch002", 2, "The Federalist No. 56", "", tmp_path / "no-56.md"),
        Chapter("ch003", 3, "A Long Title", "", tmp_path / "own.md", short_title="Own Words"),
        Chapter("ch004", 4, "The Same Subject Continued", "", tmp_path / "no-57.md"),
    ]
    fitted = {
        # Cut at its separator, as an editor would: no warning.
        "No. 55: The Same Subject Continued": "No. 55",
        "The Federalist No. 56": "The Federalist No. 56",
        "Own Words": "Own",
        "The Same Subject Continued": "The Same Subject",
    }
    diagnostics = Diagnostics()
    heads.warn_shortened(chapters, fitted, diagnostics, "en")
    assert [(str(w.file), w.message) for w in diagnostics.warnings] == [
        (
            str(tmp_path / "own.md"),
            "the title \u201cOwn Words\u201d is too long for the running head, which prints "
            '\u201cOwn\u201d; to choose the words, set short_title: "Own" in its contents entry '
            "or front matter",
        ),
        (
            str(tmp_path / "no-57.md"),
            "the title \u201cThe Same Subject Continued\u201d is too long for the running head, "
            "which prints \u201cThe Same Subject\u201d; to choose the words, set short_title: "
            '"The Same Subject" in its contents entry or front matter',
        ),
    ]


def test_bleed_extends_top_bottom_and_outside_only(tmp_path):
    built = _build(tmp_path, "kdp", "6x9in", 3, bleed=True)
    pdf = pdfium.PdfDocument(str(built.pdf))
    # Every page, blank versos included: rectos are bound on the left, versos on the right.
    for index in range(len(pdf)):
        page = pdf[index]
        media, trim = page.get_mediabox(), page.get_trimbox()
        assert media[2] - media[0] == pytest.approx(6.125 * PT, abs=0.1)
        assert media[3] - media[1] == pytest.approx(9.25 * PT, abs=0.1)
        assert trim[2] - trim[0] == pytest.approx(6 * PT, abs=0.1)
        assert trim[3] - trim[1] == pytest.approx(9 * PT, abs=0.1)
        spine_gap = media[0] - trim[0] if index % 2 == 0 else media[2] - trim[2]
        assert spine_gap == pytest.approx(0, abs=0.1), f"spine-edge bleed on page {index + 1}"
    assert preflight(built.pdf, built.settings, "en") == []
    # Read as if bleed had not been asked for, the same file is the wrong size.
    codes = {f.code for f in preflight(built.pdf, PrintSettings(trim="6x9in"), "en")}
    assert "P002" in codes


def test_metadata_and_pdf_variant(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    built = _build(tmp_path / "lulu", "lulu", "6x9in", 2)
    reader = PdfReader(str(built.pdf))
    info = reader.metadata
    assert info.title == "The Federalist Papers"
    assert info.author == "Alexander Hamilton, James Madison"
    assert str(info["/CreationDate"]).startswith("D:20260101000000")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert built.result.print_result.pdf_variant == "pdf/a-2b"
    spark = _build(tmp_path / "spark", "ingramspark", "6x9in", 2)
    assert spark.result.print_result.pdf_variant is None
    assert spark.pdf.read_bytes().startswith(b"%PDF-1.4")
    # IngramSpark prints from CMYK: body text is pure black ink, never RGB.
    content = PdfReader(str(spark.pdf)).pages[2].get_contents().get_data()
    assert b"/DeviceCMYK cs" in content and b"0 0 0 1 scn" in content
    assert b" rg" not in content and b"DeviceRGB" not in content


def test_missing_glyphs_and_low_resolution_images_are_warned(tmp_path):
    from PIL import Image

    Image.new("RGB", (400, 300), "white").save(tmp_path / "map.png")
    (tmp_path / "essay.md").write_text(
        "---\ntitle: Letters from Tbilisi\n---\n\nThe street sign read ქუჩა, nothing more.\n\n"
        "![A map of the old town](map.png)\n\nAnd the map was small.\n",
        encoding="utf-8",
    )
    (tmp_path / "volume.yaml").write_text(
        "title: Travels\nlanguage: en\nprint: {trim: 6x9in, pod: kdp}\ncontents:\n  - essay.md\n",
        encoding="utf-8",
    )
    result = build(tmp_path / "volume.yaml", formats=["pdf"])
    messages = [str(w) for w in result.warnings]
    glyph = [m for m in messages if "no glyph" in m]
    assert glyph and "U+10E5" in glyph[0] and "essay.md" in glyph[0]
    assert "Letters from Tbilisi" in glyph[0]
    image = [m for m in messages if "dpi" in m]
    assert image and "essay.md" in image[0] and "300 dpi" in image[0]


def test_images_are_scaled_to_the_text_block(tmp_path):
    from PIL import Image

    Image.new("RGB", (4000, 6000), "gray").save(tmp_path / "plate.png")
    (tmp_path / "essay.md").write_text(
        "---\ntitle: A Plate\n---\n\nBefore the plate.\n\n![Plate](plate.png)\n\nAfter.\n",
        encoding="utf-8",
    )
    (tmp_path / "volume.yaml").write_text(
        "title: Plates\nlanguage: en\nprint: {trim: 5x8in, pod: kdp}\ncontents:\n  - essay.md\n",
        encoding="utf-8",
    )
    result = build(tmp_path / "volume.yaml", formats=["pdf"])
    geometry = result.print_result.geometry
    pdf = pdfium.PdfDocument(str(result.outputs["pdf"]))
    images = [
        (index, obj.get_bounds())
        for index in range(len(pdf))
        for obj in pdf[index].get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])
    ]
    assert images
    for _, (left, bottom, right, top) in images:
        assert (right - left) / PT <= geometry.text_width + 0.01
        assert (top - bottom) / PT <= geometry.text_height + 0.01
    assert not [w for w in result.warnings if "dpi" in str(w)]


def test_preflight_names_the_page_and_the_rule(tmp_path):
    from weasyprint import HTML

    path = tmp_path / "bad.pdf"
    HTML(
        string="<style>@page { size: 6in 9in; margin: 0.1in }</style>"
        "<p>Close to the edge</p><p style='break-before: page'>Second</p>"
        "<p style='break-before: page'>Third</p>"
    ).write_pdf(path)
    findings = preflight(path, PrintSettings(trim="6x9in", pod="kdp"))
    by_code = {f.code: f for f in findings}
    margins = [f for f in findings if f.code == "P001"]
    assert [f.pages for f in margins] == [(1,), (2,), (3,)]
    assert str(margins[0]).startswith("P001 page 1: text outside the margin: 'Close to the")
    assert "from the inside edge" in str(margins[0])  # page 1 is a recto: binding on the left
    assert "P004" in by_code and "P005" in by_code  # 3 pages: odd, and under 24
    assert by_code["P005"].message == (
        "3 pages: Amazon KDP binds 24-776 pages at 6x9in on cream paper; add essays (at least "
        "21 more pages) before ordering printed copies (the PDF can still be proofread and the "
        "EPUB is not affected)"
    )
    assert "P008" in by_code  # no title or author
    wrong_trim = preflight(path, PrintSettings(trim="5x8in", pod="kdp"))
    assert str(next(f for f in wrong_trim if f.code == "P002")).startswith("P002 pages 1-3:")
    assert page_ranges([1, 3, 4, 5, 9]) == "1, 3-5, 9"
    assert str(Finding("P004", "odd")) == "P004: odd"


@pytest.mark.parametrize(
    ("count", "paper", "advice"),
    [
        (790, "cream", "; print on white paper (up to 828 pages) or split the volume in two"),
        (830, "cream", "; split the volume in two"),
        (830, "white", "; split the volume in two"),
    ],
)
def test_a_book_too_thick_to_bind_is_told_what_would_bind_it(count, paper, advice) -> None:
    from compiler.interior.preflight import _page_count_message
    from compiler.interior.services import page_limits

    fewest, most = page_limits("kdp", "6x9in", paper)
    message = _page_count_message(
        count, fewest, most, PrintSettings(trim="6x9in", pod="kdp", paper=paper), "Amazon KDP"
    )
    assert (
        message
        == f"{count} pages: Amazon KDP binds 24-{most} pages at 6x9in on {paper} paper{advice}"
    )


def test_check_command_uses_a_fresh_pdf_and_refuses_a_stale_one(tmp_path):
    volume = write_volume(tmp_path, "kdp", "6x9in", 4)
    env = {**os.environ, "PYTHONPATH": str(SRC)}

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "compiler.cli", "check", str(volume)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    missing = check()
    assert missing.returncode == 2 and "no print interior" in missing.stderr
    result = build(volume, formats=["pdf"])
    fresh = check()
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "passes the Amazon KDP preflight" in fresh.stdout
    # Another service's rules, with the PDF still newer than every input: problems, exit 3.
    text = volume.read_text(encoding="utf-8").replace("pod: kdp", "pod: lulu")
    volume.write_text(text, encoding="utf-8")
    stale = check()
    assert stale.returncode == 2 and "older than" in stale.stderr
    later = volume.stat().st_mtime + 10
    os.utime(result.outputs["pdf"], (later, later))
    failing = check()
    assert failing.returncode == 3, failing.stdout + failing.stderr
    assert re.search(r"P00\d (page|pages) \d+", failing.stdout)
