"""bench/RESULTS.md keeps what was measured on its own when the full benchmark rewrites it.

The index's cost, the split-words evidence and the builds without a cache are each measured
by a run of their own (``--index``, ``--evidence``, ``--no-cache``); a full run that dropped
their sections would lose figures nobody measures again for a while.
"""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import evidence  # noqa: E402
import run  # noqa: E402

# Each measured by its own run of bench/run.py, which writes its section alone.
ON_THEIR_OWN = [
    "## Cost of the index",
    "## Cost of the split-words evidence",
    "## Builds without a cache",
]
FULL = "# Build-speed benchmark\n\n| essays | step |\n|---:|---|\n| 30 | full |\n"


def _section(heading: str, figure: str) -> str:
    return f"{heading}\n\nMeasured once.\n\n| ratio | measured |\n|---|---:|\n| x | {figure} |\n"


def test_a_full_run_keeps_each_section_measured_on_its_own():
    before = "# Build-speed benchmark\n\nOld table.\n\n" + "\n".join(
        _section(heading, str(n)) for n, heading in enumerate(ON_THEIR_OWN)
    )
    after = run.kept_sections(FULL, before)
    assert after.startswith(FULL)
    assert "Old table." not in after
    for n, heading in enumerate(ON_THEIR_OWN):
        assert after.count(heading) == 1
        assert f"| x | {n} |" in after.partition(heading)[2].split("\n## ")[0]
    assert run.kept_sections(FULL, "# Build-speed benchmark\n") == FULL


def test_a_measurement_replaces_its_own_section_only():
    before = FULL + "\n" + "\n".join(_section(h, "old") for h in run.SECTIONS)
    after = run._with_section(before, _section(run.EVIDENCE_SECTION, "new"))
    evidence_part = after.partition(run.EVIDENCE_SECTION)[2].split("\n## ")[0]
    assert "| x | new |" in evidence_part and "old" not in evidence_part
    assert after.count("| x | old |") == len(run.SECTIONS) - 1
    assert [after.index(h) for h in run.SECTIONS] == sorted(after.index(h) for h in run.SECTIONS)


def test_the_evidence_pass_is_weighed_against_the_cleanup_and_the_build():
    found = {part: 0.1 for part in evidence.PASS}
    found.update({"cleanup (clean calls)": 1.6, "split-words rule": 0.5, "build CPU": 20.0})
    shares = evidence.shares(found)
    assert shares == pytest.approx(
        {
            "pass": 0.4,
            "cleanup": 2.0,  # the clean calls and the pass, which runs before them
            "pass / cleanup": 0.2,
            "pass / build": 0.02,
            "split-words / cleanup": 0.25,
        }
    )
