"""split-words: words broken in two by a stray space ("the peopl e will be") made whole.

OCR and careless conversion leave spaces inside words, and hyphenation and justification make
them worse in print. This rule reads no dictionary (``split-words-dictionary`` does, for the
splits it leaves whose word no essay writes): the evidence is the article itself (and the
rest of its volume, below): two neighbouring pieces are joined when the joined word occurs
elsewhere in the article on its own and a piece does not ("peopl", the "nd" of "a nd"). Two
words the writer uses ("in to", "some times", "every thing") are never joined.

A piece counts as a word of the article when it occurs somewhere other than beside another
piece it could join, and at least as often: the "e" of "peopl e" and "desirabl e" is not one,
nor the "th" of "th at" in an essay that writes it seven times in splits and once alone.
When one piece is a word, the other must look like a fragment too (one or two letters,
"part y", "a nd", or the word is a single letter after it, "peopl e"), so that "a gain" stays
in an essay that writes "again" elsewhere and "gain" only once; after a one-letter word, the
fragment must have no vowel ("a nd", not "a go"). Two single letters ("a b c", "e g", "x y")
are never joined, nor pieces touching a full stop ("J. R. R.", "e.g."), a digit, a hyphen, a
web address, code, maths or a line break, nor a capital after a lower-case piece ("part Y").

In a volume, the other articles are evidence too (:mod:`..evidence`): a split whose word the
article never writes is joined when another article uses the word, under the same tests, a
piece counting as a word when this article or another uses it on its own; and not when its
letters also make two words of the article split at another place ("indi fferent" in an essay
that writes "in" and "different"). A piece beside another whose join any article writes is no
use of it ("th e" is joined where the only other "e" is that of "legislativ e"). The volume's
words also tell how words begin and end (:class:`_Edges`): a piece that is no word and begins
(or ends) as no word of the volume does joins its neighbour even when that is a word
("co mmunicated", "a ddress"); one essay's words are too few for that. A piece of one or two
letters is a word of the volume only when two articles or more write it ("im" of one essay's
"im propriety" is not).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ..context import RuleContext
from ..evidence import VolumeWords
from ..registry import registry
from ..textstream import TextStream
from ..tree import BLOCKS, URL, Element, tag, text_elements
from ..typography.edits import Edit
from ..typography.quotes import OBJECT

# Words as tree.words counts them: "2nd" and "don't" are one word each, never a piece.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# Two whole words of _WORD one space or line break apart (anything wider was put there on
# purpose), both made of letters only; the second is looked at, not taken, so that it can be
# the first of the next pair ("part y attachments").
_PAIR = re.compile(
    r"(?<![^\W_])(?<![^\W_]['’])([^\W\d_]+)[ \n](?=([^\W\d_]+)(?![^\W_]|['’][^\W_]))"
)
# Next to these a letter belongs to an abbreviation, an address, a number or a name in code.
_NOT_BEFORE = frozenset(".-/@#&_\\" + OBJECT)
_NOT_AFTER = frozenset("-/@_\\" + OBJECT)
# A few words either side of a split, for the report, looked for this far around it.
_CONTEXT_WORDS = 3
_WINDOW = 200
_ELSEWHERE = "the word is in another article of the volume"
# Six pieces or more of one or two letters in a row, spaced apart (commas too).
_SPACED_OUT = re.compile(
    r"(?<![^\W_])(?:[^\W\d_]{1,2}(?:,? )){5,}[^\W\d_]{1,2}(?![^\W_]|['’][^\W_])"
)
_SPACED_LETTERS = 3


class _Token(NamedTuple):
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Pair:
    stream: TextStream
    first: _Token
    second: _Token
    own: bool  # the article itself uses the joined word; else another article of the volume

    @property
    def joined(self) -> str:
        return self.first.text + self.second.text


@registry.register("split-words", 15, "rejoin words split by a stray space ('peopl e')")
def split_words(ctx: RuleContext) -> None:
    streams = [TextStream(block) for block in _blocks(ctx.root)]
    texts = [(stream, _prose(stream.text)) for stream in streams]
    vocabulary = _vocabulary(text for _, text in texts)
    volume = ctx.volume_words
    candidates = [(stream, _pairs(stream, text, vocabulary, volume)) for stream, text in texts]
    pairs = [pair for _, found in candidates for pair in found]
    # A piece beside another it could join is not a use of it, whether the article or
    # another article of the volume writes the joined word ("th" and "e" of "legislativ e").
    in_pairs = _pieces(pairs)
    edges = _Edges(
        (word for word, count in vocabulary.items() if stands_alone(count, in_pairs[word])), volume
    )

    def own_word(word: str) -> bool:
        return stands_alone(vocabulary[word], in_pairs[word])

    def is_word(token: _Token, own: bool) -> bool:
        word = token.text.casefold()
        if own:
            return own_word(word)
        if own_word(word):
            return True
        return volume is not None and (_widely(word) if len(word) <= 2 else word) in volume

    def fragments(pair: _Pair) -> int:
        return (not is_word(pair.first, pair.own)) + (not is_word(pair.second, pair.own))

    def leaning(pair: _Pair) -> tuple[bool, bool]:
        """Whether each piece, being no word, cannot stand apart on the side facing the other.
        One essay's words are too few to say how words begin and end: only a volume's are."""
        if volume is None:
            return False, False
        return (
            not is_word(pair.first, pair.own) and edges.leans_forward(pair.first.text),
            not is_word(pair.second, pair.own) and edges.leans_back(pair.second.text),
        )

    for stream, found in candidates:
        evident = [
            p
            for p in found
            if _evident(p, is_word(p.first, p.own), is_word(p.second, p.own), *leaning(p))
            and (p.own or not _reads_otherwise(p, own_word))
        ]
        chosen = _untangled(evident, fragments)
        join_pairs(ctx, stream, chosen, lambda pair: "" if pair.own else _ELSEWHERE)


def join_pairs(
    ctx: RuleContext, stream: TextStream, chosen: list[_Pair], note: Callable[[_Pair], str]
) -> None:
    """Close up the stray space of each chosen pair and report each join where it stood."""
    if not chosen:
        return
    places = [_context(stream.text, pair) for pair in chosen]
    # Both pieces of a pair lie in one text node (see _pairs): every edit applies.
    stream.apply([Edit(pair.first.end, pair.second.start, "") for pair in chosen])
    for pair, where in zip(chosen, places, strict=True):
        ctx.record(
            "joined",
            f"{pair.first.text} {pair.second.text} → {pair.joined}: {where}",
            note=note(pair),
        )


@dataclass(frozen=True)
class ArticleTokens:
    """What the volume needs of one article to weigh the others' splits, kept per article."""

    counts: dict[str, int]  # each word (case-folded) and how often it occurs
    # Each block of running prose, and where each of its text nodes starts. The pairs of
    # pieces that could be one word are looked for once the volume's words are known: of an
    # essay's thousands of neighbouring words, only the few whose join some article writes
    # are then worth a closer look.
    texts: list[str]
    starts: list[list[int]]


def article_tokens(root: Element) -> ArticleTokens:
    streams = [TextStream(block) for block in _blocks(root)]
    counts = _vocabulary(_prose(stream.text) for stream in streams)
    return ArticleTokens(
        dict(counts), [stream.text for stream in streams], [stream.starts for stream in streams]
    )


def volume_vocabulary(articles: Mapping[str, ArticleTokens]) -> dict[str, tuple[str, ...]]:
    """Each word the volume's articles use on their own, with the articles that do.

    A piece beside another whose join any article writes ("governme nt", the "s" of "require
    s uperlative") is not a use of the piece: only its occurrences elsewhere count, so one
    essay's broken words are never evidence that another essay's pieces are words.
    """
    known = set().union(*(tokens.counts for tokens in articles.values()))
    found: dict[str, list[str]] = {}
    for name in sorted(articles):
        tokens = articles[name]
        # Each piece once, by where it is, even when it sits in two pairs ("part y attachments").
        pieces: dict[tuple[int, int], str] = {}
        for number, (text, starts) in enumerate(zip(tokens.texts, tokens.starts, strict=True)):
            matches = _joining(_prose(text), known)
            for start, middle, first, second, _ in _candidates(text, starts, matches, known, None):
                pieces[number, start] = first.casefold()
                pieces[number, middle] = second.casefold()
        in_pairs = Counter(pieces.values())
        words = [w for w, count in tokens.counts.items() if stands_alone(count, in_pairs[w])]
        for word in words:
            found.setdefault(word, []).append(name)
        for edge in _edge_counts(words):
            found.setdefault(edge, []).append(name)
    # A piece of one or two letters another essay writes may be its own fragment or a word of
    # another language ("im propriety" beside No. 46's "im proper", German "im"): it counts as
    # a word of the volume when two articles or more write it.
    for word, names in list(found.items()):
        if len(word) <= 2 and len(names) >= 2:
            found[_widely(word)] = names
    return {word: tuple(names) for word, names in found.items()}


def stands_alone(count: int, paired: int) -> bool:
    """Whether a piece written ``count`` times, ``paired`` of them beside another piece it
    could join, is a word of the article: it stands on its own at least once, and at least as
    often as it stands in a split. No. 69 of the Federalist writes "th" in seven splits ("th
    e", "th at") and once alone, where the edition's "13th" lost its number: a fragment."""
    alone = count - paired
    return alone > 0 and alone >= paired


def _widely(word: str) -> str:
    """The key under which the volume keeps a short word two articles or more write."""
    return f"{word}#"


def _edges(word: str) -> tuple[str, str]:
    """How a word starts and ends, as kept with the volume's words ("^bu", "lt$"): no word is
    spelt with "^" or "$", so they never pass for one."""
    return f"^{word[:2]}", f"{word[-2:]}$"


def _edge_counts(words: Iterable[str]) -> Counter[str]:
    """How many of ``words`` (case-folded, two letters or more) start or end each way."""
    return Counter(
        edge for word in words if len(word) > 1 and word.isalpha() for edge in _edges(word)
    )


class _Edges:
    """How the words of the article and of the volume start and end.

    A piece that is no word and whose two letters facing its neighbour begin no word
    ("mmunicated", "ddress") or end none ("comm", "superi") cannot stand apart on that side: it
    is the rest or the start of a word broken there. The article's words are counted here, the
    other articles' asked of the volume, so that the build cache knows what the answer rested
    on.
    """

    def __init__(self, words: Iterable[str], volume: VolumeWords | None):
        self._counts = _edge_counts(words)
        self._volume = volume

    def leans_forward(self, piece: str) -> bool:
        """Whether ``piece``, no word, ends as no word does ("comm on")."""
        return self._unheard(piece, 1)

    def leans_back(self, piece: str) -> bool:
        """Whether ``piece``, no word, begins as no word does ("co mmunicated")."""
        return self._unheard(piece, 0)

    def _unheard(self, piece: str, side: int) -> bool:
        if len(piece) < 2:
            return False  # a letter can start or end a word: no evidence either way
        edge = _edges(piece.casefold())[side]
        return not self._counts[edge] and not (self._volume is not None and edge in self._volume)


def _joining(text: str, words: Container[str]) -> list[re.Match[str]]:
    """The pairs of neighbouring words of ``text`` that join into one of ``words``: of an
    essay's thousands of pairs only these are worth the closer look of :func:`_candidates`."""
    return [m for m in _PAIR.finditer(text) if (m[1] + m[2]).casefold() in words]


def _vocabulary(texts: Iterable[str]) -> Counter[str]:
    vocabulary = Counter[str]()
    for text in texts:
        vocabulary.update(map(str.casefold, _WORD.findall(text)))
    # "people's" shows "people" is a word: each one counts for its base as well.
    for word, count in list(vocabulary.items()):
        base = _POSSESSIVE.sub("", word)
        if base != word:
            vocabulary[base] += count
    return vocabulary


def _pieces(pairs: list[_Pair]) -> Counter[str]:
    """How often each word stands as a piece of a pair, each piece once even when it sits in
    two pairs ("part y attachments")."""
    pieces = {(id(p.stream), t.start): t for p in pairs for t in (p.first, p.second)}
    return Counter(token.text.casefold() for token in pieces.values())


def _blocks(root: Element) -> list[Element]:
    """Every block whose own text is running prose: each text node lies in exactly one."""
    return [
        el
        for el in text_elements(root)
        if (el is root or tag(el) in BLOCKS) and tag(el) not in ("pre", "hr")
    ]


def _prose(text: str) -> str:
    """The block's text with its web addresses and letters spaced out blanked (same offsets):
    their words are not the article's."""
    if "://" in text or "www." in text.casefold():
        text = URL.sub(lambda m: " " * len(m.group()), text)
    return _SPACED_OUT.sub(_blank_spaced_out, text)


def _blank_spaced_out(match: re.Match[str]) -> str:
    """A run of short pieces is a line the extraction spaced out ("r a sh to pr e d i c t")
    when three or more of them are single letters: prose has "a" and "I", rarely more."""
    letters = sum(len(piece) == 1 for piece in re.findall(r"[^\W\d_]+", match.group()))
    return " " * len(match.group()) if letters >= _SPACED_LETTERS else match.group()


def _pairs(
    stream: TextStream,
    text: str,
    vocabulary: Counter[str] | None,
    volume: VolumeWords | None,
) -> list[_Pair]:
    """Neighbouring letter-only pieces, one stray space apart, whose join is a word elsewhere:
    in the article or, failing that, in another article of the volume."""
    return [
        _Pair(
            stream,
            _Token(start, middle - 1, first),
            _Token(middle, middle + len(second), second),
            own=own,
        )
        for start, middle, first, second, own in _candidates(
            stream.text, stream.starts, _PAIR.finditer(text), vocabulary, volume
        )
    ]


def _candidates(
    whole: str,
    starts: list[int],
    matches: Iterable[re.Match[str]],
    vocabulary: Container[str] | None,
    volume: VolumeWords | None,
) -> Iterator[tuple[int, int, str, str, bool]]:
    """Which ``matches`` of :data:`_PAIR` (in the block's text with its web addresses
    blanked) are pairs of :func:`_pairs` in the block's ``whole`` text (``starts``: where its
    text nodes start): the first piece's start, the second's, both pieces, and whether
    ``vocabulary`` has the joined word (with no ``vocabulary``, every pair that could be one
    word).

    An essay has thousands of neighbouring words and hardly any split: the regular
    expression finds the pairs of whole words one space apart, and the cheapest tests
    come first.
    """
    one_node = len(starts) == 1
    for match in matches:
        first, second = match.group(1, 2)
        if len(first) == 1 and len(second) == 1:
            continue
        joined = (first + second).casefold()
        own = vocabulary is None or joined in vocabulary
        if not own and volume is None:
            continue
        if second[0].isupper() and not (first.isupper() and second.isupper()):
            continue
        if not (first.isalpha() and second.isalpha()):
            continue  # "x²": the pattern's letters include numerals that are not digits
        start = match.start()
        middle = match.end()
        end = middle + len(second)
        before = whole[start - 1] if start else " "
        after = whole[end : end + 2]
        if before in _NOT_BEFORE or (after and after[0] in _NOT_AFTER):
            continue
        if after[:1] == "." and after[1:2].isalnum():
            continue  # "peopl e.com"
        if not one_node and _slot(starts, start) != _slot(starts, end - 1):
            continue  # "peopl <em>e</em>": a letter set apart on purpose
        if own or (volume is not None and joined in volume):
            yield start, middle, first, second, own


def _slot(starts: list[int], position: int) -> int:
    """Which text node of the block holds ``position``."""
    return bisect_right(starts, position) - 1


def _evident(
    pair: _Pair,
    first_is_word: bool,
    second_is_word: bool,
    first_leans: bool = False,
    second_leans: bool = False,
) -> bool:
    """Whether the article itself shows the two pieces are one word (``*_leans``: the piece
    cannot stand apart on the side facing the other, see :class:`_Edges`)."""
    if first_is_word and second_is_word:
        return False
    if not (first_is_word or second_is_word):
        return True
    if first_leans or second_leans:
        return True  # "co mmunicated": no word begins with "mm"
    fragment, word = (pair.second, pair.first) if first_is_word else (pair.first, pair.second)
    if word is pair.first and len(word.text) == 1:
        # "a nd" but not "have a go" in an essay that writes "ago" and says "go" only here:
        # after a one-letter word, only a fragment no word could be.
        return len(fragment.text) <= 2 and not any(_is_vowel(ch) for ch in fragment.text)
    return len(fragment.text) <= 2 or (word is pair.second and len(word.text) == 1)


def _reads_otherwise(pair: _Pair, is_word: Callable[[str], bool]) -> bool:
    """Whether the letters also make two words of the article, split at another place:
    "indi fferent" may be "in different" as well as "indifferent"."""
    joined = pair.joined.casefold()
    return any(
        is_word(joined[:cut]) and is_word(joined[cut:])
        for cut in range(2, len(joined) - 1)
        if cut != len(pair.first.text)
    )


def _is_vowel(ch: str) -> bool:
    return unicodedata.normalize("NFD", ch)[0].casefold() in "aeiouy"


def _untangled(pairs: list[_Pair], fragments: Callable[[_Pair], int]) -> list[_Pair]:
    """Pairs sharing a piece ("the re presentatives": "there" or "representatives") give way
    to the one made of more fragments; when neither is, both stay apart."""
    kept = []
    for i, pair in enumerate(pairs):
        rivals = [
            other
            for other in pairs[max(0, i - 1) : i + 2]
            if other is not pair and (other.second == pair.first or other.first == pair.second)
        ]
        if all(fragments(pair) > fragments(other) for other in rivals):
            kept.append(pair)
    return kept


def _context(text: str, pair: _Pair) -> str:
    """The split with a few words either side, as the editor will find it in the source."""
    before = text[max(0, pair.first.start - _WINDOW) : pair.first.start].split()
    after = text[pair.second.end : pair.second.end + _WINDOW]
    glued = after.split()[0] if after and not after[0].isspace() else ""  # "desirabl e,"
    rest = after.split()[1 if glued else 0 :]
    words = [*before[-_CONTEXT_WORDS:], pair.first.text, pair.second.text + glued]
    return "“…" + " ".join(words + rest[:_CONTEXT_WORDS]) + "…”"
