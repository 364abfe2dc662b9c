"""An index entry carried over a turn of the leaf has its heading repeated, *continued*.

In the 45-essay volume with an index (bench/volumes.py) "House of Representatives" began at
the foot of the index's first, right-hand page and its last numbers opened the left-hand page
overleaf with no heading in sight. Chicago (16.142) repeats the heading there, followed by
*continued*; the index here is laid out as a build lays out its unit, and read back from the
PDF it writes.
"""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from compiler.book.render import Page
from compiler.interior.index_pages import merged
from compiler.interior.units import LayoutJob, lay_out

# Headings as a volume of The Federalist and MacDowell's lectures indexes them; the numbers
# are made up, spread so that few of them merge into ranges and the entries run long.
TERMS = [
    "America", "Congress", "Constitution", "Delaware", "executive", "France", "Germany",
    "Great Britain", "Greece", "House of Representatives", "India", "Italy", "judiciary",
    "liberty", "Maryland", "Massachusetts", "melody", "music", "New York", "opera",
    "Parliament", "Pennsylvania", "President", "Rhode Island", "rhythm", "Rome", "Senate",
    "States", "tyranny", "Union", "Venice", "Virginia",
]  # fmt: skip
SUBENTRIES = {"Constitution": 14, "music": 40, "States": 18}


def _pages(number: int) -> list[int]:
    """Every third page or so from a start of its own: numbers that rarely make ranges."""
    return list(range(3 + number % 7, 600, 5 + number % 4))[: 18 + 6 * (number % 6)]


def _entry(term: str, anchors: list[str], sub: str = "") -> str:
    links = "".join(f'<a class="xref index-locator" href="#{a}"></a>' for a in anchors)
    kind = "index-entry index-subentry" if sub else "index-entry"
    return (
        f'<li class="{kind}" id="ix-{term}{sub}"><span class="index-term">{sub or term}</span>'
        f'<span class="index-locators">{links}</span>'
    )


def _index() -> tuple[str, dict[str, str]]:
    """The index section as the template writes it for print, and its anchors' folios."""
    folios: dict[str, str] = {}
    items: list[str] = []
    for number, term in enumerate(TERMS):
        anchors = [f"{term.replace(' ', '')}-{page}" for page in _pages(number)]
        folios.update((a, a.rsplit("-", 1)[1]) for a in anchors)
        item = _entry(term, anchors)
        if term in SUBENTRIES:
            subs = []
            for k in range(SUBENTRIES[term]):
                anchor = f"{term}-sub{k}"
                folios[anchor] = str(10 + 7 * k)
                subs.append(_entry(term, [anchor], sub=f"aspect {k}") + "</li>")
            item += f'<ul class="index-subentries">{"".join(subs)}</ul>'
        items.append(item + "</li>")
    html = (
        '<section class="matter index" id="index" data-continued="continued">'
        '<header class="matter-head"><h1 class="matter-title">Index</h1></header>'
        '<div class="index-body"><section class="index-group" id="ix-a">'
        '<h2 class="index-letter">A–V</h2>'
        f'<ul class="index-entries">{"".join(items)}</ul></section></div></section>'
    )
    return html, folios


@pytest.fixture(scope="module")
def laid():
    section, folios = _index()
    page = merged(Page("index", "Index", "index", section), folios)
    html = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{page.html}</body></html>'  # noqa: E501
    css = "@page { size: 4.25in 6in; margin: 0.6in 0.5in; }"
    return lay_out(LayoutJob(html=html, css=(css,))), folios


def _lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text, without its running head and folio."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    for number, page in enumerate(document, start=1):
        lines = [line.strip() for line in page.get_textpage().get_text_range().splitlines()]
        furniture = {str(number), f"Index {number}", f"{number} Index"}
        pages.append([line for line in lines if line and line not in furniture])
    return pages


def test_a_left_hand_page_never_opens_on_an_entry_without_its_heading(laid) -> None:
    result, _ = laid
    pages = _lines(result.pdf)
    assert len(pages) >= 5
    carried = [page[:2] for page in pages if "(continued)" in page[0]]
    # Both kinds occur: an entry's numbers, and a heading's sub-entries, carried over.
    assert any(re.match(r"\d", after) for _, after in carried), carried
    assert ["music (continued)", "aspect"] in [[h, a.split()[0]] for h, a in carried]
    for number, page in enumerate(pages):
        first = page[0]
        if number % 2:  # a left-hand page: its first entry starts there or is carried on
            assert not re.match(r"\d|aspect", first), (number, page[:3])
        # Nowhere else: a right-hand page and the index's opening keep their lines.
        assert "(continued)" not in " ".join(page[1:])
        if "(continued)" in first:
            assert number % 2, (number, first)


def test_every_number_is_printed_once_and_is_a_link(laid) -> None:
    result, folios = laid
    lines = [line for page in _lines(result.pdf) for line in page]
    # The numbers after a heading's comma or at the start of a turnover line ("aspect 3" is a
    # sub-entry's heading).
    listed = [int(n) for line in lines for n in re.findall(r"(?:^|,\s*)(\d+)", line)]
    # Each place was a page of its own (no two consecutive), so each is one printed number.
    assert sorted(listed) == sorted(int(folio) for folio in folios.values())
    reader = PdfReader(io.BytesIO(result.pdf))
    links = sum(
        1
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    )
    assert links == len(folios)
