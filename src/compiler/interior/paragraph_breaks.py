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

A paragraph does not end on the tail of a word broken on the line before ("oppres-" /
"sors."), which TeX avoids with ``\\finalhyphendemerits``: when its last line comes after a
hyphenated one, :func:`unbroken_end` sets that line again without a hyphen (its word goes
down whole or comes up with narrower spaces), and, when that leaves it loose, lets it take
words from the lines before as above; when that finds nothing, the lines held back are set
again all at once (:func:`_searched`), each taking or giving a word.

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


def ends_broken(lines: Sequence[Laid]) -> bool:
    """Whether ``lines`` end a paragraph with the tail of a word hyphenated on the line before."""
    return len(lines) >= 2 and lines[-1].resume_at is None and lines[-2].hyphenated


def unbroken_end(
    window: list[Laid],
    lay: Callable[..., Laid | None],
    whole: Callable[..., Laid | None],
    ways: Callable[[Laid, Laid], list[tuple[tuple[float, bool], float]]],
    allowance: float,
) -> list[Laid]:
    """``window``, a paragraph's last lines, again without ending on a broken word's tail.

    ``whole`` lays a line out as ``lay`` does but without automatic hyphens. The line before
    the last is set so, then the lines after it; when it comes out loose, it may also take
    words from the lines before (:func:`rebroken`), which then set a line whole wherever its
    hyphen would leave the paragraph's last line a tail. Of the sequences that end with a
    whole word, and whose lines set again are no looser than those they replace by more than
    ``allowance`` (px of stretch), the one whose widest space is narrowest wins (then fewer
    hyphens, then the smaller sum of cubed stretches); none found, ``window`` stays as it is.
    """
    if not ends_broken(window) or not window[-2].movable:
        return window
    start = len(window) - 2
    again = whole(window[start].before)
    if again is None or not again.movable:
        return window

    def ending_whole(place: Any, cap: tuple[float, bool] | None = None) -> Laid | None:
        laid = lay(place, cap)
        if laid is None or not laid.hyphenated or laid.resume_at is None:
            return laid
        following = lay(laid.after)
        if following is None or following.resume_at is not None:
            return laid
        return whole(place, cap) or laid

    found = []
    plain = _finished([*window[:start], again], lay, len(window) + 1)
    if plain is not None:
        found.append(plain)
    if again.resume_at is not None and again.stretch > again.limit:
        before, last = rebroken(window[:start], again, ending_whole, ways)
        shared = _finished([*before, last], ending_whole, len(window) + 1)
        if shared is not None:
            found.append(shared)

    # A whole word is worth fewer hyphens or more even spaces, not a loose line: the lines set
    # again may be looser than those they replace by ``allowance`` at most.
    def allowed(lines: list[Laid]) -> bool:
        return (
            not ends_broken(lines)
            and _worst(_not_in(lines, window)) <= _worst(_not_in(window, lines)) + allowance
        )

    whole_ends = [lines for lines in found if allowed(lines)]
    if not whole_ends:
        # Moving words one line at a time found nothing: the lines held back may all have to
        # end elsewhere at once, each a word earlier or later (see _searched). Searching also
        # when what was found has a loose line cost a tenth more CPU on a cold build, for
        # paragraphs a line shorter here and there.
        bound = _worst(window) + allowance
        searched = _searched(window, ending_whole, ways, len(window) + 1, bound)
        whole_ends += [lines for lines in searched if allowed(lines)]
    return min(whole_ends, key=_key) if whole_ends else window


# Line layouts a search of :func:`_searched` may make: a few hundred milliseconds at most, for
# the few paragraphs it is needed for.
SEARCH_LAYOUTS = 400


def _searched(
    window: list[Laid],
    lay: Callable[..., Laid | None],
    ways: Callable[[Laid, Laid], list[tuple[tuple[float, bool], float]]],
    most: int,
    bound: float,
) -> list[list[Laid]]:
    """The ways to set ``window``'s lines again, from its first, in at most ``most`` lines.

    :func:`rebroken` sets one line again at a time and keeps a change only when it leaves the
    lines looser by less than before, so it cannot find breaks where several lines each take
    or give a word (the last line a whole word, the one before it the word the line above
    gives it, and so on up the window). Here each line may be set as usual or in any of
    ``ways`` (a word earlier, hyphenated, narrower spaces), depth first, leaving out any line
    looser than ``bound`` (px of stretch beyond its limit) and stopping after
    :data:`SEARCH_LAYOUTS` layouts. The paragraphs that end on a whole word are returned.
    """
    laid_out: dict[tuple[str, tuple[float, bool] | None], Laid | None] = {}
    found: list[list[Laid]] = []

    def at(place: Any, cap: tuple[float, bool] | None = None) -> Laid | None:
        key = (repr(place), cap)
        if key not in laid_out:
            if len(laid_out) >= SEARCH_LAYOUTS:
                return None
            laid_out[key] = lay(place, cap)
        return laid_out[key]

    def loose(laid: Laid) -> bool:
        return laid.resume_at is not None and laid.stretch - laid.limit > bound

    def walk(lines: list[Laid], place: Any) -> None:
        plain = at(place)
        if plain is None or not plain.movable:
            return
        options = [plain]
        following = at(plain.after) if plain.resume_at is not None else None
        if following is not None:
            for cap, least in ways(plain, following):
                if least - plain.limit <= bound:
                    other = at(place, cap)
                    if other is not None and other.movable and other.held != plain.held:
                        options.append(other)
        for laid in options:
            if loose(laid):
                continue
            if laid.resume_at is None:
                if not ends_broken([*lines, laid]):
                    found.append([*lines, laid])
            elif len(lines) + 1 < most:
                walk([*lines, laid], laid.after)

    walk([], window[0].before)
    return found


def _not_in(lines: Sequence[Laid], others: Sequence[Laid]) -> list[Laid]:
    return [laid for laid in lines if not any(laid is other for other in others)]


def _worst(lines: Sequence[Laid]) -> float:
    """How far the loosest of ``lines`` stretches beyond its loose limit (px)."""
    return round(max((max(laid.stretch - laid.limit, 0.0) for laid in lines), default=0.0), 2)


def _finished(lines: list[Laid], lay: Callable[..., Laid | None], most: int) -> list[Laid] | None:
    """``lines`` with the rest of their paragraph laid out after them, in at most ``most``
    lines; None when a line of it may not be held back or the paragraph runs longer."""
    found = list(lines)
    while found[-1].resume_at is not None:
        if len(found) >= most:
            return None
        following = lay(found[-1].after)
        if following is None or not following.movable:
            return None
        found.append(following)
    return found


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
