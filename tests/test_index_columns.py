"""The printed index's two columns start level, read back from the example book's PDF.

A letter heading carried its space above it to the head of a column, where WeasyPrint keeps a
top margin: in Power and Music the index's left column opened with "B" a line below "liberty"
at the head of the right column, and in a 45-essay volume the last page's "W" hung below
"Virginia" beside it. The space now follows each letter group instead.
"""

from __future__ import annotations

import sys
from collections import Counter

import pypdfium2 as pdfium

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from measure_print import _chars  # noqa: E402


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
