"""Posts from Jekyll, Hugo, 11ty, Pelican, Ghost and Hashnode build as found.

The posts are in ``tests/fixtures/blogs/`` (sources and licences in its SOURCES.md). One volume
holds them all and is built once, EPUB only; the checks read the book, the report and the
warnings, and the reader's own output where the book does not show a field (summary,
subjects, language).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from checks import assert_epub_valid
from compiler import build
from compiler.book.articles import read_raw
from compiler.errors import BookError, Diagnostics
from compiler.sources.dates import ImpossibleDate, date_from_file_name, parse_date
from compiler.sources.front_matter import read_front_matter

BLOGS = Path(__file__).resolve().parent / "fixtures" / "blogs"
POSTS = [
    "jekyll/2017-2-5-i-dont-like-zeroes.md",
    "jekyll/2013-05-28-classifications.md",
    "jekyll/2020-08-31-federalist-50.html",
    "jekyll/2013-09-12-sorting-tags-and-categories.html",
    "eleventy/secondpost.md",
    "pelican/markdown-article.md",
    "hugo/goisforlovers.fr.md",
    "hashnode/the-federalist-no-47.md",
    "ghost/the-federalist-no-51.md",
    "converted/federalist-48.md",
    "converted/federalist-49.md",
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    for post in POSTS:
        (root / post).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BLOGS / post, root / post)
    contents = "".join(f"  - {post}\n" for post in POSTS)
    (root / "volume.yaml").write_text(
        f"title: From Six Generators\nauthor: Various\ncontents:\n{contents}", encoding="utf-8"
    )
    return root, build(root / "volume.yaml", formats=["epub"])


def chapter(result, title_start: str):
    # Titles are typeset: "No. 50" is bound by a no-break space.
    found = [
        c for c in result.book.chapters() if c.title.replace("\xa0", " ").startswith(title_start)
    ]
    assert len(found) == 1, [c.title for c in result.book.chapters()]
    return found[0]


def test_the_archive_builds_as_found_into_a_valid_epub(archive):
    root, result = archive
    assert_epub_valid(result.outputs["epub"])
    # Every post but the one with no text at all.
    assert len(list(result.book.chapters())) == len(POSTS) - 1


def test_a_post_with_nothing_but_front_matter_is_left_out_with_a_warning(archive):
    root, result = archive
    [warning] = [w for w in result.warnings if "left out of the book" in w.message]
    assert Path(warning.file).name == "2013-09-12-sorting-tags-and-categories.html"
    assert "it has no text" in warning.message
    # Nothing else is said of it (such as where its title would have come from) ...
    assert [w for w in result.warnings if w.file == warning.file] == [warning]
    # ... and the report says why it is not in the book.
    report = result.outputs["report"].read_text(encoding="utf-8")
    section = report.split("## jekyll/2013-09-12-sorting-tags-and-categories.html", 1)[1]
    assert section.split("\n## ", 1)[0].strip() == f"- **Warning:** {warning.message}"


def test_jekyll_posts_take_their_date_and_title_from_the_file_name(archive):
    _, result = archive
    zeroes = chapter(result, "I dont like zeroes")
    assert zeroes.date == dt.date(2017, 2, 5)
    assert "Zeros have always seemed superfluous" in zeroes.body
    tags = chapter(result, "Some Tags")
    assert tags.date == dt.date(2013, 5, 28)
    assert "Our most famous beverages" in tags.body


def test_a_jekyll_html_post_has_its_front_matter_read_not_printed(archive):
    _, result = archive
    post = chapter(result, "The Federalist No. 50")
    assert post.date == dt.date(2020, 8, 31)  # 14:05 +0200 is still 31 August
    assert "layout" not in post.body and "permalink" not in post.body
    assert post.body.startswith("<p>IT MAY be contended")


def test_eleventy_pelican_hugo_hashnode_and_ghost_fields_are_mapped(archive):
    _, result = archive
    assert chapter(result, "This is my second post").date == dt.date(2018, 7, 4)
    assert chapter(result, "A markdown powered article").date == dt.date(2011, 4, 20)
    hugo = chapter(result, "Introduction aux modèles")
    assert (hugo.date, hugo.author) == (dt.date(2014, 4, 2), "Michael Henderson")
    assert "moteur de modèles" in hugo.body
    hashnode = chapter(result, "The Federalist No. 47")
    assert hashnode.date == dt.date(2023, 12, 11)
    assert "cuid" not in hashnode.body
    ghost = chapter(result, "The Federalist No. 51")
    assert (ghost.date, ghost.author) == (dt.date(2021, 3, 4), "James Madison")


def test_flattened_front_matter_is_recognised_and_parsed(archive):
    _, result = archive
    fenced = chapter(result, "The Federalist No. 48")
    assert (fenced.author, fenced.date) == ("James Madison", dt.date(1788, 2, 1))
    assert "layout" not in fenced.body and "title:" not in fenced.body
    bare = chapter(result, "The Federalist No. 49")
    assert (bare.author, bare.date) == ("James Madison", dt.date(1788, 2, 2))
    assert bare.body.startswith("<p>THE author of the")
    assert "date:" not in bare.body


def test_keys_the_book_does_not_use_are_listed_once_in_the_report(archive):
    root, result = archive
    report = result.outputs["report"].read_text(encoding="utf-8")
    hugo = report.split("## hugo/goisforlovers.fr.md", 1)[1].split("\n## ", 1)[0]
    assert "### front matter" in hugo
    assert (
        "Ignored 7 keys the book does not use: description, featured, featuredalt, "
        "featuredpath, linktitle, slug, type" in hugo
    )
    hashnode = report.split("## hashnode/the-federalist-no-47.md", 1)[1].split("\n## ", 1)[0]
    assert "seoTitle, seoDescription, cuid, slug, cover" in hashnode
    assert not [w for w in result.warnings if "key" in w.message]


def test_summary_subjects_and_language_reach_the_metadata():
    diagnostics = Diagnostics()
    eleventy = read_raw(BLOGS / "eleventy/secondpost.md", diagnostics).meta
    assert eleventy.summary == "This is a post on My Blog about leveraging agile frameworks."
    assert eleventy.categories == ["number 2"]
    hashnode = read_raw(BLOGS / "hashnode/the-federalist-no-47.md", diagnostics).meta
    assert hashnode.categories == ["history", "government", "constitution"]
    ghost = read_raw(BLOGS / "ghost/the-federalist-no-51.md", diagnostics).meta
    assert ghost.categories == ["Government", "History"]
    assert ghost.summary is not None and ghost.summary.startswith("The structure of")
    jekyll = read_raw(BLOGS / "jekyll/2020-08-31-federalist-50.html", diagnostics).meta
    assert jekyll.categories == ["federalist", "madison"]
    assert jekyll.url is None  # a site-relative permalink is not the post's address
    post = read_front_matter(
        "---\nlang: pt_BR\nurl: /p/\nlink: https://a.example/p\n---\nx", Path("p.md")
    )
    assert (post.meta.language, post.meta.url) == ("pt-BR", "https://a.example/p")
    assert post.unused == ["url"]


def test_an_eleventy_news_title_is_the_title():
    """11ty's own site names its news posts' title ``newstitle``; ``title`` still wins."""
    news = read_front_matter(
        "---\nnewstitle: MIT’s new Digital Humanities site launches using Eleventy!\n"
        "eleventyNavigation:\n  parent: Blog\n---\nIn another new exciting launch",
        Path("2020-08-11-mit.md"),
    )
    assert news.meta.title == "MIT’s new Digital Humanities site launches using Eleventy!"
    both = read_front_matter("---\ntitle: Stability\nnewstitle: News\n---\nx", Path("s.md"))
    assert both.meta.title == "Stability"


# --- Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2011/08/03 20:00:00",
        "2011-08-03 20:00:00 +0200",
        "2011-08-03T20:00:00Z",
        "2011-08-03T20:00:00.000+02:00",
        "Wed, 03 Aug 2011 20:00:00 +0000",
        "August 3, 2011",
        "Aug. 3, 2011",
        "3 August 2011",
        "3rd August 2011",
        "Wed Aug 03 2011 20:00:00 GMT+0000 (Coordinated Universal Time)",
        "2011-8-3",
    ],
)
def test_every_common_date_form_is_read(text):
    assert parse_date(text) == dt.date(2011, 8, 3)


def test_dates_already_parsed_by_yaml_or_toml_are_taken_as_they_are():
    assert parse_date(dt.datetime(2011, 8, 3, 23, 30)) == dt.date(2011, 8, 3)
    assert parse_date(dt.date(2011, 8, 3)) == dt.date(2011, 8, 3)


@pytest.mark.parametrize("text", ["2021-02-30", "30 February 2021", "2021/13/01"])
def test_an_impossible_date_is_refused_not_guessed(text):
    with pytest.raises(ImpossibleDate, match="is not a real date"):
        parse_date(text)


@pytest.mark.parametrize("text", ["February 6th", "yesterday", "03/08/2011", ""])
def test_text_that_is_no_date_is_not_taken_for_one(text):
    assert parse_date(text) is None


def test_the_file_name_date_is_only_a_jekyll_prefix():
    assert date_from_file_name("2008-11-24-slug.md") == dt.date(2008, 11, 24)
    assert date_from_file_name("2017-2-5-i-dont-like-zeroes.md") == dt.date(2017, 2, 5)
    assert date_from_file_name("federalist-10.md") is None
    assert date_from_file_name("2008-13-24-slug.md") is None


# --- What stays an error ---------------------------------------------------------------------


def errors(text: str) -> list[str]:
    with pytest.raises(BookError) as caught:
        read_front_matter(text, Path("post.md"))
    return [str(problem) for problem in caught.value.problems]


def test_an_impossible_date_in_front_matter_is_a_located_error():
    assert errors("---\nlayout: post\ndate: 2021-02-30\n---\nText") == [
        "post.md:3:1: 'date': '2021-02-30' is not a real date (day is out of range for month)"
    ]


def test_broken_yaml_and_toml_are_located_errors():
    [yaml] = errors("---\ntitle: [unclosed\nlayout: post\n---\nText")
    assert yaml.startswith("post.md:") and "invalid front matter" in yaml
    [toml] = errors('+++\ntitle = "No. 10"\ndate = 2021-02-30\n+++\nText')
    assert toml.startswith("post.md:3:") and "invalid front matter" in toml


def test_a_key_the_book_uses_with_the_wrong_type_is_a_located_error():
    assert errors("---\ntitle: {text: No. 10}\ntags: {a: 1}\n---\nText") == [
        "post.md:2:1: 'title' must be text, not a mapping",
        "post.md:3:1: 'tags' must be a list of words or a comma-separated line",
    ]


def test_an_unclosed_flattened_header_is_refused_with_a_clear_error():
    [message] = errors("--- title: No. 10 date: 1787-11-22\n\nText")
    assert message.startswith("post.md:1:1: the front matter seems flattened onto one line")


@pytest.mark.parametrize(
    "first",
    [
        "Note: this essay was first a lecture.",
        "Date: Spring 1920, from a letter",
        "Summary: the author's date: uncertain, his title: none",
        "--- Part one: the beginning",
    ],
)
def test_a_first_paragraph_that_merely_starts_like_a_key_stays_text(first):
    header = read_front_matter(f"{first}\n\nText", Path("p.md"))
    assert header.body.startswith(first) and header.unused == []
