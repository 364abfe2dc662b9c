"""Addresses in running text kept from the hyphenator, and the title leaves' paragraph ends.

The sentences are those of books/power-and-music (its rights text in volume.yaml and its
introduction, matter/introduction.md), which name The Saker's site in plain words, and the
licence line every CC0 book prints. The books themselves are read back from the PDF in
tests/test_print_typography.py.
"""

from __future__ import annotations

from compiler.book.model import Book, BookMeta, Section
from compiler.book.paragraph_ends import NBSP, bind_last_words
from compiler.book.render import Renderer, Target
from compiler.book.web_addresses import mark

SAKER = "as first published at thesaker.is. It shows writing that first appeared on the web"
RIGHTS = (
    "<p><i>The Federalist</i> (1788) and Edward MacDowell’s <i>Critical and Historical "
    "Essays</i> (1912) are in the public domain.</p>"
)


def test_an_address_in_prose_is_marked_without_its_full_stop():
    marked = mark(f"<p>{SAKER}</p>")
    assert '<span class="url">thesaker.<wbr/>is</span>. It shows' in marked
    assert marked.count('class="url"') == 1


def test_addresses_with_a_scheme_www_or_an_at_sign_break_only_after_their_punctuation():
    marked = mark(
        "<p>The dedication is at https://creativecommons.org/publicdomain/zero/1.0/, "
        "the edition at www.gutenberg.org/ebooks/16351; write to info@gutenberg.org.</p>"
    )
    assert (
        '<span class="url">https://<wbr/>creativecommons.<wbr/>org/<wbr/>publicdomain/'
        "<wbr/>zero/<wbr/>1.<wbr/>0/<wbr/></span>, the edition"
    ) in marked
    assert (
        '<span class="url">www.<wbr/>gutenberg.<wbr/>org/<wbr/>ebooks/<wbr/>16351</span>;'
    ) in marked
    assert '<span class="url">info@gutenberg.<wbr/>org</span>.</p>' in marked


def test_abbreviations_numbers_names_and_markup_are_left_alone():
    text = (
        '<p class="note" data-url="thesaker.is">See e.g. the U.S. Constitution, No. 51, '
        "version 1.0, 3.5 cm, Node.js and <code>thesaker.is</code> or "
        '<span class="url">https://creativecommons.org/</span>'
        "<!-- indexed: thesaker.is --></p>"
    )
    assert mark(text) == text


def test_a_link_whose_text_is_its_address_is_marked_inside_the_link():
    marked = mark('<p><a href="https://thesaker.is/">thesaker.is</a></p>')
    assert marked == (
        '<p><a href="https://thesaker.is/"><span class="url">thesaker.<wbr/>is</span></a></p>'
    )


def test_a_short_last_word_is_bound_to_the_word_before_it():
    bound = bind_last_words(RIGHTS)
    assert bound == RIGHTS.replace("public domain.", f"public{NBSP}domain.")
    # A long last word, or one already bound (a date), is left as it is.
    long_end = "<p>Published under the Creative Commons CC0 1.0 Universal Public Dedication.</p>"
    assert bind_last_words(long_end) == long_end
    date = f"<p>This edition published 1{NBSP}November{NBSP}2026</p>"
    assert bind_last_words(date) == date


def test_each_line_of_a_paragraph_with_line_breaks_keeps_two_words():
    text = "<p>Published by Liberty Fund<br/>11301 North Meridian Street<br/>Carmel, Indiana</p>"
    assert bind_last_words(text) == (
        f"<p>Published by Liberty{NBSP}Fund<br/>11301 North Meridian{NBSP}Street"
        f"<br/>Carmel,{NBSP}Indiana</p>"
    )
    # The last word after markup counts with it: "at thesaker.is." is 12 characters.
    marked = mark(f"<p>{SAKER.split('. ')[0]}.</p>")
    assert bind_last_words(marked) == marked


def test_print_pages_mark_addresses_and_bind_the_copyright_page_ends():
    meta = BookMeta(
        title="Power and Music",
        language="en",
        authors=("James Madison", "Alexander Hamilton", "Edward MacDowell", "The Saker"),
    )
    rights = Section(
        id="copyright", title="Copyright", kind="copyright-page", body=RIGHTS + f"<p>{SAKER}</p>"
    )
    book = Book(meta=meta, front=[rights], contents=[], back=[])
    printed = Renderer(book, Target.PRINT).section(rights).html
    assert f"public{NBSP}domain." in printed and "thesaker.<wbr/>is" in printed
    on_screen = Renderer(book, Target.EPUB).section(rights).html
    assert "public domain." in on_screen and 'class="url"' not in on_screen
