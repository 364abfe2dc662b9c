"""The breaks of a few lines chosen together, where one loose line can borrow from those before.

Line layout decides each line alone (WeasyPrint's greedy breaking, with the narrower spaces
and hyphens of :mod:`compiler.interior.line_breaks`). A line can stay loose whatever is done
to it alone: it follows two hyphenated lines and may not take a third hyphen, its next word
cannot be broken three letters from either end, or a long word went over whole. Only moving
words between it and the lines before it can help. Knuth and Plass choose all the breaks of a
paragraph at once; here the choice is made only where a line would be loose, over a window of
the :data:`DEPTH` lines before it still held back from the page: each of these is set again
one word earlier (or with its last word hyphenated), the lines after it are set as usual, and
the sequence whose widest word space is lowest wins, then the one with fewer hyphens, then the
one whose stretches, cubed, add up to less.

The layout itself stays with the caller (``lay``), which sets one line from a place in the
paragraph, optionally within a narrower measure; this module only chooses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Lines held back before the one being laid out: a loose line may take words from the two
# lines before it.
DEPTH = 3
# Lines set again one after another for a loose line, at most.
ROUNDS = 3


@dataclass
class Laid:
    """A line as laid out, from where (``before``) to where the next starts (``after``)."""

    line: Any
    resume_at: Any
    before: Any
    after: Any
    movable: bool  # may be set again (no note, float or positioned box depends on it)
    stretch: float  # extra width of its word spaces once justified (px); 0 for a last line
    limit: float  # the stretch above which it is loose (px)
    hyphenated: bool
    held: int  # characters of the paragraph it holds


def _key(lines: Sequence[Laid]) -> tuple[float, int, float]:
    worst = max(max(laid.stretch - laid.limit, 0.0) for laid in lines)
    cubes = sum(max(laid.stretch, 0.0) ** 3 for laid in lines)
    return round(worst, 2), sum(laid.hyphenated for laid in lines), cubes


def rebroken(
    window: list[Laid],
    last: Laid,
    lay: Callable[..., Laid | None],
    earlier: Callable[[Laid], list[tuple[float, bool]]],
) -> tuple[list[Laid], Laid]:
    """``window`` and ``last`` again, or other breaks for them when ``last`` is loose.

    ``earlier`` gives the narrower measures that make a line end before it does now. The
    nearest line is tried first; the one before it only when that leaves a loose line.
    """
    if last.stretch <= last.limit:
        return window, last
    best = [*window, last]
    best_key = _key(best)
    # Each round sets one line of the best sequence so far again, nearest the loose line
    # first; a change that moves the looseness up the paragraph is worked on in the next.
    for _round in range(ROUNDS):
        found = best
        for start in reversed(range(len(best) - 1)):
            for cap in earlier(best[start]):
                candidate = _set_from(best, start, cap, len(best) - start, lay)
                if candidate is None:
                    continue
                key = _key(candidate)
                if key < best_key:
                    found, best_key = candidate, key
            if best_key[0] == 0:
                break
        if found is best or best_key[0] == 0:
            best = found
            break
        best = found
    return best[:-1], best[-1]


def _set_from(
    window: list[Laid],
    start: int,
    cap: tuple[float, bool],
    count: int,
    lay: Callable[..., Laid | None],
) -> list[Laid] | None:
    """The window with its line ``start`` set within ``cap`` and up to ``count`` lines from it."""
    first = lay(window[start].before, cap)
    if first is None or not first.movable or first.held == window[start].held:
        return None
    lines = [*window[:start], first]
    while len(lines) < start + count and lines[-1].resume_at is not None:
        following = lay(lines[-1].after)
        if following is None or not following.movable:
            return None
        lines.append(following)
    return lines
