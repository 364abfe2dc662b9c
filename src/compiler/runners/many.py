"""Several volumes in one command, built side by side in worker processes.

Builds are stateless apart from the cache, so volumes share nothing but the cache folder and
can just as well be spread over CI jobs or machines (see the README). Here they share the
machine: each volume gets its own process and an equal share of the layout workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BookError, Problem
from ..machinery import workers
from ..pipeline import BuildResult, build
from ..sources.limits import check_jobs


@dataclass
class VolumeOutcome:
    volume: Path
    result: BuildResult | None = None
    problems: list[Problem] | None = None
    seconds: float = 0.0


def _build_one(volume: Path, options: dict[str, Any]) -> VolumeOutcome:
    import time

    started = time.perf_counter()
    try:
        result = build(volume, **options)
    except BookError as exc:
        return VolumeOutcome(volume, problems=exc.problems)
    return VolumeOutcome(volume, result=result, seconds=time.perf_counter() - started)


def build_many(volumes: list[Path], jobs: int, **options: Any) -> list[VolumeOutcome]:
    """Build every volume, at most ``jobs`` at a time; outcomes in the order given."""
    check_jobs(jobs)
    parallel = max(1, min(len(volumes), jobs))
    share = max(1, jobs // parallel)
    options = {**options, "jobs": share, "single_pass": False}
    if parallel == 1:
        return [_build_one(volume, options) for volume in volumes]
    with workers.running(workers.pool(parallel)) as pool:
        futures = [pool.submit(_build_in_worker, volume, options) for volume in volumes]
        return [future.result() for future in futures]


def _build_in_worker(volume: Path, options: dict[str, Any]) -> VolumeOutcome:
    with workers.cleaning_up_on_sigterm():
        return _build_one(volume, options)
