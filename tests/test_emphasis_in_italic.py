"""A book's title inside an italic line is set roman, in print and in the EPUB alike.

The typesetting rule (Chicago 8.171): emphasis inside italic is roman, and the reverse. Real
lines carry it here: a WordPress.com post's subheading "Case 3: Searching contents of
<i>The User Manual</i>" (tests/realworld/wordpress-com, post ``vim-file-name-modifier``, see
tests/realworld/SOURCES.md), and as an epigraph a sentence of MacDowell's lecture on the music
of the Hebrews and the Hindus (tests/corpus/macdowell/lecture-03.md, public domain) naming
the *Rig-Veda*, whose source line is roman with the book's title in italic.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import cssselect2
import pytest
import tinycss2
from lxml import etree
from pypdf import PdfReader

from compiler import build

REALWORLD = Path(__file__).parent / "realworld" / "wordpress-com"
EXPORT = "blogueun.wordpress.2014-06-16.xml"
VOLUME = f"""\
title: Notes from a Vim User
author: Vincent Tam
language: en
date: 2026-11-01
front:
  epigraph:
    - text: >-
        These songs formed the *Rig-Veda*, and are the nucleus from which all Hindu
        religion and art emanate.
      source: Edward MacDowell, *Critical and Historical Essays*
contents:
  - {{wordpress: {EXPORT}, post: vim-file-name-modifier}}
"""
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("italic") / "vim"
    root.mkdir()
    shutil.copy(REALWORLD / EXPORT, root / EXPORT)
    (root / "volume.yaml").write_text(VOLUME, encoding="utf-8")
    return build(root / "volume.yaml", formats=["epub", "pdf"]).outputs


def drawn_fonts(pdf: Path) -> list[tuple[str, str]]:
    """Each run of text the PDF draws, with the name of its font."""
    runs: list[tuple[str, str]] = []

    def collect(text, _cm, _tm, font, _size):
        if text.strip() and font is not None:
            runs.append((text, str(font.get("/BaseFont", ""))))

    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=collect)
    return runs


def fonts_of(runs: list[tuple[str, str]], words: str) -> set[str]:
    return {font for text, font in runs if words in text}


def test_a_title_in_an_italic_subheading_is_roman_in_print(built):
    runs = drawn_fonts(built["pdf"])
    around = fonts_of(runs, "Searching contents of")
    title = fonts_of(runs, "The User Manual")
    assert around and all("Italic" in font for font in around), runs
    assert title and not any("Italic" in font for font in title), runs


def test_a_title_in_an_italic_epigraph_is_roman_and_italic_in_its_roman_source(built):
    runs = drawn_fonts(built["pdf"])
    assert all("Italic" in font for font in fonts_of(runs, "These songs formed the"))
    assert not any("Italic" in font for font in fonts_of(runs, "Rig-Veda"))
    assert fonts_of(runs, "Rig-Veda")
    source = fonts_of(runs, "Critical and Historical Essays")
    assert source and all("Italic" in font for font in source), runs
    assert not any("Italic" in font for font in fonts_of(runs, "Edward MacDowell"))


def epub_font_style(epub: Path, words: str) -> str:
    """The font style a reading system computes for the element holding ``words``, from the
    EPUB's own stylesheets (cascade by specificity and order, then inheritance)."""
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        css = "".join(book.read(n).decode("utf-8") for n in sorted(names) if n.endswith(".css"))
        pages = [n for n in names if n.endswith(".xhtml")]
        trees = [etree.fromstring(book.read(n)) for n in pages]
    matcher = cssselect2.Matcher()
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type != "qualified-rule":
            continue
        declarations = tinycss2.parse_declaration_list(
            rule.content, skip_whitespace=True, skip_comments=True
        )
        styles = [
            tinycss2.serialize(d.value).strip()
            for d in declarations
            if d.type == "declaration" and d.lower_name == "font-style"
        ]
        if not styles:
            continue
        try:
            selectors = cssselect2.compile_selector_list(rule.prelude)
        except cssselect2.SelectorError:
            continue
        for selector in selectors:
            matcher.add_selector(selector, styles[-1])
    for tree in trees:
        for element in tree.iter(f"{XHTML}*"):
            own = "".join(element.itertext())
            if words in own and not any(words in "".join(c.itertext()) for c in element):
                return _computed(cssselect2.ElementWrapper.from_xml_root(tree), element, matcher)
    raise AssertionError(f"{words!r} is in no page of the EPUB")


def _computed(root, target, matcher: cssselect2.Matcher) -> str:
    wrapper = next(w for w in root.iter_subtree() if w.etree_element is target)
    chain = [wrapper]
    while chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    style = "normal"
    for element in reversed(chain):
        matches = matcher.match(element)
        if matches:
            # (specificity, order, pseudo, payload): the last after sorting wins.
            style = sorted(matches, key=lambda m: (m[0], m[1]))[-1][3]
    return style


def test_the_epub_sets_the_same_title_roman_in_its_italic_lines(built):
    epub = built["epub"]
    assert epub_font_style(epub, "Searching contents of") == "italic"
    assert epub_font_style(epub, "The User Manual") == "normal"
    assert epub_font_style(epub, "These songs formed the") == "italic"
    assert epub_font_style(epub, "Rig-Veda") == "normal"
    assert epub_font_style(epub, "Critical and Historical Essays") == "italic"
