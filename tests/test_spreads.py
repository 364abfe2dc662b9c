"""Facing pages of equal depth (compiler.interior.spreads) and how the measuring script tells
an uneven spread (bench/measure_print.py).

Lines of Federalist No. 46 (tests/corpus, sources in its SOURCES.md), a few words each and
broken where the source has a comma, are set as paragraphs of known length on pages holding
ten lines, with the interior's stylesheets (``widows: 2``, ``orphans: 2``): a three-line
paragraph that reaches a page foot with two lines left can neither leave one line behind nor
carry one over, and leaves its page two lines short.
"""

from __future__ import annotations

import base64
import io
import re
import sys
from pathlib import Path

import pytest

from conftest import REPO, interior_pdf

sys.path.insert(0, str(REPO / "bench"))
import measure_print  # noqa: E402

ESSAY = REPO / "tests" / "corpus" / "federalist" / "federalist-46.md"
LINE_PX = 10.5 * 1.38 * 96 / 72  # print.css: 10.5 pt type on a 1.38 line height
# Ten lines to a page, a running head above them (the measure only counts pages with one).
PAGE = (
    "@page { size: 5in 290px; margin: 70px 0.5in 20px; }"
    '@page chapter { @top-center { content: "The Federalist"; } }'
)


def _lines() -> list[str]:
    """The essay's text in short lines, each ending where the source has a comma or stop."""
    text = ESSAY.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    words = " ".join(line for line in text.splitlines() if not line.startswith("#")).split()
    lines, current = [], []
    for word in words:
        current.append(word)
        if len(current) >= 3 and (re.search(r"[,.;]$", word) or len(current) >= 6):
            lines.append(" ".join(current))
            current = []
    return lines


def _paragraphs(*lengths: int) -> str:
    lines = iter(_lines())
    return "".join(
        "<p>" + "<br>".join(next(lines) for _ in range(length)) + "</p>" for length in lengths
    )


def _lay_out(body: str, balanced: bool, folder: Path) -> tuple[list[float], list[int]]:
    """The foot of each page's text block (points from the page top, None for a page without
    a running head) and the uneven spreads the measure finds."""
    html = (
        '<html lang="en"><body><section class="chapter"><div class="chapter-body">'
        f"{body}</div></section></body></html>"
    )
    pdf = folder / f"spreads-{balanced}.pdf"
    pdf.write_bytes(interior_pdf(html, PAGE + " p { text-align: left; }", balanced))
    found = measure_print.measure(pdf)
    raw = measure_print.read_pages(pdf)
    reader = measure_print.pdfium.PdfDocument(str(pdf))
    try:
        height = reader[0].get_height()
    finally:
        reader.close()
    body_size = measure_print.body_size_of(raw)
    feet = []
    for page in raw:
        foot = measure_print._foot(measure_print.classify(page, body_size), page)
        feet.append(height - foot if foot is not None else None)
    return feet, found.uneven_spreads


def _lines_apart(feet: list[float | None], verso: int) -> float:
    """How many lines apart the feet of the spread of page ``verso`` (1-based) end."""
    low, high = feet[verso - 1], feet[verso]
    assert low is not None and high is not None
    return abs(low - high) / (LINE_PX * 72 / 96)


def test_a_short_verso_has_its_recto_made_short_with_it(tmp_path):
    # Page 2 takes eight lines and leaves the three-line paragraph for page 3.
    body = _paragraphs(10, 8, 3, 30)
    feet, uneven = _lay_out(body, False, tmp_path)
    assert uneven == [2] and round(_lines_apart(feet, 2)) == 2  # WeasyPrint alone
    feet, uneven = _lay_out(body, True, tmp_path)
    assert uneven == []
    assert _lines_apart(feet, 2) < 0.5  # level: the recto ends two lines short too
    assert _lines_apart(feet, 4) < 0.5  # the next spread full again


def test_a_short_recto_takes_lines_from_its_verso(tmp_path):
    # Page 3 takes eight lines and leaves the three-line paragraph for page 4.
    body = _paragraphs(10, 10, 8, 3, 30)
    feet, uneven = _lay_out(body, False, tmp_path)
    assert uneven == [2] and round(_lines_apart(feet, 2)) == 2
    feet, uneven = _lay_out(body, True, tmp_path)
    assert uneven == []
    assert _lines_apart(feet, 2) < 0.5


def test_the_last_page_of_a_chapter_stays_short(tmp_path):
    body = _paragraphs(10, 10, 4)
    feet, uneven = _lay_out(body, True, tmp_path)
    assert len(feet) == 3 and uneven == []
    # The verso is full and the recto holds what is left: nothing was moved to match.
    assert round(_lines_apart(feet, 2)) == 6


def _picture(height_px: int) -> str:
    from PIL import Image

    data = io.BytesIO()
    Image.new("L", (200, height_px), 128).save(data, "PNG")
    encoded = base64.b64encode(data.getvalue()).decode()
    return f'<p><img src="data:image/png;base64,{encoded}" style="height: {height_px}px"></p>'


def test_the_page_before_a_full_page_picture_may_run_short(tmp_path):
    # Page 2 ends after eight lines: the picture after them needs a page of its own.
    body = _paragraphs(10, 8) + _picture(round(10 * LINE_PX)) + _paragraphs(30)
    feet, uneven = _lay_out(body, True, tmp_path)
    assert feet[2] is not None and round(_lines_apart(feet, 2)) >= 2
    assert uneven == []


@pytest.mark.parametrize("balanced", [False, True])
def test_a_page_whose_foot_holds_notes_counts_by_its_text_block(tmp_path, balanced):
    """A note on the verso takes the room of two of its lines, at the foot of the text block:
    the verso is as deep as its full recto, and nothing is moved to match it."""
    note = '<span class="footnote"><span class="footnote-para">Federalist No. 46.</span></span>'
    first, rest = _paragraphs(10, 16).split("</p>", 1)
    body = first + "</p>" + rest.replace("<br>", note + "<br>", 1) + _paragraphs(30)
    feet, uneven = _lay_out(body, balanced, tmp_path)
    assert uneven == []
    assert _lines_apart(feet, 2) < 0.5
