"""Markdown articles, with optional YAML front matter.

Python-Markdown renders the body; the result is parsed into the same lxml tree the other
readers produce, so cleanup and footnote handling do not care where an article came from.
Smart quotes are left to the ``typography`` cleanup rule because they depend on the volume's
language, which Python-Markdown's ``smarty`` does not know.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import BookError, Diagnostics, Problem
from .base import RawArticle, SourceMeta
from .limits import MAX_BRACKETS, too_deep_message
from .markdown_spans import BracketedSpans
from .sanitize import html_to_tree, sanitize_html, warn_removed
from .text import read_article_text

EXTENSIONS = [
    "footnotes",
    "tables",
    "attr_list",
    "sane_lists",
    "fenced_code",
    "def_list",
    BracketedSpans(),
]
FRONT_MATTER_KEYS = (
    "title",
    "author",
    "date",
    "url",
    "summary",
    "short_title",
    "categories",
    "tags",
    "keywords",
    "lang",
    "language",
)
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def read_markdown(path: Path, diagnostics: Diagnostics) -> RawArticle:
    """Read one Markdown article into a tree plus the metadata its front matter declares."""
    text = read_article_text(path, diagnostics)
    meta, body, body_line = split_front_matter(text, path)
    _check_brackets(body, path, body_line)
    try:
        html = markdown.markdown(body, extensions=EXTENSIONS, output_format="xhtml")
    except RecursionError:
        # Python-Markdown parses nested lists and blockquotes recursively.
        raise BookError(too_deep_message(), path) from None
    warn_removed(html, path, diagnostics, text)
    root = html_to_tree(sanitize_html(html))
    return RawArticle(
        source=path, root=root, meta=meta, body_line=body_line, text=text, text_line=1
    )


def _check_brackets(body: str, path: Path, body_line: int) -> None:
    """Refuse a paragraph flooded with ``[``: Python-Markdown looks for the end of a link from
    every one of them, so a few thousand in one paragraph take minutes to render."""
    if body.count("[") <= MAX_BRACKETS:
        return
    start = 0
    for separator in [*_BLANK_LINE.finditer(body), None]:
        end = separator.start() if separator is not None else len(body)
        count = body.count("[", start, end)
        if count > MAX_BRACKETS:
            raise BookError(
                Problem(
                    f"a paragraph holds {count} '[' characters (the limit is {MAX_BRACKETS}); "
                    "Markdown cannot render that many in reasonable time, so the file is "
                    "probably broken",
                    path,
                    body_line + body.count("\n", 0, start),
                    1,
                )
            )
        if separator is not None:
            start = separator.end()


def split_front_matter(text: str, path: Path) -> tuple[SourceMeta, str, int]:
    """Separate a leading ``---`` YAML block from the body and validate its keys."""
    if not text.startswith("---"):
        return SourceMeta(), text, 1
    first_line_end = text.find("\n")
    if first_line_end < 0 or text[:first_line_end].strip() != "---":
        return SourceMeta(), text, 1
    closing = _FENCE.search(text, first_line_end + 1)
    if closing is None:
        raise BookError(Problem("front matter starts with '---' but is never closed", path, 1, 1))
    block = text[first_line_end + 1 : closing.start()]
    body = text[closing.end() :].lstrip("\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return _parse_front_matter(block, path), body, body_line


def _parse_front_matter(block: str, path: Path) -> SourceMeta:
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(block) if block.strip() else {}
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the opening ---
        col = mark.column + 1 if mark is not None else 0
        raise BookError(Problem(f"invalid front matter: {exc.problem}", path, line, col)) from exc
    except YAMLError as exc:
        raise BookError(Problem(f"invalid front matter: {exc}", path, 1)) from exc
    if data is None:
        return SourceMeta()
    if not isinstance(data, dict):
        raise BookError(Problem("front matter must be a mapping of keys to values", path, 2, 1))
    problems: list[Problem] = []
    meta = SourceMeta()
    for key, value in data.items():
        line, col = _position(data, key)
        if key not in FRONT_MATTER_KEYS:
            problems.append(
                Problem(
                    f"unknown front matter key {key!r} (known: {', '.join(FRONT_MATTER_KEYS)})",
                    path,
                    line,
                    col,
                )
            )
            continue
        if value is None:
            continue
        if key == "date":
            parsed = _parse_date(value)
            if parsed is None:
                problems.append(
                    Problem(
                        f"'date' must be a date like 2020-08-31, not {value!r}", path, line, col
                    )
                )
            meta.date = parsed
        elif key in ("categories", "tags", "keywords"):
            # All three name what the article is about; the EPUB lists them as subjects.
            words = value if isinstance(value, list) else str(value).split(",")
            meta.categories.extend(w for w in (str(v).strip() for v in words) if w)
        elif key in ("lang", "language"):
            meta.language = str(value).strip() or None
        elif isinstance(value, (dict, list)):
            problems.append(Problem(f"{key!r} must be text", path, line, col))
        else:
            setattr(meta, key, str(value).strip())
    if problems:
        raise BookError(problems)
    return meta


def _position(data: dict, key: object) -> tuple[int, int]:
    try:
        line, col = data.lc.key(key)  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return 0, 0
    return line + 2, col + 1


def _parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
