"""Contents lines keep a leader before their number (compiler.interior.leaders).

The Federalist essays' titles from the test corpus (tests/corpus/SOURCES.md) are set as a
print contents, with the interior's own stylesheets, at measures a few points apart, so that
some title ends just short of the number column at one of them; once as WeasyPrint breaks the
lines by itself and once inside :func:`line_breaks.limited`, as the interior is laid out.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
import sys

from compiler.interior import line_breaks
from compiler.interior.assembly import TOC_NUMBERS_CSS
from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import measure_print  # noqa: E402

CORPUS = REPO / "tests" / "corpus" / "federalist"
TITLE = re.compile(r'^title: "?(?P<title>.*?)"?$', re.MULTILINE)
# Dots a leader shows at least (MIN_LEADER_EM is about four and a half of Gentium's ". ").
ENDS_WITH_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d+$")
# Text block widths (in): 3.6 to 4.4 in by 0.05 in.
WIDTHS = [3.6 + 0.05 * step for step in range(17)]


def _contents() -> str:
    titles = [TITLE.search(path.read_text("utf-8")) for path in sorted(CORPUS.glob("*.md"))]
    entries = "".join(
        f'<li class="toc-chapter"><a href="#c{n}" data-folio="{100 + 7 * n}">'
        f'<span class="toc-label">{html_lib.escape(found.group("title"))}</span></a></li>'
        for n, found in enumerate(titles)
        if found
    )
    return f'<nav class="toc"><ol class="toc-list">{entries}</ol></nav>'


@functools.cache
def _pdf(width: float, designed: bool) -> bytes:
    """The contents at ``width``, laid out once for every test of this module."""
    from weasyprint import CSS, HTML

    from compiler.interior.layout import _fonts, _stylesheets

    page = f"@page {{ size: {width + 1}in 40in; margin: 0.5in; }}"
    sheets = [
        *_stylesheets(),
        CSS(string=TOC_NUMBERS_CSS + page, font_config=_fonts()),
    ]
    source = HTML(string=f'<html lang="en"><body>{_contents()}</body></html>')
    if designed:
        with line_breaks.limited():
            rendered = source.render(stylesheets=sheets, font_config=_fonts())
    else:
        rendered = source.render(stylesheets=sheets, font_config=_fonts())
    return rendered.write_pdf()


def _lines(width: float, designed: bool) -> list[str]:
    reader = measure_print.pdfium.PdfDocument(_pdf(width, designed))
    try:
        raw = [measure_print.read_raw(reader[i], i + 1) for i in range(len(reader))]
    finally:
        reader.close()
    return [line.text.replace("\u00a0", " ").strip() for page in raw for line in page.lines]


def _without_leader(lines: list[str]) -> list[str]:
    return [
        line for line in lines if re.search(r"\d+$", line) and not ENDS_WITH_LEADER.search(line)
    ]


def test_a_title_that_fills_its_line_wraps_before_its_last_word():
    alone = [line for width in WIDTHS for line in _without_leader(_lines(width, False))]
    assert alone, "no measure sets a title up to its number: the test shows nothing"
    for width in WIDTHS:
        lines = _lines(width, True)
        assert _without_leader(lines) == [], (width, lines)
        # Every entry still ends with its number: none is lost, none set on a line of its own.
        assert len([line for line in lines if re.search(r"\d+$", line)]) == 40
        assert not [line for line in lines if re.fullmatch(r"[.\s]*\d+", line)]


# A word space of Gentium (451/2048 em) at the contents' 10.5 pt, less a little for rounding.
MIN_GAP_PT = 2.2
_ENTRY = re.compile(r"(\.{2,})(\d+)$")


def _leader_gaps(width: float) -> list[tuple[float, float, str]]:
    """Each numbered line's gaps (pt): title's last glyph to first dot, last dot to number."""
    reader = measure_print.pdfium.PdfDocument(_pdf(width, True))
    try:
        chars = [char for i in range(len(reader)) for char in measure_print._chars(reader[i])]
    finally:
        reader.close()
    rows: dict[int, list[tuple[str, float, float, float, float]]] = {}
    for char in chars:
        if char[0].strip() and char[0] != "\u00a0":  # the glyphs drawn, spaces left out
            rows.setdefault(round(char[2]), []).append(char)
    gaps = []
    for row in rows.values():
        glyphs = sorted(row, key=lambda char: char[1])
        text = "".join(char[0] for char in glyphs)
        found = _ENTRY.search(text)
        if found is None or found.start(1) == 0:
            continue
        title_end, first_dot = glyphs[found.start(1) - 1][3], glyphs[found.start(1)][1]
        last_dot, number = glyphs[found.end(1) - 1][3], glyphs[found.end(1)][1]
        gaps.append((first_dot - title_end, number - last_dot, text))
    return gaps


def test_leaders_keep_a_word_space_from_the_title_and_the_number():
    """The dots fall in step with the column's edge; whatever the title's length, the first
    stands a word space or more after its last word ("Chinese. . . ." never "Chinese.....")
    and the last as far before the number."""
    for width in WIDTHS:
        gaps = _leader_gaps(width)
        assert len(gaps) == 40, (width, gaps)
        for before, after, text in gaps:
            assert before >= MIN_GAP_PT, (width, round(before, 2), text)
            assert after >= MIN_GAP_PT, (width, round(after, 2), text)
