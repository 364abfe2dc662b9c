"""Random articles through the whole reading path: never a crash, always well-formed XHTML.

Articles are built from the pieces that break parsers and cleanup rules: unbalanced
Markdown emphasis and brackets, raw HTML (scripts, handlers, stray closing tags, comments),
entities, footnote markers with and without their notes, odd whitespace and non-Latin text.
Whatever comes in, reading and cleaning either succeeds with XHTML that parses as XML in
both renderings (EPUB and print), or fails with a :class:`BookError`, never anything else.
A few generated books are written as EPUBs and must pass EPUBCheck with 0 errors, 0 warnings.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from lxml import etree

from checks import assert_epub_valid
from compiler.book.assemble import assemble
from compiler.book.render import Renderer, Target
from compiler.config import load_volume
from compiler.errors import BookError, Diagnostics
from compiler.pipeline import build

PIECES = [
    "# ", "## ", "### ", "> ", ">> ", "- ", "* ", "1. ", "    ", "\t", "*", "**", "_", "__",
    "`", "```\n", "~~~", "[", "]", "(", ")", "](", "![", "[^1]", "[^1]: ", "[^2]", "[^x]: ",
    "|", "| --- |", "---", "***", "\\", "<", ">", "&", "&amp;", "&#0;", "&#xD800;", "&nbsp;",
    "&bogus;", "<div>", "</div>", "<p>", "</p>", "<em>", "</strong>", "<br>", "<br/>", "<hr>",
    "<script>alert(1)</script>", "<p onclick=\"x()\">", "<a href=\"javascript:x()\">",
    "<a href=\"#note\">", "<img src=\"pic.png\">", "<img src=\"https://example.org/a.png\">",
    "<img>", "<svg><circle/></svg>", "<iframe src=x>", "<style>p{}</style>", "<!--", "-->",
    "<![CDATA[", "]]>", "<?php ?>", "<table><tr><td>", "</td></tr></table>", "<li>",
    "<h1>", "</h1>", "<blockquote>", "</blockquote>", "{: .class }", "\"", "'", "\u201c",
    "\u00ab", "--", "...", "\u00ad", "\u200b", "\ufeff", "\u202e", "\u0000", "\x0c", "\x1b",
    "\u0645\u0631\u062d\u0628\u0627", "\u041f\u0443\u0442\u0438\u043d", "\u4e2d\u6587",
    "\U0001f600", "\r", "\n", "\n\n", "\n\n\n",
]  # fmt: skip
WORDS = st.sampled_from(
    ["Ambition", "must", "be", "made", "to", "counteract", "ambition.", "Publius", "1788"]
)
MARKDOWN = st.lists(st.one_of(st.sampled_from(PIECES), WORDS), min_size=1, max_size=60).map(
    lambda parts: " ".join(parts) if len(parts) % 3 == 0 else "".join(parts)
)
VALID_FRONT = "---\ntitle: Federalist No. 51\n---\n\n"
FRONT = st.sampled_from(["", VALID_FRONT, VALID_FRONT, "", "---\ntitle: [\n---\n", "---\n"])


def _book_folder() -> tuple[Path, Path]:
    folder = Path(tempfile.mkdtemp(prefix="untrusted-"))
    (folder / "pic.png").write_bytes(
        (Path(__file__).parent / "bad_inputs" / "image-wrong-extension" / "articles" / "images"
         / "capitol.jpg").read_bytes()
    )  # fmt: skip
    article = folder / "essay.md"
    article.write_text("placeholder\n", encoding="utf-8")
    volume = folder / "volume.yaml"
    volume.write_text(
        "title: The Federalist Papers\nauthor: Publius\ndate: 1788-02-06\n"
        "contents:\n  - essay.md\n",
        encoding="utf-8",
    )
    return volume, article


VOLUME, ARTICLE = _book_folder()
LOADED = load_volume(VOLUME)


XHTML_WRAPPER = (
    '<div xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">{}</div>'
)


def _assert_well_formed(fragment: str, what: str) -> None:
    """The fragment parses as XHTML (the namespaces a page uses are declared around it)."""
    xml = XHTML_WRAPPER.format(fragment)
    try:
        etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError as exc:  # pragma: no cover - the failure message
        pytest.fail(f"{what} is not well-formed XML ({exc}):\n{xml[:2000]}")


def read_and_render(text: str) -> None:
    ARTICLE.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        assembly = assemble(LOADED, Diagnostics())
    except BookError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        return
    book = assembly.book
    for chapter in book.chapters():
        _assert_well_formed(chapter.body, "the chapter body")
    for target in (Target.EPUB, Target.PRINT):
        for page in Renderer(book, target).pages():
            _assert_well_formed(page.html, f"the {target} page {page.id}")


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(front=FRONT, body=MARKDOWN)
def test_random_markdown_never_crashes_and_renders_well_formed_xhtml(front: str, body: str):
    read_and_render(front + body)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=MARKDOWN)
def test_random_markup_inside_html_pages_never_crashes(body: str):
    page = (
        "<!DOCTYPE html><html><head><title>Federalist No. 51</title></head><body><article>"
        "<h1>Federalist No. 51</h1><p>Ambition must be made to counteract ambition, "
        f"as Publius wrote in the New York Packet.</p>{body}</article></body></html>"
    )
    html_article = ARTICLE.with_suffix(".html")
    html_article.write_text(page, encoding="utf-8", errors="surrogatepass")
    volume = VOLUME.with_name("page.yaml")
    volume.write_text("title: The Federalist Papers\ncontents:\n  - essay.html\n", encoding="utf-8")
    try:
        book = assemble(load_volume(volume), Diagnostics()).book
    except BookError:
        return
    for target in (Target.EPUB, Target.PRINT):
        for page in Renderer(book, target).pages():
            _assert_well_formed(page.html, f"the {target} page {page.id}")


@seed(51)
@settings(max_examples=1, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(bodies=st.lists(MARKDOWN, min_size=6, max_size=6))
def test_a_sample_of_generated_books_passes_epubcheck(bodies: list[str], tmp_path_factory):
    """Six generated chapters in one book (EPUBCheck takes seconds per run, not per chapter);
    chapters the reader refuses with a BookError are dropped from the book."""
    folder = tmp_path_factory.mktemp("generated")
    (folder / "pic.png").write_bytes((VOLUME.parent / "pic.png").read_bytes())
    names = []
    for number, body in enumerate(bodies, start=1):
        name = f"essay-{number}.md"
        text = f"---\ntitle: Federalist No. {50 + number}\n---\n\n{body}\n\n![](pic.png)\n"
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        names.append(name)
    volume = folder / "volume.yaml"
    while names:
        volume.write_text(
            "title: The Federalist Papers\nauthor: Publius\ncontents:\n"
            + "".join(f"  - {name}\n" for name in names),
            encoding="utf-8",
        )
        try:
            result = build(volume, out_dir=folder / "build", formats=["epub"])
        except BookError as exc:
            refused = {Path(str(p.file)).name for p in exc.problems}
            assert refused & set(names), exc.problems
            names = [name for name in names if name not in refused]
            continue
        assert len(list(result.book.chapters())) == len(names) >= 3
        assert_epub_valid(result.outputs["epub"])
        return
    pytest.fail("every generated chapter was refused; the sample checked nothing")
