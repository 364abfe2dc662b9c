"""split-words with the whole volume as evidence, on the Federalist papers as one volume.

A paper that never writes "sentinel" elsewhere may still say "a sent inel over the public
rights" while another paper of the volume writes "sentinel": the other articles are evidence
too. tests/corpus/split-words-volume.txt lists every join this adds, each read in its sentence;
the joins each paper shows on its own (tests/corpus/split-words.txt) stay exactly as they were,
and the essays without splits (MacDowell, Whitehead, the seed essay) still come out unchanged
when they share a volume with the Federalist papers. The build cache must serve an article
only while the volume still gives the evidence it was cleaned with.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from compiler import build
from compiler.book import article_cache
from compiler.book.article_cache import cached_loader
from compiler.book.vocabulary import article_name, volume_words
from compiler.cleanup import CleanupReport, Vocabulary, VolumeWords, clean
from compiler.cleanup.rules.split_words import article_tokens, volume_vocabulary
from compiler.config import CleanupSettings, load_volume
from compiler.errors import Diagnostics
from compiler.machinery.cache import Cache
from compiler.offprints import offprint_volume
from test_cleanup_corpus import CORPUS, read, reviewed_splits

RULE = "split-words"
FEDERALIST = sorted((CORPUS / "federalist").glob("*.md"))
OTHERS = sorted(
    p for folder in ("macdowell", "whitehead", "thesaker") for p in (CORPUS / folder).glob("*.md")
)
ELSEWHERE = "the word is in another article of the volume"


def vocabulary(paths: list[Path]) -> Vocabulary:
    return volume_vocabulary({p.name: article_tokens(read(p).root) for p in paths})


def split_words(path: Path, words: Vocabulary) -> CleanupReport:
    raw = read(path)
    return clean(raw, CleanupSettings(rules=(RULE,)), "en", VolumeWords(words, path.name))


def listed(name: str) -> dict[str, list[str]]:
    found = {}
    for line in (CORPUS / name).read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            essay, splits = line.split(": ", 1)
            found[essay] = splits.split(" | ")
    return found


@pytest.fixture(scope="module")
def federalist_words() -> Vocabulary:
    return vocabulary(FEDERALIST)


@pytest.fixture(scope="module")
def mixed_words() -> Vocabulary:
    """The Federalist papers, MacDowell, Whitehead and the seed essay as one volume."""
    return vocabulary([*FEDERALIST, *OTHERS])


@pytest.fixture(scope="module")
def joins(federalist_words: Vocabulary) -> dict[str, tuple[list[str], list[str]]]:
    """Each paper's joins as (on its own evidence, on the volume's)."""
    found = {}
    for path in FEDERALIST:
        changes = split_words(path, federalist_words).changes
        own = [c.text.split(" → ")[0] for c in changes if not c.note]
        volume = [c.text.split(" → ")[0] for c in changes if c.note == ELSEWHERE]
        assert len(own) + len(volume) == len(changes)
        found[path.relative_to(CORPUS).as_posix()] = (own, volume)
    return found


def test_the_volume_joins_exactly_the_reviewed_splits(joins):
    expected = listed("split-words-volume.txt")
    assert {name: volume for name, (_, volume) in joins.items() if volume} == expected
    assert sum(len(splits) for splits in expected.values()) == 115


# Joins a paper's own words support only once the volume shows a piece is none: the
# "ddress" of No. 63's "a ddress" begins as no word of the volume does.
OWN_WITH_THE_VOLUME = {
    "federalist/federalist-54.md": ["a dvantages"],
    "federalist/federalist-63.md": ["a ddress"],
    "federalist/federalist-82.md": ["co urts"],
}


def test_joins_a_paper_shows_itself_are_kept_in_the_volume(joins):
    alone = reviewed_splits()
    for name, (own, _) in joins.items():
        added = Counter(own) - Counter(alone.get(name, []))
        assert Counter(alone.get(name, [])) - Counter(own) == Counter()
        assert added == Counter(OWN_WITH_THE_VOLUME.get(name, [])), name


def test_a_piece_that_begins_as_no_word_of_the_volume_does_joins_a_word(federalist_words):
    # No. 63's "co" is a word of the paper ("co-equal"); "mmunicated" is none, and no word of
    # the volume begins with "mm": the two are "communicated", which No. 68 writes.
    report = split_words(CORPUS / "federalist" / "federalist-63.md", federalist_words)
    assert any(c.text.startswith("co mmunicated → communicated") for c in report.changes)
    assert "^mm" not in federalist_words and "^co" in federalist_words


def test_a_word_and_a_fragment_that_could_begin_a_word_stay_apart():
    # "gain" begins as "gave" does: "a gain" may be meant, even where another paper writes
    # "again" (the rule without the volume keeps it too).
    words = {"again": ("other.md",), "gave": ("other.md",), "^ga": ("other.md",)}
    for view in (VolumeWords(words, "essay.md"), None):
        raw = read(Path("essay.md"), "We saw a gain of territory, and a loss.\n")
        report = clean(raw, CleanupSettings(rules=(RULE,)), "en", view)
        assert report.changes == []


def test_a_split_whose_letters_read_as_two_words_of_the_essay_stays(mixed_words):
    # "Different interests necessarily exist indi fferent classes of citizens": MacDowell
    # writes "indifferent", but No. 51 writes "in" and "different", so it may be either.
    report = split_words(CORPUS / "federalist" / "federalist-51.md", mixed_words)
    assert "indifferent" in mixed_words
    assert not [c for c in report.changes if c.text.startswith("indi fferent")]


@pytest.mark.parametrize("path", OTHERS, ids=lambda p: p.stem)
def test_essays_without_splits_stay_unchanged_in_a_volume_with_the_federalist(
    path: Path, mixed_words: Vocabulary
):
    raw = read(path)
    before = raw.root.text_content()
    view = VolumeWords(mixed_words, path.name)
    report = clean(raw, CleanupSettings(rules=(RULE,)), "en", view)
    assert report.changes == []
    assert raw.root.text_content() == before


def test_an_article_is_not_its_own_evidence():
    paper = CORPUS / "federalist" / "federalist-51.md"
    alone = split_words(paper, vocabulary([paper]))
    assert [c for c in alone.changes if c.note] == []
    assert [c.text.split(" → ")[0] for c in alone.changes] == reviewed_splits()[
        "federalist/federalist-51.md"
    ]


# --- the volume in a build: cache and offprints ---------------------------------------------


def _volume(root: Path, names: list[str], settings: str = "") -> Path:
    for name in names:
        shutil.copy(CORPUS / "federalist" / name, root / name)
    contents = "".join(f"  - {name}\n" for name in names)
    (root / "volume.yaml").write_text(
        f"title: Papers\nauthor: James Madison\nlanguage: en\n{settings}contents:\n{contents}",
        encoding="utf-8",
    )
    return root / "volume.yaml"


def test_the_cache_serves_an_article_only_while_its_evidence_holds(tmp_path, monkeypatch):
    # No. 51's "sent inel" is joined on the word of No. 83 alone; No. 47 asks nothing of it.
    # (The word list would join it on its own evidence: it is left out here.)
    names = ["federalist-47.md", "federalist-51.md", "federalist-83.md"]
    evidence_only = "cleanup: {exclude: [split-words-dictionary]}\n"
    volume = load_volume(_volume(tmp_path, names, evidence_only))
    cache = Cache(tmp_path / "cache")
    read_again: list[str] = []
    real = article_cache.load_article

    def counting(entry, volume, diagnostics, volume_words=None, raw=None):
        read_again.append(entry.path.name)
        return real(entry, volume, diagnostics, volume_words, raw)

    monkeypatch.setattr(article_cache, "load_article", counting)

    def texts() -> dict[str, str]:
        loader = cached_loader(cache, volume_words(volume, cache))
        return {e.path.name: loader(e, volume, Diagnostics())[0].body for e in volume.articles}

    first = texts()
    assert "a sentinel over the public rights" in first["federalist-51.md"]
    assert read_again == names
    read_again.clear()
    assert texts() == first and read_again == []

    # The editor rewords the one sentence of No. 83 that uses the word.
    paper = tmp_path / "federalist-83.md"
    text = paper.read_text("utf-8")
    assert text.count("sentinel") == 1
    paper.write_text(text.replace("one a sentinel over", "one a guard over"), "utf-8")
    third = texts()
    assert sorted(read_again) == ["federalist-51.md", "federalist-83.md"]
    assert "a sent inel over the public rights" in third["federalist-51.md"]
    assert third["federalist-47.md"] == first["federalist-47.md"]


def test_an_offprint_weighs_splits_with_the_book_s_words(tmp_path):
    volume = load_volume(_volume(tmp_path, ["federalist-51.md", "federalist-83.md"]))
    entry = volume.articles[0]
    offprint = offprint_volume(volume, entry)
    cache = Cache(None)
    assert volume_words(offprint, cache) == volume_words(volume, cache)
    loader = cached_loader(cache, volume_words(offprint, cache))
    article, _ = loader(offprint.articles[0], offprint, Diagnostics())
    assert "a sentinel over the public rights" in article.body
    assert article_name(entry) == str(entry.path)


def test_a_build_joins_on_the_volume_s_evidence_and_says_so(tmp_path):
    volume = _volume(tmp_path, ["federalist-51.md", "federalist-83.md"])
    result = build(volume, tmp_path / "out", formats=["epub"], cache_dir=tmp_path / "cache")
    report = result.outputs["report"].read_text("utf-8")
    section = report.split("## federalist-51.md", 1)[1].split("\n## ", 1)[0]
    elsewhere = section.split(f"Joined ({ELSEWHERE}):", 1)[1]
    assert "sent inel → sentinel" in elsewhere
    chapter = next(c for c in result.book.chapters() if "sentinel" in c.body)
    assert "a sentinel over the public rights" in chapter.body


def test_the_words_are_the_same_read_in_parallel(tmp_path):
    names = ["federalist-47.md", "federalist-51.md", "federalist-83.md"]
    volume = load_volume(_volume(tmp_path, names))
    alone = volume_words(volume, Cache(tmp_path / "one"), 1)
    assert alone is not None and "sentinel" in alone
    assert volume_words(volume, Cache(tmp_path / "two"), 2) == alone


def test_a_build_in_two_workers_makes_the_same_book_as_one(tmp_path):
    # Two workers read the volume's words and then clean the articles, in batches.
    volume = _volume(tmp_path, ["federalist-47.md", "federalist-51.md", "federalist-83.md"])
    one = build(volume, tmp_path / "one", formats=["epub"], cache_dir=tmp_path / "c1", jobs=1)
    two = build(volume, tmp_path / "two", formats=["epub"], cache_dir=tmp_path / "c2", jobs=2)
    assert [c.body for c in two.book.chapters()] == [c.body for c in one.book.chapters()]
    assert any("a sentinel over the public rights" in c.body for c in two.book.chapters())
    report = one.outputs["report"].read_text("utf-8")
    assert two.outputs["report"].read_text("utf-8") == report
    assert two.outputs["epub"].read_bytes() == one.outputs["epub"].read_bytes()


def test_evidence_holds_exactly_while_each_word_gets_its_old_answer():
    words = {"sentinel": ("a.md", "b.md"), "objec": ("a.md",), "desirable": ("b.md",)}
    view = VolumeWords(words, "a.md")
    asked = {"sentinel": True, "objec": False, "desirable": True, "partyx": False}
    assert view.agrees(asked)
    assert view.agrees({})
    # Each word answered otherwise breaks it: the article's own word is no evidence, and a
    # word no article writes is not one either.
    for word in asked:
        assert not view.agrees({**asked, word: not asked[word]})
    assert [word in view for word in asked] == list(asked.values())
    assert view.asked == asked


def test_a_short_piece_one_other_article_writes_is_not_yet_a_word():
    # Power and Music: No. 70 writes "im" once, in "the im propriety of the thing" (a split
    # whose word no paper writes); No. 46's "im proper" is still "improper", which No. 70 also
    # writes. A second article writing "im" would make it a word of the volume.
    papers = [CORPUS / "federalist" / f"federalist-{n}.md" for n in (46, 70)]
    words = vocabulary(papers)
    assert "im" in words and "im#" not in words
    report = split_words(papers[0], words)
    assert any(c.text.startswith("im proper → improper") for c in report.changes)
    other = {**words, "im": (*words["im"], "lecture.md"), "im#": (*words["im"], "lecture.md")}
    report = split_words(papers[0], other)
    assert not any(c.text.startswith("im proper") for c in report.changes)
