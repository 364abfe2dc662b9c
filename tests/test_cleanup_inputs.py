"""The seed essay as each reader meets it: scraped Markdown, a saved page, a WordPress export.

The same essay arrives in three shapes. The book ads at its end are two paragraphs per book in
the scraped Markdown, a media-and-text ``<div>`` with a cover in the saved page, and a
"title<br>link" paragraph in the export; the photograph's caption is a stray bold-italic line
in the Markdown and a ``<figcaption>`` in the other two. Whatever the shape, the chapter that
comes out must be the same, word for word.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from compiler.book.articles import finish_article, read_raw
from compiler.cleanup import CleanupReport, clean
from compiler.config import ArticleEntry, Location
from compiler.errors import Diagnostics
from compiler.sources.base import Article, RawArticle
from compiler.sources.images import collect_images

TESTS = Path(__file__).resolve().parent
SLUG = "might-belarus-become-the-next-syria"
SOURCES = {
    "markdown": (TESTS / "corpus" / "thesaker" / f"{SLUG}.md", None),
    "html": (TESTS / "fixtures" / "html" / f"{SLUG}.html", None),
    "wxr": (TESTS / "fixtures" / "wxr" / "thesaker.wordpress.2020-09-05.xml", SLUG),
}
ADS = [
    "The Essential Saker IV: Messianic Narcissism's Agony by a Thousand Cuts",
    "Order Now",
    "The Essential Saker III: Chronicling The Tragedy, Farce And Collapse of the Empire in the "
    "Era of Mr MAGA",
    "Order Now",
]


def words(text: str) -> list[str]:
    """Words for comparison: the saved page has curly apostrophes where the others have none."""
    return re.findall(r"[^\W_]+", re.sub(r"[‘’']", "'", text))


def body_words(article: Article) -> list[str]:
    return words(lxml_html.fragment_fromstring(article.body, create_parent="div").text_content())


def removed(report: CleanupReport, rule: str) -> list[list[str]]:
    return [
        words(c.text)
        for c in report.changes
        if c.rule == rule and c.action in ("removed", "moved") and c.text
    ]


@pytest.fixture(scope="module")
def seed() -> dict[str, tuple[RawArticle, CleanupReport, Article, Diagnostics]]:
    results = {}
    for kind, (path, post) in SOURCES.items():
        diagnostics = Diagnostics()
        raw = read_raw(path, diagnostics, post)
        report = clean(raw, None, "en")
        entry = ArticleEntry(path=path, where=Location(path), post=post)
        article = finish_article(raw, entry, diagnostics, TESTS)
        results[kind] = (raw, report, article, diagnostics)
    return results


def test_the_same_ads_and_signature_are_removed_from_every_kind(seed):
    for kind, (_, report, _, _) in seed.items():
        assert removed(report, "trailing-ads") == [words(ad) for ad in ADS], kind
        assert removed(report, "signature") == [["The", "Saker"]], kind
        assert report.warnings == [], kind


def test_the_page_formats_declare_what_the_markdown_scrape_carries_in_its_text(seed):
    # The scrape has the masthead, the byline and the orphaned caption in its text; the page
    # and the export declare site, author and title as metadata and keep the caption in a
    # figure. So those three rules remove text from the Markdown only, and nothing else does.
    rules = {
        kind: {c.rule for c in r.changes if c.action == "removed"}
        for kind, (_, r, _, _) in seed.items()
    }
    assert rules["markdown"] == {"site-header", "orphan-captions", "signature", "trailing-ads"}
    assert rules["html"] == rules["wxr"] == {"signature", "trailing-ads"}
    markdown_report = seed["markdown"][1]
    assert removed(markdown_report, "site-header") == [["thesaker", "is"]]
    assert removed(markdown_report, "byline") == [["The", "Saker"]]
    assert removed(markdown_report, "orphan-captions") == [["Lukashenko", "and", "son"]]


def test_every_kind_gives_the_same_chapter(seed):
    articles = {kind: article for kind, (_, _, article, _) in seed.items()}
    for kind, article in articles.items():
        assert article.title == "Might Belarus become the next Syria?", kind
        assert article.author == "The Saker", kind
        assert "Order Now" not in article.body, kind
        assert "Essential Saker" not in article.body, kind
        assert "Lukashenko and son" not in article.body, kind
    # The page's YouTube player and the export's [embed] shortcode of the same video both
    # became a line with its address (only the page names the video); the scrape lost it.
    address = "https://www.youtube.com/watch?v=Xq8sDL0qYgM"
    video = "Video: Lukashenko lands at the Palace of Independence \u2014 "
    html = lxml_html.fragment_fromstring(articles["html"].body, create_parent="div")
    html_text = " ".join(html.text_content().split())
    assert video + address in html_text
    assert "youtube.com" not in articles["markdown"].body
    reference = body_words(articles["markdown"])
    assert len(reference) > 1400
    for kind, text in (("html", video + address), ("wxr", "Video: " + address)):
        found = body_words(articles[kind])
        line = words(text)
        start = found.index(line[0])
        assert found[start : start + len(line)] == line, kind
        assert found[:start] + found[start + len(line) :] == reference, kind


def test_the_caption_stays_with_its_image_until_the_image_is_left_out(seed):
    # Cleanup keeps a real caption; the build drops it only with its (remote) image, and says so.
    for kind in ("html", "wxr"):
        _, report, article, diagnostics = seed[kind]
        assert not [c for c in report.changes if c.rule == "orphan-captions"]
        assert not article.images
        [image_warning] = [w.message for w in diagnostics.warnings if w.message.startswith("image")]
        assert "remote images are not fetched" in image_warning
        assert image_warning.endswith("its caption went with it")
        assert "<figure" not in article.body and "<figcaption" not in article.body


FIGURE = (
    '<figure id="attachment_312460" class="wp-caption aligncenter">{images}'
    '<figcaption class="wp-caption-text"><strong><em>Lukashenko and son</em></strong>'
    "</figcaption></figure>"
)
REMOTE = "https://thesaker.is/wp-content/uploads/2020/08/lukashenko-son-1024x576.jpg"


# A real (1x1) PNG, so the image is taken into the book as it is.
def _png() -> bytes:
    """A real (decodable) image: the image checks refuse broken files."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "gray").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def collect(tmp_path: Path, images: str) -> tuple[str, Diagnostics]:
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / "lukashenko-son.png").write_bytes(PNG)
    root = lxml_html.fragment_fromstring(
        f"<p>Not one.</p>{FIGURE.format(images=images)}<p>Second, Lukashenko...</p>",
        create_parent="div",
    )
    diagnostics = Diagnostics()
    collect_images(root, tmp_path / "article.html", tmp_path, diagnostics)
    return lxml_html.tostring(root, encoding="unicode"), diagnostics


def test_a_figure_whose_image_is_in_the_book_keeps_its_caption(tmp_path: Path):
    html, diagnostics = collect(tmp_path, '<img src="images/lukashenko-son.png" alt="">')
    assert "<img" in html and "<em>Lukashenko and son</em></strong></figcaption>" in html
    assert diagnostics.warnings == []


def test_a_figure_loses_its_caption_only_with_its_last_image(tmp_path: Path):
    html, diagnostics = collect(tmp_path, f'<img src="{REMOTE}" alt="">')
    assert "<figure" not in html and "Lukashenko and son" not in html
    assert "<p>Not one.</p><p>Second, Lukashenko...</p>" in html
    [warning] = diagnostics.warnings
    assert warning.message.endswith("its caption went with it")
    # Another picture is still there to be captioned: only the missing one goes.
    html, _ = collect(tmp_path, f'<img src="{REMOTE}" alt=""><img src="images/lukashenko-son.png">')
    assert "Lukashenko and son" in html and html.count("<img") == 1
