"""Line breaking a book designer would sign: no loose lines, short hyphen runs, no leaf-turn breaks.

WeasyPrint (70) breaks lines greedily, and only ever stretches word spaces. It lays a
paragraph out a line at a time (``iter_line_boxes``, called from ``weasyprint.layout.block``,
builds each line with ``get_next_linebox``, which breaks text with ``split_inline_box``,
``split_text_box`` and ``split_first_line``). This module replaces the first and wraps the
others, inside :func:`limited` only (around the interior's own renders, so covers and anything
else WeasyPrint sets are untouched), for rules CSS asks for and WeasyPrint does not give:

- **No loose lines.** Justified text is not hyphenated by print.css's fixed
  ``hyphenate-limit-zone`` (which serves ragged text). A line whose word spaces would
  stretch more than :data:`LOOSE_STRETCH_PX` each is set again with spaces up to
  :data:`SHRINK_PX` narrower than natural, taking in its next word when that fits (the
  text box it breaks in first, then the whole line, for a line that breaks before an
  indexed word, a link or emphasis); only when it is still looser than
  :data:`HYPHEN_STRETCH_PX` is the next word hyphenated (patterns and
  ``hyphenate-limit-chars`` allowing). Hyphens are spent where they save a loose line. A
  line whose spaces would narrow so far as to read tight is set with its letters a little
  closer instead (:data:`CLOSER_EM`), when that takes up the same words.
- **No more than two hyphenated lines in a row** (``hyphenate-limit-lines: 2``): the
  hyphenated lines that end one after another in a paragraph are counted, and while two have,
  the next line is broken with ``hyphens: manual`` (soft hyphens only). The count follows a
  paragraph onto its next page.
- **No hyphen on the last line of a recto**, where the reader would turn the leaf mid-word.
  Before a line is broken, its position is compared with the page bottom (which WeasyPrint
  raises by the footnote area already laid out): a line after which no other fits is the
  page's last, and on an odd page it is broken with manual hyphens only. Pages are counted
  from the document's first page, which is a recto both for the whole book and for a layout
  unit (units open on a recto, see :mod:`compiler.interior.units`), so the parity is the
  physical one.

- **A loose line takes words from the lines before it.** What a line can do alone is not
  always enough (after two hyphenated lines, before a word the patterns cannot break, after a
  long word pushed over whole), so the paragraph's lines are laid out a few ahead of the
  page: a line still looser than :data:`LOOSE_EM` has the lines held back before it set
  again (one word earlier, its last word hyphenated, or narrower spaces taking up a word, each
  within a narrower measure for its breaking but justified to the full one), and
  :mod:`compiler.interior.paragraph_breaks` keeps the sequence with the narrowest widest
  space. Lines are held back only while the layout could not have used them: a line with a
  note call, a positioned box or a float beside it is given at once (the page bottom, the
  boxes' lists and the shapes lines avoid depend on it being placed), and so is every line
  from the page's foot on; the next page lays the paragraph out again from the line it
  resumes after, as WeasyPrint does.
- **No paragraph ends on a broken word's tail** ("oppres-" / "sors."; TeX's
  ``\\finalhyphendemerits``): when a paragraph's last line follows a hyphenated one, the
  lines held back before it are set again so that the line before the last ends on a whole
  word (:func:`compiler.interior.paragraph_breaks.unbroken_end`), as long as no line comes
  out more than :data:`WHOLE_END_PX` looser than the lines it replaces. When those two
  lines are the first of the next page, the layout looks past the page's foot
  (:data:`LOOK_PAST_FOOT`): the lines before the foot are set again for them, as the next
  page could not (no line before them there to take words from).
- **Letters take part of what is left.** A line still looser than :data:`TRACK_STRETCH_PX`
  once its breaks are chosen (a paragraph's first line, a line at the page's foot, a line
  before a long word) is set once more with letter-spacing of up to :data:`TRACK_EM`, the
  pango letter spacing WeasyPrint sets from the style, so its word spaces narrow. It is kept
  only when it ends where it did and holds the same text (:func:`_tracked`).

It also takes the space a line ends with out of the text drawn (:func:`_trimmed`), which
WeasyPrint measures away but still draws past the column. Nothing else of the layout changes.
If a WeasyPrint release moves the functions, nothing is
installed (:func:`install` says False) and the measured figures in
tests/test_print_typography.py fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from . import leaders, note_pages, paragraph_breaks, spreads
from .layout_patches import LayoutPatch, Wrapping

LIMIT = 2
# Extra width a justified word space may take (CSS px) before the line is set again with
# narrower spaces (2 pt), and before a hyphen is tried when that is not enough (2.8 pt).
# Natural spaces are about 2.6 pt in 10.5 pt Gentium. Measured on the Federalist essays of
# tests/corpus: hyphenating at 2.3 pt doubles the hyphenated lines for a few tenths of a
# point less on the worst space; at 2.8 pt hyphens stay as rare as WeasyPrint's own.
LOOSE_STRETCH_PX = 2.0 * 96 / 72
HYPHEN_STRETCH_PX = 2.5 * 96 / 72
_active: ContextVar[bool] = ContextVar("line_breaks_active", default=False)
_manual_only: ContextVar[bool] = ContextVar("line_breaks_manual_only", default=False)
_narrow: ContextVar[bool] = ContextVar("line_breaks_narrow", default=False)
# While a line is set again to end earlier: how much narrower its measure is to the breaking
# (CSS px; the line is still justified to the full measure), and whether its last word may be
# hyphenated.
_cap: ContextVar[tuple[float, bool] | None] = ContextVar("line_breaks_cap", default=None)
# Instead of a narrower measure: the line set with narrower word spaces, to take up a word.
FULLER = (0.0, False)
# Widest stretch of a word space (em) a line may keep without the lines before it being
# broken again: 0.2 em is 2.1 pt at 10.5 pt, a 4.7 pt space with Gentium's natural 2.6 pt.
LOOSE_EM = 0.2
# Letter-spacing a line still loose after all that may take (em; 0.03 em is 0.3 pt at
# 10.5 pt, within what a designer tracks a line by), and the stretch of its word spaces
# (px) above which it is tried: 1.75 pt, a space over about 4.1 pt with Gentium's natural
# one. The measure reads a space between glyph outlines, so a space after a comma or an
# exclamation mark reads up to 0.8 pt wider than the line's stretch: at 2 pt four lines of the
# test books still read 5.05-5.2 pt, at 1.75 pt none reads over 4.9 pt.
TRACK_EM = 0.03
TRACK_STRETCH_PX = 1.75 * 96 / 72
# Whether a paragraph whose last two lines open the next page, the first ending on a broken
# word, has its lines before the page's foot set again so that it ends on a whole word.
LOOK_PAST_FOOT = True
# A paragraph's last lines set again to end on a whole word may come out looser than before
# by this much stretch (CSS px; 1.5 pt), which the letter-spacing of the lines still loose
# mostly takes back (0.03 em over five letters a word space is 1.6 pt at 10.5 pt).
WHOLE_END_PX = 1.5 * 96 / 72
# Steps the letter-spacing is chosen in (em): a few dozen styles for a whole book.
TRACK_STEP_EM = 0.0025
# While a loose line is set again with letter-spacing: how much (CSS px).
_tracking: ContextVar[float] = ContextVar("line_breaks_tracking", default=0.0)


def ends_hyphenated(line: Any) -> bool:
    """Whether a laid-out line box ends with the hyphen the layout adds at a break."""
    return _hyphenated(_texts(line))


def _hyphenated(texts: list[Any]) -> bool:
    if not texts:
        return False
    last = texts[-1]
    return last.text.rstrip(" ").endswith(last.style["hyphenate_character"])


def _line_height(box: Any) -> float:
    from weasyprint.text.line_break import strut

    return float(strut(box.style)[0])


def _text_length(box: Any) -> int:
    return sum(len(child.text) for child in box.descendants() if getattr(child, "text", None))


def _last_on_recto(
    context: Any, bottom_space: float, position_y: float, height: float, lines_left: float
) -> bool:
    """Whether a line set at ``position_y`` on an odd page will be the page's last.

    That is the line after which no other fits; or the one before it when the paragraph ends
    two lines further on, since ``widows: 2`` (base.css) then moves the last line that fits
    over to the next page with the paragraph's last.
    """
    page = context.current_page
    if page is None or page % 2 == 0 or context.in_column or context.page_bottom is None:
        return False

    def fits(lines: int) -> bool:
        return not context.overflows_page(bottom_space, position_y + lines * height)

    if fits(1) and not fits(2):
        return True
    return fits(2) and not fits(3) and 2 < lines_left <= 3


@dataclass(frozen=True)
class _Place:
    """Where a paragraph's next line starts, and what the lines before it leave it."""

    position_y: float
    skip_stack: Any
    run: int  # hyphenated lines ending one after another just before
    done: int  # characters of the paragraph set before
    per_line: float  # characters the last full line held
    height: float
    first: bool  # the paragraph's first line (text indent, first-line styles)


def _limited_lines(original: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def iter_line_boxes(context: Any, box: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        if not _active.get() or kwargs:
            yield from original(context, box, *args, **kwargs)
            return
        from weasyprint.layout import inline
        from weasyprint.layout.leader import handle_leader
        from weasyprint.layout.percent import resolve_one_percentage, resolve_percentages

        position_y, bottom_space, skip_stack, containing_block = args[:4]
        absolute_boxes, fixed_boxes, first_letter_style, first_line_style = args[4:8]
        resolve_percentages(box, containing_block)
        if skip_stack is None:
            resolve_one_percentage(box, "text_indent", containing_block.width)
        else:
            box.text_indent = 0
        indent = box.text_indent
        # A paragraph continued on a new page carries on the count of the line it resumes
        # after, and of the text set before it (found by where that line stopped: a line laid
        # out at the foot of the page and then moved over must not count).
        runs = context.__dict__.setdefault("_hyphen_runs", {})
        key = id(box.element)
        run, done = runs.get((key, repr(skip_stack)), (0, 0)) if skip_stack is not None else (0, 0)
        length = _text_length(box)
        # Characters a line holds, until lines of the paragraph tell: Gentium's average
        # character, space included, is about half an em.
        per_line = max(containing_block.width / (0.5 * box.style["font_size"]), 1.0)
        start = _Place(
            position_y, skip_stack, run, done, per_line, _line_height(box), skip_stack is None
        )
        placed = [absolute_boxes, fixed_boxes]

        def lay(
            place: _Place, cap: tuple[float, bool] | None = None, tracking: float = 0.0
        ) -> paragraph_breaks.Laid | None:
            foot = _last_on_recto(
                context,
                bottom_space,
                place.position_y,
                place.height,
                (length - place.done) / place.per_line,
            )
            box.text_indent = indent if place.first else 0
            styles = (first_letter_style, first_line_style) if place.first else (None, None)
            manual = _manual_only.set(place.run >= LIMIT or foot)
            capped = _cap.set(cap if cap != FULLER else None)
            narrow = _narrow.set(cap == FULLER)
            tracked = _tracking.set(tracking)
            counts = [len(boxes) for boxes in placed]
            try:
                with _capped_breaking(cap is not None and cap != FULLER):
                    line, resume_at = inline.get_next_linebox(
                        context,
                        box,
                        place.position_y,
                        bottom_space,
                        place.skip_stack,
                        containing_block,
                        absolute_boxes,
                        fixed_boxes,
                        *styles,
                    )
            finally:
                _tracking.reset(tracked)
                _narrow.reset(narrow)
                _cap.reset(capped)
                _manual_only.reset(manual)
            if line is None:
                return None
            handle_leader(context, line, containing_block)
            if cap is None and resume_at is None and leaders.too_short(line):
                # A contents entry whose title leaves its leader no room: the last word goes
                # to a new line, which the leader and number end (see leaders).
                again = lay(place, (leaders.reserve(line), False))
                if again is not None and again.resume_at is not None:
                    return again
            # One walk through the line's boxes serves all that is asked of it.
            boxes = list(line.descendants())
            texts = [child for child in boxes if getattr(child, "text", None)]
            held = sum(len(child.text) for child in texts)
            hyphenated = _hyphenated(texts)
            after = _Place(
                line.position_y + line.height,
                resume_at,
                place.run + 1 if hyphenated else 0,
                place.done + held,
                (float(held) or place.per_line) if resume_at is not None else place.per_line,
                line.height or place.height,
                False,
            )
            movable = (
                not (place.first and any(styles))
                and not context.excluded_shapes
                and counts == [len(boxes) for boxes in placed]
                and not any(getattr(child, "footnote", None) for child in boxes)
                and not _overflows(texts)
            )
            stretch = _stretches(texts)[1] if resume_at is not None else 0.0
            return paragraph_breaks.Laid(
                line,
                resume_at,
                place,
                after,
                movable=movable,
                stretch=stretch,
                limit=LOOSE_EM * line.style["font_size"],
                hyphenated=hyphenated,
                held=held - hyphenated,
                cap=cap,
            )

        def give(laid: paragraph_breaks.Laid) -> tuple[Any, Any]:
            if justified and laid.movable and laid.stretch > TRACK_STRETCH_PX:
                laid = _tracked(laid, lay)
            if laid.resume_at is not None:
                runs[(key, repr(laid.resume_at))] = (laid.after.run, laid.after.done)
            return laid.line, laid.resume_at

        def ways(
            laid: paragraph_breaks.Laid, following: paragraph_breaks.Laid
        ) -> list[tuple[tuple[float, bool], float]]:
            return _other_breaks(context, laid.line, following.line, laid.before.run)

        def whole(
            place: _Place, cap: tuple[float, bool] | None = None
        ) -> paragraph_breaks.Laid | None:
            # Set as after two hyphenated lines: soft hyphens only.
            return lay(replace(place, run=max(place.run, LIMIT)), cap)

        def overflows(place: _Place) -> bool:
            return context.page_bottom is not None and context.overflows_page(
                bottom_space, place.position_y
            )

        def ended(lines: list[paragraph_breaks.Laid]) -> list[paragraph_breaks.Laid]:
            return paragraph_breaks.unbroken_end(lines, lay, whole, ways, WHOLE_END_PX)

        justified = box.style["text_align_all"] == "justify"
        window: list[paragraph_breaks.Laid] = []
        past = False
        place = start
        ahead: paragraph_breaks.Laid | None = None
        while True:
            laid, ahead = ahead or lay(place), None
            if laid is None:
                break
            if justified and window and laid.movable and laid.resume_at is not None:
                window, laid = paragraph_breaks.rebroken(window, laid, lay, ways)
            window.append(laid)
            place = laid.after
            if laid.resume_at is None:
                if justified and laid.movable:
                    window = ended(window)
                break
            # A line the layout must place before the next is laid out (its note raises the
            # page bottom, its boxes are positioned) is given at once, with those before it;
            # so is every line from the one that passes the page's foot, where the layout
            # stops taking lines (the next page starts a new paragraph layout).
            if not past and overflows(place):
                past = True
                if LOOK_PAST_FOOT and justified and laid.hyphenated and laid.movable:
                    # The line over the foot, which opens the next page, ends on a broken word:
                    # when the next line ends the paragraph, the lines before the foot may
                    # still be set so that it ends on a whole word, which the next page's own
                    # layout could not (it has no line before them to take words from). The
                    # layout asks for that next line anyway (``widows``).
                    ahead = lay(place)
                    if ahead is not None and ahead.resume_at is None and ahead.movable:
                        window, ahead = ended([*window, ahead]), None
                        break
            while window and (past or not laid.movable or len(window) > paragraph_breaks.DEPTH):
                yield give(window.pop(0))
        for laid in window:
            yield give(laid)

    return iter_line_boxes


def _tracked(
    laid: paragraph_breaks.Laid, lay: Callable[..., paragraph_breaks.Laid | None]
) -> paragraph_breaks.Laid:
    """A line still loose once its breaks are chosen, set again with a little letter-spacing.

    The letters take part of the slack and the word spaces less. The line set again is kept
    only when it ends where it did, holds the same text, still fits its measure and has
    narrower word spaces as drawn: a space is widened by the letter-spacing of the space
    itself and half of that of each letter beside it.
    """
    texts = _texts(laid.line)
    spaces = sum(_spaces_in(box.text) for box in texts)
    letters = sum(len(box.text) for box in texts) - spaces
    if not spaces or letters <= 0:
        return laid
    size = laid.line.style["font_size"]
    step = TRACK_STEP_EM * size
    # Enough for the letters to take the slack above TRACK_STRETCH_PX, in whole steps.
    wanted = (laid.stretch - TRACK_STRETCH_PX) * spaces / letters
    tracking = min(round(wanted / step), round(TRACK_EM / TRACK_STEP_EM)) * step
    if tracking <= 0:
        return laid
    cap = laid.cap
    if cap is not None and cap != FULLER:
        # A line set within a narrower measure, to end earlier, keeps its end: the measure
        # widens by what the letter-spacing adds to the text.
        cap = (max(cap[0] - (letters + spaces) * tracking, 0.5), cap[1])
    again = lay(laid.before, cap, tracking)
    if (
        again is None
        or repr(again.resume_at) != repr(laid.resume_at)
        or again.held != laid.held
        or again.hyphenated != laid.hyphenated
        or again.line.height != laid.line.height
        or not again.movable
        or _squeezed(_texts(again.line))
        or again.stretch + 2 * tracking >= laid.stretch
    ):
        return laid
    return again


def _squeezed(texts: list[Any]) -> bool:
    """Whether justifying took width from a line's word spaces: it is wider than its measure."""
    return any(getattr(box, "justification_spacing", 0.0) < -0.01 for box in _spaced(texts))


# How much narrower than natural a word space may be set (CSS px; 1 pt, about a third of
# the natural space, as TeX's fonts allow): a line that would be loose takes in its next word
# when narrower spaces make it fit.
SHRINK_PX = 1.0 * 96 / 72


# A word space narrower than natural by more than a third (Gentium's is 451/2048 em) reads
# tight, as far as TeX lets a space shrink (bench/measure_print.py counts such lines). A line
# whose spaces would narrow so far to take up its next word is set instead with spaces
# CLOSER_SPACE_EM and letters CLOSER_EM narrower (a space narrows by the letter-spacing of
# itself and half of each letter beside it: 0.068 em in all, under the 0.073 em that reads
# tight), when that takes up the same words.
TIGHT_EM = 451 / 2048 / 3
CLOSER_SPACE_EM = 0.5 / 10.5
CLOSER_EM = 0.01


def _stretch(box: Any, result: tuple[Any, ...], available_width: float) -> float | None:
    """Extra width each word space of the line in ``result`` takes once justified (px).

    None for a last line (the paragraph's, or the whole text): it is not justified. Spaces
    set narrower than natural count as a negative stretch.
    """
    new_box, skip, _preserved = result
    if skip is None or new_box is None:
        return None
    return (available_width - new_box.width) / _spaces(new_box.text) - _narrower(new_box)


def _narrower(box: Any) -> float:
    """How much narrower than natural :func:`_restyled` set the word spaces of ``box``."""
    return float(getattr(box, "narrower_spaces", 0.0))


def _spaces(text: str) -> int:
    text = text.strip(" ")
    return max(text.count(" ") + text.count("\u00a0"), 1)


def _next_word(context: Any, box: Any, resume: int) -> tuple[str, float]:
    """The word a line broken at ``resume`` in ``box`` leaves for the next, and its width."""
    word = box.text.encode()[resume:].decode(errors="ignore").lstrip(" ").split(" ", 1)[0]
    if not word:
        return word, 0.0
    return word, _word_width(context, word, box.style)


def _restyled(context: Any, box: Any, **changes: Any) -> Any:
    """A copy of a text box under a style differing only by ``changes``.

    The styles are kept on the layout context (with the style they derive from, so its id
    stays its own) for the document's layout: it has a few dozen text styles, and copying a
    style for every line costs as much as many second layouts.
    """
    styles = context.__dict__.setdefault("_line_breaks_styles", {})
    key = (id(box.style), tuple(sorted(changes.items())))
    known = styles.get(key)
    if known is None or known[0] is not box.style:
        style = box.style.copy()
        for name, value in changes.items():
            style[name] = value
        known = styles[key] = (box.style, style)
    restyled = box.copy()
    restyled.style = known[1]
    if "word_spacing" in changes:
        restyled.narrower_spaces = box.style["word_spacing"] - known[1]["word_spacing"]
    return restyled


def _fitting(original: Callable[..., Any]) -> Callable[..., Any]:
    def split_text_box(
        context: Any, box: Any, available_width: float | None, skip: int, *args: Any, **kwargs: Any
    ) -> Any:
        if (
            not _active.get()
            or available_width is None
            or available_width == float("inf")
            or box.style["text_align_all"] != "justify"
        ):
            return original(context, box, available_width, skip, *args, **kwargs)
        from weasyprint.css.properties import ZERO_PIXELS

        tracking = _tracking.get()
        if tracking:
            base = box.style["letter_spacing"]
            base = 0.0 if base == "normal" else base
            box = _restyled(context, box, letter_spacing=round(base + tracking, 4))
        cap = _cap.get()
        if cap is not None:
            # A line set again to end earlier: its last word goes down whole, or hyphenated
            # wherever it fits.
            if box.style["hyphens"] != "auto":
                return original(context, box, available_width, skip, *args, **kwargs)
            if cap[1] and not _manual_only.get():
                styled = _restyled(context, box, hyphenate_limit_zone=ZERO_PIXELS)
            else:
                styled = _restyled(context, box, hyphens="manual")
            return original(context, styled, available_width, skip, *args, **kwargs)
        # Justified text is hyphenated only where a line would otherwise be loose (or a word
        # is wider than the measure): not by print.css's fixed zone, which serves ragged text.
        auto = box.style["hyphens"] == "auto" and not _manual_only.get()
        narrow = _narrow.get()
        spacing = box.style["word_spacing"] - SHRINK_PX
        plain = _restyled(context, box, hyphens="manual") if auto else box
        if narrow:
            plain = _restyled(context, plain, word_spacing=spacing)
        result = original(context, plain, available_width, skip, *args, **kwargs)
        if auto and result[0] is not None and result[0].width > available_width:
            return original(context, box, available_width, skip, *args, **kwargs)
        stretch = _stretch(box, result, available_width)
        tight = TIGHT_EM * box.style["font_size"]
        # A paragraph's last line is not justified: its spaces stay as narrow as they are set.
        shrunk = stretch if stretch is not None or result[0] is None else -_narrower(result[0])
        if narrow and shrunk is not None and shrunk < -tight:
            # A whole line set with narrower spaces to take up a word (see _narrowing).
            natural = _restyled(context, box, hyphens="manual") if auto else box
            closer = original(
                context, _closer(context, natural), available_width, skip, *args, **kwargs
            )
            if _same_words(closer, result, available_width):
                return closer
        if stretch is None or stretch <= LOOSE_STRETCH_PX:
            return result
        # Narrower spaces first, a hyphen only when they are not enough; a try that cannot
        # succeed (the next word is wider than all the room narrower spaces would make, or
        # too short to hyphenate) is not laid out.
        new_box, resume = result[0], result[1]
        spaces = _spaces(new_box.text)
        slack = available_width - new_box.width
        room = slack if narrow else slack + spaces * SHRINK_PX
        word, width = _next_word(context, box, resume)
        total, left, _right = box.style["hyphenate_limit_chars"]
        prefix = 0.8 * width * left / max(len(word), 1)
        tries: list[tuple[bool, Any, Any]] = []  # hyphenating, the box, it at natural spaces
        if not narrow and width < room:
            tries.append((False, _restyled(context, plain, word_spacing=spacing), plain))
        if auto and sum(char.isalpha() for char in word) >= total:
            anywhere = _restyled(context, box, hyphenate_limit_zone=ZERO_PIXELS)
            if not narrow and prefix < slack:
                tries.append((True, anywhere, anywhere))
            if prefix < room:
                tries.append((True, _restyled(context, anywhere, word_spacing=spacing), anywhere))
        context.__dict__["_line_breaks_narrowed"] = True
        candidates = [(stretch, result)]
        for hyphenating, candidate, natural in tries:
            if hyphenating and min(found[0] for found in candidates) <= HYPHEN_STRETCH_PX:
                break
            found = original(context, candidate, available_width, skip, *args, **kwargs)
            found_stretch = _stretch(box, found, available_width)
            if found_stretch is None or found[1] < result[1] or found_stretch < -SHRINK_PX:
                continue  # a last line, a shorter one, or one that overflows the measure
            if found_stretch < -tight:
                # Spaces that narrow would read tight: the letters take part of it.
                closer = original(
                    context, _closer(context, natural), available_width, skip, *args, **kwargs
                )
                if _same_words(closer, found, available_width):
                    return closer
            if found_stretch <= LOOSE_STRETCH_PX:
                return found
            candidates.append((found_stretch, found))
        return min(candidates, key=lambda candidate: candidate[0])[1]

    return split_text_box


def _closer(context: Any, box: Any) -> Any:
    """``box`` set with its word spaces :data:`CLOSER_SPACE_EM` and its letters
    :data:`CLOSER_EM` narrower: a line tight with narrower spaces alone reads even."""
    size = box.style["font_size"]
    base = box.style["letter_spacing"]
    base = 0.0 if base == "normal" else base
    return _restyled(
        context,
        box,
        word_spacing=box.style["word_spacing"] - CLOSER_SPACE_EM * size,
        letter_spacing=round(base - CLOSER_EM * size, 4),
    )


def _same_words(found: tuple[Any, ...], other: tuple[Any, ...], available_width: float) -> bool:
    """Whether a text box's layout ends where ``other`` does and fits the measure."""
    return found[0] is not None and found[1] == other[1] and found[0].width <= available_width


def _spaced(texts: list[Any]) -> list[Any]:
    return [box for box in texts if " " in box.text or "\u00a0" in box.text]


def _line_stretch(line: Any) -> tuple[float, float]:
    """The least and the most extra width a word space of a justified line took (px)."""
    return _stretches(_texts(line))


def _stretches(texts: list[Any]) -> tuple[float, float]:
    stretches = [
        getattr(box, "justification_spacing", 0.0) - _narrower(box) for box in _spaced(texts)
    ]
    return (min(stretches), max(stretches)) if stretches else (0.0, 0.0)


def _overflows(texts: list[Any]) -> bool:
    """Whether justifying had to squeeze a line set with narrower spaces: it is too long."""
    return any(
        getattr(box, "justification_spacing", 0.0) < -0.01
        for box in _spaced(texts)
        if _narrower(box)
    )


def _held(line: Any) -> int:
    texts = _texts(line)
    return sum(len(box.text) for box in texts) - _hyphenated(texts)


def _narrowing(original: Callable[..., Any]) -> Callable[..., Any]:
    """A loose line laid out again with narrower spaces throughout, kept when it holds more.

    :func:`_fitting` narrows the spaces of the text box the line breaks in; a line that breaks
    before an inline element (an indexed word, a link, emphasis) needs the spaces of the
    whole line narrowed for the element to come up.
    """

    def get_next_linebox(context: Any, linebox: Any, *args: Any, **kwargs: Any) -> Any:
        if (
            not _active.get()
            or _narrow.get()
            or _cap.get() is not None
            or linebox.style["text_align_all"] != "justify"
        ):
            return original(context, linebox, *args, **kwargs)
        absolute_boxes, fixed_boxes = args[4] or [], args[5] or []
        placed = (len(absolute_boxes), len(fixed_boxes))
        context.__dict__["_line_breaks_narrowed"] = False
        line, resume_at = original(context, linebox, *args, **kwargs)
        if (
            context.__dict__["_line_breaks_narrowed"]  # where it breaks, in its text
            or line is None
            or resume_at is None
            or context.excluded_shapes
            or placed != (len(absolute_boxes), len(fixed_boxes))
        ):
            return line, resume_at
        stretch = _line_stretch(line)[1]
        if stretch <= LOOSE_STRETCH_PX:
            return line, resume_at
        token = _narrow.set(True)
        try:
            narrowed, narrowed_resume = original(context, linebox, *args, **kwargs)
        finally:
            _narrow.reset(token)
        if (
            narrowed is not None
            and placed == (len(absolute_boxes), len(fixed_boxes))
            and _held(narrowed) > _held(line)
            and not _overflows(_texts(narrowed))
            and _line_stretch(narrowed)[1] < stretch
        ):
            return narrowed, narrowed_resume
        return line, resume_at

    return get_next_linebox


def _other_breaks(
    context: Any, line: Any, following: Any, run: int
) -> list[tuple[tuple[float, bool], float]]:
    """Ways to set ``line`` again so that it ends elsewhere, each with its least stretch (px).

    A way is a measure narrower than the line's for its breaking (CSS px: the room its word
    spaces took beyond natural, plus half its last word, which then goes down whole; or plus
    half a pixel, its last word hyphenated where it fits, when it can be), or :data:`FULLER`
    (narrower spaces taking up the first word of ``following``, when it can fit). The least
    stretch spares laying out a way that cannot beat a better one.
    """
    texts = _texts(line)
    if not texts:
        return []
    spaces = sum(_spaces_in(box.text) for box in texts)
    slack = sum(
        _spaces_in(box.text) * (getattr(box, "justification_spacing", 0.0) - _narrower(box))
        for box in texts
    )
    last = texts[-1]
    width = _word_width(context, _words(last.text)[-1], last.style)
    ways: list[tuple[tuple[float, bool], float]] = []
    after = _texts(following)
    if after and not any(_narrower(box) for box in texts):
        first = _words(after[0].text)[0]
        if _word_width(context, first, after[0].style) < slack + spaces * SHRINK_PX:
            ways.append((FULLER, 0.0))
    ways.append(((max(slack + width / 2, 0.5), False), (slack + width) / max(spaces - 1, 1)))
    word = _words(last.text)[-1]
    total = last.style["hyphenate_limit_chars"][0]
    if (
        last.style["hyphens"] == "auto"
        and run < LIMIT
        and (ends_hyphenated(line) or sum(char.isalpha() for char in word) >= total)
    ):
        ways.append(((max(slack + 0.5, 0.5), True), slack / max(spaces, 1)))
    return ways


def _texts(line: Any) -> list[Any]:
    return [box for box in line.descendants() if getattr(box, "text", None)]


def _words(text: str) -> list[str]:
    return text.strip(" ").replace("\u00a0", " ").split(" ")


def _word_width(context: Any, word: str, style: Any) -> float:
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(word, style, context, None, 0)
    first_line, _ = layout.get_first_line()
    width = float(line_size(first_line, style)[0])
    layout.deactivate()
    return width


def _spaces_in(text: str) -> int:
    return text.count(" ") + text.count("\u00a0")


@contextmanager
def _capped_breaking(capped: bool) -> Iterator[None]:
    """While a line is set again within a narrower measure, its breaking sees that measure.

    Only then: a wrapper around ``split_inline_box``, which recurses through the inline boxes,
    would otherwise add a call to every level of every line's layout.
    """
    if not capped:
        yield
        return
    from weasyprint.layout import inline

    original = inline.split_inline_box
    inline.split_inline_box = _capped(original)
    try:
        yield
    finally:
        inline.split_inline_box = original


def _capped(original: Callable[..., Any]) -> Callable[..., Any]:
    """A line set again to end earlier breaks within a narrower measure (see :data:`_cap`)."""

    def split_inline_box(
        context: Any, box: Any, position_x: float, max_x: float, *args: Any, **kwargs: Any
    ) -> Any:
        cap = _cap.get()
        if cap is not None and _active.get() and type(box).__name__ == "LineBox":
            max_x -= cap[0]
        return original(context, box, position_x, max_x, *args, **kwargs)

    return split_inline_box


def _trimmed(original: Callable[..., Any]) -> Callable[..., Any]:
    """The space a line ends with is also taken out of the text drawn, not only measured.

    WeasyPrint strips a line's last space from the text box and its width but keeps the
    box's laid-out text, which then draws the space past the column: on a line that ends
    before an inline element (emphasis, an indexed word) that did not fit.
    """

    def remove_last_whitespace(context: Any, line: Any) -> Any:
        result = original(context, line)
        if not _active.get():
            return result
        box = line
        while getattr(box, "children", None):
            box = box.children[-1]
        layout = getattr(box, "pango_layout", None)
        text = getattr(box, "text", None)
        if text and layout is not None and getattr(layout, "text", text) != text:
            from weasyprint.layout.inline import split_text_box

            fresh = split_text_box(context, box, None, 0)[0]
            if fresh is not None:
                box.pango_layout = fresh.pango_layout
        return result

    return remove_last_whitespace


def _manual_when_limited(original: Callable[..., Any]) -> Callable[..., Any]:
    def split_first_line(text: str, style: Any, *args: Any, **kwargs: Any) -> Any:
        if _active.get() and _manual_only.get() and style["hyphens"] == "auto":
            style = style.copy()
            style["hyphens"] = "manual"
        return original(text, style, *args, **kwargs)

    return split_first_line


def _wrappers() -> list[Wrapping] | None:
    from weasyprint.layout import block, inline

    if not hasattr(inline, "split_inline_box"):  # wrapped only while a line is set again
        return None
    return [
        (block, "iter_line_boxes", _limited_lines),
        (inline, "split_first_line", _manual_when_limited),
        (inline, "split_text_box", _fitting),
        (inline, "get_next_linebox", _narrowing),
        (inline, "remove_last_whitespace", _trimmed),
    ]


_patch = LayoutPatch(_active, _wrappers)
install = _patch.install


@contextmanager
def limited() -> Iterator[None]:
    """Lay out with these rules, notes kept on their calls' pages (see
    :mod:`compiler.interior.note_pages`) and facing pages of equal depth (see
    :mod:`compiler.interior.spreads`): ``with limited(): html.render(...)``."""
    with _patch.on(), note_pages.kept(), spreads.balanced():
        yield
