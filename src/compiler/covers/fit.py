"""Fitting a print cover in as few layouts as it takes: the back, the spine and the front at once.

Each layout of the cover costs a WeasyPrint render (0.1–0.3 s). The back's blurb, the spine's
line and the front's title sit in zones that do not touch, so one layout answers for all
three: whether the blurb at this size fits above the barcode, whether the spine line fits
between the folds, whether the front stays inside its safe area. The searches here only say
what to try next; :mod:`compiler.covers.draw` lays the cover out and reads the glyphs back.

- The blurb: the largest size on the back's grid that fits (fitting is monotone in the size),
  found by halving between the blurb's own size and the smallest, first with the author's
  block and then, if it must give way, without.
- The spine: its line's size estimated from the face's widths before any layout (so a line too
  long for the spine is set smaller at once, and a part that cannot fit at the minimum is left
  off without a layout), then refitted once from the glyphs if the estimate was short.
- The front: shrunk from the glyphs when a volume's own face is wider than the bundled one the
  title was measured with.

Nothing here draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..book.display_measure import measuring_font


class BlurbSearch:
    """The largest of ``sizes`` (largest first) whose back fits, for each ``about`` in turn.

    :meth:`candidate` is the back to lay out next; :meth:`record` hears whether it fitted.
    When :attr:`answer` is set the search is over (``about`` False and the smallest size when
    nothing fits: the glyph check then names the blurb as too long).

    The blurb's own size is tried first. When it does not fit, a :meth:`hint` (the size the
    overflow suggests) is tried next and then its neighbour on the grid, which settles the
    answer when the hint was right; otherwise the smallest size decides whether anything
    fits and the rest is halved, as without a hint.
    """

    def __init__(self, sizes: Sequence[float], abouts: Sequence[bool]) -> None:
        self.sizes = list(sizes)
        self.abouts = list(abouts)
        self.answer: tuple[float, bool] | None = None
        self.fitted = False  # the answer is a size that fits, not the last resort
        self._start()

    def _start(self) -> None:
        # low: largest index known not to fit (-1: none yet); high: smallest known to fit.
        self._low, self._high = -1, None
        self._probes: list[int] = []
        self._hinted: int | None = None
        self._next = 0

    @property
    def wants_hint(self) -> bool:
        """Whether a hint would be used: the first size failed and nothing else is known."""
        return self.answer is None and self._low == 0 and self._high is None and not self._probes

    def hint(self, size: float) -> None:
        """Try the grid's largest size not over ``size`` next (when :attr:`wants_hint`)."""
        if not self.wants_hint:
            return
        index = next((i for i, s in enumerate(self.sizes) if s <= size), len(self.sizes) - 1)
        if index > 0:
            self._probes, self._hinted = [index], index
            self._next = index

    def candidate(self) -> tuple[float, bool]:
        if self.answer is not None:
            return self.answer
        return self.sizes[self._next], self.abouts[0]

    def record(self, tried: tuple[float, bool], fits: bool) -> None:
        if self.answer is not None or tried != self.candidate():
            return
        index = self._next
        if fits:
            self._high = index
        else:
            self._low = index
        self._probes = [probe for probe in self._probes if probe != index]
        if index == self._hinted:  # its neighbour says whether the hint was the answer
            self._probes.append(index - 1 if fits else index + 1)
            self._hinted = None
        last = len(self.sizes) - 1
        if self._high is not None and self._high - self._low <= 1:
            self.answer = (self.sizes[self._high], self.abouts[0])
            self.fitted = True
            return
        if self._high is None and self._low == last:
            # Not even the smallest fits: without the author's block, or not at all.
            self.abouts.pop(0)
            if not self.abouts:
                self.answer = (self.sizes[-1], False)
            else:
                self._start()
            return
        ceiling = last + 1 if self._high is None else self._high
        probes = [probe for probe in self._probes if self._low < probe < ceiling]
        if probes:
            self._next = probes[0]
        elif self._high is None:
            self._next = last  # whether the smallest fits decides the rest
        else:
            self._next = (self._low + self._high) // 2


@dataclass(frozen=True)
class SpineLine:
    """One line the spine may carry: its parts and their size in points."""

    parts: tuple[str, ...]
    size: float


class SpineSearch:
    """The fullest spine line that fits at ``minimum`` points or more.

    ``lines`` are the parts the spine may carry, fullest first, each with the length it
    takes at 1 pt (:func:`spine_length_per_pt`) and the largest size whose ink fits across
    the spine (:func:`spine_across_pt`); ``length`` is the room along the spine. A line
    starts at the smaller of ``size`` and its estimated fit; one that still overflows is set
    smaller once, from its glyphs, and one that cannot reach ``minimum`` gives way to the
    next. :attr:`current` is what to lay out; ``()`` is a bare spine.
    """

    def __init__(
        self,
        lines: Sequence[tuple[tuple[str, ...], float, float]],
        length: float,
        size: float,
        minimum: float,
        margin: float,
    ) -> None:
        self._lines = list(lines)
        self._length = length
        self._size = size
        self._minimum = minimum
        self._margin = margin
        self._refitted = False
        self.bare = False
        self.current = self._first()

    def _first(self) -> SpineLine:
        while self._lines:
            parts, per_pt, across = self._lines[0]
            along = self._length / per_pt * self._margin if per_pt > 0 else self._size
            size = min(self._size, along, across)
            if size >= self._minimum:
                self._refitted = False
                return SpineLine(parts, size)
            self._lines.pop(0)
        self.bare = True
        return SpineLine((), 0.0)

    def overflowed(self, refit: float | None) -> None:
        """The line just laid out ran past the spine: ``refit`` is how much smaller it must be,
        measured from its glyphs (None when there was nothing to measure)."""
        if self.bare:
            return
        size = self.current.size * refit if refit is not None else 0.0
        if not self._refitted and size >= self._minimum:
            self._refitted = True
            self.current = SpineLine(self.current.parts, size)
            return
        self._lines.pop(0)
        self.current = self._first()


def spine_length_per_pt(texts: Sequence[str], tracking_em: float, gap_em: float) -> float:
    """The length in points of a spine line of ``texts`` at 1 pt, set in capitals with
    ``tracking_em`` letter spacing and ``gap_em`` between its parts (as cover.css sets it)."""
    size = 100.0  # measured at a size where the face's hinting is negligible, then scaled
    length = measuring_font(size).getlength
    total = sum(length(text.upper()) + tracking_em * size * len(text) for text in texts)
    return (total + gap_em * size * (len(texts) - 1)) / size


def spine_across_pt(texts: Sequence[str], thickness_pt: float, tolerance_pt: float) -> float:
    """The largest size at which a spine line of ``texts`` in capitals keeps its ink inside
    the spine's thickness (give or take ``tolerance_pt``).

    cover.css sets the line's height to the thickness, so the face's ascent and descent
    (hhea: 1.10 and 0.37 em in Gentium) centre its content area, not its ink, and the
    baseline falls ``(ascent - descent) / 2`` em below the middle: the descender of a "J" or
    a comma reaches the edge long before the capitals' tops do.
    """
    size = 1000.0  # Pillow rounds metrics to whole units: measure large, then scale
    font = measuring_font(size)
    ascent, descent = (value / size for value in font.getmetrics())
    text = " ".join(texts).upper()
    left, top, right, bottom = (value / size for value in font.getbbox(text, anchor="ls"))
    half = thickness_pt / 2 + tolerance_pt
    offset = (ascent - descent) / 2  # the baseline below the middle, in ems
    limits = [half / (offset + bottom) if offset + bottom > 0 else float("inf")]
    if -top - offset > 0:
        limits.append(half / (-top - offset))
    return min(limits)


FRONT_REFITS = 3
"""A front whose face is wider than the bundled one is set smaller at most this many times."""


def front_refit(extent: tuple[float, float], inside: tuple[float, float], margin: float) -> float:
    """How much smaller the front's type must be: from the width and height its glyphs take
    (``extent``) and how much of each lies inside the zone, never more than a fifth at a time
    (a line that wraps makes the height overshoot by more than the type is too large)."""
    ratios = [inside[0] / extent[0] if extent[0] > 0 else 1.0]
    ratios.append(inside[1] / extent[1] if extent[1] > 0 else 1.0)
    return max(min(min(ratios), 1.0) * margin, 0.8)
