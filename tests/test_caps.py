"""Capitals of emphasis in running text are marked for small capitals; acronyms are not.

The cases are the corpus's own (tests/corpus, see its SOURCES.md): the Federalist papers'
"ONE WHOLE", "COMMON LAW", "A BILL OF RIGHTS", and The Saker's "KGB", "PSYOP", "AKSU-74".
"""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from lxml import html as lxml_html

from compiler import build
from compiler.book.caps import CLASS, mark_capitals, volume_capitals
from compiler.book.model import Chapter
from compiler.book.render import Target, prepare_body
from test_cleanup_corpus import CORPUS, read


@pytest.fixture(scope="module")
def corpus() -> dict[Path, str]:
    paths = sorted(path for path in CORPUS.rglob("*.md") if path.name != "SOURCES.md")
    return {path: lxml_html.tostring(read(path).root, encoding="unicode") for path in paths}


@pytest.fixture(scope="module")
def marked(corpus: dict[Path, str]) -> dict[str, tuple[str, list[str], str]]:
    """Each article's text before, its runs marked and its text after."""
    capitals = volume_capitals(corpus.values())
    out = {}
    for path, body in corpus.items():
        root = lxml_html.fragment_fromstring(body)
        before = root.text_content()
        mark_capitals(root, capitals)
        runs = [span.text for span in root.xpath(f'.//span[@class="{CLASS}"]')]
        out[path.name] = (before, runs, root.text_content())
    return out


@pytest.mark.parametrize(
    ("name", "runs"),
    [
        ("federalist-81.md", ["COMMON LAW", "CIVIL LAW"]),
        ("federalist-84.md", ["A BILL OF RIGHTS", "TITLES OF NOBILITY", "THE PEOPLE"]),
        ("federalist-82.md", ["ONE WHOLE"]),
    ],
)
def test_the_reviewed_capitals_are_marked(marked, name: str, runs: list[str]):
    assert set(runs) <= set(marked[name][1])


def test_a_single_word_of_emphasis_is_marked(marked):
    found = Counter(run for _, runs, _ in marked.values() for run in runs)
    assert found["POLITICAL"] == 1
    assert found["VETO"] == 1


def test_acronyms_numerals_and_initials_stay_as_they_are(marked):
    runs = {run for _, found, _ in marked.values() for run in found}
    words = {word for run in runs for word in run.split()}
    # The Saker's acronyms (KGB three times, PSYOP and MAGA in the list) and a rifle's name,
    # never even inside a run; the Federalist's "Charles II.", MacDowell's "B.C." and
    # "C.P.E. Bach" never on their own ("PASTORELLA BY THIBAUT II" is a title in capitals).
    assert not words & {"KGB", "PSYOP", "MAGA", "TV", "AKSU", "B.C", "C.P.E"}
    assert not runs & {"II", "IV", "III", "V", "I", "A"}


def test_a_chapters_opening_capitals_are_left_to_their_own_treatment(marked):
    # No. 51 opens "TO WHAT expedient", No. 47 "HAVING reviewed", No. 70 "THERE is an idea".
    assert not {"TO WHAT", "HAVING", "THERE"} & set(marked["federalist-51.md"][1])
    assert "HAVING" not in marked["federalist-47.md"][1]
    assert "THERE" not in marked["federalist-70.md"][1]


def test_marking_never_changes_the_text(marked):
    assert all(before == after for before, _, after in marked.values())


def test_a_word_the_volume_writes_in_lower_case_is_emphasis_however_often():
    # Federalist No. 80, twice in a volume that repeats essays: "the WHOLE … a PART".
    sentence = "<p>the peace of the WHOLE ought not to be left at the disposal of a PART.</p>"
    capitals = volume_capitals([sentence, sentence, "<p>the whole and a part of it</p>"])
    root = lxml_html.fragment_fromstring(sentence, create_parent="div")
    mark_capitals(root, capitals)
    assert [span.text for span in root.iter("span")] == ["WHOLE", "PART"]


def test_a_short_word_the_volume_writes_in_capitals_twice_is_an_acronym():
    capitals = volume_capitals(["<p>The ICJ ruled.</p>", "<p>Before the ICJ, MUST they?</p>"])
    root = lxml_html.fragment_fromstring("<p>the ICJ said they MUST</p>", create_parent="div")
    mark_capitals(root, capitals)
    assert lxml_html.tostring(root, encoding="unicode") == (
        '<div><p>the ICJ said they <span class="caps">MUST</span></p></div>'
    )


def marks(html: str, capitals: Counter[str] | None = None) -> str:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    mark_capitals(root, capitals if capitals is not None else Counter())
    return lxml_html.tostring(root, encoding="unicode")


def test_an_acronym_next_to_emphasis_stays_out_of_its_small_capitals():
    # The space between is outside the span too: it takes no letter-spacing.
    assert marks("<p>they MUST KGB and NATO</p>") == (
        '<div><p>they <span class="caps">MUST</span> KGB and NATO</p></div>'
    )
    assert marks("<p>he said NOT THE KGB BUT THE GRU.</p>") == (
        '<div><p>he said <span class="caps">NOT THE</span> KGB <span class="caps">BUT THE</span> '
        "GRU.</p></div>"
    )


def test_a_name_the_volume_writes_in_capitals_stays_out_of_a_run_of_emphasis():
    capitals = volume_capitals(["<p>The ICJ ruled.</p>", "<p>the ICJ said so</p>"])
    assert marks("<p>they argued BEFORE THE ICJ</p>", capitals) == (
        '<div><p>they argued <span class="caps">BEFORE THE</span> ICJ</p></div>'
    )


@pytest.mark.parametrize("run", ["GOD SAVE US", "THOSE WHO KNOW", "PASTORELLA BY THIBAUT II"])
def test_an_acronym_that_is_also_a_word_or_a_numeral_stays_in_the_run(run: str):
    assert marks(f"<p>and then {run} was sung</p>") == (
        f'<div><p>and then <span class="caps">{run}</span> was sung</p></div>'
    )


@pytest.mark.parametrize("target", [Target.EPUB, Target.PRINT])
def test_both_editions_mark_the_capitals_but_not_the_opening(target: Target):
    body = (
        "<p>THE constitution of the executive department of the proposed government.</p>"
        "<p>The common law, or <em>jus</em>, would form ONE WHOLE with the CIVIL LAW.</p>"
    )
    chapter = Chapter("ch001", 1, "The Federalist No. 69", body, Path("federalist-69.md"))
    html, _, _ = prepare_body(chapter, target)
    spans = lxml_html.fragment_fromstring(html, create_parent="div").xpath("//span")
    caps = [span.text for span in spans if span.get("class") == CLASS]
    assert caps == ["ONE WHOLE", "CIVIL LAW"]


def test_a_built_book_sets_emphasis_and_signature_alike_in_both_editions(make_volume):
    """Federalist No. 46 (signed "PUBLIUS" on its last line) and No. 82 ("ONE WHOLE"): the
    EPUB carries the marks, and the PDF's text layer reads the small capitals in lower case."""
    papers = ("federalist-46.md", "federalist-82.md")
    volume = make_volume(
        "title: The States and the Union\nlanguage: en\ncontents: [" + ", ".join(papers) + "]\n",
        {name: (CORPUS / "federalist" / name).read_text(encoding="utf-8") for name in papers},
    )
    result = build(volume, formats=["epub", "pdf"])
    with zipfile.ZipFile(result.outputs["epub"]) as epub:
        xhtml = "".join(
            epub.read(name).decode() for name in epub.namelist() if name.endswith(".xhtml")
        )
    assert '<p class="signature">PUBLIUS</p>' in xhtml
    assert '<span class="caps">ONE WHOLE</span>' in xhtml
    pdf = pdfium.PdfDocument(str(result.outputs["pdf"]))
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    lines = [line.strip() for line in text.replace("\u00a0", " ").split("\r\n")]
    assert "publius" in lines  # on a line of its own
    assert "one whole" in " ".join(lines)
