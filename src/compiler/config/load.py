"""Loading volume.yaml: YAML with line numbers, walked against the schema.

The loader collects every problem with the line and column it came from, so the user fixes a
volume in one pass instead of one error per run. Nothing after this module looks at raw YAML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from ..errors import BookError, Problem
from ..sources.limits import check_yaml
from ..volume.model import Volume
from .options import _check_mapping, _Context, _describe, _line_col
from .schema import CONFIG_KEYS

# --- Loading --------------------------------------------------------------------------------


class _Constructor(RoundTripConstructor):
    """Leaves YAML timestamps as text so an impossible date is a located message.

    The stock constructor turns ``2021-02-30`` into a ValueError with no position; as text
    it reaches the ``date`` option, which knows the key and the line.
    """


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


def _read_text(path: Path, display: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BookError("volume file not found", display) from None
    except IsADirectoryError:
        hint = " (did you mean its volume.yaml?)" if (path / "volume.yaml").is_file() else ""
        raise BookError(f"this is a folder, not a volume file{hint}", display) from None
    except OSError as e:
        raise BookError(f"cannot read the volume file: {e.strerror or e}", display) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line_start = data.rfind(b"\n", 0, e.start) + 1
        col = len(data[line_start : e.start].decode("utf-8", errors="replace")) + 1
        raise BookError(
            Problem(
                f"the file is not UTF-8 (byte 0x{data[e.start]:02x} cannot be decoded); "
                "save it as UTF-8",
                display,
                data.count(b"\n", 0, e.start) + 1,
                col,
            )
        ) from None


# The YAML mistakes people make in a volume file, and what to do about them.
_YAML_HINTS = {  # first match wins
    "found character '\\t'": "indent with spaces, not tabs",
    "that cannot start any token": "put the value in quotes",
    "mapping values are not allowed here": "a value containing ': ' must be put in quotes",
    "found undefined alias": "'*' starts an alias in YAML; put the value in quotes",
}


def _parse_yaml(text: str, display: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        check_yaml(text, display)
        return yaml.load(text)
    except DuplicateKeyError as e:
        found = re.search(r'duplicate key "(.*?)"', e.problem or "")
        key = found[1] if found else "?"
        message = f"duplicate key '{key}': a key may appear only once"
        raise BookError(_marked(message, e, display)) from None
    except MarkedYAMLError as e:
        message = "invalid YAML: " + (e.problem or e.context or "syntax error")
        if e.context and e.problem and e.context_mark is not None:
            message += f" ({e.context} at line {e.context_mark.line + 1})"
        hints = [hint for clue, hint in _YAML_HINTS.items() if clue in message]
        if hints:
            message += "; " + hints[0]
        raise BookError(_marked(message, e, display)) from None
    except ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        raise BookError(
            Problem(f"invalid YAML: character {e.character!r} is not allowed", display, line, col)
        ) from None
    except (YAMLError, ValueError) as e:
        raise BookError(f"invalid YAML: {str(e).splitlines()[0]}", display) from None


def _marked(message: str, e: MarkedYAMLError, display: str) -> Problem:
    mark = e.problem_mark or e.context_mark
    if mark is None:
        return Problem(message, display)
    return Problem(message, display, mark.line + 1, mark.column + 1)


def load_volume(path: str | Path) -> Volume:
    """Read and validate a volume.yaml; raise BookError listing every problem found.

    Problems name the file as ``path`` was given (so messages match what the user typed);
    the returned Volume holds absolute, resolved paths.
    """
    display = str(path)
    given = Path(path)
    tree = _parse_yaml(_read_text(given, display), display)
    if tree is None:
        raise BookError(
            "the volume file is empty: it needs at least 'title' and 'contents'", display
        )
    if not isinstance(tree, dict):
        raise BookError(
            Problem(
                "the top level must be a mapping of keys (title:, contents:, ...), "
                f"not {_describe(tree)}",
                display,
                *_line_col(tree, (1, 1)),
            )
        )
    root = given.absolute().parent.resolve()
    ctx = _Context(display, root)
    checked = _check_mapping(tree, CONFIG_KEYS, "", ctx, _line_col(tree, (1, 1)))
    v = checked.values
    if "author" in checked.key_pos and "authors" in checked.key_pos:
        ctx.error("give either 'author' or 'authors', not both", checked.key_pos["authors"])
    if ctx.problems:
        raise BookError(sorted(ctx.problems, key=lambda p: (p.line, p.col)))
    authors = (v["author"],) if v["author"] else (v["authors"] or ())
    if v["author_sort"] and len(v["author_sort"]) != len(authors):
        ctx.error(
            f"'author_sort' gives {len(v['author_sort'])} name(s) for {len(authors)} "
            "author(s); give one per author, in the same order",
            checked.key_pos["author_sort"],
        )
    if ctx.problems:
        raise BookError(sorted(ctx.problems, key=lambda p: (p.line, p.col)))
    return Volume(
        path=root / given.name,
        title=v["title"],
        contents=v["contents"],
        subtitle=v["subtitle"],
        authors=authors,
        author_sort=v["author_sort"] or (),
        language=v["language"],
        publisher=v["publisher"],
        date=v["date"],
        isbn=v["isbn"],
        series=v["series"],
        cleanup=v["cleanup"],
        provenance=v["provenance"],
        print=v["print"],
        epub=v["epub"],
        edition=v["edition"],
        publisher_address=v["publisher_address"],
        rights=v["rights"],
        license=v["license"],
        a11y=v["a11y"],
        front=v["front"],
        back=v["back"],
        blurb=v["blurb"],
        cover=v["cover"].image,
        cover_style=v["cover"].style,
        cover_bio=v["cover"].bio,
        cover_quotes=v["cover"].quotes,
        styles=v["styles"],
        site_root=v["site_root"],
        index=v["index"],
        display=display,
        key_positions=dict(checked.key_pos),
    )
