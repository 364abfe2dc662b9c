"""The documentation's generated reference tables: volume.yaml keys and cleanup rules.

Both come from the code that defines them (the config schema, the rule registry), so the
docs cannot drift; ``tests/test_readme.py`` fails when one is stale, and
``python -m compiler.config.reference`` rewrites the tables between their markers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..cleanup import registry
from .schema import schema_reference

REPOSITORY = Path(__file__).resolve().parents[3]
DOCS = REPOSITORY / "docs"


def rules_reference() -> str:
    lines = ["| rule | what it does |", "| --- | --- |"]
    lines += [f"| `{rule.name}` | {rule.summary} |" for rule in registry]
    return "\n".join(lines) + "\n"


# Each generated table: its marker name, the page holding it, and what writes it.
BLOCKS: dict[str, tuple[Path, Callable[[], str]]] = {
    "reference": (DOCS / "volume-yaml.md", schema_reference),
    "rules": (DOCS / "cleanup.md", rules_reference),
}


def block(text: str, name: str) -> str:
    """The generated text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``."""
    start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
    return text.split(start, 1)[1].split(end, 1)[0]


def update() -> None:
    for name, (path, make) in BLOCKS.items():
        text = path.read_text(encoding="utf-8")
        start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        path.write_text(head + start + make() + end + tail, encoding="utf-8")


if __name__ == "__main__":
    update()
