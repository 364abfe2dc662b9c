"""The back-of-book index: volume.yaml terms and marks in the text, in both editions.

The example book's index is read back from its PDF: every page number it prints must be a
page where the term (or one of its spellings) occurs, and exactly the pages its anchors fell
on. Its EPUB index must link to ids that exist. Smaller volumes check what is and is not
searched, the configuration's errors and the localised heading without laying out a PDF.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
import regex
from lxml import etree
from pypdf import PdfReader

from compiler import build
from compiler.book.assemble import assemble
from compiler.book.model import IndexEntry, Section
from compiler.config import load_volume
from compiler.epub.writer import build_package
from compiler.errors import BookError, Diagnostics
from compiler.interior.index_pages import runs

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _index(book) -> Section:
    return next(s for s in book.back if s.kind == "index")


def _entries(section: Section) -> list[tuple[IndexEntry, IndexEntry | None]]:
    """Every entry with its parent (None for a main heading)."""
    out: list[tuple[IndexEntry, IndexEntry | None]] = []
    for group in section.index:
        for entry in group.entries:
            out.append((entry, None))
            out.extend((sub, entry) for sub in entry.subentries)
    return out


def _plain(text: str) -> str:
    """The page's text with words hyphenated at a line end made whole again (the layout's
    hyphen is U+2010), so an indexed word broken over two lines is found."""
    return unicodedata.normalize("NFKC", text.replace("\u2010\n", ""))


def _listed_pages(index_text: str, term: str, after: str = "") -> list[int]:
    """The page numbers printed after ``term`` (ranges expanded), from the index's text."""
    start = index_text.index(after) if after else 0
    match = re.search(re.escape(term) + r",\s*((?:\d+(?:–\d+)?(?:,\s*)?)+)", index_text[start:])
    assert match, f"{term!r} has no page numbers in the printed index"
    pages: list[int] = []
    for piece in re.split(r",\s*", match.group(1).strip().rstrip(",")):
        first, _, last = piece.partition("–")
        pages.extend(range(int(first), int(last or first) + 1))
    return pages


def test_every_printed_page_number_is_a_page_where_the_term_occurs(example_build):
    book, result = example_build.book, example_build.print_result
    reader = PdfReader(example_build.outputs["pdf"])
    texts = [_plain(page.extract_text()) for page in reader.pages]
    anchors = result.anchors
    body_start = anchors["part01"]
    index_text = "\n".join(texts[anchors["index"] - 1 :])
    assert index_text.lstrip().startswith("Index")
    declared = {term.term: term for term in example_build.volume.index.terms}
    checked = 0
    for entry, parent in _entries(_index(book)):
        if not entry.locators:
            continue
        term = declared.get(parent.term if parent else entry.term)
        if parent is not None and term is not None:
            term = next(s for s in term.subentries if s.term == entry.term)
        spellings = term.patterns if term is not None else (re.escape(entry.term),)
        found = regex.compile("|".join(f"(?:{p})" for p in spellings), regex.I)
        listed = _listed_pages(index_text, entry.term, after=parent.term if parent else "")
        assert listed == sorted(set(listed)), f"{entry.term}: pages repeated or out of order"
        for folio in listed:
            page_text = texts[body_start + folio - 2]
            assert found.search(page_text), f"{entry.term!r} is not on page {folio}"
            checked += 1
        # Exactly the pages its anchors fell on: none missing, none invented.
        expected = sorted({anchors[place.anchor] - body_start + 1 for place in entry.locators})
        assert listed == expected, entry.term
    assert checked > 50
    # Ranges were merged, "see also" printed, the author's own mark in lecture 16 indexed.
    assert re.search(r"\d–\d", index_text)
    assert "See also" in index_text
    assert "Palestrina" in index_text


def test_see_also_is_never_split_over_two_lines(example_build):
    """The example's index had "…31–38. See" ending a line and "also legislature" starting
    the next: the two words are one label and stay on one line."""
    reader = PdfReader(example_build.outputs["pdf"])
    first = example_build.print_result.anchors["index"] - 1
    index_text = "\n".join(page.extract_text() for page in reader.pages[first:])
    assert index_text.count("See also") >= 3
    assert not re.search(r"\bSee\s*\n\s*also\b", index_text)


def test_index_numbers_are_links_to_the_places(example_build):
    reader = PdfReader(example_build.outputs["pdf"])
    anchors = example_build.print_result.anchors
    destinations = reader.named_destinations
    page = reader.pages[anchors["index"] - 1]
    targets = [a.get_object().get("/Dest") for a in page.get("/Annots", [])]
    ix_targets = [name for name in targets if name and "-ix-" in str(name)]
    assert len(ix_targets) > 10
    for name in ix_targets:
        assert reader.get_destination_page_number(destinations[name]) + 1 == anchors[name]


def test_the_epub_index_links_every_occurrence_and_is_in_nav_and_landmarks(example_build):
    with zipfile.ZipFile(example_build.outputs["epub"]) as epub:
        documents = {
            name: etree.fromstring(epub.read(name))
            for name in epub.namelist()
            if name.endswith(".xhtml")
        }
    index = documents["EPUB/index.xhtml"]
    assert index.xpath("//x:section[@epub:type='index']", namespaces=NS)
    assert index.xpath("//x:li[@epub:type='index-entry']", namespaces=NS)
    locators = index.xpath("//x:a[@epub:type='index-locator']", namespaces=NS)
    places = sum(len(entry.locators) for entry, _ in _entries(_index(example_build.book)))
    assert len(locators) == places
    for link in [*locators, *index.xpath("//x:span[@epub:type]//x:a", namespaces=NS)]:
        file, _, fragment = link.get("href").partition("#")
        target = documents[f"EPUB/{file}"] if file else index
        assert target.xpath(f"//*[@id='{fragment}']"), link.get("href")
    # The words themselves are anchored, never a heading.
    chapter = documents["EPUB/ch010.xhtml"]
    marks = chapter.xpath("//x:span[@class='index-mark']", namespaces=NS)
    assert "Lukashenko" in [m.text for m in marks]
    assert not chapter.xpath("//x:h1//x:span[@class='index-mark']", namespaces=NS)
    nav = documents["EPUB/nav.xhtml"]
    assert nav.xpath("//x:nav[@epub:type='toc']//x:a[@href='index.xhtml']", namespaces=NS)
    assert nav.xpath(
        "//x:nav[@epub:type='landmarks']//x:a[@epub:type='index'][@href='index.xhtml']",
        namespaces=NS,
    )


ARTICLE = """\
---
title: On the Separation of Powers
---

## Montesquieu and the judges

The oracle who is always consulted on this subject is the celebrated Montesquieu.[^1]
The judges of [the Baron]{.index data-index="Montesquieu" data-index-sub="on judges"} are
no exception; the `Montesquieu` of code is never indexed.

<p>The separate departments, as <span data-index="Montesquieu">he</span> wrote.</p>

In New York, as [Locke]{.index} held, the senate of New York and York itself.

[^1]: Montesquieu, *The Spirit of Laws*, Book XI.
"""

VOLUME = """\
title: Checks
language: {language}
contents: [essay.md]
index:
  notes: {notes}
  terms:
    - Montesquieu
    - term: separation of powers
      aliases: ["separate departments"]
    - term: departments
      see: separation of powers
    - Hamilton
    - New York
    - York
"""


def _assembled(make_volume, language: str = "en", notes: bool = False):
    volume = load_volume(
        make_volume(
            VOLUME.format(language=language, notes=str(notes).lower()), {"essay.md": ARTICLE}
        )
    )
    diagnostics = Diagnostics()
    return assemble(volume, diagnostics).book, diagnostics


def test_back_matter_opening_with_the_index_is_one_landmark(make_volume):
    """The index that opens the back matter is marked once, as the index: a "backmatter"
    landmark to the same page listed "Index" twice in a reader's guide."""
    book, _ = _assembled(make_volume)
    assert book.back[0].kind == "index"
    package, _ = build_package(book)
    to_index = [mark for mark in package.guide if mark["href"] == "index.xhtml"]
    assert [mark["type"] for mark in to_index] == ["index"]
    assert {"toc", "bodymatter"} <= {mark["type"] for mark in package.guide}


def test_terms_and_marks_are_found_in_the_text_only(make_volume):
    book, diagnostics = _assembled(make_volume)
    entries = {entry.term: (entry, parent) for entry, parent in _entries(_index(book))}
    montesquieu = entries["Montesquieu"][0]
    # Once in the text and once by the HTML mark; the heading, the code and the note not.
    assert len(montesquieu.locators) == 2
    assert [s.term for s in montesquieu.subentries] == ["on judges"]
    assert len(entries["separation of powers"][0].locators) == 1
    assert entries["departments"][0].see == (
        ("separation of powers", "index-separation-of-powers"),
    )
    chapter = next(book.chapters())
    body = etree.fromstring(f"<div>{chapter.body}</div>")
    assert body.xpath("//h2[not(.//span)]") and body.xpath("//code[.='Montesquieu']")
    assert "data-index" not in chapter.body
    assert all("index-mark" not in note.html for note in chapter.notes)
    # A mark without data-index indexes its own words; the longer of two names wins.
    assert len(entries["Locke"][0].locators) == 1
    assert len(entries["New York"][0].locators) == 2
    assert len(entries["York"][0].locators) == 1
    # A declared term found nowhere is a located warning, and left out.
    assert "Hamilton" not in entries
    (warning,) = [w for w in diagnostics.warnings if "Hamilton" in w.message]
    assert (warning.line, warning.col) == (12, 7)


def test_notes_are_searched_when_asked(make_volume):
    book, _ = _assembled(make_volume, notes=True)
    montesquieu = next(e for e, _ in _entries(_index(book)) if e.term == "Montesquieu")
    assert len(montesquieu.locators) == 3
    chapter = next(book.chapters())
    assert 'id="ch001-ix-' in chapter.notes[0].html


def test_an_alias_that_sees_past_its_paragraph_is_matched_paragraph_by_paragraph(make_volume):
    """Aliases are first looked for in a whole chapter at once; one whose anchors make it
    depend on where its paragraph begins is still matched in each paragraph on its own."""
    text = (
        "The Senate met at noon. The House did not.\n\n"
        "The senators *disagreed*; the Senate adjourned.\n\n"
        "Tyrants rose, and *tyrants* fell.\n"
    )
    yaml_text = (
        "title: Checks\ncontents: [essay.md]\nindex:\n  terms:\n"
        '    - {term: opening words, aliases: ["^The"]}\n'
        "    - {term: Senate, aliases: [senators?]}\n"
        "    - {term: tyranny, aliases: [tyrants?]}\n"
    )
    volume = load_volume(make_volume(yaml_text, {"essay.md": text}))
    book = assemble(volume, Diagnostics()).book
    entries = {entry.term: entry for entry, _ in _entries(_index(book))}
    assert len(entries["opening words"].locators) == 2  # paragraphs opening with "The"
    assert len(entries["Senate"].locators) == 3
    assert len(entries["tyranny"].locators) == 2


@pytest.mark.parametrize(
    ("language", "heading", "see"),
    [("en", "Index", "See"), ("de", "Register", "Siehe"), ("ru", "Указатель", "См.")],
)
def test_the_index_heading_and_see_speak_the_book_language(make_volume, language, heading, see):
    from compiler.book.render import Renderer, Target

    book, _ = _assembled(make_volume, language=language)
    section = _index(book)
    assert section.title == heading
    page = Renderer(book, Target.EPUB).section(section)
    assert f"<i>{see}</i>" in page.html


def test_the_index_comes_after_the_closing_prose_and_before_the_colophon(make_volume, tmp_path):
    volume = make_volume(
        VOLUME.format(language="en", notes="false")
        + "back:\n  afterword: Closing words.\n  colophon: Set in Gentium.\n",
        {"essay.md": ARTICLE},
    )
    result = build(volume, out_dir=tmp_path / "out", formats=["epub"])
    assert [s.kind for s in result.book.back] == ["afterword", "index", "colophon"]


def test_no_index_without_terms_or_marks(make_volume):
    volume = load_volume(make_volume("title: T\ncontents: [a.md]\n", {"a.md": "Montesquieu."}))
    book = assemble(volume, Diagnostics()).book
    assert [s.kind for s in book.back if s.kind == "index"] == []
    assert "index-mark" not in next(book.chapters()).body


@pytest.mark.parametrize(
    ("terms", "message", "where"),
    [
        (
            '    - term: X\n      aliases: ["(unclosed"]\n',
            "not a valid regular expression",
            (6, 17),
        ),
        ('    - term: X\n      aliases: [".*"]\n', "matches any text", (6, 17)),
        ("    - term: X\n      see: Y\n", "refers to 'Y', which is not a term", (5, 7)),
        ("    - X\n    - x\n", "already a term", (6, 7)),
        (
            "    - term: X\n      see: Z\n      aliases: [x]\n    - Z\n",
            "takes no 'aliases'",
            (7, 7),
        ),
        (
            "    - term: X\n      subentries:\n        - {term: a, subentries: [b]}\n",
            "unknown key 'subentries'",
            (7, 21),
        ),
    ],
)
def test_bad_index_entries_are_located_errors(make_volume, terms, message, where):
    path = make_volume("title: T\ncontents: [a.md]\nindex:\n  terms:\n" + terms, {"a.md": "Text."})
    with pytest.raises(BookError) as caught:
        load_volume(path)
    problem = next(p for p in caught.value.problems if message in p.message)
    assert (problem.line, problem.col) == where


def test_pages_merge_into_ranges_and_repeat_once():
    folios = {"a": "3", "b": "3", "c": "4", "d": "5", "e": "9", "f": "11", "g": "12"}
    assert runs(list(folios), folios) == [("a", "d"), ("e", None), ("f", "g")]
    assert runs(["a", "x", "y"], folios) == [("a", None), ("x", None)]  # x, y: not known yet


def test_cli_reports_a_bad_alias_with_its_position(make_volume, tmp_path: Path):
    from click.testing import CliRunner

    from compiler.cli import main

    path = make_volume(
        'title: T\ncontents: [a.md]\nindex:\n  terms:\n    - {term: X, aliases: ["a("]}\n',
        {"a.md": "Text."},
    )
    outcome = CliRunner().invoke(main, [str(path)])
    assert outcome.exit_code == 2
    assert re.search(r"volume\.yaml:5:\d+: .*not a valid regular expression", outcome.output)
