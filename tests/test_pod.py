"""Print-on-demand rules: the published figures, and the properties the PDF and cover writers
rely on (recommended margins never below the minimums, monotonic in page count, brackets that
change exactly when the gutter does, ``generic`` at least as strict as every service)."""

from __future__ import annotations

import dataclasses

import pytest

from compiler.interior import services as pod

SERVICES = ["kdp", "ingramspark", "lulu"]
COUNTS = range(1, 1300)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("6x9in", (6.0, 9.0)),
        ("6 x 9 in", (6.0, 9.0)),
        ("6×9in", (6.0, 9.0)),
        ("6x9", (6.0, 9.0)),
        ("A5", (5.83, 8.27)),
        ("6.14x9.21in", (6.14, 9.21)),
        ("5.25X8IN", (5.25, 8.0)),
        ("152.4x228.6mm", (6.0, 9.0)),
        ("8x10in", (8.0, 10.0)),
    ],
)
def test_parse_trim(text: str, size: tuple[float, float]) -> None:
    assert pod.parse_trim(text) == pytest.approx(size)


def test_every_named_trim_parses_to_itself() -> None:
    for name, size in pod.TRIMS.items():
        assert pod.parse_trim(name) == size
    assert pod.parse_trim("148x210mm") == pytest.approx(pod.TRIMS["a5"], abs=0.005)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("6x9cm", "use one of: 5x8in, "),
        ("7x8", "WxH in 'in' or 'mm'"),
        ("1x2in", "outside"),
        ("", "unknown trim"),
    ],
)
def test_parse_trim_errors_list_what_is_accepted(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pod.parse_trim(text)


def test_unknown_service_lists_the_accepted_ones() -> None:
    with pytest.raises(ValueError, match="kdp, ingramspark, lulu, generic"):
        pod.margins("createspace", 200)
    assert pod.service(" KDP ").name == "kdp"


@pytest.mark.parametrize(
    ("pages", "gutter"),
    [
        (24, 0.375),
        (150, 0.375),
        (151, 0.5),
        (300, 0.5),
        (301, 0.625),
        (500, 0.625),
        (501, 0.75),
        (700, 0.75),
        (701, 0.875),
        (828, 0.875),
    ],
)
def test_kdp_minimum_gutter_by_page_count(pages: int, gutter: float) -> None:
    assert pod.margins("kdp", pages).gutter_in == gutter


def test_kdp_outside_margins_with_and_without_bleed() -> None:
    assert pod.margins("kdp", 200, bleed=False) == pod.Margins(0.5, 0.25, 0.25, 0.25)
    assert pod.margins("kdp", 200, bleed=True) == pod.Margins(0.5, 0.375, 0.375, 0.375)


@pytest.mark.parametrize("name", ["ingramspark", "lulu"])
def test_half_inch_safety_margin_services(name: str) -> None:
    for pages in (20, 200, 700):
        for bleed in (False, True):
            m = pod.margins(name, pages, bleed)
            assert min(m.gutter_in, m.outside_in, m.top_in, m.bottom_in) >= 0.5


def test_lulu_gutter_grows_with_page_count() -> None:
    assert [pod.margins("lulu", n).gutter_in for n in (60, 61, 150, 151, 400, 401, 601)] == [
        0.5,
        0.75,
        0.75,
        1.0,
        1.0,
        1.125,
        1.25,
    ]


def test_page_count_must_be_positive() -> None:
    for call in (pod.margins, pod.margin_bracket, pod.spine_text_allowed):
        with pytest.raises(ValueError, match="positive"):
            call("kdp", 0)


@pytest.mark.parametrize("name", [*SERVICES, "generic"])
def test_bracket_changes_exactly_when_the_gutter_does(name: str) -> None:
    for pages in COUNTS[1:]:
        moved = pod.margin_bracket(name, pages) != pod.margin_bracket(name, pages - 1)
        grew = pod.margins(name, pages).gutter_in != pod.margins(name, pages - 1).gutter_in
        assert moved == grew, pages


def test_bracket_ids() -> None:
    assert pod.margin_bracket("kdp", 24) == "kdp:1-150"
    assert pod.margin_bracket("kdp", 151) == "kdp:151-300"
    assert pod.margin_bracket("kdp", 828) == "kdp:701+"
    assert pod.margin_bracket("lulu", 400) == "lulu:151-400"


@pytest.mark.parametrize("name", [*SERVICES, "generic"])
@pytest.mark.parametrize("trim", list(pod.TRIMS))
def test_recommended_margins_respect_minimums_and_grow_monotonically(name: str, trim: str) -> None:
    for bleed in (False, True):
        previous = None
        for pages in range(1, 1300, 11):
            low = pod.margins(name, pages, bleed)
            rec = pod.recommended_margins(name, pages, bleed, trim)
            for field in dataclasses.fields(pod.Margins):
                value = getattr(rec, field.name)
                assert value >= getattr(low, field.name)
                assert (value * 32).is_integer()  # whole 32nds of an inch
                if previous is not None:
                    assert value >= getattr(previous, field.name)
            previous = rec


def test_recommended_margins_are_a_book_page() -> None:
    rec = pod.recommended_margins("kdp", 320, False, "6x9in")
    assert rec == pod.Margins(gutter_in=0.875, outside_in=0.625, top_in=0.71875, bottom_in=0.8125)
    assert rec.bottom_in > rec.top_in  # the foot carries the folio
    assert rec == pod.recommended_margins("kdp", 320, False, (6.0, 9.0))  # deterministic


def test_recommended_margins_scale_with_the_trim() -> None:
    small = pod.recommended_margins("kdp", 200, False, "5x8in")
    large = pod.recommended_margins("kdp", 200, False, "8.5x11in")
    assert small.outside_in < large.outside_in and small.top_in < large.top_in
    assert small.gutter_in == large.gutter_in  # binding creep depends on pages, not trim


@pytest.mark.parametrize(
    ("name", "trim", "paper", "limits"),
    [
        ("kdp", "6x9in", "white", (24, 828)),
        ("kdp", "6x9in", "cream", (24, 776)),
        ("kdp", "8.5x11in", "white", (24, 590)),
        ("kdp", "8.5x11in", "cream", (24, 550)),
        ("kdp", "8.25x6in", "white", (24, 800)),
        ("kdp", "210x297mm", "cream", (24, 730)),
        ("kdp", "a5", "cream", (24, 776)),
        ("ingramspark", "6x9in", "cream", (18, 1200)),
        ("lulu", "6x9in", "white", (32, 800)),
    ],
)
def test_page_limits(name: str, trim: str, paper: str, limits: tuple[int, int]) -> None:
    assert pod.page_limits(name, trim, paper) == limits


def test_unknown_paper_lists_the_papers() -> None:
    with pytest.raises(ValueError, match="white, cream"):
        pod.page_limits("kdp", "6x9in", "ivory")
    with pytest.raises(ValueError, match="white, cream"):
        pod.spine_width_in("kdp", 200, "glossy")


@pytest.mark.parametrize(
    ("name", "pages", "paper", "width"),
    [
        ("kdp", 300, "cream", 0.75),
        ("kdp", 200, "white", 0.4504),
        ("kdp", 700, "cream", 1.75),
        ("ingramspark", 300, "cream", 0.75),
        ("lulu", 444, "cream", 1.06),
        ("lulu", 222, "white", 0.56),
    ],
)
def test_spine_width(name: str, pages: int, paper: str, width: float) -> None:
    assert pod.spine_width_in(name, pages, paper) == pytest.approx(width)


@pytest.mark.parametrize(("name", "fewest"), [("kdp", 79), ("lulu", 80), ("ingramspark", 48)])
def test_spine_text_threshold(name: str, fewest: int) -> None:
    assert not pod.spine_text_allowed(name, fewest - 1)
    assert pod.spine_text_allowed(name, fewest)


def test_cover_constants() -> None:
    assert pod.BLEED_IN == 0.125
    assert pod.SPINE_SAFE_IN == 0.0625
    assert pod.service("kdp").cover_safe_in == 0.125


def test_pdf_standard_is_a_variant_weasyprint_can_write() -> None:
    from weasyprint.pdf import VARIANTS

    for name in pod.SERVICES:
        variant = pod.pdf_standard(name)
        assert variant is None or variant in VARIANTS
    assert pod.pdf_standard("ingramspark") == "pdf/x-1a" and pod.needs_cmyk("ingramspark")
    assert pod.pdf_standard("kdp") is None and not pod.needs_cmyk("kdp")


@pytest.mark.parametrize("name", SERVICES)
def test_generic_is_at_least_as_strict_as(name: str) -> None:
    other, generic = pod.service(name), pod.service("generic")
    for pages in COUNTS:
        for bleed in (False, True):
            strict, loose = pod.margins("generic", pages, bleed), pod.margins(name, pages, bleed)
            assert all(
                getattr(strict, f.name) >= getattr(loose, f.name)
                for f in dataclasses.fields(pod.Margins)
            )
    for trim in pod.TRIMS:
        for paper in pod.PAPERS:
            low, high = pod.page_limits("generic", trim, paper)
            other_low, other_high = pod.page_limits(name, trim, paper)
            assert low >= other_low and high <= other_high
    assert generic.spine_text_pages >= other.spine_text_pages
    assert generic.cover_safe_in >= other.cover_safe_in


@pytest.mark.parametrize("name", list(pod.SERVICES))
def test_service_tables_are_complete(name: str) -> None:
    svc = pod.service(name)
    assert svc.name == name
    assert svc.gutters[-1][0] is None  # the last bracket is open-ended
    lasts = [last for last, _ in svc.gutters[:-1]]
    assert lasts == sorted(lasts)
    gutters = [gutter for _, gutter in svc.gutters]
    assert gutters == sorted(set(gutters))  # strictly growing
    assert svc.max_pages[-1][0] == 0.0
    assert {paper for paper, _ in svc.spine_per_page} == set(pod.PAPERS)


def test_rules_are_read_only() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        pod.service("kdp").edge_in = 0.1  # type: ignore[misc]
    with pytest.raises(TypeError):
        pod.SERVICES["kdp"] = pod.service("lulu")  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pod.margins("kdp", 100).gutter_in = 0.1  # type: ignore[misc]
