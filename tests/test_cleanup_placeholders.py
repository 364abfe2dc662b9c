"""orphan-captions on Project Gutenberg's notes where a picture stood ("[Figure 43]").

MacDowell's *Critical and Historical Essays* in tests/corpus come from Gutenberg's plain text
(eBook #16351), where each musical example is a note with the words sung under it. Lecture 16
as it is in the corpus, then sentences adapted from the lectures for the other shapes of
Gutenberg's notes ("[Illustration: …]", a note inside a sentence), and brackets that are text.
"""

from __future__ import annotations

import pytest

from compiler.cleanup import clean
from compiler.config import CleanupSettings
from test_cleanup_corpus import CORPUS, read
from test_cleanup_rules import assert_cleans, assert_keeps

RULE = "orphan-captions"
PROSE = (
    "<p>Jacopo Peri and Caccini were among the first workers in the comparatively new form, "
    "and they both took the same subject, <em>Eurydice</em>. Of the former the following two "
    "short excerpts will suffice.</p>"
)
AFTER = (
    "<p>Thus it was that the poet, the singer and the player were one, and the song was the "
    "poem; music was but the servant of the words.</p>"
)


def test_lecture_16_loses_its_two_musical_examples_and_their_captions():
    raw = read(CORPUS / "macdowell" / "lecture-16.md")
    report = clean(raw, CleanupSettings(rules=(RULE,)), "en")
    text = raw.root.text_content()
    assert "[Figure" not in text and "[W:" not in text
    assert "Orpheus bewailing" not in text and "EURYDICE--PERI." not in text
    assert "the following two short excerpts will suffice" in text
    assert [c.note for c in report.changes] == ["caption of a picture not in the text"] * 2 + [
        "picture not in the text",
        "caption of a picture not in the text",
        "picture not in the text",
    ]


def test_illustration_note_and_its_caption_line():
    assert_cleans(
        RULE,
        f"{PROSE}<p>Orpheus bewailing his fate.</p><p>[Illustration: Orpheus]</p>{AFTER}",
        f"{PROSE}{AFTER}",
    )


def test_caption_and_note_on_one_line():
    assert_cleans(RULE, f"{PROSE}<p>Arabian Melody [Figure 39]</p>{AFTER}", f"{PROSE}{AFTER}")


def test_note_inside_a_sentence_leaves_the_sentence():
    assert_cleans(
        RULE,
        f"{PROSE}<p>The lyre of the Greeks [Illustration] had but four strings at first, and "
        f"the flute [Fig. 3: A double flute] was a reed.</p>{AFTER}",
        f"{PROSE}<p>The lyre of the Greeks had but four strings at first, and the flute was a "
        f"reed.</p>{AFTER}",
    )


@pytest.mark.parametrize(
    "html",
    [
        "<p>[Figure skating was not yet an art] and the editor's note [sic] stay.</p>",
        "<p>Image and Picture, as words [in brackets], stay too.</p>",
    ],
)
def test_brackets_that_are_text_stay(html: str):
    assert_keeps(RULE, f"{PROSE}{html}{AFTER}")
