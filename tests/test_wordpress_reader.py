"""WordPress exports: finding a post, WordPress's display-time formatting, hostile XML."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from compiler.errors import BookError, Diagnostics
from compiler.sources import wordpress
from compiler.sources.base import SourceMeta
from compiler.sources.wordpress import (
    PostSummary,
    expand_shortcodes,
    list_posts,
    read_wordpress,
    render_post_content,
    wpautop,
)

EXPORT = Path(__file__).parent / "fixtures" / "wxr" / "thesaker.wordpress.2020-09-05.xml"
EXPORT_LINES = EXPORT.read_text(encoding="utf-8").splitlines()


def line_of(fragment: str, after: int = 0) -> int:
    """1-based number of the first export line after line ``after`` containing ``fragment``."""
    for number, line in enumerate(EXPORT_LINES[after:], start=after + 1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the export")


def read(post: str) -> tuple[lxml_html.HtmlElement, SourceMeta, Diagnostics, int]:
    diagnostics = Diagnostics()
    article = read_wordpress(EXPORT, post, diagnostics)
    assert article.source == EXPORT
    return article.root, article.meta, diagnostics, article.body_line


def words(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


# --- finding posts ------------------------------------------------------------------------------


def test_post_by_slug_and_by_id_are_the_same_article():
    by_slug = read("might-belarus-become-the-next-syria")
    by_id = read("312456")
    assert lxml_html.tostring(by_slug[0]) == lxml_html.tostring(by_id[0])
    assert by_slug[1] == by_id[1]


def test_metadata_of_a_classic_editor_post():
    root, meta, diagnostics, body_line = read("might-belarus-become-the-next-syria")
    assert meta.title == "Might Belarus become the next Syria?"
    assert meta.author == "The Saker"  # dc:creator "saker" mapped to the display name
    assert meta.date == dt.date(2020, 8, 31)
    assert meta.url == "https://thesaker.is/might-belarus-become-the-next-syria/"
    assert meta.categories == ["Analyses"]  # tags are not categories
    assert meta.summary is None
    assert "<content:encoded>" in EXPORT_LINES[body_line - 1]
    assert "Okay, I admit it" in EXPORT_LINES[body_line - 1]


def test_metadata_maps_authors_and_skips_uncategorized():
    _, meta, _, _ = read("federalist-no-51")
    assert meta.author == "James Madison"
    assert meta.categories == ["Classics"]
    assert meta.summary == "Ambition must be made to counteract ambition."
    _, meta, _, _ = read("298215")
    assert meta.author == "Alexander Hamilton"


def test_a_page_can_be_read():
    root, meta, diagnostics, _ = read("about")
    assert meta.title == "About"
    assert diagnostics.warnings == []
    assert root.xpath("string(.//em)") == "The Federalist"


def test_draft_without_slug_is_read_by_id_with_a_warning():
    root, meta, diagnostics, _ = read("312999")
    assert meta.title == "The Federalist No. 47"
    assert meta.url is None  # a draft was never published anywhere
    assert meta.date == dt.date(2020, 9, 3)
    assert words(root).startswith("To the People of the State of New York:")
    [warning] = diagnostics.warnings
    assert "status 'draft'" in warning.message
    assert warning.line == line_of("<item>", after=line_of("<wp:post_id>312999") - 20)


def test_attachment_is_rejected():
    with pytest.raises(BookError) as caught:
        read_wordpress(EXPORT, "lukashenko-son", Diagnostics())
    problem = caught.value.problems[0]
    assert problem.file == EXPORT
    assert "attachment" in problem.message
    assert "https://thesaker.is/wp-content/uploads/2020/08/lukashenko-son.jpg" in problem.message
    assert EXPORT_LINES[problem.line - 1].strip() == "<item>"


def test_other_item_types_are_rejected():
    with pytest.raises(BookError, match="'nav_menu_item' item, not a post or page"):
        read_wordpress(EXPORT, "home", Diagnostics())


@pytest.mark.parametrize(
    ("asked", "suggestion"),
    [
        ("might-belarus", "might-belarus-become-the-next-syria"),
        ("Might Belarus become the next Syria?", "might-belarus-become-the-next-syria"),
        ("federalist-no-5l", "federalist-no-51"),
    ],
)
def test_missing_post_suggests_the_nearest_slug(asked, suggestion):
    with pytest.raises(BookError) as caught:
        read_wordpress(EXPORT, asked, Diagnostics())
    message = caught.value.problems[0].message
    assert f"no post or page {asked!r}" in message
    assert f"did you mean {suggestion!r}?" in message
    assert "about, federalist-no-51, federalist-no-78" in message
    assert "chosen by ID" in message  # the draft without a slug


def test_missing_post_without_a_close_match_lists_slugs():
    with pytest.raises(BookError) as caught:
        read_wordpress(EXPORT, "the-essential-saker-iv", Diagnostics())
    message = caught.value.problems[0].message
    assert "did you mean" not in message
    assert "it has 6 posts and pages" in message


def test_list_posts():
    posts = list_posts(EXPORT)
    assert (
        PostSummary(
            "312456",
            "might-belarus-become-the-next-syria",
            "Might Belarus become the next Syria?",
            "post",
            "publish",
        )
        in posts
    )
    assert [post.type for post in posts].count("attachment") == 2
    assert {post.status for post in posts} == {"publish", "inherit", "draft"}
    assert ("2", "about", "About", "page", "publish") in posts


def test_export_is_parsed_once_per_file_version(tmp_path):
    copy = tmp_path / "export.xml"
    copy.write_bytes(EXPORT.read_bytes())
    wordpress._load_cached.cache_clear()
    read_wordpress(copy, "federalist-no-51", Diagnostics())
    read_wordpress(copy, "federalist-no-78", Diagnostics())
    list_posts(copy)
    info = wordpress._load_cached.cache_info()
    assert (info.misses, info.hits) == (1, 2)

    # An edited export is parsed again, not served from the cache.
    copy.write_bytes(
        EXPORT.read_bytes().replace(b"<title>About</title>", b"<title>Who we are</title>")
    )
    later = time.time() + 5
    os.utime(copy, (later, later))
    assert ("2", "about", "Who we are", "page", "publish") in list_posts(copy)
    assert wordpress._load_cached.cache_info().misses == 2


# --- WordPress's display-time formatting --------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "displayed"),
    [
        ("", ""),
        ("One\n\nTwo", "<p>One</p>\n<p>Two</p>\n"),
        ("One\r\n\r\nTwo", "<p>One</p>\n<p>Two</p>\n"),
        ("Text\n\n\n\nMore", "<p>Text</p>\n<p>More</p>\n"),
        ("Line one\nline two", "<p>Line one<br />\nline two</p>\n"),
        ("a<br />\n<br />b", "<p>a</p>\n<p>b</p>\n"),
        ("Intro\n<ul>\n<li>a</li>\n</ul>\nAfter",
         "<p>Intro</p>\n<ul>\n<li>a</li>\n</ul>\n<p>After</p>\n"),
        ("<h3>Title</h3>\nText", "<h3>Title</h3>\n<p>Text</p>\n"),
        ("<blockquote>Quoted</blockquote>", "<blockquote><p>Quoted</p></blockquote>\n"),
        ("<div>Text</div>", "<div>Text</div>\n"),
        ("<p>Already</p>\n\n<p>wrapped</p>", "<p>Already</p>\n<p>wrapped</p>\n"),
        ("Before\n<hr />\nAfter", "<p>Before</p>\n<hr />\n<p>After</p>\n"),
        ("<pre>line1\n\nline2</pre>", "<pre>line1\n\nline2</pre>\n"),
        # A newline inside a tag is not a line break.
        ('A <a\nhref="x">link</a> here', '<p>A <a\nhref="x">link</a> here</p>\n'),
        ("<figure><img src=x /><figcaption>Cap</figcaption></figure>\nNext",
         "<figure><img src=x /><figcaption>Cap</figcaption></figure>\n<p>Next</p>\n"),
    ],
)  # fmt: skip
def test_wpautop(stored, displayed):
    assert wpautop(stored) == displayed


def test_classic_post_paragraphs_lists_and_line_breaks():
    root, _, _, _ = read("might-belarus-become-the-next-syria")
    assert [child.tag for child in root][:4] == ["p", "p", "figure", "p"]
    assert len(root.xpath("./ul/li")) == 4 and len(root.xpath("./ol/li")) == 3
    assert root.xpath("string(./h3)") == "So will Belarus become the next Syria?"
    assert root.xpath("./hr")
    # "Title\n<a>Order Now</a>" is one paragraph with a line break, as on the site.
    ad = root.xpath("./p[contains(., 'The Essential Saker IV')]")[0]
    assert [child.tag for child in ad] == ["br", "a"]
    assert "<!--" not in lxml_html.tostring(root, encoding="unicode")  # <!--more--> is gone


def test_caption_shortcode_becomes_a_figure():
    root, _, _, _ = read("might-belarus-become-the-next-syria")
    figure = root.xpath("./figure")[0]
    assert figure.get("id") == "attachment_312460"
    assert figure.get("class") == "wp-caption aligncenter"
    assert figure.xpath("./img/@alt") == ["Lukashenko and his son in combat gear"]
    assert lxml_html.tostring(figure.find("figcaption"), encoding="unicode") == (
        '<figcaption class="wp-caption-text"><strong><em>Lukashenko and son</em></strong>'
        "</figcaption>"
    )
    assert "[caption" not in words(root) and "[/caption]" not in words(root)


def test_old_style_caption_attribute():
    root, _, _, _ = read("federalist-no-51")
    figure = root.xpath("./figure")[0]
    assert figure.xpath("string(figcaption)") == "James Madison, portrait by John Vanderlyn, 1816"
    assert figure.xpath("./img/@src") == [
        "https://thesaker.is/wp-content/uploads/2019/11/james-madison-vanderlyn.jpg"
    ]


def test_other_shortcodes_are_removed_with_warnings_naming_them():
    root, _, diagnostics, _ = read("federalist-no-51")
    text = words(root)
    assert "If men were angels, no government would be necessary." in text  # [su_quote] text
    assert "[su_quote" not in text and "contact-form-7" not in text
    assert root.xpath("./p[last()]")[0].text == "PUBLIUS."
    messages = {w.message.split(":")[0]: w for w in diagnostics.warnings}
    assert set(messages) == {
        "removed WordPress shortcode [su_quote]",
        "removed WordPress shortcode [contact-form-7]",
    }
    assert messages["removed WordPress shortcode [su_quote]"].line == line_of("[su_quote ")
    assert messages["removed WordPress shortcode [contact-form-7]"].line == line_of(
        "[contact-form-7 "
    )


def test_embed_shortcode_becomes_a_link_line_and_its_warning_points_at_its_line():
    root, _, diagnostics, _ = read("might-belarus-become-the-next-syria")
    [warning] = diagnostics.warnings
    assert warning.message == (
        "an embedded video is kept as a line with its address (a book cannot show it): "
        "Video: https://www.youtube.com/watch?v=Xq8sDL0qYgM"
    )
    assert warning.file == EXPORT and warning.line == line_of("[embed]")
    assert "[embed]" not in words(root)
    [link] = root.xpath(".//p/a[starts-with(@href, 'https://www.youtube.com/')]")
    assert link.getparent().text == "Video: "


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        # Bracketed prose is not a shortcode.
        ("[sic] and [Figure 43] and [1] and [emphasis added]",
         "[sic] and [Figure 43] and [1] and [emphasis added]"),
        ("[[gallery]] is how you write it", "[gallery] is how you write it"),
        ('Before [gallery ids="12,13"] after', "Before  after"),
        ('[su_box title="A"][su_note]Inner [b]text[/b][/su_note][/su_box]', "Inner text"),
        ('[caption width="300"]<img src="a.jpg" />[/caption]', '<img src="a.jpg" />'),
        ('[caption id="attachment_7" align="alignnone" width="300"]<a href="b.jpg">'
         '<img src="a.jpg" alt="" /></a> Caption[/caption]',
         '<figure id="attachment_7" class="wp-caption alignnone"><a href="b.jpg">'
         '<img src="a.jpg" alt="" /></a><figcaption class="wp-caption-text">Caption</figcaption>'
         "</figure>"),
    ],
)  # fmt: skip
def test_expand_shortcodes(stored, expected):
    assert expand_shortcodes(stored, EXPORT) == expected


def test_block_editor_post_skips_autop_and_loses_block_comments():
    root, meta, diagnostics, _ = read("federalist-no-78")
    markup = lxml_html.tostring(root, encoding="unicode")
    assert "<!--" not in markup and "wp:paragraph" not in markup
    assert "<br" not in markup
    assert root.xpath("string(./blockquote/p/cite)") == "The Federalist No. 78"
    assert root.xpath("./hr[@class='wp-block-separator']")
    assert len(root.xpath("./p")) == 8
    assert diagnostics.warnings == []


def test_render_post_content_removes_more_tag():
    assert (
        render_post_content("Teaser\n<!--more-->\nRest", EXPORT) == "<p>Teaser</p>\n<p>Rest</p>\n"
    )


# --- hostile or broken files --------------------------------------------------------------------

WXR_HEAD = (
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
    "<channel><wp:wxr_version>1.2</wp:wxr_version>"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_external_entity_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash")
    path = write(
        tmp_path,
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file://{secret}">\n]>\n'
        + WXR_HEAD
        + "<item><title>&xxe;</title><wp:post_name>leak</wp:post_name>"
        "<wp:post_type>post</wp:post_type></item></channel></rss>",
    )
    with pytest.raises(BookError) as caught:
        read_wordpress(path, "leak", Diagnostics())
    problem = caught.value.problems[0]
    assert problem.file == path and problem.line == 3
    assert "declares the XML entity 'xxe'" in problem.message
    assert "root:x" not in str(caught.value)


def test_billion_laughs_is_refused_quickly(tmp_path):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    path = write(
        tmp_path,
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]>'
        + WXR_HEAD
        + "<item><title>&lol9;</title></item></channel></rss>",
    )
    started = time.monotonic()
    with pytest.raises(BookError, match="declares the XML entity 'lol'"):
        list_posts(path)
    assert time.monotonic() - started < 1


def test_malformed_export_reports_line_and_column(tmp_path):
    path = write(
        tmp_path, WXR_HEAD + "\n<item><title>Broken & wrong</title></item></channel></rss>"
    )
    with pytest.raises(BookError) as caught:
        list_posts(path)
    problem = caught.value.problems[0]
    assert "not a well-formed WordPress export" in problem.message
    assert (problem.line, problem.col) == (2, 22)


def test_plain_rss_feed_is_not_an_export(tmp_path):
    path = write(tmp_path, "<rss><channel><item><title>Feed entry</title></item></channel></rss>")
    with pytest.raises(BookError, match="not a WordPress export"):
        list_posts(path)
    path = write(tmp_path, "<html><body>Saved page</body></html>")
    with pytest.raises(BookError, match="not a WordPress export"):
        list_posts(path)


def test_missing_export_file(tmp_path):
    with pytest.raises(BookError, match="cannot read WordPress export"):
        read_wordpress(tmp_path / "nope.xml", "about", Diagnostics())


def test_author_without_author_record_keeps_the_login(tmp_path):
    path = write(
        tmp_path,
        WXR_HEAD
        + "<item><title>Federalist No. 10</title><dc:creator><![CDATA[publius]]></dc:creator>"
        "<content:encoded><![CDATA[AMONG the numerous advantages promised by a well-constructed "
        "Union...]]></content:encoded><wp:post_id>10</wp:post_id>"
        "<wp:post_name>federalist-10</wp:post_name><wp:post_type>post</wp:post_type>"
        "<wp:status>publish</wp:status><wp:post_date>1787-11-22 00:00:00</wp:post_date>"
        "</item></channel></rss>",
    )
    article = read_wordpress(path, "10", Diagnostics())
    assert article.meta.author == "publius"
    assert article.meta.date == dt.date(1787, 11, 22)
    assert article.meta.url is None  # no <link>
    assert words(article.root).startswith("AMONG the numerous advantages")
