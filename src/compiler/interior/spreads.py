"""Facing pages of equal depth: a page made short is matched by the page facing it.

The reader sees a spread, not a page. When ``widows``/``orphans`` (base.css), a heading kept
with its text, a block that may not break or a note leaves a page inside a chapter short,
Chicago has the facing page made short by the same amount, so the two text blocks end level
(or within a line of each other). WeasyPrint (70) fills each page on its own, so a verso two
lines short of a full recto happened on every long volume (a three-line paragraph that can
neither leave one line at a page foot nor carry one line over).

Here, under :func:`balanced`, each spread is looked at as soon as its recto is laid out
(``weasyprint.layout.make_all_pages`` is wrapped; the verso waits for it):

- a **short verso** has its recto laid out again with its page bottom raised to the verso's
  last line (or a line below it, if the recto's own breaks leave it shorter still);
- a **short recto** has its verso laid out again a line or two shorter, so the lines it gives
  up start the recto and move its break, then the recto again; a recto that then comes out
  full is made short with its verso as above.

A page is only ever laid out again with a higher bottom, so every rule of the layout holds on
it as on any page: no widows or orphans, notes on the page of their call (the note area sits
at the raised bottom, the text block's foot), no hyphen at the foot of a recto (the line
breaker judges the last line from the page bottom). The last page of a chapter, the pages
either side of a forced break and pages other than a chapter's (front matter, parts, display
pages) are left as they are. A retry that does not bring the spread within a line is undone
by laying the pages out as they were. Only the spreads found uneven are laid out again: two
to four pages for each, never a pass over the book.

If a WeasyPrint release moves the functions, nothing is installed (:func:`install` says
False) and the spreads check of tests/test_print_typography.py fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .layout_patches import LayoutPatch, Wrapping

# Facing pages whose last lines lie further apart than this many of the verso's lines are
# uneven (bench/measure_print.py counts them the same way): within a line is a spread.
UNEVEN_LINES = 1.5
# How far below the verso's last line a short verso's recto is let end (in lines): its nearest
# line to level first; a line lower when its own breaks would leave it shorter than the verso.
LEVEL_OR_A_LINE_BELOW = (0.5, 1.25)
# How far below a raised page bottom a line may end and still fit (CSS px): lines that end
# level with the facing page's last line fit exactly.
FIT_PX = 0.5
# The named page of a chapter's text (print.css ``page: chapter``).
CHAPTER_PAGE = "chapter"
# Part of the text block a table or picture must fill for the page before it to stay short.
FULL_PAGE = 2 / 3
_active: ContextVar[bool] = ContextVar("spreads_active", default=False)
# While a page is laid out again: the layout context and the bottom its page is raised to.
_raised: ContextVar[tuple[Any, float] | None] = ContextVar("spreads_raised", default=None)


@dataclass(frozen=True)
class Depth:
    """Where a page's text block ends (CSS px from the page top), and its last line's height."""

    bottom: float
    line: float


def depth(page: Any) -> Depth | None:
    """The foot of a laid-out page's text: its lowest line or picture, or the foot of its note
    area when it holds notes (set at the page bottom, they end the text block there)."""
    from weasyprint.formatting_structure import boxes

    root, notes = page.children[0], page.children[1]
    lowest: tuple[float, float] | None = None
    stack = [root]
    while stack:
        box = stack.pop()
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)):
            bottom = box.position_y + box.margin_height()
            if lowest is None or bottom > lowest[0]:
                line = box.height if isinstance(box, boxes.LineBox) else 0.0
                lowest = (bottom, line or (lowest[1] if lowest else 0.0))
            continue
        stack.extend(getattr(box, "children", ()))
    if lowest is None or not lowest[1]:
        return None
    if notes.children:
        return Depth(notes.position_y + notes.margin_height(), lowest[1])
    return Depth(lowest[0], lowest[1])


def uneven(verso: Depth, recto: Depth) -> bool:
    return abs(verso.bottom - recto.bottom) > UNEVEN_LINES * verso.line


def _full_page_block(page: Any, height: float) -> bool:
    """Whether a page opens with a table or picture filling most of its text block: the page
    before it may run short."""
    from weasyprint.formatting_structure import boxes

    box = page.children[0]
    while getattr(box, "children", None):
        box = box.children[0]
        if isinstance(box, (boxes.TableBox, boxes.ReplacedBox)):
            return box.margin_height() >= FULL_PAGE * height
        if isinstance(box, boxes.LineBox):
            return any(
                isinstance(child, boxes.ReplacedBox) and child.height >= FULL_PAGE * height
                for child in box.children
            )
    return False


@dataclass
class _Before:
    """What the layout context held before a page was laid out, to lay it out again."""

    footnotes: list[Any]
    reported: list[Any]
    broken: dict[Any, Any]


def _remembering(original: Callable[..., Any]) -> Callable[..., Any]:
    """``remake_page`` noting the context's state before each page, from which :func:`_again`
    lays it out again."""

    def remake_page(index: int, context: Any, root_box: Any, html: Any) -> Any:
        if not _active.get():
            return original(index, context, root_box, html)
        before = context.__dict__.setdefault("_spread_before", {})
        before[index] = _Before(
            list(context.footnotes),
            list(context.reported_footnotes),
            dict(context.broken_out_of_flow),
        )
        return original(index, context, root_box, html)

    return remake_page


def _again(
    context: Any, root_box: Any, html: Any, index: int, bottom: float | None = None
) -> tuple[Any, Any]:
    """Lay page ``index`` out again from the state it was first laid out in, its page bottom
    raised to ``bottom`` when given. Returns the page and where the next one resumes."""
    from weasyprint.layout import page as page_layout

    state = context._spread_before[index]
    context.footnotes = list(state.footnotes)
    context.reported_footnotes = list(state.reported)
    context.broken_out_of_flow = dict(state.broken)
    remake_state = context.page_maker[index][-1]
    remake_state.update(content_changed=False, pages_wanted=False, anchors=[], content_lookups=[])
    token = _raised.set(None if bottom is None else (context, bottom + FIT_PX))
    try:
        return page_layout.remake_page(index, context, root_box, html)
    finally:
        _raised.reset(token)


def _raising(original: Callable[..., Any]) -> Callable[..., Any]:
    """``resolve_percentages`` as ``make_page`` calls it, raising the page bottom of a page laid
    out again by :func:`_again`.

    ``make_page`` sets the page bottom from the page box, then resolves its note area's
    lengths and puts the area there, before anything is placed: the bottom raised at that
    moment is the one the note area and every line measure from. (Only ``make_page`` and the
    margin boxes call it from WeasyPrint's page module, never a line's layout.)
    """
    from weasyprint.formatting_structure import boxes

    def resolve_percentages(box: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(box, *args, **kwargs)
        raised = _raised.get()
        if raised is not None and isinstance(box, boxes.FootnoteAreaBox):
            context, bottom = raised
            context.page_bottom = min(context.page_bottom, bottom)
        return result

    return resolve_percentages


def _balancing(original: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def make_all_pages(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Iterator[Any]:
        if not _active.get():
            yield from original(context, root_box, html, pages)
            return
        known = list(pages)
        held: Any = None
        for index, page in enumerate(original(context, root_box, html, pages)):
            # Pages are counted from the document's first, a recto (see line_breaks).
            if index % 2:
                held = page
                continue
            if held is not None:
                fresh = not (
                    index < len(known) and page is known[index] and held is known[index - 1]
                )
                if fresh and _inside_chapter(context, index, held, page):
                    held, page = _balance(context, root_box, html, index, held, page)
                yield held
                held = None
            yield page
        if held is not None:
            yield held

    return make_all_pages


def _inside_chapter(context: Any, recto_index: int, verso: Any, recto: Any) -> bool:
    """Whether the spread ending at ``recto_index`` lies inside a chapter's text: both pages
    the chapter's, neither opening after a forced break, and the text going on after the recto
    without one (a chapter's last page may be short)."""
    maker = context.page_maker
    if recto_index + 1 >= len(maker):
        return False
    for page in (verso, recto):
        if page.page_type.blank or page.page_type.name != CHAPTER_PAGE:
            return False
    for index in (recto_index - 1, recto_index, recto_index + 1):
        resume_at, next_page = maker[index][0], maker[index][1]
        if resume_at is None or next_page["break"] != "any":
            return False
    return True


def _balance(
    context: Any, root_box: Any, html: Any, recto_index: int, verso: Any, recto: Any
) -> tuple[Any, Any]:
    """The spread laid out again until its pages end within a line of each other, or as it
    was."""
    low = (depth(verso), depth(recto))
    if low[0] is None or low[1] is None or not uneven(low[0], low[1]):
        return verso, recto
    left, right = low[0], low[1]
    if left.bottom < right.bottom and _full_page_block(recto, verso.height):
        return verso, recto  # the verso is short before a full-page picture or table
    line = left.line
    if left.bottom < right.bottom:
        # The verso runs short: so does its recto.
        matched = _matched_recto(context, root_box, html, recto_index, left)
        if matched is not None:
            return verso, matched
    else:
        # The recto runs short: the verso gives it a line or two, which move its break; if the
        # recto then comes out full, it is made short with the verso.
        for fewer in range(1, round((left.bottom - right.bottom) / line)):
            bottom = left.bottom - fewer * line
            shorter, _ = _again(context, root_box, html, recto_index - 1, bottom)
            shorter_depth = depth(shorter)
            if shorter_depth is None:
                continue
            tried, _ = _again(context, root_box, html, recto_index)
            if _level(shorter_depth, depth(tried)) and _same_end(context, recto_index):
                return shorter, tried
            matched = _matched_recto(context, root_box, html, recto_index, shorter_depth)
            if matched is not None:
                return shorter, matched
        verso, _ = _again(context, root_box, html, recto_index - 1)
    return verso, _again(context, root_box, html, recto_index)[0]


def _matched_recto(
    context: Any, root_box: Any, html: Any, recto_index: int, verso: Depth
) -> Any | None:
    """The recto laid out again to end level with a short verso (or a line below it, when
    its own breaks would leave it shorter still); None when neither comes within a line."""
    for extra in LEVEL_OR_A_LINE_BELOW:
        bottom = verso.bottom + extra * verso.line
        tried, _ = _again(context, root_box, html, recto_index, bottom)
        if _level(verso, depth(tried)) and _same_end(context, recto_index):
            return tried
    return None


def _level(verso: Depth, recto: Depth | None) -> bool:
    return recto is not None and not uneven(verso, recto)


def _same_end(context: Any, recto_index: int) -> bool:
    """Whether the recto laid out again still hands the chapter's text on to the next page
    (a retry that emptied the chapter onto the recto would change where it ends)."""
    resume_at, next_page = context.page_maker[recto_index + 1][:2]
    return resume_at is not None and next_page["break"] == "any"


def _wrappers() -> list[Wrapping]:
    import weasyprint.layout as layout
    from weasyprint.layout import page as page_layout

    return [
        (page_layout, "resolve_percentages", _raising),
        (page_layout, "remake_page", _remembering),
        (layout, "make_all_pages", _balancing),
    ]


_patch = LayoutPatch(_active, _wrappers)
install = _patch.install


def balanced() -> AbstractContextManager[None]:
    """Lay out with facing pages of equal depth: ``with balanced(): html.render(...)``."""
    return _patch.on()
