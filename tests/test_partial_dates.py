"""Dates as archives give them: a year ("1911"), a month ("March 1911"), or a day.

Old essays, reprints and scanned pamphlets are often dated by no more than a year. Such a date
is read, printed as it was written in the book's language, sorted before the days it contains,
stored in the cache and written into the EPUB as W3CDTF ``YYYY`` or ``YYYY-MM``. The essays
built here are the corpus's own (tests/corpus/SOURCES.md gives their sources and licences):
Whitehead's chapter appeared in *An Introduction to Mathematics* in 1911, MacDowell's lecture
in *Critical and Historical Essays* in 1912, The Federalist No. 51 on 6 February 1788 and
No. 52 in February 1788.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from checks import read_pdf
from compiler import build
from compiler.book import locale
from compiler.book.assemble import provenance
from compiler.errors import BookError
from compiler.machinery.cache_data import ShapeError, dumps, loads
from compiler.machinery.partial_dates import PartialDate, from_w3cdtf, precision
from compiler.sources import Article
from compiler.sources.dates import ImpossibleDate, VagueDate, parse_date
from compiler.sources.fetch import front_matter
from compiler.sources.front_matter import read_front_matter
from compiler.sources.page_meta import page_metadata

CORPUS = Path(__file__).parent / "corpus"

# --- Reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "iso", "known"),
    [
        ("1911", "1911", "year"),
        (1911, "1911", "year"),  # YAML's unquoted year
        ("March 1911", "1911-03", "month"),
        ("Mar. 1911", "1911-03", "month"),
        ("march, 1911", "1911-03", "month"),
        ("Sept. 1911", "1911-09", "month"),
        ("1911-03", "1911-03", "month"),
        ("1911/3", "1911-03", "month"),
        ("March 2, 1911", "1911-03-02", "day"),
        ("1911-03-02", "1911-03-02", "day"),
    ],
)
def test_a_year_a_month_or_a_day_is_read_with_its_precision(written, iso, known):
    date = parse_date(written)
    assert date is not None and date.isoformat() == iso and precision(date) == known


@pytest.mark.parametrize(
    ("written", "advice"),
    [
        ("Spring 1911", "names a season, and a book's date can only be a year, a month or a day"),
        ("early summer of 1911", "write 1911, or the month if it is known"),
        ("Winter, 1911", "names a season"),
        ("c. 1911", "is an approximate date, and a book's date has no way to say 'about'"),
        ("circa 1911", "write the year, 1911"),
        ("ca. 1911?", "write the year, 1911"),
    ],
)
def test_seasons_and_circa_dates_are_refused_with_what_to_write(written, advice):
    with pytest.raises(VagueDate, match=advice):
        parse_date(written)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("1911-13", "month must be in 1..12"),
        ("1911-00", "month must be in 1..12"),
        ("February 30, 1911", "day is out of range for month"),
        ("0000", "year 0 is out of range"),
    ],
)
def test_impossible_dates_stay_errors(written, reason):
    with pytest.raises(ImpossibleDate, match=reason):
        parse_date(written)


@pytest.mark.parametrize("written", ["the 1910s", "Mayo 1911", "1911 or 1912", "19111"])
def test_what_is_not_a_date_is_not_taken_for_one(written):
    assert parse_date(written) is None


def front_matter_errors(text: str) -> list[str]:
    with pytest.raises(BookError) as caught:
        read_front_matter(text, Path("symbolism.md"))
    return [str(problem) for problem in caught.value.problems]


def test_a_season_in_front_matter_is_a_located_error():
    text = "---\ntitle: The Symbolism of Mathematics\ndate: Spring 1911\n---\nText"
    assert front_matter_errors(text) == [
        "symbolism.md:3:1: 'date': 'Spring 1911' names a season, and a book's date can only be "
        "a year, a month or a day: write 1911, or the month if it is known, such as 'March 1911'"
    ]


def test_a_month_13_in_front_matter_is_a_located_error():
    text = "---\ntitle: The Symbolism of Mathematics\ndate: 1911-13\n---\nText"
    assert front_matter_errors(text) == [
        "symbolism.md:3:1: 'date': '1911-13' is not a real date (month must be in 1..12)"
    ]


def test_an_archive_page_declaring_only_a_year_gives_that_year():
    page = lxml_html.fromstring(
        '<html><head><meta name="DC.date" content="1911"/>'
        "<title>The Symbolism of Mathematics</title></head>"
        "<body><article><p>The first known work is by Bhaskara "
        '(born <time datetime="1114">1114</time> A.D.).</p></article></body></html>'
    )
    date = page_metadata(page).date
    assert date == PartialDate(1911) and precision(date) == "year"


def test_a_time_in_the_text_gives_no_date_to_an_undeclared_page():
    page = lxml_html.fromstring(
        "<html><body><article><p>Bhaskara was born in "
        '<time datetime="1114">1114</time>.</p></article></body></html>'
    )
    assert page_metadata(page).date is None


def test_a_declared_day_wins_over_a_declared_year():
    page = lxml_html.fromstring(
        '<html><head><meta name="DC.date" content="1911"/>'
        '<meta property="article:published_time" content="2011-08-03T20:00:00Z"/></head>'
        "<body><p>Text</p></body></html>"
    )
    assert page_metadata(page).date == dt.date(2011, 8, 3)


# --- The value itself ------------------------------------------------------------------------


def test_a_year_sorts_before_its_months_and_days():
    dates = [
        dt.date(1911, 3, 2),
        PartialDate(1912),
        PartialDate(1911, 3),
        dt.date(1911, 1, 1),
        PartialDate(1911),
        dt.date(1911, 2, 28),
    ]
    assert [d.isoformat() for d in sorted(dates)] == [
        "1911",
        "1911-01-01",
        "1911-02-28",
        "1911-03",
        "1911-03-02",
        "1912",
    ]
    assert max(dates) == PartialDate(1912)


def test_a_year_is_not_the_first_of_january():
    assert PartialDate(1911) != dt.date(1911, 1, 1) and dt.date(1911, 1, 1) != PartialDate(1911)
    assert PartialDate(1911, 1) != PartialDate(1911)
    assert len({PartialDate(1911), PartialDate(1911), dt.date(1911, 1, 1)}) == 2


def test_copying_and_pickling_keep_the_precision():
    for date in (PartialDate(1911), PartialDate(1911, 3)):
        for again in (copy.deepcopy(date), pickle.loads(pickle.dumps(date))):
            assert again == date and again.isoformat() == date.isoformat()


def test_replacing_a_part_keeps_what_is_known_and_naming_a_day_makes_a_day():
    assert PartialDate(1911).replace(year=1912).isoformat() == "1912"
    assert PartialDate(1911, 3).replace(year=1920).isoformat() == "1920-03"
    assert PartialDate(1911).replace(month=2).isoformat() == "1911-02"
    assert PartialDate(1911, 3).replace(day=2) == dt.date(1911, 3, 2)
    assert PartialDate(1911) + dt.timedelta(days=3) == dt.date(1911, 1, 4)


def test_w3cdtf_text_reads_back_to_the_same_date():
    for text in ("1911", "1911-03", "1911-03-02"):
        assert from_w3cdtf(text).isoformat() == text
    for text in ("1911-13", "0000", "1911-3", "March 1911", "1911-03-02T10:00"):
        with pytest.raises(ValueError):
            from_w3cdtf(text)


def test_the_cache_keeps_a_year_a_year():
    for date in (PartialDate(1911), PartialDate(1911, 3), dt.date(1788, 2, 6)):
        article = Article(CORPUS / "whitehead" / "a.md", "The Symbolism of Mathematics", "<p/>")
        article.date = date
        again = loads(dumps(article), Article)
        assert again.date == date and precision(again.date) == precision(date)
    raw = dumps(Article(Path("a.md"), "T", "<p/>", date=PartialDate(1911)))
    assert b'"date":"1911"' in raw
    with pytest.raises(ShapeError):
        loads(raw.replace(b'"date":"1911"', b'"date":"1911-13"'), Article)


def test_fetch_writes_a_year_that_reads_back_as_a_year():
    meta = read_front_matter("---\ntitle: The Symbolism\ndate: 1911\n---\nText", Path("a.md")).meta
    written = front_matter(meta)
    assert "date: 1911\n" in written
    again = read_front_matter(written + "\nText", Path("a.md")).meta.date
    assert again == PartialDate(1911) and precision(again) == "year"


# --- Printing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "day", "month", "year"),
    [
        ("en", "3 August 2011", "March 1911", "1911"),
        ("fr", "3 août 2011", "mars 1911", "1911"),
        ("de", "3. August 2011", "März 1911", "1911"),
        ("ru", "3 августа 2011 г.", "март 1911 г.", "1911 г."),
        ("it", "3 agosto 2011", "marzo 1911", "1911"),
    ],
)
def test_a_date_is_printed_with_no_more_than_is_known(language, day, month, year):
    shown = [
        locale.format_date(d, language)
        for d in (dt.date(2011, 8, 3), PartialDate(1911, 3), PartialDate(1911))
    ]
    assert shown == [day, month, year]


@pytest.mark.parametrize(
    ("language", "day", "month", "year"),
    [
        (
            "en",
            "First published 3 August 2011",
            "First published March 1911",
            "First published 1911",
        ),
        (
            "fr",
            "Première publication le 3 août 2011",
            "Première publication en mars 1911",
            "Première publication en 1911",
        ),
        (
            "de",
            "Erstveröffentlichung am 3. August 2011",
            "Erstveröffentlichung im März 1911",
            "Erstveröffentlichung 1911",
        ),
        (
            "ru",
            "Впервые опубликовано 3 августа 2011 г.",
            "Впервые опубликовано в марте 1911 г.",
            "Впервые опубликовано в 1911 г.",
        ),
    ],
)
def test_the_date_line_takes_the_preposition_the_precision_wants(language, day, month, year):
    lines = [
        provenance(Article(Path("a.md"), "T", "<p/>", date=d), language)
        for d in (dt.date(2011, 8, 3), PartialDate(1911, 3), PartialDate(1911))
    ]
    assert lines == [day, month, year]


def test_a_volume_provenance_template_gets_the_date_as_written():
    article = Article(
        Path("a.md"), "T", "<p/>", date=PartialDate(1911), url="https://example.org/x"
    )
    assert provenance(article, "en", "Published {date} ({site})") == "Published 1911 (example.org)"


def test_a_month_and_year_are_not_broken_across_lines():
    assert locale.unbreakable_dates("First published March 1911.") == (
        "First published March\u00a01911."
    )
    assert locale.unbreakable_dates("Впервые опубликовано в 1911 г.") == (
        "Впервые опубликовано в 1911\u00a0г."
    )


# --- A volume mixing days, months and years --------------------------------------------------


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Four real essays, dated as their sources date them, built to EPUB and print once."""
    root = tmp_path_factory.mktemp("mixed-dates")
    essays = {
        "symbolism.md": (CORPUS / "whitehead" / "the-symbolism-of-mathematics.md", "1911"),
        "lecture-16.md": (CORPUS / "macdowell" / "lecture-16.md", "1912"),
        "federalist-51.md": (CORPUS / "federalist" / "federalist-51.md", "February 6, 1788"),
        "federalist-52.md": (CORPUS / "federalist" / "federalist-52.md", None),
    }
    for name, (source, date) in essays.items():
        text = source.read_text(encoding="utf-8")
        if date:
            text = text.replace("---\n", f"---\ndate: {date}\n", 1)
        (root / name).write_text(text, encoding="utf-8")
    (root / "volume.yaml").write_text(
        "title: Essays Dated as Found\n"
        "authors: [James Madison, Alfred North Whitehead, Edward MacDowell]\n"
        "date: 2026\n"
        "contents:\n"
        "  - federalist-51.md\n"
        "  - {file: federalist-52.md, date: 1788-02}\n"
        "  - symbolism.md\n"
        "  - lecture-16.md\n",
        encoding="utf-8",
    )
    return build(root / "volume.yaml", formats=["epub", "pdf"])


def _epub_text(path: Path, suffix: str) -> str:
    with zipfile.ZipFile(path) as epub:
        return "\n".join(
            epub.read(name).decode("utf-8") for name in epub.namelist() if name.endswith(suffix)
        )


def test_the_epub_records_the_edition_year_as_w3cdtf(mixed):
    opf = _epub_text(mixed.outputs["epub"], ".opf")
    assert "<dc:date>2026</dc:date>" in opf


def test_the_epub_chapters_print_each_date_as_written(mixed):
    pages = _epub_text(mixed.outputs["epub"], ".xhtml")
    for line in (
        "First published 6 February 1788",
        "First published February 1788",
        "First published 1911",
        "First published 1912",
        "This edition published 2026",
    ):
        assert line.replace(" ", "\u00a0") in pages.replace(" ", "\u00a0"), line


def test_the_printed_date_line_reads_1911(mixed):
    pdf = read_pdf(mixed.outputs["pdf"])
    assert pdf.pages_containing("First published 1911")
    assert pdf.pages_containing("First published February 1788")
    assert pdf.pages_containing("This edition published 2026")
    assert not pdf.pages_containing("1 January 1911")


def test_an_edition_dated_by_its_month_is_recorded_as_yyyy_mm(make_volume):
    essay = (CORPUS / "whitehead" / "the-symbolism-of-mathematics.md").read_text(encoding="utf-8")
    volume = make_volume(
        "title: An Introduction to Mathematics\n"
        "author: Alfred North Whitehead\n"
        "date: 1911-03\n"
        "contents: [symbolism.md]\n",
        {"symbolism.md": essay.replace("---\n", "---\ndate: Jan. 1911\n", 1)},
    )
    result = build(volume, formats=["epub"])
    assert "<dc:date>1911-03</dc:date>" in _epub_text(result.outputs["epub"], ".opf")
    pages = _epub_text(result.outputs["epub"], ".xhtml").replace("\u00a0", " ")
    assert "First published January 1911" in pages
    assert "This edition published March 1911" in pages
