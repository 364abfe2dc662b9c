"""A ``--no-cache`` build, with the reads of its articles counted (``bench/run.py --no-cache``).

Such a build keeps nothing for the next, but the read made for the volume's words should
still serve the cleanup, as it does through the cache: each article read once. The reads are
counted where every reader is called from (compiler.book.articles.read_raw, which
compiler.book.vocabulary calls by its own name); without a cache the reading is done in the
build's own process, so the count is whole.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from evidence import cpu_seconds


def measure(volume: Path, out: Path, jobs: int, formats: list[str]) -> dict[str, float]:
    """One build of ``formats`` without a cache: its wall and CPU seconds, the articles and
    the reads."""
    from compiler import build
    from compiler.book import articles, vocabulary

    read = Counter[str]()
    real = articles.read_raw

    def counted(path: Path, *args: Any, **kwargs: Any) -> Any:
        read[str(path)] += 1
        return real(path, *args, **kwargs)

    articles.read_raw = vocabulary.read_raw = counted
    started, cpu = time.perf_counter(), cpu_seconds()
    built = build(volume, out_dir=out, formats=formats, jobs=jobs, use_cache=False)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": cpu_seconds() - cpu,
        "articles": len(built.volume.articles),
        "reads": sum(read.values()),
    }
