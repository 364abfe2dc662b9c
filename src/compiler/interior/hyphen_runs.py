"""No more than two hyphenated lines in a row: what CSS's ``hyphenate-limit-lines: 2`` asks.

WeasyPrint (70) has no ``hyphenate-limit-lines``. It lays a paragraph out a line at a time
(``iter_line_boxes`` in ``weasyprint.layout.inline``, called from ``weasyprint.layout.block``)
and breaks each line with ``split_first_line``. This module wraps the two: it counts the
hyphenated lines that end one after another in a paragraph, and while two have, the next line
is broken with ``hyphens: manual`` (soft hyphens only). The count follows a paragraph onto its
next page. Nothing else of the layout changes, and no line is laid out twice.

The wrappers are installed once per process and act only inside :func:`limited`, around the
interior's own renders, so covers and anything else WeasyPrint sets are untouched. If a
WeasyPrint release moves the functions, nothing is installed (:func:`install` says False) and
the measured longest run in tests/test_print_typography.py fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

LIMIT = 2
_active: ContextVar[bool] = ContextVar("hyphen_limit_active", default=False)
_limit_reached: ContextVar[bool] = ContextVar("hyphen_limit_reached", default=False)
_installed = False


def ends_hyphenated(line: Any) -> bool:
    """Whether a laid-out line box ends with the hyphen the layout adds at a break."""
    last = None
    for box in line.descendants():
        if getattr(box, "text", None):
            last = box
    if last is None:
        return False
    return last.text.rstrip(" ").endswith(last.style["hyphenate_character"])


def _limited_lines(original: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def iter_line_boxes(context: Any, box: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        if not _active.get():
            yield from original(context, box, *args, **kwargs)
            return
        # A paragraph continued on a new page carries on the count of the line it resumes
        # after (found by where that line stopped: a line laid out at the foot of the page and
        # then moved over must not count).
        runs = context.__dict__.setdefault("_hyphen_runs", {})
        key = id(box.element)
        skip_stack = args[2]
        run = runs.get((key, repr(skip_stack)), 0) if skip_stack is not None else 0
        lines = original(context, box, *args, **kwargs)
        while True:
            token = _limit_reached.set(run >= LIMIT)
            try:
                item = next(lines)
            except StopIteration:
                return
            finally:
                _limit_reached.reset(token)
            line, resume_at = item[0], item[1]
            run = run + 1 if ends_hyphenated(line) else 0
            if resume_at is not None:
                runs[(key, repr(resume_at))] = run
            yield item

    return iter_line_boxes


def _manual_when_limited(original: Callable[..., Any]) -> Callable[..., Any]:
    def split_first_line(text: str, style: Any, *args: Any, **kwargs: Any) -> Any:
        if _limit_reached.get() and style["hyphens"] == "auto":
            style = style.copy()
            style["hyphens"] = "manual"
        return original(text, style, *args, **kwargs)

    return split_first_line


def install() -> bool:
    """Put the wrappers in place (once per process); False when WeasyPrint has moved on."""
    global _installed
    if _installed:
        return True
    from weasyprint.layout import block, inline

    if not (hasattr(block, "iter_line_boxes") and hasattr(inline, "split_first_line")):
        return False
    block.iter_line_boxes = _limited_lines(block.iter_line_boxes)
    inline.split_first_line = _manual_when_limited(inline.split_first_line)
    _installed = True
    return True


@contextmanager
def limited() -> Iterator[None]:
    """Lay out with the limit: ``with limited(): html.render(...)``."""
    install()
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)
