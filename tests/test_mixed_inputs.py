"""A volume mixing scraped Markdown, saved HTML pages and WordPress posts builds cleanly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks import assert_epub_valid, read_pdf
from compiler import build

TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    (root / "articles").mkdir()
    shutil.copy(TESTS / "corpus/thesaker/might-belarus-become-the-next-syria.md", root / "articles")
    shutil.copy(TESTS / "corpus/macdowell/lecture-01.md", root / "articles")
    for name in ("might-belarus-become-the-next-syria.html", "the-mystery-and-miracle-play.html"):
        shutil.copy(TESTS / "fixtures/html" / name, root / "articles")
    shutil.copy(TESTS / "fixtures/wxr/thesaker.wordpress.2020-09-05.xml", root / "export.xml")
    (root / "volume.yaml").write_text(
        "title: Scraped and Saved\nauthor: Various\nlanguage: en\ncontents:\n"
        "  - part: From Markdown\n    articles:\n"
        "      - articles/might-belarus-become-the-next-syria.md\n"
        "      - articles/lecture-01.md\n"
        "  - part: From saved pages\n    articles:\n"
        "      - articles/might-belarus-become-the-next-syria.html\n"
        "      - articles/the-mystery-and-miracle-play.html\n"
        "  - part: From a WordPress export\n    articles:\n"
        "      - {wordpress: export.xml, post: might-belarus-become-the-next-syria}\n"
        "      - {wordpress: export.xml, post: federalist-no-51}\n",
        encoding="utf-8",
    )
    return build(root / "volume.yaml")


def test_mixed_volume_passes_epubcheck(mixed):
    assert_epub_valid(mixed.outputs["epub"])


def test_every_input_kind_is_cleaned_the_same_way(mixed):
    chapters = list(mixed.book.chapters())
    assert len(chapters) == 6
    belarus = [c for c in chapters if "Belarus" in c.title]
    assert len(belarus) == 3, [c.title for c in chapters]
    for chapter in belarus:
        assert "Order Now" not in chapter.body
        assert "Lukashenko and son" not in chapter.body
        assert chapter.author == "The Saker"
    pdf = read_pdf(mixed.outputs["pdf"])
    assert pdf.page_count % 2 == 0
    assert pdf.pages_containing("Might Belarus become the next Syria?")
