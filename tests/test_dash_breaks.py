"""A closed em dash is bound to the word before it on paper, so no line begins with one."""

from __future__ import annotations

from pathlib import Path

from compiler.book.dash_breaks import WORD_JOINER, bind
from compiler.book.model import Book, BookMeta, Chapter
from compiler.book.render import Renderer, Target


def test_a_closed_dash_is_joined_to_the_word_before_it():
    assert bind("<p>affect animals—hooded cobras</p>") == (
        f"<p>affect animals{WORD_JOINER}—hooded cobras</p>"
    )
    # After an inline element's last word, and after an index mark's comment.
    assert bind("<p><em>Maneros</em>—a song</p>") == f"<p><em>Maneros</em>{WORD_JOINER}—a song</p>"
    assert bind("<p>the<!--ix-->—law</p>") == f"<p>the<!--ix-->{WORD_JOINER}—law</p>"
    # A two-em dash for letters left out stays whole too.
    assert bind("<p>Mr. S——n</p>") == f"<p>Mr. S{WORD_JOINER}—{WORD_JOINER}—n</p>"


def test_spaced_dashes_line_starts_markup_and_en_dashes_are_left_alone():
    for html in (
        "<p>the state\u00a0– so I</p>",
        "<p>a point — and</p>",
        "<p>ends.</p><p>—Yes, he said.</p>",
        "<p>one<br/>—two</p>",
        '<p><a title="a—b">x</a> 1914–1918</p>',
        "<p>no dash at all</p>",
    ):
        assert bind(html) == html


def test_print_binds_dashes_and_the_epub_keeps_its_text():
    body = "<p>The pipe seems to affect animals—hooded cobras, lizards, fish.</p>"
    chapter = Chapter("ch001", 1, "The Origin of Music", body, Path("origin.md"))
    book = Book(meta=BookMeta(title="Lectures", language="en"), contents=[chapter])
    printed = Renderer(book, Target.PRINT).chapter(chapter).html
    assert f"animals{WORD_JOINER}—hooded" in printed
    assert WORD_JOINER not in Renderer(book, Target.EPUB).chapter(chapter).html


def test_the_joiner_leaves_the_page_markers_where_the_pdf_pages_begin():
    """The EPUB's page markers are placed by counting characters in the print layout; a
    joiner only print carries must not move a page's first word ("of Buddhism", found as
    "Buddhism" after three dashes in its paragraph)."""
    from compiler.book.page_map import visible_length

    source = "certain hymns—especially the prayer of Vashishtha—were the bible of Buddhism"
    printed = bind(f"<p>{source}</p>")[3:-4]
    assert printed.count(WORD_JOINER) == 2
    assert visible_length(printed) == visible_length(source)
    assert visible_length(printed[: printed.index("of Buddhism")]) == visible_length(
        source[: source.index("of Buddhism")]
    )
