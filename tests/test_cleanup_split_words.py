"""split-words: words broken by a stray space, joined on the article's own evidence.

Before/after pairs in the style of the other rule tests, their sentences adapted from the
Federalist papers and Whitehead's *An Introduction to Mathematics* (tests/corpus, public
domain), then the real essay the rule was written for: Federalist No. 46 as the PDF
extraction left it. The corpus-wide checks (every other essay keeps its words; the Federalist
papers' splits are exactly the reviewed list) are in test_cleanup_corpus.py; the volume's
evidence is tested in test_split_words_volume.py.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from compiler.cleanup import RULE_NAMES, CleanupReport, clean
from compiler.cleanup.report import Change
from compiler.config import CleanupSettings
from compiler.sources.base import RawArticle, SourceMeta
from test_cleanup_corpus import CORPUS, read

RULE = "split-words"
# Paragraphs after Federalist No. 46 that give the rule its vocabulary: "people", "and",
# "into", "sometimes", "everything", "desirable", "there", "representatives"... each occur here
# on their own, as do "in", "to", "some", "times", "every", "thing" and "part".
CONTEXT = (
    "<p>The federal and State governments are in fact but different agents and trustees of "
    "the people, constituted with different powers, and designed for different purposes. "
    "Many considerations seem to place it beyond doubt that the first and most natural "
    "attachment of the people will be to the governments of their respective States. Into "
    "the administration of these a greater number of individuals will expect to rise.</p>"
    "<p>It has sometimes been said that everything must be left to the people, and that the "
    "people may in the end find it desirable to transfer their confidence; some of them at "
    "times have done so. There a thing of the kind, and every part of it, is the work "
    "of the representatives of the people, and there the people are party to it.</p>"
)


def run(html: str, *rules: str) -> tuple[str, CleanupReport]:
    root = lxml_html.fragment_fromstring(html + CONTEXT, create_parent="div")
    raw = RawArticle(Path("article.md"), root, SourceMeta(), text=html)
    report = clean(raw, CleanupSettings(rules=rules or (RULE,)), "en")
    first = lxml_html.tostring(root[0], encoding="unicode", with_tail=False)
    return re.sub(r">\s+<", "><", first), report


def joined(report: CleanupReport) -> list[str]:
    return [c.text.split(":", 1)[0] for c in report.changes if c.rule == RULE]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # A stray last letter: "peopl" is no word of the article, "people" is.
        (
            "<p>With the affairs of these, the peopl e will be more familiarly and minutely "
            "conversant.</p>",
            "<p>With the affairs of these, the people will be more familiarly and minutely "
            "conversant.</p>",
        ),
        # A real word and a fragment: "a" is a word, "nd" is not, "and" is.
        (
            "<p>He must be the idol of popular favor; a nd that opposition to proper measures "
            "will be the result.</p>",
            "<p>He must be the idol of popular favor; and that opposition to proper measures "
            "will be the result.</p>",
        ),
        # Capital at the start of a sentence, punctuation after the second piece.
        (
            "<p>Peopl e of every State would find it desirabl e, in the end.</p>",
            "<p>People of every State would find it desirable, in the end.</p>",
        ),
        # Inside emphasis, and in a heading.
        (
            "<h2>Who are the <em>peopl e</em>?</h2>",
            "<h2>Who are the <em>people</em>?</h2>",
        ),
        # Two candidates share a piece: "there" or "representatives"? The pair made of
        # fragments only wins ("presentatives" is no word, "the" is).
        (
            "<p>It was by the re presentatives of the people that this was done.</p>",
            "<p>It was by the representatives of the people that this was done.</p>",
        ),
        # "th" stands alone once, where an ordinal lost its number ("the 13th"), and in three
        # splits: a piece more often split than alone is no word, so "th at" is "that".
        (
            "<p>By the th of Charles II. it was declared th at th e power of th e sword was "
            "the king's.</p>",
            "<p>By the th of Charles II. it was declared that the power of the sword was "
            "the king's.</p>",
        ),
    ],
    ids=[
        "stray-letter",
        "word-and-fragment",
        "case-and-punctuation",
        "emphasis",
        "rivals",
        "piece-more-often-split-than-alone",
    ],
)
def test_joins(before: str, after: str) -> None:
    result, report = run(before)
    assert result == after
    assert joined(report)


@pytest.mark.parametrize(
    "html",
    [
        # Two words the article uses on their own stay apart, even though the joined form
        # ("into", "sometimes", "everything") is a word of the article too.
        "<p>They will in to the bargain be some times right about every thing.</p>",
        # "gain" occurs only here, "again" elsewhere: a real word and a plausible one stay.
        "<p>The people find a gain in union, and again in the States. And so again.</p>",
        # After a one-letter word, a piece that could be a word: "go" is said only here.
        "<p>Let the States have a go at it, as they did long ago.</p>",
        # Two single letters are never joined, even when the joined form is a word here.
        "<p>Let the sides be a b c, and the unknowns x y, as in xy or in ab.</p>",
        "<p>The rule is general, e g for any number, as e.g. in print.</p>",
        # Initials and abbreviations touch full stops.
        "<p>As J. R. R. Tolkien and W. W. R. Ball wrote, i.e. in the end.</p>",
        # A capital after a lower-case piece is a name or a symbol, not a split.
        "<p>The part Y of the people is a part of the party.</p>",
        # A letter set apart by markup was set apart on purpose.
        "<p>The peopl <em>e</em> is the letter that ends the word people.</p>",
        # Code and addresses are literal.
        "<p>Run <code>peopl e</code> or read www.example.org/peopl e in a browser.</p>",
        # Digits and hyphens belong to the token: "2nd" and "co-operate" are not pieces.
        "<p>The 2nd peopl-e and the peopl- e and e-people are all here.</p>",
    ],
    ids=[
        "two-words",
        "word-and-plausible-word",
        "one-letter-word-and-plausible-word",
        "single-letters",
        "e-g",
        "initials",
        "capital",
        "markup",
        "code-and-url",
        "digits-and-hyphens",
    ],
)
def test_keeps(html: str) -> None:
    result, report = run(html)
    assert result == re.sub(r">\s+<", "><", html)
    assert joined(report) == []


def test_a_line_spaced_out_letter_by_letter_is_no_evidence_of_words() -> None:
    # Federalist No. 66 as the extraction left one line: its "e", "th" and "a" would be words,
    # and "th e" two words. Spaced out, they are no use of either; the line stays as it was.
    spaced = (
        "It would not p e r ha p s be r a sh to pr e d i c t , th a t a s am e a no f influence"
    )
    html, report = run(
        f"<p>{spaced} in the Senate. The Senate was by th e credit of its members the one.</p>"
    )
    assert joined(report) == ["th e → the"]
    assert spaced in html


def test_a_sentence_of_short_words_is_prose() -> None:
    # "so I do a" holds two single letters: prose, whose "a" is a word ("a go" stays).
    _, report = run("<p>If it is so I do a go at it, and it was ago.</p>")
    assert report.changes == []


def test_every_join_is_reported_with_where_it_was() -> None:
    _, report = run(
        "<p>With the affairs of these, the peopl e will be more familiarly and minutely "
        "conversant, a nd the people will know it.</p>"
    )
    assert report.changes == [
        Change(RULE, "joined", "peopl e → people: “…of these, the peopl e will be more…”"),
        Change(RULE, "joined", "a nd → and: “…and minutely conversant, a nd the people will…”"),
    ]


def test_the_rule_is_named_and_can_be_left_out() -> None:
    assert RULE in RULE_NAMES
    assert RULE_NAMES.index(RULE) < RULE_NAMES.index("typography")  # quotes see the word
    others = tuple(name for name in RULE_NAMES if name != RULE)
    html = "<p>With the affairs of these, the peopl e will be more familiarly conversant.</p>"
    result, report = run(html, *others)
    assert "peopl e" in result
    assert joined(report) == []


# --- Federalist No. 46, as extracted from the PDF -------------------------------------------


@pytest.fixture(scope="module")
def federalist_46() -> tuple[str, CleanupReport]:
    raw = read(CORPUS / "federalist" / "federalist-46.md")
    report = clean(raw, CleanupSettings(rules=(RULE,)), "en")
    return " ".join(raw.root.text_content().split()), report


def test_federalist_46_splits_with_evidence_in_the_essay_are_joined(federalist_46):
    text, report = federalist_46
    assert joined(report) == [
        "whic h → which",
        "peopl e → people",
        "a nd → and",
        "fede ral → federal",
        "govern ment → government",
        "representati ves → representatives",
        "gove rnment → government",
        "na tional → national",
    ]
    assert "the people will be more familiar" in text
    assert "popular favor; and that opposition" in text


def test_federalist_46_splits_whose_word_the_essay_never_uses_are_left(federalist_46):
    # "offices", "party", "object" and "desirable" occur nowhere else in No. 46 (they do in
    # other papers of the volume, which cleanup of one article does not see): no evidence.
    text, _ = federalist_46
    for split in ("office s and", "part y attachments", "objec t the", "desirabl e to"):
        assert split in text


# --- time -----------------------------------------------------------------------------------


def seconds(html: str) -> float:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    raw = RawArticle(Path("article.md"), root, SourceMeta(), text="")
    started = time.process_time()
    report = clean(raw, CleanupSettings(rules=(RULE,)), "en")
    elapsed = time.process_time() - started
    assert report.count(RULE) == html.count("peopl e")
    return elapsed


SENTENCE = "With the affairs of these, the peopl e will be more familiar, as the people know. "


@pytest.mark.parametrize("shape", ["paragraphs", "one paragraph"])
def test_time_grows_with_the_text_not_its_square(shape: str) -> None:
    def text(count: int) -> str:
        if shape == "paragraphs":
            return f"<p>{SENTENCE}</p>" * count
        return f"<p>{SENTENCE * count}</p>"

    # CPU time of this process, best of three: other work on the machine neither slows the
    # small run nor the large one. Linear is 8 times; quadratic would be 64.
    small = min(seconds(text(1_000)) for _ in range(3))
    large = min(seconds(text(8_000)) for _ in range(3))
    assert large < 30 * small + 0.3, (small, large)
