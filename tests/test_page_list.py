"""The EPUB's page list follows the print edition word for word.

For every marker, the words after it in the EPUB must be the first words of that page in the
PDF, read back from the PDF itself: on the example books, on a volume of about 300 pages, and
after an incremental rebuild where one essay grew. An EPUB built without a PDF takes the page
list of the last print layout of the same inputs, or has none and says so.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from compiler import build
from compiler.pipeline import BuildResult
from conftest import REPO
from test_ace import ACE, ace_findings

sys.path.insert(0, str(REPO / "bench"))
from volumes import make_volume as bench_volume  # noqa: E402

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
NS = {"h": XHTML, "e": OPS}
HYPHENS = "\u2010\u00ad"
WORDS = 4  # compared after each marker
LEADER = re.compile(r"(?:\.\s*){3,}\S*")  # a contents line's dot leader and page number


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if not c.isspace() and c not in HYPHENS)


def _page_list(epub: Path) -> list[tuple[str, str]]:
    """(folio, href) of each page-list entry, in order."""
    with zipfile.ZipFile(epub) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
    return [
        (a.text, a.get("href"))
        for a in nav.xpath("//h:nav[@e:type='page-list']//h:a", namespaces=NS)
    ]


def _words_after(epub: zipfile.ZipFile, href: str, cache: dict) -> list[str]:
    """The reading-order words after the marker ``href``, note calls and notes left out."""
    name, fragment = href.split("#")
    if name not in cache:
        cache[name] = etree.fromstring(epub.read(f"EPUB/{name}"))
    root = cache[name]
    marker = root.xpath(f"//*[@id='{fragment}']")
    assert marker, href
    assert marker[0].get(f"{{{OPS}}}type") == "pagebreak"
    assert marker[0].get("role") == "doc-pagebreak"
    pieces: list[str] = []
    skip: list[etree._Element] = []
    started = False
    for event, element in etree.iterwalk(root.find(f"{{{XHTML}}}body"), ("start", "end")):
        if event == "start":
            if element is marker[0]:
                started = True
            elif started and not skip:
                classes = (element.get("class") or "").split()
                if "noteref" in classes or "chapter-notes" in classes:
                    skip.append(element)
                elif element.text:
                    pieces.append(element.text)
        else:
            if skip and skip[-1] is element:
                skip.pop()
            if started and not skip and element.tail:
                pieces.append(element.tail)
        if len(" ".join(pieces).split()) > WORDS:
            break
    return " ".join(pieces).split()[:WORDS]


_EXTRACTED: dict[tuple[Path, str], list[str]] = {}


def _pdf_texts(pdf: Path) -> list[str]:
    """Each page's text as pypdf extracts it, read once per PDF (by path and content)."""
    key = (pdf, hashlib.sha256(pdf.read_bytes()).hexdigest())
    if key not in _EXTRACTED:
        _EXTRACTED[key] = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    return _EXTRACTED[key]


def _mismatches(result: BuildResult) -> list[str]:
    """Each marker whose words are not where its page begins in the PDF."""
    texts = [_norm(LEADER.sub("", text)) for text in _pdf_texts(result.outputs["pdf"])]
    printed = {page.folio: page.number for page in result.print_result.pages.pages}
    entries = _page_list(result.outputs["epub"])
    wrong = []
    with zipfile.ZipFile(result.outputs["epub"]) as epub:
        documents: dict = {}
        for folio, href in entries:
            words = _words_after(epub, href, documents)
            expected = _norm("".join(words))
            page = texts[printed[folio] - 1]
            # A table running onto the page repeats its header row above the next row.
            for head in _table_heads(documents[href.split("#")[0]]):
                if page.startswith(head) and not expected.startswith(head):
                    page = page[len(head) :]
            # A page that begins inside a hyphenated word starts with the word's end; the
            # marker stands before the whole word.
            first = len(_norm(words[0])) if words else 0
            if not any(_begins(page, expected[cut:]) for cut in range(max(first, 1))):
                wrong.append(f"p. {folio}: EPUB {' '.join(words)!r}, PDF {page[:40]!r}")
    return wrong


def _table_heads(document: etree._Element) -> list[str]:
    return [_norm("".join(head.itertext())) for head in document.iter(f"{{{XHTML}}}thead")]


def _begins(page: str, words: str) -> bool:
    """Whether the page's text begins with ``words`` (or is all of their beginning: a page
    holding less text than is compared)."""
    return page.startswith(words) or (bool(page) and words.startswith(page))


def _check_complete(result: BuildResult) -> None:
    """One entry per page carrying text, in page order, with the folio as printed."""
    entries = _page_list(result.outputs["epub"])
    pages = result.print_result.pages.pages
    assert [folio for folio, _ in entries] == [page.folio for page in pages]
    with_text = [
        number
        for number, text in enumerate(_pdf_texts(result.outputs["pdf"]), start=1)
        if re.sub(r"[\divxlc\s]", "", text)
    ]
    assert with_text == [page.number for page in pages]
    assert len({href for _, href in entries}) == len(entries)


def _package(epub: Path) -> str:
    with zipfile.ZipFile(epub) as z:
        return z.read("EPUB/content.opf").decode()


@pytest.fixture(scope="module")
def executive(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("pages") / "the-executive"
    shutil.copytree(REPO / "books" / "the-executive", root, ignore=shutil.ignore_patterns("build"))
    return build(root / "volume.yaml")


def test_markers_match_the_pdf_on_the_example_book(example_build: BuildResult) -> None:
    assert _mismatches(example_build) == []
    _check_complete(example_build)


def test_markers_match_the_pdf_on_the_second_example(executive: BuildResult) -> None:
    assert _mismatches(executive) == []
    _check_complete(executive)
    entries = _page_list(executive.outputs["epub"])
    folios = [folio for folio, _ in entries]
    assert folios[0] == "i" and "1" in folios  # roman front matter, arabic body


def test_the_whole_book_layout_finds_the_same_page_starts(
    executive: BuildResult, tmp_path: Path
) -> None:
    single = build(executive.volume.path, tmp_path / "single", single_pass=True)
    assert single.print_result.pages == executive.print_result.pages
    assert _mismatches(single) == []


@pytest.mark.skipif(ACE is None, reason="DAISY Ace is not installed (see docs/ebook.md)")
def test_a_book_with_a_page_list_passes_ace(executive: BuildResult, tmp_path: Path) -> None:
    assert _page_list(executive.outputs["epub"])
    assert ace_findings(executive.outputs["epub"], tmp_path / "ace") == []


def test_package_names_the_print_edition_and_claims_page_navigation(
    example_build: BuildResult, executive: BuildResult
) -> None:
    opf = _package(executive.outputs["epub"])
    assert '<meta property="pageBreakSource">The Executive, First edition (print edition)' in opf
    for feature in ("pageNavigation", "printPageNumbers"):
        assert f'<meta property="schema:accessibilityFeature">{feature}</meta>' in opf
    isbn = example_build.book.meta.isbn_print
    if isbn:
        source = f"urn:isbn:{isbn.replace('-', '')}"
        assert f'property="pageBreakSource">{source}</meta>' in _package(
            example_build.outputs["epub"]
        )


def test_epub_alone_takes_the_last_print_layout_or_none(
    executive: BuildResult, tmp_path: Path
) -> None:
    volume = executive.volume.path
    alone = build(volume, tmp_path / "alone", formats=["epub"])
    assert _page_list(alone.outputs["epub"]) == _page_list(executive.outputs["epub"])
    assert not [n for n in alone.notes if "page list" in n.message]

    fresh = build(volume, tmp_path / "fresh", formats=["epub"], cache_dir=tmp_path / "empty")
    assert _page_list(fresh.outputs["epub"]) == []
    opf = _package(fresh.outputs["epub"])
    assert "pageBreakSource" not in opf and "pageNavigation" not in opf
    assert [n for n in fresh.notes if "no page list" in n.message]


@pytest.fixture(scope="module")
def long_volume(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    volume = bench_volume(tmp_path_factory.mktemp("long") / "volume", 45)
    return volume, build(volume)


def test_markers_match_a_300_page_volume(long_volume: tuple[Path, BuildResult]) -> None:
    _, result = long_volume
    assert result.print_result.page_count >= 280
    assert _mismatches(result) == []
    _check_complete(result)


def test_markers_follow_an_essay_that_grew(long_volume: tuple[Path, BuildResult]) -> None:
    volume, first = long_volume
    essay = sorted((volume.parent / "articles").iterdir())[2]
    text = essay.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if len(p) > 200 and not p.startswith("#")]
    essay.write_text(text + "\n\n" + "\n\n".join(paragraphs[:6]) + "\n", encoding="utf-8")
    again = build(volume)
    assert again.layout is not None and again.layout.cached > 0
    assert again.print_result.page_count > first.print_result.page_count
    assert _mismatches(again) == []
    _check_complete(again)


# -- placing markers, without a layout --------------------------------------------------------

CHAPTER = (
    '<section class="chapter" id="ch001" epub:type="chapter">'
    '<h1 class="chapter-title">On <em>Energy</em></h1>'
    "<p>First paragraph of the essay.</p>"
    '<p>A call<a class="noteref" href="#ch001-note-1" epub:type="noteref">1</a> then'
    " <em>emphasised</em> words and a hyphen\u00adated one.</p>"
    '<section class="chapter-notes"><aside id="ch001-note-1"><p>The note.</p></aside></section>'
    "</section>"
)


def _marked(*positions: tuple[str, int, int]) -> tuple[str, list]:
    from compiler.book.page_map import PageMap, PrintedPage, TextPosition
    from compiler.book.render import Page
    from compiler.epub.page_list import mark_pages

    pages = PageMap(
        [
            PrintedPage(number, str(number), TextPosition(*position))
            for number, position in enumerate(positions, start=1)
        ]
    )
    marked, markers = mark_pages([Page("ch001", "On Energy", "chapter", CHAPTER)], pages)
    return marked[0].html, markers


def _after(html: str, folio: str) -> str:
    tail = html.split(f'aria-label="{folio}"></span>', 1)[1]
    return re.sub(r"<[^>]+>", "", tail)[:30]


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (("ch001", 1, 0), "On Energy"),  # the title
        (("ch001", 1, 2), "Energy"),  # at the start of an inline element: before it
        (("ch001", 2, 5), "paragraph of"),  # "First|paragraph"
        (("ch001", 2, 8), "paragraph of"),  # inside a word: before the word
        (("ch001", 3, 5), "then emphasised"),  # the note's number is not counted
        (("ch001", 3, 13), "emphasised words"),
        (("ch001", 3, 37), "hyphen\u00adated one."),  # "hyphen-|ated" across two pages
    ],
)
def test_a_marker_stands_before_the_word_its_page_begins_with(position, expected) -> None:
    html, markers = _marked(position)
    assert _after(html, "1").startswith(expected)
    assert [(m.folio, m.href) for m in markers] == [("1", "ch001.xhtml#page-1")]
    assert html.count('epub:type="pagebreak"') == 1
    assert 'role="doc-pagebreak" id="page-1"' in html


def test_a_page_of_print_only_closing_matter_is_marked_before_the_notes() -> None:
    from compiler.book.page_map import END

    html, markers = _marked(("ch001", 2, 0), ("ch001", END, 0))
    assert len(markers) == 2
    assert html.index('id="page-2"') < html.index('class="chapter-notes"')
    assert html.index('id="page-2"') > html.index("hyphen")


def test_a_position_the_epub_does_not_have_gets_no_marker() -> None:
    html, markers = _marked(("ch001", 1, 0), ("ch001", 40, 0), ("ch001", 2, 900))
    assert [m.folio for m in markers] == ["1"]
    assert html.count('epub:type="pagebreak"') == 1


# The Avalon Project (Yale Law School) publishes each Federalist paper at its own address.
FEDERALIST_INDEX = "\n".join(
    f"- [The Federalist No. {n}](https://avalon.law.yale.edu/18th_century/fed{n:02d}.asp)"
    for n in range(1, 86)
)
# Who wrote each paper, as the scholarly consensus attributes them.
JAY = {2, 3, 4, 5, 64}
MADISON = {10, 14, *range(37, 59), 62, 63}
JOINT = {18, 19, 20}


def _author(number: int) -> str:
    if number in JAY:
        return "John Jay"
    if number in MADISON:
        return "James Madison"
    return "Madison and Hamilton" if number in JOINT else "Alexander Hamilton"


FEDERALIST_AUTHORS = "| No. | Author |\n|---|---|\n" + "\n".join(
    f"| {n} | {_author(n)} |" for n in range(1, 86)
)


def test_print_only_lists_and_repeated_table_heads_keep_the_pages_right(
    make_volume, tmp_path
) -> None:
    """With ``print.links: endnotes`` a long list of addresses closes a chapter on paper only:
    its pages are in the page list all the same, at the end of the chapter's text. A table's
    header row, repeated at the top of each page it runs onto, is not where the page begins.
    """
    volume = make_volume(
        "title: The Federalist Online\nauthor: Alexander Hamilton\nlanguage: en\n"
        "print: {trim: 5x8in, links: endnotes}\n"
        "contents:\n  - articles/index.md\n  - articles/authors.md\n",
        {
            "articles/index.md": f"---\ntitle: Where to Read Them\n---\n\n{FEDERALIST_INDEX}\n",
            "articles/authors.md": f"---\ntitle: Who Wrote Them\n---\n\n{FEDERALIST_AUTHORS}\n",
        },
    )
    result = build(volume, tmp_path / "out")
    pages = result.print_result.pages.pages
    assert [p for p in pages if p.start.block < 0], "the addresses should fill pages of their own"
    table = [p for p in pages if p.start.section == "ch002"]
    assert len(table) >= 3, "the table should run over several pages"
    assert _mismatches(result) == []
    _check_complete(result)
    texts = [_pdf_texts(result.outputs["pdf"])[p.number - 1] for p in table]
    assert all("No." in text and "Author" in text for text in texts[1:])  # heads repeated


def test_any_position_is_found_on_its_printed_page() -> None:
    from compiler.book.page_map import END, PageMap, PrintedPage, TextPosition

    pages = PageMap(
        [
            PrintedPage(9, "1", TextPosition("ch001", 2, 0)),
            PrintedPage(10, "2", TextPosition("ch001", 7, 119)),
            PrintedPage(11, "3", TextPosition("ch001", END, 0)),
            PrintedPage(13, "5", TextPosition("ch002", 2, 0)),
        ]
    )
    order = ["toc", "ch001", "ch002"]

    def folio(section: str, block: int, offset: int) -> str | None:
        page = pages.page_at(TextPosition(section, block, offset), order)
        return page.folio if page else None

    assert folio("ch001", 7, 118) == "1"
    assert folio("ch001", 7, 119) == "2"
    assert folio("ch001", 40, 0) == "2"
    assert folio("ch001", END, 3) == "3"
    assert folio("ch002", 9, 10) == "5"
    assert folio("toc", 1, 0) is None
