"""The README's generated tables match the code, and its test command is what CI runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.config.reference import BLOCKS, block

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_readme_tables_match_the_code(name):
    assert block(README.read_text(encoding="utf-8"), name) == BLOCKS[name](), (
        f"README's {name} table is stale: "
        "run `python -m compiler.config.reference` to regenerate it"
    )


def test_readme_test_command_is_what_ci_runs():
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci in README.read_text(encoding="utf-8")
