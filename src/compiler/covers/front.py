"""The front's type: how large the title is set for its length, and where its lines break.

One fixed title size cannot serve every book: "Power and Music" at the size that suits "The
Federalist Papers, Numbers 1 to 45" leaves a third of the panel bare, and the long title at
the size that suits the short one breaks into a stub ("The Federalist / Papers, / Numbers 1
to 45"). Each style gives a range of sizes, a most lines and the share of the panel's height
the title may take; the title gets the largest size in that range whose balanced lines fit
the measure, are even (no stub line), leave no word alone on a line ("Papers," between "The
Federalist" and "Numbers 1 to 45"), and stand within that height. A title whose every cut in
that range leaves a word alone is set smaller, in fewer lines, down to :data:`FLOOR_EM`.
The subtitle and the author line are cut by the same rules.

The title is measured with the bundled face (:mod:`compiler.book.display_measure`), so
choosing its size costs no layout; cover.css receives the size and the lines, and the glyph
check of :mod:`compiler.covers.draw` still guards the zone.

Nothing here draws: sizes and lines are plain values, tested without a renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..book import display_lines
from ..book.display_measure import measuring_font
from ..book.model import BookMeta
from .back import DESIGN_WIDTH_IN

POINTS_PER_INCH = 72.0
COVER_EM_PT = 11.0
"""cover.css: ``.cover { font-size: calc(11pt * var(--cover-scale)) }``."""
_STEP_EM = 0.05
"""Title sizes are tried on this grid, so the same title always lands on the same size."""
_SUBTITLE_SHARE = 0.5
FLOOR_EM = 2.0
"""The smallest title a front sets (22 pt on a 6 in panel); a title that does not fit even so
is named by the glyph check."""


@dataclass(frozen=True)
class FrontType:
    """The front's type in a style, in cover.css units (ems of the 11 pt cover text, inches of
    a 6 in panel): given to the stylesheet and used to measure the title for balanced lines.

    ``title_em`` is the size cover.css sets; a style's entry in :data:`FRONT_TYPE` holds the
    largest, and :func:`front_type` the one chosen for a title, between ``title_min_em`` (or
    :data:`FLOOR_EM` for a title that has no cut without a word alone there) and it, in at
    most ``title_lines`` lines no taller together than ``title_share`` of the front's safe
    height.
    """

    title_em: float
    subtitle_em: float
    pad_x_in: float  # each side of the front's text, inside its safe area
    frame_pt: float = 0.0  # a border drawn inside the safe area
    title_min_em: float = 0.0
    title_lines: int = 3
    title_share: float = 0.3
    title_leading: float = 1.08  # cover.css line-height of the title
    subtitle_max_em: float = 0.0  # a subtitle is set larger, up to this, when there is room
    title_even: float = 0.55
    """A line of a broken title shorter than this share of its longest reads as a stub: the
    title is set smaller, in fewer lines, rather than so. Type ranged left takes ragged
    lines better than type centred."""
    author_em: float = 1.5  # cover.css .book-author: its size and letter-spacing, to balance
    author_tracking_em: float = 0.08


# One entry per style of ``COVER_STYLES`` (config/schema.py, which must not load this module).
FRONT_TYPE = {
    "classic": FrontType(
        6.4,
        1.6,
        0.35,
        frame_pt=3.0,
        title_min_em=3.0,
        title_lines=3,
        title_share=0.36,
        subtitle_max_em=2.3,
        title_even=0.45,
        author_em=1.6,
    ),
    "typographic": FrontType(
        7.6,
        1.75,
        0.35,
        title_min_em=4.0,
        title_lines=4,
        title_share=0.5,
        title_leading=1.0,
        subtitle_max_em=2.4,
        title_even=0.3,
        author_em=1.7,
        author_tracking_em=0.04,
    ),
    "photo": FrontType(
        5.6,
        1.4,
        0.35,
        title_min_em=2.8,
        title_lines=2,
        title_share=0.12,
        title_leading=1.02,
        subtitle_max_em=1.7,
    ),
}


def _scale(trim_width_in: float) -> float:
    return trim_width_in / DESIGN_WIDTH_IN


def measure_pt(style: str, front_width_in: float, trim_width_in: float) -> float:
    """The width the title and subtitle are set in, in points: the front's safe width less
    the style's side padding and frame."""
    front = FRONT_TYPE[style]
    padding = _scale(trim_width_in) * 2 * front.pad_x_in
    return (front_width_in - padding) * POINTS_PER_INCH - 2 * front.frame_pt


def title_lines(
    title: str,
    size_pt: float,
    room_pt: float,
    language: str = "en",
    names: tuple[str, ...] = (),
    italic: bool = False,
) -> list[str]:
    """``title`` in balanced lines at ``size_pt`` on a measure of ``room_pt`` (a subtitle is
    measured in the italic it is set in)."""
    bound = display_lines.bind(title, language, names)
    length = measuring_font(round(size_pt, 2), italic).getlength
    return display_lines.balanced_breaks(bound, length, room_pt, language)


def author_lines(
    authors: tuple[str, ...], size_pt: float, tracking_em: float, room_pt: float
) -> list[str]:
    """The front's author line ("A, B and C", each name unbreakable) in balanced lines, as
    cover.css sets it: small capitals at ``size_pt`` spaced by ``tracking_em``."""
    font = measuring_font(round(size_pt, 2))

    def length(text: str) -> float:
        return font.getlength(text, features=["smcp"]) + len(text) * tracking_em * size_pt

    return display_lines.balanced_breaks(display_lines.name_list(authors), length, room_pt)


def _acceptable(
    lines: list[str],
    size_pt: float,
    room_pt: float,
    height_pt: float,
    spec: FrontType,
    even: float,
    alone: bool = False,
) -> bool:
    """Whether ``lines`` fit the measure, are few and even enough, and not too tall; and,
    unless ``alone``, whether none of them holds a word by itself."""
    length = measuring_font(round(size_pt, 2)).getlength
    widths = [length(line) for line in lines]
    if max(widths) > room_pt or len(lines) > spec.title_lines:
        return False
    if len(lines) * size_pt * spec.title_leading > height_pt:
        return False
    if not alone and display_lines.lone_words(lines):
        return False
    return len(lines) == 1 or min(widths) >= even * max(widths)


def title_em(meta: BookMeta, style: str, front: tuple[float, float], trim_width_in: float) -> float:
    """The title's size in cover ems for a front whose safe area is ``front`` (width, height
    in inches) on a trim ``trim_width_in`` wide: the largest of the style's range that sets it
    well (see the module's docstring); its smallest when none does, where a title too long
    even then is left to the glyph check, which names it."""
    spec = FRONT_TYPE[style]
    scale = _scale(trim_width_in)
    room = measure_pt(style, front[0], trim_width_in)
    height = spec.title_share * front[1] * POINTS_PER_INCH
    steps = round((spec.title_em - spec.title_min_em) / _STEP_EM)
    below = round((spec.title_min_em - FLOOR_EM) / _STEP_EM)
    # Even lines without a word alone first; then lines as even as the breaks allow. A title
    # whose every cut in the range leaves a word alone ("Critical / and Historical Essays")
    # is set smaller, down to the floor, in lines that leave none (here, one); only a title
    # that has no such cut even there gets the largest size that fits with one.
    searches = (
        (spec.title_even, False, steps),
        (0.0, False, steps),
        (0.0, False, steps + below),
        (0.0, True, steps),
    )
    for even, alone, count in searches:
        for step in range(count + 1):
            em = round(spec.title_em - step * _STEP_EM, 4)
            size = em * COVER_EM_PT * scale
            lines = title_lines(meta.title, size, room, meta.language, meta.authors)
            if _acceptable(lines, size, room, height, spec, even, alone):
                return em
    # A word too wide for the measure even at the style's smallest size: smaller still, down
    # to a floor, rather than a title running off the front.
    em = spec.title_min_em
    while em > FLOOR_EM:
        size = em * COVER_EM_PT * scale
        lines = title_lines(meta.title, size, room, meta.language, meta.authors)
        if max(measuring_font(round(size, 2)).getlength(line) for line in lines) <= room:
            break
        em = round(em - _STEP_EM, 4)
    return em


def subtitle_em(
    meta: BookMeta, style: str, title: float, front_width_in: float, trim_width_in: float
) -> float:
    """The subtitle's size in cover ems under a title of ``title`` ems: larger than the
    style's own when it has room, so a short title and subtitle fill the front rather than
    float in it, but in two lines at most, none of them a word alone, and no more than
    :data:`_SUBTITLE_SHARE` of the title, so it never competes with it."""
    spec = FRONT_TYPE[style]
    if not meta.subtitle or spec.subtitle_max_em <= spec.subtitle_em:
        return spec.subtitle_em
    scale = _scale(trim_width_in)
    room = measure_pt(style, front_width_in, trim_width_in)
    largest = min(spec.subtitle_max_em, _SUBTITLE_SHARE * title)
    steps = round((largest - spec.subtitle_em) / _STEP_EM)
    for step in range(steps + 1):
        em = round(largest - step * _STEP_EM, 4)
        size = em * COVER_EM_PT * scale
        lines = title_lines(meta.subtitle, size, room, meta.language, meta.authors, italic=True)
        widths = [measuring_font(round(size, 2), True).getlength(line) for line in lines]
        if len(lines) <= 2 and max(widths) <= room and not display_lines.lone_words(lines):
            return em
    return spec.subtitle_em


def front_type(
    meta: BookMeta, style: str, front: tuple[float, float], trim_width_in: float
) -> FrontType:
    """The style's front type with the title's and subtitle's sizes chosen for ``meta``."""
    title = title_em(meta, style, front, trim_width_in)
    subtitle = subtitle_em(meta, style, title, front[0], trim_width_in)
    return replace(FRONT_TYPE[style], title_em=title, subtitle_em=subtitle)


def balanced_front_lines(
    meta: BookMeta, spec: FrontType, room_pt: float, trim_width_in: float
) -> dict[str, list[str]]:
    """The title, subtitle and author line cut into balanced lines at the sizes of ``spec`` on
    a measure of ``room_pt`` (see :func:`measure_pt`).

    Measured with the bundled face: a volume stylesheet with another face or size shifts the
    widths a little, and a line that then overflows wraps at its remaining spaces (the glyph
    check still guards the zone).
    """
    scale = _scale(trim_width_in)
    lines: dict[str, list[str]] = {}
    for key, text, em in (
        ("title", meta.title, spec.title_em),
        ("subtitle", meta.subtitle, spec.subtitle_em),
    ):
        if text:
            size = em * COVER_EM_PT * scale
            italic = key == "subtitle"
            lines[key] = title_lines(text, size, room_pt, meta.language, meta.authors, italic)
    if meta.authors:
        size = spec.author_em * COVER_EM_PT * scale
        lines["author"] = author_lines(meta.authors, size, spec.author_tracking_em, room_pt)
    return lines


def scaled(spec: FrontType, factor: float) -> FrontType:
    """``spec`` with its title and subtitle ``factor`` times as large: for a volume's own face
    wider than the bundled one the sizes were measured with (see :mod:`compiler.covers.fit`)."""
    if factor == 1.0:
        return spec
    return replace(spec, title_em=spec.title_em * factor, subtitle_em=spec.subtitle_em * factor)
