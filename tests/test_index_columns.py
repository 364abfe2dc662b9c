"""The printed index's two columns start level, read back from the example book's PDF.

A letter heading carried its space above it to the head of a column, where WeasyPrint keeps a
top margin: in Power and Music the index's left column opened with "B" a line below "liberty"
at the head of the right column, and in a 45-essay volume the last page's "W" hung below
"Virginia" beside it. The space now follows each letter group instead.

The measuring script read an index page's running head and folio, which share a baseline, as
one line of the index with a 140 pt word space; it now sets the head apart as furniture.
"""

from __future__ import annotations

import sys
from collections import Counter

import pypdfium2 as pdfium

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from measure_print import Line, RawPage, Run, _chars, classify  # noqa: E402


def _column_tops(page: pdfium.PdfPage) -> tuple[float, float]:
    """The baseline of the first line of each column (PDF points, upwards). The index's own
    text is in the size most of the page's glyphs have; its title is larger."""
    drawn = [g for g in _chars(page) if g[0].strip()]
    size = Counter(round(g[4], 1) for g in drawn).most_common(1)[0][0]
    glyphs = [g for g in drawn if round(g[4], 1) == size]
    left = min(g[1] for g in glyphs)
    right = max(g[3] for g in glyphs)
    middle = (left + right) / 2
    return (
        max(g[2] for g in glyphs if g[1] < middle),
        max(g[2] for g in glyphs if g[1] >= middle),
    )


def test_the_index_columns_start_level(example_build) -> None:
    anchors = example_build.print_result.anchors
    pdf = pdfium.PdfDocument(str(example_build.outputs["pdf"]))
    try:
        page = pdf[anchors["index"] - 1]
        assert page.get_textpage().get_text_range().startswith("Index")
        left, right = _column_tops(page)
    finally:
        pdf.close()
    assert abs(left - right) < 0.5, (left, right)


def _line(text: str, y: float, size: float, x0: float = 72.0, x1: float = 300.0) -> Line:
    return Line([Run(text, x0, x1, y, size)], y, size)


def test_an_index_pages_running_head_is_furniture_to_the_measure() -> None:
    head = _line("306 Collected Essays in 45 Pieces", 609.4, 8.5, x1=360.0)
    index = [
        _line(f"entry {k}, 12, 14–15", 587.6 - 11.6 * k, 8.9, x0=72 + 160 * (k % 2))
        for k in range(30)
    ]
    page = classify(RawPage(314, [head, *index], [], []), 10.5)
    assert head in page.furniture and head not in page.body
    assert page.body == index
    # An opening page's title, larger than the index's type, stays with its text.
    title = _line("Index", 640.0, 16.8, x0=190.0, x1=230.0)
    opening = classify(RawPage(313, [title, *index[:20]], [], []), 10.5)
    assert title in opening.body
