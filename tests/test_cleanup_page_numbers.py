"""page-numbers: the folios and note numbers of the printed Federalist edition, and nothing else.

The Federalist papers in tests/corpus were extracted from a printed edition (see
tests/corpus/SOURCES.md): a page's number is left where the page ended with a paragraph
("PUBLIUS 161", "…the federal principle. 176") or glued to the quotation opening the next
page ("other. 270"The judicial power"), and note numbers are glued to the word they followed
("party;34"), set apart between two sentences ("establish." 49 That there ought") or inside
one, before the note's text printed further on ("Every jurist 38 of" … "38 Vide"). Each
removal below was read by hand against the paper; the folios rise through the edition (161 in
No. 46 to 293 in No. 84), and so do the notes (30 in No. 56 to 61 in No. 84). A note whose
text the edition printed inline after its number ("57 Vide No. 71…") keeps it. Every other
essay of the corpus, and the sentences that merely hold numbers, must come through untouched.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from compiler.cleanup import clean
from compiler.config import CleanupSettings
from compiler.sources.base import RawArticle, SourceMeta
from test_cleanup_corpus import CLEAN_ESSAYS, CORPUS, SEED, read, words
from test_cleanup_rules import assert_cleans, assert_keeps

RULE = "page-numbers"

REVIEWED = {
    "federalist/federalist-46.md": ["…fears of the authors of them. PUBLIUS 161"],
    "federalist/federalist-51.md": ["…and mixture of the federal principle. 176"],
    "federalist/federalist-52.md": ["…be doubly watched on the other. PUBLIUS 179"],
    "federalist/federalist-56.md": ["…seven hundred and twenty-three persons. 30"],
    "federalist/federalist-59.md": ["…as to the places of choosing senators. 31"],
    "federalist/federalist-60.md": ["…the Southern States and in this State. 204"],
    "federalist/federalist-62.md": ["…portion of order and stability. PUBLIUS 210"],
    "federalist/federalist-66.md": ["…must be the constitution of New York? 33", "…PUBLIUS 225"],
    "federalist/federalist-67.md": [
        "…share in the applauses of his party;34",
        "…provided for in the Constitution, 35",
    ],
    "federalist/federalist-69.md": [
        "…would appertain to the legislature. 37",
        "…upon the present occasion. Every jurist 38",
        "…scale, and confirm his own nomination. 39",
    ],
    "federalist/federalist-70.md": [
        "…authority wholly to single men. 40",
        '…more easily confined when it is ONE"; 41',
    ],
    "federalist/federalist-68.md": ["…the President is pretty well guarded. 36"],
    "federalist/federalist-73.md": [
        "…become its declared admirers. 44",
        "…of the convention, is of this number. 249",
    ],
    "federalist/federalist-78.md": [
        "…of the three departments of power;45",
        '…the legislative and executive powers."46',
        "…one whose acts may be declared void. 45",
        "…will never concur with its enemies,47",
    ],
    "federalist/federalist-81.md": [
        "…and their relations to each other. 270",
        '…time to time, ordain and establish." 49',
        "…power of constituting inferior courts, 50",
        "…and pronounces the law arising upon it. 51",
        "…all causes are tried in this mode;52",
    ],
    "federalist/federalist-82.md": ['…inferior to the Supreme Court."54'],
    "federalist/federalist-83.md": [
        "…civil law, without the aid of a jury. 55",
        "…cases, which are exceptions 56",
    ],
    "federalist/federalist-84.md": [
        "…of the judicious Blackstone,58",
        '…BULWARK of the British Constitution."59',
        "…of the people and of the government. 60",
        '…in the form of their civil government." 61',
        "…to the purposes of the Union. 293",
    ],
}


@pytest.mark.parametrize("path", [SEED, *CLEAN_ESSAYS], ids=lambda p: p.stem)
def test_removes_exactly_the_reviewed_numbers_from_the_corpus(path: Path):
    raw = read(path)
    before = words(raw.root.text_content())
    report = clean(raw, CleanupSettings(rules=(RULE,)), "en")
    expected = REVIEWED.get(path.relative_to(CORPUS).as_posix(), [])
    assert [c.text.strip("“”") for c in report.changes] == expected
    assert {c.action for c in report.changes} <= {"removed"} and report.warnings == []
    after = words(raw.root.text_content())
    assert len(after) == len(before) - len(expected)
    assert all(word in before for word in after)


def test_folio_after_the_signature_of_federalist_46():
    raw = read(CORPUS / "federalist" / "federalist-46.md")
    clean(raw, CleanupSettings(rules=(RULE,)), "en")
    last = " ".join(raw.root.findall("p")[-1].text_content().split())
    assert last.endswith("ascribed to the chimerical fears of the authors of them. PUBLIUS")


def test_note_number_glued_to_a_word_of_federalist_67():
    assert_cleans(
        RULE,
        "<p>…has had no inconsiderable share in the applauses of his party;34 and who, upon "
        "this false and unfounded suggestion, has built a series of observations.</p>",
        "<p>…has had no inconsiderable share in the applauses of his party; and who, upon "
        "this false and unfounded suggestion, has built a series of observations.</p>",
    )


def test_folio_glued_to_the_next_word_in_federalist_47():
    # Adapted from the full text of No. 47 in the same source (federalist_papers.txt), as the
    # example book has it.
    report = assert_cleans(
        RULE,
        "<p>The same legislative branch acts again as executive council of the governor. The "
        "164members of the judiciary department are appointed by the legislative department, "
        "and their laws, when made, have, under certain limitations, the 162force of "
        "legislative acts.</p>",
        "<p>The same legislative branch acts again as executive council of the governor. The "
        "members of the judiciary department are appointed by the legislative department, "
        "and their laws, when made, have, under certain limitations, the force of "
        "legislative acts.</p>",
    )
    assert [c.text for c in report.changes] == [
        "“…executive council of the governor. The 164”",
        "“…have, under certain limitations, the 162”",
    ]


def test_folio_inside_emphasis_at_the_end_of_a_paragraph():
    assert_cleans(
        RULE,
        "<p>…by a judicious modification and mixture of the <em>federal principle. 176</em></p>",
        "<p>…by a judicious modification and mixture of the <em>federal principle.</em></p>",
    )


@pytest.mark.parametrize(
    "html",
    [
        # Numbers the writer wrote: in a sentence, at its end, after an abbreviation.
        "<p>The number of members the House will at first consist of: 65</p>",
        "<p>The first census counted the people of the United States in 1790</p>",
        "<p>Notes on the State of Virginia, p. 195, and see vol.2 and no.5 of the work.</p>",
        "<p>It cannot be supposed that the half thus chosen will be 30 or 40 in number.</p>",
        "<p>The time was 10:30 and the ratio 3:2; the year, 1788.</p>",
        "<p>In the 1790s, on the 2nd and the 21st, at 10am, a 5km walk and 100 miles.</p>",
        # A sentence that begins with a number: in lower case, or with a name.
        "<p>…twenty-three persons. 30 or 40 of them will be chosen, and it will do.</p>",
        "<p>The Union of the States will last. 13 States have joined it, and it holds.</p>",
        # Money, an abbreviation, a numeral, "I" before a name or a numeral.
        "<p>It was paid in full. $30 It was, and it was enough.</p>",
        "<p>See the paper No. 49 That is, the one on it.</p>",
        "<p>CLAUSE V. 35 Article 1, section 3, clause 1. in the second article.</p>",
        "<p>It is well guarded. 36 I Samuel and 2 I Kings are cited, and it holds.</p>",
        # A note printed inline after its number keeps it: "Vide" is no word of the text.
        "<p>…forgotten in their proper places. 57 Vide No. 71, in which it is said.</p>",
        # Verses and numbered paragraphs.
        "<p>1 In the beginning God created it. 2 And it was without form. 3 And it was so.</p>",
        "<p>4 And God saw the light. 5 And it was good, and it was day.</p>",
        # A heading or a list item is not running text.
        "<h2>Chapter. 12</h2>",
        "<ul><li>Council of Trent. 176</li></ul>",
    ],
)
def test_keeps_numbers_of_the_text(html: str):
    assert_keeps(RULE, html)


def test_folio_and_note_number_around_a_quotation_in_federalist_81():
    report = assert_cleans(
        RULE,
        '<p>…and their relations to each other. 270"The judicial power of the United States '
        'is" (by the plan of the convention) "to be vested in one Supreme Court, and in such '
        'inferior courts as the Congress may, from time to time, ordain and establish." 49 That '
        "there ought to be one court of supreme and final jurisdiction, is a proposition which "
        "is not likely to be contested. The only question that seems to have been raised "
        "concerning it, is, whether it ought to be a distinct body.</p>",
        '<p>…and their relations to each other. "The judicial power of the United States '
        'is" (by the plan of the convention) "to be vested in one Supreme Court, and in such '
        'inferior courts as the Congress may, from time to time, ordain and establish." That '
        "there ought to be one court of supreme and final jurisdiction, is a proposition which "
        "is not likely to be contested. The only question that seems to have been raised "
        "concerning it, is, whether it ought to be a distinct body.</p>",
    )
    assert [c.text for c in report.changes] == [
        "“……and their relations to each other. 270”",
        '“…time to time, ordain and establish." 49”',
    ]


def test_note_number_before_the_pronoun_i_in_federalist_68():
    assert_cleans(
        RULE,
        "<p>…the election of the President is pretty well guarded. 36 I venture somewhat "
        "further, and hesitate not to affirm that it is at least excellent.</p>",
        "<p>…the election of the President is pretty well guarded. I venture somewhat "
        "further, and hesitate not to affirm that it is at least excellent.</p>",
    )


def test_keeps_a_number_against_a_quotation_that_is_not_a_folio():
    # Inches, and a quotation opening in lower case.
    assert_keeps(RULE, '<p>It was a 6" pipe, and a 12"long one; the 3"the" rule.</p>')


def test_keeps_a_glued_number_in_an_article_with_notes_of_its_own():
    assert_keeps(
        RULE,
        '<p>As Blackstone says,<sup id="fnref:1"><a href="#fn:1">1</a></sup> the rule holds;'
        "2 and more. 3 It holds, and it is so.</p>"
        '<div class="footnote"><ol><li id="fn:1"><p>Commentaries, vol. 1.</p></li></ol></div>',
    )


def test_a_call_inside_a_sentence_goes_only_before_its_printed_note():
    # Federalist No. 69 as the edition printed it: the call, then the note's text.
    call = "<p>Every jurist 38 of that kingdom knows it.</p>"
    note = "<p>But this 38 Vide Blackstone's Commentaries, vol. i, p. 257. parliamentary</p>"
    assert_cleans(RULE, call + note, call.replace(" 38", "") + note)
    assert_keeps(RULE, call)  # no note printed: the number may be the writer's
    assert_keeps(RULE, note + call)  # the note's text before: not its call
    # After a word that takes a number, or where the "note" is a reference's number.
    assert_keeps(RULE, "<p>Of the 38 articles of peace.</p>" + note)
    assert_keeps(RULE, "<p>Read chapter 38 of it.</p><p>See No. 38 Of the Senate.</p>")


@pytest.mark.parametrize("unit", ["a", "It is so. 3 It is. "])
def test_time_grows_with_the_paragraph_not_its_square(unit: str):
    # One word as long as the paragraph, or numbers between many sentences: CPU time, best of
    # three, for a paragraph eight times as long is about eight times as much (not 64).
    def seconds(count: int) -> float:
        root = lxml_html.fragment_fromstring(f"<p>{unit * count}</p>", create_parent="div")
        started = time.process_time()
        clean(RawArticle(Path("a.md"), root, SourceMeta()), CleanupSettings(rules=(RULE,)))
        return time.process_time() - started

    small = min(seconds(5_000) for _ in range(3))
    large = min(seconds(40_000) for _ in range(3))
    assert large < 30 * small + 0.3, (small, large)
