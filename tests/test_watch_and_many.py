"""``--watch`` rebuilds through the cache; several volumes build side by side."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from compiler import build
from compiler.cli import main
from compiler.runners.watch import watch
from conftest import CORPUS

ESSAYS = ["federalist-47.md", "federalist-51.md"]


def _volume(root: Path, title: str) -> Path:
    (root / "articles").mkdir(parents=True)
    for name in ESSAYS:
        shutil.copyfile(CORPUS / "federalist" / name, root / "articles" / name)
    listing = "\n".join(f"  - articles/{name}" for name in ESSAYS)
    volume = root / "volume.yaml"
    volume.write_text(
        f"title: {title}\nauthors: [James Madison]\nlanguage: en\ndate: 2026-11-01\n"
        f"contents:\n{listing}\n",
        encoding="utf-8",
    )
    return volume


def test_watch_rebuilds_only_the_edited_essay(tmp_path: Path):
    volume = _volume(tmp_path / "madison", "Madison on Power")
    said: list[str] = []
    done = threading.Event()

    def build_once():
        return build(volume, formats=["pdf"], jobs=2, single_pass=False)

    def say(line: str) -> None:
        said.append(line)
        edited = any(earlier.startswith("changed:") for earlier in said)
        if edited and line.startswith("laid out"):
            done.set()

    thread = threading.Thread(
        target=watch, args=(volume, build_once, say), kwargs={"stop": done.is_set}, daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 120
    while not any("units" in line for line in said) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)  # let the watcher settle before the edit
    essay = volume.parent / "articles" / "federalist-51.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\nA closing line.\n", encoding="utf-8")
    assert done.wait(timeout=120), said
    thread.join(timeout=5)
    assert said[0].startswith("laid out 1 of 1 units")
    assert any("federalist-51.md" in line for line in said if line.startswith("changed:"))
    assert said[-1].startswith("laid out 1 of 1 units (ch001, ch002)")


def test_several_volumes_build_side_by_side_sharing_one_cache(tmp_path: Path):
    first = _volume(tmp_path / "one", "Madison on Power")
    second = _volume(tmp_path / "two", "Madison on Government")
    cache = tmp_path / "shared-cache"
    outcome = CliRunner().invoke(
        main, [str(first), str(second), "--format", "pdf", "--jobs", "2", "--cache", str(cache)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert (first.parent / "build" / "madison-on-power.pdf").is_file()
    assert (second.parent / "build" / "madison-on-government.pdf").is_file()
    assert (cache / "layouts").is_dir() and (cache / "articles").is_dir()
    again = CliRunner().invoke(main, [str(first), "--format", "pdf", "--cache", str(cache)])
    assert "up to date" in again.output
