"""Print typography as a book designer checks it, read back from the PDF.

The figures come from bench/measure_print.py, the script whose numbers the README quotes:
notes on the page of their call, furniture on the text column, hyphenation and word spaces
within bounds, page labels matching the folios, the contents and the copyright page set as
a book's are. The example books are built once per session (``example_build``), the
45-essay volume of the benchmark (about 300 pages) once for this module.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from itertools import takewhile
from pathlib import Path

import pytest
from pypdf import PdfReader

from compiler import build
from compiler.book.display_lines import ends_on_bound_word
from compiler.book.locale import unbreakable_dates
from compiler.book.paragraph_ends import SHORT_CHARS
from compiler.book.web_addresses import ADDRESS
from compiler.runners.watch import describe
from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import measure_print  # noqa: E402
from volumes import make_volume  # noqa: E402

MAX_HYPHENATED_SHARE = 0.08
MAX_HYPHEN_RUN = 2
# The widest word space in running text and notes (display lines left out): 4.8-4.9 pt in
# the example books and 5.08 pt in the 45-essay volume since its paragraphs end on whole
# words (docs/print.md); 4.8-4.9 pt in all three before, since lines with a stretch over
# 1.75 pt are letter-spaced and a chapter's opening small capitals no longer widen the spaces
# beside them; 5.2-5.3 pt with letter-spacing from 2 pt; 5.7-6.2 pt when a loose line only
# took words from the lines before it, 6.9-8.6 pt when each line was decided alone, 12.1 pt
# greedy.
MAX_WORD_SPACE_PT = 5.1
# Pages and lines with a word space over 5 pt (the natural space is about 2.6 pt): none in the
# test books (1-3% of their pages and 0.05-0.4% of their lines with letter-spacing from 2 pt;
# 14-23% and 0.6-1.2% without letter-spacing; 38-44% and 2.1-2.5% when each line was decided
# alone; 84% of the pages greedy).
MAX_LOOSE_PAGE_SHARE = 0.01
MAX_LOOSE_LINE_SHARE = 0.0005
MAX_RECTO_FOOT_HYPHENS = 1
# Lines whose median word space is under two thirds of natural (bench/measure_print.py's
# TIGHT_EM): none in the test books since a line that would read tight takes up its word with
# its letters set closer too; 0.5-0.8% of their lines before.
MAX_TIGHT_LINE_SHARE = 0.001
ROMAN = re.compile(r"^[ivxlc]+$")


@pytest.fixture(scope="module")
def executive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("executive") / "the-executive"
    shutil.copytree(REPO / "books" / "the-executive", root, ignore=shutil.ignore_patterns("build"))
    return build(root / "volume.yaml", formats=["pdf"]).outputs["pdf"]


@pytest.fixture(scope="module")
def volume45(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("volume45") / "volume"
    # A cache of its own: the build is cold whatever else the session built.
    cold = tmp_path_factory.mktemp("volume45-cache")
    return build(make_volume(root, 45), formats=["pdf"], cache_dir=cold)


@pytest.fixture(scope="module")
def books(example_build, executive, volume45) -> dict[str, Path]:
    return {
        "power-and-music": example_build.outputs["pdf"],
        "the-executive": executive,
        "45 essays": volume45.outputs["pdf"],
    }


@pytest.fixture(scope="module")
def measures(books) -> dict[str, measure_print.Measures]:
    return {name: measure_print.measure(pdf) for name, pdf in books.items()}


@pytest.fixture(scope="module")
def pages(books) -> dict[str, list[measure_print.PageLines]]:
    """Each book's pages split as the measure splits them (text, notes, furniture), read once
    for every test that looks at their lines."""
    found = {}
    for name, pdf in books.items():
        raw = measure_print.read_pages(pdf)
        body_size = measure_print.body_size_of(raw)
        found[name] = [measure_print.classify(page, body_size) for page in raw]
    return found


def test_every_note_is_on_the_page_of_its_call(measures):
    assert measures["power-and-music"].notes >= 3  # the MacDowell lectures' notes
    for name, found in measures.items():
        assert found.notes_off_page == [], name
        assert found.broken_twice == 0, name


def test_notes_rule_heads_and_folios_keep_to_the_text_column(measures):
    for name, found in measures.items():
        assert found.furniture_outside == [], name


def test_hyphenation_is_rare_and_never_in_long_runs(measures):
    for name, found in measures.items():
        assert found.hyphenated_share < MAX_HYPHENATED_SHARE, (name, found.summary())
        assert found.longest_run <= MAX_HYPHEN_RUN, (name, found.summary())


def test_word_spaces_stay_within_bounds(measures):
    for name, found in measures.items():
        assert 0 < found.worst_space_pt <= MAX_WORD_SPACE_PT, (name, found.summary())
        share = found.pages_with_space_over_5pt / found.pages
        assert share <= MAX_LOOSE_PAGE_SHARE, (name, found.summary())
        assert len(found.loose_lines) / found.lines <= MAX_LOOSE_LINE_SHARE, found.loose_lines
        assert found.spaced_lines > found.lines / 2, (name, found.summary())
        assert found.tight_lines / found.spaced_lines <= MAX_TIGHT_LINE_SHARE, found.summary()


def test_the_leaf_turns_between_words(measures):
    """No hyphen at the foot of a recto (the 45-essay volume keeps one, of seven before)."""
    for name, found in measures.items():
        assert len(found.recto_foot_hyphens) <= MAX_RECTO_FOOT_HYPHENS, (name, found.summary())
    assert measures["power-and-music"].recto_foot_hyphens == []
    assert measures["the-executive"].recto_foot_hyphens == []


def test_no_paragraph_ends_on_the_tail_of_a_broken_word(measures):
    """A paragraph ended on a broken word's tail ("oppres-" / "sors.") 16 times in Power and
    Music and 58 in the 45-essay volume before its last lines were set again, and 5 times in
    the volume before the lines before a page's foot could be set again for the paragraph's
    last lines on the next page, and the lines before the last all set again at once."""
    for name, found in measures.items():
        assert found.final_hyphens == [], name


def test_facing_pages_end_within_a_line_of_each_other(measures):
    """Inside a chapter a spread's two text blocks end level: the 45-essay volume had a verso
    two lines short opposite a full recto (a three-line paragraph that could not break)."""
    for name, found in measures.items():
        assert found.uneven_spreads == [], (name, found.uneven_spreads)


def test_page_labels_match_the_printed_folios(books, pages):
    for name, pdf in books.items():
        labels = PdfReader(pdf).page_labels
        checked = 0
        for page in pages[name]:
            numbers = [
                word
                for line in page.furniture
                for word in line.text.split()
                if word.isdigit() or ROMAN.match(word)
            ]
            if numbers:
                assert labels[page.number - 1] in numbers, (name, page.number, numbers)
                checked += 1
        assert checked >= len(pages[name]) // 3, name
        assert labels[0] == "i"


def test_american_and_british_hyphenation_patterns():
    from weasyprint import HTML

    from compiler.interior.layout import _fonts, _stylesheets

    def broken(lang: str) -> list[str]:
        html = (
            f'<html lang="{lang}"><body><p style="width: 3.6em; text-align: left">'
            "President advantage estimate</p></body></html>"
        )
        document = HTML(string=html).render(stylesheets=list(_stylesheets()), font_config=_fonts())
        (raw,) = measure_print.read_pages(document.write_pdf())
        return [line.text.strip() for line in raw.lines]

    american = broken("en")
    assert "advan\u2010" in american and "esti\u2010" in american, american
    british = broken("en-GB")
    assert "advant\u2010" in british and "estim\u2010" in british, british


def _contents_lines(volume45) -> list[str]:
    """The 45-essay volume's contents as printed, line by line (no-break spaces as spaces)."""
    pdf = measure_print.pdfium.PdfDocument(str(volume45.outputs["pdf"]))
    try:
        pages = []
        for index in range(12):
            text = pdf[index].get_textpage()
            pages.append(text.get_text_range(0, text.count_chars()).replace("\u00a0", " "))
    finally:
        pdf.close()
    first = next(i for i, text in enumerate(pages) if text.startswith("Contents"))
    contents = list(takewhile(lambda text: ". . ." in text, pages[first:]))
    assert "Essays 1 to 10" in contents[0] and "Essays 41 to 45" in "".join(contents)
    assert 1 <= len(contents) <= 3
    return [line.strip() for text in contents for line in text.splitlines()]


def test_contents_with_author_lines_put_numbers_on_the_title_line(volume45):
    lines = _contents_lines(volume45)
    assert "John Jay" in lines  # an author line of its own, under the title
    # No line is only a leader and a number: the number ends the title's last line.
    assert not [line for line in lines if re.fullmatch(r"[.\s]*\d+", line.strip())]


def test_contents_titles_wrap_where_the_sense_allows(volume45):
    """A long title in the contents wraps as its chapter title does: never after an article,
    a preposition or a conjunction ("…with the Same View and / Concluded")."""
    lines = _contents_lines(volume45)
    wrapped = [
        line
        for line in lines
        if line
        and not re.search(r"\d+$", line)  # a title's last line ends in its page number
        and line not in ("Contents", "John Jay")
        and not ROMAN.match(line)
    ]
    assert len(wrapped) >= 15, lines  # Nos. 51, 53, 55, 56, 58, 64, 72, 74-76, 78, 80-83
    for line in wrapped:
        assert not ends_on_bound_word(line.split()[-1]), line


# The widest word space a contents line may show (pt): ragged lines keep Gentium's natural
# 2.6 pt, and a title set up to its number would show the gap to it as one of 13.8 pt.
MAX_CONTENTS_SPACE_PT = 4.0
# A contents line's leader shows at least four dots (about 2 em) before its number, the first
# of them a word space (Gentium's is 2.3 pt at 10.5 pt) or more clear of the title: 0.04 pt
# when the dots simply kept in step with the column's edge.
MIN_LEADER_GAP_PT = 2.2
ENTRY_END = re.compile(r"(?:\.\s?){4,}\s*\d+$")


def test_every_contents_entry_keeps_a_leader_and_plain_word_spaces(volume45):
    """No. 56's title, "…in Relation to the Same Point", once filled its line up to the number,
    leaving no room for the leader: its last words now go to a new line, which the leader and
    number end."""
    pdf = measure_print.pdfium.PdfDocument(str(volume45.outputs["pdf"]))
    try:
        lines: list[list[tuple[str, float, float, float, float]]] = []
        seen = False
        for index in range(12):
            chars = measure_print._chars(pdf[index])
            text = "".join(char[0] for char in chars)
            seen = seen or text.startswith("Contents")
            if seen and ". . ." not in text:
                break
            if seen:
                rows: dict[float, list[tuple[str, float, float, float, float]]] = {}
                for char in chars:
                    rows.setdefault(round(char[2]), []).append(char)
                for y in sorted(rows, reverse=True):
                    lines.append(sorted(rows[y], key=lambda char: char[1]))
    finally:
        pdf.close()
    numbered = 0
    for line in lines:
        text = "".join(char[0] for char in line).replace("\u00a0", " ").rstrip()
        if not re.search(r"[A-Za-z].*\d+$", text):
            continue
        numbered += 1
        leader = ENTRY_END.search(text)
        assert leader is not None, text
        title = line[: leader.start()]
        spaces = [
            following[1] - before[3]
            for before, char, following in zip(title, title[1:], title[2:], strict=False)
            if char[0] in " \u00a0" and before[0].strip() and following[0].strip()
        ]
        assert max(spaces, default=0.0) <= MAX_CONTENTS_SPACE_PT, (text, max(spaces))
        # The first dot stands a word space or more after the title's last word.
        drawn = [char for char in title if char[0].strip() and char[0] != "\u00a0"]
        first_dot = next(char for char in line[leader.start() :] if char[0] == ".")
        assert first_dot[1] - drawn[-1][3] >= MIN_LEADER_GAP_PT, text
    assert numbered >= 50  # 45 essays and 5 parts
    texts = ["".join(char[0] for char in line).replace("\u00a0", " ") for line in lines]
    assert any(text.startswith("to the Same Point") for text in texts), texts


def test_copyright_page_is_small_and_at_the_foot(example_build):
    pdf = measure_print.pdfium.PdfDocument(str(example_build.outputs["pdf"]))
    try:
        page = pdf[3]  # the title's verso
        raw = measure_print.read_raw(page, 4)
        height = page.get_height()
    finally:
        pdf.close()
    assert any("This edition published" in line.text for line in raw.lines)
    # 8 pt (PDFium gives WeasyPrint's sizes in CSS px: 8 pt = 10.7 px)
    assert max(round(line.size, 1) for line in raw.lines) <= 10.7
    assert min(line.y for line in raw.lines) < height * 0.2  # ends at the foot
    assert not any(re.search(r"\b\d{1,2}$", line.text.strip()) for line in raw.lines)


def _running_heads(pdf: Path) -> tuple[list[str], list[str]]:
    """Each page's running head (folio left out) read back with pypdf, and the book's
    chapter titles from its outline. The head line is the one drawn highest on most pages."""
    reader = PdfReader(str(pdf))
    pieces: list[list[tuple[float, str]]] = []
    for page in reader.pages:
        found: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, found=found) -> None:
            if text.strip():
                found.append((round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5]), text))

        page.extract_text(visitor_text=visit)
        pieces.append(found)
    tops = Counter(max(y for y, _ in found) for found in pieces if found)
    band = tops.most_common(1)[0][0]
    heads = []
    for found in pieces:
        # The folio is a run of its own beside the head.
        line = [t for y, t in found if abs(y - band) <= 1 and not t.strip().isdigit()]
        if line:
            heads.append(" ".join(" ".join(line).split()))

    def titles(items: list) -> list[str]:
        return [t for i in items for t in (titles(i) if isinstance(i, list) else [i.title])]

    return heads, [" ".join(t.split()) for t in titles(reader.outline)]


def test_running_heads_are_shortened_by_sense_never_cut(books):
    """No running head of the three books ends in an ellipsis: the 45-essay volume's long
    Federalist titles are shortened to their main title ("No. 55") or to a run of words
    that does not end on an article, preposition or number ("…in Relation to the")."""
    shortened = set()
    for name, pdf in books.items():
        heads, titles = _running_heads(pdf)
        assert len(heads) > 10, name
        assert not [head for head in heads if "\u2026" in head or "..." in head], name
        for head in heads:
            title = next((t for t in titles if t == head), None) or next(
                (t for t in titles if t.startswith(head)), None
            )
            if title is None or title == head:
                continue  # the book title on versos, or a chapter's whole title
            shortened.add(head)
            rest = title[len(head) :]
            assert (
                rest[:1] in {":", ";", "\u2014"}
                or rest[:2] in {" \u2014", " \u2013"}
                or (not ends_on_bound_word(head.split()[-1]))
            ), (name, head, title)
    # No. 48, 51, 53-56, 58, 64, 68, 72, 74-76, 78, 80-83 in the 45-essay volume.
    assert len(shortened) >= 15, shortened


def _page_texts(pdf: Path, pages: range | None = None) -> list[list[str]]:
    """Each page's lines of text as PDFium reads them."""
    reader = measure_print.pdfium.PdfDocument(str(pdf))
    try:
        found = []
        for index in pages if pages is not None else range(len(reader)):
            text = reader[index].get_textpage()
            found.append(text.get_text_range(0, text.count_chars()).splitlines())
    finally:
        reader.close()
    return found


def test_no_web_address_is_broken_by_a_hyphen(books):
    """Power and Music names The Saker's site in its introduction and rights text; set as a
    word it once read "the-" / "saker.is" (page ix). An address breaks, if at all, after a
    slash or a dot, with no hyphen added."""
    addresses = 0
    for name, pdf in books.items():
        for lines in _page_texts(pdf):
            addresses += sum(len(ADDRESS.findall(line)) for line in lines)
            for line, following in zip(lines, lines[1:], strict=False):
                if not line.rstrip().endswith(measure_print.AUTO_HYPHEN) or not following.split():
                    continue
                joined = line.split()[-1].rstrip(measure_print.AUTO_HYPHEN) + following.split()[0]
                assert not ADDRESS.search(joined), (name, line, following)
    assert addresses >= 6  # thesaker.is three times, the licence's address in each book


def test_no_line_begins_with_a_closed_dash(books):
    """A closed em dash breaks after, never before: Power and Music once set "…that seems to
    affect animals" / "—hooded cobras" (page 49), the 45-essay volume "…for the purpose" /
    "—“Trial by jury" (page 236). A spaced dash ("— James Madison") may open a line."""
    for name, pdf in books.items():
        for number, lines in enumerate(_page_texts(pdf), 1):
            for line in lines:
                assert not re.match(r"[\u2014\u2015][^\s\u2014\u2015]", line), (name, number, line)


def test_title_leaves_end_no_paragraph_on_a_short_word_alone(books):
    """The half-title, title page and copyright page (the first four pages, with the series
    page): no line that carries a paragraph on ("…are in the public" / "domain.") holds one
    short word alone. Lines of a paragraph follow each other at about their type size;
    paragraphs stand further apart."""
    pdf = measure_print.pdfium.PdfDocument(str(books["power-and-music"]))
    try:
        copyright_page = measure_print.read_raw(pdf[3], 4).lines
    finally:
        pdf.close()
    assert any("public\u00a0domain." in line.text for line in copyright_page)
    for name, pdf_path in books.items():
        pdf = measure_print.pdfium.PdfDocument(str(pdf_path))
        try:
            leaves = [measure_print.read_raw(pdf[index], index + 1) for index in range(4)]
        finally:
            pdf.close()
        for leaf in leaves:
            for above, line in zip(leaf.lines, leaf.lines[1:], strict=False):
                words = line.text.split()
                carried_on = above.y - line.y < 1.2 * line.size
                alone = len(words) == 1 and len(words[0]) < SHORT_CHARS
                assert not (carried_on and alone), (name, leaf.number, above.text, line.text)


def test_copyright_page_sets_the_whole_book_title_in_italic(example_build):
    """Chicago italicizes a book's title and subtitle alike; the title alone was italic."""
    drawn: list[tuple[str, str]] = []

    def collect(text, _cm, _tm, font, _size):
        if text.strip() and font is not None:
            drawn.append((text, str(font.get("/BaseFont", ""))))

    PdfReader(example_build.outputs["pdf"]).pages[3].extract_text(visitor_text=collect)
    subtitle = [font for text, font in drawn if "Essays from" in text]
    assert subtitle and all("Italic" in font for font in subtitle), drawn[:4]
    authors = [font for text, font in drawn if text.startswith("James Madison")]
    assert authors and not any("Italic" in font for font in authors), drawn[:4]


def test_capitals_opening_a_chapter_are_set_as_small_capitals(example_build):
    """Federalist No. 46 opens "RESUMING the subject": on paper the capitals are small
    capitals, whose glyphs the PDF's text maps to lower case and whose G stands on the
    baseline, where a lower-case g descends."""
    pdf = measure_print.pdfium.PdfDocument(str(example_build.outputs["pdf"]))
    try:
        for page in pdf:
            textpage = page.get_textpage()
            text = textpage.get_text_range(0, textpage.count_chars())
            start = text.find("resuming the subject")
            if start >= 0:
                small_g = textpage.get_charbox(start + len("resumin"))
                lower = text.find("regard", start)
                lower_g = textpage.get_charbox(lower + len("re"))
                baseline = textpage.get_charbox(start)[1]  # the bottom of the small R
                lower_baseline = textpage.get_charbox(lower)[1]
                break
        else:
            pytest.fail("Federalist No. 46's opening not found")
    finally:
        pdf.close()
    assert "RESUMING the subject" in next(
        chapter.body for chapter in example_build.book.chapters() if "RESUMING" in chapter.body
    )
    assert abs(small_g[1] - baseline) < 0.5  # no descender: a small capital G
    assert lower_g[1] < lower_baseline - 1.0  # the g of "regard" descends


def test_dates_are_joined_by_no_break_spaces():
    assert unbreakable_dates("First published 29 January 1788.") == (
        "First published 29\u00a0January\u00a01788."
    )
    assert unbreakable_dates("am 3. März 2020") == "am 3.\u00a0März\u00a02020"
    assert unbreakable_dates("No. 29 of 1788") == "No. 29 of 1788"


def test_a_cold_build_lays_each_unit_out_once(volume45):
    """The first margins serve the likely page count, so the body is laid out in one pass:
    each unit once, and the summary line counts each unit once (it said "laid out 24 of 12
    units" when the first guess took the 151-300 bracket)."""
    stats = volume45.layout
    assert stats.passes == 1
    assert stats.layouts == stats.laid_out == stats.units == 12
    assert stats.cached == 0
    assert len(set(stats.laid_out_names)) == 12
    assert describe(volume45, 9.5).startswith("laid out 12 of 12 units (ch001, ")
    assert volume45.print_result.page_count > 300  # a thick book, in the 301-500 bracket
    assert volume45.print_result.geometry.bracket == "kdp:301-500"


def test_a_cold_build_just_over_a_gutter_step_lays_each_unit_out_once(tmp_path):
    """Lulu's inside margin widens after 60 pages; this volume comes out just past the step.
    The estimate counts its larger type and smaller trim, and the first layout takes the
    margins of the estimate's likely range, so its units are laid out once."""
    volume = make_volume(tmp_path / "lulu", 7)
    text = volume.read_text(encoding="utf-8").replace(
        "{trim: 6x9in, pod: kdp, paper: cream}",
        "{trim: 5x8in, pod: lulu, paper: cream, font_size: 11pt}",
    )
    volume.write_text(text, encoding="utf-8")
    result = build(volume, formats=["pdf"], jobs=2, cache_dir=tmp_path / "cache")
    stats = result.layout
    assert 60 < result.print_result.page_count <= 66
    assert result.print_result.geometry.bracket == "lulu:61-150"
    assert stats.passes == 1
    assert stats.layouts == stats.laid_out == stats.units == 2 and stats.cached == 0


def test_the_estimate_follows_type_size_trim_and_margins(example_build):
    from dataclasses import replace

    from compiler.interior.layout import estimate_pages

    book, settings = example_build.book, example_build.volume.print
    base = estimate_pages(book, settings)
    assert 80 <= base <= 90  # the book has 88 pages
    # A word takes the square of the type size: 12 pt type needs up to (12/10.5)^2 the pages
    # (chapter openings cost the same).
    larger = estimate_pages(book, replace(settings, font_size="12pt"))
    assert 1.15 < larger / base < 1.31
    # A 5x8 in page holds a text block a fifth smaller than a 6x9 in one.
    small = estimate_pages(book, replace(settings, trim="5x8in"))
    assert 1.15 < small / base < 54 / 40
    # Lulu's wider margins hold fewer words than KDP's on the same trim.
    assert estimate_pages(book, replace(settings, pod="lulu")) > base


def test_margins_widen_only_when_the_book_outgrows_them():
    from compiler.config import PrintSettings
    from compiler.interior.layout import first_geometry, geometry_for, wider_geometry

    kdp = PrintSettings(trim="6x9in", pod="kdp")
    # An estimate of 280 pages is set with the margins of 308 (KDP's 301-500 bracket) ...
    assert first_geometry(kdp, 280) == geometry_for(kdp, 308)
    # ... which serve a book that comes out at 294 pages: no second layout ...
    assert wider_geometry(kdp, first_geometry(kdp, 280), 294) is None
    # ... while one that outgrows the margins it was set with is laid out again.
    assert wider_geometry(kdp, geometry_for(kdp, 140), 160) == geometry_for(kdp, 160)
    # An estimate within a tenth below a step takes the wider gutter of the next bracket.
    lulu = PrintSettings(trim="6x9in", pod="lulu")
    assert first_geometry(lulu, 56).bracket == "lulu:61-150"
    assert first_geometry(lulu, 54).bracket == "lulu:1-60"
