"""Line breaking of the print interior (compiler.interior.line_breaks), on real paragraphs.

Federalist essays from the test corpus (tests/corpus/SOURCES.md) are set with the interior's
own stylesheets, once as WeasyPrint breaks lines by itself and once inside
:func:`line_breaks.limited`, as the interior is laid out, and read back from the PDF with
bench/measure_print.py. Small pages put many page feet in a few seconds of layout.
"""

from __future__ import annotations

import re
import sys

import pytest

from compiler.interior import line_breaks, paragraph_breaks
from conftest import REPO, interior_pdf

sys.path.insert(0, str(REPO / "bench"))
import measure_print  # noqa: E402

CORPUS = REPO / "tests" / "corpus" / "federalist"
PAGE = "@page { size: 4.75in 2.6in; margin: 0.4in 0; }"
# Pages of a book's height, where fewer lines open a page (and so have no line before them
# on their page to take words from).
TALL_PAGE = "@page { size: 4.75in 9in; margin: 0.4in 0; }"


def _paragraphs(*names: str) -> str:
    """The essays' paragraphs as HTML (front matter, headings and blank lines left out)."""
    found = []
    for name in names:
        text = (CORPUS / name).read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for block in text.split("\n\n"):
            block = block.strip()
            if block and not block.startswith("#") and len(block) > 200:
                escaped = re.sub(r"\s+", " ", block.replace("&", "&amp;").replace("<", "&lt;"))
                found.append(f"<p>{escaped}</p>")
    return "".join(found)


def _lay_out(html: str, designed: bool, page: str = PAGE) -> list[measure_print.RawPage]:
    document = f'<html lang="en"><body><div class="chapter-body">{html}</div></body></html>'
    return measure_print.read_pages(interior_pdf(document, page, designed))


@pytest.fixture(scope="module")
def essays() -> str:
    files = sorted(path.name for path in CORPUS.glob("*.md"))
    return _paragraphs(*files[:4])


@pytest.fixture(scope="module")
def greedy(essays) -> list[measure_print.RawPage]:
    return _lay_out(essays, False)


@pytest.fixture(scope="module")
def designed(essays) -> list[measure_print.RawPage]:
    return _lay_out(essays, True)


@pytest.fixture(scope="module")
def more_essays() -> str:
    files = sorted(path.name for path in CORPUS.glob("*.md"))
    return _paragraphs(*files[:12])


@pytest.fixture(scope="module")
def tall(more_essays) -> list[measure_print.RawPage]:
    return _lay_out(more_essays, True, TALL_PAGE)


@pytest.fixture(scope="module")
def untracked(more_essays) -> list[measure_print.RawPage]:
    """The same rules without letter-spacing for the lines still loose."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(line_breaks, "TRACK_EM", 0.0)
        return _lay_out(more_essays, True, TALL_PAGE)


@pytest.fixture(scope="module")
def untracked_ending_anywhere(more_essays) -> list[measure_print.RawPage]:
    """:func:`untracked` but that a paragraph may end on the tail of a broken word, as
    :func:`line_by_line`: paragraphs set again to end on a whole word move the page breaks,
    and with them the lines that open a page (which have no lines before to take words from)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(line_breaks, "TRACK_EM", 0.0)
        patch.setattr(paragraph_breaks, "unbroken_end", lambda window, *_ways: window)
        return _lay_out(more_essays, True, TALL_PAGE)


def _one_line_at_a_time(patch: pytest.MonkeyPatch) -> None:
    """Paragraph ends chosen by setting one line again at a time, the lines before a page's
    foot left as they are: spacing that changes within a line then changes no line's end
    (a search over several lines at once compares the lines' stretches, which it changes)."""
    patch.setattr(paragraph_breaks, "_searched", lambda *_args: [])
    patch.setattr(line_breaks, "LOOK_PAST_FOOT", False)


@pytest.fixture(scope="module")
def spaces_only(more_essays) -> list[measure_print.RawPage]:
    """The same rules but that a line takes up a word with narrower spaces alone, however
    tight they read (paragraph ends as :func:`_one_line_at_a_time` chooses them)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(line_breaks, "TIGHT_EM", 1.0)
        _one_line_at_a_time(patch)
        return _lay_out(more_essays, True, TALL_PAGE)


@pytest.fixture(scope="module")
def closer_when_tight(more_essays) -> list[measure_print.RawPage]:
    """The rules, paragraph ends as :func:`_one_line_at_a_time` chooses them."""
    with pytest.MonkeyPatch.context() as patch:
        _one_line_at_a_time(patch)
        return _lay_out(more_essays, True, TALL_PAGE)


@pytest.fixture(scope="module")
def line_by_line(more_essays) -> list[measure_print.RawPage]:
    """The same rules with each line decided alone: no lines held back to take words from
    (and none letter-spaced, to compare with :func:`untracked_ending_anywhere`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paragraph_breaks, "DEPTH", 0)
        patch.setattr(line_breaks, "TRACK_EM", 0.0)
        return _lay_out(more_essays, True, TALL_PAGE)


@pytest.fixture(scope="module")
def ending_anywhere(more_essays) -> list[measure_print.RawPage]:
    """The same rules but that a paragraph may end on the tail of a broken word."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paragraph_breaks, "unbroken_end", lambda window, *_ways: window)
        return _lay_out(more_essays, True, TALL_PAGE)


def _spaces(pages: list[measure_print.RawPage]) -> list[list[float]]:
    """The word spaces of each justified line (a paragraph's last line is not justified)."""
    lines = [line for page in pages for line in page.lines]
    return [
        [space for run in line.runs for space in run.spaces]
        for line, after in zip(lines, lines[1:], strict=False)
        if abs(after.x0 - line.x0) < 0.5 and line.x1 - line.x0 > 300
    ]


def _hyphenated(pages: list[measure_print.RawPage]) -> int:
    return sum(
        line.text.rstrip().endswith(measure_print.AUTO_HYPHEN)
        for page in pages
        for line in page.lines
    )


def _recto_feet(pages: list[measure_print.RawPage]) -> list[int]:
    return [
        page.number
        for page in pages
        if page.number % 2
        and page.lines
        and page.lines[-1].text.rstrip().endswith(measure_print.AUTO_HYPHEN)
    ]


def test_loose_lines_take_narrower_spaces_or_a_hyphen(greedy, designed):
    before = [max(spaces) for spaces in _spaces(greedy) if spaces]
    after = [max(spaces) for spaces in _spaces(designed) if spaces]
    assert max(before) > 7.5  # WeasyPrint alone leaves loose lines in these essays
    assert max(after) < max(before) - 0.5
    loose_before = sum(space > 5.0 for space in before) / len(before)
    loose_after = sum(space > 5.0 for space in after) / len(after)
    assert loose_after < loose_before / 4, (loose_before, loose_after)
    # Narrower, never cramped: at most 1 pt less than the narrowest natural space (which
    # the measure reads between glyph outlines, so it depends on the letters either side).
    narrowest = min(min(spaces) for spaces in _spaces(greedy) if spaces)
    shrink_pt = line_breaks.SHRINK_PX * 72 / 96
    assert min(min(spaces) for spaces in _spaces(designed) if spaces) > narrowest - shrink_pt - 0.05


def test_a_loose_line_takes_words_from_the_lines_before_it(line_by_line, untracked_ending_anywhere):
    alone = [max(spaces) for spaces in _spaces(line_by_line) if spaces]
    together = [max(spaces) for spaces in _spaces(untracked_ending_anywhere) if spaces]
    assert sum(space > 5.0 for space in alone) >= 12  # loose lines that only other breaks fix
    assert sum(space > 5.0 for space in together) <= sum(space > 5.0 for space in alone) * 2 / 3
    assert max(together) < max(alone) - 0.5
    # Words move between lines, none is lost or doubled, and no more lines are needed.
    words = [
        [line.text.strip() for page in pages for line in page.lines if not line.text.isdigit()]
        for pages in (line_by_line, untracked_ending_anywhere)
    ]
    assert len(words[1]) <= len(words[0])
    assert _joined(words[1]) == _joined(words[0])


def test_a_line_still_loose_is_letter_spaced_within_bounds(untracked, tall):
    plain = [max(spaces) for spaces in _spaces(untracked) if spaces]
    tracked = [max(spaces) for spaces in _spaces(tall) if spaces]
    assert sum(space > 5.0 for space in plain) >= 5  # lines nothing else could set closer
    assert sum(space > 5.0 for space in tracked) <= sum(space > 5.0 for space in plain) / 4
    assert max(tracked) < max(plain) - 0.3
    # Each line ends where it did and holds what it did, on the same page.
    assert [[line.text for line in page.lines] for page in tall] == [
        [line.text for line in page.lines] for page in untracked
    ]
    # The letters of a line take at most TRACK_EM more each: what the line's text takes
    # beyond its word spaces, per letter, grows by no more than that.
    growths = [
        (_inked(after) - _inked(before)) / len(before.text.replace(" ", "")) / before.size
        for page, other in zip(untracked, tall, strict=True)
        for before, after in zip(page.lines, other.lines, strict=True)
        if " " in before.text.strip()
    ]
    assert max(growths) > 0.005  # some lines are letter-spaced
    assert max(growths) <= line_breaks.TRACK_EM + 0.002
    assert sum(growth > 0.002 for growth in growths) < len(growths) / 20  # and only a few


def _inked(line: measure_print.Line) -> float:
    """The width a line's words take, its word spaces left out (pt)."""
    return line.x1 - line.x0 - sum(space for run in line.runs for space in run.spaces)


def _joined(lines: list[str]) -> str:
    """The text of the lines, hyphenated words joined again."""
    return re.sub(f"{measure_print.AUTO_HYPHEN} ", "", " ".join(lines)).replace(" ", "")


def test_hyphens_stay_rare_and_in_short_runs(designed):
    lines = sum(len(page.lines) for page in designed)
    assert _hyphenated(designed) / lines < 0.08
    run = longest = 0
    for page in designed:
        for line in page.lines:
            run = run + 1 if line.text.rstrip().endswith(measure_print.AUTO_HYPHEN) else 0
            longest = max(longest, run)
    assert longest <= line_breaks.LIMIT


def test_no_hyphen_on_the_last_line_of_a_recto(greedy, designed):
    assert _recto_feet(greedy)  # the leaf turns mid-word without the rule
    assert _recto_feet(designed) == []


def _tight(pages: list[measure_print.RawPage]) -> list[str]:
    """Lines whose median word space is under two thirds of natural, as the measure counts."""
    found = []
    for page in pages:
        for line in page.lines:
            spaces = [space for run in line.runs for space in run.spaces]
            if len(spaces) >= 3 and sorted(spaces)[len(spaces) // 2] < (
                measure_print.TIGHT_EM * line.size * 0.75
            ):
                found.append(line.text)
    return found


def test_a_line_that_would_read_tight_takes_up_its_word_with_its_letters_too(
    spaces_only, closer_when_tight, tall
):
    assert len(_tight(spaces_only)) >= 3  # narrower spaces alone leave tight lines
    assert _tight(tall) == []
    assert _tight(closer_when_tight) == []
    # The same lines, each ending where it did; their letters at most CLOSER_EM narrower.
    assert [[line.text for line in page.lines] for page in closer_when_tight] == [
        [line.text for line in page.lines] for page in spaces_only
    ]
    shrinks = [
        (_inked(after) - _inked(before)) / len(before.text.replace(" ", "")) / before.size
        for page, other in zip(spaces_only, closer_when_tight, strict=True)
        for before, after in zip(page.lines, other.lines, strict=True)
        if " " in before.text.strip()
    ]
    assert min(shrinks) < -0.003  # some lines are set closer
    assert min(shrinks) >= -line_breaks.CLOSER_EM - 0.002


def _broken_ends(pages: list[measure_print.RawPage]) -> list[int]:
    size = measure_print.body_size_of(pages)
    classified = [measure_print.classify(page, size) for page in pages]
    return measure_print.final_hyphens(classified, measure_print._column(classified))


def test_no_paragraph_ends_on_the_tail_of_a_broken_word(ending_anywhere, tall):
    assert len(_broken_ends(ending_anywhere)) >= 3  # "oppres-" / "sors." without the rule
    assert _broken_ends(tall) == []
    # The words are all there, in as many lines or fewer, none of them looser than 5.1 pt.
    words = [
        [line.text.strip() for page in pages for line in page.lines if not line.text.isdigit()]
        for pages in (ending_anywhere, tall)
    ]
    assert _joined(words[1]) == _joined(words[0])
    assert len(words[1]) <= len(words[0]) + 1
    assert max(max(spaces) for spaces in _spaces(tall) if spaces) <= 5.1


# The measure of the 45-essay volume's pages (a 6x9 in page with a 300-page book's gutter), on
# a page tall enough for a paragraph.
VOLUME_PAGE = "@page { size: 4.5in 20in; margin: 0.4in 0; }"


def _paragraph(name: str, words: str) -> str:
    """The paragraph of an essay that holds ``words``, as HTML."""
    found = [block for block in _paragraphs(name).split("</p>") if words in block]
    assert len(found) == 1, words
    return found[0] + "</p>"


def test_the_lines_before_a_paragraphs_last_may_all_end_elsewhere_to_end_it_whole():
    """ "a fuller represen-" / "tation." and "to their representa-" / "tives.": setting one line
    again at a time leaves a loose line whichever it is; the lines before the last each
    giving the next a word ("nation.", "advanced", "representation.") do not."""
    html = _paragraph("federalist-56.md", "a fuller representation") + _paragraph(
        "federalist-58.md", "diffusive sympathy"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paragraph_breaks, "_searched", lambda *_args: [])
        one_at_a_time = _lay_out(html, True, VOLUME_PAGE)
    searched = _lay_out(html, True, VOLUME_PAGE)
    assert len(_broken_ends(one_at_a_time)) == 2
    assert _broken_ends(searched) == []
    words = [
        [line.text.strip() for page in pages for line in page.lines if not line.text.isdigit()]
        for pages in (one_at_a_time, searched)
    ]
    assert _joined(words[1]) == _joined(words[0])
    assert len(words[1]) <= len(words[0]) + 2
    assert max(max(spaces) for spaces in _spaces(searched) if spaces) <= 5.0
    assert _tight(searched) == []


# Pages of the 45-essay volume's size and measure, where the first two essays have a paragraph
# whose last two lines open a page, the first of them ending on a broken word ("depart-" /
# "ment. The language of Virginia is still more pointed on this subject.").
VOLUME_PAGES = "@page { size: 4.5in 9in; margin: 0.4in 0; }"


def test_a_paragraph_whose_last_lines_open_a_page_ends_on_a_whole_word():
    """The next page lays those two lines out with no line before them on their page to take
    words from: the lines before the foot are set again instead, while the layout looks past
    the foot."""
    files = sorted(path.name for path in CORPUS.glob("*.md"))
    html = _paragraphs(*files[:2])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(line_breaks, "LOOK_PAST_FOOT", False)
        page_by_page = _lay_out(html, True, VOLUME_PAGES)
    looking_ahead = _lay_out(html, True, VOLUME_PAGES)
    broken = _broken_ends(page_by_page)
    assert broken
    # The line before the paragraph's last opens its page (the folio is read first).
    assert all(
        page_by_page[number - 1].lines[1].text.rstrip().endswith(measure_print.AUTO_HYPHEN)
        for number in broken
    )
    assert _broken_ends(looking_ahead) == []
    words = [
        [line.text.strip() for page in pages for line in page.lines if not line.text.isdigit()]
        for pages in (page_by_page, looking_ahead)
    ]
    assert _joined(words[1]) == _joined(words[0])
    assert len(looking_ahead) == len(page_by_page)
    assert max(max(spaces) for spaces in _spaces(looking_ahead) if spaces) <= 5.0


def test_outside_limited_weasyprint_breaks_lines_as_before(essays, greedy):
    assert [line.text for page in _lay_out(essays, False) for line in page.lines] == [
        line.text for page in greedy for line in page.lines
    ]


# The measure of a 6x9 in page with the gutter of a 300-page book, where these chapter
# openings came out loose (the 45-essay volume of bench/volumes.py).
OPENING_PAGE = "@page { size: 4.5in 9in; margin: 0.4in 0; }"


def test_word_spaces_among_opening_small_capitals_are_as_wide_as_the_rest_of_the_line():
    """The small capitals a chapter opens with are letter-spaced; the spaces between and
    after them must not also take that spacing, or the opening line's widest spaces are the
    ones beside the capitals ("WE HAVE seen": 1 pt wider than the line's others)."""
    from lxml import html as lxml_html

    from compiler.book.opening_caps import mark_opening_caps

    openings = []
    for name in ("federalist-60.md", "federalist-65.md", "federalist-70.md", "federalist-73.md"):
        container = lxml_html.fragment_fromstring(_paragraphs(name), create_parent="div")
        del container[1:]
        mark_opening_caps(container)
        caps = container[0][0].text
        openings.append((caps.lower(), lxml_html.tostring(container[0], encoding="unicode")))
    pages = _lay_out("".join(html for _caps, html in openings), True, OPENING_PAGE)
    lines = [line for page in pages for line in page.lines]
    for caps, _html in openings:
        line = next(line for line in lines if line.text.startswith(caps + " "))
        spaces = [space for run in line.runs for space in run.spaces]
        beside = spaces[: caps.count(" ") + 1]
        assert len(spaces) > len(beside) + 4, line.text
        assert max(beside) <= max(spaces[len(beside) :]) + 0.15, (line.text, spaces)
