"""The docs' generated tables match the code, and the README's commands are what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler.config.reference import BLOCKS, block

REPOSITORY = Path(__file__).resolve().parents[1]
README = REPOSITORY / "README.md"


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_generated_tables_match_the_code(name):
    page, make = BLOCKS[name]
    assert block(page.read_text(encoding="utf-8"), name) == make(), (
        f"{page.name}'s {name} table is stale: "
        "run `python -m compiler.config.reference` to regenerate it"
    )


def test_ci_runs_the_readme_install_and_test_commands_exactly():
    ci = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    install, test = ci[-2], ci[-1]
    text = README.read_text(encoding="utf-8")
    commands = re.findall(r"^    (\S.*)$", text, flags=re.MULTILINE)
    assert commands[0] == install  # the first command a newcomer meets
    assert test in commands
    assert "-c constraints.txt" in install


def test_every_pinned_dependency_is_one_pyproject_allows():
    """constraints.txt pins exact versions; every direct dependency must be among them."""
    pins = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (REPOSITORY / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    project = (REPOSITORY / "pyproject.toml").read_text(encoding="utf-8")
    wanted = re.findall(r'^\s+"([A-Za-z0-9_.-]+)[<>=!~]', project, flags=re.MULTILINE)
    missing = {w.lower().replace("_", "-") for w in wanted} - pins
    assert not missing, f"not pinned in constraints.txt: {sorted(missing)}"


def test_readme_links_resolve():
    text = README.read_text(encoding="utf-8")
    for target in re.findall(r"\]\((docs/[^)#]+)", text):
        assert (REPOSITORY / target).is_file(), target
