"""Tables keep their captions and say which cells their headers head, in every input kind."""

from __future__ import annotations

import zipfile

import markdown
import pytest
from lxml import etree
from lxml import html as lxml_html

from compiler.book.tables import scope_headers
from compiler.sources.markdown import EXTENSIONS

XHTML = {"x": "http://www.w3.org/1999/xhtml"}

# The division of *The Federalist* among its authors, as Douglass Adair established it (1944).
AUTHORS_TABLE = """\
| Author | Papers |
|---|---|
| Alexander Hamilton | 51 |
| James Madison | 29 |
| John Jay | 5 |
"""

MARKDOWN_ARTICLE = f"""\
---
title: Who Wrote The Federalist
---

The essays appeared under one name, Publius.

Table: The papers by author, after *Adair* (1944)

{AUTHORS_TABLE}
Three papers were written by Hamilton and Madison together.

{AUTHORS_TABLE}
Table: The same count, captioned below the table

Table: a paragraph that only looks like a caption, with no table beside it.
"""

# A saved page whose table has its own caption and header cells already scoped.
SAVED_PAGE = """\
<!DOCTYPE html>
<html lang="en"><head><title>The Ratifying Conventions</title></head>
<body><article>
<h1>The Ratifying Conventions</h1>
<p>The states ratified the Constitution one by one, between December 1787 and May 1790.
Delaware came first, and Rhode Island last; the ninth state made it law.</p>
<table>
<caption>The first three ratifications</caption>
<thead><tr><th scope="col">State</th><th scope="col">Date</th><th scope="col">Vote</th></tr></thead>
<tbody>
<tr><th>Delaware</th><td>7 December 1787</td><td>30–0</td></tr>
<tr><th>Pennsylvania</th><td>12 December 1787</td><td>46–23</td></tr>
<tr><th>New Jersey</th><td>18 December 1787</td><td>38–0</td></tr>
</tbody>
</table>
<p>New Hampshire, the ninth, ratified on 21 June 1788.</p>
</article></body></html>
"""

VOLUME = """\
title: The Federalist in Figures
author: Douglass Adair
contents:
  - articles/authors.md
  - articles/conventions.html
"""


@pytest.fixture(scope="module")
def chapters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, etree._Element]:
    from compiler import build

    root = tmp_path_factory.mktemp("tables")
    (root / "articles").mkdir()
    (root / "articles" / "authors.md").write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    (root / "articles" / "conventions.html").write_text(SAVED_PAGE, encoding="utf-8")
    (root / "volume.yaml").write_text(VOLUME, encoding="utf-8")
    epub = build(root / "volume.yaml", formats=["epub"]).outputs["epub"]
    with zipfile.ZipFile(epub) as z:
        return {name: etree.fromstring(z.read(f"EPUB/{name}.xhtml")) for name in ("ch001", "ch002")}


def _captions(page: etree._Element) -> list[str]:
    return [
        " ".join("".join(c.itertext()).split())
        for c in page.xpath("//x:table/x:caption", namespaces=XHTML)
    ]


def test_table_lines_become_captions_before_or_after_the_table(chapters):
    page = chapters["ch001"]
    assert _captions(page) == [
        "The papers by author, after Adair (1944)",
        "The same count, captioned below the table",
    ]
    # Emphasis in the caption is kept; the "Table:" label is not.
    assert page.xpath("//x:caption/x:em/text()", namespaces=XHTML) == ["Adair"]
    text = " ".join("".join(page.itertext()).split())
    assert "Table: The papers" not in text and "Table: The same" not in text
    # A "Table:" paragraph with no table beside it stays a paragraph.
    assert "Table: a paragraph that only looks like a caption" in text


def test_a_saved_pages_caption_is_kept(chapters):
    assert _captions(chapters["ch002"]) == ["The first three ratifications"]


def test_header_cells_have_a_scope(chapters):
    markdown_page, saved_page = chapters["ch001"], chapters["ch002"]
    assert set(markdown_page.xpath("//x:th/@scope", namespaces=XHTML)) == {"col"}
    assert saved_page.xpath("//x:thead//x:th/@scope", namespaces=XHTML) == ["col"] * 3
    assert saved_page.xpath("//x:tbody//x:th/@scope", namespaces=XHTML) == ["row"] * 3
    assert not markdown_page.xpath("//x:th[not(@scope)]", namespaces=XHTML)


@pytest.mark.parametrize(
    ("rows", "scopes"),
    [
        # A header row without <thead>: every cell of the row is a header.
        (
            "<tr><th>State</th><th>Vote</th></tr><tr><td>Delaware</td><td>30–0</td></tr>",
            ["col"] * 2,
        ),
        # Row headers beside data, and the corner cell of a header row.
        (
            "<tr><th></th><th>Vote</th></tr><tr><th>Delaware</th><td>30–0</td></tr>",
            ["col", "col", "row"],
        ),
        # A scope the source gave is kept.
        ("<tr><th scope='colgroup'>1787</th><td>Delaware</td></tr>", ["colgroup"]),
    ],
)
def test_scope_follows_where_the_header_stands(rows, scopes):
    root = lxml_html.fragment_fromstring(f"<table>{rows}</table>")
    scope_headers(root)
    assert [th.get("scope") for th in root.iter("th")] == scopes


def test_markdown_caption_needs_a_table_right_beside_it():
    html = markdown.markdown(
        "Table: far away\n\nA paragraph.\n\n" + AUTHORS_TABLE, extensions=EXTENSIONS
    )
    assert "<caption>" not in html and "<p>Table: far away</p>" in html
