"""The parallel, cached print build against the single-pass reference layout.

The book assembled from separately laid-out units must be the book one WeasyPrint pass lays
out: same pages, same text on each page (folios, running heads and contents numbers
included), same bookmarks; and a rebuild must lay out only what changed.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from checks import font_programs, unembedded_fonts
from compiler import build
from compiler.interior.fonts import union_subsets
from compiler.machinery.styles import font_files
from conftest import EXAMPLE


def _texts(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(path).pages]


def _outline(path: Path) -> list[tuple[int, str, int]]:
    reader = PdfReader(path)
    flat: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                flat.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return flat


def _assert_same_book(single: Path, parallel: Path) -> None:
    expected, actual = _texts(single), _texts(parallel)
    assert len(actual) == len(expected)
    different = [
        n for n, (a, b) in enumerate(zip(expected, actual, strict=True), start=1) if a != b
    ]
    assert different == [], f"pages that differ from the single-pass layout: {different}"


@pytest.fixture(scope="module")
def volume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "power-and-music"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    return root / "volume.yaml"


@pytest.fixture(scope="module")
def single(volume: Path):
    return build(volume, out_dir=volume.parent / "single", formats=["pdf"], single_pass=True)


@pytest.fixture(scope="module")
def parallel(volume: Path):
    return build(volume, out_dir=volume.parent / "parallel", formats=["pdf"], jobs=2)


def test_parallel_book_is_the_single_pass_book_page_for_page(single, parallel):
    assert parallel.layout is not None and parallel.layout.units > 1
    assert parallel.print_result.page_count == single.print_result.page_count
    _assert_same_book(single.outputs["pdf"], parallel.outputs["pdf"])


def test_parallel_pages_look_exactly_like_the_single_pass_pages(single, parallel):
    """Text can match while type moves; a rendering shows any shift, face or glyph change."""
    pdfium = pytest.importorskip("pypdfium2")
    expected = pdfium.PdfDocument(str(single.outputs["pdf"]))
    actual = pdfium.PdfDocument(str(parallel.outputs["pdf"]))
    different = [
        number
        for number in range(1, len(expected) + 1)
        if expected[number - 1].render(scale=0.75).to_pil().tobytes()
        != actual[number - 1].render(scale=0.75).to_pil().tobytes()
    ]
    assert different == [], f"pages drawn differently: {different}"


def test_contents_numbers_folios_and_heads_survive_assembly(parallel):
    texts = PdfReader(parallel.outputs["pdf"]).pages
    anchors = parallel.print_result.anchors
    body_start = anchors["part01"]
    # "The Executive Department Further Considered" is in the last unit; its folio is in
    # the contents and on its second page, with the book title as the verso head.
    chapter = next(c for c in parallel.book.chapters() if c.title.startswith("The Executive"))
    folio = anchors[chapter.id] - body_start + 1
    contents = "".join(
        texts[i].extract_text() for i in range(anchors["toc"] - 1, body_start - 1)
    ).replace("\xa0", " ")
    assert re.search(rf"Further Considered[ .]*{folio}\b", contents)
    verso = texts[anchors[chapter.id]].extract_text()
    assert str(folio + 1) in verso and "Power and Music" in verso


def test_bookmarks_and_links_point_where_the_single_pass_ones_do(single, parallel):
    assert _outline(parallel.outputs["pdf"]) == _outline(single.outputs["pdf"])
    reader = PdfReader(parallel.outputs["pdf"])
    toc_page = reader.pages[parallel.print_result.anchors["toc"] - 1]
    destinations = reader.named_destinations
    targets = [a.get_object()["/Dest"] for a in toc_page.get("/Annots", [])]
    assert targets, "the contents page has no links"
    for name in targets:
        page = reader.get_destination_page_number(destinations[name]) + 1
        assert page == parallel.print_result.anchors[name]


def test_fonts_are_embedded_once_not_once_per_unit(single, parallel):
    assert unembedded_fonts(parallel.outputs["pdf"]) == []
    size, reference = parallel.outputs["pdf"].stat().st_size, single.outputs["pdf"].stat().st_size
    # Units carry their own page resources and font dictionaries (widths, ToUnicode), about
    # a fifth more than one pass; fonts embedded once per unit would be half as much again.
    assert size <= 1.3 * reference


def test_each_face_is_a_subset_no_larger_than_the_single_pass_one(single, parallel):
    """The merged subset holds the glyphs the book draws, not the face's whole glyph table.

    A subset that kept every glyph slot's metrics, the full cmap and every name record was
    several times the single-pass one, whatever the file size test allowed.
    """
    expected, actual = font_programs(single.outputs["pdf"]), font_programs(parallel.outputs["pdf"])
    assert set(actual) == set(expected)
    for face, (size, glyphs) in actual.items():
        reference_size, reference_glyphs = expected[face]
        assert glyphs <= reference_glyphs + 2, face
        assert size <= 1.2 * reference_size, (face, size, reference_size)


def test_rebuilds_lay_out_only_what_changed(volume: Path, parallel):
    out = volume.parent / "parallel"
    again = build(volume, out_dir=out, formats=["pdf"], jobs=2)
    assert again.up_to_date and again.outputs == parallel.outputs

    # A small edit in one essay: only the unit holding it is laid out again, and the
    # index, which lists one "music" less.
    essay = volume.parent / "articles" / "lecture-03.md"
    original = essay.read_text(encoding="utf-8")
    essay.write_text(original.replace("music", "musick", 1), encoding="utf-8")
    edited = build(volume, out_dir=out, formats=["pdf"], jobs=2)
    chapter = next(c for c in edited.book.chapters() if c.source == essay)
    assert len(edited.layout.laid_out_names) == 2
    assert chapter.id in edited.layout.laid_out_names[0]
    assert edited.layout.laid_out_names[1] == "index"
    assert edited.print_result.page_count == parallel.print_result.page_count


def test_a_longer_chapter_moves_later_pages_without_laying_them_out(volume: Path, parallel):
    out = volume.parent / "grown"
    build(volume, out_dir=out, formats=["pdf"], jobs=2)
    essay = volume.parent / "articles" / "federalist-46.md"
    extra = "\n\n".join(essay.read_text(encoding="utf-8").split("\n\n")[2:14])
    essay.write_text(essay.read_text(encoding="utf-8") + "\n\n" + extra, encoding="utf-8")
    grown = build(volume, out_dir=out, formats=["pdf"], jobs=2)
    # The index lists the pages that moved, so it is laid out again too; nothing else is.
    assert grown.layout.laid_out_names == ["ch001, ch002, ch003, ch004", "index"]
    assert grown.print_result.page_count > parallel.print_result.page_count
    reference = build(
        volume, out_dir=volume.parent / "grown-single", formats=["pdf"], single_pass=True
    )
    assert grown.print_result.page_count == reference.print_result.page_count
    _assert_same_book(reference.outputs["pdf"], grown.outputs["pdf"])


def test_union_of_two_subsets_holds_the_glyphs_of_both():
    regular = next(p for p in font_files() if p.name.endswith("-Regular.ttf"))

    def subset_of(gids: list[int]) -> bytes:
        options = subset.Options(retain_gids=True, notdef_outline=True)
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=gids)
        font = TTFont(regular)
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()

    merged = TTFont(io.BytesIO(union_subsets([subset_of([36, 37]), subset_of([68, 300])])))
    glyf = merged["glyf"]
    order = merged.getGlyphOrder()
    for gid in (36, 37, 68, 300):
        assert glyf[order[gid]].numberOfContours != 0
    assert glyf[order[50]].numberOfContours == 0


def test_without_a_cache_a_second_pass_lays_out_only_what_it_changed(tmp_path, monkeypatch):
    """The example book's index and "(see p. N)" need a second pass once the body's pages are
    known; with --no-cache the units that pass leaves as they were are not laid out again."""
    from compiler.interior import assembly

    laid: list[str] = []
    original = assembly.lay_out

    def counting(job):
        laid.append(job.key)
        return original(job)

    monkeypatch.setattr(assembly, "lay_out", counting)
    root = tmp_path / "power-and-music"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    result = build(root / "volume.yaml", tmp_path / "out", formats=["pdf"], jobs=1, use_cache=False)
    assert result.layout is not None and result.layout.units >= 4
    assert len(laid) > result.layout.units  # folio and front-matter documents too
    assert sorted(set(laid)) == sorted(laid), "a document was laid out twice"
    assert result.layout.laid_out == result.layout.units
