"""The EPUB's package and pages: metadata computed from the book, standard semantics only."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from checks import NS
from compiler.book.assemble import author_sort
from compiler.epub.metadata import Content, features, summary

CORPUS = Path(__file__).resolve().parent / "corpus"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Quotations in their own languages, all in the public domain: Tolstoy's opening of *Anna
# Karenina* (1878), Goethe's last words as Coudray reported them, the Delphic maxim.
QUOTATIONS = """\
---
title: On Quotations in Other Tongues
short_title: Other Tongues
canonical_url: https://www.gutenberg.org/ebooks/16340
tags: [music, translation]
keywords: Tolstoy, Goethe
---

Tolstoy opens his novel with a sentence every translator measures himself against:
«Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива
по-своему.»

Goethe is said to have asked for [Mehr Licht!]{lang=de} at the last, and the oracle at
Delphi told every visitor γνῶθι σεαυτόν.

### **A heading that was only bold**

#### A heading two levels down

![The first page of the score](score.png)
"""

VOLUME = """\
title: Critical and Historical Essays
author: Edward MacDowell
{author_sort}
language: en
rights: "*Critical and Historical Essays* (1912) is in the public domain."
license:
  name: Creative Commons CC0 1.0 Universal
  url: https://creativecommons.org/publicdomain/zero/1.0/
blurb: |
  Lectures on the *origin* of music, given at Columbia University.
{a11y}
contents:
  - part: Beginnings
    articles:
      - file: articles/lecture-01.md
        url: https://www.gutenberg.org/files/16340/16340-h/16340-h.htm
      - articles/quotations.md
"""
# Who evaluated the described book (EPUB Accessibility 1.1's evaluator, a11y:certifiedBy).
A11Y = """\
a11y:
  certified_by: Benetech
  credential: Global Certified Accessible
  report: https://bornaccessible.benetech.org/reports/critical-and-historical-essays
"""


def _book(root: Path, *, alt: bool, author_sort: str = "", a11y: str = ""):
    from compiler import build

    (root / "articles").mkdir(parents=True)
    shutil.copy(CORPUS / "macdowell" / "lecture-01.md", root / "articles" / "lecture-01.md")
    Image.new("RGB", (200, 120), (90, 90, 90)).save(root / "articles" / "score.png")
    text = QUOTATIONS
    if not alt:
        text = text.replace("![The first page of the score]", "![]")
    (root / "articles" / "quotations.md").write_text(text, encoding="utf-8")
    (root / "volume.yaml").write_text(
        VOLUME.format(author_sort=author_sort, a11y=a11y), encoding="utf-8"
    )
    result = build(root / "volume.yaml", formats=["epub"])
    result.epub_warnings = [str(w) for w in result.warnings]  # type: ignore[attr-defined]
    return result


@pytest.fixture(scope="module")
def described(tmp_path_factory: pytest.TempPathFactory):
    return _book(tmp_path_factory.mktemp("described"), alt=True, a11y=A11Y)


@pytest.fixture(scope="module")
def undescribed(tmp_path_factory: pytest.TempPathFactory):
    return _book(
        tmp_path_factory.mktemp("undescribed"), alt=False, author_sort="author_sort: MacDowell, E."
    )


def _xml(epub: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as z:
        return etree.fromstring(z.read(name))


def _opf(result) -> etree._Element:
    return _xml(result.outputs["epub"], "EPUB/content.opf")


def _meta(opf: etree._Element, prop: str) -> list[str]:
    return opf.xpath(f"//opf:meta[@property='{prop}']/text()", namespaces=NS)


def test_package_names_its_language(described):
    assert _opf(described).get(XML_LANG) == "en"


def test_description_subjects_rights_and_file_as(described):
    opf = _opf(described)
    assert opf.xpath("//dc:description/text()", namespaces=NS) == [
        "Lectures on the origin of music, given at Columbia University."
    ]
    assert opf.xpath("//dc:subject/text()", namespaces=NS) == [
        "music",
        "translation",
        "Tolstoy",
        "Goethe",
    ]
    (rights,) = opf.xpath("//dc:rights/text()", namespaces=NS)
    assert rights.startswith("Critical and Historical Essays (1912) is in the public domain.")
    assert "CC0 1.0" in rights and "*" not in rights
    assert _meta(opf, "file-as") == ["MacDowell, Edward"]


def test_each_essays_first_publication_is_a_source(described, undescribed):
    expected = [
        "https://www.gutenberg.org/files/16340/16340-h/16340-h.htm",  # volume.yaml's url
        "https://www.gutenberg.org/ebooks/16340",  # the article's canonical_url
    ]
    assert _opf(described).xpath("//dc:source/text()", namespaces=NS) == expected
    assert _opf(undescribed).xpath("//dc:source/text()", namespaces=NS) == expected


def test_essay_sources_come_before_the_print_editions_whenever_it_is_added():
    """DAISY Ace takes the last dc:source as the one a page list comes from."""
    from ebooklib import epub

    from compiler.book.model import Book, BookMeta, Chapter
    from compiler.epub.metadata import add_essay_sources

    chapter = Chapter(
        "ch001", 1, "Federalist No. 51", "<p>Text.</p>", Path("federalist-51.md"),
        url="https://guides.loc.gov/federalist-papers/text-51-60",
    )  # fmt: skip
    book = Book(BookMeta(title="The Federalist", language="en"), [chapter])
    package = epub.EpubBook()
    package.add_metadata("DC", "source", "urn:isbn:9780451528810", {"id": "print-edition"})
    add_essay_sources(package, book)
    sources = [value for value, _ in package.metadata[epub.NAMESPACES["DC"]]["source"]]
    assert sources == [chapter.url, "urn:isbn:9780451528810"]


def test_the_evaluator_is_named_with_credential_and_report(described, undescribed):
    opf = _opf(described)
    (certifier,) = opf.xpath("//opf:meta[@property='a11y:certifiedBy']", namespaces=NS)
    assert certifier.text == "Benetech"
    refining = f"#{certifier.get('id')}"
    (credential,) = opf.xpath("//opf:meta[@property='a11y:certifierCredential']", namespaces=NS)
    assert (credential.text, credential.get("refines")) == ("Global Certified Accessible", refining)
    (report,) = opf.xpath("//opf:link[@rel='a11y:certifierReport']", namespaces=NS)
    assert report.get("refines") == refining
    assert report.get("href").endswith("/reports/critical-and-historical-essays")
    # Nobody is named as having checked a book whose volume does not say so.
    assert not _opf(undescribed).xpath("//*[starts-with(@property, 'a11y:')]")


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("a11y:\n  credential: GCA\n", "missing required key 'certified_by' in 'a11y'"),
        ("a11y:\n  certified_by: Benetech\n  report: reports/book.html\n", "web address"),
        ("a11y:\n  certified: Benetech\n", "did you mean 'certified_by'"),
    ],
)
def test_a11y_block_mistakes_are_located(make_volume, block, message):
    from compiler.config import load_volume
    from compiler.errors import BookError

    volume = make_volume(f"title: T\n{block}contents: [a.md]\n", {"a.md": "# A\n\nText.\n"})
    with pytest.raises(BookError, match=message) as caught:
        load_volume(volume)
    (problem,) = caught.value.problems
    assert problem.line in (2, 3, 4)


def test_author_sort_overrides_the_derived_name(undescribed):
    assert _meta(_opf(undescribed), "file-as") == ["MacDowell, E."]


def test_author_sort_must_match_the_authors(make_volume):
    from compiler.config import load_volume
    from compiler.errors import BookError

    volume = make_volume(
        "title: T\nauthor: Edward MacDowell\nauthor_sort: [MacDowell, Edward, Other]\n"
        "contents: [a.md]\n",
        {"a.md": "# A\n\nText.\n"},
    )
    with pytest.raises(BookError, match="'author_sort' gives 3 name"):
        load_volume(volume)


@pytest.mark.parametrize(
    ("name", "filed"),
    [
        ("Edward MacDowell", "MacDowell, Edward"),
        ("Ludwig van Beethoven", "van Beethoven, Ludwig"),
        ("Martin Luther King Jr.", "King, Martin Luther, Jr."),
        ("The Saker", "The Saker"),
        ("Publius", "Publius"),
        ("Hamilton, Alexander", "Hamilton, Alexander"),
    ],
)
def test_author_names_are_filed_surname_first(name, filed):
    assert author_sort(name) == filed


def test_accessibility_metadata_follows_the_content(described):
    opf = _opf(described)
    features = _meta(opf, "schema:accessibilityFeature")
    assert features[0] == "alternativeText"
    assert {"tableOfContents", "readingOrder", "structuralNavigation"} <= set(features)
    assert "displayTransformability" in features
    assert _meta(opf, "schema:accessMode") == ["textual", "visual"]
    assert _meta(opf, "schema:accessModeSufficient") == ["textual"]
    (summary,) = _meta(opf, "schema:accessibilitySummary")
    assert "Every image has a text description" in summary
    assert "other languages" in summary
    assert "Notes are linked to and from the text" in summary  # lecture-01 has two
    assert _meta(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]


def test_an_image_without_alt_text_costs_the_claims_and_is_named(undescribed):
    opf = _opf(undescribed)
    assert "alternativeText" not in _meta(opf, "schema:accessibilityFeature")
    assert _meta(opf, "dcterms:conformsTo") == []
    assert _meta(opf, "schema:accessModeSufficient") == ["textual,visual"]
    (warning,) = [w for w in undescribed.epub_warnings if "alt text" in w]
    assert "quotations.md" in warning and "On Quotations in Other Tongues" in warning


def test_pages_use_standard_semantics_only(described):
    with zipfile.ZipFile(described.outputs["epub"]) as z:
        pages = [n for n in z.namelist() if n.endswith(".xhtml")]
        texts = {n: z.read(n).decode() for n in pages}
    assert not any("z3998" in text for text in texts.values())
    assert not any("seriespage" in text for text in texts.values())
    divisions = {
        name: _xml(described.outputs["epub"], name).find("x:body", NS).get(f"{{{NS['epub']}}}type")
        for name in pages
        if not name.endswith("nav.xhtml")
    }
    assert divisions["EPUB/titlepage.xhtml"] == "frontmatter"
    assert divisions["EPUB/part01.xhtml"] == "bodymatter"
    assert divisions["EPUB/ch002.xhtml"] == "bodymatter"


def test_ncx_depth_and_short_titles_in_the_contents(described):
    ncx = _xml(described.outputs["epub"], "EPUB/toc.ncx")
    (depth,) = ncx.xpath("//ncx:meta[@name='dtb:depth']/@content", namespaces=NS)
    assert depth == "2"
    labels = ncx.xpath("//ncx:navLabel/ncx:text/text()", namespaces=NS)
    assert "Other Tongues" in labels
    nav = _xml(described.outputs["epub"], "EPUB/nav.xhtml")
    assert "Other Tongues" in nav.xpath("//x:nav[@epub:type='toc']//x:a/text()", namespaces=NS)
    assert not nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)


def test_passages_in_other_languages_are_tagged(described):
    page = _xml(described.outputs["epub"], "EPUB/ch002.xhtml")
    assert page.get("lang") == "en" and page.get(XML_LANG) == "en"
    tagged = {
        el.get("lang"): " ".join(el.xpath("string()").split())
        for el in page.xpath("//x:body//*[@lang]", namespaces=NS)
    }
    assert tagged["ru"].startswith("Все счастливые семьи") and tagged["ru"].endswith("по-своему")
    assert tagged["de"] == "Mehr Licht!"
    assert tagged["el"] == "γνῶθι σεαυτόν"
    for element in page.xpath("//x:body//*[@lang]", namespaces=NS):
        assert element.get(XML_LANG) == element.get("lang")


def test_headings_sit_under_the_chapter_title(described):
    page = _xml(described.outputs["epub"], "EPUB/ch002.xhtml")
    body = page.xpath("//x:div[@class='chapter-body']", namespaces=NS)[0]
    headings = [
        (el.tag.split("}")[1], el.xpath("string()"))
        for el in body.iter()
        if isinstance(el.tag, str) and el.tag.split("}")[1] in {"h2", "h3", "h4"}
    ]
    assert headings == [("h2", "A heading that was only bold"), ("h3", "A heading two levels down")]
    assert not body.xpath(".//x:h2/x:strong", namespaces=NS)


def test_summary_claims_only_what_the_book_has():
    plain = summary(Content())
    assert "Notes" not in plain and "image" not in plain and "languages" not in plain
    assert "alternativeText" not in features(Content())  # no images: nothing to describe
    assert "alternativeText" not in features(Content(images=2, images_without_alt=1))
    assert "alternativeText" in features(Content(images=2))
