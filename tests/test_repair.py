"""Repairs that make any article body valid XHTML: one before/after pair per repair.

The inputs are shaped like what real sites and word processors write (a Word "Save as Web
Page" footnote, a LibreOffice export, Google Docs' download, an old WordPress post written as
one ``<div>`` per paragraph, a Jekyll template link); they are written for these tests.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from compiler import build
from compiler.book.articles import finish_article, read_raw, serialize_children
from compiler.cleanup import Change
from compiler.cleanup.repair import RULE, repair, settle, settle_note, slug, valid_url
from compiler.cleanup.titles import split_title
from compiler.config import ArticleEntry, Location
from compiler.errors import Diagnostics
from compiler.sources.notes import extract_notes
from compiler.sources.sanitize import html_to_tree, sanitize_html
from compiler.sources.xhtml import to_xhtml

CORPUS = Path(__file__).resolve().parent / "corpus"
ADDRESS = "https://blog.example.org/2019/03/the-river-crossing/"


def repaired(html: str, url: str | None = ADDRESS) -> tuple[str, list[Change]]:
    root = html_to_tree(sanitize_html(html))
    changes = repair(root, url) + settle(root)
    return serialize_children(root).replace("\n", ""), changes


def notes_of(html: str) -> tuple[str, list[str]]:
    root = html_to_tree(sanitize_html(html))
    repair(root, ADDRESS)
    notes, unresolved = extract_notes(root)
    settle(root)
    assert unresolved == []
    return serialize_children(root).replace("\n", ""), [settle_note(n.html)[0] for n in notes]


def notes(changes: list[Change]) -> list[str]:
    return [change.note for change in changes]


# -- empty and self-closed elements ----------------------------------------------------------


def test_empty_inline_element_goes_and_keeps_its_tail():
    body, changes = repaired("<p>The ferry <em></em>left at dawn.</p><p>Next stop.</p>")
    assert body == "<p>The ferry left at dawn.</p><p>Next stop.</p>"
    assert Change(RULE, "changed", count=1, note="empty inline elements removed") in changes


def test_no_empty_element_is_written_self_closed():
    root = html_to_tree("<table><tr><td></td><td>x</td></tr></table><p>a<br>b</p>")
    xhtml = "".join(to_xhtml(child) for child in root)
    assert "<td></td>" in xhtml and "<br/>" in xhtml
    assert "<td/>" not in xhtml


def test_empty_link_left_by_a_removed_image_goes(tmp_path):
    page = tmp_path / "crossing.md"
    page.write_text(
        "# The River Crossing\n\n"
        '<p><a href="https://blog.example.org/wp-content/uploads/ferry.jpg">'
        '<img src="https://blog.example.org/wp-content/uploads/ferry-300x200.jpg"></a>'
        " The ferry at Kessingland.</p>\n\nThe crossing took an hour.\n",
        encoding="utf-8",
    )
    diagnostics = Diagnostics()
    raw = read_raw(page, diagnostics)
    from compiler.cleanup import CleanupReport

    report = CleanupReport()
    article = finish_article(
        raw, ArticleEntry(page, Location(page)), diagnostics, tmp_path, report=report
    )
    assert "<a" not in article.body
    assert "The ferry at Kessingland." in article.body
    assert report.count(RULE) == 1


# -- nesting ---------------------------------------------------------------------------------


def test_list_directly_inside_a_list_joins_the_item_before_it():
    body, _ = repaired("<ol><li>Pack</li><ol><li>tent</li><li>stove</li></ol><li>Go</li></ol>")
    assert body == "<ol><li>Pack<ol><li>tent</li><li>stove</li></ol></li><li>Go</li></ol>"


def test_list_without_an_item_before_it_and_loose_text_get_items():
    body, _ = repaired("<ul><ul><li>inner</li></ul>loose words <em>here</em><li>x</li></ul>")
    assert body == (
        "<ul><li><ul><li>inner</li></ul></li><li>loose words <em>here</em></li><li>x</li></ul>"
    )


def test_list_items_outside_a_list_are_put_in_one():
    body, changes = repaired("<p>Kit:</p><li>rope</li><li>lamp</li><p>Done.</p>")
    assert body == "<p>Kit:</p><ul><li>rope</li><li>lamp</li></ul><p>Done.</p>"
    assert "list items outside a list put in one" in notes(changes)


def test_paragraph_and_caption_inside_an_unclosed_link_are_moved_out():
    body, _ = repaired(
        '<figure><img src="ferry.jpg" alt="Ferry"><figcaption>The ferry</figcaption></figure>'
        '<p><a href="https://example.org/ferries"><p>Ferries of the east coast</p>'
        "<figcaption>Photo: the harbour office</figcaption></a> and more.</p>"
    )
    assert (
        '<p><a href="https://example.org/ferries">Ferries of the east coast</a></p>'
        '<p class="caption"><a href="https://example.org/ferries">Photo: the harbour office'
        "</a></p><p>and more.</p>"
    ) in body
    assert "<figure><img" in body and "<figcaption>The ferry</figcaption></figure>" in body


def test_block_inside_emphasis_splits_the_emphasis():
    body, _ = repaired("<p><em>Before <div>the quoted block</div> after</em></p>")
    assert (
        body == "<p><em>Before </em></p><div><em>the quoted block</em></div><p><em> after</em></p>"
    )


def test_table_inside_a_span_keeps_the_span_inside_the_cells():
    body, _ = repaired("<span class='c1'><table><tr><td>Tide</td></tr></table></span>")
    assert body == '<table><tbody><tr><td><span class="c1">Tide</span></td></tr></tbody></table>'


def test_definition_list_without_terms_becomes_paragraphs():
    body, _ = repaired("<dl><dd>Only a definition</dd></dl><dd>stray</dd>")
    assert body == "<div><p>Only a definition</p></div><p>stray</p>"


def test_second_caption_of_a_figure_becomes_a_paragraph():
    body, _ = repaired(
        "<figure><figcaption>One</figcaption><img src='a.jpg' alt=''><figcaption>Two"
        "</figcaption></figure>"
    )
    assert body.count("<figcaption>") == 1 and '<p class="caption">' in body


# -- attributes ------------------------------------------------------------------------------


def test_attribute_values_that_are_not_valid_go():
    body, changes = repaired(
        '<p><del cite="not a URL" datetime="last week">old</del> '
        '<ins cite="https://example.org/edit" datetime="2019-03-02">new</ins></p>'
        '<ol start="x" type="disc"><li value="2">a</li></ol><ul><li value="3">b</li></ul>'
        '<table><tr><td colspan="0" rowspan="2">x</td></tr></table>'
    )
    assert "<del>old</del>" in body
    assert '<ins cite="https://example.org/edit" datetime="2019-03-02">new</ins>' in body
    assert '<ol><li value="2">a</li></ol><ul><li>b</li></ul>' in body
    assert '<td rowspan="2">x</td>' in body
    assert "invalid 'cite' attributes removed" in notes(changes)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("/about/", "/about/"),
        ("not a url", None),
        ("http://", None),
        ("https://[broken/", None),
        ("ftp://example.org/file", None),
        ("https://example.org/100%", None),
        ("https://example.org:99999/", None),
    ],
)
def test_valid_url(value, expected):
    assert valid_url(value) == expected


# -- ids and in-page links -------------------------------------------------------------------


def test_duplicate_and_invalid_ids_are_renamed_and_links_follow():
    body, _ = repaired(
        '<p id="intro">a</p><p id="intro">b</p><p id="2">c</p><p id="title">d</p>'
        '<p><a href="#2">see c</a> <a href="#intro">see a</a></p>'
    )
    assert '<p id="intro">a</p><p id="intro-2">b</p><p id="id-2">c</p>' in body
    assert '<p id="id-title">d</p>' in body  # the chapter's own heading is "title"
    assert '<a href="#id-2">see c</a> <a href="#intro">see a</a>' in body


def test_name_anchor_becomes_an_id():
    body, _ = repaired('<p><a name="tides"></a>Tides matter.</p><p><a href="#tides">up</a></p>')
    assert body == '<p><a id="tides"></a>Tides matter.</p><p><a href="#tides">up</a></p>'


def test_link_to_a_heading_by_its_slug_gets_its_target():
    body, changes = repaired(
        '<p>See <a href="#section-2">below</a>.</p><h2 id="h-s2">Section 2</h2><p>Text.</p>'
        '<p><a href="#the-far-bank">Bank</a></p><h3>The Far Bank</h3>'
    )
    assert '<a href="#h-s2">below</a>' in body
    assert '<h3 id="the-far-bank">The Far Bank</h3>' in body
    assert "links to headings given their target" in notes(changes)


def test_link_to_nothing_is_left_for_the_book_to_report():
    """The book's link resolver reports it at its line and makes it text (tests/test_links)."""
    body, changes = repaired('<p>As shown <a href="#figure-9">in figure 9</a>.</p>')
    assert body == '<p>As shown <a href="#figure-9">in figure 9</a>.</p>'
    assert not [c for c in changes if c.action == "unlinked"]


def test_slug():
    assert slug("Section 2") == "section-2"
    assert slug("  Où est l’île ?  ") == "ou-est-lile"


# -- links to other pages --------------------------------------------------------------------


def test_template_links_are_made_absolute_and_relative_ones_left_for_the_book():
    """A plain relative link may name another essay of the volume: the book's link resolver
    decides (a chapter link, the absolute address with a warning, or text)."""
    body, changes = repaired(
        '<p><a href="/about/">About</a>, <a href="../../04/next-post/">next</a>, '
        '<a href="{{ site.url }}/archive/">archive</a>, <a href="//example.org/x">x</a></p>'
    )
    assert '<a href="/about/">About</a>' in body
    assert '<a href="../../04/next-post/">next</a>' in body
    assert '<a href="https://blog.example.org/archive/">archive</a>' in body
    assert '<a href="https://example.org/x">x</a>' in body
    assert (
        Change(
            RULE,
            "changed",
            "{{ site.url }}/archive/",
            note="made absolute from the article's address: https://blog.example.org/archive/",
        )
        in changes
    )


def test_relative_links_without_an_address_become_text():
    body, changes = repaired(
        '<p><a href="/about/">About</a> and <a href="{% post_url 2010-07-21-name %}">that</a></p>',
        url=None,
    )
    assert body == '<p><a href="/about/">About</a> and that</p>'
    assert [c.note for c in changes if c.action == "unlinked"] == [
        "link to a template the book cannot expand: {% post_url 2010-07-21-name %}",
    ]


# -- paragraphs written as divs --------------------------------------------------------------


def test_paragraph_divs_become_paragraphs():
    body, changes = repaired(
        "<div>We left at six.</div><div>&nbsp;</div><div>The water was <b>still</b>.</div>"
        '<div class="sharedaddy">Share this</div>'
    )
    # The spacer paragraph goes as a blank paragraph, as cleanup's blank-lines rule would.
    assert body.startswith("<p>We left at six.</p><p>The water was <b>still</b>.</p>")
    assert '<div class="sharedaddy">' in body
    assert "paragraphs written as <div> set as paragraphs" in notes(changes)


def test_single_div_or_div_holding_blocks_stays():
    body, _ = repaired("<div><p>One</p></div><div>Two</div>")
    assert body == "<div><p>One</p></div><div>Two</div>"


# -- footnotes from word processors ----------------------------------------------------------

WORD = (
    "<p class=MsoNormal>The treaty was signed in 1648.<a href='#_ftn1' name='_ftnref1' "
    "title=''><span class=MsoFootnoteReference><span style='font-size:12.0pt'>[1]</span>"
    "</span></a> It ended the war.<a href='#_edn1' name='_ednref1' title=''>"
    "<span class=MsoEndnoteReference>[i]</span></a></p>"
    "<div style='mso-element:footnote-list'><br clear=all><hr align=left size=1 width='33%'>"
    "<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a href='#_ftnref1' "
    "name='_ftn1' title=''><span class=MsoFootnoteReference>[1]</span></a> Peace of "
    "Westphalia, signed at Osnabrück and Münster.</p></div></div>"
    "<div style='mso-element:endnote-list'><div style='mso-element:endnote' id=edn1>"
    "<p class=MsoEndnoteText><a href='#_ednref1' name='_edn1' title=''>"
    "<span class=MsoEndnoteReference>[i]</span></a> See Wilson, <i>Europe's Tragedy</i>.</p>"
    "</div></div>"
)


def test_word_footnotes_and_endnotes_become_notes():
    body, texts = notes_of(WORD)
    assert body == (
        '<p class="MsoNormal">The treaty was signed in 1648.<a class="noteref" href="#note-1">1'
        '</a> It ended the war.<a class="noteref" href="#note-2">2</a></p>'
    )
    assert texts == [
        "<p>Peace of Westphalia, signed at Osnabrück and Münster.</p>",
        "<p>See Wilson, <i>Europe's Tragedy</i>.</p>",
    ]


def test_libreoffice_footnotes_become_notes():
    body, texts = notes_of(
        '<p>Water boils at 100 degrees<a class="sdfootnoteanc" name="sdfootnote1anc" '
        'href="#sdfootnote1sym"><sup>1</sup></a> at sea level.</p>'
        '<div id="sdfootnote1"><p class="sdfootnote"><a class="sdfootnotesym" '
        'name="sdfootnote1sym" href="#sdfootnote1anc">1</a>At one atmosphere.</p></div>'
    )
    assert body == (
        '<p>Water boils at 100 degrees<a class="noteref" href="#note-1">1</a> at sea level.</p>'
    )
    assert texts == ["<p>At one atmosphere.</p>"]


def test_google_docs_footnotes_become_notes():
    body, texts = notes_of(
        '<p class="c2"><span class="c0">The archive opened in 1921</span><sup class="c3">'
        '<a href="#ftnt1" id="ftnt_ref1">[1]</a></sup><span class="c0">.</span></p>'
        '<hr class="c5"><div><p class="c4"><a href="#ftnt_ref1" id="ftnt1">[1]</a>'
        '<span class="c6"> Annual report, page 4.</span></p></div>'
    )
    assert '<a class="noteref" href="#note-1">1</a>' in body and "<hr" not in body
    assert texts == ['<p><span class="c6"> Annual report, page 4.</span></p>']


def test_plain_bracketed_notes_at_the_end_become_notes():
    body, texts = notes_of(
        "<p>Rents rose by a third [1] and wages fell [2]; see also [3] below.</p>"
        "<p>As before [1].</p><p>[1] Office for National Statistics, 2019.</p>"
        "<p>[2] Ibid., table 3.</p>"
    )
    assert body == (
        '<p>Rents rose by a third <a class="noteref" href="#note-1">1</a> and wages fell '
        '<a class="noteref" href="#note-2">2</a>; see also [3] below.</p>'
        '<p>As before <a class="noteref" href="#note-1">1</a>.</p>'
    )
    assert texts == ["<p>Office for National Statistics, 2019.</p>", "<p>Ibid., table 3.</p>"]


def test_plain_bracketed_notes_inside_a_theme_wrapper_become_notes():
    body, texts = notes_of(
        '<div class="entry-content"><p>The mill closed in 1971 [1].</p>'
        "<p>[1] Parish records.</p></div>"
    )
    assert body == (
        '<div class="entry-content"><p>The mill closed in 1971 '
        '<a class="noteref" href="#note-1">1</a>.</p></div>'
    )
    assert texts == ["<p>Parish records.</p>"]


def test_bracketed_numbers_without_trailing_notes_stay_text():
    body, texts = notes_of("<p>Item [1] of the list.</p><p>The end.</p>")
    assert body == "<p>Item [1] of the list.</p><p>The end.</p>" and texts == []


# -- titles ----------------------------------------------------------------------------------


def test_title_with_inline_markup_has_a_plain_and_a_marked_up_form():
    assert split_title("On <em>Walden</em> &amp; After") == (
        "On Walden & After",
        "On <em>Walden</em> &amp; After",
    )
    assert split_title("Why 1 < 2") == ("Why 1 < 2", None)
    assert split_title('<a href="/x">Linked</a> <script>x</script>title') == ("Linked title", None)


# -- clean essays ----------------------------------------------------------------------------

CLEAN_ESSAYS = sorted((CORPUS / "federalist").glob("*.md")) + sorted(
    (CORPUS / "macdowell").glob("*.md")
)


def test_clean_corpus_essays_need_no_repair():
    assert len(CLEAN_ESSAYS) == 53
    for path in CLEAN_ESSAYS:
        plain = read_raw(path, Diagnostics())
        plain_notes = extract_notes(plain.root)
        raw = read_raw(path, Diagnostics())
        changes = repair(raw.root, raw.meta.url)
        repaired_notes = extract_notes(raw.root)
        changes += settle(raw.root)
        assert changes == [], path.name
        assert repaired_notes == plain_notes, path.name
        assert serialize_children(raw.root) == serialize_children(plain.root), path.name


# -- end to end ------------------------------------------------------------------------------

WXR = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
    "<channel><wp:wxr_version>1.2</wp:wxr_version>\n<item>"
    "<title>Reading &lt;em&gt;Walden&lt;/em&gt; Again</title>"
    "<link>https://blog.example.org/2019/03/reading-walden-again/</link>"
    "<dc:creator>editor</dc:creator><content:encoded><![CDATA[" + WORD + "\n\n"
    '<p>More in <a href="/tag/thoreau/">the Thoreau posts</a>. An <em></em>empty emphasis '
    '<ol><li>one</li><ol><li>nested</li></ol></ol> and <a href="#section-2">a jump</a>.</p>\n\n'
    "<h2>Section 2</h2>\n\n<div>First div paragraph.</div>\n<div>Second div paragraph.</div>"
    "]]></content:encoded><wp:post_id>7</wp:post_id><wp:post_name>reading-walden-again"
    "</wp:post_name><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
    "<wp:post_date>2019-03-02 09:00:00</wp:post_date></item></channel></rss>\n"
)


def test_repaired_post_builds_a_valid_book(make_volume):
    volume = make_volume(
        "title: Second Readings\nauthor: Desk Editor\ncontents:\n"
        "  - {wordpress: export.xml, post: reading-walden-again}\n",
        {"export.xml": WXR},
    )
    result = build(volume, formats=["epub", "pdf"])
    chapter = next(result.book.chapters())
    assert chapter.title == "Reading Walden Again"
    assert chapter.title_html == "Reading <em>Walden</em> Again"
    with zipfile.ZipFile(result.outputs["epub"]) as epub:
        text = epub.read("EPUB/ch001.xhtml").decode()
        toc = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("toc.xhtml"))
        nav = epub.read("EPUB/nav.xhtml").decode()
    # The heading's last two words are bound, so "Again" never stands alone on a line.
    assert ">Reading <em>Walden</em>\u00a0Again</h1>" in text
    assert "Reading <em>Walden</em> Again" in toc
    assert ">Reading Walden Again<" in nav and "&lt;em" not in nav + text + toc
    assert 'href="https://blog.example.org/tag/thoreau/"' in text
    assert text.count('epub:type="footnote"') == 2
    assert "<ol><li>one<ol><li>nested</li></ol></li></ol>" in re.sub(r">\s+<", "><", text)
    assert "<em/>" not in text and "<a/>" not in text
    assert '<h2 id="ch001-section-2">Section 2</h2>' in text
    assert "<p>First div paragraph.</p>" in text
    report = result.outputs["report"].read_text(encoding="utf-8")
    assert f"### {RULE}" in report
    # The tag page is no article of the book: its address is kept, with a located warning.
    assert any("/tag/thoreau/" in str(w) for w in result.warnings)


def test_title_heading_of_a_saved_page_keeps_its_emphasis(tmp_path):
    page = tmp_path / "walden.html"
    paragraphs = "".join(
        f"<p>The pond was frozen when we arrived, and the path along the shore was hard {n}.</p>"
        for n in range(4)
    )
    page.write_text(
        "<html><head><title>On Walden Again – Field Notes</title>"
        "<meta property='og:site_name' content='Field Notes'></head><body><article>"
        f"<h1 class='entry-title'>On <em>Walden</em> Again</h1>{paragraphs}"
        "</article></body></html>",
        encoding="utf-8",
    )
    diagnostics = Diagnostics()
    raw = read_raw(page, diagnostics)
    article = finish_article(raw, ArticleEntry(page, Location(page)), diagnostics, tmp_path)
    assert (article.title, article.title_html) == ("On Walden Again", "On <em>Walden</em> Again")
    assert "Walden" not in article.body


def test_epub_documents_write_empty_elements_with_end_tags(make_volume):
    volume = make_volume(
        "title: Second Readings\nauthor: Desk Editor\ncontents:\n  - tides.md\n",
        {
            "tides.md": '# Tides\n\n<p><a name="tides"></a>Tides matter here.</p>\n\n'
            "<table><tr><td></td><td>slack water</td></tr></table>\n\nSee [above](#tides).\n"
        },
    )
    with zipfile.ZipFile(build(volume, formats=["epub"]).outputs["epub"]) as epub:
        text = epub.read("EPUB/ch001.xhtml").decode()
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE html>")
    assert '<p><a id="ch001-tides"></a>Tides matter here.</p>' in text
    assert "<td></td>" in text and '<a href="#ch001-tides">above</a>' in text
    assert not re.search(r"<(?!br|img|hr|link|meta|col)[a-z]+[^>]*/>", text)


def test_notes_lose_ids_and_in_page_links():
    body, texts = notes_of(
        '<p>Claim<a href="#n1">[1]</a> and <span id="here">here</span>.</p>'
        '<p id="n1">[1] See <a href="#here">above</a>, <em id="x">and</em> '
        '<a href="https://example.org/source">the source</a>.</p>'
    )
    assert '<span id="here">here</span>' in body
    assert texts == [
        '<p>See above, <em>and</em> <a href="https://example.org/source">the source</a>.</p>'
    ]


def test_line_break_opening_a_preformatted_block_goes():
    """An HTML parser drops it and an XML parser keeps it: print and ebook would differ."""
    body, _ = repaired("<pre><em>\n</em>x = 1\n  y = 2</pre>")
    assert body == "<pre>x = 1  y = 2</pre>"  # (newlines inside are kept; joined here)
