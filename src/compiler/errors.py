"""User errors and warnings, located in the file that caused them.

Every problem the user can fix (bad YAML, a missing article, a path that escapes the book
folder) is raised as :class:`BookError` carrying one or more :class:`Problem` records, so the
CLI can print them all as ``FILE:LINE:COL: message`` and exit 2 instead of showing a traceback.
Anything else that escapes is a bug in the compiler (exit 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One located message. ``line`` and ``col`` are 1-based; 0 means unknown."""

    message: str
    file: str | Path | None = None
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = _shown(self.file)
            if self.line:
                where += f":{self.line}"
                if self.col:
                    where += f":{self.col}"
            where += ": "
        return where + self.message


def _shown(file: str | Path) -> str:
    """A file as the user would write it: relative to the working folder when inside it."""
    path = Path(file)
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except (ValueError, OSError):  # elsewhere, or the working folder is gone
            return str(file)
    return str(file)


class BookError(Exception):
    """A problem with the user's input. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem | str, file: str | Path | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, file)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Diagnostics:
    """Warnings and notes collected during a build; printed by the CLI, inspected by tests.

    A warning is something to fix (``--strict`` fails on it); a note says what the build
    decided for a choice the user left open, and never fails a build.
    """

    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    def note(
        self, message: str, file: str | Path | None = None, line: int = 0, col: int = 0
    ) -> None:
        self.notes.append(Problem(message, file, line, col))

    def warn(
        self, message: str, file: str | Path | None = None, line: int = 0, col: int = 0
    ) -> None:
        self.warnings.append(Problem(message, file, line, col))
