"""The cleanup rules by name, in the order they run.

Order matters (blank paragraphs go before anything looks at neighbours; typography runs last,
on the final text), so each rule registers with a priority, as Python-Markdown's processors do:
higher runs first. Adding a rule is one decorated function in its own module; nothing else
changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import RuleContext

RuleFunction = Callable[["RuleContext"], None]


@dataclass(frozen=True)
class Rule:
    name: str
    run: RuleFunction
    priority: int
    summary: str


class Registry:
    """Rules keyed by name; iteration yields them highest priority first."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def register(
        self, name: str, priority: int, summary: str
    ) -> Callable[[RuleFunction], RuleFunction]:
        """Decorator: ``@registry.register("byline", 80, "...")`` above the rule function."""

        def add(run: RuleFunction) -> RuleFunction:
            if name in self._rules:
                raise ValueError(f"cleanup rule {name!r} is registered twice")
            self._rules[name] = Rule(name, run, priority, summary)
            return run

        return add

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda rule: -rule.priority))

    def __contains__(self, name: object) -> bool:
        return name in self._rules

    def __getitem__(self, name: str) -> Rule:
        return self._rules[name]

    def names(self) -> tuple[str, ...]:
        return tuple(rule.name for rule in self)


registry = Registry()
