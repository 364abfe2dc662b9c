"""Benchmark volumes: N essays drawn in turn from the test corpus, in parts of ten.

Essays repeat once the corpus is used up; each copy is its own file, so a cache can tell them
apart exactly as it would tell apart the essays of a real anthology.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
PART_SIZE = 10


def corpus_essays() -> list[Path]:
    return sorted(
        p for p in CORPUS.rglob("*.md") if p.name != "SOURCES.md" and p.stat().st_size > 2000
    )


def make_volume(root: Path, essays: int, title: str | None = None) -> Path:
    """Write a volume folder of ``essays`` articles under ``root``; return its volume.yaml."""
    if root.exists():
        shutil.rmtree(root)
    (root / "articles").mkdir(parents=True)
    sources = corpus_essays()
    lines = [
        f"title: {title or f'Collected Essays in {essays} Pieces'}",
        "authors: [James Madison, Alexander Hamilton, Edward MacDowell, The Saker]",
        "language: en",
        "date: 2026-11-01",
        "publisher: Liberty Fund",
        "print: {trim: 6x9in, pod: kdp, paper: cream}",
        "contents:",
    ]
    for number in range(essays):
        source = sources[number % len(sources)]
        name = f"{number + 1:03d}-{source.name}"
        shutil.copyfile(source, root / "articles" / name)
        if number % PART_SIZE == 0:
            lines.append(f"  - part: Essays {number + 1} to {min(essays, number + PART_SIZE)}")
            lines.append("    articles:")
        lines.append(f"      - articles/{name}")
    volume = root / "volume.yaml"
    volume.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return volume
