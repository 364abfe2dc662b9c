"""Front matter as static-site generators write it, read into :class:`SourceMeta`.

A blog archive arrives as Jekyll, Hugo, 11ty, Pelican, Ghost or Hashnode posts, each with its
own header: YAML between ``---`` lines, TOML between ``+++`` lines (Hugo), ``Key: value``
lines up to the first blank line (Pelican, MultiMarkdown), or one of those flattened onto a
single line by a converter that lost the newlines. Each generator also has its own names for
the same thing (``lastmod``, ``datePublished``, ``canonical_url``, ``keywords``), and most
keys (``layout``, ``slug``, ``draft``, ``cover``) are for the site, not the book.

So the keys that mean something to a book are mapped by meaning, everything else is
collected in :attr:`FrontMatter.unused` for the report rather than refused: a publisher takes
120 posts as they are. What stays an error is a header that cannot be read at all (bad YAML,
a flattened header that cannot be split) and a key the book uses holding the wrong kind of
value (a title that is a list, a date that is not a date), each at its line and column.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import BookError, Problem
from .base import SourceMeta
from .dates import DateError, date_from_file_name, parse_date
from .limits import check_yaml

# What each field of SourceMeta is called across generators, in order of trust: the first
# key present wins. Keys are compared in lower case ("datePublished", Pelican's "Title").
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "newstitle"),  # newstitle: the news posts of 11ty's own site
    "short_title": ("short_title",),
    "author": ("author", "authors"),
    "date": (
        "date", "published", "publishdate", "pubdate", "published_at", "date_published",
        "datepublished", "created",
    ),
    "updated": (
        "updated", "lastmod", "modified", "updated_at", "date_updated", "dateupdated",
        "last_modified_at",
    ),
    "url": ("canonical_url", "canonical", "canonicalurl", "url", "link", "permalink"),
    "summary": ("summary", "excerpt", "description", "custom_excerpt"),
    "subjects": ("tags", "categories", "category", "keywords", "tag"),
    "language": ("lang", "language"),
}  # fmt: skip
KNOWN_KEYS = frozenset(key for keys in FIELDS.values() for key in keys)
# Keys generators write that the book has no use for. Only needed to split a header that
# a converter flattened onto one line, where a key is recognised by name.
_SITE_KEYS = frozenset(
    {
        "layout", "slug", "draft", "status", "image", "images", "cover", "cover_image",
        "coverimage", "feature_image", "featured_image", "thumbnail", "comments", "published",
        "toc", "series", "type", "id", "uuid", "cuid", "meta", "weight", "aliases", "menu",
        "hidden", "share", "redirect_from", "og_image", "ogimage", "subtitle", "domain",
        "hidefromhashnodecommunity", "enabletoc", "seotitle", "seodescription", "template",
        "sitemap", "featured", "visibility", "header", "sidebar", "modified_by", "parent",
    }
)  # fmt: skip
_FLATTENED_KEYS = KNOWN_KEYS | _SITE_KEYS

_YAML_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)
_HEADER_LINE = re.compile(r"([A-Za-z][\w-]*)[ \t]*:(?:[ \t]+(.*))?$")
_TOKEN = re.compile(r"(?:(?<=\s)|^)([A-Za-z][\w-]*):(?=\s|$)")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass
class FrontMatter:
    """What a post's header says, and where its body starts (``body_line`` is 1-based)."""

    meta: SourceMeta
    body: str
    body_line: int = 1
    unused: list[str] = field(default_factory=list)  # keys the book does not use, in order


def read_front_matter(text: str, path: Path) -> FrontMatter:
    """Split ``text`` into its header (in any of the forms above) and its body."""
    first_line = text.split("\n", 1)[0].strip()
    if first_line == "---":
        return _fenced(text, path, _YAML_FENCE, _load_yaml)
    if first_line == "+++":
        return _fenced(text, path, _TOML_FENCE, _load_toml)
    if first_line.startswith("---") and _starts_with_key(first_line[3:]):
        return _flattened_fence(text, first_line, path)
    header = _header_paragraph(text)
    if header is not None:
        return header(path)
    return FrontMatter(SourceMeta(), text)


def post_front_matter(text: str, path: Path) -> FrontMatter:
    """A post's header, dated from a Jekyll file name (``2008-11-24-slug.md``) if it has no
    date of its own."""
    header = read_front_matter(text, path)
    if header.meta.date is None:
        header.meta.date = date_from_file_name(path.name)
    return header


# ---------------------------------------------------------------------------------------------
# The forms a header takes

Positions = Callable[[str], tuple[int, int]]
Loader = Callable[[str, Path, int], tuple[dict[str, Any], Positions]]


def _fenced(text: str, path: Path, fence: re.Pattern[str], load: Loader) -> FrontMatter:
    opening = text.split("\n", 1)[0].strip()
    first_line_end = text.find("\n")
    closing = fence.search(text, first_line_end + 1) if first_line_end >= 0 else None
    if closing is None:
        raise BookError(
            Problem(f"front matter starts with {opening!r} but is never closed", path, 1, 1)
        )
    block = text[first_line_end + 1 : closing.start()]
    body = text[closing.end() :].lstrip("\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    data, positions = load(block, path, 2)
    return _mapped(data, positions, path, body, body_line)


def _flattened_fence(text: str, first_line: str, path: Path) -> FrontMatter:
    """``--- title: X date: Y ---`` on one line, as some converters leave a header."""
    inner = first_line[3:].strip()
    if not inner.endswith("---"):
        raise BookError(
            Problem(
                "the front matter seems flattened onto one line (it starts with '---' followed "
                "by keys) and has no closing '---' on that line; put each key on its own line "
                "between two '---' lines",
                path,
                1,
                1,
            )
        )
    body = text.split("\n", 1)[1].lstrip("\n") if "\n" in text else ""
    body_line = text[: len(text) - len(body)].count("\n") + 1
    data = _split_flattened(inner[:-3].strip(), path, 1)
    return _mapped(data, lambda key: (1, 1), path, body, body_line)


def _header_paragraph(text: str) -> Callable[[Path], FrontMatter] | None:
    """A first paragraph that is a header: ``Key: value`` lines (Pelican), or the keys of a
    YAML header that lost its newlines and fences (``title: X date: Y layout: post``)."""
    stripped = text.lstrip("\n")
    offset = len(text) - len(stripped)
    paragraph, _, rest = stripped.partition("\n\n")
    lines = paragraph.split("\n")
    start_line = text.count("\n", 0, offset) + 1
    body = rest.lstrip("\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1 if body else start_line + len(lines)
    tokens = [m[1].lower() for m in _TOKEN.finditer(paragraph)]
    known = [t for t in tokens if t in KNOWN_KEYS]
    # Only a line that starts as headers do ("title:", "layout:") and names two keys the book
    # knows: a first sentence such as "Summary: the date: ..." is text.
    if len(lines) == 1 and tokens[:1] in (["title"], ["layout"]) and len(set(known)) >= 2:

        def flattened(path: Path) -> FrontMatter:
            data = _split_flattened(paragraph.strip(), path, start_line)
            return _mapped(data, lambda key: (start_line, 1), path, body, body_line)

        return flattened
    matches = [_HEADER_LINE.fullmatch(line) for line in lines]
    if not all(m or line[:1] in (" ", "\t") for m, line in zip(matches, lines, strict=True)):
        return None
    if matches[0] is None:
        return None
    if not any(m and m[1].lower() == "title" for m in matches):
        # Pelican requires a title; a letter that opens "Date: Spring 1920" is text.
        return None

    def header(path: Path) -> FrontMatter:
        data: dict[str, Any] = {}
        where: dict[str, tuple[int, int]] = {}
        last = ""
        for number, (match, line) in enumerate(zip(matches, lines, strict=True)):
            if match is None:
                data[last] = f"{data[last]} {line.strip()}".strip()
                continue
            last = match[1]
            data[last] = (match[2] or "").strip()
            where[last] = (start_line + number, 1)
        return _mapped(data, lambda key: where.get(key, (0, 0)), path, body, body_line)

    return header


def _starts_with_key(text: str) -> bool:
    """Whether ``text`` opens with a key generators write (``title:``), not just any word."""
    match = _TOKEN.match(text.strip())
    return match is not None and match[1].lower() in _FLATTENED_KEYS


def _split_flattened(line: str, path: Path, line_number: int) -> dict[str, Any]:
    """Cut a header that lost its newlines at the keys generators use, by name."""
    cuts = [m for m in _TOKEN.finditer(line) if m[1].lower() in _FLATTENED_KEYS]
    if not cuts or cuts[0].start() != 0 or not any(m[1].lower() in KNOWN_KEYS for m in cuts):
        raise BookError(
            Problem(
                "the front matter seems flattened onto one line and cannot be split into keys; "
                "put each key on its own line between two '---' lines",
                path,
                line_number,
                1,
            )
        )
    data: dict[str, Any] = {}
    for match, following in zip(cuts, [*cuts[1:], None], strict=True):
        end = following.start() if following is not None else len(line)
        value = line[match.end() : end].strip()
        data[match[1]] = _flattened_value(value)
    return data


def _flattened_value(value: str) -> Any:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if value.startswith("[") and value.endswith("]"):
        return [_flattened_value(item.strip()) for item in value[1:-1].split(",") if item.strip()]
    return value


# ---------------------------------------------------------------------------------------------
# Loading YAML and TOML with positions


class _Constructor(RoundTripConstructor):
    """Leaves YAML timestamps as text, so an impossible date is a located message and every
    date form goes through :func:`parse_date` alike."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


def _load_yaml(block: str, path: Path, first_line: int) -> tuple[dict[str, Any], Positions]:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        check_yaml(block, path, first_line=first_line)  # alias bombs and deep nesting
        data = yaml.load(block) if block.strip() else {}
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else 1
        col = mark.column + 1 if mark is not None else 0
        problem = exc.problem or exc.context or "syntax error"
        raise BookError(Problem(f"invalid front matter: {problem}", path, line, col)) from None
    except (YAMLError, ValueError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BookError(Problem(f"invalid front matter: {message}", path, first_line)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BookError(
            Problem("front matter must be a mapping of keys to values", path, first_line, 1)
        )

    def positions(key: str) -> tuple[int, int]:
        try:
            line, col = data.lc.key(key)  # type: ignore[union-attr]
        except (AttributeError, KeyError, TypeError):
            return 0, 0
        return line + first_line, col + 1

    return data, positions


_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _load_toml(block: str, path: Path, first_line: int) -> tuple[dict[str, Any], Positions]:
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_WHERE.search(str(exc))
        message = _TOML_WHERE.sub("", str(exc)).strip()
        line = int(where[1]) + first_line - 1 if where else first_line
        col = int(where[2]) if where else 0
        raise BookError(Problem(f"invalid front matter: {message}", path, line, col)) from None
    lines = block.split("\n")

    def positions(key: str) -> tuple[int, int]:
        pattern = re.compile(r"\s*(?:" + re.escape(key) + r"|\"" + re.escape(key) + r"\")\s*=")
        for number, line in enumerate(lines):
            if pattern.match(line):
                return number + first_line, len(line) - len(line.lstrip()) + 1
        return 0, 0

    return data, positions


# ---------------------------------------------------------------------------------------------
# From keys to metadata


def _mapped(
    data: dict[str, Any], positions: Positions, path: Path, body: str, body_line: int
) -> FrontMatter:
    by_name = {str(key).lower(): key for key in reversed(list(data))}
    meta = SourceMeta()
    problems: list[Problem] = []
    used: set[str] = set()

    def first(field_name: str) -> tuple[str, Any] | None:
        for name in FIELDS[field_name]:
            key = by_name.get(name)
            if key is not None and data[key] is not None and data[key] != "":
                return key, data[key]
        return None

    def fail(key: str, message: str) -> None:
        problems.append(Problem(message, path, *positions(key)))

    for name in ("title", "short_title", "summary"):
        found = first(name)
        if found is not None:
            key, value = found
            used.add(key)
            text = _text(value)
            if text is None:
                fail(key, f"{key!r} must be text, not {_kind(value)}")
            else:
                setattr(meta, name, text)
    found = first("author")
    if found is not None:
        key, value = found
        used.add(key)
        author = _author(value)
        if author is None:
            fail(key, f"{key!r} must be a name or a list of names, not {_kind(value)}")
        else:
            meta.author = author
    for name in ("date", "updated"):
        found = first(name)
        if found is None or meta.date is not None:
            continue
        key, value = found
        used.add(key)
        try:
            day = parse_date(value)
        except DateError as exc:
            fail(key, f"{key!r}: {exc}")
            continue
        if day is None:
            fail(
                key,
                f"{key!r} must be a date such as 2020-08-31, 2011/08/03 20:00:00, "
                f"'August 3, 2011', 'March 1911' or 1911, not {_shown(value)}",
            )
        else:
            meta.date = day
    for name in FIELDS["url"]:  # the first full address: a permalink is often a site path
        key = by_name.get(name)
        value = data[key] if key is not None else None
        if key is None or value is None or meta.url is not None:
            continue
        if not isinstance(value, str):
            used.add(key)
            fail(key, f"{key!r} must be an address, not {_kind(value)}")
        elif re.match(r"https?://", value.strip()):
            used.add(key)
            meta.url = value.strip()
    for name in FIELDS["subjects"]:
        key = by_name.get(name)
        if key is None or data[key] is None:
            continue
        used.add(key)
        subjects = _subjects(data[key])
        if subjects is None:
            fail(key, f"{key!r} must be a list of words or a comma-separated line")
        else:
            meta.categories += [s for s in subjects if s not in meta.categories]
    found = first("language")
    if found is not None:
        key, value = found
        used.add(key)
        if not isinstance(value, str) or not _LANGUAGE.fullmatch(value.strip()):
            fail(key, f"{key!r} must be a language tag such as en or pt-BR, not {_shown(value)}")
        else:
            meta.language = value.strip().replace("_", "-")
    if problems:
        raise BookError(problems)
    unused = [str(key) for key in data if key not in used]
    # The date of a later edit is only a stand-in for a missing publication date.
    unused = [key for key in unused if key.lower() not in FIELDS["updated"]]
    return FrontMatter(meta, body, body_line, unused)


def _text(value: Any) -> str | None:
    if isinstance(value, (bool, dict, list)):
        return None
    if isinstance(value, (str, int, float, dt.date)):
        return " ".join(str(value).split()) or None
    return None


def _author(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("display_name"))
    if isinstance(value, list):
        names = [_author(item) for item in value]
        if not names or None in names:
            return None
        return ", ".join(name for name in names if name)
    return _text(value)


def _subjects(value: Any) -> list[str] | None:
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        items = [value]
    else:
        return None
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        text = _text(item)
        if text and text not in out:
            out.append(text)
    return out


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    return repr(value)


def _shown(value: Any) -> str:
    return repr(str(value)) if isinstance(value, (str, int, float)) else _kind(value)
