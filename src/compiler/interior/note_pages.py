"""A note stays on the page of its call once the call is placed (``footnote-policy: line``).

WeasyPrint (70) honours the policy for the line that holds a call: when its note does not fit,
the line moves to the next page with it. But when a later line overflows the page and the
paragraph it belongs to could not break before it (``orphans``) but can after it,
``weasyprint.layout.block._linebox_layout`` makes room by moving the notes already on the
page to the next one, whose calls stay behind; the next page starts with those notes and may
do the same again. Federalist No. 70 in the example book had its note printed three pages
after its call this way. Here, under :func:`kept`, a note whose policy is ``line`` or
``block`` is held out of that move: WeasyPrint then breaks the paragraph as it would without
notes (before the overflowing line, or the whole paragraph on to the next page) and the notes
are put back where they were. Notes under ``footnote-policy: auto`` move as before.

If a WeasyPrint release renames the functions, nothing is installed (:func:`install` says
False) and the notes-on-their-page test of tests/test_print_typography.py fails.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import Any

from .layout_patches import LayoutPatch, Wrapping

_active: ContextVar[bool] = ContextVar("note_pages_active", default=False)
# WeasyPrint's function that lays a paragraph's lines out, and the local it sets only on the
# way that moves notes to make room for an overflowing line (the way that moves a note with
# its call's line never sets it).
_LINES = "_linebox_layout"
_MAKING_ROOM = "report"
# How far a note may reach past the foot of its area and still fit (CSS px): WeasyPrint
# compares two sums of the same lengths, added in different orders, and a note that exactly
# fits can come out 1e-13 px over, which it takes for a note too tall for the page.
TOLERANCE_PX = 0.01


def _holding(original: Callable[..., Any]) -> Callable[..., Any]:
    def report_footnote(context: Any, footnote: Any) -> Any:
        caller = sys._getframe(1)
        if (
            not _active.get()
            or caller.f_code.co_name != _LINES
            or not caller.f_locals.get(_MAKING_ROOM)
            or footnote.style["footnote_policy"] == "auto"
        ):
            return original(context, footnote)
        # Out of the page's list but not of its footnote area: the page bottom stays where
        # the note keeps it, so the line still overflows and the paragraph is broken instead.
        context.current_page_footnotes.remove(footnote)
        if "_held_notes" not in context.__dict__:
            context._reported_before = list(context.reported_footnotes)
            context._held_notes = []
        context._held_notes.append(footnote)
        return None

    return report_footnote


def _measured(original: Callable[..., Any]) -> Callable[..., Any]:
    def update_footnote_area(context: Any) -> Any:
        overflow = original(context)
        if not overflow or not _active.get():
            return overflow
        area = context.current_footnote_area
        if area.style["height"] != "auto":
            return overflow
        # The area's own height is its notes' (below its max-height): they fit, whatever the
        # two sums of the same lengths in different orders say.
        return area.height >= area.max_height - TOLERANCE_PX

    return update_footnote_area


def _restoring(original: Callable[..., Any]) -> Callable[..., Any]:
    def linebox_layout(context: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(context, *args, **kwargs)
        finally:
            held = context.__dict__.pop("_held_notes", None)
            if held:
                # Taken from the end of the list, so put back in the reverse order; and the
                # notes truly moved on are given back the order WeasyPrint's count of moved
                # notes (which counted these) reversed.
                context.current_page_footnotes.extend(reversed(held))
                before = context.__dict__.pop("_reported_before")
                context.reported_footnotes.sort(
                    key=lambda note: before.index(note) if note in before else len(before)
                )

    return linebox_layout


def _wrappers() -> list[Wrapping]:
    from weasyprint.layout import LayoutContext, block

    return [
        (LayoutContext, "report_footnote", _holding),
        (LayoutContext, "_update_footnote_area", _measured),
        (block, _LINES, _restoring),
    ]


_patch = LayoutPatch(_active, _wrappers)
install = _patch.install


def kept() -> AbstractContextManager[None]:
    """Lay out with notes kept on their calls' pages: ``with kept(): html.render(...)``."""
    return _patch.on()
