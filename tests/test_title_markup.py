"""A volume's title and subtitle with Markdown emphasis: roman in italic where they are set,
plain text in the EPUB's and the PDF's metadata and the running heads, the rest escaped."""

from __future__ import annotations

import re
import zipfile

import pytest
from pypdf import PdfReader

from checks import epubcheck_problems
from compiler import build
from compiler.book.title_markup import break_lines, markup, plain

SUBTITLE = "Essays from *The Federalist*, Numbers 1 to 45"
TITLE = "The <b>Federal</b> & _Bold_ Papers"  # markup the editor did not mean as markup
ESSAY = """---
title: The Same Subject Continued
---

{text}
"""
PARAGRAPH = (
    "The accumulation of all powers, legislative, executive, and judiciary, in the same hands, "
    "whether of one, a few, or many, may justly be pronounced the very definition of tyranny. "
)


def test_emphasis_is_read_and_everything_else_escaped():
    assert plain(SUBTITLE) == "Essays from The Federalist, Numbers 1 to 45"
    assert markup(SUBTITLE) == "Essays from <em>The Federalist</em>, Numbers 1 to 45"
    assert markup(TITLE) == "The &lt;b&gt;Federal&lt;/b&gt; &amp; <em>Bold</em> Papers"
    assert plain(TITLE) == "The <b>Federal</b> & Bold Papers"
    # No emphasis: no markup, the title is set as plain text as before.
    assert markup("The Federalist Papers") is None
    # Marks inside words, escaped, or with nothing to close them stay as written.
    assert plain(r"snake_case_name, \*not\* this, 2 * 3 = 6") == (
        "snake_case_name, *not* this, 2 * 3 = 6"
    )
    assert plain("**Strong** words") == "Strong words"


def test_lines_cut_on_the_text_keep_the_markup_whole():
    marked = "Essays from <em>The Federalist</em>, Numbers 1 to 45 &amp; More"
    lines = ["Essays from The", "Federalist, Numbers 1 to 45 & More"]
    assert break_lines(marked, lines) == (
        "Essays from <em>The<br/>Federalist</em>, Numbers 1 to 45 &amp; More"
    )
    # Lines that are not this text come out as escaped lines, as without markup.
    assert break_lines(marked, ["Other words", "& more"]) == "Other words<br/>&amp; more"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("title-markup")
    (root / "articles").mkdir()
    (root / "articles" / "no-47.md").write_text(
        ESSAY.format(text="\n\n".join([PARAGRAPH * 6] * 12)), encoding="utf-8"
    )
    (root / "volume.yaml").write_text(
        f"title: '{TITLE}'\n"
        f"subtitle: '{SUBTITLE}'\n"
        "authors: [James Madison]\n"
        "language: en\n"
        "date: 2026-11-01\n"
        "contents:\n  - articles/no-47.md\n",
        encoding="utf-8",
    )
    return build(root / "volume.yaml", formats=["epub", "pdf", "cover"])


def _fonts_of(reader: PdfReader, index: int) -> list[tuple[str, str]]:
    """(text, font name) as pypdf reads each run of a page."""
    found: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip() and font is not None:
            found.append((text, str(font.get("/BaseFont", ""))))

    reader.pages[index].extract_text(visitor_text=visit)
    return found


def test_the_epub_has_plain_metadata_and_emphasis_on_its_title_page(built):
    epub = built.outputs["epub"]
    assert epubcheck_problems(epub) == []
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        opf = book.read(next(n for n in names if n.endswith(".opf"))).decode()
        pages = "".join(book.read(n).decode() for n in names if n.endswith(".xhtml"))
    titles = re.findall(r"<dc:title[^>]*>([^<]*)</dc:title>", opf)
    assert titles == [
        "The &lt;b&gt;Federal&lt;/b&gt; &amp; Bold Papers",
        "Essays from The Federalist, Numbers 1 to 45",
    ]
    assert "*" not in opf
    subtitle = re.search(r'<p class="book-subtitle">(.*?)</p>', pages, re.DOTALL)
    assert subtitle and "<em>The\u00a0Federalist</em>" in subtitle[1]
    title = re.search(r'<h1 class="book-title">(.*?)</h1>', pages, re.DOTALL)
    assert title and "&lt;b&gt;Federal&lt;/b&gt;" in title[1] and "<em>Bold</em>" in title[1]
    assert "<b>" not in pages and "*" not in pages


def test_the_pdf_sets_emphasis_roman_in_the_italic_subtitle(built):
    reader = PdfReader(str(built.outputs["pdf"]))
    assert reader.metadata.title == "The <b>Federal</b> & Bold Papers"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "*" not in text and "Essays from The Federalist, Numbers 1 to 45" in text
    title_page = next(
        i for i, page in enumerate(reader.pages) if "Numbers" in (page.extract_text() or "")
    )
    fonts = _fonts_of(reader, title_page)
    roman = " ".join(t for t, font in fonts if "Italic" not in font)
    italic = " ".join(t for t, font in fonts if "Italic" in font)
    assert "Federalist" in roman and "Federalist" not in italic
    assert "Essays" in italic and "Numbers" in italic
    # The book title heads the versos as plain text.
    lines = [
        line.strip("0123456789 ")
        for page in reader.pages[title_page + 2 :]
        for line in (page.extract_text() or "").splitlines()
    ]
    assert "The <b>Federal</b> & Bold Papers" in lines


def test_the_cover_sets_emphasis_roman_in_the_italic_subtitle(built):
    reader = PdfReader(str(built.outputs["cover"]))
    fonts = _fonts_of(reader, 0)
    text = " ".join(t for t, _ in fonts)
    assert "*" not in text and "<b>" in text
    roman = " ".join(t for t, font in fonts if "Italic" not in font)
    italic = " ".join(t for t, font in fonts if "Italic" in font)
    assert "Federalist" in roman and "Essays" in italic and "Federalist" not in italic
