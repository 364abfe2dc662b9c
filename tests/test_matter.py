"""Front and back matter: volume.yaml keys, EPUB semantics, print placement, series pages.

One volume with every section there is is built once (EPUB and PDF) and read back with
EPUBCheck, lxml and pypdf; the keys' error messages are checked on small volumes.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from checks import assert_epub_valid, read_pdf
from compiler.book.assemble import book_meta
from compiler.book.matter import CREDITS_LISTED_MAX, MatterBuilder
from compiler.book.model import Chapter
from compiler.book.render import roman
from compiler.config import load_volume
from compiler.errors import BookError, Diagnostics
from conftest import CORPUS

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
ISBN_EPUB = "978-0-306-40615-7"
ISBN_PRINT = "978-1-56619-909-4"
ISBN_OTHER = "978-0-19-852663-6"

VOLUME = f"""\
title: Ambition and Song
subtitle: Three essays
authors: [James Madison, Edward MacDowell, The Saker]
publisher: Example Press
publisher_address: |
  12 Fleet Street
  London EC4Y 1AA
edition: First edition
date: 2026-11-01
isbn: {{epub: {ISBN_EPUB}, print: {ISBN_PRINT}}}
rights: |
  Introduction © 2026 Example Press.
  *The Federalist* and MacDowell’s lectures are in the public domain.
license:
  name: Creative Commons Attribution 4.0 International licence
  url: https://creativecommons.org/licenses/by/4.0/
series:
  name: Essays from the Public Record
  number: 2
  volumes:
    - title: Power and Music
      subtitle: Essays from *The Federalist*, Edward MacDowell and The Saker
      number: 1
      isbn: {ISBN_OTHER}
      url: https://example.org/power-and-music
    - {{title: Ambition and Song, number: 2}}
    - {{title: The Executive, subtitle: Three papers from The Federalist, number: 3}}
front:
  dedication: To the printers of the *Independent Journal*.
  epigraph:
    text: If men were angels, no government would be necessary.
    source: James Madison, *The Federalist* No. 51
  foreword: {{text: "Three essays, two centuries apart.", author: The Editors}}
  preface: matter/preface.md
  introduction: matter/introduction.md
back:
  afterword: {{text: "What the essays share.", title: After the Essays}}
  acknowledgements: The MacDowell lecture is from Project Gutenberg eBook 16351.
  about_author:
    text: James Madison (1751–1836) drafted the Bill of Rights.
    photo: matter/portrait.jpg
  colophon: Set in Gentium Book Plus.
blurb: Three essays on power and music.
cover: matter/portrait.jpg
print: {{price: 14.99}}
contents:
  - articles/federalist-51.md
  - articles/lecture-01.md
  - file: articles/might-belarus-become-the-next-syria.md
    date: 2020-08-31
    url: https://thesaker.is/might-belarus-become-the-next-syria/
"""

FRONT_ORDER = [
    "halftitle",
    "series-page",
    "titlepage",
    "copyright",
    "dedication",
    "epigraph",
    "toc",
    "foreword",
    "preface",
    "introduction",
]
BACK_ORDER = ["afterword", "acknowledgements", "about-author", "also-in-series", "colophon"]


@pytest.fixture(scope="session")
def full_build(tmp_path_factory: pytest.TempPathFactory):
    """A volume with every front and back matter section, built as EPUB and PDF."""
    from compiler import build

    root = tmp_path_factory.mktemp("matter")
    (root / "articles").mkdir()
    (root / "matter").mkdir()
    for source in (
        CORPUS / "federalist" / "federalist-51.md",
        CORPUS / "macdowell" / "lecture-01.md",
        CORPUS / "thesaker" / "might-belarus-become-the-next-syria.md",
    ):
        shutil.copy(source, root / "articles" / source.name)
    (root / "matter" / "preface.md").write_text(
        "# A Note on the Texts\n\nSpelling follows the sources.\n", encoding="utf-8"
    )
    (root / "matter" / "introduction.md").write_text(
        "Madison reasons from ambition, MacDowell from feeling.\n", encoding="utf-8"
    )
    Image.new("RGB", (300, 400), (120, 110, 100)).save(root / "matter" / "portrait.jpg")
    (root / "volume.yaml").write_text(VOLUME, encoding="utf-8")
    return build(root / "volume.yaml")


def _xml(epub: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as z:
        return etree.fromstring(z.read(f"EPUB/{name}"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "").replace("-\n", "")).strip()


# --- The book model ---------------------------------------------------------------------------


def test_sections_come_in_the_conventional_order(full_build):
    book = full_build.book
    assert [s.id for s in book.front] == FRONT_ORDER
    assert [s.id for s in book.back] == BACK_ORDER
    titles = {s.id: s.title for s in [*book.front, *book.back]}
    assert titles["preface"] == "A Note on the Texts"  # the file's own heading
    assert titles["introduction"] == "Introduction"  # the usual name when it has none
    assert titles["afterword"] == "After the Essays"
    assert titles["about-author"] == "About the Authors"


def test_volume_carries_what_the_covers_need(full_build):
    volume = full_build.volume
    assert volume.blurb is not None and volume.blurb.text == "Three essays on power and music."
    assert volume.cover == volume.root / "matter" / "portrait.jpg"
    assert volume.print.price == "14.99"


def test_few_essays_are_credited_one_by_one(example_build):
    copyright_page = next(s for s in example_build.book.front if s.kind == "copyright-page")
    credited = [c for c in example_build.book.chapters() if c.provenance]
    assert len(copyright_page.credits) == len(credited) == CREDITS_LISTED_MAX
    assert copyright_page.credits[-1].provenance == "First published 31 August 2020 at thesaker.is"


def test_many_essays_are_credited_in_one_line(make_volume):
    """More essays would crowd the copyright page: one line says where to look instead."""
    volume = load_volume(make_volume(BASE, {"a.md": "# A\n\nText.\n"}))
    chapters = [
        Chapter(f"ch{n:03d}", n, f"Essay {n}", "<p>Text.</p>", volume.root / "a.md",
                date=dt.date(2018 + n % 3, 1, 1), provenance="First published")
        for n in range(1, CREDITS_LISTED_MAX + 2)
    ]  # fmt: skip
    meta = book_meta(volume, chapters)
    builder = MatterBuilder(volume, meta, Diagnostics())
    copyright_page = next(s for s in builder.front(chapters) if s.kind == "copyright-page")
    assert copyright_page.credits == ()
    assert copyright_page.credits_summary == (
        "The essays in this book were first published between 2018 and 2020; "
        "the opening page of each names where and when."
    )


# --- EPUB -------------------------------------------------------------------------------------


def test_epub_with_every_section_passes_epubcheck(full_build):
    assert_epub_valid(full_build.outputs["epub"])


@pytest.mark.parametrize(
    ("section", "epub_type", "role"),
    [
        ("halftitle", "halftitlepage", None),
        ("series-page", None, None),
        ("titlepage", "titlepage", None),
        ("copyright", "copyright-page", None),
        ("dedication", "dedication", "doc-dedication"),
        ("epigraph", "epigraph", "doc-epigraph"),
        ("foreword", "foreword", "doc-foreword"),
        ("preface", "preface", "doc-preface"),
        ("introduction", "introduction", "doc-introduction"),
        ("afterword", "afterword", "doc-afterword"),
        ("acknowledgements", "acknowledgments", "doc-acknowledgments"),
        ("also-in-series", None, None),
        ("colophon", "colophon", "doc-colophon"),
    ],
)
def test_each_section_has_its_epub_type_and_role(full_build, section, epub_type, role):
    """Only values of the EPUB vocabulary: a series page has none, just its heading."""
    doc = _xml(full_build.outputs["epub"], f"{section}.xhtml")
    if epub_type is None:
        (element,) = doc.xpath("//x:body/x:section", namespaces=NS)
        assert element.get("{http://www.idpf.org/2007/ops}type") is None
        assert element.get("aria-labelledby")
    else:
        (element,) = doc.xpath(f"//*[@epub:type='{epub_type}']", namespaces=NS)
    assert element.get("role") == role


def test_landmarks_point_at_front_body_and_back(full_build):
    nav = _xml(full_build.outputs["epub"], "nav.xhtml")
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    marks = {a.get(EPUB_TYPE): a.get("href") for a in landmarks.iter(f"{{{NS['x']}}}a")}
    assert marks == {
        "cover": "cover.xhtml",
        "titlepage": "titlepage.xhtml",
        "copyright-page": "copyright.xhtml",
        "toc": "toc.xhtml",
        "foreword": "foreword.xhtml",
        "preface": "preface.xhtml",
        "introduction": "introduction.xhtml",
        "bodymatter": "ch001.xhtml",
        "backmatter": "afterword.xhtml",
    }


def test_nav_lists_prose_matter_around_the_chapters(full_build):
    nav = _xml(full_build.outputs["epub"], "nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    entries = [a.get("href") for a in toc.findall("./x:ol/x:li/x:a", NS)]
    assert entries == [
        "foreword.xhtml",
        "preface.xhtml",
        "introduction.xhtml",
        "ch001.xhtml",
        "ch002.xhtml",
        "ch003.xhtml",
        "afterword.xhtml",
        "acknowledgements.xhtml",
        "about-author.xhtml",
        "also-in-series.xhtml",
    ]


def test_series_metadata_for_epub3_and_calibre(full_build):
    opf = _xml(full_build.outputs["epub"], "content.opf")
    collection = opf.find(".//opf:meta[@property='belongs-to-collection']", NS)
    assert collection.text == "Essays from the Public Record"
    ref = "#" + collection.get("id")
    refines = {m.get("property"): m.text for m in opf.findall(f".//opf:meta[@refines='{ref}']", NS)}
    assert refines == {"collection-type": "series", "group-position": "2"}
    calibre = {m.get("name"): m.get("content") for m in opf.findall(".//opf:meta[@name]", NS)}
    assert calibre["calibre:series"] == "Essays from the Public Record"
    assert calibre["calibre:series_index"] == "2"


def test_epub_copyright_page_has_the_ebook_isbn_and_the_rights(full_build):
    doc = _xml(full_build.outputs["epub"], "copyright.xhtml")
    text = _squash("".join(doc.itertext()))
    assert f"ISBN {ISBN_EPUB} (ebook)" in text
    assert ISBN_PRINT not in text
    assert "Published by Example Press 12 Fleet Street London EC4Y 1AA" in _squash(
        " ".join(doc.itertext())
    )
    assert "First edition" in text and "This edition published 1 November 2026" in text
    assert doc.xpath("//x:em[text()='The Federalist']", namespaces=NS), "rights are Markdown"
    link = doc.find(".//x:a[@href='https://creativecommons.org/licenses/by/4.0/']", NS)
    assert link is not None
    assert "Published under the Creative Commons Attribution 4.0 International licence." in text
    assert "All rights reserved" not in text
    credits = [_squash("".join(li.itertext())) for li in doc.findall(".//x:li", NS)]
    assert credits == [
        "Might Belarus become the next Syria?: First published 31 August 2020 at thesaker.is."
    ]


def test_also_in_series_lists_the_other_volumes_with_links(full_build):
    doc = _xml(full_build.outputs["epub"], "also-in-series.xhtml")
    entries = doc.findall(".//x:li", NS)
    texts = [_squash("".join(li.itertext())) for li in entries]
    assert texts == [
        "Volume 1 Power and Music Essays from The Federalist, Edward MacDowell and The Saker "
        f"ISBN {ISBN_OTHER}",
        "Volume 3 The Executive Three papers from The Federalist",
    ]
    link = entries[0].find(".//x:a", NS)
    assert link.get("href") == "https://example.org/power-and-music"
    # The subtitle's Markdown emphasis names a book: set as emphasis, never as asterisks.
    assert [em.text for em in entries[0].findall(".//x:em", NS)] == ["The Federalist"]
    assert entries[1].find(".//x:a", NS) is None  # no URL given


def test_series_page_lists_every_volume_this_one_marked(full_build):
    doc = _xml(full_build.outputs["epub"], "series-page.xhtml")
    items = doc.findall(".//x:li", NS)
    assert [_squash(" ".join(li.itertext())) for li in items] == [
        "Volume 1 Power and Music",
        "Volume 2 Ambition and Song",
        "Volume 3 The Executive",
    ]
    assert [("series-current" in li.get("class")) for li in items] == [False, True, False]


def test_author_portrait_is_in_the_epub(full_build):
    doc = _xml(full_build.outputs["epub"], "about-author.xhtml")
    (img,) = doc.findall(".//x:img", NS)
    with zipfile.ZipFile(full_build.outputs["epub"]) as z:
        assert f"EPUB/{img.get('src')}" in z.namelist()


# --- Print ------------------------------------------------------------------------------------


def test_front_matter_order_and_recto_verso_placement(full_build):
    pages = full_build.print_result.anchors
    at = [pages[section] for section in FRONT_ORDER]
    assert at == sorted(at), f"front matter out of order: {dict(zip(FRONT_ORDER, at, strict=True))}"
    assert pages["halftitle"] == 1
    assert pages["series-page"] == 2  # the half-title's verso
    assert pages["titlepage"] == 3
    assert pages["copyright"] == 4  # the title page's verso
    assert pages["dedication"] == 5  # so the copyright page took one page only
    for recto in ("dedication", "epigraph", "toc", "foreword", "preface", "introduction"):
        assert pages[recto] % 2 == 1, f"{recto} on page {pages[recto]}"
    first_chapter = pages[full_build.book.contents[0].id]
    assert first_chapter > pages["introduction"] and first_chapter % 2 == 1


def test_copyright_page_in_print_has_the_paperback_isbn(full_build):
    pdf = read_pdf(full_build.outputs["pdf"])
    page = _squash(pdf.page_texts[full_build.print_result.anchors["copyright"] - 1])
    assert f"ISBN {ISBN_PRINT} (paperback)" in page
    assert ISBN_EPUB not in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page.replace(" ", "")


def test_front_matter_folios_are_roman_and_listed_in_the_contents(full_build):
    pdf = read_pdf(full_build.outputs["pdf"])
    pages = full_build.print_result.anchors
    for section in ("foreword", "preface", "introduction"):
        folio = roman(pages[section]).lower()
        assert pdf.page_texts[pages[section] - 1].split()[-1] == folio
    contents = _squash(pdf.page_texts[pages["toc"] - 1])
    assert re.search(r"Foreword[ .]+" + roman(pages["foreword"]).lower() + r"\b", contents)
    assert re.search(r"After the Essays[ .]+\d+\b", contents)


def test_back_matter_follows_the_last_chapter_on_rectos(full_build):
    pages = full_build.print_result.anchors
    pdf = read_pdf(full_build.outputs["pdf"])
    last_chapter = max(pages[c.id] for c in full_build.book.chapters())
    at = [pages[section] for section in BACK_ORDER]
    assert at == sorted(at) and at[0] > last_chapter
    for recto in BACK_ORDER[:-1]:
        assert pages[recto] % 2 == 1, f"{recto} on page {pages[recto]}"
    assert pages["colophon"] == pdf.page_count, "the colophon is the last page"
    also = _squash(pdf.page_texts[pages["also-in-series"] - 1])
    assert "Power and Music" in also and ISBN_OTHER in also and "The Executive" in also
    assert "Ambition and Song" not in also


# --- volume.yaml ------------------------------------------------------------------------------

BASE = "title: T\ncontents: [a.md]\n"


def _problems(make_volume, extra: str, files: dict[str, str | bytes] | None = None) -> list[str]:
    path = make_volume(BASE + extra, {"a.md": "# A\n\nText.\n", **(files or {})})
    with pytest.raises(BookError) as info:
        load_volume(path)
    return [f"{p.line}: {p.message}" for p in info.value.problems]


def test_matter_keys_load_into_the_volume(make_volume):
    path = make_volume(
        BASE
        + "front:\n"
        + "  dedication: To the memory of Edward MacDowell\n"
        + "  foreword: fw.md\n"
        + "  epigraph: {text: Quoted., source: Someone}\n"
        + "back: {about_author: {file: about.md, photo: me.png}, also_in_series: false}\n"
        + "edition: Second edition\n",
        {"a.md": "# A\n\nText.\n", "fw.md": "Foreword.\n", "about.md": "Me.\n", "me.png": b""},
    )
    volume = load_volume(path)
    assert volume.front.dedication.text == "To the memory of Edward MacDowell"
    assert volume.front.foreword.file == volume.root / "fw.md"
    assert volume.front.epigraphs[0].source == "Someone"
    assert volume.back.about_author.photo == volume.root / "me.png"
    assert volume.back.also_in_series is False
    assert volume.edition == "Second edition"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "front: {dedicaton: To the memory of Edward MacDowell}\n",
            "3: unknown key 'dedicaton' in 'front' (did you mean",
        ),
        ("front: {foreword: missing.md}\n", "3: file not found: 'missing.md'"),
        (
            "front: {foreword: {text: Hi, file: a.md}}\n",
            "3: 'front.foreword' takes 'text' or 'file', not both",
        ),
        ("front: {preface: {title: P}}\n", "3: 'front.preface' needs 'text' or 'file'"),
        ("front: {dedication: {text: Hi, author: Me}}\n", "3: unknown key 'author'"),
        ("front: {epigraph: {source: Madison}}\n", "3: missing required key 'text'"),
        ("back: {about_author: {text: Me, photo: a.md}}\n", "is not a JPEG or PNG image"),
        ("cover: a.md\n", "3: 'cover': 'a.md' is not a JPEG or PNG image"),
        ("print: {price: 149.99}\n", "3: 'print.price' must be a US dollar price"),
        ("print: {price: 14.999}\n", "3: 'print.price': 14.999 has more than two decimals"),
        ("license: {url: https://example.org}\n", "3: missing required key 'name' in 'license'"),
        (
            "series: {name: S, volumes: [{title: A, number: 1}, {title: B, number: 1}]}\n",
            "'series.volumes[2]': number 1 is already taken by volume 1 of the list",
        ),
    ],
)
def test_matter_key_mistakes_are_reported(make_volume, extra, expected):
    problems = _problems(make_volume, extra)
    assert any(expected in p for p in problems), problems


def test_prices_are_normalised(make_volume):
    for written, stored in (("14.99", "14.99"), ("'$9.50'", "9.50"), ("15", "15.00")):
        path = make_volume(BASE + f"print: {{price: {written}}}\n", {"a.md": "# A\n\nText.\n"})
        assert load_volume(path).print.price == stored


def test_also_by_takes_the_place_of_the_series_list(make_volume):
    path = make_volume(
        "title: T\nauthor: James Madison\ncontents: [a.md]\n"
        "series: {name: S, number: 1, volumes: [{title: T, number: 1}, {title: U, number: 2}]}\n"
        "front: {also_by: '*Notes of Debates in the Federal Convention of 1787*'}\n",
        {"a.md": "# A\n\nText.\n"},
    )
    volume = load_volume(path)
    builder = MatterBuilder(volume, book_meta(volume, []), Diagnostics())
    front = builder.front([])
    assert [s.kind for s in front][:3] == ["halftitlepage", "also-by", "titlepage"]
    assert front[1].title == "Also by James Madison"
    assert front[1].body == "<p><em>Notes of Debates in the Federal Convention of 1787</em></p>"
    (also,) = [s for s in builder.back() if s.kind == "also-in-series"]
    assert [e.title for e in also.series] == ["U"]
