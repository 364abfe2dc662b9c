"""Whatever HTML a post holds, the chapter is valid XHTML and the text after it keeps its style.

Hypothesis writes arbitrary fragments from the tags real posts use (inline, block, list,
table, void), nested any way, with attributes whose values are often invalid, entities good
and bad, some with end tags left out, then puts each between an opening and a closing
paragraph of a WordPress post. Every example goes through the real article pipeline and must
read the same as XML (an EPUB reader) and as HTML (WeasyPrint's parser), with the closing
paragraph outside any inline element when the fragment closed its tags. All
fragments then make one EPUB that EPUBCheck must pass (one Java run instead of one per
example), and a few make a PDF in which the closing word is set like the opening one and is
not inside a link.
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import tinyhtml5
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from checks import epubcheck_problems
from compiler import build
from compiler.book.articles import load_article
from compiler.config import ArticleEntry, Location, Volume, load_volume
from compiler.errors import Diagnostics

INLINE = ("em", "strong", "i", "b", "a", "span", "sup", "sub", "code", "abbr", "q", "cite",
          "dfn", "del", "ins", "small", "mark", "u", "s", "kbd", "font")  # fmt: skip
BLOCK = ("p", "div", "blockquote", "h2", "h3", "pre", "figure", "figcaption", "section",
         "center")  # fmt: skip
LISTS = ("ul", "ol", "li", "dl", "dt", "dd")
TABLE = ("table", "thead", "tbody", "tr", "td", "th", "caption")
VOID = ("br", "hr", "img")
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "id": ("one", "one", "1", "title", "note-1", "two words", "fn:1", "", "section-two"),
    "class": ("MsoNormal", "wp-caption-text", "  "),
    "href": ("#one", "#", "#section-two", "#nowhere", "/about/", "{{ site.url }}/about/",
             "http://example.org/a b", "https://example.org/", "mailto:desk@example.org",
             "javascript:void(0)", "not a url", "other.html", "http://", "https://[x/"),
    "name": ("one", "_ftn1", "anchor"),
    "cite": ("not a URL", "https://example.org/source"),
    "start": ("3", "x"),
    "value": ("2", "two"),
    "colspan": ("2", "0", "x"),
    "rowspan": ("2", "-1"),
    "lang": ("fr", "en-GB", "not a language", ""),
    "dir": ("rtl", "sideways"),
    "datetime": ("2020-08-31", "yesterday"),
    "title": ("A title",),
    "type": ("a", "disc"),
    "src": ("https://example.org/photo.jpg", ""),
    "alt": ("A photograph",),
}  # fmt: skip
TEXTS = ("word", "two words", "Section two", "&amp; more", "&nbsp;", "&eacute;t&eacute;",
         "&#8212;", "&bogus;", "1 &lt; 2", "&lt;em&gt;", "[8]", " ", "\n", "mid-sentence",
         "*starred*")  # fmt: skip
WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
    "<channel><wp:wxr_version>1.2</wp:wxr_version>\n"
)
# Elements inside which the closing paragraph would change style.
STYLED = {"em", "strong", "i", "b", "a", "span", "sup", "sub", "code", "abbr", "q", "cite",
          "dfn", "del", "ins", "small", "mark", "u", "s", "kbd", "h2", "h3", "pre"}  # fmt: skip


@st.composite
def attributes(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(sorted(ATTRIBUTES)), max_size=3, unique=True))
    return "".join(f' {name}="{draw(st.sampled_from(ATTRIBUTES[name]))}"' for name in names)


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def build_element(draw: st.DrawFn) -> str:
        tag = draw(st.sampled_from(INLINE + BLOCK + LISTS + TABLE))
        inner = "".join(draw(st.lists(children, max_size=4)))
        return f"<{tag}{draw(attributes())}>{inner}</{tag}>"

    return build_element()


void = st.builds(lambda tag, attrs: f"<{tag}{attrs}>", st.sampled_from(VOID), attributes())
fragments = st.recursive(st.sampled_from(TEXTS) | void, element, max_leaves=14)


@st.composite
def unclosed(draw: st.DrawFn) -> tuple[str, bool]:
    """A fragment with up to three end tags left out, as pages with unclosed tags have; the
    flag says whether it is still well-formed (an unclosed <em> rightly runs on in HTML)."""
    html = draw(fragments)
    ends = list(re.finditer(r"</[a-z0-9]+>", html))
    if not ends:
        return html, True
    left_out = draw(st.sets(st.sampled_from(range(len(ends))), max_size=3))
    pieces, position = [], 0
    for index, end in enumerate(ends):
        pieces.append(html[position : end.start() if index in left_out else end.end()])
        position = end.end()
    return "".join(pieces) + html[position:], not left_out


def post(slug: str, fragment: str) -> str:
    """One published post: the fragment between two paragraphs naming the post by ``slug``."""
    body = f"<p>{opening(slug)} opens the post.</p>\n{fragment}\n<p>{closing(slug)} closes it.</p>"
    return (
        f"<item><title>Post {slug}</title><link>https://blog.example.org/{slug}/</link>"
        f"<dc:creator>editor</dc:creator><content:encoded><![CDATA[<!-- wp:html -->{body}"
        f"<!-- /wp:html -->]]></content:encoded><wp:post_id>{post_id(slug)}</wp:post_id>"
        f"<wp:post_name>{slug}</wp:post_name><wp:post_type>post</wp:post_type>"
        "<wp:status>publish</wp:status><wp:post_date>2020-08-31 10:00:00</wp:post_date></item>\n"
    )


def post_id(slug: str) -> int:
    return int.from_bytes(slug.encode(), "big")


def opening(slug: str) -> str:
    return "Quillon" + slug


def closing(slug: str) -> str:
    return "Zephyr" + slug


def slug_for(number: int) -> str:
    """Letters only, so the marker words are single words in any text extraction."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def write_volume(folder: Path, fragments_: list[str]) -> Path:
    slugs = [slug_for(n) for n in range(len(fragments_))]
    items = "".join(post(slug, fragment) for slug, fragment in zip(slugs, fragments_, strict=True))
    (folder / "export.xml").write_text(WXR_HEAD + items + "</channel></rss>\n", encoding="utf-8")
    entries = "".join(f"  - {{wordpress: export.xml, post: {slug}}}\n" for slug in slugs)
    volume = folder / "volume.yaml"
    volume.write_text(
        f"title: Generated Posts\nauthor: Desk Editor\nlanguage: en\ncontents:\n{entries}",
        encoding="utf-8",
    )
    return volume


def chapter_body(folder: Path, volume: Volume, number: int, fragment: str) -> str:
    """The fragment's post through the article pipeline (reader, repairs, cleanup, notes)."""
    slug = slug_for(number)
    export = folder / f"export-{number}.xml"  # a new file each time: exports are cached
    export.write_text(WXR_HEAD + post(slug, fragment) + "</channel></rss>\n", encoding="utf-8")
    entry = ArticleEntry(path=export, where=Location(export), post=slug)
    article, _ = load_article(entry, volume, Diagnostics())
    return article.body


def assert_reads_the_same_as_xml_and_html(body: str, slug: str, closed: bool = True) -> None:
    xml = etree.fromstring(f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>')
    html = tinyhtml5.parse(f"<!DOCTYPE html><html><body><div>{body}</div></body></html>")
    as_xml = [
        (etree.QName(e).localname, e.text or "") for e in xml.iter() if isinstance(e.tag, str)
    ]
    as_html = [(e.tag.rsplit("}", 1)[-1], e.text or "") for e in html.iter()]
    start = next(i for i, (tag, _) in enumerate(as_html) if tag == "body")
    assert as_html[start + 1 :] == as_xml, body
    if not closed:
        return
    parents = {child: parent for parent in html.iter() for child in parent}
    marker = next(e for e in html.iter() if closing(slug) in (e.text or ""))
    chain = [marker.tag.rsplit("}", 1)[-1]]
    while marker in parents:
        marker = parents[marker]
        chain.append(marker.tag.rsplit("}", 1)[-1])
    assert not STYLED & set(chain), (chain, body)


NOTE_WITH_LINKS = (
    '<p>Claim<a href="#n1">[1]</a> and <span id="here">here</span>.</p>'
    '<p id="n1">Note with <a href="#here">a link back</a> and <em id="inner">id</em>.</p>',
    True,
)
NOTE_LINKING_ITSELF = (
    '<p>Claim<a href="#n1">1</a>.</p><ol><li id="n1">Note <a href="#n1">self</a> text.</li></ol>',
    True,
)


def test_any_fragment_gives_a_valid_chapter(tmp_path):
    (tmp_path / "base").mkdir()
    volume = load_volume(write_volume(tmp_path / "base", ["<p>Base.</p>"]))
    seen: list[str] = []

    @settings(
        max_examples=80,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(unclosed())
    @example(NOTE_WITH_LINKS)  # a note's links and ids cannot follow it out of the text
    @example(NOTE_LINKING_ITSELF)
    @example(("<pre><em>\n</em></pre>", True))  # HTML ignores a newline opening a <pre>
    @example(('<li value="2">numbered where nothing numbers</li>', True))
    def check(case: tuple[str, bool]) -> None:
        fragment, closed = case
        body = chapter_body(tmp_path, volume, len(seen), fragment)
        assert_reads_the_same_as_xml_and_html(body, slug_for(len(seen)), closed)
        seen.append(fragment)

    check()
    book = tmp_path / "book"
    book.mkdir()
    epub = build(write_volume(book, seen), formats=["epub"]).outputs["epub"]
    problems = epubcheck_problems(epub)
    chapter = re.compile(r"ch(\d{3})\.xhtml")
    failing = {seen[int(m[1]) - 1] for p in problems for m in [chapter.search(p)] if m}
    assert problems == [], f"EPUBCheck: {problems[:10]}; fragments: {sorted(failing)[:5]}"


def test_text_after_any_fragment_keeps_its_style(tmp_path):
    chosen: list[str] = []

    @settings(max_examples=10, deadline=None, database=None)
    @given(fragments)
    @example("<p>An empty <em></em> emphasis</p>")  # the italic page run of issue 13
    @example('<p><a href="https://example.org/"><img src="https://example.org/a.jpg"></a></p>')
    def pick(fragment: str) -> None:
        chosen.append(fragment)

    pick()
    pdf = build(write_volume(tmp_path, chosen), formats=["pdf"]).outputs["pdf"]
    document = pdfium.PdfDocument(str(pdf))
    links = [_link_rects(page) for page in PdfReader(str(pdf)).pages]
    for number in range(len(chosen)):
        slug = slug_for(number)
        opened = _find(document, opening(slug))
        closed = _find(document, closing(slug))
        assert opened and closed, slug
        assert closed[2] == opened[2], (chosen[number], closed[2], opened[2])
        page_index, box = closed[0], closed[1]
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        assert not any(
            left <= x <= right and bottom <= y <= top
            for left, bottom, right, top in links[page_index]
        ), chosen[number]


def _find(document: pdfium.PdfDocument, word: str) -> tuple[int, tuple, str] | None:
    """Page index, box and font name of the first letter of ``word``."""
    for index in range(len(document)):
        text = document[index].get_textpage()
        found = text.search(word, match_case=True).get_next()
        if found:
            first = found[0]
            size = pdfium_c.FPDFText_GetFontInfo(text.raw, first, None, 0, None)
            buffer = ctypes.create_string_buffer(size)
            pdfium_c.FPDFText_GetFontInfo(text.raw, first, buffer, size, None)
            name = buffer.value.decode("utf-8", "replace")
            return index, text.get_charbox(first), name.split("+", 1)[-1]  # without subset tag
    return None


def _link_rects(page) -> list[tuple[float, float, float, float]]:
    rects = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link":
            left, bottom, right, top = (float(v) for v in annotation["/Rect"])
            rects.append((min(left, right), min(bottom, top), max(left, right), max(bottom, top)))
    return rects
