"""Display lines broken by sense: where a title, subtitle or author line may not wrap.

Body text may wrap anywhere the hyphenator and the justification allow; a display line (the
title on the title page, half-title and covers, part and chapter titles, author lines) is read
as a phrase, and a designer breaks it where the voice pauses. A break is wrong after a
preposition, an article or a conjunction ("The Federalist Papers, Numbers 1 to / 45"), next to a
number ("Numbers / 1 to 45"), inside a person's name ("Edward / MacDowell"), or when it leaves
a short word or two alone on the last line ("…week / tells us").

This module only forbids breaks: every space where a break would be wrong becomes a no-break
space (U+00A0), so WeasyPrint, every EPUB reader and the cover renderer honour it without any
CSS they may lack. Which of the remaining breaks to take is the renderer's choice; the covers
and the print interior, which know their type size and measure, choose the balanced ones
(:func:`balanced_breaks`, measured by :mod:`compiler.book.display_measure`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

NBSP = "\u00a0"


def _words(listed: str) -> frozenset[str]:
    return frozenset(listed.split())


# Words a line must not end on, per primary language subtag: articles, possessive determiners
# ("Musical Instruments — Their / History"), prepositions, conjunctions, and the negation
# ("Should Not / Be So Far Separated"; for Russian, the particle "не"). Lower case;
# apostrophes are straight.
_SHORT_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "a an the my your his her its our their not "
        "and or nor but of to in on at by for from with into onto upon as via per "
        "about above after against along among around before behind below beneath beside "
        "between beyond despite down during except inside like near off out outside over "
        "past since than through throughout till toward towards under until unto up "
        "within without & no. vol. pp. p. st. dr. mr. mrs. ms."
    ),
    "fr": _words(
        "le la les un une des du de d' l' au aux à a en et ou ni mais car or donc pour par "
        "sur sous dans avec sans chez vers entre contre depuis pendant selon que qu' qui "
        "ce cet cette ces son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos "
        "ne n' se s' y si comme dès"
    ),
    "de": _words(
        "der die das den dem des ein eine einer eines einem einen und oder aber doch sondern "
        "denn in im an am auf aus bei beim mit nach von vom zu zum zur für über unter vor "
        "hinter neben zwischen durch gegen ohne um als wie dass ob seit bis während wegen "
        "trotz nr."
    ),
    "ru": _words(
        "в во на с со к ко о об обо у по за из изо от до для без безо при про над под "
        "перед через между и а но да или либо ни не что как чтобы ли же бы"
    ),
}
_MIN_TAIL_CHARS = 10
"""The last line keeps at least two words and this many characters ("week tells us", not
"tells us"), so a title never ends on a stub."""
_MAX_TAIL_WORDS = 3  # beyond this a long last phrase would make the title unbreakable
_MAX_TAIL_CHARS = 22  # nor longer than a heading line on a phone held upright
_NUMBER = re.compile(r"^[(\[]?\d[\d.,:–—/-]*$")
_TRAILING_PUNCTUATION = ",;:.!?)]»”’–—"
_EDGE_QUOTES = "\"'“”‘’«»„‚()[]"
_TAG = re.compile(r"(<[^>]*>)")
_DASHES = frozenset("–—")


def short_words(language: str) -> frozenset[str]:
    """The words no display line may end on in ``language`` (English when unknown)."""
    return _SHORT_WORDS.get(language.split("-")[0].lower(), _SHORT_WORDS["en"])


def bind(text: str, language: str = "en", names: Sequence[str] = ()) -> str:
    """``text`` with a no-break space wherever a line break would go against the sense.

    ``names`` are people's names (the book's authors, a chapter's author): a break never falls
    inside one. Existing no-break spaces are kept.
    """
    words = text.split(" ")
    if len(words) < 2:
        return text
    forbidden = _forbidden_gaps([w for w in words], text, language, names)
    out = [words[0]]
    for index, word in enumerate(words[1:]):
        out.append(NBSP if index in forbidden else " ")
        out.append(word)
    return "".join(out)


def bind_html(markup: str, language: str = "en", names: Sequence[str] = ()) -> str:
    """:func:`bind` for a title given as HTML (``<em>`` and the like): only text is changed.

    Spaces are judged on the text the reader sees, tags removed, so a break between
    ``<em>The</em> Federalist`` is forbidden like one in plain text.
    """
    pieces = _TAG.split(markup)
    text = "".join(piece for i, piece in enumerate(pieces) if i % 2 == 0)
    bound = bind(text, language, names)
    # Both strings differ only at spaces, so the text pieces are re-cut from ``bound`` in order.
    out: list[str] = []
    offset = 0
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(piece)
        else:
            out.append(bound[offset : offset + len(piece)])
            offset += len(piece)
    return "".join(out)


def bind_name(name: str) -> str:
    """A person's name that never wraps: every space in it a no-break space."""
    return name.replace(" ", NBSP)


def name_list(names: Sequence[str], conjunction: str = "and") -> str:
    """Names joined as a title page prints them ("A, B and C"), each one unbreakable, the
    conjunction bound to the name after it."""
    bound = [bind_name(name) for name in names]
    if len(bound) <= 1:
        return bound[0] if bound else ""
    return ", ".join(bound[:-1]) + f" {conjunction}{NBSP}" + bound[-1]


def _forbidden_gaps(words: list[str], text: str, language: str, names: Sequence[str]) -> set[int]:
    """Indexes of the spaces (space ``i`` follows ``words[i]``) where a break is wrong."""
    shorts = short_words(language)
    forbidden: set[int] = set()
    for i in range(len(words) - 1):
        before, after = words[i], words[i + 1]
        if not before or not after:
            continue
        number_after = _is_number(after) and not _ends_phrase(before)
        # A spaced dash ends its line, never opens the next.
        if _bound_to_next(before, shorts) or number_after or after in _DASHES:
            forbidden.add(i)
    forbidden |= _inside_names(words, text, names)
    forbidden |= _tail(words, forbidden)
    return forbidden


def ends_on_bound_word(word: str, language: str = "en") -> bool:
    """Whether a display line (or a title cut short, as a running head is) would end on
    ``word`` against the sense: an article, preposition or conjunction, or a number that
    does not close its phrase."""
    return _bound_to_next(word, short_words(language))


def is_short_word(word: str, language: str = "en") -> bool:
    """Whether ``word`` is an article, preposition, conjunction or the like in ``language``,
    whatever quotes surround it: a phrase cut after it reads unfinished, even before a colon
    ("Essays of: …")."""
    shorts = short_words(language)
    return _bare(word) in shorts or _bare(word.rstrip(_TRAILING_PUNCTUATION)) in shorts


def _bound_to_next(word: str, shorts: frozenset[str]) -> bool:
    return _bare(word) in shorts or _is_number(word) and not _ends_phrase(word)


def _bare(word: str) -> str:
    return word.strip(_EDGE_QUOTES).lower().replace("’", "'")


def _ends_phrase(word: str) -> bool:
    """Whether punctuation closes the phrase at this word, where a pause (and a break) is
    natural. A full stop after an abbreviation ("No.", "St.") does not."""
    return word[-1] in _TRAILING_PUNCTUATION


def _is_number(word: str) -> bool:
    return bool(_NUMBER.match(word.rstrip(_TRAILING_PUNCTUATION) or "x"))


def _inside_names(words: list[str], text: str, names: Sequence[str]) -> set[int]:
    """Spaces that fall inside an occurrence of one of ``names`` in the text."""
    starts = []  # offset of each space in text
    offset = 0
    for word in words[:-1]:
        offset += len(word)
        starts.append(offset)
        offset += 1
    forbidden: set[int] = set()
    for name in names:
        name = name.strip()
        if " " not in name:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(name).replace(r"\ ", "[ \u00a0]") + r"(?!\w)")
        for match in pattern.finditer(text):
            forbidden |= {i for i, at in enumerate(starts) if match.start() < at < match.end()}
    return forbidden


def _tail(words: list[str], forbidden: set[int]) -> set[int]:
    """The spaces bound so the last line holds two words and ``_MIN_TAIL_CHARS`` or more.

    A title that would then have no break left keeps its last one: bound whole, it could not
    wrap at all, and a long title must.
    """
    bound: set[int] = set()
    tail = len(words[-1])
    count = 1
    gap = len(words) - 2  # the space before the last word
    while gap >= 0 and count < _MAX_TAIL_WORDS + 1:
        if count >= 2 and tail >= _MIN_TAIL_CHARS:
            break
        if count >= _MAX_TAIL_WORDS:
            break
        if count >= 2 and tail + 1 + len(words[gap]) > _MAX_TAIL_CHARS:
            break  # two words already; more would be a chunk no phone screen can hold
        bound.add(gap)
        tail += 1 + len(words[gap])
        count += 1
        gap -= 1
        while gap >= 0 and gap in forbidden:  # a bound group joins the tail whole
            tail += 1 + len(words[gap])
            count += 1
            gap -= 1
    if len(forbidden | bound) >= len(words) - 1:
        return set()
    return bound


def lone_words(lines: Sequence[str]) -> int:
    """How many lines of a display broken into two or more hold one word alone ("The
    Federalist / Papers, / Numbers 1 to 45"): a designer never leaves a word by itself on a
    line of a title, subtitle or author line. A display on one line has none."""
    if len(lines) < 2:
        return 0
    return sum(1 for line in lines if len(line.replace(NBSP, " ").split()) == 1)


def balanced_breaks(text: str, measure: Callable[[str], float], width: float) -> list[str]:
    """``text`` cut into lines at its breakable spaces: as few lines as fit ``width``; of those
    cuts, the ones with the fewest lines holding a word alone (:func:`lone_words`: a caller
    sizing a title learns from what is left when to set it otherwise); of those, the cuts
    whose longest line is shortest, and of those the one whose lines are most even, so a
    two-line title has two near-equal lines rather than a full one and a stub, and a
    three-line title does not open on a short line ("No. 55: The Same / Subject Continued in
    Relation / to the Total…") when its longest line leaves room for an even cut ("No. 55:
    The Same Subject / Continued in Relation / to the Total…").

    ``measure`` gives a string's width in the unit of ``width``. A chunk wider than ``width``
    stays one line (the caller's overflow check catches it).
    """
    chunks = [chunk for chunk in text.split(" ") if chunk]
    if len(chunks) <= 1:
        return chunks
    space = measure(" ")
    sizes = [measure(chunk) for chunk in chunks]
    count = len(chunks)

    def line_width(first: int, last: int) -> float:
        return sum(sizes[first : last + 1]) + space * (last - first)

    # Pass 1: best[i] = (lines, longest line) for chunks[i:], fewest lines, then shortest longest.
    best: list[tuple[int, float]] = [(0, 0.0)] * (count + 1)
    for first in range(count - 1, -1, -1):
        options = []
        for last in range(first, count):
            span = line_width(first, last)
            if span > width and last > first:
                break
            lines, longest = best[last + 1]
            options.append((lines + 1, max(longest, span)))
        best[first] = min(options)
    target_lines = best[0][0]
    inf = float("inf")

    def alone(first: int, last: int) -> int:
        """1 when the line ``chunks[first:last + 1]`` of a display in several is one word."""
        return int(target_lines > 1 and first == last and NBSP not in chunks[first])

    # Pass 2: among the cuts into ``target_lines`` lines, the fewest lone words, then the
    # shortest longest line (both only ever grow with a line added in front, so each suffix's
    # best is part of the whole's best).
    fewest: dict[tuple[int, int], tuple[int, float]] = {(count, 0): (0, 0.0)}

    def least_alone(first: int, lines_left: int) -> tuple[int, float]:
        if (first, lines_left) in fewest:
            return fewest[(first, lines_left)]
        found: tuple[int, float] = (count, inf)
        if first < count and lines_left > 0:
            for last in range(first, count):
                span = line_width(first, last)
                if span > width and last > first:
                    break
                rest_alone, rest_longest = least_alone(last + 1, lines_left - 1)
                found = min(found, (alone(first, last) + rest_alone, max(span, rest_longest)))
        fewest[(first, lines_left)] = found
        return found

    _, longest = least_alone(0, target_lines)
    limit = longest + 1e-6  # the same sums as in pass 1, so only rounding needs room

    # Pass 3: among the cuts into ``target_lines`` lines none longer than ``longest``, the one
    # with the fewest lone words and then the least sum of squared widths: for a fixed total
    # that is the most even one.
    even: dict[tuple[int, int], tuple[int, float, int]] = {(count, 0): (0, 0.0, count)}

    def cost(first: int, lines_left: int) -> tuple[int, float, int]:
        if (first, lines_left) in even:
            return even[(first, lines_left)]
        found = (count, inf, count)
        if first < count and lines_left > 0:
            for last in range(first, count):
                span = line_width(first, last)
                if last > first and (span > width or span > limit):
                    break
                rest_alone, rest, _ = cost(last + 1, lines_left - 1)
                option = (alone(first, last) + rest_alone, rest + span * span, last + 1)
                if option[:2] < found[:2]:
                    found = option
        even[(first, lines_left)] = found
        return found

    lines_out: list[str] = []
    first, left = 0, target_lines
    while first < count:
        after = cost(first, left)[2]
        lines_out.append(" ".join(chunks[first:after]))
        first, left = after, left - 1
    return lines_out


__all__ = [
    "NBSP",
    "balanced_breaks",
    "bind",
    "bind_html",
    "bind_name",
    "ends_on_bound_word",
    "is_short_word",
    "lone_words",
    "name_list",
]
