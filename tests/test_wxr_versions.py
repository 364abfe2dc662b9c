"""WordPress exports of every WXR version, and WordPress.com's with an undeclared prefix.

The exports are in ``tests/fixtures/blogs/wxr/`` (sources and licences in ../SOURCES.md): two
written by WordPress itself (3.1 and 6.5.4) and the variants real exports show (the WXR 1.0
namespace, the ``https://`` spelling, an ``atom:`` prefix nobody declared).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PIL import Image

from checks import assert_epub_valid
from compiler import build
from compiler.errors import BookError, Diagnostics
from compiler.sources.wordpress import list_posts, read_wordpress

WXR = Path(__file__).resolve().parent / "fixtures" / "blogs" / "wxr"


@pytest.mark.parametrize(
    "export", ["wxr-1.0.xml", "valid-wxr-1.1.xml", "wxr-simple.xml", "wxr-https-namespace.xml"]
)
def test_every_wxr_version_and_namespace_spelling_is_a_wordpress_export(export):
    posts = list_posts(WXR / export)
    assert [(p.slug, p.type) for p in posts if p.type in ("post", "page")]
    article = read_wordpress(WXR / export, posts[0].slug, Diagnostics())
    assert article.meta.title and article.root.text_content().strip()
    assert article.meta.date is not None


def test_author_display_names_come_from_wp_author():
    for export in ("wxr-1.0.xml", "valid-wxr-1.1.xml"):
        meta = read_wordpress(WXR / export, "hello-world", Diagnostics()).meta
        assert meta.author == "John Doe"  # dc:creator is the login "john"
        assert meta.date == dt.date(2010, 10, 16)
        assert meta.categories == ["alpha"]


def test_without_a_display_name_the_author_is_their_first_and_last_name(tmp_path):
    export = (WXR / "valid-wxr-1.1.xml").read_text(encoding="utf-8")
    export = export.replace(
        "<wp:author_display_name><![CDATA[John Doe]]></wp:author_display_name>", ""
    )
    assert "John Doe" not in export  # only <wp:author_first_name> and _last_name are left
    (tmp_path / "export.xml").write_text(export, encoding="utf-8")
    assert read_wordpress(tmp_path / "export.xml", "1", Diagnostics()).meta.author == "John Doe"


def test_an_export_with_an_undeclared_prefix_is_read_with_the_prefix_declared():
    posts = list_posts(WXR / "wordpress-com-undeclared-atom.xml")
    assert [p.slug for p in posts] == ["hello-world", "a-yellow-wood"]
    article = read_wordpress(WXR / "wordpress-com-undeclared-atom.xml", "10", Diagnostics())
    assert article.meta.title == '"The Road Not Taken" by Robert Frost'
    assert "Two roads diverged in a yellow wood" in article.root.text_content()


def test_the_repair_keeps_line_numbers_and_the_entity_guard(tmp_path):
    export = (WXR / "wordpress-com-undeclared-atom.xml").read_text(encoding="utf-8")
    article = read_wordpress(WXR / "wordpress-com-undeclared-atom.xml", "10", Diagnostics())
    content_line = next(
        number
        for number, line in enumerate(export.splitlines(), start=1)
        if "<content:encoded><![CDATA[<!-- wp:paragraph" in line
    )
    assert article.body_line == content_line
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY lol "lol">]>\n'
        + export.split("\n", 1)[1].replace("<title>My WordPress", "<title>&lol; My WordPress"),
        encoding="utf-8",
    )
    with pytest.raises(BookError, match="declares the XML entity 'lol'"):
        list_posts(hostile)


def test_an_export_broken_some_other_way_is_still_a_located_error(tmp_path):
    broken = tmp_path / "broken.xml"
    text = (WXR / "wordpress-com-undeclared-atom.xml").read_text(encoding="utf-8")
    broken.write_text(text.replace("</channel>", "</chanel>"), encoding="utf-8")
    with pytest.raises(BookError, match="not a well-formed WordPress export") as caught:
        list_posts(broken)
    assert caught.value.problems[0].line > 0


@pytest.fixture(scope="module")
def wordpress_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("wxr-book")
    for name in ("wxr-1.0.xml", "wxr-https-namespace.xml", "wordpress-com-undeclared-atom.xml"):
        shutil.copy(WXR / name, root / name)
    (root / "volume.yaml").write_text(
        "title: Exports of Every Age\nauthor: Various\ncontents:\n"
        "  - {wordpress: wxr-1.0.xml, post: hello-world}\n"
        "  - {wordpress: wxr-https-namespace.xml, post: hello-world}\n"
        "  - {wordpress: wordpress-com-undeclared-atom.xml, post: a-yellow-wood}\n",
        encoding="utf-8",
    )
    return root


def test_posts_from_every_kind_of_export_build_into_one_valid_book(wordpress_book):
    result = build(wordpress_book / "volume.yaml", formats=["epub"])
    assert_epub_valid(result.outputs["epub"])
    chapters = list(result.book.chapters())
    assert [c.title for c in chapters] == ["Hello world!", "“The Road Not Taken” by Robert Frost"]
    assert chapters[0].author == "John Doe"
    assert chapters[1].date == dt.date(2024, 6, 5)
    # The image-only post's picture is not in the book folder: the post is left out, named.
    [left_out] = [w for w in result.warnings if "left out of the book" in w.message]
    assert left_out.message.startswith("post 'a-yellow-wood' left out of the book: it has no text")
    assert "'/wp-content/uploads/2024/06/yellow-wood.jpg' was left out" in left_out.message
    assert Path(left_out.file).name == "wordpress-com-undeclared-atom.xml" and left_out.line > 0
    report = result.outputs["report"].read_text(encoding="utf-8")
    section = report.split("## wordpress-com-undeclared-atom.xml#a-yellow-wood", 1)[1]
    assert f"- **Warning:** {left_out.message}" in section
    assert "> Two roads diverged in a yellow wood" in section.split("\n## ", 1)[0]


def test_strict_turns_the_left_out_post_into_an_error(wordpress_book):
    with pytest.raises(BookError) as caught:
        build(wordpress_book / "volume.yaml", formats=["epub"], strict=True)
    assert any("post 'a-yellow-wood' left out" in str(p) for p in caught.value.problems)


def test_the_post_builds_once_its_picture_is_in_the_site_folder(wordpress_book, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(wordpress_book, book)
    uploads = book / "site" / "wp-content" / "uploads" / "2024" / "06"
    uploads.mkdir(parents=True)
    Image.new("RGB", (120, 80), (200, 180, 40)).save(uploads / "yellow-wood.jpg", "JPEG")
    volume = book / "volume.yaml"
    volume.write_text(volume.read_text(encoding="utf-8") + "site_root: site\n", encoding="utf-8")
    result = build(volume, formats=["epub"])
    assert_epub_valid(result.outputs["epub"])
    wood = list(result.book.chapters())[-1]
    assert wood.title == "A yellow wood"
    assert ' src="images/' in wood.body and "Two roads diverged" in wood.body
    # Found in the site folder: no warning about it but the export's missing alt text.
    assert not [
        w for w in result.warnings if "yellow-wood" in w.message and "alt text" not in w.message
    ]
