"""Emphasis inside the covers' italic copy is set roman, as it is in the interior.

The photo style sets its blurb in italic and every style its review quotes: a book's title
named there (``<i>``, ``<em>`` or ``<cite>``, as Markdown and HTML blurbs give it) must turn
roman to stand out, and emphasis inside that roman turns italic again (Chicago 8.171; base.css
"Emphasis inside italic"). The copy is the example books' (books/the-executive/volume.yaml:
the back's quote from Jefferson's letter to Madison of 18 November 1788).
"""

from __future__ import annotations

import pytest

from compiler.book.model import BookMeta
from compiler.config import PrintSettings
from compiler.covers.draw import CoverDesign, CoverText, write_print_cover
from test_emphasis_in_italic import drawn_fonts, fonts_of

META = BookMeta(title="The Executive", authors=("Alexander Hamilton",), language="en")
BLURB = (
    "<p>Three papers from <cite>The Federalist</cite> on the office of the President, "
    "signed <i>Publius</i>, with <em>energy in <em>the executive</em></em> at their heart.</p>"
)
QUOTE = (
    "<p>“…the best commentary on <em>the principles</em> of government which ever was "
    "written, <cite>The Federalist</cite>.”</p>",
    "<p>Thomas Jefferson to <i>James Madison</i>, 1788</p>",
)


@pytest.fixture(scope="module")
def fonts(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    target = tmp_path_factory.mktemp("emphasis") / "cover.pdf"
    text = CoverText(blurb_html=BLURB, quotes=(QUOTE,), design=CoverDesign(style="photo"))
    write_print_cover(META, PrintSettings(), 200, target, text)
    return drawn_fonts(target)


def italic(fonts: list[tuple[str, str]], words: str) -> bool:
    found = fonts_of(fonts, words)
    assert found, (words, fonts)
    assert len({"Italic" in font for font in found}) == 1, (words, found)
    return all("Italic" in font for font in found)


def test_the_italic_blurb_sets_titles_and_emphasis_roman(fonts) -> None:
    assert italic(fonts, "Three papers from")
    assert not italic(fonts, "The Federalist")
    assert not italic(fonts, "Publius")
    assert not italic(fonts, "energy in")
    assert italic(fonts, "the executive")  # emphasis inside the roman is italic again


def test_a_review_quote_sets_its_emphasis_roman(fonts) -> None:
    assert italic(fonts, "best commentary on")
    assert not italic(fonts, "the principles")
    assert italic(fonts, "James Madison")  # the source is roman: what it marks is italic
