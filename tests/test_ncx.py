"""The EPUB 2 NCX carries the print edition's page list too, with a consistent play order.

Readers that open only ``toc.ncx`` must find the same pages as the EPUB 3 ``page-list`` nav,
and every ``navPoint`` and ``pageTarget`` must be numbered in reading order (the NCX's
``playOrder``), the same number for the same place.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from compiler import build
from compiler.epub.ncx import (
    NCX,
    add_page_list,
    number_play_order,
    page_target_kind,
    reading_place,
)
from compiler.epub.page_list import PageMarker
from test_calibre import EBOOK_CONVERT, convert

NS = {"n": NCX, "h": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}
OPF = {"o": "http://www.idpf.org/2007/opf"}


def _read(epub: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as z:
        return etree.fromstring(z.read(f"EPUB/{name}"))


def _nav_page_list(epub: Path) -> list[tuple[str, str]]:
    nav = _read(epub, "nav.xhtml")
    return [
        (a.text, a.get("href"))
        for a in nav.xpath("//h:nav[@e:type='page-list']//h:a", namespaces=NS)
    ]


def _page_targets(ncx: etree._Element) -> list[etree._Element]:
    return ncx.findall("n:pageList/n:pageTarget", NS)


def _head(ncx: etree._Element, name: str) -> str:
    return ncx.find(f"n:head/n:meta[@name='{name}']", NS).get("content")


def test_the_ncx_page_list_is_the_nav_page_list(example_build) -> None:
    epub = example_build.outputs["epub"]
    ncx = _read(epub, "toc.ncx")
    expected = _nav_page_list(epub)
    assert len(expected) > 20
    targets = _page_targets(ncx)
    assert [
        (t.findtext("n:navLabel/n:text", namespaces=NS), t.find("n:content", NS).get("src"))
        for t in targets
    ] == expected
    assert ncx.findtext("n:pageList/n:navLabel/n:text", namespaces=NS) == "Pages"
    kinds = [(t.get("type"), t.get("value")) for t in targets]
    folios = [folio for folio, _ in expected]
    assert kinds[0] == ("front", "1") and folios[0] == "i"
    body = [(folio, kind) for folio, kind in zip(folios, kinds, strict=True) if folio.isdigit()]
    assert body and all(kind == ("normal", folio) for folio, kind in body)
    assert _head(ncx, "dtb:totalPageCount") == str(len(body))
    assert _head(ncx, "dtb:maxPageNumber") == max(body, key=lambda b: int(b[0]))[0]


def test_play_order_runs_in_reading_order_across_nav_map_and_page_list(example_build) -> None:
    epub = example_build.outputs["epub"]
    ncx = _read(epub, "toc.ncx")
    entries = [
        (int(e.get("playOrder")), e.find("n:content", NS).get("src"))
        for e in ncx.iter(f"{{{NCX}}}navPoint", f"{{{NCX}}}pageTarget")
    ]
    assert len(ncx.findall(".//n:navPoint", NS)) >= 13 and _page_targets(ncx)
    numbers = sorted({number for number, _ in entries})
    assert numbers == list(range(1, len(numbers) + 1))  # from 1, without gaps
    by_src: dict[str, set[int]] = {}
    for number, src in entries:
        by_src.setdefault(src, set()).add(number)
    assert all(len(found) == 1 for found in by_src.values())  # same place, same number
    assert len(by_src) == len(numbers)  # different places, different numbers

    opf = _read(epub, "content.opf")
    files = {item.get("id"): item.get("href") for item in opf.iterfind(".//o:manifest/o:item", OPF)}
    spine = [files[ref.get("idref")] for ref in opf.iterfind(".//o:spine/o:itemref", OPF)]
    ids: dict[str, list[str]] = {}
    places = []
    for _, src in sorted({(next(iter(found)), src) for src, found in by_src.items()}):
        name, _, fragment = src.partition("#")
        if name not in ids:
            ids[name] = [e.get("id") for e in _read(epub, name).iter() if e.get("id")]
        places.append((spine.index(name), ids[name].index(fragment) if fragment else -1))
    assert places == sorted(places)


def test_the_parts_and_chapters_of_the_nav_map_keep_their_places(example_build) -> None:
    ncx = _read(example_build.outputs["epub"], "toc.ncx")
    part = ncx.find("n:navMap/n:navPoint[n:navPoint]", NS)
    assert part is not None, "the example book's contents should have parts"
    first_chapter = part.find("n:navPoint", NS)
    assert int(first_chapter.get("playOrder")) > int(part.get("playOrder"))


def test_a_book_without_a_page_list_has_none_in_its_ncx(make_volume, tmp_path) -> None:
    volume = make_volume(
        "title: Separation of Powers\nauthor: James Madison\nlanguage: en\n"
        "contents:\n  - articles/fed47.md\n  - articles/fed51.md\n",
        {
            "articles/fed47.md": "---\ntitle: The Federalist No. 47\n---\n\n"
            "One of the principal objections inculcated by the more respectable adversaries to"
            " the Constitution, is its supposed violation of the political maxim, that the"
            " legislative, executive, and judiciary departments ought to be separate and"
            " distinct.\n",
            "articles/fed51.md": "---\ntitle: The Federalist No. 51\n---\n\n"
            "To what expedient, then, shall we finally resort, for maintaining in practice the"
            " necessary partition of power among the several departments, as laid down in the"
            " Constitution?\n",
        },
    )
    result = build(volume, tmp_path / "out", formats=["epub"], cache_dir=tmp_path / "empty")
    ncx = _read(result.outputs["epub"], "toc.ncx")
    assert ncx.find("n:pageList", NS) is None
    assert _head(ncx, "dtb:totalPageCount") == "0" and _head(ncx, "dtb:maxPageNumber") == "0"
    orders = [int(p.get("playOrder")) for p in ncx.iter(f"{{{NCX}}}navPoint")]
    assert orders == list(range(1, len(orders) + 1))


@pytest.mark.parametrize(
    ("folio", "kind"),
    [
        ("1", ("normal", 1)),
        ("248", ("normal", 248)),
        ("i", ("front", 1)),
        ("iv", ("front", 4)),
        ("xiv", ("front", 14)),
        ("xlix", ("front", 49)),
        ("A-3", ("special", None)),
        ("vv", ("special", None)),
        ("\u00b2", ("special", None)),  # a digit, but not an arabic folio
    ],
)
def test_a_folio_gives_its_page_type_and_value(folio, kind) -> None:
    assert page_target_kind(folio) == kind


NAV_MAP = (
    f'<ncx xmlns="{NCX}" version="2005-1"><head>'
    '<meta name="dtb:totalPageCount" content="0"/><meta name="dtb:maxPageNumber" content="0"/>'
    "</head><navMap>"
    '<navPoint id="ch001"><navLabel><text>Federalist No. 47</text></navLabel>'
    '<content src="ch001.xhtml"/></navPoint>'
    '<navPoint id="ch002"><navLabel><text>Federalist No. 51</text></navLabel>'
    '<content src="ch002.xhtml#start"/></navPoint>'
    "</navMap></ncx>"
)
DOCUMENT_IDS = {
    "ch001.xhtml": ["ch001", "page-1", "page-2"],
    "ch002.xhtml": ["ch002", "page-3", "start", "page-4"],
}


def test_entries_pointing_to_the_same_place_share_their_play_order() -> None:
    root = etree.fromstring(NAV_MAP)
    markers = [
        PageMarker("4", "ch002.xhtml#page-4"),
        PageMarker("1", "ch001.xhtml#page-1"),
        PageMarker("2", "ch001.xhtml#page-2"),
        PageMarker("3", "ch002.xhtml#page-3"),
        PageMarker("ch", "ch002.xhtml#start"),  # where the second chapter's navPoint points
    ]
    add_page_list(root, markers, "Pages")
    number_play_order(root, reading_place(["ch001.xhtml", "ch002.xhtml"], DOCUMENT_IDS.get))
    order = {
        e.find("n:content", NS).get("src"): int(e.get("playOrder"))
        for e in root.iter(f"{{{NCX}}}navPoint", f"{{{NCX}}}pageTarget")
    }
    assert order == {
        "ch001.xhtml": 1,
        "ch001.xhtml#page-1": 2,
        "ch001.xhtml#page-2": 3,
        "ch002.xhtml#page-3": 4,
        "ch002.xhtml#start": 5,
        "ch002.xhtml#page-4": 6,
    }
    shared = root.xpath("//*[n:content/@src='ch002.xhtml#start']", namespaces=NS)
    assert [e.tag.split("}")[1] for e in shared] == ["navPoint", "pageTarget"]
    assert {e.get("playOrder") for e in shared} == {"5"}
    assert _head(root, "dtb:totalPageCount") == "4" and _head(root, "dtb:maxPageNumber") == "4"
    special = _page_targets(root)[-1]
    assert special.get("type") == "special" and special.get("value") is None


@pytest.mark.skipif(EBOOK_CONVERT is None, reason="calibre's ebook-convert is not installed")
def test_calibre_converts_a_book_with_an_ncx_page_list_without_warnings(
    example_build, tmp_path
) -> None:
    epub = tmp_path / "with-pages.epub"
    epub.write_bytes(example_build.outputs["epub"].read_bytes())
    assert _page_targets(_read(epub, "toc.ncx"))
    assert convert(epub) == []
