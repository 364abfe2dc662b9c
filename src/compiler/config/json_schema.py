"""volume.yaml as a JSON Schema, generated from the one declarative schema.

Editors (VS Code with the YAML extension, JetBrains IDEs, Neovim's yaml-language-server)
complete and check keys as they are typed when a YAML file names a JSON Schema. Writing that
schema by hand would give a second description of volume.yaml that drifts from the loader,
so it is derived from the option objects of :mod:`compiler.config.schema`, which are what the
loader itself checks with. The JSON Schema can only say what is structural (types, names,
choices, patterns); what needs the disk or arithmetic (a file exists, an ISBN's check digit)
stays with the loader, whose messages say more anyway.
"""

from __future__ import annotations

import json
from functools import singledispatch
from typing import Any

from .index_terms import SUBENTRY_KEYS, TERM_KEYS, Aliases, Names, Terms
from .options import (
    EPIGRAPH_KEYS,
    FONT_SIZE_LIMITS_PT,
    SERIES_VOLUME_KEYS,
    TRIM_SIZES,
    Choice,
    Date,
    Epigraphs,
    Flag,
    FontSize,
    Image,
    Isbn13,
    Language,
    Matter,
    MatterFile,
    Number,
    Option,
    Patterns,
    PositiveInt,
    PostId,
    Price,
    RuleNames,
    RuleSelection,
    SeriesVolumes,
    Stylesheets,
    SubConfig,
    Template,
    Text,
    TextList,
    Trim,
    Url,
    VolumeFolder,
    VolumePath,
)
from .schema import (
    CLEANUP_KEYS,
    CONFIG_KEYS,
    COVER_KEYS,
    ENTRY_KEYS,
    Cleanup,
    Contents,
    Cover,
    SortNames,
)

SCHEMA_ID = "urn:compile-book:volume"

_NON_EMPTY = {"type": "string", "minLength": 1, "pattern": r"\S"}
# The loader's own spellings: a date, a web address, a language tag, an ISBN.
_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$"
_URL = r"^https?://[^\s/]+\S*$"
_LANGUAGE = r"^(?![xX]-)[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"
_ISBN = r"^\s*9[- ]?7[- ]?[89]([- ]?[0-9]){10}\s*$"  # 978/979 and ten more digits
_TRIM = r"^\s*\d+(\.\d+)?\s*[xX]\s*\d+(\.\d+)?\s*(in|mm)\s*$"  # custom: unit required


def volume_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a volume.yaml."""
    schema = _mapping(CONFIG_KEYS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "compile-book volume",
        "description": "The volume.yaml of a compile-book essay collection.",
        **schema,
    }


def volume_schema_text() -> str:
    """The schema as the file ``compile-book schema`` writes: stable key order, one per line."""
    return json.dumps(volume_schema(), indent=2, ensure_ascii=False) + "\n"


def _mapping(keys: dict[str, Option]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: _described(option) for name, option in keys.items()},
        "required": [name for name, option in keys.items() if option.required],
        "additionalProperties": False,
    }


def _described(option: Option) -> dict[str, Any]:
    out = dict(json_type(option))
    out["description"] = option.doc
    default = option.default
    if isinstance(default, bool | int | float | str):
        out.setdefault("default", default)
    return out


@singledispatch
def json_type(option: Option) -> dict[str, Any]:
    """What the option accepts, as a JSON Schema fragment.

    An option type with no rule of its own would describe nothing; failing loudly here makes
    a new option type add its rule (tests generate the schema on every run).
    """
    raise TypeError(f"no JSON Schema rule for {type(option).__name__}")


@json_type.register
def _(option: Text) -> dict[str, Any]:
    return dict(_NON_EMPTY)


@json_type.register
def _(option: Template) -> dict[str, Any]:
    return dict(_NON_EMPTY)


@json_type.register
def _(option: TextList) -> dict[str, Any]:
    return {"type": "array", "items": dict(_NON_EMPTY), "minItems": 1}


@json_type.register
def _(option: SortNames) -> dict[str, Any]:
    return {
        "anyOf": [dict(_NON_EMPTY), {"type": "array", "items": dict(_NON_EMPTY), "minItems": 1}]
    }


@json_type.register
def _(option: Language) -> dict[str, Any]:
    return {"type": "string", "pattern": _LANGUAGE}


@json_type.register
def _(option: Date) -> dict[str, Any]:
    # YAML reads an unquoted 2026-11-30 as a date; editors hand it over as this string. An
    # unquoted year is a number.
    return {
        "anyOf": [
            {"type": "string", "pattern": _DATE},
            {"type": "integer", "minimum": 1, "maximum": 9999},
        ]
    }


@json_type.register
def _(option: Isbn13) -> dict[str, Any]:
    # Unquoted, YAML reads the digits as a number, which the loader accepts too.
    return {
        "anyOf": [
            {"type": "string", "pattern": _ISBN},
            {"type": "integer", "minimum": 9780000000000, "maximum": 9799999999999},
        ]
    }


@json_type.register
def _(option: PositiveInt) -> dict[str, Any]:
    return {"type": "integer", "minimum": 1}


@json_type.register
def _(option: Choice) -> dict[str, Any]:
    return {"type": "string", "enum": list(option.choices)}


@json_type.register
def _(option: Trim) -> dict[str, Any]:
    return {
        "type": "string",
        # A preset may leave out its "in"; a custom size must say in or mm.
        "anyOf": [
            {"enum": [*TRIM_SIZES, *(t.removesuffix("in") for t in TRIM_SIZES)]},
            {"pattern": _TRIM},
        ],
        "examples": list(TRIM_SIZES),
    }


@json_type.register
def _(option: Flag) -> dict[str, Any]:
    return {"type": "boolean"}


@json_type.register
def _(option: FontSize) -> dict[str, Any]:
    low, high = FONT_SIZE_LIMITS_PT
    return {
        "type": "string",
        "pattern": r"^\s*\d+(\.\d+)?\s*pt\s*$",
        "examples": [f"{low + 2:g}pt", f"{(low + high) / 2:g}pt"],
    }


@json_type.register
def _(option: Number) -> dict[str, Any]:
    return {"type": "number", "minimum": option.low, "maximum": option.high}


@json_type.register
def _(option: Url) -> dict[str, Any]:
    return {"type": "string", "pattern": _URL, "format": "uri"}


@json_type.register
def _(option: PostId) -> dict[str, Any]:
    return {"anyOf": [dict(_NON_EMPTY), {"type": "integer", "minimum": 1}]}


@json_type.register
def _(option: VolumePath) -> dict[str, Any]:
    return _relative_path()


@json_type.register
def _(option: VolumeFolder) -> dict[str, Any]:
    return _relative_path()


@json_type.register
def _(option: MatterFile) -> dict[str, Any]:
    return _relative_path(r"\.(md|markdown|mdown|txt|html?|xhtml)$")


@json_type.register
def _(option: Image) -> dict[str, Any]:
    return _relative_path(r"\.(jpe?g|png)$")


def _relative_path(suffix: str = "") -> dict[str, Any]:
    # Relative, not starting with ~ or a drive letter; the loader checks it stays inside.
    return {"type": "string", "pattern": r"^(?![/~\\])(?![A-Za-z]:[\\/])(?!\.\.[\\/]).+" + suffix}


@json_type.register
def _(option: Matter) -> dict[str, Any]:
    mapping = _mapping(option.keys)
    mapping["oneOf"] = [{"required": ["text"]}, {"required": ["file"]}]
    return {"anyOf": [dict(_NON_EMPTY), mapping]}


@json_type.register
def _(option: Epigraphs) -> dict[str, Any]:
    one = _mapping(EPIGRAPH_KEYS)
    return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}


@json_type.register
def _(option: Price) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": 0, "maximum": 99.99},
            {"type": "string", "pattern": r"^\s*\$?\s*\d{1,2}(\.\d{2})?\s*$"},
        ]
    }


@json_type.register
def _(option: SeriesVolumes) -> dict[str, Any]:
    return {"type": "array", "items": _mapping(SERIES_VOLUME_KEYS), "minItems": 1}


@json_type.register
def _(option: SubConfig) -> dict[str, Any]:
    return _mapping(dict(option.keys))


def _rule_list() -> dict[str, Any]:
    from ..cleanup import RULE_NAMES

    return {"type": "array", "items": {"enum": list(RULE_NAMES)}, "uniqueItems": True}


@json_type.register
def _(option: RuleSelection) -> dict[str, Any]:
    return {"anyOf": [{"const": "auto"}, _rule_list()]}


@json_type.register
def _(option: RuleNames) -> dict[str, Any]:
    return _rule_list()


@json_type.register
def _(option: Patterns) -> dict[str, Any]:
    return {"type": "array", "items": dict(_NON_EMPTY)}


@json_type.register
def _(option: Cleanup) -> dict[str, Any]:
    return {"anyOf": [{"const": "auto"}, _rule_list(), _mapping(CLEANUP_KEYS)]}


@json_type.register
def _(option: Contents) -> dict[str, Any]:
    file_entry = _mapping(ENTRY_KEYS["file"])
    wordpress_entry = _mapping(ENTRY_KEYS["wordpress"])
    entries: list[dict[str, Any]] = [_relative_path(), file_entry, wordpress_entry]
    if option.parts:
        entries.append(_mapping(ENTRY_KEYS["part"]))
    return {"type": "array", "items": {"anyOf": entries}, "minItems": 1}


@json_type.register
def _(option: Cover) -> dict[str, Any]:
    mapping = _mapping(COVER_KEYS)
    mapping["if"] = {"properties": {"style": {"const": "photo"}}, "required": ["style"]}
    mapping["then"] = {"required": ["image"]}
    return {"anyOf": [json_type(COVER_KEYS["image"]), mapping]}


@json_type.register
def _(option: Stylesheets) -> dict[str, Any]:
    css = _relative_path(r"\.css$")
    return {"anyOf": [css, {"type": "array", "items": css, "minItems": 1}]}


@json_type.register
def _(option: Aliases) -> dict[str, Any]:
    return {"type": "array", "items": dict(_NON_EMPTY), "minItems": 1}


@json_type.register
def _(option: Names) -> dict[str, Any]:
    return {"anyOf": [dict(_NON_EMPTY), {"type": "array", "items": dict(_NON_EMPTY)}]}


@json_type.register
def _(option: Terms) -> dict[str, Any]:
    entry = _mapping(SUBENTRY_KEYS if option.nested else TERM_KEYS)
    return {"type": "array", "items": {"anyOf": [dict(_NON_EMPTY), entry]}}
