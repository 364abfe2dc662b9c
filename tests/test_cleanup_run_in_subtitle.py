"""run-in-subtitle: Federalist Nos. 48, 54 and 68 in tests/corpus, whose subtitle the PDF
extraction ran into a text that lost its first line, and the form every other paper has in
the source (mjbernaski/federalist_papers, federalist_papers.txt, commit
312c32fa8a33994a06d7ef5e9d171a316c8887bd, public domain): the subtitle, then the text opening
in capitals ("…with the Same View THE author of the…").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.book.articles import load_article
from compiler.cleanup import clean
from compiler.config import CleanupSettings, load_volume
from compiler.errors import Diagnostics
from test_cleanup_corpus import CLEAN_ESSAYS, CORPUS, SEED, read
from test_cleanup_title_first_word import read_with_title

RULE = "run-in-subtitle"
ONLY = CleanupSettings(rules=(RULE,))
RUN_IN = {
    48: (
        "The Same Subject Continued with a View to the Means of Giving Efficacy in Practice to "
        "That Maxim",
        "legislative, executive, and judiciary departments should be wholly unconnected",
    ),
    54: (
        "The Same Subject Continued with a View to the Ratio of Representation",
        "members to the several States, which is to be determined by the same rule",
    ),
    68: (
        "The View of the Constitution of the President Continued in Relation to the Mode of "
        "Appointment",
        "system, of any consequence, which has escaped",
    ),
}


def essay(number: int) -> Path:
    return CORPUS / "federalist" / f"federalist-{number}.md"


@pytest.mark.parametrize("number", sorted(RUN_IN))
def test_the_subtitle_goes_to_the_title_and_the_text_keeps_its_words(number: int):
    subtitle, opening = RUN_IN[number]
    raw = read_with_title(essay(number))
    report = clean(raw, ONLY, "en")
    assert raw.meta.title == f"The Federalist No. {number}: {subtitle}"
    # The source lost the text's first line: the text starts where the source does.
    assert raw.root.findall("p")[0].text_content().startswith(opening)
    assert [(c.action, c.text) for c in report.changes] == [("moved", subtitle)]


@pytest.mark.parametrize("number", sorted(RUN_IN))
def test_an_untitled_article_takes_the_subtitle_as_its_title(number: int):
    raw = read(essay(number))
    clean(raw, ONLY, "en")
    assert raw.meta.title == RUN_IN[number][0]


@pytest.mark.parametrize(
    ("number", "subtitle", "opening"),
    [
        (49, "The Same Subject Continued with the Same View", "THE author of the"),
        (
            63,
            "A Further View of the Constitution of the Senate in Regard to the Duration of "
            "Appointment of Its Members",
            "A FIFTH desideratum",
        ),
        (
            69,
            "The Same View Continued, with a Comparison Between the President and the King of "
            "Great Britain on the One Hand, and the Governor of New York on the Other",
            "I PROCEED now to trace",
        ),
        (
            75,
            "The Same View Continued in Relation to the Power of Making Treaties",
            "THE President is to have power",
        ),
    ],
)
def test_the_source_s_form_subtitle_then_an_opening_in_capitals(number, subtitle, opening):
    """The corpus papers as the source prints them: subtitle, then the text's opening."""
    path = essay(number)
    text = path.read_text("utf-8")
    first = text.split("---\n", 2)[2].lstrip("\n")
    if number == 63:
        first = "A " + first  # "A FIFTH": the corpus lost the "A" the source has
    if number == 69:
        first = "I " + first  # "I PROCEED", likewise
    raw = read(path, f"---\ntitle: x\n---\n\n{subtitle} {first}")
    raw.meta.title = f"No. {number}"
    report = clean(raw, ONLY, "en")
    assert [c.text for c in report.changes] == [subtitle]
    paragraph = raw.root.findall("p")[0].text_content()
    assert raw.meta.title == f"No. {number}: {subtitle}"
    assert paragraph.startswith(opening)


OTHER_ESSAYS = [
    p for p in [SEED, *CLEAN_ESSAYS] if p.stem not in {f"federalist-{n}" for n in RUN_IN}
]


@pytest.mark.parametrize("path", OTHER_ESSAYS, ids=lambda p: p.stem)
def test_no_other_essay_of_the_corpus_is_touched(path: Path):
    raw = read_with_title(path)
    title = raw.meta.title
    report = clean(raw, ONLY, "en")
    assert report.changes == [] and raw.meta.title == title


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Names in capitals open the sentence; the essay writes them so inside sentences too.
        (
            "The Supreme Court of the United States Reports are cited by volume. The court "
            "sits in Washington, and the Supreme Court of the United States hears appeals; "
            "its reports, the United States Reports, are cited so.",
            "en",
        ),
        # German capitalises its nouns: the rule is for English headlines only.
        (
            "Die Gleiche Frage Fortgesetzt mit Einem Blick auf das Verhältnis der Vertretung "
            "wird hier erörtert. Die frage, der blick, das verhältnis, die vertretung.",
            "de",
        ),
    ],
)
def test_capitals_that_are_names_or_another_language_s_stay(text: str, language: str):
    raw = read(Path("x.md"), text)
    raw.meta.title = "Title"
    report = clean(raw, ONLY, language)
    assert report.changes == [] and raw.meta.title == "Title"


def test_the_book_s_chapter_is_titled_with_the_subtitle(tmp_path: Path):
    shutil.copy(essay(48), tmp_path / "federalist-48.md")
    (tmp_path / "volume.yaml").write_text(
        "title: The Federalist\nauthor: James Madison\nlanguage: en\n"
        "contents:\n  - federalist-48.md\n",
        "utf-8",
    )
    volume = load_volume(tmp_path / "volume.yaml")
    article, report = load_article(volume.articles[0], volume, Diagnostics())
    assert article.title == f"The Federalist No. 48: {RUN_IN[48][0]}"
    assert "<p>legislative, executive, and judiciary" in article.body
    assert [c.text for c in report.changes if c.rule == RULE] == [RUN_IN[48][0]]
