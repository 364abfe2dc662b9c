"""sign-off: a paper's signature run on into its last line is set as a paragraph of its own.

The Federalist papers of tests/corpus (see its SOURCES.md) are signed "PUBLIUS", which the
PDF edition ran on into the last sentence ("…of the authors of them. PUBLIUS 161"), or into
the note it printed at the foot of the last page ("PUBLIUS 32 Particularly in…").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from compiler.cleanup import clean
from compiler.cleanup.evidence import VolumeWords
from compiler.cleanup.rules.split_words import article_tokens, volume_vocabulary
from compiler.config import CleanupSettings
from compiler.sources.base import RawArticle, SourceMeta
from test_cleanup_corpus import CORPUS, read

RULES = CleanupSettings(("page-numbers", "broken-paragraphs", "sign-off"))
PAPERS = CORPUS / "federalist"


@pytest.fixture(scope="module")
def words() -> dict[str, tuple[str, ...]]:
    paths = sorted(PAPERS.glob("*.md"))
    return volume_vocabulary({path.name: article_tokens(read(path).root) for path in paths})


def _ending(path: Path, volume_words: VolumeWords | None = None) -> tuple[list[str], list[str]]:
    """The paper's last three blocks after cleanup, and what ``sign-off`` reported."""
    article = read(path)
    report = clean(article, RULES, volume_words=volume_words)
    blocks = [lxml_html.tostring(el, encoding="unicode").strip() for el in article.root[-3:]]
    return blocks, [c.text for c in report.changes if c.rule == "sign-off"]


@pytest.mark.parametrize(
    ("number", "last_words"),
    [
        ("46", "the chimerical fears of the authors of them.</p>"),
        ("52", "and will be doubly watched on the other.</p>"),
        ("62", "without possessing a certain portion of order and stability.</p>"),
        ("66", "of the authors of their mismanagement and disgrace.</p>"),  # already apart
    ],
)
def test_the_signature_at_the_end_is_set_apart(number: str, last_words: str):
    blocks, separated = _ending(PAPERS / f"federalist-{number}.md")
    assert blocks[-2].endswith(last_words)
    assert blocks[-1] == '<p class="signature">PUBLIUS</p>'
    assert separated == ["PUBLIUS"]


@pytest.mark.parametrize(
    ("number", "sentence", "note"),
    [
        ("60", "the violated majesty of the people?</p>", "32 Particularly in the Southern"),
        ("73", "corrupted or influenced by the Executive.</p>", "44 Mr. Abraham Yates, a warm"),
    ],
)
def test_a_signature_before_the_editions_note_needs_the_volume(
    words, number: str, sentence: str, note: str
):
    path = PAPERS / f"federalist-{number}.md"
    alone, separated = _ending(path)
    assert separated == [] and "PUBLIUS" in alone[-1]
    blocks, separated = _ending(path, VolumeWords(words, path.name))
    assert blocks[-3].endswith(sentence)
    assert blocks[-2] == '<p class="signature">PUBLIUS</p>'
    assert blocks[-1].startswith(f"<p>{note}")
    assert separated[0] == "PUBLIUS" and separated[1].startswith(note)


def test_papers_without_a_signature_are_unchanged():
    for number in ("47", "51", "85"):
        _, separated = _ending(PAPERS / f"federalist-{number}.md")
        assert separated == []


@pytest.mark.parametrize(
    "body",
    [
        # An acronym the essay writes elsewhere, a capital word inside a sentence, a signature
        # word not in the last paragraph, an essay of one paragraph.
        "<p>NATO grew.</p><p>It was the end of the old order. NATO</p>",
        "<p>One.</p><p>They all joined NATO</p>",
        "<p>Of the people. PUBLIUS</p><p>A later paragraph.</p>",
        "<p>Of the people. PUBLIUS</p>",
    ],
)
def test_other_capitals_are_left_alone(body: str):
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    report = clean(RawArticle(Path("a.md"), root, SourceMeta()), CleanupSettings(("sign-off",)))
    assert report.changes == []
    assert "".join(lxml_html.tostring(el, encoding="unicode") for el in root) == body
