"""The README's volume.yaml reference is generated from the schema and must stay current."""

from __future__ import annotations

import re
from pathlib import Path

from compiler.config import schema_reference

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"<!-- reference:start -->\n(.*?)<!-- reference:end -->", re.S)


def current_block() -> str:
    match = BLOCK.search(README.read_text(encoding="utf-8"))
    assert match, "README lacks the reference markers"
    return match.group(1)


def test_readme_reference_matches_the_schema():
    assert current_block() == schema_reference(), (
        "README's volume.yaml reference is stale: run "
        "`python -m compiler.config --readme` to regenerate it"
    )


def test_readme_test_command_is_what_ci_runs():
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci in README.read_text(encoding="utf-8")
