"""Option types: one small class per kind of value volume.yaml accepts.

Each option knows its type, default and documentation and checks a value itself, reporting
with the line and column it came from. The keys that use them are declared in
:mod:`compiler.config.schema`. What a value may be comes from the code that honours it: trims,
services and papers from the print services' table (:mod:`compiler.interior.services`), ISBN
check digits from :mod:`compiler.covers.barcode`, rule names from :mod:`compiler.cleanup`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import string
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from ..cleanup import RULE_NAMES
from ..covers.barcode import isbn13_check_digit
from ..errors import Problem
from ..interior import services as pod
from ..machinery.partial_dates import from_w3cdtf
from ..sources.limits import MAX_TITLE, PATTERN_TIMEOUT_S
from ..volume.model import (
    STYLE_ASSET_TYPES,
    CleanupSettings,
    Epigraph,
    Location,
    MatterText,
    SeriesVolume,
)

# --- Accepted values ------------------------------------------------------------------------

# Trim sizes the POD services all offer (pod.TRIMS is the one table), as (width, height) in
# inches. Anything else must be written as a custom WxH size with its unit.
TRIM_SIZES: dict[str, tuple[float, float]] = {
    ("A5" if name == "a5" else name): size for name, size in pod.TRIMS.items()
}
TRIM_LIMITS_IN = (3.0, 12.0)  # smallest and largest side of a custom trim, in inches
POD_SERVICES: tuple[str, ...] = ("kdp", "ingramspark", "lulu", "generic")
PAPERS: tuple[str, ...] = ("white", "cream")
FONT_SIZE_LIMITS_PT = (8.0, 16.0)
LINE_HEIGHT_LIMITS = (1.0, 2.0)

_MM_PER_IN = 25.4
_TRIM_RE = re.compile(r"(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(in|mm)?")


def _parse_trim(text: str) -> tuple[str, float, float, str | None] | None:
    """Split a trim spelling into (normalised, width, height, unit) in its own unit.

    Normalising forgives what people type ("6 x 9 in", "6×9IN", "6.0x9.00in", "a5") so that
    equal sizes compare equal and presets are recognised whatever the spelling.
    """
    compact = text.strip().replace("×", "x").replace(" ", "").lower()
    if compact == "a5":
        return "A5", 148.0, 210.0, "mm"
    match = _TRIM_RE.fullmatch(compact)
    if not match:
        return None
    width, height, unit = float(match[1]), float(match[2]), match[3]
    return f"{width:g}x{height:g}{unit or ''}", width, height, unit


def trim_size(trim: str) -> tuple[float, float]:
    """(width, height) in inches of a trim as stored in :class:`PrintSettings`.

    Raises ValueError for a spelling the loader would not have accepted.
    """
    return pod.parse_trim(trim)


# RFC 5646 "langtag" (grandfathered and private-use-only tags are not accepted as a book's
# language: neither names a language a reader or a hyphenation dictionary knows).
_BCP47_RE = re.compile(
    r"""
    (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})   # 2-3 letters + extlang, or 4-8
    (?:-(?P<script>[a-z]{4}))?                               # Latn, Hant
    (?:-(?P<region>[a-z]{2}|[0-9]{3}))?                      # GB, 419
    (?P<variants>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)   # 1996, rozaj
    (?P<extensions>(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*)     # u-co-phonebk
    (?:-(?P<privateuse>x(?:-[a-z0-9]{1,8})+))?               # x-house-style
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _normalise_language(tag: str) -> str:
    """RFC 5646 section 2.1.1 casing: en-GB, zh-Hant-TW, de-CH-1996, en-x-private."""
    out: list[str] = []
    after_singleton = False
    for i, sub in enumerate(tag.lower().split("-")):
        if i and not after_singleton and len(sub) == 2:
            sub = sub.upper()
        elif i and not after_singleton and len(sub) == 4:
            sub = sub.title()
        after_singleton = after_singleton or len(sub) == 1
        out.append(sub)
    return "-".join(out)


# --- Errors while checking ------------------------------------------------------------------

Pos = tuple[int, int]  # 1-based line and column in the volume file


class Invalid(Exception):
    """A value is wrong. Raised by an option's check; the caller knows where the value is."""

    def __init__(self, message: str, pos: Pos | None = None) -> None:
        super().__init__(message)
        self.pos = pos


class _Reported(Exception):
    """A compound value had problems that are already recorded; it has no usable value."""


@dataclass
class _Context:
    """What checks need besides the value: where to report, and the volume folder."""

    display: str  # the volume path as the user gave it, for Problem.file
    root: Path  # the volume folder, resolved
    problems: list[Problem] = field(default_factory=list)
    seen_articles: dict[tuple[Path, str | None], Pos] = field(default_factory=dict)

    def error(self, message: str, pos: Pos) -> None:
        self.problems.append(Problem(message, self.display, pos[0], pos[1]))

    def location(self, pos: Pos) -> Location:
        return Location(Path(self.display), pos[0], pos[1])


@dataclass(frozen=True)
class _Field:
    """A value from the YAML tree with the name to use in messages and where it stands."""

    name: str  # "title", "print.trim", "isbn.epub"
    value: Any
    pos: Pos


def _line_col(node: Any, fallback: Pos, *how: Any) -> Pos:
    """1-based position of a key (``how = ("key", k)``), value or item; ruamel counts from 0.

    Keys pulled in by YAML merge keys (``<<:``) and plain containers have no position of
    their own; the enclosing mapping's position is then the best pointer there is.
    """
    lc = getattr(node, "lc", None)
    if lc is None:
        return fallback
    try:
        if not how:
            line, col = lc.line, lc.col
        else:
            kind, key = how
            line, col = getattr(lc, kind)(key)
    except (KeyError, IndexError, TypeError):
        return fallback
    return line + 1, col + 1


def _closest(word: str, choices: Any) -> str | None:
    """The choice ``word`` was most likely meant to be, ignoring case, if any is close."""
    lowered = {str(c).lower(): str(c) for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _did_you_mean(word: str, choices: Any) -> str:
    close = _closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def _describe(value: Any) -> str:
    """How a wrong value is named in messages: by its YAML type, plus the value if short."""
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else "a long string"
    return type(value).__name__


def _wrong_type(name: str, expected: str, value: Any) -> Invalid:
    message = f"'{name}' must be {expected}, not {_describe(value)}"
    if expected == "a string" and isinstance(value, int | float | dt.date):
        message += "; put it in quotes to keep it as text"
    return Invalid(message)


def _text(value: Any, name: str) -> str:
    """A non-blank string, stripped. YAML block scalars arrive as str subclasses."""
    if not isinstance(value, str):
        raise _wrong_type(name, "a string", value)
    text = str(value).strip()
    if not text:
        raise Invalid(f"'{name}' is empty")
    control = _CONTROL.search(text)
    if control:
        # XML (the EPUB, the PDF's metadata) cannot hold them; they come from a bad paste.
        raise Invalid(
            f"'{name}' holds the control character U+{ord(control.group()):04X}, which no "
            "book can show; delete it (it is usually invisible in the editor)"
        )
    return text


# Characters XML 1.0 refuses: C0 controls but tab and line breaks, surrogates, U+FFFE/FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --- Option types ---------------------------------------------------------------------------


class Option:
    """One key of volume.yaml: what it accepts, its default, and what it is for.

    ``check`` turns a YAML value into the validated Python value or raises :class:`Invalid`
    with a message that names the key. ``None`` never reaches it: a key with no value is
    reported by the mapping walker, since "has no value" reads better than a type error.
    """

    kind = "value"  # the type as the reference table shows it

    def __init__(
        self, doc: str, *, default: Any = None, required: bool = False, default_doc: str = ""
    ) -> None:
        self.doc = doc
        self.default = default
        self.required = required
        self.default_doc = default_doc

    def check(self, f: _Field, ctx: _Context) -> Any:
        raise NotImplementedError

    def default_text(self) -> str:
        if self.default_doc:
            return self.default_doc
        if self.required:
            return "required"
        if self.default is None:
            return "—"
        if isinstance(self.default, bool):
            return f"`{'true' if self.default else 'false'}`"
        return f"`{self.default}`"

    def reference_rows(self, name: str) -> Iterator[tuple[str, str, str, str]]:
        yield name, self.kind, self.default_text(), self.doc


class Text(Option):
    """A string; ``limit`` caps its length where it is set on a line of the page (titles,
    names), so a runaway value is refused here, not measured for minutes in running heads."""

    kind = "string"

    def __init__(self, doc: str, *, limit: int | None = None, **kw: Any) -> None:
        super().__init__(doc, **kw)
        self.limit = limit

    def check(self, f: _Field, ctx: _Context) -> str:
        return _limited(_text(f.value, f.name), f.name, self.limit)


def _limited(text: str, name: str, limit: int | None) -> str:
    if limit is not None and len(text) > limit:
        raise Invalid(
            f"'{name}' is {len(text)} characters long (the limit is {limit}); shorten it "
            "(a title or a name is set on one line of the page)"
        )
    return text


PROVENANCE_FIELDS = ("date", "site", "url")
CROSS_REFERENCE_FIELDS = ("page",)
PRINT_LINKS = ("footnotes", "endnotes", "inline", "none")


class Template(Option):
    """A line of text with ``{placeholders}`` filled in per chapter."""

    kind = "template string"

    def __init__(self, doc: str, fields: tuple[str, ...], **kw: Any) -> None:
        super().__init__(doc, **kw)
        self.fields = fields

    def check(self, f: _Field, ctx: _Context) -> str:
        text = _text(f.value, f.name)
        try:
            fields = [(n, spec, conv) for _, n, spec, conv in string.Formatter().parse(text) if n]
        except ValueError as e:
            raise Invalid(f"'{f.name}': {e} (write literal braces as {{{{ and }}}})") from None
        names = [name for name, _, _ in fields]
        for name, spec, conversion in fields:
            # A format spec pads or converts (``{date:>5000000}``, ``{date:d}``): the values
            # are finished text, so nothing here needs one, and some would fail or flood.
            if spec or conversion:
                found = name + (f"!{conversion}" if conversion else "")
                found += f":{spec}" if spec else ""
                raise Invalid(f"'{f.name}': write {{{name}}} without a format (found {{{found}}})")
        for name in names:
            if name not in self.fields:
                raise Invalid(
                    f"'{f.name}': unknown placeholder {{{name}}} (use "
                    + ", ".join(f"{{{n}}}" for n in self.fields)
                    + ")"
                    + _did_you_mean(name, self.fields)
                )
        return text


class TextList(Option):
    kind = "list of strings"

    def __init__(self, doc: str, *, limit: int | None = None, **kw: Any) -> None:
        super().__init__(doc, **kw)
        self.limit = limit

    def check(self, f: _Field, ctx: _Context) -> tuple[str, ...]:
        if not isinstance(f.value, list):
            raise _wrong_type(f.name, "a list of strings", f.value)
        if not f.value:
            raise Invalid(f"'{f.name}' is an empty list")
        out: list[str] = []
        for i, item in enumerate(f.value):
            try:
                name = f"{f.name}[{i + 1}]"
                out.append(_limited(_text(item, name), name, self.limit))
            except Invalid as e:
                ctx.error(str(e), _line_col(f.value, f.pos, "item", i))
        if len(out) < len(f.value):
            raise _Reported
        return tuple(out)


class Language(Option):
    kind = "BCP 47 language tag"

    def check(self, f: _Field, ctx: _Context) -> str:
        tag = _text(f.value, f.name)
        if "_" in tag:
            raise Invalid(
                f"'{f.name}': '{tag}' is not a BCP 47 tag; use hyphens: '{tag.replace('_', '-')}'"
            )
        if tag.lower().startswith("x-"):
            raise Invalid(
                f"'{f.name}': a private-use tag ('{tag}') cannot be the book's language; "
                f"start with a real language, e.g. 'en-{tag}'"
            )
        match = _BCP47_RE.fullmatch(tag)
        if not match:
            raise Invalid(
                f"'{f.name}': '{tag}' is not a valid BCP 47 language tag "
                "(examples: en, en-GB, fr, de-CH, zh-Hant-TW, sr-Latn-RS)"
            )
        if len(match["language"].split("-")[0]) >= 4:
            raise Invalid(
                f"'{f.name}': '{tag}' is not a language code; use the 2- or 3-letter "
                "ISO 639 code, e.g. 'en' for English, 'de' for German"
            )
        variants = match["variants"].lower().split("-")[1:]
        singletons = [s for s in match["extensions"].lower().split("-") if len(s) == 1]
        for kind, subtags in (("variant", variants), ("extension", singletons)):
            repeated = sorted({s for s in subtags if subtags.count(s) > 1})
            if repeated:
                raise Invalid(f"'{f.name}': '{tag}' repeats the {kind} '{repeated[0]}'")
        return _normalise_language(tag)


_DATE_RE = re.compile(r"\d{4}(?:-\d{2}){0,2}")
_DATE_TIME_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d")


class Date(Option):
    """A day, or only a month or a year: an old essay or a copyright line often has no more.

    Written as W3CDTF (``2026-11-30``, ``1911-03``, ``1911``), the form EPUB metadata takes;
    YAML reads an unquoted year as a number.
    """

    kind = "date (YYYY-MM-DD, YYYY-MM or YYYY)"

    def check(self, f: _Field, ctx: _Context) -> dt.date:
        value = f.value
        if isinstance(value, dt.datetime) or (
            isinstance(value, str) and _DATE_TIME_RE.match(value.strip())
        ):
            raise Invalid(f"'{f.name}' must be a date (YYYY-MM-DD) without a time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
            value = f"{value:04d}"
        if isinstance(value, str) and _DATE_RE.fullmatch(value.strip()):
            try:
                return from_w3cdtf(value.strip())
            except ValueError as e:
                raise Invalid(f"'{f.name}': {value.strip()} is not a real date ({e})") from None
        raise _wrong_type(f.name, "a date written YYYY-MM-DD, YYYY-MM or YYYY", value)


def _isbn10_is_valid(digits: str) -> bool:
    values = [10 if c in "xX" else int(c) for c in digits]
    return sum(v * (10 - i) for i, v in enumerate(values)) % 11 == 0


_ISBN_CHARS_RE = re.compile(r"[0-9Xx]+(?:[- ][0-9Xx]+)*")


def _isbn_digits(isbn: str) -> str:
    """The bare 13 digits: how ISBNs are compared and written into metadata."""
    return re.sub(r"[- ]", "", isbn)


class Isbn13(Option):
    kind = "ISBN-13"

    def check(self, f: _Field, ctx: _Context) -> str:
        value = f.value
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML reads unquoted digits as a number and drops leading zeros, which only
            # an ISBN-10 can have: put them back so the message can name the real ISBN.
            value = str(value).zfill(10)
        text = _text(value, f.name)
        compact = _isbn_digits(text)
        if not _ISBN_CHARS_RE.fullmatch(text) or not re.fullmatch(r"\d{13}|\d{9}[\dXx]", compact):
            raise Invalid(f"'{f.name}': '{text}' is not an ISBN-13 (13 digits, hyphens allowed)")
        if len(compact) == 10:
            if not _isbn10_is_valid(compact):
                raise Invalid(
                    f"'{f.name}': '{text}' looks like an ISBN-10 but its check digit is wrong"
                )
            body = "978" + compact[:9]
            suggestion = ("978-" + text[:-1] if "-" in text else body) + str(
                isbn13_check_digit(body)
            )
            raise Invalid(
                f"'{f.name}': '{text}' is an ISBN-10; use its ISBN-13 form '{suggestion}'"
            )
        if compact[:3] not in ("978", "979"):
            raise Invalid(f"'{f.name}': '{text}' is not an ISBN-13 (it must start with 978 or 979)")
        expected = isbn13_check_digit(compact[:12])
        if compact[12] != expected:
            raise Invalid(
                f"'{f.name}': the check digit of '{text}' is wrong (expected {expected}); "
                "look for a mistyped digit"
            )
        return text.replace(" ", "-")


class PositiveInt(Option):
    kind = "positive integer"

    def check(self, f: _Field, ctx: _Context) -> int:
        value = f.value
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong_type(f.name, "a whole number", value)
        if value < 1:
            raise Invalid(f"'{f.name}' must be 1 or more, not {value}")
        return int(value)


class Choice(Option):
    """One of a fixed set of words, matched without regard to case."""

    def __init__(self, doc: str, choices: tuple[str, ...], **kw: Any) -> None:
        super().__init__(doc, **kw)
        self.choices = choices
        self.kind = "one of " + ", ".join(f"`{c}`" for c in choices)

    def check(self, f: _Field, ctx: _Context) -> str:
        accepted = ", ".join(self.choices)
        if not isinstance(f.value, str):
            raise _wrong_type(f.name, f"one of {accepted}", f.value)
        word = f.value.strip().lower()
        if word not in self.choices:
            raise Invalid(
                f"'{f.name}' must be one of {accepted}, not '{f.value.strip()}'"
                + _did_you_mean(word, self.choices)
            )
        return word


# Office paper names people try as trims, and what to write instead.
_PAPER_NAMES = {
    "letter": "US Letter is 8.5x11in",
    "usletter": "US Letter is 8.5x11in",
    "a4": "A4 is 210x297mm",
}


class Trim(Option):
    kind = "trim size"

    def check(self, f: _Field, ctx: _Context) -> str:
        presets = ", ".join(TRIM_SIZES)
        accepted = f"one of {presets}, or a custom size such as 150x230mm or 5.5x8.25in"
        if not isinstance(f.value, str):
            raise _wrong_type(f.name, accepted, f.value)
        parsed = _parse_trim(f.value)
        if parsed is None:
            named = _PAPER_NAMES.get(re.sub(r"[\s_-]", "", f.value.lower()))
            hint = f" ({named})" if named else ""
            raise Invalid(f"'{f.name}' must be {accepted}, not '{f.value.strip()}'{hint}")
        normal, width, height, unit = parsed
        if unit is None and normal + "in" in TRIM_SIZES:
            return normal + "in"  # "6x9": every preset without a unit is in inches
        if unit is None:
            raise Invalid(
                f"'{f.name}': '{f.value.strip()}' needs a unit: '{normal}in' or '{normal}mm'"
            )
        if normal in TRIM_SIZES:
            return normal
        low, high = TRIM_LIMITS_IN
        scale = 1 / _MM_PER_IN if unit == "mm" else 1.0
        if not all(low <= side * scale <= high for side in (width, height)):
            raise Invalid(
                f"'{f.name}': {normal} is outside the printable range "
                f"({low:g} to {high:g} inches, {low * _MM_PER_IN:g} to "
                f"{high * _MM_PER_IN:g} mm, per side)"
            )
        return normal


class Flag(Option):
    kind = "boolean"

    def check(self, f: _Field, ctx: _Context) -> bool:
        if not isinstance(f.value, bool):
            raise _wrong_type(f.name, "true or false", f.value)
        return f.value


_FONT_SIZE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z%]*)")


class FontSize(Option):
    kind = "length in pt"

    def check(self, f: _Field, ctx: _Context) -> str:
        low, high = FONT_SIZE_LIMITS_PT
        if isinstance(f.value, int | float) and not isinstance(f.value, bool):
            raise Invalid(f"'{f.name}' needs a unit: write {f.value:g}pt")
        if not isinstance(f.value, str):
            raise _wrong_type(f.name, "a size in points such as 11pt", f.value)
        text = f.value.strip()
        match = _FONT_SIZE_RE.fullmatch(text.lower())
        if not match:
            raise Invalid(f"'{f.name}' must be a size in points such as 11pt, not '{text}'")
        if match[2] != "pt":
            raise Invalid(
                f"'{f.name}' must be in points (pt), the unit printers work in, not '{text}'"
            )
        size = float(match[1])
        if not low <= size <= high:
            raise Invalid(f"'{f.name}' must be between {low:g}pt and {high:g}pt, not {size:g}pt")
        return f"{size:g}pt"


class Number(Option):
    kind = "number"

    def __init__(self, doc: str, low: float, high: float, **kw: Any) -> None:
        super().__init__(doc, **kw)
        self.low, self.high = low, high
        self.kind = f"number ({low:g} to {high:g})"

    def check(self, f: _Field, ctx: _Context) -> float:
        if isinstance(f.value, bool) or not isinstance(f.value, int | float):
            raise _wrong_type(f.name, "a number", f.value)
        if not self.low <= f.value <= self.high:
            raise Invalid(
                f"'{f.name}' must be between {self.low:g} and {self.high:g}, not {f.value:g}"
            )
        return float(f.value)


class Url(Option):
    kind = "URL"

    def check(self, f: _Field, ctx: _Context) -> str:
        text = _text(f.value, f.name)
        parts = urllib.parse.urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            raise Invalid(f"'{f.name}' must be a web address starting http:// or https://")
        return text


class PostId(Option):
    kind = "slug or ID"

    def check(self, f: _Field, ctx: _Context) -> str:
        if isinstance(f.value, int) and not isinstance(f.value, bool):
            if f.value < 1:
                raise Invalid(f"'{f.name}': a post ID is 1 or more, not {f.value}")
            return str(f.value)
        return _text(f.value, f.name)


def _volume_file(text: str, ctx: _Context) -> Path:
    """Resolve a path written in the volume to a regular file inside the volume folder.

    Checked lexically first (absolute, ``..``) so the message says what the user wrote
    wrong, then after resolving symlinks, because a link can lead out of the folder too.
    """
    given = Path(text)
    if given.is_absolute() or text.startswith("~") or re.match(r"[A-Za-z]:[\\/]", text):
        raise Invalid(f"'{text}' is an absolute path; write it relative to the volume folder")
    if os.path.normpath(text).split(os.sep)[0] == os.pardir:
        raise Invalid(f"'{text}' leads outside the volume folder")
    full = ctx.root / given
    try:
        if not full.exists():
            if full.is_symlink():
                raise Invalid(f"'{text}' is a broken symlink")
            raise Invalid(f"file not found: '{text}'" + _sibling_hint(given, ctx.root))
        resolved = full.resolve()
        if not resolved.is_relative_to(ctx.root):
            raise Invalid(
                f"'{text}' leads through a symlink to '{resolved}', outside the volume folder"
            )
        if resolved.is_dir():
            raise Invalid(f"'{text}' is a folder, not a file")
        if not resolved.is_file():
            raise Invalid(f"'{text}' is not a regular file")
    except (OSError, RuntimeError) as e:  # permissions, symlink loops
        raise Invalid(f"cannot use '{text}': {getattr(e, 'strerror', None) or e}") from None
    return resolved


def _sibling_hint(given: Path, root: Path) -> str:
    """A did-you-mean among the files next to where the missing one was expected."""
    folder = root / given.parent
    try:
        names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    except OSError:
        return ""
    close = _closest(given.name, [n for n in names if _same_numbers(given.name, n)])
    return f" (did you mean '{(given.parent / close).as_posix()}'?)" if close else ""


def _same_numbers(wanted: str, candidate: str) -> bool:
    """Whether two file names carry the same digits, allowing them in another order.

    Numbered essays differ only in their numbers ("federalist-47.md", "federalist-70.md"):
    another number names another essay, not a typo, while swapped digits (47 for 74) are.
    """
    return sorted(re.findall(r"\d", wanted)) == sorted(re.findall(r"\d", candidate))


class VolumePath(Option):
    kind = "path"

    def check(self, f: _Field, ctx: _Context) -> Path:
        return _volume_file(_text(f.value, f.name), ctx)


class VolumeFolder(Option):
    """A folder inside the volume folder (``.`` is the volume folder itself)."""

    kind = "folder"

    def check(self, f: _Field, ctx: _Context) -> Path:
        text = _text(f.value, f.name)
        given = Path(text)
        if given.is_absolute() or text.startswith("~"):
            raise Invalid(f"'{text}' is an absolute path; write it relative to the volume folder")
        full = (ctx.root / given).resolve()
        if not full.is_relative_to(ctx.root):
            raise Invalid(f"'{text}' leads outside the volume folder")
        if not full.is_dir():
            raise Invalid(f"folder not found: '{text}'")
        return full


# What a section file may be (the readers in sources/ take these), and what a picture may be:
# JPEG and PNG are what every ebook store, EPUB reader and printer accepts.
MATTER_SUFFIXES = (".md", ".markdown", ".mdown", ".txt", ".html", ".htm", ".xhtml")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


def _typed_file(text: str, name: str, suffixes: tuple[str, ...], what: str, ctx: _Context) -> Path:
    path = _volume_file(text, ctx)
    if path.suffix.lower() not in suffixes:
        raise Invalid(f"'{name}': '{text}' is not {what} (use " + ", ".join(suffixes) + ")")
    return path


class MatterFile(Option):
    kind = "path (Markdown or HTML)"

    def check(self, f: _Field, ctx: _Context) -> Path:
        return _typed_file(_text(f.value, f.name), f.name, MATTER_SUFFIXES, "Markdown or HTML", ctx)


class Image(Option):
    kind = "path (JPEG or PNG)"

    def check(self, f: _Field, ctx: _Context) -> Path:
        return _typed_file(
            _text(f.value, f.name), f.name, IMAGE_SUFFIXES, "a JPEG or PNG image", ctx
        )


class Stylesheets(Option):
    """``styles``: CSS files in the volume folder, checked now so a typo is a located error
    rather than a rule WeasyPrint and the EPUB readers silently skip."""

    kind = "path or list of paths (CSS)"

    def check(self, f: _Field, ctx: _Context) -> tuple[Path, ...]:
        items = [f.value] if isinstance(f.value, str) else f.value
        if not isinstance(items, list) or not items:
            raise _wrong_type(f.name, "a CSS file or a list of them", f.value)
        out: list[Path] = []
        ok = True
        for i, item in enumerate(items):
            pos = _line_col(f.value, f.pos, "item", i) if isinstance(f.value, list) else f.pos
            try:
                name = f"{f.name}[{i + 1}]" if isinstance(f.value, list) else f.name
                path = _typed_file(_text(item, name), name, (".css",), "a CSS file", ctx)
            except Invalid as e:
                ctx.error(str(e), e.pos or pos)
                ok = False
                continue
            shown = str(Path(ctx.display).parent / str(item).strip())
            problems = css_problems(path, ctx.root, shown)
            ctx.problems.extend(problems)
            ok = ok and not problems
            out.append(path)
        if not ok:
            raise _Reported
        return tuple(out)


def css_problems(path: Path, root: Path, display: str) -> list[Problem]:
    """Syntax errors in a volume's stylesheet, and ``url()`` references that lead outside the
    volume folder or to no file, each at its line and column in the CSS file."""
    import tinycss2

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return [Problem(f"not UTF-8 text (byte {e.start}); save the stylesheet as UTF-8", display)]
    problems: list[Problem] = []

    def report(node: Any, message: str) -> None:
        problems.append(Problem(message, display, node.source_line, node.source_column))

    def walk(nodes: list[Any]) -> None:
        for node in nodes:
            if node.type == "error":
                report(node, f"CSS syntax error: {node.message}")
            elif node.type == "url" or (
                node.type == "function" and node.lower_name == "url" and node.arguments
            ):
                _check_css_url(node, path, root, report)
            for attr in ("prelude", "content", "arguments"):
                inner = getattr(node, attr, None)
                if isinstance(inner, list):
                    walk(inner)

    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    walk(rules)
    for rule in rules:
        if rule.type in ("qualified-rule", "at-rule") and rule.content is not None:
            declarations = tinycss2.parse_blocks_contents(
                rule.content, skip_comments=True, skip_whitespace=True
            )
            walk([d for d in declarations if d.type == "error"])
    return problems


def _check_css_url(node: Any, css: Path, root: Path, report: Callable[[Any, str], None]) -> None:
    if node.type == "url":
        target = node.value
    else:
        strings = [a for a in node.arguments if a.type == "string"]
        if not strings:
            return
        target = strings[0].value
    parts = urllib.parse.urlsplit(target)
    if parts.scheme == "data":
        return
    if parts.scheme or parts.netloc or target.startswith("/"):
        report(
            node,
            f"url({target}) is not a file in the volume folder; the build reads no "
            "other (give a path relative to the stylesheet)",
        )
        return
    full = (css.parent / urllib.parse.unquote(parts.path)).resolve()
    if not full.is_relative_to(root):
        report(node, f"url({target}) leads outside the volume folder")
    elif not full.is_file():
        report(node, f"url({target}): file not found")
    elif full.suffix.lower() not in STYLE_ASSET_TYPES:
        accepted = ", ".join(STYLE_ASSET_TYPES)
        report(node, f"url({target}) is neither a font nor an image (use {accepted})")


def _names_a_file(text: str) -> bool:
    """A one-line value ending in a section file's suffix is a path; anything else is text."""
    return "\n" not in text and text.lower().endswith(MATTER_SUFFIXES)


# Keys a matter mapping may take besides text/file, by name; each Matter picks its own.
_MATTER_EXTRAS: dict[str, Option] = {
    "title": Text("Heading, instead of the section's usual one.", limit=MAX_TITLE),
    "author": Text("Who signed it, printed under the text.", limit=MAX_TITLE),
    "photo": Image("Portrait of the author (JPEG or PNG)."),
}


class Matter(Option):
    """A front or back matter section: inline Markdown, a file, or a mapping with more.

    A string is a file when it is one line ending in a Markdown or HTML suffix, so both
    ``dedication: To the memory of Edward MacDowell`` and ``foreword: matter/foreword.md``
    read as meant.
    """

    kind = "text, path or mapping"

    def __init__(self, doc: str, *extras: str, **kw: Any) -> None:
        super().__init__(doc, **kw)
        self.keys: dict[str, Option] = {
            "text": Text("The text itself (Markdown)."),
            "file": MatterFile("A Markdown or HTML file holding the text."),
            **{key: _MATTER_EXTRAS[key] for key in extras},
        }

    def check(self, f: _Field, ctx: _Context) -> MatterText:
        if isinstance(f.value, str):
            text = _text(f.value, f.name)
            if _names_a_file(text):
                return MatterText(file=MatterFile("").check(f, ctx))
            return MatterText(text=text)
        if not isinstance(f.value, dict):
            raise _wrong_type(f.name, "text, a file path or a mapping", f.value)
        checked = _check_mapping(f.value, self.keys, f.name + ".", ctx, f.pos)
        if not checked.ok:
            raise _Reported
        v = checked.values
        if v["text"] is None and v["file"] is None:
            raise Invalid(f"'{f.name}' needs 'text' or 'file'", f.pos)
        if v["text"] is not None and v["file"] is not None:
            raise Invalid(f"'{f.name}' takes 'text' or 'file', not both", checked.key_pos["file"])
        return MatterText(**v)

    def reference_rows(self, name: str) -> Iterator[tuple[str, str, str, str]]:
        yield from super().reference_rows(name)
        for key, option in self.keys.items():
            if key not in ("text", "file"):
                yield from option.reference_rows(f"{name}.{key}")


EPIGRAPH_KEYS: dict[str, Option] = {
    "text": Text("The quotation (Markdown).", required=True),
    "source": Text("Who said it, and where (Markdown: `James Madison, *The Federalist*`)."),
}


class Epigraphs(Option):
    kind = "mapping or list of mappings"

    def check(self, f: _Field, ctx: _Context) -> tuple[Epigraph, ...]:
        items = f.value if isinstance(f.value, list) else [f.value]
        if not items:
            raise Invalid(f"'{f.name}' is an empty list")
        out: list[Epigraph] = []
        for i, item in enumerate(items):
            pos = _line_col(f.value, f.pos, "item", i) if isinstance(f.value, list) else f.pos
            name = f"{f.name}[{i + 1}]" if isinstance(f.value, list) else f.name
            if not isinstance(item, dict):
                ctx.error(
                    f"'{name}' must be a mapping with 'text' and 'source', not {_describe(item)}",
                    pos,
                )
                continue
            checked = _check_mapping(item, EPIGRAPH_KEYS, name + ".", ctx, pos)
            if checked.ok:
                out.append(Epigraph(**checked.values))
        if len(out) < len(items):
            raise _Reported
        return tuple(out)

    def reference_rows(self, name: str) -> Iterator[tuple[str, str, str, str]]:
        yield from super().reference_rows(name)
        for key, option in EPIGRAPH_KEYS.items():
            yield from option.reference_rows(f"{name}.{key}")


_PRICE_RE = re.compile(r"\$?\s*(\d{1,2})(?:\.(\d{2}))?")


class Price(Option):
    """A US dollar list price, as the EAN-5 add-on of the barcode encodes it (up to 99.99)."""

    kind = "price in US dollars"

    def check(self, f: _Field, ctx: _Context) -> str:
        value = f.value
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise _wrong_type(f.name, "a price such as 14.99", value)
        text = f"{value:.2f}" if isinstance(value, float) else str(value).strip()
        if isinstance(value, float) and abs(round(value, 2) - value) > 1e-9:
            raise Invalid(f"'{f.name}': {value} has more than two decimals")
        match = _PRICE_RE.fullmatch(text)
        if not match:
            raise Invalid(
                f"'{f.name}' must be a US dollar price from 0.01 to 99.99 such as 14.99, "
                f"not '{text}'"
            )
        price = f"{int(match[1])}.{match[2] or '00'}"
        if price == "0.00":
            raise Invalid(f"'{f.name}' must be more than 0")
        return price


SERIES_VOLUME_KEYS: dict[str, Option] = {
    "title": Text("Title of the volume.", required=True),
    "subtitle": Text("Its subtitle."),
    "number": PositiveInt("Its number in the series."),
    "isbn": Isbn13("Its ISBN, for readers and booksellers to order it."),
    "url": Url("Where to find it; a link in the EPUB."),
}


class SeriesVolumes(Option):
    kind = "list of mappings"

    def check(self, f: _Field, ctx: _Context) -> tuple[SeriesVolume, ...]:
        if not isinstance(f.value, list):
            raise _wrong_type(f.name, "a list of volumes", f.value)
        if not f.value:
            raise Invalid(f"'{f.name}' is an empty list")
        out: list[SeriesVolume] = []
        numbers: dict[int, int] = {}
        ok = True
        for i, item in enumerate(f.value):
            pos = _line_col(f.value, f.pos, "item", i)
            name = f"{f.name}[{i + 1}]"
            if not isinstance(item, dict):
                ctx.error(f"'{name}' must be a mapping with 'title', not {_describe(item)}", pos)
                ok = False
                continue
            checked = _check_mapping(item, SERIES_VOLUME_KEYS, name + ".", ctx, pos)
            if not checked.ok:
                ok = False
                continue
            volume = SeriesVolume(**checked.values)
            if volume.number is not None and volume.number in numbers:
                ctx.error(
                    f"'{name}': number {volume.number} is already taken by volume "
                    f"{numbers[volume.number]} of the list",
                    checked.key_pos["number"],
                )
                ok = False
                continue
            if volume.number is not None:
                numbers[volume.number] = i + 1
            out.append(volume)
        if not ok:
            raise _Reported
        return tuple(out)

    def reference_rows(self, name: str) -> Iterator[tuple[str, str, str, str]]:
        yield from super().reference_rows(name)
        for key, option in SERIES_VOLUME_KEYS.items():
            yield from option.reference_rows(f"{name}[].{key}")


# --- Mappings -------------------------------------------------------------------------------


@dataclass
class _Checked:
    """A mapping after checking: valid values (defaults filled in) and where each key was."""

    values: dict[str, Any]
    key_pos: dict[str, Pos]
    pos: Pos
    ok: bool


def _check_mapping(
    node: dict[Any, Any],
    keys: Mapping[str, Option],
    prefix: str,
    ctx: _Context,
    pos: Pos,
    label: str = "",
) -> _Checked:
    """Check every key of ``node`` against ``keys``, recording all problems in ``ctx``.

    ``prefix`` ("print.") makes nested keys read as the user would look them up; ``label``
    says which mapping a missing key belongs in when there is no key name to say it.
    """
    values: dict[str, Any] = {}
    key_pos: dict[str, Pos] = {}
    misspelt: set[str] = set()  # keys an unknown key was probably meant to be
    ok = True
    for key, raw in node.items():
        kp = _line_col(node, pos, "key", key)
        if not isinstance(key, str):
            ctx.error(f"keys must be names, not {_describe(key)}", kp)
            ok = False
            continue
        name = prefix + key
        if key not in keys:
            ctx.error(_unknown_key(key, keys, prefix), kp)
            misspelt.add(_closest(key, keys) or "")
            ok = False
            continue
        key_pos[key] = kp
        if raw is None:
            ctx.error(f"'{name}' has no value; give one or remove the key", kp)
            ok = False
            continue
        vp = _line_col(node, kp, "value", key)
        try:
            values[key] = keys[key].check(_Field(name, raw, vp), ctx)
        except Invalid as e:
            ctx.error(str(e), e.pos or vp)
            ok = False
        except _Reported:
            ok = False
    for key, option in keys.items():
        if key in key_pos:
            continue
        if option.required:
            if key not in misspelt:  # "did you mean 'title'?" already says it
                where = label or (f" in '{prefix[:-1]}'" if prefix else "")
                ctx.error(f"missing required key '{key}'{where}", pos)
            ok = False
        else:
            values[key] = option.default
    return _Checked(values, key_pos, pos, ok)


def _unknown_key(key: str, keys: Mapping[str, Option], prefix: str) -> str:
    message = f"unknown key '{key}'" + (f" in '{prefix[:-1]}'" if prefix else "")
    hint = _did_you_mean(key, keys)
    if hint:
        return message + hint
    if len(keys) <= 8:
        return message + " (expected " + ", ".join(f"'{k}'" for k in keys) + ")"
    return message


class SubConfig(Option):
    """A nested mapping with its own keys; ``make`` builds the dataclass from the values."""

    kind = "mapping"

    def __init__(
        self,
        doc: str,
        keys: Mapping[str, Option],
        make: Callable[[_Checked], Any],
        **kw: Any,
    ) -> None:
        super().__init__(doc, **kw)
        self.keys = keys
        self.make = make

    def check(self, f: _Field, ctx: _Context) -> Any:
        if not isinstance(f.value, dict):
            raise _wrong_type(f.name, "a mapping", f.value)
        checked = _check_mapping(f.value, self.keys, f.name + ".", ctx, f.pos)
        if not checked.ok:
            raise _Reported
        return self.make(checked)

    def default_text(self) -> str:
        return "see below" if not self.required else "required"

    def reference_rows(self, name: str) -> Iterator[tuple[str, str, str, str]]:
        yield from super().reference_rows(name)
        for key, option in self.keys.items():
            yield from option.reference_rows(f"{name}.{key}")


# --- cleanup --------------------------------------------------------------------------------


def _rule_names(f: _Field, ctx: _Context, *, list_form: bool) -> tuple[str, ...]:
    """Rule names from a YAML list, each checked; problems point at the item at fault."""
    if not isinstance(f.value, list):
        raise _wrong_type(f.name, "a list of cleanup rule names", f.value)
    names: list[str] = []
    ok = True
    for i, item in enumerate(f.value):
        pos = _line_col(f.value, f.pos, "item", i)
        problem = None
        if list_form and isinstance(item, dict) and "drop" in item:
            problem = (
                "a list of rule names cannot hold 'drop'; write cleanup as a mapping: "
                "{rules: [...], drop: [...]}"
            )
        elif not isinstance(item, str):
            problem = f"'{f.name}' must list rule names, not {_describe(item)}"
        elif item.strip() == "drop":
            problem = (
                "'drop' is not a rule name: it takes patterns; write cleanup as a mapping: "
                "{rules: [...], drop: [...]}"
            )
        elif item.strip() not in RULE_NAMES:
            hint = _did_you_mean(item.strip(), RULE_NAMES)
            problem = f"unknown cleanup rule '{item.strip()}'" + (
                hint or " (rules: " + ", ".join(RULE_NAMES) + ")"
            )
        elif item.strip() in names:
            problem = f"cleanup rule '{item.strip()}' is listed twice"
        else:
            names.append(item.strip())
        if problem:
            ctx.error(problem, pos)
            ok = False
    if not ok:
        raise _Reported
    return tuple(names)


class RuleSelection(Option):
    kind = "`auto` or list of rule names"

    def check(self, f: _Field, ctx: _Context) -> tuple[str, ...] | None:
        if isinstance(f.value, str) and f.value.strip().lower() == "auto":
            return None
        if isinstance(f.value, str):
            raise Invalid(f"'{f.name}' must be 'auto' or a list of rule names, not '{f.value}'")
        return _rule_names(f, ctx, list_form=False)


class RuleNames(Option):
    kind = "list of rule names"

    def check(self, f: _Field, ctx: _Context) -> tuple[str, ...]:
        return _rule_names(f, ctx, list_form=False)


# Texts with nothing in common: a drop pattern that finds all of them finds every paragraph.
_UNRELATED_TEXTS = ("x", "1788", "It is equally evident.")


class Patterns(Option):
    """Drop patterns, compiled as the cleanup engine compiles them (case-insensitive, with the
    ``regex`` engine so a search can be stopped after a time limit)."""

    kind = "list of regexes"

    def check(self, f: _Field, ctx: _Context) -> tuple[str, ...]:
        if not isinstance(f.value, list):
            raise _wrong_type(f.name, "a list of regular expressions", f.value)
        patterns: list[str] = []
        ok = True
        for i, item in enumerate(f.value):
            pos = _line_col(f.value, f.pos, "item", i)
            try:
                pattern = _text(item, f"{f.name}[{i + 1}]")
                re.compile(pattern)  # Python's syntax, and its messages, are the documented ones
                compiled = regex.compile(pattern, regex.IGNORECASE | regex.V0)
                if all(
                    compiled.search(sample, timeout=PATTERN_TIMEOUT_S)
                    for sample in _UNRELATED_TEXTS
                ):
                    raise Invalid(
                        f"'{pattern}' in '{f.name}' matches any text, so it would remove "
                        "every paragraph"
                    )
                patterns.append(pattern)
            except Invalid as e:
                ctx.error(str(e), pos)
                ok = False
            except (re.error, regex.error) as e:
                ctx.error(
                    f"'{item}' in '{f.name}' is not a valid regular expression: {e.msg}"
                    + (f" at position {e.pos}" if e.pos is not None else ""),
                    pos,
                )
                ok = False
            except TimeoutError:
                ctx.error(
                    f"'{item}' in '{f.name}' takes more than {PATTERN_TIMEOUT_S} s on a short "
                    "sentence (it backtracks catastrophically, as '(a+)+$' does); write it more "
                    "simply",
                    pos,
                )
                ok = False
        if not ok:
            raise _Reported
        return tuple(patterns)


def _in_rule_order(names: Any) -> tuple[str, ...]:
    return tuple(r for r in RULE_NAMES if r in names)


def _make_cleanup(c: _Checked) -> CleanupSettings:
    rules, exclude, drop = c.values["rules"], c.values["exclude"], c.values["drop"]
    if rules is not None and exclude:
        raise Invalid(
            "'exclude' only works with rules: auto; leave the names out of 'rules' instead",
            c.key_pos["exclude"],
        )
    chosen = RULE_NAMES if rules is None else rules
    return CleanupSettings(
        rules=_in_rule_order(set(chosen) - set(exclude or ())), drop=tuple(drop or ())
    )
