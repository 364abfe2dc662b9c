"""The other articles of the volume, as evidence for a rule that reads one article.

``split-words`` joins "governme nt" only when "government" is a word the writer uses. An
essay that never writes it elsewhere may still belong to a volume whose other essays do; the
words of the whole volume are gathered once, before any article is cleaned, and each article
sees them through a :class:`VolumeWords`, which notes every word its rules asked about and
the answer. An article cleaned earlier (and kept in the build cache) is reused only while the
volume still gives the same answers, so editing one essay re-cleans just the essays whose
evidence changed, and a build gives the same book whatever the order or the cache held.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Word (case-folded) -> the articles that use it on its own, by article name.
Vocabulary = Mapping[str, tuple[str, ...]]


@dataclass
class VolumeWords:
    words: Vocabulary
    article: str  # the name of the article being cleaned: its own words are not evidence
    asked: dict[str, bool] = field(default_factory=dict)

    def __contains__(self, word: object) -> bool:
        """Whether another article of the volume uses ``word`` (case-folded) on its own."""
        if not isinstance(word, str):
            return False
        answer = self.answer(word)
        self.asked[word] = answer
        return answer

    def answer(self, word: str) -> bool:
        users = self.words.get(word)
        # Most words asked about are no word of the volume at all: answered at once.
        return users is not None and any(other != self.article for other in users)

    def agrees(self, asked: Mapping[str, bool]) -> bool:
        """Whether the volume still answers as it did when an article was cleaned.

        An article asks about a thousand words or more, nearly all of them no word of the
        volume, which must still answer no: those are checked together, by set operations.
        """
        known = self.words.keys() & asked.keys()
        if any(self.answer(word) != asked[word] for word in known):
            return False
        return not any(map(asked.__getitem__, asked.keys() - known))
