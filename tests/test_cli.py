"""The command line contract: outputs, exit codes, messages, nothing partial on failure."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from checks import assert_epub_valid
from compiler.cli import main

REPO = Path(__file__).resolve().parents[1]


def small_volume(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    shutil.copy(REPO / "tests/corpus/macdowell/lecture-03.md", root / "articles")
    shutil.copy(
        REPO / "tests/corpus/thesaker/might-belarus-become-the-next-syria.md", root / "articles"
    )
    volume = root / "volume.yaml"
    volume.write_text(
        "title: Two Essays\nauthor: Various\ncontents:\n"
        "  - articles/lecture-03.md\n  - articles/might-belarus-become-the-next-syria.md\n",
        encoding="utf-8",
    )
    return volume


def test_build_command_writes_the_chosen_format(tmp_path):
    volume = small_volume(tmp_path / "book")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [str(volume), "--out", str(out), "--format", "epub"])
    assert result.exit_code == 0, result.output
    assert (out / "two-essays.epub").is_file()
    assert not (out / "two-essays.pdf").exists()
    assert f"wrote {out / 'two-essays.epub'}" in result.output
    assert_epub_valid(out / "two-essays.epub")


def test_quiet_prints_nothing_on_success(tmp_path):
    volume = small_volume(tmp_path / "book")
    result = CliRunner().invoke(main, [str(volume), "--format", "epub", "--quiet"])
    assert result.exit_code == 0
    assert result.output == ""
    assert (tmp_path / "book" / "build" / "two-essays.epub").is_file()


def test_bad_volume_exits_2_with_location_and_leaves_nothing(tmp_path):
    volume = small_volume(tmp_path / "book")
    volume.write_text(volume.read_text() + "titel: Oops\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [str(volume), "--out", str(out)])
    assert result.exit_code == 2
    assert f"{volume}:6:1: unknown key 'titel' (did you mean 'title'?)" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_missing_volume_file_is_a_user_error(tmp_path):
    result = CliRunner().invoke(main, [str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml" in result.output and "not found" in result.output


def _run_compiler(volume: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """``python -m compiler VOLUME`` in a process of its own, as a user runs it."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run(
        [sys.executable, "-m", "compiler", str(volume)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_real_subprocess_builds_both_formats(tmp_path):
    volume = small_volume(tmp_path / "book")
    proc = _run_compiler(volume, timeout=300)
    assert proc.returncode == 0, proc.stderr
    build = tmp_path / "book" / "build"
    assert sorted(p.name for p in build.iterdir()) == [
        "two-essays-cover.jpg",
        "two-essays-cover.pdf",
        "two-essays-report.md",
        "two-essays.epub",
        "two-essays.pdf",
    ]
    assert proc.stderr == "" or "Traceback" not in proc.stderr


def test_real_subprocess_reports_bad_input_with_exit_2(tmp_path):
    volume = small_volume(tmp_path / "book")
    volume.write_text("title: [unclosed\n", encoding="utf-8")
    proc = _run_compiler(volume, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{volume}:")
    assert "Traceback" not in proc.stderr
