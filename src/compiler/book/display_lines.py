"""Display lines broken by sense: where a title, subtitle or author line may not wrap.

Body text may wrap anywhere the hyphenator and the justification allow; a display line (the
title on the title page, half-title and covers, part and chapter titles, author lines) is read
as a phrase, and a designer breaks it where the voice pauses. A break is wrong after a
preposition, an article or a conjunction ("The Federalist Papers, Numbers 1 to / 45"), next to a
number ("Numbers / 1 to 45"), inside a person's name ("Edward / MacDowell"), or when it leaves
a short word or two alone on the last line ("…week / tells us").

:func:`bind` forbids breaks: every space where a break would be wrong becomes a no-break
space (U+00A0), so WeasyPrint, every EPUB reader and the cover renderer honour it without any
CSS they may lack. Which of the remaining breaks to take is the renderer's choice; the covers
and the print interior, which know their type size and measure, choose balanced ones that
fall where the sense pauses (:func:`balanced_breaks`, measured by
:mod:`compiler.book.display_measure`): after punctuation best, before a preposition, article,
conjunction or relative word next, between two other words ("New / Government", "The Same /
Subject") only when nothing else balances.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

NBSP = "\u00a0"


def _words(listed: str) -> frozenset[str]:
    return frozenset(listed.split())


# Words a line must not end on, per primary language subtag: articles and determiners
# ("Musical Instruments — Their / History", "Have No / Constitutional Control"),
# prepositions, conjunctions, the negation ("Should Not / Be So Far Separated"; for
# Russian, the particle "не") and, in English, the modal verbs that are never nouns ("The
# Government Must / Furnish"). Lower case; apostrophes are straight.
_SHORT_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "a an the my your his her its our their no not must should shall could would "
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
# Words that open a clause (relative pronouns and subordinating conjunctions) beyond the short
# words: a line may well end before one ("The Power / which the Constitution Gives"), though a
# line may end on one too ("That", "Where" open a title as often as they close a phrase).
_RELATIVE_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "which who whom whose that where when whence while whether because if though "
        "although unless whereas lest"
    ),
    "fr": _words("dont où quand lorsque lorsqu' puisque puisqu' quoique quoi lequel laquelle"),
    "de": _words("welche welcher welches welchem welchen dessen deren wo wenn weil obwohl"),
    "ru": _words("который которая которое которые которого где когда если потому чем"),
}

_NEGATIONS_AND_MODALS = _words("not ne n' nicht не must should shall could would")
"""Short words that bind to the word after them but do not open a phrase: a line starting
on one splits a verb from its negation ("Should / Not Be") or its subject from its verb
no better than a break between other words does."""

PAUSE_COST = 0.0
BEFORE_FUNCTION_WORD_COST = 0.03
BETWEEN_WORDS_COST = 0.15
EXTRA_LINE_COST = 0.05
"""What a break costs the sense by where it falls (see :func:`break_cost`), and what a line
beyond the fewest the display fits in costs, in the unit of :func:`balanced_breaks`'s
unevenness: the sum of the squared differences between each line's width and the lines' mean,
as shares of the measure. Two lines whose widths differ by a share ``d`` of the measure are
``d² / 2`` uneven.

A break between two words (0.15) weighs as much as two lines 0.55 of the measure apart: a
cut avoiding it wins unless that cut is as lopsided as a full line over a stub. "The
Particular Structure of the New / Government and the Distribution / …" (0.002 uneven, 0.15 +
0.03 of breaks) loses to "The Particular Structure / of the New Government / and the
Distribution of Power / Among Its Different Parts" (0.01 uneven, three breaks before function
words, 0.09, and a line more, 0.05): a title in one line more reads as well, a phrase torn
across two lines does not. A line more only for evenness is not worth it: "The Federalist
No. 48: / The Same Subject Continued with a View / …" keeps four lines though five would be
more even. And "No. 55: The Same Subject / Continued in Relation / to the Total Number of the
Body" (0.03 uneven, 0.18 of breaks) keeps its break between words against "…Continued / in
Relation to the Total Number / of the Body" (0.19 uneven, 0.06), whose stub a reader sees at
once. A break before a function word (0.03)
weighs as much as two lines 0.25 apart, so a pause after punctuation wins over one unless
clearly less even, and evenness alone decides between cuts of the same sense."""

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


def opens_phrase(word: str, language: str = "en") -> bool:
    """Whether ``word`` opens a phrase or clause a line may start with: a preposition, an
    article or determiner, a conjunction or a relative word (:func:`short_words` and the
    relative words of ``language``)."""
    bare = _bare(word)
    family = language.split("-")[0].lower()
    relatives = _RELATIVE_WORDS.get(family if family in _SHORT_WORDS else "en", frozenset())
    return bare in short_words(language) or bare in relatives


def break_cost(before: str, after: str, language: str = "en") -> float:
    """What a line break between the chunks ``before`` and ``after`` costs the sense (see
    :data:`BETWEEN_WORDS_COST`): nothing after punctuation or a dash, where the voice pauses;
    a little before a word that opens a phrase ("…the New Government / and the
    Distribution…"); most between two other words ("the New / Government"), where a reader
    must carry the phrase across the line. Chunks are bound groups (see :func:`bind`): the
    last word of ``before`` and the first of ``after`` decide."""
    last = before.replace(NBSP, " ").split(" ")[-1]
    first = after.replace(NBSP, " ").split(" ")[0]
    if last and _ends_phrase(last):
        return PAUSE_COST
    if first and opens_phrase(first, language) and _bare(first) not in _NEGATIONS_AND_MODALS:
        return BEFORE_FUNCTION_WORD_COST
    return BETWEEN_WORDS_COST


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


def balanced_breaks(
    text: str, measure: Callable[[str], float], width: float, language: str = "en"
) -> list[str]:
    """``text`` cut into lines at its breakable spaces: in the fewest lines that fit ``width``
    or one more, the cut with the fewest lines holding a word alone (:func:`lone_words`: a
    caller sizing a title learns from what is left when to set it otherwise), and of those
    the one of least cost: how uneven its lines are, what each break costs the sense
    (:func:`break_cost`) and what the line more costs, all in one unit (the weights and why
    are at :data:`EXTRA_LINE_COST`).

    Unevenness is the sum of the squared differences between each line's width and their
    mean: two near-equal lines rather than a full one and a stub, three that do not open on a
    short line ("No. 55: The Same / Subject Continued in Relation / …"). Weighed with the
    sense in the same unit, the cut takes the pause over the near-as-even alternative ("The
    Same Subject / Continued…", never "The Same / Subject Continued…") and keeps a phrase
    whole at the price of a line more ("The Structure / of the Government Must Furnish / the
    Proper Checks and Balances" rather than "…Government Must / Furnish the Proper…"), while
    a cut much more even still wins over a slightly better-placed break.

    ``measure`` gives a string's width in the unit of ``width``; ``language`` says which
    words open a phrase. A chunk wider than ``width`` stays one line (the caller's overflow
    check catches it).
    """
    chunks = [chunk for chunk in text.split(" ") if chunk]
    if len(chunks) <= 1:
        return chunks
    unit = width if width > 0 else 1.0
    space = measure(" ") / unit
    sizes = [measure(chunk) / unit for chunk in chunks]
    count = len(chunks)
    room = width / unit

    def line_width(first: int, last: int) -> float:
        return sum(sizes[first : last + 1]) + space * (last - first)

    # The fewest lines chunks[i:] fit in, from the end.
    fewest = [0] * (count + 1)
    for first in range(count - 1, -1, -1):
        options = []
        for last in range(first, count):
            if line_width(first, last) > room and last > first:
                break
            options.append(fewest[last + 1] + 1)
        fewest[first] = min(options)

    def sense(last: int) -> float:
        """What the break after ``chunks[last]`` costs; nothing at the display's end."""
        return break_cost(chunks[last], chunks[last + 1], language) if last + 1 < count else 0.0

    candidates = []
    for lines in range(fewest[0], min(fewest[0] + 1, count) + 1):
        # For ``lines`` lines the total width is fixed, so the sum of squares less the
        # lines' count times the squared mean is the sum of squared differences from it.
        total = line_width(0, count - 1) - space * (lines - 1)
        lone, squares, cut = _cheapest_cut(chunks, lines, line_width, room, sense)
        if not cut:
            continue
        cost = squares - total * total / lines + EXTRA_LINE_COST * (lines - fewest[0])
        candidates.append((lone, cost, lines, cut))
    cut = min(candidates)[3]
    return [" ".join(chunks[first:after]) for first, after in zip([0, *cut[:-1]], cut, strict=True)]


def _cheapest_cut(
    chunks: list[str],
    lines: int,
    line_width: Callable[[int, int], float],
    room: float,
    sense: Callable[[int], float],
) -> tuple[int, float, list[int]]:
    """Of the cuts of ``chunks`` into exactly ``lines`` lines no wider than ``room`` (but a
    chunk alone), the one with the fewest lone words, then the least sum of squared widths and
    break costs: ``(lone words, that sum, the index after each line)``, the list empty when
    there is no such cut. The sums are over the lines, so the best cut of each prefix into
    ``k`` lines is part of the whole's best."""
    count = len(chunks)

    def alone(first: int, last: int) -> int:
        """1 when the line ``chunks[first:last + 1]`` of a display in several is one word."""
        return int(lines > 1 and first == last and NBSP not in chunks[first])

    # best[k][end]: (lone words, cost, start of the last line) for chunks[:end] in k lines.
    best: list[dict[int, tuple[int, float, int]]] = [{0: (0, 0.0, 0)}]
    for k in range(1, lines + 1):
        row: dict[int, tuple[int, float, int]] = {}
        for end in [count] if k == lines else range(k, count):
            for start in range(end - 1, k - 2, -1):
                span = line_width(start, end - 1)
                if span > room and end - 1 > start:
                    break
                if start not in best[k - 1]:
                    continue
                lone, cost, _ = best[k - 1][start]
                cost += span * span + sense(end - 1)
                option = (lone + alone(start, end - 1), cost, start)
                if end not in row or option[:2] < row[end][:2]:
                    row[end] = option
        best.append(row)
    if count not in best[lines]:
        return count, float("inf"), []
    lone, cost, _ = best[lines][count]
    cut, end = [], count
    for k in range(lines, 0, -1):
        cut.append(end)
        end = best[k][end][2]
    return lone, cost, cut[::-1]


__all__ = [
    "NBSP",
    "balanced_breaks",
    "bind",
    "bind_html",
    "bind_name",
    "break_cost",
    "ends_on_bound_word",
    "is_short_word",
    "lone_words",
    "name_list",
    "opens_phrase",
]
