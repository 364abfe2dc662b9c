"""Every opening title stands at the same depth, read back from the example book's PDF.

Chapter titles sink a fifth of the text block; the introduction, the index and "Also in this
series" opened 18% of the measure down instead, about 0.6 in higher than the chapters beside
them. Their titles now share the chapters' sink.
"""

from __future__ import annotations

import pypdfium2 as pdfium

TOLERANCE_PT = 1.5
"""Titles differ a little in size (1.7 em for a chapter), so their capitals' tops do too."""


def _title_top(pdf: pdfium.PdfDocument, page: int) -> tuple[str, float]:
    """The page's first line and the top of its first letter, in points up from the foot."""
    textpage = pdf[page].get_textpage()
    first_line = textpage.get_text_range().split("\r\n", 1)[0]
    return first_line, textpage.get_charbox(0)[3]


def test_chapter_and_prose_section_titles_sink_alike(example_build) -> None:
    anchors = example_build.print_result.anchors
    opening = next(chapter.id for chapter in example_build.book.chapters())
    pdf = pdfium.PdfDocument(str(example_build.outputs["pdf"]))
    try:
        tops = {
            name: _title_top(pdf, anchors[name] - 1)
            for name in (opening, "introduction", "index", "also-in-series")
        }
    finally:
        pdf.close()
    assert tops["introduction"][0] == "Introduction" and tops["index"][0] == "Index"
    chapter_top = tops[opening][1]
    for name, (line, top) in tops.items():
        assert abs(top - chapter_top) < TOLERANCE_PT, (name, line, top, chapter_top)
