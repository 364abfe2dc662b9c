"""Contents lines keep a leader before their number (compiler.interior.leaders).

The Federalist essays' titles from the test corpus (tests/corpus/SOURCES.md) are set as a
print contents, with the interior's own stylesheets, at measures a few points apart, so that
some title ends just short of the number column at one of them; once as WeasyPrint breaks the
lines by itself and once inside :func:`line_breaks.limited`, as the interior is laid out.
"""

from __future__ import annotations

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


def _lines(width: float, designed: bool) -> list[str]:
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
    reader = measure_print.pdfium.PdfDocument(rendered.write_pdf())
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
