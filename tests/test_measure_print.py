"""The measuring script (bench/measure_print.py) tells loose running text from display type.

A title page's display lines are set large and centred with their face's own word spaces:
at 23 pt a natural space is over 5 pt, which in 10.5 pt running text would be a loose line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, interior_pdf

sys.path.insert(0, str(REPO / "bench"))
import measure_print  # noqa: E402

# Federalist No. 60's first paragraph (tests/corpus/federalist/federalist-60.md).
TEXT = (
    "We have seen, that an uncontrollable power over the elections to the federal government "
    "could not, without hazard, be committed to the State legislatures. Let us now see, what "
    "would be the danger on the other side; that is, from confiding the ultimate right of "
    "regulating its own elections to the Union itself."
)


def _pdf(tmp_path: Path, style: str) -> Path:
    document = (
        '<html lang="en"><body><section class="titlepage">'
        '<h1 class="book-title">Collected Essays in 45 Pieces</h1></section>'
        f'<div class="chapter-body" style="{style}"><p>{TEXT}</p><p>{TEXT}</p></div>'
        "</body></html>"
    )
    path = tmp_path / "measured.pdf"
    path.write_bytes(interior_pdf(document, "@page { size: 6in 9in; margin: 1in; }", False))
    return path


def test_display_lines_are_not_counted_as_loose_running_text(tmp_path):
    path = _pdf(tmp_path, "text-align: left")
    pdf = measure_print.pdfium.PdfDocument(str(path))
    try:
        lines = measure_print.read_raw(pdf[0], 1).lines
    finally:
        pdf.close()
    title = next(line for line in lines if line.text.startswith("Collected Essays"))
    assert max(space for run in title.runs for space in run.spaces) > 5.0  # its natural spaces
    found = measure_print.measure(path)
    assert found.loose_lines == [], found.loose_lines
    assert found.worst_space_pt < 5.0


def test_loose_running_text_is_still_counted(tmp_path):
    found = measure_print.measure(_pdf(tmp_path, "word-spacing: 3pt"))
    assert found.loose_lines
    assert all(text.split()[0] in TEXT for _space, _page, text in found.loose_lines)
    assert not any(text.startswith("Collected") for _space, _page, text in found.loose_lines)


def test_tight_lines_are_counted_by_their_median_space(tmp_path):
    natural = measure_print.measure(_pdf(tmp_path, "text-align: left"))
    assert natural.spaced_lines >= 6
    assert natural.tight_lines == 0
    # Spaces 1.5 pt narrower than natural: well under two thirds of it on every line.
    tight = measure_print.measure(_pdf(tmp_path, "text-align: left; word-spacing: -1.5pt"))
    assert tight.tight_lines >= tight.spaced_lines - 1 > 0  # the display line is left out


def test_help_shows_usage_and_the_figures_it_reports():
    shown = subprocess.run(
        [sys.executable, str(REPO / "bench" / "measure_print.py"), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("usage: measure_print.py [-h] [--table | --loose] BOOK.pdf")
    assert "--table" in shown.stdout and "--loose" in shown.stdout
    assert "uneven spreads: facing pages inside a chapter" in shown.stdout
    assert shown.stderr == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "measure_print.py: the following arguments are required: BOOK.pdf (see --help)"),
        (["--table", "--loose", "a.pdf"], "measure_print.py: argument --loose: not allowed"),
        (["--tables", "a.pdf"], "measure_print.py: unrecognized arguments: --tables"),
        (["no-such-book.pdf"], "no-such-book.pdf: no such file"),
    ],
)
def test_wrong_arguments_are_one_line_and_exit_2(argv, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        measure_print.main(argv)
    assert stopped.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_a_file_that_is_no_pdf_is_named_in_one_line_and_no_table_is_begun(tmp_path, capsys):
    good = _pdf(tmp_path, "text-align: left")
    notes = tmp_path / "notes.pdf"
    notes.write_text("Federalist No. 60, first paragraph\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        measure_print.main(["--table", str(good), str(notes)])
    assert stopped.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{notes}: cannot be read as a PDF: ")
    assert err.count("\n") == 1


def test_table_prints_the_docs_head_and_a_row_per_book(tmp_path, capsys):
    book = _pdf(tmp_path, "text-align: left")
    assert measure_print.main(["--table", str(book)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "\n".join(lines[:2]) == measure_print.TABLE_HEAD
    assert len(lines) == 3
    assert lines[2] == measure_print.table_row("measured", measure_print.measure(book))


def test_the_gaps_around_a_short_contents_leader_are_not_word_spaces(tmp_path):
    """The 95-essay volume's contents line as drawn: a title ending near the number column,
    a leader of four dots in step with the column's edge after a gap, and the folio 15.8 pt
    further on. Neither gap is a loose word space; the same gap between words still is."""
    from weasyprint import CSS, HTML

    from compiler.interior.layout import _fonts, _stylesheets

    title = "No. 49: The Same Subject Continued with the Same View"
    gap = '<span style="margin-left: 15.8pt"></span>'
    document = (
        '<html lang="en"><body><div class="chapter-body" style="text-align: left">'
        f"<p>{title}{gap}. . . .{gap}21</p>"
        f"<p>{title}{gap}Concluded</p></div></body></html>"
    )
    sheets = [*_stylesheets(), CSS(string="@page { size: 9in 6in; margin: 1in; }")]
    path = tmp_path / "contents.pdf"
    HTML(string=document).write_pdf(path, stylesheets=sheets, font_config=_fonts())
    found = measure_print.measure(path)
    assert [text for _space, _page, text in found.loose_lines] == [f"{title} Concluded"]
