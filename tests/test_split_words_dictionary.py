"""split-words-dictionary: splits whose word no essay writes, joined by the English word list.

The Federalist papers of tests/corpus still hold, after split-words, splits whose word no
paper writes ("insi diously", "d eception", "g hosts", "observ able"). The joins are listed in
tests/corpus/split-words-dictionary.txt (each paper alone) and
split-words-dictionary-volume.txt (the 40 papers as one volume), each read in its sentence.
The evidence-based joins stay exactly those of split-words.txt, and the essays without
splits (MacDowell, Whitehead's algebra, the seed essay) come out unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.cleanup import CleanupReport, Vocabulary, VolumeWords, clean
from compiler.cleanup.lexicon import lexicon
from compiler.config import CleanupSettings
from test_cleanup_corpus import CORPUS, reviewed_splits
from test_split_words_volume import FEDERALIST, OTHERS, listed, read, vocabulary

RULE = "split-words-dictionary"
BOTH = CleanupSettings(rules=("split-words", RULE))


def joins(report: CleanupReport, rule: str) -> list[str]:
    return [c.text.split(" → ")[0] for c in report.changes if c.rule == rule]


def cleaned(path: Path, words: Vocabulary | None = None, language: str = "en") -> CleanupReport:
    raw = read(path)
    volume = VolumeWords(words, path.name) if words is not None else None
    return clean(raw, BOTH, language, volume)


@pytest.fixture(scope="module")
def federalist_words() -> Vocabulary:
    return vocabulary(FEDERALIST)


@pytest.fixture(scope="module")
def mixed_words() -> Vocabulary:
    return vocabulary([*FEDERALIST, *OTHERS])


@pytest.mark.parametrize("path", FEDERALIST, ids=lambda p: p.stem)
def test_each_paper_alone_joins_exactly_the_reviewed_splits(path: Path):
    name = path.relative_to(CORPUS).as_posix()
    report = cleaned(path)
    assert joins(report, "split-words") == reviewed_splits().get(name, [])
    assert joins(report, RULE) == listed("split-words-dictionary.txt").get(name, [])
    assert report.warnings == []


def test_in_the_volume_the_word_list_joins_exactly_the_reviewed_splits(federalist_words):
    found = {}
    for path in FEDERALIST:
        joined = joins(cleaned(path, federalist_words), RULE)
        if joined:
            found[path.relative_to(CORPUS).as_posix()] = joined
    expected = listed("split-words-dictionary-volume.txt")
    assert found == expected
    assert sum(len(splits) for splits in expected.values()) == 58
    assert expected["federalist/federalist-67.md"][2:4] == ["insi diously", "d eception"]
    assert expected["federalist/federalist-72.md"] == ["g hosts"]
    assert expected["federalist/federalist-81.md"][0] == "observ able"


def test_the_report_says_the_word_came_from_the_dictionary(federalist_words):
    path = CORPUS / "federalist" / "federalist-72.md"
    raw = read(path)
    report = clean(raw, BOTH, "en", VolumeWords(federalist_words, path.name))
    [change] = [c for c in report.changes if c.rule == RULE]
    assert change.text == "g hosts → ghosts: “…people like discontented g hosts, and sighing for…”"
    assert "dictionary" in change.note
    assert "discontented ghosts, and sighing" in raw.root.text_content()


def test_two_pieces_that_are_both_words_stay_apart():
    """ "a part", "in to", "some times": the list has "apart", "into", "sometimes" too."""
    text = (
        "The people are a part of the State; they come in to the assembly some times a year, "
        "and every thing is laid before them."
    )
    raw = read(Path("x.md"), text)
    report = clean(raw, BOTH, "en")
    assert report.changes == [] and raw.root.text_content().strip() == text


def test_a_piece_that_could_join_either_neighbour_joins_neither():
    """Federalist No. 46 alone: "office s and emoluments" reads "offices and" or "office
    sand"; the "s" is no word, and both joins are words of the list."""
    path = CORPUS / "federalist" / "federalist-46.md"
    raw = read(path)
    report = clean(raw, BOTH, "en")
    pieces = joins(report, "split-words") + joins(report, RULE)
    assert "office s" not in pieces and "s and" not in pieces
    assert "number of office s and emoluments" in raw.root.text_content()


@pytest.mark.parametrize("path", OTHERS, ids=lambda p: p.stem)
def test_essays_without_splits_stay_unchanged_alone_and_in_a_volume(path: Path, mixed_words):
    """Whitehead's algebra ("a x", "the e of") and MacDowell's German and Italian too."""
    assert joins(cleaned(path), RULE) == []
    assert joins(cleaned(path, mixed_words), RULE) == []


def test_only_english_has_a_word_list():
    assert lexicon("en") is not None and lexicon("fr") is None
    report = cleaned(CORPUS / "federalist" / "federalist-67.md", language="fr")
    assert joins(report, RULE) == []


def test_the_list_knows_words_from_fragments():
    words = lexicon("en")
    assert words is not None
    assert all(w in words for w in ("insidiously", "deception", "observable", "ghosts"))
    assert all(words.is_word(w) for w in ("able", "hosts", "a", "i", "in", "of", "oh", "ax"))
    # Pieces: letters and abbreviations the list carries only as such are no words, nor are its
    # two-letter abbreviations, interjections and other languages' words.
    assert not any(words.is_word(w) for w in ("insi", "observ", "eception", "g", "d", "th"))
    assert not any(words.is_word(w) for w in ("ca", "pa", "ed", "ur", "re", "de", "la"))


def test_two_letter_abbreviations_and_interjections_are_fragments():
    """The Executive (Nos. 67-69 as a volume): "ca" and "pa" are abbreviations, "ur" an
    interjection, "ed" an abbreviation; "con cur" and "casual ties" are words of the list but
    not of the essay, so they are no other reading of "conc ur" and "ca sualties"."""
    text = (
        "A writer in a Pennsylvania pa per has assert ed that two thirds of the senators "
        "must conc ur, in ca sualties of war as in peace."
    )
    raw = read(Path("x.md"), text)
    report = clean(raw, BOTH, "en")
    assert joins(report, RULE) == ["pa per", "assert ed", "conc ur", "ca sualties"]
    assert "paper has asserted that" in raw.root.text_content()


def test_two_letter_words_and_another_reading_the_essay_writes_stay_apart():
    """ "per se" (not "perse"), "an ax is" (not "axis"); "ca sualties" where the essay writes
    "casual" and "ties" could be "casual ties"."""
    text = (
        "The power per se is sound, as an ax is sound. A casual reader knows that ties of "
        "interest bind men, in ca sualties of war as in peace."
    )
    raw = read(Path("x.md"), text)
    report = clean(raw, BOTH, "en")
    assert report.changes == [] and raw.root.text_content().strip() == text
