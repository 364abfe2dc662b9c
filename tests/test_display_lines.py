"""Display lines broken by sense: the no-break rules, the balanced cut the covers use, and the
title page, chapter titles and cover of the example book read back from their PDFs.

The cases are the defects a book designer marked in the example books and a 45-essay volume
(issue 17): "The Federalist Papers, Numbers / 1 to 45", "Alexander Hamilton, Edward /
MacDowell", "…week / tells us".
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageFont

from compiler.book.display_lines import (
    NBSP,
    balanced_breaks,
    bind,
    bind_html,
    break_cost,
    lone_words,
    name_list,
    opens_phrase,
    short_words,
)
from compiler.book.display_measure import balanced_lines
from compiler.interior.display_pages import BODY_SIZE_PT, DISPLAY_TYPE, ROOM_SHARE
from compiler.interior.layout import POINTS_PER_INCH, geometry_for
from compiler.machinery.styles import styles_dir
from compiler.volume.model import PrintSettings
from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import measure_print  # noqa: E402
from measure_print import Line  # noqa: E402

AUTHORS = ("James Madison", "Alexander Hamilton", "Edward MacDowell", "The Saker")


def breaks(text: str) -> list[str]:
    """The pieces a renderer may break the bound text into."""
    return text.split(" ")


def test_never_after_a_number_or_a_preposition() -> None:
    pieces = breaks(bind("The Federalist Papers, Numbers 1 to 45"))
    assert f"Numbers{NBSP}1{NBSP}to{NBSP}45" in pieces
    assert f"The{NBSP}Federalist" in pieces


def test_a_name_is_never_split() -> None:
    line = bind("Alexander Hamilton, Edward MacDowell and The Saker", "en", AUTHORS)
    assert f"Edward{NBSP}MacDowell" in line and f"Alexander{NBSP}Hamilton," in line
    assert f"and{NBSP}The{NBSP}Saker" in line
    assert name_list(AUTHORS) == (
        f"James{NBSP}Madison, Alexander{NBSP}Hamilton, Edward{NBSP}MacDowell and{NBSP}The"
        f"{NBSP}Saker"
    )


def test_the_last_line_is_never_a_stub() -> None:
    # "tells us" is two words but a stub; the tail takes the word before it too.
    assert breaks(bind("What the crisis of this week tells us"))[-1] == (f"week{NBSP}tells{NBSP}us")
    assert breaks(bind("The Executive Department Further Considered"))[-1] == (
        f"Further{NBSP}Considered"
    )


def test_a_short_title_keeps_a_break() -> None:
    # Bound whole it could not wrap on a narrow cover; its article still binds.
    assert bind("The Federalist Papers") == f"The{NBSP}Federalist Papers"
    assert bind("Federalist") == "Federalist"


def test_a_pause_allows_a_break_before_a_number() -> None:
    pieces = breaks(bind("Letters and Papers, 1787 to 1788 from New York"))
    assert pieces[1] == f"and{NBSP}Papers,"
    assert pieces[2].startswith(f"1787{NBSP}to{NBSP}1788")


@pytest.mark.parametrize(
    ("language", "title", "bound"),
    [
        ("fr", "Les Mémoires de la guerre et la paix", f"de{NBSP}la{NBSP}guerre"),
        ("de", "Der Weg zur Freiheit und die Macht der Musik", f"zur{NBSP}Freiheit"),
        ("ru", "О власти и музыке в России", f"в{NBSP}России"),
        ("en-GB", "Essays on the Constitution", f"on{NBSP}the{NBSP}Constitution"),
    ],
)
def test_languages(language: str, title: str, bound: str) -> None:
    assert bound in bind(title, language)


def test_every_language_has_its_own_words() -> None:
    assert "the" in short_words("en") and "la" in short_words("fr")
    assert "und" in short_words("de") and "в" in short_words("ru")


def test_markup_is_left_alone() -> None:
    assert bind_html("<em>The</em> Federalist, No. 10 and <i>its</i> critics") == (
        f"<em>The</em>{NBSP}Federalist, No.{NBSP}10{NBSP}and{NBSP}<i>its</i>{NBSP}critics"
    )


def test_balanced_lines_are_near_equal() -> None:
    font = ImageFont.truetype(str(styles_dir() / "fonts" / "GentiumBookPlus-Regular.ttf"), 40)
    text = bind("Essays from The Federalist, Edward MacDowell and The Saker", "en", AUTHORS)
    lines = balanced_breaks(text, font.getlength, 720)
    assert len(lines) == 2  # greedy filling would also take two, but leave a stub
    widths = [font.getlength(line) for line in lines]
    assert max(widths) / min(widths) < 1.6
    assert lines[-1].endswith(f"and{NBSP}The{NBSP}Saker")
    # What fits on one line stays one line.
    assert balanced_breaks(text, font.getlength, 5000) == [text]


def test_of_cuts_into_as_many_lines_one_leaving_no_word_alone_is_taken() -> None:
    """Of two cuts in two lines, "Constitutional / Law in Force" has the shorter longest line
    but leaves a word alone; "Constitutional Law / in Force" does not, and fits."""
    assert balanced_breaks("Constitutional Law in Force", len, 20) == [
        "Constitutional Law",
        "in Force",
    ]
    # When no cut into as few lines leaves none, the lines are still cut (the caller, which
    # knows the type, decides whether to set them smaller).
    assert balanced_breaks("Constitutional Law in Force", len, 14) == [
        "Constitutional",
        "Law in Force",
    ]


def test_a_word_alone_is_counted_only_on_a_display_in_several_lines() -> None:
    assert lone_words(["The Federalist", "Papers,", "Numbers 1 to 45"]) == 1
    assert lone_words([f"The{NBSP}Executive"]) == 0
    assert lone_words(["Federalist"]) == 0
    assert lone_words([f"The{NBSP}Federalist", f"Numbers{NBSP}1"]) == 0


def test_of_cuts_as_long_the_most_even_is_taken() -> None:
    """Three lines whose longest is the last: the first used to be the shortest that fit
    ("No. 55: The Same / Subject Continued in Relation / …"), the earliest cut winning the
    tie; the most even cut is taken instead. Chapter-title size on a 6x9 in text block.

    Its break between two words ("Subject / Continued") stays: the cut breaking only before
    function words ("…Continued / in Relation to the Total Number / of the Body") ends on a
    stub, clearly less even."""
    font = ImageFont.truetype(str(styles_dir() / "fonts" / "GentiumBookPlus-Regular.ttf"), 17.85)
    title = "No. 55: The Same Subject Continued in Relation to the Total Number of the Body"
    lines = [line.replace(NBSP, " ") for line in balanced_breaks(bind(title), font.getlength, 315)]
    assert lines == [
        "No. 55: The Same Subject",
        "Continued in Relation",
        "to the Total Number of the Body",
    ]
    # Evenness never costs a wider line: the last line is as long as the greedy cut's.
    assert font.getlength(lines[-1]) == max(font.getlength(line) for line in lines)


def test_a_break_costs_least_at_a_pause_and_most_between_two_words() -> None:
    pause = break_cost("Papers,", "Numbers")
    before_function_word = break_cost("Government", f"and{NBSP}the")
    between_words = break_cost("New", "Government")
    assert pause < before_function_word < between_words
    assert break_cost(f"Instruments{NBSP}—", f"Their{NBSP}History") == pause
    # A relative word opens a clause as a preposition opens a phrase.
    assert break_cost("Power", "which") == before_function_word
    assert break_cost(f"The{NBSP}Same", "Subject") == between_words
    # A line opening on a negation or a modal splits a verb from it: no better than a word.
    assert break_cost("Should", f"Not{NBSP}Be") == between_words
    assert break_cost("Government", f"Must{NBSP}Furnish") == between_words
    assert opens_phrase("qui", "fr") and opens_phrase("welche", "de-AT")
    assert not opens_phrase("qui", "en") and not opens_phrase("Subject")


def test_a_modal_and_no_bind_to_the_next_word() -> None:
    bound = bind("The Government Must Furnish No Checks and Balances")
    assert f"Must{NBSP}Furnish" in bound and f"No{NBSP}Checks" in bound


def chapter_title(title: str, pages: int) -> list[str]:
    """``title`` cut as the print interior cuts a chapter title in a 6x9 in KDP book of
    ``pages`` pages at the default type size."""
    room = geometry_for(PrintSettings(), pages).text_width * POINTS_PER_INCH * ROOM_SHARE
    em, italic = DISPLAY_TYPE["chapter-title"]
    lines = balanced_lines(bind(title), em * BODY_SIZE_PT, room, italic)
    return [line.replace(NBSP, " ") for line in lines]


def split(lines: list[str], before: str, after: str) -> bool:
    """Whether a line ends on ``before`` and the next opens on ``after``."""
    return any(
        first.endswith(" " + before) and second.startswith(after + " ")
        for first, second in zip(lines, lines[1:], strict=False)
    )


@pytest.mark.parametrize(
    ("title", "pages", "lines"),
    [
        (  # Power and Music: "the New / Government and the Distribution / …"
            "The Particular Structure of the New Government and the Distribution of Power "
            "Among Its Different Parts",
            88,
            [
                "The Particular Structure",
                "of the New Government",
                "and the Distribution of Power",
                "Among Its Different Parts",
            ],
        ),
        (  # "…as to Have No / Constitutional Control…"
            "These Departments Should Not Be So Far Separated as to Have No Constitutional "
            "Control Over Each Other",
            88,
            [
                "These Departments Should Not Be",
                "So Far Separated as to Have",
                "No Constitutional Control Over Each Other",
            ],
        ),
        (  # "…the Government Must / Furnish the Proper Checks and Balances"
            "The Structure of the Government Must Furnish the Proper Checks and Balances",
            88,
            ["The Structure", "of the Government Must Furnish", "the Proper Checks and Balances"],
        ),
    ],
)
def test_chapter_titles_break_where_the_sense_pauses(
    title: str, pages: int, lines: list[str]
) -> None:
    """The titles a page-by-page review marked, cut at the chapter-title size and measure of
    their book: each break after punctuation or before a function word, never inside an
    adjective and its noun or a modal and its verb, at the price of a line more when the
    fewest lines leave no such cut (the first title fits three)."""
    assert chapter_title(title, pages) == lines


@pytest.mark.parametrize(
    ("title", "before", "after"),
    [
        (
            "The Federalist No. 48: The Same Subject Continued with a View to the Means of "
            "Giving Efficacy in Practice to That Maxim",
            "Same",
            "Subject",
        ),
        (
            "The Federalist No. 54: The Same Subject Continued with a View to the Ratio of "
            "Representation",
            "Same",
            "Subject",
        ),
        ("No. 49: The Same Subject Continued with the Same View", "Same", "Subject"),
        (
            "No. 80: A Further View of the Judicial Department in Relation to the Extent of Its "
            "Powers",
            "Judicial",
            "Department",
        ),
        (
            "No. 81: A Further View of the Judicial Department in Relation to the Distribution "
            "of Its Authority",
            "Judicial",
            "Department",
        ),
        (
            "No. 82: A Further View of the Judicial Department in Reference to Some "
            "Miscellaneous Questions",
            "Judicial",
            "Department",
        ),
        (
            "No. 83: A Further View of the Judicial Department in Relation to the Trial",
            "Judicial",
            "Department",
        ),
    ],
)
def test_the_volumes_titles_keep_adjective_and_noun_together(
    title: str, before: str, after: str
) -> None:
    """The 45-essay volume (312 pages) printed "The Same / Subject" and "Judicial /
    Department"; set in the smaller book too, neither comes back."""
    for pages in (312, 88):
        lines = chapter_title(title, pages)
        assert len(lines) > 1 and not split(lines, before, after), lines


def test_a_line_never_ends_on_a_possessive_or_a_negation() -> None:
    assert breaks(bind("Musical Instruments — Their History and Development")) == [
        "Musical",
        f"Instruments{NBSP}—",
        f"Their{NBSP}History",
        f"and{NBSP}Development",
    ]
    assert f"Not{NBSP}Be" in bind("These Departments Should Not Be So Far Separated")


# -- Read back from the example book ---------------------------------------------------------

FORBIDDEN_ENDINGS = short_words("en")


def page_lines(pdf: pdfium.PdfDocument, index: int) -> list[str]:
    """The page's text lines as pdfium extracts them (it ends each line with CR LF)."""
    textpage = pdf[index].get_textpage()
    text = textpage.get_text_range()
    return [line.replace(NBSP, " ").strip() for line in text.splitlines() if line.strip()]


def assert_broken_by_sense(lines: list[str]) -> None:
    for line in lines:
        last = line.split()[-1].lower()
        assert last not in FORBIDDEN_ENDINGS, f"line ends on {last!r}: {line!r}"
        assert not last.isdigit(), line
        assert not line.endswith(("Edward", "Alexander", "James")), line


def test_title_page_and_chapter_titles_break_by_sense(example_build) -> None:
    pdf = pdfium.PdfDocument(str(example_build.outputs["pdf"]))
    try:
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        # The title page: the book's authors, and none of the copyright page's small print.
        title_page = next(
            i for i, text in enumerate(texts) if "James" in text and "edition" not in text
        )
        # The series line ends on the volume's number by design.
        lines = [line for line in page_lines(pdf, title_page) if "·" not in line]
        assert len(lines) >= 3
        assert_broken_by_sense(lines)
        assert any("Edward MacDowell" in line for line in lines)
        chapter_pages = [
            i for i, text in enumerate(texts) if "Particular Structure" in text and i > 8
        ]
        heading = [line for line in page_lines(pdf, chapter_pages[0]) if len(line) < 60][:4]
        assert_broken_by_sense(heading)
    finally:
        pdf.close()


def test_a_three_line_chapter_title_is_cut_evenly(example_build) -> None:
    """Federalist No. 49's title printed "These Departments Should / Not Be So Far Separated
    as to Have No / …": a short first line, the earliest cut of those as long, and a verb
    split from its negation; then "…as to Have No / Constitutional Control…", a determiner
    split from its noun."""
    pdf = pdfium.PdfDocument(str(example_build.outputs["pdf"]))
    try:
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        opening = next(i for i, text in enumerate(texts) if text.startswith("These Departments"))
        heading = page_lines(pdf, opening)[:3]
    finally:
        pdf.close()
    assert heading == [
        "These Departments Should Not Be",
        "So Far Separated as to Have",
        "No Constitutional Control Over Each Other",
    ]


@pytest.mark.parametrize(
    ("opening", "lines"),
    [
        (
            "The Particular Structure",
            [
                "The Particular Structure",
                "of the New Government",
                "and the Distribution of Power",
                "Among Its Different Parts",
            ],
        ),
        (
            "The Structure",
            ["The Structure", "of the Government Must Furnish", "the Proper Checks and Balances"],
        ),
    ],
)
def test_chapter_openings_read_back_broken_by_sense(
    example_build, opening: str, lines: list[str]
) -> None:
    """Power and Music printed "…of the New / Government…" and "…Government Must / Furnish…"
    at the head of two chapters; the built PDF reads back the cut by sense."""
    pdf = pdfium.PdfDocument(str(example_build.outputs["pdf"]))
    try:
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        page = next(
            i for i, text in enumerate(texts) if text.replace(NBSP, " ").startswith(opening)
        )
        heading = page_lines(pdf, page)[: len(lines)]
    finally:
        pdf.close()
    assert heading == lines


def test_cover_front_breaks_by_sense(example_build) -> None:
    pdf = pdfium.PdfDocument(str(example_build.outputs["cover"]))
    try:
        lines = page_lines(pdf, 0)
    finally:
        pdf.close()
    assert any("Edward MacDowell" in line for line in lines)
    assert_broken_by_sense([line for line in lines if "MacDowell" in line or "Power" in line])


def test_the_series_line_keeps_its_number_on_a_narrow_screen(example_build) -> None:
    """Set as narrow as a phone's screen, the title page's "Essays from the Public Record ·
    1" wraps inside the series name, never before the volume's number."""
    import re
    import zipfile

    from weasyprint import CSS, HTML

    from compiler.interior.layout import _fonts, _stylesheets

    with zipfile.ZipFile(example_build.outputs["epub"]) as epub:
        page = epub.read("EPUB/titlepage.xhtml").decode()
    body = re.search(r"<body[^>]*>(.*)</body>", page, re.S)
    assert body and "Public\u00a0Record\u00a0·\u00a01" in body[1]
    narrow = CSS(string="@page { size: 3in 6in; margin: 0.15in }", font_config=_fonts())
    document = HTML(string=f'<html lang="en"><body>{body[1]}</body></html>').render(
        stylesheets=[*_stylesheets(), narrow], font_config=_fonts()
    )
    pdf = pdfium.PdfDocument(document.write_pdf())
    try:
        lines = page_lines(pdf, 0)
    finally:
        pdf.close()
    series = lines[: next(i for i, line in enumerate(lines) if "·" in line) + 1]
    assert len(series) >= 2, lines  # the measure does make the series line wrap
    assert series[-1].endswith("· 1") and len(series[-1].split()) >= 3, series


def _epub_page_on_a_phone(epub: Path, name: str) -> list[Line]:
    """The EPUB's page ``name`` laid out with its own stylesheets on a phone-wide page."""
    import re
    import zipfile

    from weasyprint import CSS, HTML

    from compiler.interior.layout import _fonts
    from compiler.interior.sandbox import SandboxedFetcher

    with zipfile.ZipFile(epub) as archive:
        page = archive.read(f"EPUB/{name}").decode()
    body = re.search(r"<body[^>]*>(.*)</body>", page, re.S)
    assert body
    fetcher = SandboxedFetcher([styles_dir()])
    sheets = [
        CSS(filename=str(styles_dir() / sheet), url_fetcher=fetcher, font_config=_fonts())
        for sheet in ("fonts.css", "base.css", "epub.css")
    ]
    phone = CSS(string="@page { size: 3.2in 12in; margin: 0.2in }", font_config=_fonts())
    document = HTML(string=f'<html lang="en"><body>{body[1]}</body></html>').render(
        stylesheets=[*sheets, phone], font_config=_fonts()
    )
    pdf = pdfium.PdfDocument(document.write_pdf())
    try:
        return measure_print.read_raw(pdf[0], 1).lines
    finally:
        pdf.close()


def test_epub_contents_entries_hang_and_are_not_hyphenated(example_build) -> None:
    """On a phone a long contents entry wraps under a hanging indent, so one entry never
    reads as two, and its words are whole."""
    lines = _epub_page_on_a_phone(example_build.outputs["epub"], "toc.xhtml")
    texts = [line.text.replace(NBSP, " ").strip() for line in lines]
    titles = [chapter.title for chapter in example_build.book.chapters()]
    wrapped = 0
    for index, text in enumerate(texts[:-1]):
        if any(title.startswith(text) and title != text for title in titles):
            wrapped += 1
            assert lines[index + 1].x0 > lines[index].x0 + 8, (text, texts[index + 1])
    assert wrapped >= 3, texts
    assert not [text for text in texts if text.endswith(("-", "\u2010", "\u00ad"))], texts


def test_the_tail_never_grows_past_a_phone_line() -> None:
    # "tells us" is short, but with "Counterrevolutionaries" it would be a chunk too wide for
    # a heading on a small screen; two words are enough then.
    pieces = breaks(bind("What the Counterrevolutionaries tells us"))
    assert pieces[-1] == f"tells{NBSP}us"
