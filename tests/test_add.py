"""``compile-book add``: articles fetched or copied in, listed, and the volume file otherwise
byte for byte as the editor left it."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import main
from compiler.config import PartEntry, load_volume
from compiler.config.add import add_articles
from compiler.config.contents_edit import append_to_contents
from compiler.errors import BookError
from conftest import serving

TESTS = Path(__file__).parent
CORPUS = TESTS / "corpus"
SAKER_PAGE = (TESTS / "fixtures" / "html" / "might-belarus-become-the-next-syria.html").read_bytes()

# An editor's volume: comments, a commented-out entry waiting its turn, a part, flow mappings.
VOLUME = """\
# The Federalist, second series: the essays on the separation of powers.
title: The Federalist Papers, Part Two   # working title
authors: [James Madison, Alexander Hamilton]
print: {trim: 6x9in, pod: kdp}

contents:
  - articles/federalist-47.md     # the maxim, and Montesquieu
  - file: articles/federalist-48.md
    title: "No. 48: These Departments Should Not Be So Far Separated"
  # - articles/federalist-49.md  (waiting for the corrected scan)

  - part: The Executive
    articles:
      - articles/federalist-70.md

# Back matter comes later.
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    articles = tmp_path / "book" / "articles"
    articles.mkdir(parents=True)
    for number in (47, 48, 51, 70):
        name = f"federalist-{number}.md"
        (articles / name).write_bytes((CORPUS / "federalist" / name).read_bytes())
    volume = tmp_path / "book" / "volume.yaml"
    volume.write_text(VOLUME, encoding="utf-8")
    return volume


def _articles(volume: Path) -> list[str]:
    out: list[str] = []
    for entry in load_volume(volume).contents:
        for article in entry.articles if isinstance(entry, PartEntry) else (entry,):
            out.append(article.path.relative_to(volume.parent).as_posix())
    return out


def test_a_file_in_the_book_is_appended_and_nothing_else_changes(book: Path) -> None:
    result = add_articles(book, [str(book.parent / "articles" / "federalist-51.md")])
    assert result.added == ["articles/federalist-51.md"] and not result.problems
    text = book.read_text(encoding="utf-8")
    # Without --part: at the end of the contents, after the part, at the contents' indentation.
    expected = VOLUME.replace(
        "      - articles/federalist-70.md\n",
        "      - articles/federalist-70.md\n  - articles/federalist-51.md\n",
    )
    assert text == expected
    assert _articles(book)[-2:] == ["articles/federalist-70.md", "articles/federalist-51.md"]


def test_into_an_existing_part_and_a_new_part(book: Path, tmp_path: Path) -> None:
    outside = tmp_path / "Federalist No. 51.md"  # outside the book: copied in, name slugged
    outside.write_bytes((CORPUS / "federalist" / "federalist-51.md").read_bytes())
    add_articles(book, [str(outside)], part="The Executive")
    copied = book.parent / "articles" / "federalist-no-51.md"
    assert copied.read_bytes() == outside.read_bytes()
    text = book.read_text(encoding="utf-8")
    assert "      - articles/federalist-70.md\n      - articles/federalist-no-51.md\n" in text
    assert text.endswith("\n# Back matter comes later.\n")

    result = add_articles(book, [str(outside)], part="The Judiciary")
    assert result.added == ["articles/federalist-no-51-2.md"]  # a second copy, never over one
    volume = load_volume(book)
    parts = [e for e in volume.contents if isinstance(e, PartEntry)]
    assert [p.title for p in parts] == ["The Executive", "The Judiciary"]
    assert [a.path.name for a in parts[1].articles] == ["federalist-no-51-2.md"]
    assert "  - part: The Judiciary\n    articles:\n      - articles/federalist-no-51-2.md\n" in (
        book.read_text(encoding="utf-8")
    )


def test_flow_style_contents_are_rewritten_and_still_load(tmp_path: Path) -> None:
    text = "title: The Federalist\ncontents: [a.md]\n"
    edited = append_to_contents(text, ["b.md", "Essay No. 2.md", "yes"])
    assert "b.md" in edited and '"yes"' in edited
    for name in ("a.md", "b.md", "Essay No. 2.md", "yes"):
        (tmp_path / name).write_bytes((CORPUS / "federalist" / "federalist-51.md").read_bytes())
    (tmp_path / "volume.yaml").write_text(edited, encoding="utf-8")
    names = [e.path.name for e in load_volume(tmp_path / "volume.yaml").contents]
    assert names == ["a.md", "b.md", "Essay No. 2.md", "yes"]


def test_already_listed_missing_and_wordpress_files_are_refused(book: Path) -> None:
    before = book.read_bytes()
    result = add_articles(
        book,
        [
            str(book.parent / "articles" / "federalist-47.md"),
            str(book.parent / "articles" / "missing.md"),
            str(TESTS / "realworld" / "wordpress-com" / "blogueun.wordpress.2014-06-16.xml"),
        ],
    )
    messages = [str(p) for p in result.problems]
    assert not result.added
    assert any("already in the contents at line 7" in m for m in messages), messages
    assert any("file not found" in m for m in messages), messages
    assert any("{wordpress: FILE, post: SLUG}" in m for m in messages), messages
    assert book.read_bytes() == before


def test_a_volume_that_does_not_load_is_reported_not_edited(book: Path) -> None:
    book.write_text(VOLUME.replace("title:", "titel:", 1), encoding="utf-8")
    before = book.read_bytes()
    with pytest.raises(BookError) as info:
        add_articles(book, [str(book.parent / "articles" / "federalist-51.md")])
    assert "unknown key 'titel'" in str(info.value)
    assert book.read_bytes() == before


class _Blog(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server API
        if self.path == "/2020/08/might-belarus-become-the-next-syria/":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(SAKER_PAGE)))
            self.end_headers()
            self.wfile.write(SAKER_PAGE)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def blog() -> Iterator[str]:
    with serving(_Blog) as url:
        yield url


def test_add_by_url_through_the_command_line(book: Path, blog: str) -> None:
    runner = CliRunner()
    outcome = runner.invoke(
        main,
        [
            "add",
            f"{blog}/2020/08/might-belarus-become-the-next-syria/",
            f"{blog}/no-such-post/",
            "--to",
            str(book.parent),
            "--part",
            "The Executive",
        ],
    )
    assert outcome.exit_code == 2, outcome.output  # one address failed: said, and non-zero
    assert "404" in outcome.output
    assert "added articles/might-belarus-become-the-next-syria.md" in outcome.output
    fetched = book.parent / "articles" / "might-belarus-become-the-next-syria.md"
    assert "Lukashenko" in fetched.read_text(encoding="utf-8")
    assert _articles(book)[-1] == "articles/might-belarus-become-the-next-syria.md"
    assert "Traceback" not in outcome.output
