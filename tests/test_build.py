"""End to end: the example volume becomes a valid EPUB and a correct print PDF."""

from __future__ import annotations

import re
import zipfile

from lxml import etree

from checks import NS, assert_epub_valid, font_names, read_pdf, unembedded_fonts


def test_outputs_are_named_after_the_title(example_build):
    assert example_build.outputs["epub"].name == "power-and-music.epub"
    assert example_build.outputs["pdf"].name == "power-and-music.pdf"
    assert example_build.outputs["epub"].parent.name == "build"


def test_epub_passes_epubcheck(example_build):
    assert_epub_valid(example_build.outputs["epub"])


def _epub_xml(epub_path, name):
    with zipfile.ZipFile(epub_path) as z:
        return etree.fromstring(z.read(name))


def test_epub_package_metadata_and_zip_layout(example_build):
    path = example_build.outputs["epub"]
    with zipfile.ZipFile(path) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        names = z.namelist()
    assert "EPUB/toc.ncx" in names and "EPUB/nav.xhtml" in names
    opf = _epub_xml(path, "EPUB/content.opf")
    assert opf.findtext(".//dc:title", namespaces=NS) == "Power and Music"
    assert opf.findtext(".//dc:language", namespaces=NS) == "en"
    identifier = opf.findtext(".//dc:identifier", namespaces=NS)
    assert identifier.startswith("urn:uuid:")
    creators = [e.text for e in opf.findall(".//dc:creator", NS)]
    assert creators == ["James Madison", "Alexander Hamilton", "Edward MacDowell", "The Saker"]
    modified = opf.find(".//opf:meta[@property='dcterms:modified']", NS).text
    assert modified == "2026-11-01T00:00:00Z"
    assert opf.find(".//opf:meta[@property='schema:accessMode']", NS) is not None


def test_nav_nests_chapters_under_parts_and_has_landmarks(example_build):
    nav = _epub_xml(example_build.outputs["epub"], "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    parts = toc.findall("./x:ol/x:li", NS)
    part_titles = [li.find("./x:a", NS).text for li in parts]
    assert part_titles == [
        "Introduction",
        "Checks and Balances",
        "Music and Feeling",
        "Power Today",
        "Index",
        "Also in this series",
    ]
    music = parts[part_titles.index("Music and Feeling")]
    assert [a.text for a in music.findall("./x:ol/x:li/x:a", NS)] == [
        "The Origin of Music",
        "The Music of the Hebrews and the Hindus",
        "The Music of the Egyptians, Assyrians, and Chinese",
        "The Mystery and Miracle Play",
    ]
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    kinds = {
        a.get("{http://www.idpf.org/2007/ops}type")
        for a in landmarks.iter("{http://www.w3.org/1999/xhtml}a")
    }
    assert {"toc", "titlepage", "bodymatter", "index"} <= kinds
    ncx = _epub_xml(example_build.outputs["epub"], "EPUB/toc.ncx")
    assert len(ncx.findall(".//ncx:navPoint", NS)) >= 13


def test_footnotes_are_noterefs_with_asides_and_back_links(example_build):
    book = example_build.book
    chapter = next(c for c in book.chapters() if c.title == "The Origin of Music")
    assert chapter.notes, "MacDowell's lecture has footnotes"
    doc = _epub_xml(example_build.outputs["epub"], f"EPUB/{chapter.id}.xhtml")
    refs = doc.findall(".//x:a[@epub:type='noteref']", NS)
    asides = doc.findall(".//x:aside[@epub:type='footnote']", NS)
    assert len(asides) == len(chapter.notes) and len(refs) >= len(asides)
    for ref in refs:
        target = ref.get("href").lstrip("#")
        aside = doc.find(f".//x:aside[@id='{target}']", NS)
        assert aside is not None
        back = aside.find(".//x:a[@role='doc-backlink']", NS)
        assert back.get("href") == "#" + ref.get("id")


def test_title_comes_from_heading_and_does_not_repeat(example_build):
    chapter = next(c for c in example_build.book.chapters() if "Belarus" in c.title)
    assert chapter.title == "Might Belarus become the next Syria?"
    assert "Might Belarus become the next Syria?" not in chapter.body
    assert chapter.provenance == "First published 31 August 2020 at thesaker.is"


def test_pdf_page_size_and_fonts(example_build):
    pdf = read_pdf(example_build.outputs["pdf"])
    width, height = pdf.page_size_in(0)
    assert abs(width - 6) < 0.01 and abs(height - 9) < 0.01
    assert all(abs(pdf.page_size_in(i)[0] - 6) < 0.01 for i in range(pdf.page_count))
    assert unembedded_fonts(example_build.outputs["pdf"]) == []
    # Only the bundled face: a system fallback would make page counts machine-dependent.
    fonts = font_names(example_build.outputs["pdf"])
    assert fonts and all("Gentium-Book-Plus" in name for name in fonts), fonts
    assert pdf.page_count % 2 == 0
    assert pdf.page_count == example_build.print_result.page_count


def _squash(text):
    return re.sub(r"\s+", " ", text.replace("-\n", "")).strip()


def test_contents_page_numbers_point_at_the_chapters(example_build):
    """Each chapter title is on the page the contents names (checked against the folios)."""
    pdf = read_pdf(example_build.outputs["pdf"])
    toc_pages = [i for i, t in enumerate(pdf.page_texts) if t.strip().startswith("Contents")]
    assert toc_pages, "no contents page"
    toc_text = _squash(" ".join(pdf.page_texts[i] for i in toc_pages))
    last_toc = max(toc_pages)
    checked = 0
    for chapter in example_build.book.chapters():
        title = _squash(chapter.title)
        match = re.search(re.escape(title) + r"[\s.]*?(\d+)\b", toc_text)
        assert match, f"{title!r} missing from the contents"
        folio = int(match.group(1))
        opening = next(
            i for i, t in enumerate(pdf.page_texts) if i > last_toc and title in _squash(t)
        )
        # Opening pages carry no folio; the next page does, and it must be folio + 1.
        following = pdf.page_texts[opening + 1].split("\n")
        edge_tokens = {
            following[0].strip().split(" ")[0],
            following[-1].strip().split(" ")[-1],
            following[0].strip().split(" ")[-1],
            following[-1].strip().split(" ")[0],
        }
        assert str(folio + 1) in edge_tokens, (title, folio, following[:1], following[-1:])
        checked += 1
    assert checked == 10


def test_chapters_open_on_recto_pages(example_build):
    pdf = read_pdf(example_build.outputs["pdf"])
    anchors = example_build.print_result.anchors
    body_start = anchors[example_build.book.contents[0].id]
    for chapter in example_build.book.chapters():
        title = _squash(chapter.title)
        pages = [i for i, t in enumerate(pdf.page_texts, start=1) if title in _squash(t)]
        opening = [p for p in pages if p >= body_start][0]
        assert opening == anchors[chapter.id]
        assert opening % 2 == 1, f"{title} opens on page {opening}"


def test_covers_match_the_interior(example_build):
    from compiler.covers.draw import cover_geometry

    assert example_build.outputs["ebook-cover"].name == "power-and-music-cover.jpg"
    pdf = read_pdf(example_build.outputs["cover"])
    geometry = cover_geometry(example_build.volume.print, example_build.print_result.page_count)
    width, height = pdf.page_size_in(0)
    assert abs(width - geometry.width) < 0.01 and abs(height - geometry.height) < 0.01
    assert unembedded_fonts(example_build.outputs["cover"]) == []
    # No print ISBN is a decision shown as a note: the example passes --strict.
    assert example_build.warnings == []
    (note,) = [n for n in example_build.notes if "no print ISBN" in str(n)]
    assert note.line > 0 and note.col > 0


def test_epub_declares_its_cover(example_build):
    path = example_build.outputs["epub"]
    opf = _epub_xml(path, "EPUB/content.opf")
    item = opf.find(".//opf:item[@properties='cover-image']", NS)
    assert item is not None and item.get("media-type") == "image/jpeg"
    spine_first = opf.find(".//opf:spine/opf:itemref", NS).get("idref")
    assert spine_first == "cover-page"
    nav = _epub_xml(path, "EPUB/nav.xhtml")
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    assert any(
        a.get("{http://www.idpf.org/2007/ops}type") == "cover"
        for a in landmarks.iter("{http://www.w3.org/1999/xhtml}a")
    )
    with zipfile.ZipFile(path) as z:
        assert (
            z.read("EPUB/" + item.get("href")) == example_build.outputs["ebook-cover"].read_bytes()
        )
