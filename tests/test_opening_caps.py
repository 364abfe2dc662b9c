"""The capitals a chapter opens with in its source are marked for small capitals in print."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from lxml import html as lxml_html

from compiler import build
from compiler.book.opening_caps import mark_opening_caps
from compiler.sources.xhtml import to_xhtml
from conftest import REPO

CORPUS = REPO / "tests" / "corpus"


def _marked(body: str) -> str:
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    mark_opening_caps(root)
    return "".join(to_xhtml(child) for child in root)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The openings of The Federalist Nos. 51, 46, 70 and 47 as the example book has them.
        (
            "<p>TO WHAT expedient, then, shall we finally resort</p>",
            '<p><span class="opening-caps">TO WHAT</span> expedient, then, shall we finally '
            "resort</p>",
        ),
        (
            "<p>RESUMING the subject of the last paper</p>",
            '<p><span class="opening-caps">RESUMING</span> the subject of the last paper</p>',
        ),
        (
            "<p>THERE is an idea, which is not without its advocates</p>",
            '<p><span class="opening-caps">THERE</span> is an idea, which is not without its '
            "advocates</p>",
        ),
        (
            "<p>EX-OFFICIO justices of peace</p>",
            '<p><span class="opening-caps">EX-OFFICIO</span> justices of peace</p>',
        ),
    ],
)
def test_the_capitals_a_chapter_opens_with_are_marked(body, expected):
    assert _marked(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "<p>I am told the Belarusian crisis is over.</p>",  # one capital is a word, not caps
        "<p>A dependence on the people is, no doubt, the primary control</p>",
        "<p>Okay, I admit it, the title is rather hyperbolic</p>",
        "<p><em>Energy</em> in the Executive</p>",  # opens with an element, not text
        "<h2>Of the Executive</h2><p>THE constitution of the executive</p>",  # not a paragraph
        "<p>The CONSTITUTION in capitals later on</p>",
    ],
)
def test_other_openings_are_left_as_they_are(body):
    assert _marked(body) == body


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Federalist No. 80 in a volume indexing "judges?": the index's comment sits inside
        # the opening capitals, which still become one run of small capitals.
        (
            "<p>TO <!--index-mark a-->JUDGE with accuracy</p>",
            '<p><span class="opening-caps">TO <!--index-mark a-->JUDGE</span> with accuracy</p>',
        ),
        (
            "<p><!--index-mark a-->CONGRESS <!--index-mark b-->SHALL make <em>no</em> law</p>",
            '<p><!--index-mark a--><span class="opening-caps">CONGRESS <!--index-mark b-->SHALL'
            "</span> make <em>no</em> law</p>",
        ),
        (
            "<p>RESUMING<!--index-mark b--> the subject</p>",
            '<p><span class="opening-caps">RESUMING</span><!--index-mark b--> the subject</p>',
        ),
    ],
)
def test_the_capitals_are_read_across_the_index_comments(body, expected):
    assert _marked(body) == expected


def test_capitals_broken_by_an_index_mark_print_as_one_run(make_volume):
    """Federalist No. 80 opens "TO JUDGE with accuracy"; with "judges?" in the index, "JUDGE"
    printed at full size beside a small-capital "to". Read back, the whole run is in small
    capitals (lower case in the text layer) and the index still lists the opening's page."""
    essay = (CORPUS / "federalist" / "federalist-80.md").read_text(encoding="utf-8")
    volume = make_volume(
        "title: The Judiciary\nlanguage: en\ncontents: [federalist-80.md]\n"
        "index:\n  terms:\n    - {term: judiciary, aliases: [judges?]}\n",
        {"federalist-80.md": essay},
    )
    result = build(volume, formats=["pdf"])
    pdf = pdfium.PdfDocument(str(result.outputs["pdf"]))
    try:
        texts = [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()
    opening = next(text for text in texts if "with accuracy of the proper extent" in text)
    assert "to judge with accuracy of the proper extent" in opening.replace("\r\n", " ")
    index = next(text for text in texts if text.startswith("Index"))
    # The essay opens the body, on folio 1, where "JUDGE" is the first indexed word.
    assert re.search(r"judiciary, 1\b", index.replace("\r\n", " ")), index[:200]


def test_small_capitals_read_back_as_the_letters_they_stand_for(make_volume):
    """Federalist No. 60 opens "WE HAVE seen". Set with ``all-small-caps`` the capitals drew
    the face's small-capital glyphs, which the PDF maps to one letter each: the v drawn for
    "HAVE" read back as "V" ("we haVe seen"), and so did every small-capital v of the running
    heads after it. Set in lower case with ``small-caps``, the text layer reads "we have seen"
    and the heads read as they are spelt."""
    essay = (CORPUS / "federalist" / "federalist-60.md").read_text(encoding="utf-8")
    assert essay.split("---", 2)[2].lstrip().startswith("WE HAVE seen")
    volume = make_volume(
        "title: Elections and Government\nlanguage: en\ncontents: [federalist-60.md]\n",
        {"federalist-60.md": essay},
    )
    result = build(volume, formats=["pdf"])
    pdf = pdfium.PdfDocument(str(result.outputs["pdf"]))
    try:
        texts = [page.get_textpage().get_text_range().replace("\u00a0", " ") for page in pdf]
    finally:
        pdf.close()
    opening = next(text for text in texts if "seen, that an uncontrollable power" in text)
    assert "we have seen, that an uncontrollable power" in opening.replace("\r\n", " ")
    # The verso heads' book title, in small capitals, keeps its lower-case v.
    assert any(text.split("\r\n", 1)[0].endswith("Elections and Government") for text in texts)
    assert not any(re.search(r"[a-z]V", text) for text in texts)
