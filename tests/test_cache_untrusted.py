"""A shared cache folder is untrusted input: it holds data, never code, and a bad entry or a
cache that cannot be written never fails a build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import os
import pickle
from pathlib import Path

import pytest

from compiler import build
from compiler.errors import Problem
from compiler.machinery import cache as cache_module
from compiler.machinery.cache import Cache
from compiler.machinery.cache_data import ShapeError, dumps, loads
from compiler.machinery.styles import font_files
from compiler.sources.base import Article, Note

ESSAYS = {
    "no-10.md": "# The Same Subject Continued\n\nAmong the numerous advantages promised by a "
    "well constructed Union, none deserves to be more accurately developed than its tendency "
    "to break and control the violence of faction.\n",
    "no-51.md": "# The Structure of the Government\n\nAmbition must be made to counteract "
    "ambition. If men were angels, no government would be necessary.\n",
}
VOLUME = "title: The Federalist Papers\nauthor: James Madison\ncontents: [no-10.md, no-51.md]\n"


class RunsACommand:
    """What an attacker with write access to the cache would store: a pickle that runs code."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def entries(store: Path, *kinds: str) -> list[Path]:
    return sorted(p for kind in kinds for p in (store / kind).rglob("*") if p.is_file())


def test_a_pickle_planted_in_the_cache_is_never_run(make_volume, tmp_path):
    volume = make_volume(VOLUME, ESSAYS)
    store = tmp_path / "cache"
    first = build(volume, out_dir=tmp_path / "one", formats=["epub"], cache_dir=store)
    planted = entries(store, "builds", "articles")
    assert len(planted) == 3  # one build record, two articles
    marker = tmp_path / "the-command-ran"
    for path in planted:
        path.write_bytes(pickle.dumps(RunsACommand(marker)))

    again = build(volume, out_dir=tmp_path / "one", formats=["epub"], cache_dir=store)

    assert not marker.exists()
    assert not again.up_to_date, "the planted build record is a miss"
    assert again.outputs["epub"].read_bytes() == first.outputs["epub"].read_bytes()
    assert all(b"posix" not in p.read_bytes() for p in entries(store, "builds", "articles"))
    assert build(volume, out_dir=tmp_path / "one", formats=["epub"], cache_dir=store).up_to_date


def test_truncated_or_edited_entries_are_misses_and_are_rewritten(make_volume, tmp_path):
    volume = make_volume(VOLUME, ESSAYS)
    store = tmp_path / "cache"
    first = build(volume, out_dir=tmp_path / "one", formats=["epub"], cache_dir=store)
    expected = first.outputs["epub"].read_bytes()
    damaged = entries(store, "builds", "articles", "covers")
    for number, path in enumerate(damaged):
        data = path.read_bytes()
        # Half of them cut short, the other half with one byte of the body changed.
        path.write_bytes(data[: len(data) // 2] if number % 2 else data[:-1] + b"!")

    again = build(volume, out_dir=tmp_path / "one", formats=["epub"], cache_dir=store)

    assert not again.up_to_date and again.outputs["epub"].read_bytes() == expected
    assert not again.warnings
    fresh = Cache(store)
    for path in damaged:
        kind = path.parent.parent.name
        assert fresh.get(kind, path.name) is not None, f"{kind}/{path.name} was not rewritten"


def test_an_entry_of_the_right_checksum_but_the_wrong_shape_is_a_miss(tmp_path):
    cache = Cache(tmp_path)
    cache.put("articles", "a" * 64, b'{"__type__": "Popen", "args": ["sh"]}')
    cache.put("articles", "b" * 64, b"\x80\x04\x95 not json at all")
    assert cache.get_data("articles", "a" * 64, Article) is None
    assert cache.get_data("articles", "b" * 64, Article) is None
    assert cache.hits == 0 and cache.misses == 2


def test_a_cached_font_that_is_not_the_font_it_names_is_replaced(make_volume, tmp_path):
    volume = make_volume(VOLUME, ESSAYS)
    store = tmp_path / "cache"
    first = build(volume, out_dir=tmp_path / "one", formats=["pdf"], cache_dir=store, jobs=2)
    regular, bold = (
        next(f for f in font_files() if f.stem.endswith(style)) for style in ("-Regular", "-Bold")
    )
    stored = store / "fonts" / hashlib.sha256(regular.read_bytes()).hexdigest()
    assert stored.read_bytes() == regular.read_bytes()
    stored.write_bytes(bold.read_bytes())  # a valid font, but another face

    again = build(volume, out_dir=tmp_path / "two", formats=["pdf"], cache_dir=store, jobs=2)

    assert again.layout is not None and again.layout.laid_out > 0
    assert again.outputs["pdf"].read_bytes() == first.outputs["pdf"].read_bytes()
    assert stored.read_bytes() == regular.read_bytes()


def test_a_cache_path_that_is_a_file_is_one_warning(make_volume, tmp_path):
    volume = make_volume(VOLUME, ESSAYS)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache should be\n")
    result = build(volume, out_dir=tmp_path / "out", formats=["epub", "pdf"], cache_dir=blocker)
    reference = build(volume, out_dir=tmp_path / "ref", formats=["epub", "pdf"], use_cache=False)
    messages = [str(w).replace("/out/", "/ref/") for w in result.warnings]
    assert messages[:-1] == [str(w) for w in reference.warnings]  # e.g. too few pages to print
    assert "cannot write to the build cache" in messages[-1]
    assert blocker.read_text() == "a file where the cache should be\n"
    for kind in ("epub", "pdf"):
        assert result.outputs[kind].read_bytes() == reference.outputs[kind].read_bytes()


def test_a_read_only_or_full_cache_is_one_warning(make_volume, tmp_path, monkeypatch):
    volume = make_volume(VOLUME, ESSAYS)

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(cache_module, "replace_file", refuse)
    result = build(volume, out_dir=tmp_path / "out", formats=["epub"], cache_dir=tmp_path / "c")
    assert [str(w) for w in result.warnings] == [
        f"{tmp_path / 'c'}: cannot write to the build cache (No space left on device); "
        "this build stored nothing for the next"
    ]
    assert result.outputs["epub"].is_file()


def test_a_strict_build_is_not_failed_by_the_cache(make_volume, tmp_path):
    volume = make_volume(VOLUME, ESSAYS)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = build(
        volume, out_dir=tmp_path / "out", formats=["epub"], cache_dir=blocker, strict=True
    )
    assert result.outputs["epub"].is_file() and len(result.warnings) == 1


@dataclasses.dataclass
class Record:
    article: Article
    problems: list[Problem]
    pages: dict[str, dict[int, int]]
    box: tuple[float, float]
    data: bytes
    when: dt.datetime | None


def test_plain_data_round_trips_exactly():
    article = Article(
        source=Path("/books/federalist/no-10.md"),
        title="The Same Subject Continued",
        body="<p>Among the numerous advantages…</p>",
        notes=[Note("1", "<p>Publius</p>")],
        date=dt.date(1787, 11, 22),
        images={"images/ab.jpg": Path("/books/federalist/madison.jpg")},
    )
    record = Record(
        article,
        [Problem("read as Windows-1252", Path("/books/no-10.md"), 3, 1), Problem("plain", "x")],
        {"F1": {3: 0, 40: 2}},
        (1.5, 2.0),
        b"%PDF-1.4\x00\xff",
        dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
    )
    assert loads(dumps(record), Record) == record


@pytest.mark.parametrize(
    "change",
    [
        lambda raw: raw.replace(b'"__type__":"Record"', b'"__type__":"Popen"'),
        lambda raw: raw.replace(b'"box":[1.5,2.0]', b'"box":[1.5,2.0,3.0]'),
        lambda raw: raw.replace(b'"box":[1.5,2.0]', b'"box":["1.5",2.0]'),
        lambda raw: raw.replace(b'"box":[1.5,2.0]', b'"box":[1.5,2.0],"extra":1'),
        lambda raw: raw.replace(b'"3":0', b'"three":0'),
        lambda raw: raw.replace(b'{"__path__":"a.md"}', b'"a.md"'),
        lambda raw: b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_data_of_another_shape_is_refused(change):
    record = Record(
        Article(Path("a.md"), "T", "<p/>"),
        [Problem("m", Path("/books/no-10.md"))],
        {"F1": {3: 0}},
        (1.5, 2.0),
        b"",
        None,
    )
    raw = dumps(record)
    changed = change(raw)
    assert changed != raw
    with pytest.raises(ShapeError):
        loads(changed, Record)


def test_a_font_store_that_fills_up_mid_build_still_gives_a_whole_book(
    make_volume, tmp_path, monkeypatch
):
    from pypdf import PdfReader

    from checks import unembedded_fonts
    from compiler.interior import fonts as fontmerge

    volume = make_volume(VOLUME, ESSAYS)

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(fontmerge, "replace_file", full)
    # One job: the layout runs in this process, where the store's failure is simulated.
    result = build(
        volume, out_dir=tmp_path / "out", formats=["pdf"], cache_dir=tmp_path / "c", jobs=1
    )
    assert unembedded_fonts(result.outputs["pdf"]) == []
    text = "".join(page.extract_text() for page in PdfReader(result.outputs["pdf"]).pages)
    assert "Ambition must be made to counteract" in " ".join(text.split())


def test_values_a_class_refuses_are_a_miss_and_unstorable_values_are_not_stored(tmp_path):
    huge = dumps(Record(Article(Path("a.md"), "T", "<p/>"), [], {}, (1.5, 2.0), b"", None))
    huge = huge.replace(b'"box":[1.5,2.0]', b'"box":[1' + b"0" * 400 + b",2.0]")
    with pytest.raises(ShapeError):
        loads(huge, Record)
    cache = Cache(tmp_path)
    cache.put_data("builds", "c" * 64, {"handle": object()})
    assert cache.get("builds", "c" * 64) is None and cache.problem is None
