"""Embeds in WordPress posts become the link line a saved page's player becomes.

The posts are real: ``why-vim`` of the WordPress.com export in the real-world set
(tests/realworld/SOURCES.md) holds a Jetpack ``[youtube …]`` shortcode, and the Belarus post
of tests/fixtures/wxr an ``[embed]`` one. The forms WordPress also embeds (an address alone on
its line or in a paragraph of its own, ``[youtube=…]``, ``[vimeo ID]``) are checked on the
post bodies as WordPress stores them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.book.articles import load_article
from compiler.cleanup.report import EXTRACTION
from compiler.config import load_volume
from compiler.errors import Diagnostics
from compiler.sources.wordpress import read_wordpress
from compiler.sources.wordpress_embeds import replace_wordpress_embeds

TESTS = Path(__file__).resolve().parent
EXPORT = TESTS / "realworld" / "wordpress-com" / "blogueun.wordpress.2014-06-16.xml"
LINES = EXPORT.read_text(encoding="utf-8").splitlines()
WATCH = "https://www.youtube.com/watch?v=p6K4iIMlouI"


def test_a_jetpack_youtube_shortcode_becomes_a_video_line_in_the_book_s_language():
    diagnostics = Diagnostics()
    raw = read_wordpress(EXPORT, "why-vim", diagnostics, "fr")
    [link] = raw.root.xpath(f".//a[@href='{WATCH}']")
    paragraph = link.getparent()
    assert paragraph.tag == "p" and paragraph.text == "Vidéo: "
    assert link.text == WATCH
    assert "[youtube" not in raw.root.text_content()
    [warning] = [w for w in diagnostics.warnings if "embedded video" in w.message]
    assert LINES[warning.line - 1].startswith("[youtube http://www.youtube.com/watch?v=p6K4")
    assert warning.message.endswith(f"Vidéo: {WATCH}")


def test_the_report_quotes_the_embed_under_extraction(tmp_path):
    shutil.copy(EXPORT, tmp_path / EXPORT.name)
    (tmp_path / "volume.yaml").write_text(
        f"title: Notes\nauthor: Vincent Tam\ncontents:\n"
        f"  - {{wordpress: {EXPORT.name}, post: why-vim}}\n",
        "utf-8",
    )
    volume = load_volume(tmp_path / "volume.yaml")
    article, report = load_article(volume.articles[0], volume, Diagnostics())
    assert f'<a href="{WATCH}">' in article.body
    [change] = [c for c in report.changes if c.rule == EXTRACTION]
    assert change.text == f"Video: {WATCH}" and change.note == "embedded player kept as a link"


@pytest.mark.parametrize(
    ("stored", "address", "kind"),
    [
        ("[embed]https://vimeo.com/76979871[/embed]", "https://vimeo.com/76979871", "video"),
        ('[embed width="640"]\nhttps://youtu.be/Xq8sDL0qYgM\n[/embed]',
         "https://youtu.be/Xq8sDL0qYgM", "video"),
        ("[youtube=http://www.youtube.com/watch?v=ly8BlePO4ws&amp;w=640]",
         "https://www.youtube.com/watch?v=ly8BlePO4ws", "video"),
        ("[vimeo 76979871]", "https://vimeo.com/76979871", "video"),
        ("[youtube Xq8sDL0qYgM]", "https://www.youtube.com/watch?v=Xq8sDL0qYgM", "video"),
        ("https://twitter.com/WordPress/status/1234567890",
         "https://twitter.com/WordPress/status/1234567890", "frame"),
        ("<p>https://www.youtube.com/watch?v=Xq8sDL0qYgM</p>",
         "https://www.youtube.com/watch?v=Xq8sDL0qYgM", "video"),
    ],
)  # fmt: skip
def test_the_forms_wordpress_embeds(stored, address, kind):
    text, found = replace_wordpress_embeds(f"Before.\n\n{stored}\n\nAfter.", "en")
    [(lines, embed)] = found
    assert lines == 2 and embed.url == address and embed.kind == kind
    label = "Video" if kind == "video" else "Embedded content"
    assert f'<p>{label}: <a href="{address.replace("&", "&amp;")}">' in text
    assert text.count("\n") == f"Before.\n\n{stored}\n\nAfter.".count("\n")


@pytest.mark.parametrize(
    "stored",
    [
        "See https://www.youtube.com/watch?v=Xq8sDL0qYgM for the talk.",  # not alone
        "https://example.org/essays/federalist-51",  # no player: a plain address stays
        "<pre>\nhttps://www.youtube.com/watch?v=Xq8sDL0qYgM\n</pre>",  # code
        "[code]\nhttps://vimeo.com/76979871\n[/code]",
        "[embed]not an address[/embed]",
    ],
)
def test_what_wordpress_does_not_embed_is_left_alone(stored):
    text, found = replace_wordpress_embeds(stored, "en")
    assert found == [] and text == stored
