"""The JSON Schema editors use agrees with the loader on every example and every bad volume.

The schema is generated from the loader's own declarations; these tests hold it to the
loader's verdicts, both ways: what the loader accepts the schema accepts (an editor must never
underline a correct volume), and what the loader refuses the schema refuses too, except the
mistakes only the loader can see (a missing file, a wrong ISBN check digit), listed here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from compiler.cli import main
from compiler.config import load_volume
from compiler.config.json_schema import volume_schema, volume_schema_text
from compiler.config.scaffold import SCHEMA_FILE, new_volume
from compiler.errors import BookError

TESTS = Path(__file__).parent
REPOSITORY = TESTS.parent
BAD = TESTS / "bad_volumes"

EXAMPLES = sorted([*REPOSITORY.glob("books/*/volume.yaml"), *TESTS.glob("realworld/*/volume.yaml")])

# Refused by the loader for reasons a JSON Schema cannot express: the disk, arithmetic, YAML
# itself, or a relation between values.
LOADER_ONLY = {
    "article-not-found": "the file does not exist",
    "folder-not-file": "the path is a folder",
    "path-escapes": "where a path with .. inside it leads",
    "duplicate-article": "an article listed twice",
    "duplicate-key": "YAML-level: a key twice in one mapping",
    "yaml-syntax": "not YAML at all",
    "author-and-authors": "both keys given",
    "cleanup-bad-regex": "regular expression syntax",
    "cleanup-rules-and-exclude": "exclude only with rules: auto",
    "date-impossible": "February 30th matches the date pattern",
    "isbn-check-digit": "check digit arithmetic",
    "isbn-same-twice": "two values compared",
    "language-name": "a word of the right shape that is not a language",
    "provenance-format-code": "format specs inside placeholders",
    "provenance-padding": "format specs inside placeholders",
    "title-control-character": "control characters",
    "trim-too-small": "sizes compared with the printable range",
}


def _as_editor_sees(node: Any) -> Any:
    """YAML values as a language server hands them to the schema: dates as their text."""
    if isinstance(node, dict):
        return {str(k): _as_editor_sees(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_editor_sees(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def _yaml(path: Path) -> Any:
    return _as_editor_sees(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = volume_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("volume", EXAMPLES, ids=lambda p: p.parent.name)
def test_every_example_is_valid_for_the_schema(volume: Path, validator) -> None:
    load_volume(volume)  # the loader accepts it, so the schema must
    errors = [e.message for e in validator.iter_errors(_yaml(volume))]
    assert not errors, errors


@pytest.mark.parametrize("case", sorted(p.name for p in BAD.iterdir()), ids=str)
def test_schema_refuses_what_the_loader_refuses(case: str, validator) -> None:
    volume = BAD / case / "volume.yaml"
    with pytest.raises(BookError):
        load_volume(volume)
    try:
        data = _yaml(volume)
    except Exception:  # not YAML, or YAML the safe loader refuses (a key twice)
        assert case in LOADER_ONLY
        return
    refused = not validator.is_valid(data)
    if case in LOADER_ONLY:
        assert not refused, f"{case}: the schema now catches it; take it off LOADER_ONLY"
    else:
        assert refused, f"{case}: the loader refuses it but the schema accepts it"


def test_misspelt_key_is_named_by_the_schema(validator) -> None:
    """What an editor underlines: the unknown key itself."""
    errors = list(validator.iter_errors(_yaml(BAD / "unknown-key" / "volume.yaml")))
    assert any("titel" in e.message for e in errors), [e.message for e in errors]


def test_every_key_carries_its_documentation() -> None:
    """Hover text in the editor is the reference table's description."""

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert sub.get("description"), f"{path}.{name} has no description"
                walk(sub, f"{path}.{name}")
            for key in ("items", "anyOf", "oneOf"):
                value = node.get(key)
                for sub in value if isinstance(value, list) else [value] if value else []:
                    walk(sub, path)

    schema = volume_schema()
    walk(schema, "volume")
    assert {"title", "contents", "print", "cleanup"} <= set(schema["properties"])


def test_new_volume_names_its_schema_and_both_agree(tmp_path: Path, validator) -> None:
    volume = new_volume(tmp_path / "essays", title="The Federalist", author="James Madison")
    first_line = volume.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={SCHEMA_FILE}"
    written = (volume.parent / SCHEMA_FILE).read_text(encoding="utf-8")
    assert json.loads(written) == volume_schema()
    assert validator.is_valid(_yaml(volume))
    load_volume(volume)


def test_schema_command_prints_and_writes(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(main, ["schema"])
    assert printed.exit_code == 0, printed.output
    assert printed.output == volume_schema_text()
    target = tmp_path / "volume.schema.json"
    written = runner.invoke(main, ["schema", "--out", str(target)])
    assert written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8") == volume_schema_text()
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    unwritable = runner.invoke(main, ["schema", "--out", str(tmp_path / "a-file" / "x.json")])
    assert unwritable.exit_code == 2
    assert "Traceback" not in unwritable.output
