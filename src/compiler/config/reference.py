"""The README's generated reference tables: volume.yaml keys and cleanup rules.

Both come from the code that defines them (the config schema, the rule registry), so the
README cannot drift; ``tests/test_readme.py`` fails when it is stale, and
``python -m compiler.config.reference`` rewrites the tables between their markers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..cleanup import registry
from .schema import schema_reference

README = Path(__file__).resolve().parents[3] / "README.md"


def rules_reference() -> str:
    lines = ["| rule | what it does |", "| --- | --- |"]
    lines += [f"| `{rule.name}` | {rule.summary} |" for rule in registry]
    return "\n".join(lines) + "\n"


BLOCKS = {"reference": schema_reference, "rules": rules_reference}


def block(text: str, name: str) -> str:
    """The generated text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``."""
    start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
    return text.split(start, 1)[1].split(end, 1)[0]


def update(path: Path = README) -> None:
    text = path.read_text(encoding="utf-8")
    for name, make in BLOCKS.items():
        start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + start + make() + end + tail
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    update(Path(sys.argv[1]) if len(sys.argv) > 1 else README)
