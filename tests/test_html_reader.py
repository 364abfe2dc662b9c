"""Saved web pages and the shared sanitiser: metadata, main content, and what must never pass."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import html as lxml_html

from compiler.errors import BookError, Diagnostics
from compiler.sources.html import decode_page, read_html, strip_site_name
from compiler.sources.sanitize import html_to_tree, sanitize_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"
SAKER = FIXTURES / "might-belarus-become-the-next-syria.html"
MACDOWELL = FIXTURES / "the-mystery-and-miracle-play.html"  # Windows-1252, no charset declared
APP_SHELL = FIXTURES / "saved-before-content-loaded.html"


def serialize(element: lxml_html.HtmlElement) -> str:
    return lxml_html.tostring(element, encoding="unicode")


def texts(root: lxml_html.HtmlElement) -> str:
    return " ".join(root.text_content().split())


@pytest.fixture(scope="module")
def saker():
    diagnostics = Diagnostics()
    return read_html(SAKER, diagnostics), diagnostics


@pytest.fixture(scope="module")
def macdowell():
    diagnostics = Diagnostics()
    return read_html(MACDOWELL, diagnostics), diagnostics


# --- metadata -----------------------------------------------------------------------------------


def test_metadata_from_open_graph_and_article_tags(saker):
    article, diagnostics = saker
    meta = article.meta
    assert meta.title == "Might Belarus become the next Syria?"
    # article:author is a Facebook URL on this site, so the byline link gives the name.
    assert meta.author == "The Saker"
    assert meta.date == dt.date(2020, 8, 31)
    assert meta.url == "https://thesaker.is/might-belarus-become-the-next-syria/"
    assert meta.summary.startswith("Okay, I admit it, the title is rather hyperbolic")
    assert meta.categories == ["Analyses"]
    # The only thing the editor hears about: the YouTube embed, kept as a line with its address.
    [warning] = diagnostics.warnings
    assert warning.message.startswith("an embedded video is kept as a line with its address")
    assert (warning.line, warning.col) == (208, 4)


def test_metadata_from_time_element_byline_and_entry_title(macdowell):
    meta = macdowell[0].meta
    assert meta.title == "The Mystery and Miracle Play"
    assert meta.author == "Edward MacDowell"
    assert meta.date == dt.date(2012, 4, 18)
    assert meta.url == (
        "http://criticalandhistoricalessays.wordpress.com/2012/04/18/the-mystery-and-miracle-play/"
    )
    assert meta.summary is None
    assert meta.categories == ["Lectures"]


def test_title_falls_back_to_title_element_without_site_name(tmp_path):
    page = tmp_path / "federalist-51.html"
    page.write_text(
        "<html><head><title>The Federalist No. 51 | The Avalon Project</title>"
        '<meta name="application-name" content="The Avalon Project">'
        '<meta name="author" content="James Madison">'
        '<meta name="date" content="1788-02-08"></head><body><article>'
        "<p>It may be a reflection on human nature, that such devices should be necessary to "
        "control the abuses of government. But what is government itself, but the greatest of "
        "all reflections on human nature? If men were angels, no government would be "
        "necessary.</p></article></body></html>",
        encoding="utf-8",
    )
    meta = read_html(page, Diagnostics()).meta
    assert meta.title == "The Federalist No. 51"
    assert meta.author == "James Madison"
    assert meta.date == dt.date(1788, 2, 8)
    assert meta.url is None


@pytest.mark.parametrize(
    ("title", "site_names", "host", "expected"),
    [
        ("Might Belarus become the next Syria? \u2013 The Saker", ["The Saker"], "",
         "Might Belarus become the next Syria?"),
        ("Might Belarus become the next Syria? | The Saker", [], "thesaker.is",
         "Might Belarus become the next Syria?"),
        ("The Saker :: Might Belarus become the next Syria?", [], "www.thesaker.is",
         "Might Belarus become the next Syria?"),
        # A dash inside the title is not a site name: nothing is cut.
        ("Russia and the West \u2013 a summer of crises", ["The Saker"], "thesaker.is",
         "Russia and the West \u2013 a summer of crises"),
        ("No. 51: The Same Subject Continued", ["The Federalist"], "",
         "No. 51: The Same Subject Continued"),
    ],
)  # fmt: skip
def test_strip_site_name(title, site_names, host, expected):
    assert strip_site_name(title, site_names, host) == expected


# --- main content -------------------------------------------------------------------------------


def test_main_content_keeps_the_essay_and_its_structure(saker):
    article, _ = saker
    root = article.root
    body = texts(root)
    assert root.tag == "div"
    assert [child.tag for child in root][:3] == ["p", "p", "figure"]
    assert body.startswith("Okay, I admit it, the title is rather hyperbolic")
    assert "Again, a major difference with Syria." in body
    assert root.xpath("string(.//h3)") == "So will Belarus become the next Syria?"
    assert len(root.xpath(".//ol/li")) == 3
    assert len(root.xpath(".//ul/li")) == 4
    assert root.xpath("string(.//figure/figcaption)") == "Lukashenko and son"
    assert root.xpath(".//figure/img/@src")[0].startswith("https://i0.wp.com/thesaker.is/")
    assert root.xpath("string((.//p/em)[1])") == "legally"
    assert root.xpath(".//a[starts-with(@href, 'https://vz.ru/')]")


def test_main_content_drops_site_furniture(saker):
    body = texts(saker[0].root)
    for junk in (
        "Skip to the content", "A bird's eye view", "Post author", "Share this", "Twitter",
        "Related", "Belarus after the elections", "replies on", "Leave a Reply", "Anonymous",
        "Recent Posts", "Support the Saker", "Archives", "Powered by WordPress",
        "Subscribe to our newsletter", "Sign up", "The color revolution playbook", "Tags",
    ):  # fmt: skip
        assert junk not in body, junk


def test_main_content_is_sanitised(saker):
    markup = serialize(saker[0].root)
    for forbidden in ("<script", "<iframe", "<form", "<input", "onclick", "onload",
                      "javascript:", "style=", "<!--"):  # fmt: skip
        assert forbidden not in markup, forbidden
    assert "VIDEO" not in markup  # readability's placeholder for embedded players


def test_body_line_points_at_the_first_paragraph(saker):
    lines = SAKER.read_text(encoding="utf-8").splitlines()
    line = saker[0].body_line
    assert "<p>Okay, I admit it" in lines[line - 1]


def test_footnotes_survive_extraction(macdowell):
    root = macdowell[0].root
    reference = root.xpath(".//sup/a[@href='#footnote-14']")
    assert reference and reference[0].get("id") == "footnote-ref-14"
    note = root.xpath(".//li[@id='footnote-14']")
    assert note and "Divina Commedia" in note[0].text_content()
    assert root.xpath(".//div[@class='footnotes']/ol[@start='14']")


def test_twenty_eleven_furniture_dropped(macdowell):
    body = texts(macdowell[0].root)
    assert body.startswith("It is interesting to recall the origin of our words")
    for junk in (
        "Previous",
        "Recent Posts",
        "Comments are closed",
        "Proudly powered",
        "Main menu",
        "This entry was posted",
        "Lectures delivered at Columbia",
    ):
        assert junk not in body, junk


def test_page_without_article_text_is_a_book_error():
    with pytest.raises(BookError) as caught:
        read_html(APP_SHELL, Diagnostics())
    problem = caught.value.problems[0]
    assert problem.file == APP_SHELL
    assert "no article text" in problem.message


def test_empty_page_is_a_book_error(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>Nothing</title></head><body></body></html>")
    with pytest.raises(BookError, match="no article text"):
        read_html(page, Diagnostics())


# --- decoding -----------------------------------------------------------------------------------


def test_cp1252_page_is_decoded_with_a_warning(macdowell):
    article, diagnostics = macdowell
    body = texts(article.root)
    assert "our words \u201ctreble\u201d and \u201cdiscant.\u201d" in body
    assert "Palestrina\u2019s time" in body
    assert article.root.xpath("string(.//h3)") == "EURYDICE\u2014PERI."
    assert len(diagnostics.warnings) == 1
    warning = diagnostics.warnings[0]
    assert warning.file == MACDOWELL
    assert "not valid UTF-8" in warning.message and "cp1252" in warning.message


def test_declared_latin1_page_is_decoded_as_windows_1252_silently(tmp_path):
    data = MACDOWELL.read_bytes().replace(
        b'content="text/html" />', b'content="text/html; charset=ISO-8859-1" />'
    )
    page = tmp_path / "declared.html"
    page.write_bytes(data)
    diagnostics = Diagnostics()
    article = read_html(page, diagnostics)
    assert diagnostics.warnings == []
    assert "Palestrina\u2019s time" in texts(article.root)


def test_decode_page_prefers_utf8_over_a_wrong_declaration():
    data = '<meta charset="iso-8859-1"><p>Lukashenko\u2019s policies</p>'.encode()
    assert "Lukashenko\u2019s" in decode_page(data, "https://thesaker.is/x/")


def test_entities_in_a_page_doctype_are_not_resolved(tmp_path):
    page = tmp_path / "xxe.html"
    page.write_text(
        '<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        "<html><body><article><p>If men were angels, no government would be necessary. "
        "If angels were to govern men, neither external nor internal controls on government "
        "would be necessary. &secret;</p></article></body></html>"
    )
    article = read_html(page, Diagnostics())
    body = texts(article.root)
    assert "If men were angels" in body
    assert "root:" not in body


# --- the shared sanitiser -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Ambition<script>alert(1)</script> must be made</p>", "<p>Ambition must be made</p>"),
        ('<p onclick="steal()">Not one.</p>', "<p>Not one.</p>"),
        ('<a href="javascript:alert(1)">Order Now</a>', "<a>Order Now</a>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<p>Video:</p><iframe src="https://www.youtube.com/embed/x">fallback</iframe>',
         "<p>Video:</p>"),
        ('<form action="/subscribe"><p>Subscribe</p><input name="EMAIL"><button>Go</button></form>'
         "<p>Essay</p>", "<p>Essay</p>"),
        ("<style>p{color:red}</style><p>Text</p>", "<p>Text</p>"),
        ('<link rel="stylesheet" href="https://example.org/x.css"><p>Text</p>', "<p>Text</p>"),
        ("<p>Text<!-- a comment --></p>", "<p>Text</p>"),
        ('<img src="x.jpg" onerror="steal()" alt="a">', '<img src="x.jpg" alt="a">'),
        ('<p style="color: red" class="wp-caption-text" id="c1">x</p>',
         '<p class="wp-caption-text" id="c1">x</p>'),
        ('<object data="x.swf"><embed src="x.swf">Flash</object><p>ok</p>', "<p>ok</p>"),
    ],
)  # fmt: skip
def test_sanitize_removes_active_content(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_sanitize_keeps_what_a_book_body_needs():
    markup = (
        '<h2 id="s1">Part</h2><p><em>e</em> <strong>s</strong> <i>i</i> <b>b</b> <u>u</u> <s>s</s>'
        '<sub>2</sub><sup><a href="#fn1" id="r1">1</a></sup> <small>sm</small> '
        '<abbr title="Komitet">KGB</abbr> <cite>Federalist</cite> <q>q</q><br></p>'
        "<blockquote><p>Quoted</p></blockquote><pre><code>code</code></pre><hr>"
        '<table><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td>1</td><td>2</td>'
        "</tr></tbody></table>"
        '<figure><img src="https://thesaker.is/a.jpg" alt="A" width="640" height="360">'
        "<figcaption>Caption</figcaption></figure><dl><dt>t</dt><dd>d</dd></dl>"
        '<ol start="14"><li id="fn1">Note <a href="#r1">\u21a9</a></li></ol>'
        '<div class="footnotes"><span lang="ru">\u0441\u043b\u043e\u0432\u043e</span></div>'
    )
    assert sanitize_html(markup) == markup


def test_sanitize_unwraps_unknown_tags_but_keeps_their_text():
    assert sanitize_html("<article><section><p><font>Text</font></p></section></article>") == (
        "<p>Text</p>"
    )


def test_html_to_tree_wraps_loose_text_in_paragraphs():
    root = html_to_tree("Loose <em>text</em><p>Para</p>tail<br>more<div>in<p>block</p>out</div>")
    assert root.tag == "div"
    assert serialize(root).replace("\n", "") == (
        "<div><p>Loose <em>text</em></p><p>Para</p><p>tail<br>more</p>"
        "<div><p>in</p><p>block</p><p>out</p></div></div>"
    )


def test_html_to_tree_handles_empty_and_odd_fragments():
    assert serialize(html_to_tree("")) == "<div></div>"
    assert serialize(html_to_tree("  \n ")) == "<div></div>"
    assert serialize(html_to_tree("<!-- only a comment -->")) == "<div></div>"
    assert serialize(html_to_tree("<br><br>")) == "<div></div>"
    assert serialize(html_to_tree("<p></p><p>x</p>")) == "<div><p>x</p></div>"
    # An image whose URL the sanitiser refused is dropped rather than left without src.
    assert serialize(html_to_tree(sanitize_html('<img src="data:image/png;base64,AA">x'))) == (
        "<div><p>x</p>\n</div>"
    )


def test_saved_complete_page_keeps_its_local_images(tmp_path):
    """'Web Page, complete' saves images beside the page: they are found, not left out."""
    from PIL import Image

    from compiler.book.articles import finish_article, read_raw
    from compiler.config import ArticleEntry, Location

    (tmp_path / "essay_files").mkdir()
    Image.new("RGB", (40, 30), "gray").save(tmp_path / "essay_files" / "portrait.png")
    page = tmp_path / "essay.html"
    paragraphs = "".join(
        f"<p>The federal and State governments are in fact but different agents {n}.</p>"
        for n in range(8)
    )
    page.write_text(
        "<html><head><title>Agents of the People</title>"
        "<link rel='canonical' href='https://example.org/agents/'></head><body><article>"
        f"<h1>Agents of the People</h1>{paragraphs}"
        "<figure><img src='essay_files/portrait.png' alt='Portrait'>"
        "<figcaption>James Madison</figcaption></figure>"
        f"{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    diagnostics = Diagnostics()
    raw = read_raw(page, diagnostics)
    article = finish_article(
        raw, ArticleEntry(path=page, where=Location(page)), diagnostics, tmp_path
    )
    assert list(article.images.values()) == [tmp_path / "essay_files" / "portrait.png"]
    assert 'src="images/' in article.body
    assert not [w for w in diagnostics.warnings if "image" in w.message]
