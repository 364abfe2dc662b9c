"""The same volume gives the same PDF bytes on every machine: not the core count, not
``--jobs``, decides how the book is laid out. And ``--jobs`` has a sane ceiling."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import pipeline
from compiler.cli import main
from compiler.errors import BookError
from compiler.sources.limits import MAX_JOBS

CORPUS = Path(__file__).parent / "corpus" / "federalist"
ESSAYS = [f"federalist-{n}.md" for n in range(46, 52)]  # six chapters: two layout units


@pytest.fixture(scope="module")
def volume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("same-bytes")
    for name in ESSAYS:
        # The front matter and the first paragraphs: enough for pages, running heads and folios.
        text = (CORPUS / name).read_text(encoding="utf-8")
        (folder / name).write_text("\n\n".join(text.split("\n\n")[:4]) + "\n", encoding="utf-8")
    contents = "".join(f"  - {name}\n" for name in ESSAYS)
    path = folder / "volume.yaml"
    path.write_text(
        f"title: The Federalist Papers\nauthor: James Madison\ndate: 1788-02-08\n"
        f"contents:\n{contents}",
        encoding="utf-8",
    )
    return path


def _pdf_hash(volume: Path, out: Path, **options: object) -> str:
    result = pipeline.build(volume, out_dir=out, formats=["pdf"], use_cache=False, **options)
    return hashlib.sha256(result.outputs["pdf"].read_bytes()).hexdigest()


def test_the_pdf_is_the_same_with_any_number_of_jobs_and_cores(volume, tmp_path, monkeypatch):
    one = _pdf_hash(volume, tmp_path / "one", jobs=1)
    eight = _pdf_hash(volume, tmp_path / "eight", jobs=8)
    # The default on a one-core machine, which used to be the single-pass layout.
    monkeypatch.setattr(pipeline.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert pipeline.default_jobs() == 1
    default = _pdf_hash(volume, tmp_path / "default")
    assert one == eight == default


def test_the_default_job_count_is_capped(monkeypatch):
    monkeypatch.setattr(pipeline.os, "sched_getaffinity", lambda pid: set(range(256)))
    assert pipeline.default_jobs() == MAX_JOBS


def test_too_many_jobs_is_a_clear_error(volume, tmp_path):
    with pytest.raises(BookError, match=f"between 1 and {MAX_JOBS}"):
        pipeline.build(volume, out_dir=tmp_path / "out", jobs=MAX_JOBS + 1)
    result = CliRunner().invoke(main, [str(volume), "--out", str(tmp_path / "out"), "-j", "5000"])
    assert result.exit_code == 2
    assert result.output.startswith(f"--jobs 5000: choose between 1 and {MAX_JOBS}")
    assert not (tmp_path / "out").exists()
    several = CliRunner().invoke(main, [str(volume), str(volume), "--jobs", "5000"])
    assert several.exit_code == 2 and "--jobs 5000" in several.output
