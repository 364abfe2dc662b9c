"""What a rule sees and how it changes things.

A rule works on a private copy of the article tree and asks for metadata changes instead of
making them, so the engine can still refuse the whole rule (the safety cap) after it ran.
Removals go through :meth:`RuleContext.remove`, which records the removed text: a rule cannot
take text out without it appearing in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..sources.base import SourceMeta
from .evidence import VolumeWords
from .report import Change
from .tree import Element, lines, remove


class PatternTooSlow(Exception):
    """A user's drop pattern ran past its time limit on one paragraph (``text``)."""

    def __init__(self, pattern: str, text: str):
        super().__init__(pattern)
        self.pattern = pattern
        self.text = text


@dataclass
class RuleContext:
    rule: str
    root: Element
    meta: SourceMeta  # read it; change it through set_meta()
    language: str  # BCP 47 primary subtag, lower case ("en", "fr")
    drop: tuple[regex.Pattern[str], ...] = ()
    source: str = ""  # the text the tree was read from, for traces the tree does not keep
    volume_words: VolumeWords | None = None  # the other articles' words; None: this one alone
    changes: list[Change] = field(default_factory=list)
    meta_updates: dict[str, str] = field(default_factory=dict)

    def record(self, action: str, text: str = "", count: int = 1, note: str = "") -> None:
        """Log a change; bulk changes give no ``text`` but a ``count`` and a ``note``."""
        if count:
            self.changes.append(Change(self.rule, action, text, count, note))

    def remove(self, el: Element, note: str = "", action: str = "removed") -> None:
        """Remove a block and log its text, one change per line (blocks without text are
        counted instead).

        Logging by line keeps the report the same whatever markup held the text: a book
        promotion saved as two paragraphs, as one paragraph with a ``<br>`` or as a ``<div>``
        around a cover and a button reads "title", "Order Now" every time.
        """
        found = lines(el)
        for text in found:
            self.record(action, text, note=note)
        if not found:
            self.record(action, note="blocks without text (images, rules)")
        remove(el)

    def set_meta(self, name: str, value: str) -> None:
        """Ask for a metadata field to be filled (applied only if the rule is accepted)."""
        self.meta_updates[name] = value
