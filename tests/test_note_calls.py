"""Note calls whose note is printed with another article (MacDowell's lectures number their
notes through the book: tests/corpus/SOURCES.md): the call is led to the note elsewhere in
the volume, or left out with one warning per article; a reader never sees ``[^15]``."""

from __future__ import annotations

import zipfile
from pathlib import Path

import markdown
import pypdfium2 as pdfium
import pytest
from lxml import html as lxml_html

from compiler import build
from compiler.book.model import Chapter
from compiler.book.note_calls import resolve_note_calls
from compiler.errors import Diagnostics
from compiler.sources.base import Note
from compiler.sources.notes import extract_notes, mark_stray_calls
from test_cleanup_corpus import CORPUS, EXTENSIONS

LECTURES = CORPUS / "macdowell"
# Lecture 19's own note, "At that time the harpsichord player…", and lecture 16's.
HARPSICHORD = "At that time the harpsichord player was a very important member"
LATIN = "It is interesting to note as to the prevalence of Latin"
CALL_15 = "in the opera orchestra.[^15]"


def tree(source: str) -> lxml_html.HtmlElement:
    html = markdown.markdown(source, extensions=EXTENSIONS, output_format="xhtml")
    return lxml_html.fragment_fromstring(html, create_parent="div")


def test_a_note_keeps_its_label_and_one_nothing_calls_is_kept_aside():
    root = tree("Called.[^14]\n\n[^14]: The note.\n[^15]: Printed here, called elsewhere.")
    spare: list[Note] = []
    notes, _ = extract_notes(root, spare)
    assert [(n.key, n.label) for n in notes] == [("1", "14")]
    assert [(n.label, n.html) for n in spare] == [("15", "<p>Printed here, called elsewhere.</p>")]
    assert "Printed here" not in root.text_content()


def test_a_call_without_its_note_is_marked_but_not_inside_code():
    root = tree("See the plays[^15] and[^2] *here[^15]*.\n\nWrite `[^1]` for a note.")
    assert mark_stray_calls(root) == ["15", "2"]
    calls = root.xpath("//a[@data-note-label]")
    assert [(a.get("data-note-label"), a.text, a.tail or "") for a in calls] == [
        ("15", None, " and"),
        ("2", None, " "),
        ("15", None, ""),
    ]
    assert " ".join(root.text_content().split()) == "See the plays and here. Write [^1] for a note."


def chapter(number: int, body: str, notes: list[Note], spare: list[Note] | None = None) -> Chapter:
    return Chapter(
        f"ch{number:03d}",
        number,
        f"Lecture {number}",
        body,
        Path(f"l{number}.md"),
        notes,
        spare_notes=spare or [],
    )


def call(label: str) -> str:
    return f'<a class="noteref" data-note-label="{label}"></a>'


def test_calls_are_given_the_one_note_of_their_label_and_numbered_in_order():
    first = chapter(
        1,
        f'<p>A{call("15")} B<a class="noteref" href="#note-1">1</a> C{call("14")} '
        f"D{call('15')}.</p>",
        [Note("1", "<p>Own.</p>", "7")],
    )
    second = chapter(
        2,
        '<p>Latin,<a class="noteref" href="#note-1">1</a></p>',
        [Note("1", f"<p>{LATIN}.</p>", "14")],
        [Note("", f"<p>{HARPSICHORD}.</p>", "15")],
    )
    diagnostics = Diagnostics()
    resolve_note_calls([first, second], diagnostics)
    assert diagnostics.warnings == []
    calls = lxml_html.fragment_fromstring(first.body).xpath("//a")
    assert [(a.get("href"), a.text, a.get("data-home")) for a in calls] == [
        ("#note-1", "1", None),  # lecture 16's spare note, now this lecture's first
        ("#note-2", "2", None),  # its own note, after it
        ("#note-3", "3", "ch002-note-1"),  # lecture 16 calls it too: its copy, and home
        ("#note-1", "1", None),
    ]
    assert [(n.key, n.html) for n in first.notes] == [
        ("1", f"<p>{HARPSICHORD}.</p>"),
        ("2", "<p>Own.</p>"),
        ("3", f"<p>{LATIN}.</p>"),
    ]
    assert second.notes == [Note("1", f"<p>{LATIN}.</p>")]


def test_a_call_no_other_article_answers_or_several_do_is_left_out_with_one_warning():
    first = chapter(1, f"<p>Plays{call('99')} and{call('1')} here{call('99')}.</p>", [])
    others = [chapter(n, "<p>x</p>", [], [Note("", "<p>One.</p>", "1")]) for n in (2, 3)]
    diagnostics = Diagnostics()
    resolve_note_calls([first, *others], diagnostics)
    assert first.body == "<p>Plays and here.</p>" and first.notes == []
    [warning] = diagnostics.warnings
    assert warning.file == Path("l1.md")
    assert warning.message.startswith("note calls [^99], [^1]: no note of that label")
    assert warning.message.endswith("they are left out")


@pytest.fixture(scope="module")
def lectures_built(tmp_path_factory: pytest.TempPathFactory):
    """Lecture 19 calls its note 15, printed with lecture 16, and lecture 16's own note 14,
    and a note 99 printed nowhere."""
    folder = tmp_path_factory.mktemp("notes-elsewhere")
    nineteen = (LECTURES / "lecture-19.md").read_text(encoding="utf-8")
    sixteen = (LECTURES / "lecture-16.md").read_text(encoding="utf-8")
    body, note = nineteen.split("\n[^15]: ")
    body = body.replace(CALL_15, f"{CALL_15} See the Latin plays[^14] and a letter[^99].")
    (folder / "lecture-19.md").write_text(body, encoding="utf-8")
    (folder / "lecture-16.md").write_text(f"{sixteen}\n[^15]: {note}", encoding="utf-8")
    volume = folder / "volume.yaml"
    volume.write_text(
        "title: Lectures\nlanguage: en\ncontents: [lecture-16.md, lecture-19.md]\n",
        encoding="utf-8",
    )
    return build(volume, formats=["epub", "pdf"])


def test_the_epub_leads_each_call_to_its_note(lectures_built):
    with zipfile.ZipFile(lectures_built.outputs["epub"]) as epub:
        nineteen = epub.read("EPUB/ch002.xhtml").decode()
    root = lxml_html.fromstring(nineteen.encode())
    calls = {a.text: a.get("href") for a in root.xpath("//a[@role='doc-noteref']")}
    assert calls == {"1": "#ch002-note-1", "2": "ch001.xhtml#ch001-note-1"}
    [aside] = root.xpath("//aside")
    assert HARPSICHORD in aside.text_content()
    assert "[^" not in root.text_content() and "a letter. Realizing" in root.text_content()


def test_print_sets_each_note_on_the_page_of_its_call(lectures_built):
    pdf = pdfium.PdfDocument(str(lectures_built.outputs["pdf"]))
    try:
        pages = [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
    finally:
        pdf.close()
    [page] = [text for text in pages if "a letter. Realizing" in text]
    assert "orchestra.1 See the Latin plays2 and a letter." in page
    assert f"1. {HARPSICHORD}" in page and f"2. {LATIN}" in page
    assert not any("[^" in text for text in pages)


def test_the_build_warns_once_for_the_call_it_left_out(lectures_built):
    warnings = [w for w in lectures_built.warnings if "note call" in w.message]
    assert [(w.file.name, w.message.split(":")[0]) for w in warnings] == [
        ("lecture-19.md", "note call [^99]")
    ]
