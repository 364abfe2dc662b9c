"""Print display titles cut into balanced lines, measured as the covers measure theirs.

The title page of "The Federalist Papers, Numbers 1 to 45" used to read "The Federalist
Papers, Numbers / 1 to 45" (issue 17): the layout filled the first line and left the rest.
Titles here are real: the collection's title as its 1788 edition named it, and the title
Federalist No. 46 bears ("The Influence of the State and Federal Governments Compared").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from compiler import build
from compiler.book.display_lines import NBSP, bind, bind_html
from compiler.book.display_measure import measuring_font
from compiler.interior.display_pages import balance

CORPUS = Path(__file__).parent / "corpus" / "federalist"
ESSAYS = ("federalist-46.md", "federalist-47.md")
TITLE = "The Federalist Papers, Numbers 1 to 45"
SUBTITLE = "Written in Favour of the New Constitution, as Agreed upon by the Federal Convention"
PART = "The Influence of the State and Federal Governments Compared"
AUTHORS = ("Alexander Hamilton", "James Madison", "John Jay")
PUBLISHER = "J. and A. McLean"  # who printed and sold the 1788 edition
TEXT_WIDTH_PT = (6 - 0.625 - 0.6) * 72  # a 6x9 in KDP page of up to 150 pages


def lines_of(html: str) -> list[str]:
    inner = html.split(">", 1)[1].rsplit("<", 1)[0]
    return [line.replace(NBSP, " ") for line in inner.split("<br/>")]


def test_a_title_is_cut_into_even_lines_at_a_pause() -> None:
    html = f'<h1 class="book-title">{bind(TITLE, "en", AUTHORS)}</h1>'
    assert lines_of(balance(html, TEXT_WIDTH_PT, 10.5)) == [
        "The Federalist Papers,",
        "Numbers 1 to 45",
    ]


def test_the_longest_line_is_as_short_as_the_sense_allows() -> None:
    html = f'<h1 class="part-title" id="part01-title">{bind(PART, "en", AUTHORS)}</h1>'
    lines = lines_of(balance(html, TEXT_WIDTH_PT, 10.5))
    # Filling the first line would give "…State and Federal / Governments Compared", a longer
    # first line; the break before "and" is also where the voice pauses.
    assert lines == ["The Influence of the State", "and Federal Governments Compared"]
    font = measuring_font(1.8 * 10.5)
    filled = font.getlength("The Influence of the State and Federal")
    assert max(font.getlength(line) for line in lines) < filled < TEXT_WIDTH_PT


def test_what_fits_stays_and_markup_is_cut_between_its_tags() -> None:
    short = '<h1 class="chapter-title" id="ch001-title">The Federalist No. 46</h1>'
    assert balance(short, TEXT_WIDTH_PT, 10.5) == short
    marked = bind_html(f"A Commentary on <em>{TITLE}</em>, with the Letters of Publius")
    italic = f'<h1 class="chapter-title" id="ch002-title">{marked}</h1>'
    cut = balance(italic, TEXT_WIDTH_PT, 10.5)
    assert cut.replace("<br/>", " ") == italic
    assert cut.count("<br/>") == 1 and "<em>" in cut and "</em>" in cut
    # A tag alone between spaces leaves nowhere safe to cut: the title is left to the layout.
    alone = f'<h1 class="chapter-title" id="ch003-title">{marked} <span></span> again</h1>'
    assert balance(alone, TEXT_WIDTH_PT, 10.5) == alone
    # A larger body size needs more lines; the text keeps its escapes.
    html = f'<h1 class="book-title">{bind(TITLE, "en")} &amp; More</h1>'
    assert len(lines_of(balance(html, TEXT_WIDTH_PT, 16))) > 2
    assert "&amp; More" in balance(html, TEXT_WIDTH_PT, 10.5)


def test_a_title_is_cut_where_its_own_language_pauses() -> None:
    """Before "dont" (French "of which") a French title breaks well; in English the same
    word is no function word, and the more even cut wins. A chapter's own language counts
    over the book's."""
    title = "Les Grandes Œuvres Chorales Anciennes dont Parlent les Historiens"

    def cut(book: str, chapter: str = "") -> list[str]:
        lang = f' lang="{chapter}"' if chapter else ""
        html = (
            f'<html lang="{book}"><body><section class="chapter" id="ch001"{lang}>'
            f'<h1 class="chapter-title" id="ch001-title">{title}</h1></section></body></html>'
        )
        heading = balance(html, TEXT_WIDTH_PT, 10.5).split("<h1", 1)[1].split("</h1>")[0]
        return lines_of(f"<h1{heading}</h1>")

    french = ["Les Grandes Œuvres Chorales Anciennes", "dont Parlent les Historiens"]
    assert cut("fr") == french
    assert cut("en", "fr") == french
    assert cut("en") == ["Les Grandes Œuvres Chorales", "Anciennes dont Parlent les Historiens"]


@pytest.fixture(scope="module")
def volume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("display-pages")
    for name in ESSAYS:
        shutil.copyfile(CORPUS / name, folder / name)
    listed = "".join(f"      - {name}\n" for name in ESSAYS)
    path = folder / "volume.yaml"
    path.write_text(
        f"title: {TITLE}\nsubtitle: {SUBTITLE}\n"
        f"authors: [{', '.join(AUTHORS)}]\nlanguage: en\ndate: 1788-03-22\n"
        f"publisher: {PUBLISHER}\n"
        f"contents:\n  - part: {PART}\n    articles:\n{listed}",
        encoding="utf-8",
    )
    return path


def page_lines(pdf: Path, index: int) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = document[index].get_textpage().get_text_range()
    finally:
        document.close()
    return [line.replace(NBSP, " ").strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("single_pass", [False, True], ids=["parallel", "whole book"])
def test_title_page_and_part_title_read_back_balanced(volume: Path, single_pass: bool) -> None:
    out = volume.parent / ("single" if single_pass else "parallel")
    result = build(volume, out_dir=out, formats=["pdf"], single_pass=single_pass, jobs=2)
    pdf = result.outputs["pdf"]
    title_page = page_lines(pdf, result.print_result.anchors["titlepage"] - 1)
    assert title_page[:4] == [
        "The Federalist Papers,",
        "Numbers 1 to 45",
        "Written in Favour of the New Constitution,",
        "as Agreed upon by the Federal Convention",
    ]
    part = page_lines(pdf, result.print_result.anchors["part01"] - 1)
    assert " ".join(part[-2:]) == PART and len(part[-2]) < len(PART) - 15


def _baselines(pdf: Path, index: int) -> dict[str, float]:
    """Each text line of a page and its baseline, in points up from the page's foot."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        textpage = document[index].get_textpage()
        text = textpage.get_text_range()
        found: dict[str, float] = {}
        offset = 0
        for line in text.split("\r\n"):
            if line.strip():
                found[line.replace(NBSP, " ").strip()] = textpage.get_charbox(offset)[1]
            offset += len(line) + 2
        return found
    finally:
        document.close()


def test_the_publisher_stands_at_the_foot_of_the_title_page(volume: Path) -> None:
    """The imprint floated 40% of the page below the authors, mid-page; it sits at the foot
    of the text block, level with the foot of the copyright page on the facing verso."""
    result = build(volume, out_dir=volume.parent / "imprint", formats=["pdf"])
    pdf, anchors = result.outputs["pdf"], result.print_result.anchors
    title_page = _baselines(pdf, anchors["titlepage"] - 1)
    copyright_page = _baselines(pdf, anchors["titlepage"])
    imprint = title_page[PUBLISHER]
    assert list(title_page)[-1] == PUBLISHER
    foot = min(copyright_page.values())
    assert abs(imprint - foot) < 10.5, (imprint, foot)  # within a line of the text block's foot
    assert imprint < min(value for key, value in title_page.items() if key != PUBLISHER) - 200


@pytest.fixture(scope="module")
def chapter_openings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book of the two essays whose titles the 45-essay volume printed as "…No. 48: The
    Same / Subject…" and "…View of the Judicial / Department…", built to PDF."""
    folder = tmp_path_factory.mktemp("chapter-openings")
    names = ("federalist-48.md", "federalist-82.md")
    for name in names:
        shutil.copyfile(CORPUS / name, folder / name)
    listed = "".join(f"  - {name}\n" for name in names)
    path = folder / "volume.yaml"
    path.write_text(
        f"title: {TITLE}\nauthors: [{', '.join(AUTHORS)}]\nlanguage: en\n"
        f"date: 1788-03-22\ncontents:\n{listed}",
        encoding="utf-8",
    )
    return build(path, out_dir=folder / "out", formats=["pdf"], jobs=2).outputs["pdf"]


@pytest.mark.parametrize(
    ("opening", "lines"),
    [
        (
            "The Federalist No. 48:",
            [
                "The Federalist No. 48: The Same Subject",
                "Continued with a View to the Means",
                "of Giving Efficacy in Practice to That Maxim",
            ],
        ),
        (
            "No. 82:",
            [
                "No. 82: A Further View",
                "of the Judicial Department in Reference",
                "to Some Miscellaneous Questions",
            ],
        ),
    ],
)
def test_chapter_openings_keep_adjective_and_noun_together(
    chapter_openings: Path, opening: str, lines: list[str]
) -> None:
    """Read back from the PDF, each chapter title breaks after a colon or before a function
    word where the measure allows, never between an adjective and its noun."""
    document = pdfium.PdfDocument(str(chapter_openings))
    try:
        texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    page = next(i for i, text in enumerate(texts) if text.replace(NBSP, " ").startswith(opening))
    assert page_lines(chapter_openings, page)[: len(lines)] == lines
