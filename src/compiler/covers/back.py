"""The back cover's type: how large the blurb is set for its length, and how far it may shrink.

A blurb is display copy, read from a shelf or a thumbnail: forty words set at body size leave a
panel empty, two hundred set large run into the barcode. The size is chosen from the blurb's
length first (:func:`blurb_size_pt`); :mod:`compiler.covers.draw` then lays the back out and, when
the copy does not fit above the barcode, asks for smaller sizes down to :data:`BLURB_MIN_PT`,
warning once the type is smaller than a reader holds comfortably (:data:`BLURB_EASY_PT`).

Nothing here draws: the sizes are plain numbers so they are tested without a renderer.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

DESIGN_WIDTH_IN = 6.0
"""cover.css sizes are written for a 6 in wide panel, then scaled with the trim."""

BLURB_STEPS: tuple[tuple[int, float], ...] = (
    (45, 17.0),
    (80, 15.0),
    (120, 13.5),
    (170, 12.0),
    (240, 11.0),
)
"""(up to this many words, this size in points on a 6 in panel); longer blurbs start at
:data:`BLURB_LONG_PT`. About forty words make a display paragraph at 17 pt on a 26 em measure;
each step keeps a blurb of its longest length to roughly half the panel's height."""
BLURB_LONG_PT = 10.5
BLURB_EASY_PT = 10.0
"""Under this the blurb reads as small print: the editor hears that it was shrunk to fit."""
BLURB_MIN_PT = 9.0
"""The smallest blurb the back sets, whatever the trim: smaller, copy on a cover's coated stock
and varnish is hard to read, and a longer blurb is an error naming what to cut."""
BIO_PT = 9.5
"""The about-the-author block, on a 6 in panel: smaller than the blurb, never under
:data:`BIO_MIN_PT`."""
BIO_MIN_PT = 8.5
STEP_PT = 0.25
"""Sizes are tried on this grid, so the same blurb always lands on the same size."""


MEASURES_EM: tuple[tuple[float, float], ...] = ((12.0, 26.0), (10.5, 30.0))
"""(from this size up, this measure in ems): about 60 characters a line for display sizes;
smaller type takes a wider measure (:data:`SMALL_MEASURE_EM`, about 75 characters), where
copy that is long must go rather than down the panel."""
SMALL_MEASURE_EM = 34.0


@dataclass(frozen=True)
class BackType:
    """What the back is set with: the blurb's size, and whether the author's block is shown
    (it is left out, with a warning, when the blurb at its smallest needs its room)."""

    blurb_pt: float
    bio_pt: float
    about: bool = True

    @property
    def measure_em(self) -> float:
        """The blurb's measure for its size (the panel's width when that is narrower)."""
        return next((em for least, em in MEASURES_EM if self.blurb_pt >= least), SMALL_MEASURE_EM)


def words(blurb_html: str | None) -> int:
    """Words of the blurb as a reader counts them (markup and entities aside)."""
    if not blurb_html:
        return 0
    text = html.unescape(re.sub(r"<[^>]+>", " ", blurb_html))
    return len(text.split())


def _scale(trim_width_in: float) -> float:
    return trim_width_in / DESIGN_WIDTH_IN


def blurb_size_pt(word_count: int, trim_width_in: float) -> float:
    """The display size a blurb of ``word_count`` words gets on a back ``trim_width_in`` wide."""
    design = next((pt for most, pt in BLURB_STEPS if word_count <= most), BLURB_LONG_PT)
    return _on_grid(max(design * _scale(trim_width_in), BLURB_MIN_PT))


def bio_size_pt(trim_width_in: float) -> float:
    return _on_grid(max(BIO_PT * _scale(trim_width_in), BIO_MIN_PT))


def _on_grid(size: float) -> float:
    return round(size / STEP_PT) * STEP_PT


def sizes_down(start_pt: float) -> list[float]:
    """Every size from ``start_pt`` down to :data:`BLURB_MIN_PT` on the grid, largest first."""
    steps = int(round((start_pt - BLURB_MIN_PT) / STEP_PT))
    return [_on_grid(start_pt - i * STEP_PT) for i in range(max(steps, 0) + 1)]


def words_at(word_count: int, fitted_pt: float, wanted_pt: float) -> int:
    """About how many words would fit at ``wanted_pt`` when ``word_count`` fit at
    ``fitted_pt``: the copy's area grows with the square of its size."""
    return int(word_count * (fitted_pt / wanted_pt) ** 2)


def shrunk_warning(word_count: int, fitted_pt: float, wanted_pt: float) -> str:
    """What the editor hears when the blurb had to be set as small print to fit."""
    return (
        f"the blurb ({word_count} words) is set at {fitted_pt:g} pt to fit above the barcode, "
        f"smaller than the {BLURB_EASY_PT:g} pt a back cover should keep; cut it to about "
        f"{words_at(word_count, fitted_pt, BLURB_EASY_PT)} words"
    )


def about_dropped_warning(word_count: int) -> str:
    return (
        f"the blurb ({word_count} words) leaves no room on the back cover for the author's "
        f"photo and bio even at {BLURB_MIN_PT:g} pt, so they are left off the cover; shorten "
        "the blurb to keep them"
    )


__all__ = [
    "BLURB_EASY_PT",
    "BLURB_MIN_PT",
    "BackType",
    "about_dropped_warning",
    "bio_size_pt",
    "blurb_size_pt",
    "shrunk_warning",
    "sizes_down",
    "words",
    "words_at",
]
