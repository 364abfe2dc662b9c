"""The capitals a chapter opens with in its source are marked for small capitals in print."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from compiler.book.opening_caps import mark_opening_caps
from compiler.sources.xhtml import to_xhtml


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
