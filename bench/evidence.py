"""What the split-words evidence pass costs a cold build (``python bench/run.py --evidence 45``).

``split-words`` weighs a split against the words of the whole volume, so every article is read
for its words before any is cleaned (compiler.book.vocabulary). The read itself is not extra:
it is kept and cleaned (compiler.book.reads). What the pass adds is the words counted in each
article, the volume's words gathered from them, the read kept and taken back (stored, then
parsed again from its markup), and the rule's questions to the volume during cleanup.

Each of those is timed in CPU seconds in whichever process runs it (the build forks its
workers after the timers are installed, and every process writes what it spent to a file of
its own), beside the whole cleanup (every ``clean`` call, plus the pass), the split-words
rule alone, and the build (CPU seconds of the build and its workers, as bench/run.py counts
them).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# What the evidence pass adds to a build, and the step it belongs to, in the table's order.
PASS = ("words counted", "volume's words gathered", "read kept", "read taken back")
PARTS = (*PASS, "split-words rule", "cleanup (clean calls)")


class _Spent:
    """CPU seconds by part, in this process; written to ``folder`` after each timed call."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.pid = os.getpid()
        self.seconds: dict[str, float] = {}

    def add(self, part: str, seconds: float) -> None:
        if os.getpid() != self.pid:  # a forked worker starts from nothing of its own
            self.pid, self.seconds = os.getpid(), {}
        self.seconds[part] = self.seconds.get(part, 0.0) + seconds
        (self.folder / str(self.pid)).write_text(json.dumps(self.seconds), encoding="utf-8")

    def timed(self, part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(part, time.process_time() - started)

        return run


def cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (the layout workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(volume: Path, cache: Path, out: Path, jobs: int) -> dict[str, float]:
    """One cold PDF build of ``volume`` with the parts timed: CPU seconds by part, and the
    build's wall and CPU seconds."""
    from compiler import build
    from compiler.book import articles, reads, vocabulary
    from compiler.cleanup.registry import registry

    with tempfile.TemporaryDirectory(prefix="compile-book-evidence-") as folder:
        spent = _Spent(Path(folder))
        patches = [
            (vocabulary, "article_tokens", PASS[0]),
            (vocabulary, "volume_vocabulary", PASS[1]),
            (reads, "keep", PASS[2]),
            (reads, "kept", PASS[3]),
            (articles, "clean", PARTS[5]),
        ]
        for module, name, part in patches:
            setattr(module, name, spent.timed(part, getattr(module, name)))
        rule = registry["split-words"]
        registry._rules[rule.name] = dataclasses.replace(rule, run=spent.timed(PARTS[4], rule.run))
        started, cpu = time.perf_counter(), cpu_seconds()
        built = build(volume, out_dir=out, formats=["pdf"], jobs=jobs, cache_dir=cache)
        found: dict[str, float] = {
            "build wall": time.perf_counter() - started,
            "build CPU": cpu_seconds() - cpu,
        }
        if built.layout is not None and built.print_result is not None:
            found["pages"] = built.print_result.page_count
            found["units"] = built.layout.units
            found["units laid out"] = built.layout.laid_out
            found["layouts"] = built.layout.layouts
            found["passes"] = built.layout.passes
        for record in Path(folder).iterdir():
            with contextlib.suppress(ValueError):
                for part, seconds in json.loads(record.read_text(encoding="utf-8")).items():
                    found[part] = found.get(part, 0.0) + seconds
    return found


def shares(found: dict[str, float]) -> dict[str, float]:
    """The pass's CPU seconds and its ratios to the cleanup and to the build."""
    evidence = sum(found.get(part, 0.0) for part in PASS)
    cleanup = found.get(PARTS[5], 0.0) + evidence
    return {
        "pass": evidence,
        "cleanup": cleanup,
        "pass / cleanup": evidence / cleanup if cleanup else 0.0,
        "pass / build": evidence / found["build CPU"],
        "split-words / cleanup": found.get(PARTS[4], 0.0) / cleanup if cleanup else 0.0,
    }
