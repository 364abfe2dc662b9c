"""A language's words from a published word list, for splits the volume gives no evidence on.

``split-words`` joins "peopl e" on the volume's evidence: the essays write "people". A split
whose word no essay writes ("insi diously", "d eception") needs a dictionary. The list is
pyspellchecker's (MIT): words counted in a large corpus of subtitles, then checked against
word lists by its maintainer; about 160,000 English words. It lists letters and
abbreviations too ("d", "th", "nd", given its lowest count), which are fragments in a split:
a piece that short counts as a word only when the corpus uses it more than that, and a piece
of two letters only when it is one of English's two-letter words.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

# The languages the list is used for: English headline and stray-space habits are what the
# split-words tests were read against.
LANGUAGES = frozenset({"en"})
# Letters and abbreviations the list adds carry this count; real uses are counted above it.
_LISTED_ONLY = 50
_SHORT = 3
# The two-letter words a piece may be: the list also carries abbreviations ("ca", "ed"),
# interjections ("pa", "ur", "er") and other languages' words ("de", "la"), which in a split
# are fragments ("ca sualties", "pa per", "assert ed", "conc ur"). English's are its function
# words, a few nouns ("ax", "ox", "ad") and the "se" of "per se".
_TWO_LETTER_WORDS = {
    "en": frozenset(
        {
            *("am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it"),
            *("me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we", "oh", "ok"),
            *("hi", "ye", "lo", "ad", "ax", "ex", "id", "ox", "pi", "se"),
        }
    )
}
_ONE_LETTER_WORDS = {"en": frozenset({"a", "i"})}


@dataclass(frozen=True)
class Lexicon:
    language: str
    counts: dict[str, int]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.has(word)

    def has(self, word: str) -> bool:
        """Whether ``word`` (case-folded) is a word of the list: a join may make it."""
        return len(word) >= _SHORT and word in self.counts

    def is_word(self, piece: str) -> bool:
        """Whether ``piece`` (case-folded) may stand on its own: "able", "hosts", "of"; not
        "observ", "g" or "th"."""
        if len(piece) == 1:
            return piece in _ONE_LETTER_WORDS.get(self.language, frozenset())
        count = self.counts.get(piece, 0)
        if len(piece) == 2:
            return piece in _TWO_LETTER_WORDS.get(self.language, frozenset())
        return count > _LISTED_ONLY if len(piece) <= _SHORT else count > 0


@cache
def lexicon(language: str) -> Lexicon | None:
    """The word list for ``language`` (a primary subtag), or None where none is used."""
    if language not in LANGUAGES:
        return None
    data = resources.files("spellchecker") / "resources" / f"{language}.json.gz"
    with data.open("rb") as packed, gzip.open(packed) as text:
        counts: dict[str, int] = json.load(text)
    return Lexicon(language, {w: c for w, c in counts.items() if w.isalpha()})
