"""Display lines measured in the bundled book face and cut into balanced lines.

:mod:`compiler.book.display_lines` says where a title may break; this says which of those
breaks to take for a given type size and measure, so a two-line title has two near-equal lines
("The Federalist Papers, / Numbers 1 to 45"), never a full line and a stub. The covers and the
print interior (title page, half-title, part and chapter titles) both cut their lines here, so
one title breaks the same way wherever it is set at the same size and measure.

Widths come from FreeType (Pillow) with the face the stylesheets bundle, not from a layout:
measuring costs microseconds, where asking WeasyPrint would cost a layout per title. A
volume stylesheet with another face or size shifts the widths a little; a line that then
overflows wraps at its remaining spaces, as it would have without measuring.
"""

from __future__ import annotations

from functools import cache

from PIL import ImageFont

from ..machinery.styles import styles_dir
from .display_lines import balanced_breaks

FACES = {False: "GentiumBookPlus-Regular.ttf", True: "GentiumBookPlus-Italic.ttf"}


@cache
def measuring_font(size_pt: float, italic: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled face at ``size_pt``; its lengths are in points."""
    return ImageFont.truetype(str(styles_dir() / "fonts" / FACES[italic]), size_pt)


def balanced_lines(
    text: str, size_pt: float, room_pt: float, italic: bool = False, language: str = "en"
) -> list[str]:
    """``text`` (already bound: see :func:`~compiler.book.display_lines.bind`) cut into the
    fewest lines that fit ``room_pt`` at ``size_pt``, as even as can be and broken where the
    sense of ``language`` pauses (:func:`~compiler.book.display_lines.balanced_breaks`)."""
    length = measuring_font(round(size_pt, 2), italic).getlength
    return balanced_breaks(text, length, room_pt, language)
