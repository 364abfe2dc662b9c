"""split-words-dictionary: split words no essay of the volume writes, joined by a word list.

``split-words`` joins "peopl e" on the volume's evidence: an essay writes "people". What it
leaves includes splits whose word no essay writes: "insi diously", "d eception" (Federalist
No. 67), "g hosts" (No. 72), "observ able" (No. 81). This rule, run after it, joins those with
an English word list (:mod:`..lexicon`): the joined form is a word of the list, and its pieces
are not both words ("a part" stays, as "in to" and "some times" do). A piece is a word when
the list has it or an article uses it on its own, so an essay that writes "s" alone keeps
"office s"; of the list's two-letter entries only English's two-letter words are words
("pa per", "assert ed" are joined). A word beside a fragment must have two letters or more
("a x" stays in algebra), and the letters must make no two words the essays use split at
another place ("in different" stays; "casual ties", words of the list only, does not keep
"ca sualties" apart). When a
piece could join either neighbour ("office s and": "offices" or "sand"?), the join whose
other piece is no word wins; if neither, both stay. Splits whose word an essay writes are
``split-words``' to weigh, joined or not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..context import RuleContext
from ..lexicon import Lexicon, lexicon
from ..registry import registry
from ..textstream import TextStream
from .split_words import (
    _PAIR,
    _blocks,
    _candidates,
    _Pair,
    _pieces,
    _prose,
    _Token,
    _untangled,
    _vocabulary,
    _widely,
    join_pairs,
    stands_alone,
)

_NOTE = "the word is in no article of the volume, but in the dictionary"


@registry.register(
    "split-words-dictionary", 14, "rejoin split words no essay writes, by a word list"
)
def split_words_dictionary(ctx: RuleContext) -> None:
    words = lexicon(ctx.language)
    if words is None:
        return
    streams = [TextStream(block) for block in _blocks(ctx.root)]
    texts = [(stream, _prose(stream.text)) for stream in streams]
    vocabulary = _vocabulary(text for _, text in texts)
    volume = ctx.volume_words

    def written(word: str) -> bool:
        """Whether an essay of the volume writes ``word``: then it is split-words' to weigh."""
        return vocabulary[word] > 0 or (volume is not None and word in volume)

    # Every pair that could be one word, of the list or of the essay: its pieces are no use
    # of them (the "e" of "legislativ e").
    found = [(stream, _pairs(stream, text, words, vocabulary)) for stream, text in texts]
    in_pairs = _pieces([pair for _, pairs in found for pair in pairs])

    def used(piece: str) -> bool:
        """Whether an essay uses ``piece`` on its own. Another essay's lone letters are no
        evidence: they are as often pieces of its own splits ("inspirin g")."""
        if stands_alone(vocabulary[piece], in_pairs[piece]):
            return True
        if volume is None or len(piece) == 1:
            return False
        return (_widely(piece) if len(piece) <= 2 else piece) in volume

    def is_word(piece: str) -> bool:
        return words.is_word(piece) or used(piece)

    def fragments(pair: _Pair) -> int:
        return (not is_word(pair.first.text.casefold())) + (
            not is_word(pair.second.text.casefold())
        )

    for stream, pairs in found:
        chosen = [
            pair
            for pair in _untangled(pairs, fragments)
            if not written(pair.joined.casefold()) and _joins(pair, words, is_word, used)
        ]
        join_pairs(ctx, stream, chosen, lambda pair: _NOTE)


def _pairs(stream: TextStream, text: str, words: Lexicon, vocabulary: Counter[str]) -> list[_Pair]:
    """Neighbouring pieces one stray space apart whose join is a word of the list or of the
    essay, under split-words' tests of what a piece is (no full stop, digit, markup...). Of an
    essay's thousands of pairs, only these are looked at closer."""
    matches = [
        match
        for match in _PAIR.finditer(text)
        if (joined := (match[1] + match[2]).casefold()) in words or vocabulary[joined] > 0
    ]
    return [
        _Pair(
            stream,
            _Token(start, middle - 1, first),
            _Token(middle, middle + len(second), second),
            own=False,
        )
        for start, middle, first, second, _ in _candidates(
            stream.text, stream.starts, matches, None, None
        )
    ]


def _joins(
    pair: _Pair, words: Lexicon, is_word: Callable[[str], bool], used: Callable[[str], bool]
) -> bool:
    """Whether the list makes the pair one word: see the module's docstring."""
    first, second = pair.first.text.casefold(), pair.second.text.casefold()
    joined = first + second
    if joined not in words:
        return False
    first_is_word, second_is_word = is_word(first), is_word(second)
    if first_is_word and second_is_word:
        return False
    if (first_is_word and len(first) == 1) or (second_is_word and len(second) == 1):
        return False
    # Another reading needs the stray space moved as well as one lost: it is weighed only when
    # the essays use both its words ("in different"). The list alone splits most long words
    # in two ("casual ties", "con cur").
    return not any(
        words.is_word(joined[:cut])
        and words.is_word(joined[cut:])
        and used(joined[:cut])
        and used(joined[cut:])
        for cut in range(1, len(joined))
        if cut != len(first)
    )
