"""Fitting a cover in few layouts, with the same result as trying every size in turn.

The searches of :mod:`compiler.covers.fit` are checked against plain rules (every size tried
from the largest down), for every place the answer can fall and with hints good and bad; the
spine's estimate is checked against a real layout's glyphs; and the example books' covers are
counted: one WeasyPrint layout each, where they took two or three before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from compiler.config import PrintSettings
from compiler.covers import back, draw, fit
from compiler.covers.draw import CoverDesign, CoverText, write_print_cover
from test_cover import POWER, SAKER, glyph_boxes

SIZES = back.sizes_down(13.5)  # 13.5 pt down to 9 pt on the quarter-point grid


def search(fits_from: int | None, hint_at: float | None, about_fits_from: int | None = None):
    """Run a blurb search where sizes from index ``fits_from`` on fit (None: none do) with the
    author's block, from ``about_fits_from`` without it; return (answer, sizes tried)."""
    blurb = fit.BlurbSearch(SIZES, (True, False))
    tried = []
    while blurb.answer is None:
        size, about = blurb.candidate()
        tried.append((size, about))
        limit = fits_from if about else about_fits_from
        blurb.record((size, about), limit is not None and SIZES.index(size) >= limit)
        if blurb.wants_hint and hint_at is not None:
            blurb.hint(hint_at)
    return blurb, tried


def in_turn(fits_from: int | None, about_fits_from: int | None) -> tuple[float, bool]:
    """The answer of trying every size from the largest down, with then without the block."""
    for about, limit in ((True, fits_from), (False, about_fits_from)):
        if limit is not None:
            return SIZES[limit], about
    return SIZES[-1], False


@pytest.mark.parametrize("fits_from", [*range(len(SIZES)), None])
@pytest.mark.parametrize("hint_at", [None, 13.5, 12.0, 10.6, 9.0, 4.0])
def test_the_blurb_search_finds_what_trying_every_size_finds(
    fits_from: int | None, hint_at: float | None
) -> None:
    about_fits_from = 3 if fits_from is None else None
    blurb, tried = search(fits_from, hint_at, about_fits_from)
    assert blurb.answer == in_turn(fits_from, about_fits_from)
    assert len(tried) == len(set(tried))  # no layout repeated
    assert len(tried) <= 2 * (2 + len(SIZES).bit_length())


@pytest.mark.parametrize("fits_from", range(1, len(SIZES)))
def test_a_right_hint_settles_the_blurb_in_three_layouts(fits_from: int) -> None:
    """The size that does not fit, the hinted one and its larger neighbour."""
    _, tried = search(fits_from, SIZES[fits_from])
    assert len(tried) == (2 if fits_from == 1 else 3)


def test_a_blurb_that_fits_as_chosen_takes_one_layout() -> None:
    blurb, tried = search(0, None)
    assert tried == [(SIZES[0], True)]
    assert blurb.fitted


def spine(lines, length=500.0, size=9.0):
    return fit.SpineSearch(lines, length, size, 7.0, 0.99)


def test_the_spine_starts_at_the_size_its_widths_allow() -> None:
    # 500 pt of room, 60 pt a point of type: 8.25 pt, under the 9 pt the thickness allows.
    assert spine([(("title",), 60.0, 20.0)]).current.size == pytest.approx(500 / 60 * 0.99)
    assert spine([(("title",), 40.0, 20.0)]).current.size == 9.0
    assert spine([(("title",), 40.0, 7.5)]).current.size == 7.5  # its ink across the spine


def test_a_spine_line_that_cannot_reach_the_minimum_is_left_off_without_a_layout() -> None:
    search_ = spine([(("title", "author"), 80.0, 20.0), (("title",), 30.0, 20.0)])
    assert search_.current == fit.SpineLine(("title",), 9.0)
    across = spine([(("title", "author"), 10.0, 6.5), (("title",), 5.0, 8.0)])
    assert across.current == fit.SpineLine(("title",), 8.0)


def test_a_spine_line_is_refitted_once_then_gives_way() -> None:
    search_ = spine([(("title", "author"), 50.0, 20.0), (("title",), 30.0, 20.0)])
    assert search_.current.size == 9.0
    search_.overflowed(0.9)
    assert search_.current == fit.SpineLine(("title", "author"), pytest.approx(8.1))
    search_.overflowed(0.95)  # a second overflow: the author goes
    assert search_.current == fit.SpineLine(("title",), 9.0)
    search_.overflowed(0.5)  # 4.5 pt would be under the minimum: the spine stays bare
    assert search_.bare and search_.current.parts == ()


def test_the_spine_estimate_matches_the_glyphs_across_the_spine(tmp_path: Path) -> None:
    """Power and Music on 88 pages (a 0.22 in spine): at 7 pt the "J" of "James" and the
    commas of the author line reach past the fold's safe line, the title's capitals do not;
    the estimate says so before any layout, and the drawn cover agrees."""
    g = draw.cover_geometry(PrintSettings(), 88)
    thickness = g.spine_safe.width * 72
    names = "James Madison, Alexander Hamilton, Edward MacDowell and The Saker"
    assert fit.spine_across_pt([POWER.title, names], thickness, 0.1) < 7.0
    assert fit.spine_across_pt([POWER.title], thickness, 0.1) > 7.0
    target = tmp_path / "cover.pdf"
    write_print_cover(POWER, PrintSettings(), 88, target)
    on_spine = [char for char, box in glyph_boxes(target) if g.spine.left < box[0] < g.spine.right]
    assert "".join(on_spine) == "POWERANDMUSIC"


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    count = [0]
    render = weasyprint.HTML.render

    def counting(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        count[0] += 1
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", counting)
    return count


BLURB = "<p>" + " ".join(["Ambition must be made to counteract ambition."] * 4) + "</p>"


@pytest.mark.parametrize(
    ("meta", "pages", "style"),
    [
        (POWER, 88, "classic"),
        (POWER, 300, "typographic"),
        (SAKER, 130, "photo"),
        (SAKER, 60, "classic"),
    ],
)
def test_a_cover_that_fits_as_first_set_takes_one_layout(
    layouts: list[int], tmp_path: Path, meta, pages: int, style: str
) -> None:
    """Before, the back's fit and the spine's were separate layouts, and a spine line too long
    was laid out before it was set smaller: two or three layouts a cover."""
    design = CoverDesign(style=style)
    write_print_cover(
        meta, PrintSettings(), pages, tmp_path / "c.pdf", CoverText(BLURB, design=design)
    )
    assert layouts[0] == 1
