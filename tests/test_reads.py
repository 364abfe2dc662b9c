"""A cold build reads each article once: the read made for the volume's words is kept.

The article then cleaned from the kept read must be the one a fresh read gives, with the
same warnings from the reader, given once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler import build
from compiler.book import articles, reads, vocabulary
from compiler.book.article_cache import cached_loader
from compiler.book.vocabulary import volume_words
from compiler.config import load_volume
from compiler.errors import Diagnostics
from compiler.machinery.cache import Cache

CORPUS = Path(__file__).resolve().parent / "corpus"
# No. 51's "sent inel" is joined on the word of No. 83 alone: the volume's words are used.
NAMES = ["federalist-47.md", "federalist-51.md", "federalist-83.md"]


@pytest.fixture
def volume(tmp_path: Path):
    for name in NAMES:
        shutil.copy(CORPUS / "federalist" / name, tmp_path / name)
    # No. 47 as a file saved by an old Windows editor: the reader warns it is not UTF-8.
    paper = tmp_path / "federalist-47.md"
    text = paper.read_text("utf-8")
    assert "--" in text
    paper.write_bytes(text.replace("--", "\u2014", 1).encode("cp1252"))
    contents = "".join(f"  - {name}\n" for name in NAMES)
    (tmp_path / "volume.yaml").write_text(
        f"title: Papers\nauthors: [James Madison]\nlanguage: en\ncontents:\n{contents}",
        encoding="utf-8",
    )
    return load_volume(tmp_path / "volume.yaml")


def _load_all(volume, cache: Cache) -> list[tuple[str, list[str], list[str]]]:
    """Each article's body, its cleanup changes and the warnings its loading gave."""
    loader = cached_loader(cache, volume_words(volume, cache))
    found = []
    for entry in volume.articles:
        diagnostics = Diagnostics()
        article, report = loader(entry, volume, diagnostics)
        changes = [f"{c.rule} {c.action} {c.text}" for c in report.changes]
        found.append((article.body, changes, [str(w) for w in diagnostics.warnings]))
    return found


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """The names of the articles read from disk, one entry per read, once the test begins."""
    reads: list[str] = []
    real = articles.read_raw

    def counting(path, *args, **kwargs):
        reads.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(articles, "read_raw", counting)
    monkeypatch.setattr(vocabulary, "read_raw", counting)
    return reads


def test_each_article_is_read_once_and_cleaned_as_a_fresh_read_cleans_it(volume, tmp_path, counted):
    fresh = _load_all(volume, Cache(None))  # nothing kept: every article read twice
    counted.clear()
    kept = _load_all(volume, Cache(tmp_path / "cache"))
    assert counted == NAMES
    assert kept == fresh
    assert "a sentinel over the public rights" in kept[1][0]
    # The reader's warning is given once, by the article it concerns.
    assert [w for w in kept[0][2] if "not valid UTF-8" in w] == fresh[0][2][:1]
    assert not any("not valid UTF-8" in w for _, _, given in kept[1:] for w in given)


def test_a_build_without_a_cache_reads_each_article_once(volume, tmp_path, counted):
    """``--no-cache`` keeps nothing for the next build, but the read made for the volume's
    words still serves the cleanup, as the cache's does."""
    result = build(volume.root / "volume.yaml", tmp_path / "out", ["epub"], use_cache=False)
    assert counted == NAMES
    bodies = [chapter.body for chapter in result.book.chapters()]
    assert "a sentinel over the public rights" in bodies[1]  # cleaned with the volume's words
    assert len([w for w in result.warnings if "not valid UTF-8" in str(w)]) == 1
    assert not (tmp_path / "cache").exists()


def test_a_build_step_hands_a_read_on_once_without_a_cache(volume):
    entry = volume.articles[0]
    key = reads.read_key(entry, volume)
    assert key is not None
    given = Diagnostics()
    raw = articles.read_raw(entry.path, given, entry.post, volume.language)
    passing = Cache(None, passed_on=[reads.KIND])
    assert passing.keeps(reads.KIND) and not passing.keeps("articles")
    reads.keep(passing, key, raw, given.warnings)
    back = reads.kept(passing, entry, volume, Diagnostics())
    assert back is not None
    assert articles.serialize_children(back.root) == articles.serialize_children(raw.root)
    # Taken once: the memory does not hold the book for the rest of the build.
    assert reads.kept(passing, entry, volume, Diagnostics()) is None
    # A plain Cache(None) hands nothing on.
    nothing = Cache(None)
    reads.keep(nothing, key, raw, given.warnings)
    assert reads.kept(nothing, entry, volume, Diagnostics()) is None


def test_a_kept_read_gives_the_tree_and_the_account_of_the_read(volume, tmp_path):
    cache = Cache(tmp_path / "cache")
    entry = volume.articles[0]
    key = reads.read_key(entry, volume)
    assert key is not None
    given = Diagnostics()
    raw = articles.read_raw(entry.path, given, entry.post, volume.language)
    reads.keep(cache, key, raw, given.warnings)
    again = Diagnostics()
    back = reads.kept(cache, entry, volume, again)
    assert back is not None
    assert articles.serialize_children(back.root) == articles.serialize_children(raw.root)
    assert (back.meta, back.text, back.body_line, back.unused_keys) == (
        raw.meta,
        raw.text,
        raw.body_line,
        raw.unused_keys,
    )
    assert again.warnings == given.warnings
    assert reads.kept(Cache(None), entry, volume, Diagnostics()) is None
    # An edited article is a new read: the old one is never served for it.
    entry.path.write_text("# A new paper\n\nOther words.\n", encoding="utf-8")
    assert reads.kept(cache, entry, volume, Diagnostics()) is None
