"""``index.terms``: the headings of the back-of-book index, checked as the indexer uses them.

Each entry is a term (a string), or a mapping with the term, its other spellings (``aliases``,
regular expressions), ``see``, ``see_also`` and ``subentries``. Aliases are compiled here with
the same engine, flags and time limit the indexer runs them with
(:mod:`compiler.book.indexing`), so a pattern that would find every word or never finish is
refused with its line and column before any article is read. ``see`` and ``see_also`` must
name another heading of the index: a cross-reference to nowhere is the commonest index error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import regex

from ..sources.limits import PATTERN_TIMEOUT_S
from ..volume.model import IndexTerm
from .options import (
    Invalid,
    Option,
    Pos,
    Text,
    _check_mapping,
    _Context,
    _describe,
    _Field,
    _line_col,
    _Reported,
    _text,
    _wrong_type,
)

# Texts with nothing in common: an alias that finds something in all of them finds any text.
_UNRELATED_TEXTS = ("x", "1788", "It is equally evident.")


def term_pattern(text: str) -> str:
    """The pattern that finds a heading's own wording: literally, spaces as any white space."""
    return r"\s+".join(re.escape(word) for word in text.split())


class Aliases(Option):
    """Other spellings of a term, as regular expressions (Python syntax, case-insensitive)."""

    kind = "list of regexes"

    def check(self, f: _Field, ctx: _Context) -> tuple[str, ...]:
        items = [f.value] if isinstance(f.value, str) else f.value
        if not isinstance(items, list):
            raise _wrong_type(f.name, "a list of regular expressions", f.value)
        patterns: list[str] = []
        ok = True
        for i, item in enumerate(items):
            pos = _line_col(f.value, f.pos, "item", i) if items is f.value else f.pos
            try:
                patterns.append(_alias(item, f"{f.name}[{i + 1}]"))
            except Invalid as e:
                ctx.error(str(e), pos)
                ok = False
        if not ok:
            raise _Reported
        return tuple(patterns)


def _alias(item: Any, name: str) -> str:
    pattern = _text(item, name)
    try:
        re.compile(pattern)  # Python's syntax, and its messages, are the documented ones
        compiled = regex.compile(pattern, regex.IGNORECASE | regex.V0)
        if compiled.fullmatch("", timeout=PATTERN_TIMEOUT_S) is not None or all(
            compiled.search(sample, timeout=PATTERN_TIMEOUT_S) for sample in _UNRELATED_TEXTS
        ):
            raise Invalid(f"'{pattern}' in '{name}' matches any text; it would index every word")
    except (re.error, regex.error) as e:
        where = f" at position {e.pos}" if e.pos is not None else ""
        raise Invalid(
            f"'{pattern}' in '{name}' is not a valid regular expression: {e.msg}{where}"
        ) from None
    except TimeoutError:
        raise Invalid(
            f"'{pattern}' in '{name}' takes more than {PATTERN_TIMEOUT_S} s on a short sentence "
            "(it backtracks catastrophically, as '(a+)+$' does); write it more simply"
        ) from None
    return pattern


class Names(Option):
    """``see_also``: one heading, or a list of them."""

    kind = "string or list of strings"

    def check(self, f: _Field, ctx: _Context) -> tuple[str, ...]:
        if isinstance(f.value, str):
            return (_text(f.value, f.name),)
        if not isinstance(f.value, list) or not f.value:
            raise _wrong_type(f.name, "a heading of the index or a list of them", f.value)
        return tuple(_text(item, f"{f.name}[{i + 1}]") for i, item in enumerate(f.value))


class Terms(Option):
    """The index's headings; ``subentries`` holds a heading's own list, one level deep."""

    kind = "list of terms or mappings"

    def __init__(self, doc: str, *, nested: bool, **kw: Any) -> None:
        super().__init__(doc, **kw)
        self.nested = nested

    def check(self, f: _Field, ctx: _Context) -> tuple[IndexTerm, ...]:
        if not isinstance(f.value, list):
            raise _wrong_type(f.name, "a list of terms", f.value)
        terms: list[IndexTerm] = []
        seen: dict[str, int] = {}
        ok = True
        for i, item in enumerate(f.value):
            pos = _line_col(f.value, f.pos, "item", i)
            try:
                term = self._term(item, f"{f.name}[{i + 1}]", pos, ctx)
            except Invalid as e:
                ctx.error(str(e), e.pos or pos)
                ok = False
                continue
            except _Reported:
                ok = False
                continue
            key = term.term.casefold()
            if key in seen:
                ctx.error(
                    f"'{term.term}' is already a term of '{f.name}' at line {seen[key]}; "
                    "give each heading once, with its other spellings as 'aliases'",
                    pos,
                )
                ok = False
            seen.setdefault(key, pos[0])
            terms.append(term)
        if not ok:
            raise _Reported
        if not self.nested:
            _check_references(terms, f.name, ctx)
        return tuple(terms)

    def _term(self, item: Any, name: str, pos: Pos, ctx: _Context) -> IndexTerm:
        if isinstance(item, str):
            text = _text(item, name)
            return IndexTerm(text, ctx.location(pos), (term_pattern(text),))
        if not isinstance(item, dict):
            raise Invalid(f"an entry of the index is a term or a mapping, not {_describe(item)}")
        keys = SUBENTRY_KEYS if self.nested else TERM_KEYS
        checked = _check_mapping(item, keys, f"{name}.", ctx, pos, " in this index entry")
        if not checked.ok:
            raise _Reported
        v = checked.values
        if v["see"] is not None and (v["aliases"] or v.get("subentries")):
            other = "aliases" if v["aliases"] else "subentries"
            raise Invalid(
                f"'{v['term']}' sends the reader elsewhere with 'see', so it is not looked for "
                f"in the text and takes no '{other}'; use 'see_also' to list pages too",
                checked.key_pos[other],
            )
        patterns = () if v["see"] else (term_pattern(v["term"]), *(v["aliases"] or ()))
        return IndexTerm(
            v["term"],
            ctx.location(pos),
            patterns,
            see=v["see"],
            see_also=v["see_also"] or (),
            subentries=v.get("subentries") or (),
        )

    def reference_rows(self, name: str) -> Iterator[tuple[str, str, str, str]]:
        yield from super().reference_rows(name)
        if not self.nested:
            for key, option in TERM_KEYS.items():
                yield from option.reference_rows(f"{name}[].{key}")


def _check_references(terms: list[IndexTerm], name: str, ctx: _Context) -> None:
    """Every ``see`` and ``see_also`` names a heading of the index, and not its own."""
    headings = {term.term.casefold(): term.term for term in terms}
    ok = True
    for term in (t for top in terms for t in (top, *top.subentries)):
        for target in (*((term.see,) if term.see else ()), *term.see_also):
            if target.casefold() not in headings:
                problem = f"'{term.term}' refers to '{target}', which is not a term of '{name}'"
            elif target.casefold() == term.term.casefold():
                problem = f"'{term.term}' refers to itself"
            else:
                continue
            ctx.error(problem, (term.where.line, term.where.col))
            ok = False
    if not ok:
        raise _Reported


_COMMON_KEYS: dict[str, Option] = {
    "term": Text("The heading as the index prints it.", required=True, default_doc="—"),
    "aliases": Aliases(
        "Other spellings looked for in the text, as regular expressions (Python syntax, "
        "case-insensitive, whole words): `Federal(ist)? papers`. The term itself is always "
        "looked for."
    ),
    "see": Text(
        "Another heading the reader is sent to instead (*see*); the term is then not looked "
        "for in the text."
    ),
    "see_also": Names("Other headings printed after the pages (*see also*)."),
}

SUBENTRY_KEYS: dict[str, Option] = dict(_COMMON_KEYS)

TERM_KEYS: dict[str, Option] = {
    **_COMMON_KEYS,
    "subentries": Terms(
        "Sub-entries indented under the term, in the same forms (one level deep).",
        nested=True,
    ),
}
