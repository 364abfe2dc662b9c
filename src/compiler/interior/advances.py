"""Glyph widths written into the PDF from the typeface's design, whatever size drew them first.

WeasyPrint (70) keeps one font resource per face for every size it sets, and records each
glyph's width (the PDF ``/W`` entry) from Pango's advance at the size the document first
draws that glyph; later draws at other sizes correct the position with an adjustment it
truncates to a whole thousandth of an em. Pango measures at sizes rounded to 1/1024 px, so an
advance taken at 8 pt can differ by one thousandth from the same advance at 10.5 pt. Which
size comes first then decides where later glyphs land: the whole book meets the copyright
page's type before the essays, a unit laid out alone meets the essays first, and the two
layouts drew the same lines a few hundredths of a point apart.

Inside :func:`design_widths` every glyph's width is its design advance (``hmtx``) in
thousandths of an em, rounded as WeasyPrint rounds it, so the width no longer depends on the
order of sizes in a document. At sizes whose Pango scale is exact (10.5 pt, 9 pt) this is the
width WeasyPrint already wrote; other sizes keep their exact advances through the adjustment.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from .fonts import design_advances

SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"true", b"OTTO")
_drawing: ContextVar[bool] = ContextVar("drawing_a_line", default=False)


class DesignWidths(dict[int, float]):
    """A font's ``widths`` that knows every glyph it has: asked for one, it adds its advance.

    WeasyPrint asks ``glyph in font.widths`` before measuring a glyph at the current size, and
    writes the keys it holds into the PDF; here a glyph of the face is always known, and is
    stored (so written) the first time it is drawn.
    """

    def __init__(self, upem: int, advances: list[int], known: dict[int, float]) -> None:
        super().__init__(known)
        self._upem = upem
        self._advances = advances

    def __contains__(self, glyph: object) -> bool:
        if dict.__contains__(self, glyph):
            return True
        # Only while a line is drawn: writing the PDF asks the same question of the glyphs
        # drawn and must get the truth. Glyph 0 (.notdef) is left to WeasyPrint, which gives
        # a missing character its width.
        return _drawing.get() and isinstance(glyph, int) and 0 < glyph < len(self._advances)

    def __missing__(self, glyph: int) -> float:
        width = round(self._advances[glyph] * 1000 / self._upem)
        self[glyph] = width
        return width


@lru_cache(maxsize=16)
def _advances(program: bytes) -> tuple[int, list[int]] | None:
    if program[:4] not in SFNT_VERSIONS:
        return None  # a collection or a bitmap face: WeasyPrint's own widths
    try:
        return design_advances(program)
    except (KeyError, IndexError, ValueError):
        return None


@contextmanager
def design_widths() -> Iterator[None]:
    """While active, documents written to PDF record design widths (see the module)."""
    from weasyprint.draw import text
    from weasyprint.pdf.stream import Stream

    original = Stream.add_font
    draw_line = text.draw_first_line

    def add_font(stream: Any, pango_font: Any) -> tuple[Any, float]:
        font, size = original(stream, pango_font)
        if not isinstance(font.widths, DesignWidths) and not font.bitmap:
            found = _advances(font.file_content)
            if found is not None:
                font.widths = DesignWidths(*found, font.widths)
        return font, size

    def draw_first_line(*args: Any, **kwargs: Any) -> Any:
        token = _drawing.set(True)
        try:
            return draw_line(*args, **kwargs)
        finally:
            _drawing.reset(token)

    Stream.add_font = add_font
    text.draw_first_line = draw_first_line
    try:
        yield
    finally:
        Stream.add_font = original
        text.draw_first_line = draw_line
