"""Running the selected rules over one article, under the safety cap.

Rules guess at what is junk. A guess that goes wrong on an unusual article must not silently
delete a third of an essay, so every rule runs on a copy of the tree; if the copy lost more
than :data:`MAX_REMOVED_SHARE` of the article's words, the copy is thrown away, the would-be
removals are reported as "kept" and a warning says why.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import TYPE_CHECKING

import regex

from ..errors import BookError, Problem
from ..sources.base import RawArticle
from ..sources.limits import PATTERN_TIMEOUT_S
from . import rules as _rules  # noqa: F401  (importing registers the built-in rules)
from .context import PatternTooSlow, RuleContext
from .evidence import VolumeWords
from .registry import registry
from .report import REMOVING, CleanupReport
from .tree import Element, word_count

if TYPE_CHECKING:
    from ..volume.model import CleanupSettings

# A single rule may remove at most this share of an article's words.
MAX_REMOVED_SHARE = 0.15

DROP = "drop"  # runs whenever drop patterns are given; not selectable by name
RULE_NAMES: tuple[str, ...] = tuple(name for name in registry.names() if name != DROP)


def clean(
    raw: RawArticle,
    settings: CleanupSettings | None = None,
    language: str = "en",
    volume_words: VolumeWords | None = None,
) -> CleanupReport:
    """Clean ``raw.root`` in place (and fill ``raw.meta`` from what cleanup finds).

    ``settings`` None means every built-in rule and no drop patterns. ``language`` is the
    volume's BCP 47 tag; typography follows its primary subtag. ``volume_words``, the words
    of the volume's other articles, is further evidence for ``split-words``; without it the
    article is its only evidence.
    """
    selected = set(RULE_NAMES if settings is None else settings.rules)
    unknown = selected - set(RULE_NAMES)
    if unknown:
        raise ValueError(f"unknown cleanup rules: {', '.join(sorted(unknown))}")
    patterns = compile_patterns(settings.drop if settings else ())
    report = CleanupReport()
    total = current = word_count(raw.root)
    primary = language.split("-")[0].strip().lower() or "en"
    for rule in registry:
        if not (rule.name in selected or (rule.name == DROP and patterns)):
            continue
        work = copy.deepcopy(raw.root)
        ctx = RuleContext(
            rule.name, work, raw.meta, primary, patterns, source=raw.text, volume_words=volume_words
        )
        try:
            rule.run(ctx)
        except PatternTooSlow as slow:
            line, col = raw.locate(slow.text[:60])
            raise BookError(
                Problem(
                    f"cleanup drop pattern {slow.pattern!r} took more than "
                    f"{PATTERN_TIMEOUT_S} s on this paragraph and was stopped (it backtracks "
                    "catastrophically, as '(a+)+$' does); write it more simply",
                    raw.source,
                    line,
                    col,
                )
            ) from None
        if not ctx.changes:
            continue
        remaining = word_count(work)
        removed = current - remaining
        if total and removed > MAX_REMOVED_SHARE * total:
            report.warnings.append(
                f"{rule.name} would remove {removed / total:.0%} of the words "
                f"({removed} of {total}); kept the text"
            )
            report.changes += [
                replace(c, action="kept") for c in ctx.changes if c.action in REMOVING
            ]
            continue
        _adopt(raw.root, work)
        current = remaining
        for name, value in ctx.meta_updates.items():
            setattr(raw.meta, name, value)
        report.changes += ctx.changes
    return report


def compile_patterns(patterns: tuple[str, ...] | list[str]) -> tuple[regex.Pattern[str], ...]:
    """Compile the user's drop patterns (case-insensitive), naming the one that is invalid.

    They are compiled with the ``regex`` engine, in its ``re``-compatible mode, because it can
    give up on a search after a time limit: a pattern that backtracks catastrophically (such
    as ``(a+)+$``) would otherwise hang the build on one paragraph.
    """
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(regex.compile(pattern, regex.IGNORECASE | regex.V0))
        except regex.error as exc:
            raise BookError(
                f"cleanup drop pattern {pattern!r} is not a valid regular expression: {exc}"
            ) from exc
    return tuple(compiled)


def _adopt(root: Element, work: Element) -> None:
    """Give ``root`` the content of ``work`` while keeping ``root`` the same object."""
    for child in list(root):
        root.remove(child)
    root.text = work.text
    root.extend(list(work))
