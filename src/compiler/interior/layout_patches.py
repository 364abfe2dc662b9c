"""Wrappers put into WeasyPrint's layout once per process, in force only inside a ``with``.

The interior corrects WeasyPrint (70) where its layout falls short of a printed book
(:mod:`~compiler.interior.line_breaks`, :mod:`~compiler.interior.note_pages`,
:mod:`~compiler.interior.spreads`). WeasyPrint offers no hook for that, so each wraps a few of
its functions. Wrappers once installed stay, and act only while their patch is on in the
current context (a context variable, so nesting and threads need no bookkeeping): covers and
anything else WeasyPrint lays out outside the interior's renders are untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# Takes the function it replaces, which it calls when its patch is off.
Wrapper = Callable[[Callable[..., Any]], Callable[..., Any]]
# Where a wrapper goes: WeasyPrint's module or class, the function's name there, the wrapper.
Wrapping = tuple[Any, str, Wrapper]


class LayoutPatch:
    """One module's wrappers, acting while ``active`` is set (which :meth:`on` does).

    ``wrappers`` names them: (module or class, function name, wrapper) for each function
    replaced, or None when WeasyPrint no longer has something the module relies on.
    """

    def __init__(
        self, active: ContextVar[bool], wrappers: Callable[[], list[Wrapping] | None]
    ) -> None:
        self._active = active
        self._wrappers = wrappers
        self._installed = False

    def install(self) -> bool:
        """Put the wrappers in place (once per process); False when WeasyPrint has moved on,
        and then nothing is replaced."""
        if not self._installed:
            wrappers = self._wrappers()
            if wrappers is None or not all(hasattr(owner, name) for owner, name, _ in wrappers):
                return False
            for owner, name, wrapper in wrappers:
                setattr(owner, name, wrapper(getattr(owner, name)))
            self._installed = True
        return True

    @contextmanager
    def on(self) -> Iterator[None]:
        """The wrappers act inside the ``with`` (in this thread or task only)."""
        self.install()
        token = self._active.set(True)
        try:
            yield
        finally:
            self._active.reset(token)
