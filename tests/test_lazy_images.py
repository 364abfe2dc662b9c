"""Lazy-loaded pictures of saved pages: the picture the page shows, not its placeholder.

The markup is what lazy-loading themes and plugins write (a transparent GIF or ``lazy.gif``
in ``src``, the picture in ``data-src``/``data-lazy-src``/``srcset``, ``<picture>`` sources),
around public-domain text from *The Federalist* (tests/corpus/SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from compiler.book.articles import load_article
from compiler.config import load_volume
from compiler.errors import Diagnostics
from compiler.sources.html import read_html
from compiler.sources.lazy_images import (
    best_candidate,
    is_placeholder,
    parse_srcset,
    resolve_lazy_images,
)

CORPUS = Path(__file__).resolve().parent / "corpus" / "federalist"
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def paragraphs(number: int) -> list[str]:
    text = (CORPUS / f"federalist-{number}.md").read_text(encoding="utf-8").split("---", 2)[2]
    return [p for p in text.strip().split("\n\n") if not p.startswith("#")][:3]


PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The Federalist No. 52</title></head>
<body><header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>
<main><article><h1>The Federalist No. 52</h1>
<p>{paragraphs(52)[0]}</p>
<figure><img src="{PIXEL}" data-src="page_files/house.png" alt="The House">
<figcaption>The House of Representatives</figcaption></figure>
<p>{paragraphs(52)[1]}</p>
<p><img src="/wp-content/plugins/lazy-load/images/1x1.trans.gif"
  data-lazy-src="https://example.org/uploads/senate.jpg" alt="The Senate"></p>
<p>{paragraphs(53)[0]}</p>
<p><img src="{PIXEL}" alt="A census"
  srcset="page_files/census-300.png 300w, page_files/census-1200.png 1200w,
  census-4000.png 4000w"></p>
<picture><source type="image/avif" srcset="page_files/ballot.avif">
<source srcset="page_files/ballot.png 800w"><img src="lazy.gif" alt="A ballot"></picture>
<p>{paragraphs(53)[1]}</p>
<p><img src="page_files/seal.png" alt="The seal"
  srcset="https://example.org/uploads/seal-2000.png 2000w"></p>
<p>{paragraphs(54)[0]}</p>
</article></main><footer>Site footer</footer></body></html>
"""
SAVED = ("house.png", "census-300.png", "census-1200.png", "ballot.png", "seal.png")


@pytest.fixture
def saved_page(tmp_path: Path) -> Path:
    (tmp_path / "page_files").mkdir()
    for number, name in enumerate(SAVED):
        Image.new("RGB", (40, 30), (number * 40, 80, 120)).save(tmp_path / "page_files" / name)
    page = tmp_path / "federalist-52.html"
    page.write_text(PAGE, encoding="utf-8")
    return page


def sources(page: Path) -> list[str]:
    raw = read_html(page, Diagnostics())
    return [img.get("src") for img in raw.root.iter("img")]


def test_the_reader_takes_the_picture_a_lazy_page_shows(saved_page):
    assert sources(saved_page) == [
        "page_files/house.png",  # data-src, saved beside the page
        "https://example.org/uploads/senate.jpg",  # data-lazy-src, on the web only
        "page_files/census-1200.png",  # the widest srcset candidate that was saved
        "page_files/ballot.png",  # the <picture> source a book can show
        "page_files/seal.png",  # a saved src stays, however wide the srcset offers
    ]


def test_without_saved_files_the_widest_printable_candidate_is_named(saved_page):
    for file in (saved_page.parent / "page_files").iterdir():
        file.unlink()
    found = sources(saved_page)
    assert found[0] == "page_files/house.png"  # missing: the build says so, at its line
    assert found[2] == "page_files/census-1200.png"
    assert found[4] == "https://example.org/uploads/seal-2000.png"  # fetch --images gets it


def test_a_lazy_page_reaches_the_book_with_its_saved_pictures(saved_page, tmp_path):
    volume = tmp_path / "volume.yaml"
    volume.write_text(
        "title: Lazy Pages\nauthor: James Madison\ncontents:\n  - federalist-52.html\n", "utf-8"
    )
    book = load_volume(volume)
    diagnostics = Diagnostics()
    article, _ = load_article(book.articles[0], book, diagnostics)
    assert article.body.count(' src="images/') == 4 and len(article.images) == 4
    assert "The House of Representatives" in article.body
    left_out = [w.message for w in diagnostics.warnings if " left out:" in w.message]
    assert left_out == [
        "image 'https://example.org/uploads/senate.jpg' left out: remote images are not "
        "fetched during a build (compile-book fetch --images VOLUME.yaml downloads them into "
        "the book folder)"
    ]


@pytest.mark.parametrize(
    ("srcset", "chosen"),
    [
        ("a.jpg 300w, b.jpg 1024w, c.jpg 2048w", "b.jpg"),
        ("a.jpg 3000w, b.jpg 2500w", "b.jpg"),  # none fits: the narrowest
        ("a.jpg, b.jpg 2x, c.jpg 3x", "b.jpg"),
        ("a.jpg", "a.jpg"),
        (f"{PIXEL} 1x, real.png 2x", "real.png"),
        ("", None),
    ],
)
def test_best_candidate(srcset, chosen):
    assert best_candidate(srcset) == chosen


def test_srcset_addresses_may_hold_commas():
    assert parse_srcset("data:image/png;base64,iVBO 1x,b.png 2x, c,d.png 640w") == [
        ("data:image/png;base64,iVBO", "1x"),
        ("b.png", "2x"),
        ("c,d.png", "640w"),
    ]


@pytest.mark.parametrize(
    ("src", "placeholder"),
    [
        (PIXEL, True),
        ("", True),
        ("/wp-content/plugins/lazy-load/images/1x1.trans.gif", True),
        ("https://example.org/img/lazy_placeholder.gif", True),
        ("https://example.org/grey-1x1.png", True),
        ("https://example.org/uploads/photo-loading-dock.jpg", False),
        ("page_files/blank-verse.jpg", False),
    ],
)
def test_placeholders(src, placeholder):
    assert is_placeholder(src) is placeholder


def test_a_page_without_lazy_markup_is_read_as_before():
    document = lxml_html.document_fromstring(
        '<p><img src="a.png" alt=""><img src="https://example.org/b.png" alt=""></p>'
    )
    assert resolve_lazy_images(document) == 0
