"""What cleanup did to each article, for the editor to check.

Cleanup edits text nobody proof-read, so every change is recorded with the text it touched:
the editor reads ``build/SLUG-report.md`` instead of diffing files, and the terminal shows one
line per article so a surprising number stands out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .tree import words

# Actions that take text out of the book (or would have, for "kept").
REMOVING = frozenset({"removed", "moved"})

# The report's first section: what finding the article in a saved page left out, put back
# or turned into a link, before any cleanup rule ran (see sources/extraction.py).
EXTRACTION = "extraction"


@dataclass(frozen=True)
class Change:
    """One thing a rule did.

    ``action`` is one of "removed", "moved" (taken out of the text into metadata), "joined",
    "unlinked", "changed", or "kept" (a removal the safety cap refused). ``text`` is the text
    affected. Bulk changes (typography, blank paragraphs) leave ``text`` empty, say how many in
    ``count`` and what in ``note``; for single changes ``note`` adds context, such as where a
    moved byline went.
    """

    rule: str
    action: str
    text: str = ""
    count: int = 1
    note: str = ""


@dataclass
class CleanupReport:
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def by_rule(self) -> dict[str, list[Change]]:
        """Changes grouped by rule, in the order the rules ran."""
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.rule, []).append(change)
        return grouped

    def removed_text(self) -> list[str]:
        """Every piece of text taken out of the body, in order."""
        return [c.text for c in self.changes if c.action in REMOVING and c.text]

    @property
    def removed_words(self) -> int:
        return sum(len(words(text)) for text in self.removed_text())

    def count(self, rule: str) -> int:
        return sum(c.count for c in self.changes if c.rule == rule)


def format_report(reports: list[tuple[str, CleanupReport]]) -> str:
    """The Markdown cleanup report: per article, per rule, removed text quoted in full."""
    changed = sum(1 for _, report in reports if report.changes or report.warnings)
    lines = [
        "# Cleanup report",
        "",
        f"{len(reports)} {_plural(len(reports), 'article')}, {changed} changed by cleanup. "
        "Removed text is quoted so it can be checked; add a rule name to `exclude` in "
        "volume.yaml (for the volume or for one article) to keep something.",
    ]
    for label, report in reports:
        lines += ["", f"## {label}", ""]
        if not report.changes and not report.warnings:
            lines.append("No changes.")
            continue
        for warning in report.warnings:
            lines.append(f"- **Warning:** {warning}")
        if report.warnings:
            lines.append("")
        for rule, changes in report.by_rule().items():
            lines += [f"### {rule}", ""]
            lines += _format_changes(changes)
            lines.append("")
        while lines[-1] == "":
            lines.pop()
    return "\n".join(lines) + "\n"


def summarise(reports: list[tuple[str, CleanupReport]]) -> str:
    """One line per article for the terminal: rule names with how much each did."""
    out = []
    for label, report in reports:
        counts = Counter[str]()
        for change in report.changes:
            counts[change.rule] += change.count
        parts = [f"{rule} {n}" for rule, n in counts.items()]
        if report.warnings:
            parts.append(f"{len(report.warnings)} {_plural(len(report.warnings), 'warning')}")
        out.append(f"{label}: {', '.join(parts) if parts else 'no changes'}")
    return "\n".join(out)


def _format_changes(changes: list[Change]) -> list[str]:
    """Single changes quoted, grouped by what was done; bulk changes as counts."""
    quoted: dict[tuple[str, str], list[str]] = {}
    bulk = Counter[tuple[str, str]]()
    for change in changes:
        if change.text:
            quoted.setdefault((change.action, change.note), []).append(change.text)
        else:
            bulk[(change.action, change.note)] += change.count
    lines: list[str] = []
    for (action, note), texts in quoted.items():
        head = action.capitalize() + (f" ({note})" if note else "")
        lines += [f"{head}:", ""]
        for text in texts:
            lines += [f"> {_quote(text)}", ">"]
        lines[-1] = ""
    lines += [f"- {action.capitalize()} {n} {what}".rstrip() for (action, what), n in bulk.items()]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _quote(text: str) -> str:
    # Removed text is quoted literally: escape what Markdown would otherwise interpret, so
    # "*legally*" shows with its asterisks and a "1." line does not turn into a list.
    escaped = "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)
    return escaped


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"
