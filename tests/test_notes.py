"""Footnotes in every shape a source brings them, lifted out the same way.

Python-Markdown's notes, a blog's ``<sup><a href="#fn1">`` with ``<li id="fn1">``, a lecture
saved from WordPress with ``<p id="footnote-1">``: one detection (``find_note_links``) finds
them for the book (``extract_notes``) and for ``compile-book fetch`` (``html_to_markdown``).
The examples are MacDowell's notes to his Columbia lectures.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from lxml import html as lxml_html

from compiler.book.articles import finish_article, read_raw, serialize_children
from compiler.cleanup import clean
from compiler.config import ArticleEntry, Location
from compiler.errors import Diagnostics
from compiler.sources.base import Note
from compiler.sources.fetch import html_to_markdown
from compiler.sources.markdown import EXTENSIONS
from compiler.sources.notes import detach_notes, extract_notes, find_note_links
from compiler.sources.sanitize import html_to_tree, sanitize_html

TESTS = Path(__file__).resolve().parent
RHYTHM = (
    "All that aims to be dramatic, tragic, supernatural in our modern music, derives its "
    "impressiveness directly from rhythm."
)
FATE = (
    "The strength of the \u201cFate\u201d motive in Beethoven\u2019s fifth symphony undoubtedly "
    "lies in the succession of the four notes at equal intervals of time."
)
LATIN = "With this mixture of the vernacular and the official Latin,"
DANTE = (
    "It is interesting to note as to the prevalence of Latin, that Dante\u2019s \u201cDivina "
    "Commedia\u201d was the first important poem in Italian."
)


def tree(html: str) -> lxml_html.HtmlElement:
    return html_to_tree(sanitize_html(html))


def extract(html: str) -> tuple[list[Note], str]:
    root = tree(html)
    notes, unresolved = extract_notes(root)
    assert unresolved == []
    return notes, serialize_children(root)


# --- detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "labels", "note_ids"),
    [
        # A blog's notes plugin: superscript links and a numbered list with back links.
        (
            f'<p>{RHYTHM}<sup><a href="#fn1" id="ref1">1</a></sup></p>'
            f'<ol class="footnotes"><li id="fn1">{FATE} <a href="#ref1">\u21a9</a></li></ol>',
            ["1"],
            ["fn1"],
        ),
        # Bracketed links to paragraphs, with a bracketed link back.
        (
            f'<p>{LATIN}<a href="#footnote-14" id="footnote-ref-14">[14]</a> these plays</p>'
            f'<hr><p id="footnote-14"><a href="#footnote-ref-14">[14]</a> {DANTE}</p>',
            ["14"],
            ["footnote-14"],
        ),
        # Google Docs: the target is the note's own link back, at the start of its paragraph.
        (
            f'<p>{LATIN}<sup><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup> these plays</p>'
            f'<hr><div><p><a href="#ftnt_ref1" id="ftnt1">[1]</a> {DANTE}</p></div>',
            ["1"],
            [None],
        ),
        # Python-Markdown, named key, referenced twice.
        (
            markdown.markdown(
                f"{RHYTHM}[^fate] Again[^fate].\n\n[^fate]: {FATE}", extensions=["footnotes"]
            ),
            ["1", "1"],
            ["fn:fate", "fn:fate"],
        ),
        # The target is an anchor inside the list item.
        (
            f'<p>{RHYTHM}<a href="#n2">*</a></p><ul><li><span id="n2"></span>{FATE}</li></ul>',
            ["*"],
            [None],
        ),
    ],
)
def test_notes_are_found_in_every_shape(html: str, labels: list[str], note_ids: list[str]):
    links = find_note_links(tree(html))
    assert [link.label for link in links] == labels
    assert [link.note.get("id") for link in links] == note_ids
    texts = [link.note.text_content() for link in links]
    assert all("Fate" in text or "Dante" in text for text in texts)


@pytest.mark.parametrize(
    "html",
    [
        # A table of contents: the targets are sections with headings, not notes.
        '<p><a href="#ii">II</a> <a href="#2">2</a></p><div id="2"><h2 id="ii">II</h2>'
        f"<p>{RHYTHM}</p></div>",
        # A link to an empty anchor in the text.
        f'<p>{RHYTHM} <a href="#x">1</a></p><p><a id="x"></a></p><p>{FATE}</p>',
        # The target comes before the link: a back link, not a reference.
        f'<p id="top">{RHYTHM}</p><p>{FATE} <a href="#top">1</a></p>',
        # Text that is not a note marker, and a link to another page's note.
        f'<p>{RHYTHM} <a href="#fn1">see below</a> <a href="/lectures/ii#fn1">1</a></p>'
        f'<ol><li id="fn1">{FATE}</li></ol>',
    ],
)
def test_in_page_links_that_are_not_notes_are_left_alone(html: str):
    root = tree(html)
    before = serialize_children(root)
    assert find_note_links(root) == []
    assert extract_notes(root) == ([], [])
    assert serialize_children(root) == before


def test_a_link_inside_a_note_is_part_of_the_note():
    links = find_note_links(
        tree(
            f'<p>{RHYTHM}<sup><a href="#fn1">1</a></sup></p><ol><li id="fn1">{FATE} Compare '
            'note <a href="#fn2">2</a>.</li><li id="fn2">Opus 67.</li></ol>'
        )
    )
    assert [link.note.get("id") for link in links] == ["fn1"]


def test_detach_notes_takes_each_note_out_once_with_its_back_links():
    root = tree(
        f'<p>{RHYTHM}<sup id="r1"><a href="#fn1">1</a></sup> Again.<sup id="r2"><a href="#fn1">'
        f'1</a></sup></p><div class="footnotes"><hr><ol><li id="fn1"><p>{FATE}\u00a0<a href="#r1">'
        '\u21a9</a><a href="#r2">\u21a9\ufe0e</a></p></li></ol></div>'
    )
    links = find_note_links(root)
    [first] = detach_notes(links)
    assert first is links[0] and first.label == "1"
    assert lxml_html.tostring(first.note, encoding="unicode") == f'<li id="fn1"><p>{FATE}</p></li>'
    assert "footnotes" not in lxml_html.tostring(root, encoding="unicode")


# --- notes for the book ---------------------------------------------------------------------


def test_blog_notes_become_note_records_and_noterefs():
    notes, body = extract(
        f'<p>{RHYTHM}<sup><a href="#fn1" id="ref1">1</a></sup></p><p>{LATIN}<sup>'
        '<a href="#fn2" id="ref2">2</a></sup> these plays.</p><hr><h3>Notes</h3><ol>'
        f'<li id="fn1">{FATE} <a href="#ref1" class="footnote-backref">\u21a9</a></li>'
        f'<li id="fn2"><p>{DANTE}</p><p>Latin lasted longest. <a href="#ref2">\u2191</a></p>'
        "</li></ol>"
    )
    assert notes == [
        Note("1", f"<p>{FATE}</p>"),
        Note("2", f"<p>{DANTE}</p><p>Latin lasted longest.</p>"),
    ]
    # The rule, the "Notes" heading and the list all went with the notes.
    assert body == (
        f'<p>{RHYTHM}<a class="noteref" href="#note-1">1</a></p>\n'
        f'<p>{LATIN}<a class="noteref" href="#note-2">2</a> these plays.</p>'
    )


def test_a_google_docs_note_leaves_no_label_or_back_link():
    notes, body = extract(
        f'<p>{LATIN}<sup><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup> these plays.</p>'
        f'<hr><div><p><a href="#ftnt_ref1" id="ftnt1">[1]</a> {DANTE}</p></div>'
    )
    assert notes == [Note("1", f"<p>{DANTE}</p>")]
    assert body == f'<p>{LATIN}<a class="noteref" href="#note-1">1</a> these plays.</p>'


def test_paragraph_notes_lose_the_label_they_repeat():
    notes, body = extract(
        f'<p>{LATIN}<sup>[<a href="#footnote-14" id="footnote-ref-14">14</a>]</sup> these '
        'plays.</p><p>More text<a href="#footnote-15">15</a> and<a href="#footnote-16">16</a>.'
        f'</p><p id="footnote-14"><a href="#footnote-ref-14">[14]</a> {DANTE}</p>'
        '<p id="footnote-15"><sup>15</sup> 1848 is not a label.</p>'
        f'<p id="footnote-16">16. {FATE}</p>'
    )
    # Renumbered from 1, in order of first reference.
    assert notes == [
        Note("1", f"<p>{DANTE}</p>"),
        Note("2", "<p>1848 is not a label.</p>"),
        Note("3", f"<p>{FATE}</p>"),
    ]
    assert body == (
        f'<p>{LATIN}<a class="noteref" href="#note-1">1</a> these plays.</p>\n'
        '<p>More text<a class="noteref" href="#note-2">2</a> and'
        '<a class="noteref" href="#note-3">3</a>.</p>'
    )


def test_markdown_notes_keep_their_behaviour():
    html = markdown.markdown(
        f"{RHYTHM}[^fate] {LATIN}[^latin] Again[^fate]. Unwritten[^missing].\n\n"
        f"[^latin]: {DANTE}\n[^fate]: {FATE}\n\n    Opus 67.\n[^unused]: Never referenced.",
        extensions=EXTENSIONS,
        output_format="xhtml",
    )
    root = tree(html)
    notes, unresolved = extract_notes(root)
    assert notes == [
        Note("1", f"<p>{FATE}</p>\n<p>Opus 67.</p>"),
        Note("2", f"<p>{DANTE}</p>"),
    ]
    assert unresolved == ["missing"]
    body = serialize_children(root)
    assert [m for m in re.findall(r'href="#note-(\d)"', body)] == ["1", "2", "1"]
    assert "Never referenced" not in body and "footnote" not in body


def test_a_markdown_reference_whose_note_cleanup_removed_goes_too():
    root = tree(markdown.markdown(f"{RHYTHM}[^1]\n\n[^1]: Subscribe", extensions=["footnotes"]))
    [note] = root.xpath('.//li[@id="fn:1"]')  # as if a drop pattern had taken it
    note.getparent().remove(note)
    assert extract_notes(root) == ([], [])
    assert serialize_children(root) == f"<p>{RHYTHM}</p>"


def test_saved_lecture_page_yields_its_note():
    page = TESTS / "fixtures" / "html" / "the-mystery-and-miracle-play.html"
    diagnostics = Diagnostics()
    raw = read_raw(page, diagnostics)
    clean(raw, None, "en")
    article = finish_article(raw, ArticleEntry(path=page, where=Location(page)), diagnostics, TESTS)
    [note] = article.notes
    assert note.key == "1"
    assert note.html.startswith("<p>It is interesting to note as to the prevalence of Latin")
    assert note.html.endswith("the first half of the eighteenth century.</p>")
    assert f'{LATIN}<a class="noteref" href="#note-1">1</a> these Miracle' in article.body
    assert "footnote" not in article.body and "\u21a9" not in article.body


def test_wordpress_post_with_notes(tmp_path: Path):
    content = (
        f'{RHYTHM}<sup><a id="ref-1" href="#footnote-1">1</a></sup> What would that shudder of '
        "horror in Weber\u2019s \u201cFreisch\u00fctz\u201d be without that throb of the basses?"
        f'\n\n<hr />\n\n<p id="footnote-1">1. {FATE} <a href="#ref-1">\u21a9</a></p>'
    )
    export = tmp_path / "export.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
        "\n<channel><title>Critical and Historical Essays</title><wp:wxr_version>1.2"
        "</wp:wxr_version>\n<item><title>Origin of Music</title>"
        "<dc:creator><![CDATA[macdowell]]></dc:creator>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        "<wp:post_id>12</wp:post_id><wp:post_name><![CDATA[origin-of-music]]></wp:post_name>"
        "<wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>"
        "</item>\n</channel></rss>\n",
        encoding="utf-8",
    )
    diagnostics = Diagnostics()
    raw = read_raw(export, diagnostics, "origin-of-music")
    clean(raw, None, "en")
    entry = ArticleEntry(path=export, where=Location(export), post="origin-of-music")
    article = finish_article(raw, entry, diagnostics, tmp_path)
    assert article.notes == [Note("1", f"<p>{FATE}</p>")]
    assert article.body == (
        f'<p>{RHYTHM}<a class="noteref" href="#note-1">1</a> What would that shudder of horror '
        "in Weber\u2019s \u201cFreisch\u00fctz\u201d be without that throb of the basses?</p>"
    )


# --- the same notes for fetch ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "written"),
    [
        (
            f'<p>{RHYTHM}<sup><a href="#fn1" id="ref1">1</a></sup> {LATIN}<sup><a href="#fn2">'
            f'2</a></sup></p><hr><h3>Notes</h3><ol><li id="fn1">{FATE} <a href="#ref1">\u21a9'
            f'</a></li><li id="fn2">{DANTE}</li></ol>',
            f"{RHYTHM}[^1] {LATIN}[^2]\n\n[^1]: {FATE}\n\n[^2]: {DANTE}\n",
        ),
        (
            f'<p>{LATIN}<a href="#footnote-14" id="footnote-ref-14">[14]</a> these plays.</p>'
            f'<p id="footnote-14"><a href="#footnote-ref-14">[14]</a> {DANTE}</p>',
            f"{LATIN}[^14] these plays.\n\n[^14]: {DANTE}\n",
        ),
    ],
)
def test_fetch_writes_the_notes_the_book_would_find(html: str, written: str):
    assert html_to_markdown(html) == written
    # Reading the fetched Markdown back gives the notes the page itself gives.
    direct, _ = extract(html)
    round_trip, _ = extract(markdown.markdown(written, extensions=EXTENSIONS))
    assert round_trip == direct
