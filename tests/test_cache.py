"""Where the build cache lives, and that it does not grow for ever."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from compiler.errors import Problem
from compiler.machinery import cache as cache_module
from compiler.machinery.cache import CACHE_ENV, UNUSED_DAYS, Cache, default_cache_dir

DAY = 24 * 3600


def test_the_cache_is_the_users_unless_configured(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "shared"))
    assert default_cache_dir() == tmp_path / "shared"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setattr(cache_module.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "compile-book"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # invalid by the XDG spec
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "compile-book"


def test_entries_unused_for_a_month_are_pruned_once_a_day(tmp_path: Path):
    cache = Cache(tmp_path)
    now = time.time()
    old = now - (UNUSED_DAYS + 1) * DAY
    for key in ("a" * 64, "b" * 64, "c" * 64):
        cache.put("layouts", key, key.encode())
        os.utime(cache._path("layouts", key), (old, old))
    font = tmp_path / "fonts" / ("f" * 64)
    font.parent.mkdir()
    font.write_bytes(b"font")
    os.utime(font, (old, old))
    cache.put("layouts", "d" * 64, b"new")
    os.utime(cache._path("layouts", "d" * 64), (now, now))

    assert cache.get("layouts", "b" * 64) == b"b" * 64  # a read is a use
    os.utime(cache._path("layouts", "b" * 64), (now - DAY, now - DAY))
    assert cache.prune(now) == 2
    assert cache.get("layouts", "a" * 64) is None and cache.get("layouts", "c" * 64) is None
    assert cache.get("layouts", "b" * 64) is not None and cache.get("layouts", "d" * 64)
    assert font.exists(), "the full fonts are read by path and always kept"

    cache.put("layouts", "e" * 64, b"e")
    os.utime(cache._path("layouts", "e" * 64), (old, old))
    assert cache.prune(now + DAY / 2) == 0, "pruned at most once a day"
    assert cache.prune(now + DAY + 1) == 1


def test_a_disabled_cache_prunes_nothing():
    assert Cache(None).prune() == 0


def test_a_failed_build_leaves_no_cache_in_the_book_or_output_folder(make_volume, tmp_path):
    from compiler import build
    from compiler.errors import BookError

    volume = make_volume(
        "title: T\ncontents: [a.md]\n",
        {"a.md": "# A\n\n![remote](https://example.org/a.png)\n"},
    )
    with pytest.raises(BookError):
        build(volume, out_dir=tmp_path / "build", formats=["epub"], strict=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "volume.yaml"]


def test_the_typographic_ebook_cover_is_drawn_once(make_volume, tmp_path):
    import zipfile

    from checks import assert_epub_valid
    from compiler import build

    volume = make_volume(
        "title: The Federalist Papers\nauthor: James Madison\ncontents: [a.md]\n",
        {"a.md": "# No. 51\n\nAmbition must be made to counteract ambition.\n"},
    )
    store = tmp_path / "cache"
    first = build(volume, out_dir=tmp_path / "one", formats=["epub"], cache_dir=store)
    covers = [p for p in (store / "covers").rglob("*") if p.is_file()]
    assert len(covers) == 1
    second = build(volume, out_dir=tmp_path / "two", formats=["epub"], cache_dir=store)
    assert first.outputs["epub"].read_bytes() == second.outputs["epub"].read_bytes()
    with zipfile.ZipFile(second.outputs["epub"]) as epub:
        images = [n for n in epub.namelist() if n.endswith(".jpg")]
        assert [epub.read(n) for n in images] == [Cache(store).get("covers", covers[0].name)]
    assert_epub_valid(second.outputs["epub"])


def test_a_record_carries_the_fields_it_shares_with_what_it_keeps():
    """What a record and the thing it keeps share is carried over both ways by name; a field
    the record lacks keeps its default (an up-to-date build laid nothing out)."""
    from compiler.machinery.cache_data import carry_over
    from compiler.pipeline import BuildRecord, BuildResult

    book = object()  # carried as it is, whatever it holds
    warning = Problem("read as Windows-1252", Path("/books/federalist/no-10.md"), 3, 1)
    record = BuildRecord(
        images={"/books/federalist/madison.jpg": "ab" * 32},
        outputs={"epub": (Path("build/the-federalist.epub"), "cd" * 32)},
        book=book,
        warnings=[warning],
        reports=[],
        print_result=None,
        missing_images=[Path("/books/federalist/hamilton.jpg")],
    )
    result = carry_over(BuildResult, record, volume=None, outputs={}, up_to_date=True)
    assert result.book is book and result.warnings == [warning] and result.outputs == {}
    assert result.missing_images == [Path("/books/federalist/hamilton.jpg")]
    assert result.up_to_date and result.layout is None and result.notes == []
    again = carry_over(BuildRecord, result, images=record.images, outputs=record.outputs)
    assert again == record


@pytest.mark.parametrize("distribution", ["pyspellchecker", "pyphen", "weasyprint"])
def test_a_new_release_of_a_shaping_dependency_makes_the_cache_stale(monkeypatch, distribution):
    """An article cleaned with one word list, or laid out with one set of hyphenation
    patterns, must not be served after an upgrade changed what they decide."""
    before = cache_module.code_fingerprint.__wrapped__()
    real = cache_module._installed_version

    def upgraded(name: str) -> str:
        return real(name) + ".post1" if name == distribution else real(name)

    monkeypatch.setattr(cache_module, "_installed_version", upgraded)
    assert cache_module.code_fingerprint.__wrapped__() != before
    monkeypatch.setattr(cache_module, "_installed_version", real)
    assert cache_module.code_fingerprint.__wrapped__() == before
