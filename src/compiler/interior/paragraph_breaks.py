"""The breaks of a few lines chosen together, where one loose line can borrow from those before.

Line layout decides each line alone (WeasyPrint's greedy breaking, with the narrower spaces
and hyphens of :mod:`compiler.interior.line_breaks`). A line can stay loose whatever is done
to it alone: it follows two hyphenated lines and may not take a third hyphen, its next word
cannot be broken three letters from either end, or a long word went over whole. Only moving
words between it and the lines before it can help. Knuth and Plass choose all the breaks of a
paragraph at once; here the choice is made only where a line would be loose, over a window of
the :data:`DEPTH` lines before it still held back from the page: each of these is set again
one word earlier (or with its last word hyphenated, or with narrower spaces taking up a
word), the lines after it are set as usual, and
the sequence whose widest word space is lowest wins, then the one with fewer hyphens, then the
one whose stretches, cubed, add up to less.

The layout itself stays with the caller (``lay``), which sets one line from a place in the
paragraph, optionally within a narrower measure; this module only chooses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Lines held back before the one being laid out: a loose line may take words from the five
# lines before it (on the 45-essay volume three leave 59 lines with a space over 5 pt, five
# 54, for a tenth more line layouts instead of a twelfth).
DEPTH = 5
# Rounds of setting one line of the best sequence again, for one loose line (a second round
# is rare, a fourth almost never helps).
ROUNDS = 4


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
    cap: tuple[float, bool] | None = None  # the narrower measure it was set within, if any


def _key(lines: Sequence[Laid]) -> tuple[float, int, float]:
    worst = max(max(laid.stretch - laid.limit, 0.0) for laid in lines)
    cubes = sum(abs(laid.stretch) ** 3 for laid in lines)
    return round(worst, 2), sum(laid.hyphenated for laid in lines), cubes


def rebroken(
    window: list[Laid],
    last: Laid,
    lay: Callable[..., Laid | None],
    ways: Callable[[Laid, Laid], list[tuple[tuple[float, bool], float]]],
) -> tuple[list[Laid], Laid]:
    """``window`` and ``last`` again, or other breaks for them when ``last`` is loose.

    ``ways`` gives the ways to set a line (before the one it is given) again so that it ends
    elsewhere, each with the least stretch it can have: narrower measures for its breaking,
    or narrower spaces (see :func:`compiler.interior.line_breaks._other_breaks`).
    """
    if last.stretch <= last.limit:
        return window, last
    best = [*window, last]
    best_key = _key(best)
    laid_out: dict[tuple[str, tuple[float, bool] | None], Laid | None] = {}

    def remembered(place: Any, cap: tuple[float, bool] | None = None) -> Laid | None:
        # A round tries again the ways of the lines the last round did not change.
        key = (repr(place), cap)
        if key not in laid_out:
            laid_out[key] = lay(place, cap)
        return laid_out[key]

    # Each round sets one line of the best sequence so far again, nearest the loose line
    # first; a change that moves the looseness up the paragraph is worked on in the next.
    for _round in range(ROUNDS):
        found = best
        for start in reversed(range(len(best) - 1)):
            for cap, least in ways(best[start], best[start + 1]):
                if round(max(least - best[start].limit, 0.0), 2) > best_key[0]:
                    continue  # that line alone would be looser than the best sequence's
                candidate = _set_from(best, start, cap, remembered)
                if candidate is None:
                    continue
                key = _key(candidate)
                if key < best_key:
                    found, best_key = candidate, key
                if best_key[0] == 0:
                    break  # no loose line left: good enough, and the search costs layouts
            if best_key[0] == 0:
                break
        if found is best or best_key[0] == 0:
            best = found
            break
        best = found
    return best[:-1], best[-1]


def _set_from(
    lines: list[Laid], start: int, cap: tuple[float, bool], lay: Callable[..., Laid | None]
) -> list[Laid] | None:
    """``lines`` with line ``start`` set within ``cap``, and as many lines after it.

    Once a line set again ends where the same line did before, the lines after it are those
    already laid out.
    """
    first = lay(lines[start].before, cap)
    if first is None or not first.movable or first.held == lines[start].held:
        return None
    found = [*lines[:start], first]
    while len(found) < len(lines) and found[-1].resume_at is not None:
        index = len(found) - 1
        if index > start and _same_end(found[index], lines[index]):
            return [*found, *lines[index + 1 :]]
        following = lay(found[-1].after)
        if following is None or not following.movable:
            return None
        found.append(following)
    return found


def _same_end(laid: Laid, other: Laid) -> bool:
    return (
        laid.after.position_y == other.after.position_y
        and laid.after.run == other.after.run
        and repr(laid.resume_at) == repr(other.resume_at)
    )
