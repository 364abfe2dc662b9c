"""A line is drawn at the same places whatever type a document set before it.

WeasyPrint records each glyph's width at the first size it draws it; the copyright page's
8 pt type, first in a whole book but absent from a unit laid out alone, used to move the
essays' glyphs by hundredths of a point between the two layouts (see
compiler.interior.advances).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

import pypdfium2 as pdfium
from weasyprint import HTML

from compiler.interior.advances import design_widths
from compiler.interior.layout import _fonts, _stylesheets

LINE = "Abcdefghijklmnopqrstuvwxyz, quick brown foxes jump over the lazy dogs; Wm. Quay &amp; Yves."
SMALL_FIRST = (
    "Copyright \u00a9 2026. ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz; "
    "first published 29 January 1788 by J. &amp; A. McLean, New York."
)


def _positions(before: str, writing: Callable[[], AbstractContextManager[object]]) -> list[float]:
    """Left edges (pt) of the characters of LINE, set at body size after ``before`` at 8 pt."""
    html = f"<div style='font-size: 8pt'>{before}</div><p>{LINE}</p>"
    document = HTML(string=html).render(stylesheets=list(_stylesheets()), font_config=_fonts())
    with writing():
        pdf = document.write_pdf()
    text = pdfium.PdfDocument(pdf)[0].get_textpage()
    start = text.get_text_range().rindex("Abcdef")
    return [text.get_charbox(i)[0] for i in range(start, start + 60)]


def test_glyph_positions_do_not_depend_on_the_sizes_drawn_before():
    assert _positions(SMALL_FIRST, design_widths) == _positions("", design_widths)


def test_without_design_widths_the_first_size_moves_later_glyphs():
    """The defect itself, so the test above is known to catch it on this WeasyPrint."""
    moved = _positions(SMALL_FIRST, nullcontext)
    alone = _positions("", nullcontext)
    assert moved != alone
    assert max(abs(a - b) for a, b in zip(moved, alone, strict=True)) < 0.1
