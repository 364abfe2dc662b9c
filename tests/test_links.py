"""Links between the essays of a book, links on paper, and links that lead nowhere.

The essays are short passages from Edward MacDowell's *Critical and Historical Essays* (1912,
public domain, Project Gutenberg eBook #16351), linked to each other by file name and by the
web address each lecture would have as a post. Page numbers are read back from the PDF.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from checks import read_pdf
from compiler import build
from compiler.book.model import Book, BookMeta, Chapter
from compiler.book.render import Renderer, Target
from compiler.errors import BookError

RHYTHM = (
    "We may regard rhythm as the intellectual side of music, melody as its sensuous side. "
    "All that aims to be dramatic, tragic, supernatural in our modern music derives its "
    "impressiveness directly from rhythm. "
)
GUTENBERG = "https://www.gutenberg.org/ebooks/16351"
LONG_URL = (
    "https://www.gutenberg.org/files/16351/16351-h/16351-h.htm"
    "#the-origin-of-music-and-its-relation-to-speech-and-song"
)
TITLES = [
    "The Origin of Music",
    "Folk Song and Its Relation to Nationalism",
    "Greek Music",
    "The Music of the Church",
    "The Troubadours",
    "The Minnesingers",
]


def essay(title: str, body: str, repeat: int = 3, url: str | None = None) -> str:
    front = f"---\ntitle: {title}\n" + (f"url: {url}\n" if url else "") + "---\n\n"
    return front + body + "\n\n" + "\n\n".join([RHYTHM * 4] * repeat) + "\n"


def linked_volume(make_volume, print_extra: str = "", language: str = "en") -> Path:
    files = {
        "essays/origin.md": essay(
            TITLES[0],
            f"As the sixth lecture shows, [the minnesingers](minnesingers.md) sang of love; "
            f"on Greek modes see [the third lecture](https://greek.example.org/greek-music/). "
            f"The text is at [Project Gutenberg]({GUTENBERG}).",
            url="https://www.macdowell-lectures.example.org/origin/",
        ),
        "essays/folk.md": essay(TITLES[1], "Folk song is the soil.", repeat=8),
        "essays/greek.md": essay(
            TITLES[2],
            "On the modes.[^1]\n\n## The Modes {#modes}\n\nThe Dorian mode.\n\n"
            "[^1]: Set out [below](#modes); sung by [the minnesingers](minnesingers.md).",
            repeat=5,
            url="https://greek.example.org/greek-music",
        ),
        "essays/church.md": essay(TITLES[3], "Plain chant.", repeat=2),
        "essays/troubadours.md": essay(TITLES[4], "The troubadours of Provence.", repeat=6),
        "essays/minnesingers.md": essay(
            TITLES[5],
            "Back to [the origin](http://macdowell-lectures.example.org/origin?ref=6) and to "
            "[the modes](greek.md#modes), and [within this lecture](#songs).\n\n"
            "## Songs {#songs}\n\nThe songs.",
        ),
    }
    files["introduction.md"] = (
        "MacDowell gave these lectures at Columbia; the fifth, on "
        "[the troubadours](essays/troubadours.md), was the one he revised most.\n"
    )
    order = ["origin", "folk", "greek", "church", "troubadours", "minnesingers"]
    contents = "\n".join(f"  - essays/{name}.md" for name in order)
    yaml = (
        f"title: Lectures on Music\nauthors: [Edward MacDowell]\nlanguage: {language}\n"
        f"print: {{trim: 6x9in, pod: kdp{print_extra}}}\nfront: {{introduction: introduction.md}}\n"
        f"contents:\n{contents}\n"
    )
    return make_volume(yaml, files)


def epub_file(epub: Path, name: str) -> str:
    with zipfile.ZipFile(epub) as z:
        return z.read(f"EPUB/{name}").decode()


# --- EPUB ---------------------------------------------------------------------------------


def test_links_between_essays_lead_to_their_chapters_in_the_epub(make_volume, tmp_path):
    result = build(linked_volume(make_volume), tmp_path / "out", formats=["epub"])
    epub = result.outputs["epub"]
    first = lxml_html.fromstring(epub_file(epub, "ch001.xhtml").encode())
    hrefs = {a.text_content(): a.get("href") for a in first.iter("a")}
    assert hrefs["the minnesingers"] == "ch006.xhtml"
    # By its web address, whatever the scheme, www. or trailing slash.
    assert hrefs["the third lecture"] == "ch003.xhtml"
    assert hrefs["Project Gutenberg"] == GUTENBERG
    last = lxml_html.fromstring(epub_file(epub, "ch006.xhtml").encode())
    hrefs = {a.text_content(): a.get("href") for a in last.iter("a")}
    assert hrefs["the origin"] == "ch001.xhtml"
    assert hrefs["the modes"] == "ch003.xhtml#ch003-modes"
    assert hrefs["within this lecture"] == "#ch006-songs"
    assert 'id="ch003-modes"' in epub_file(epub, "ch003.xhtml")
    # A note's links lead where the body's do.
    greek = epub_file(epub, "ch003.xhtml")
    assert '<a href="#ch003-modes">below</a>' in greek
    assert '<a href="ch006.xhtml" class="xref">the minnesingers</a>' in greek
    # The editor's own text links to essays too.
    assert '<a href="ch005.xhtml" class="xref">the troubadours</a>' in epub_file(
        epub, "introduction.xhtml"
    )
    assert result.warnings == []


def test_no_bogus_page_list_in_the_nav(make_volume, tmp_path):
    """ebooklib's own page list names elements, not pages; a page list must be real or absent."""
    result = build(linked_volume(make_volume), tmp_path / "out", formats=["epub"])
    nav = epub_file(result.outputs["epub"], "nav.xhtml")
    assert "page-list" not in nav
    assert "toc" in nav


BROKEN = (
    "---\ntitle: The Origin of Music\nurl: https://macdowell-lectures.example.org/origin/\n"
    "---\n\nThe first line.\n\nSee [the notes](notes/origin.pdf) and [the end](#the-end).\n"
    "And [Greek music](greek.md#no-such-place).\n"
)


def test_broken_links_are_located_warnings_and_become_text_or_addresses(make_volume, tmp_path):
    volume = make_volume(
        "title: Lectures\nauthors: [Edward MacDowell]\ncontents:\n  - origin.md\n  - greek.md\n",
        {"origin.md": BROKEN, "greek.md": essay(TITLES[2], "On the modes.")},
    )
    result = build(volume, tmp_path / "out", formats=["epub"])
    messages = sorted(str(w) for w in result.warnings)
    assert len(messages) == 3
    assert any(
        re.search(r"origin\.md:8:\d+: link to 'notes/origin\.pdf': no article", m) for m in messages
    )
    assert any(
        re.search(r"origin\.md:8:\d+: link to '#the-end': there is no such anchor", m)
        for m in messages
    )
    assert any(re.search(r"origin\.md:9:\d+: .*has no anchor 'no-such-place'", m) for m in messages)
    page = epub_file(result.outputs["epub"], "ch001.xhtml")
    # Made absolute against the article's own address; the missing anchor is plain text.
    assert 'href="https://macdowell-lectures.example.org/origin/notes/origin.pdf"' in page
    assert "the end" in page and "#the-end" not in page
    assert 'href="ch002.xhtml"' in page
    with pytest.raises(BookError) as caught:
        build(volume, tmp_path / "strict", formats=["epub"], strict=True)
    assert "notes/origin.pdf" in str(caught.value)


# --- print: page references ----------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_page_references_name_the_real_page(make_volume, tmp_path, jobs):
    """The parallel build (units of four chapters laid out apart) prints the numbers the
    whole-book layout prints, across units, and its links land on those pages."""
    volume = linked_volume(make_volume)
    result = build(volume, tmp_path / f"out{jobs}", formats=["pdf"], jobs=jobs)
    facts = read_pdf(result.outputs["pdf"])
    text = [re.sub(r"\s+", " ", t) for t in facts.page_texts]  # no-break spaces too
    opening = facts.pages_containing("As the sixth lecture shows")[0]
    minnesingers = facts.pages_containing("Back to the origin")[0]
    greek = facts.pages_containing("The Dorian mode")[0]
    expect_six = minnesingers - opening + 1
    expect_modes = greek - opening + 1
    assert f"the minnesingers (see p. {expect_six})" in text[opening - 1]
    assert "the third lecture (see p. " in text[opening - 1]
    assert "the origin (see p. 1)" in text[minnesingers - 1]
    assert f"the modes (see p. {expect_modes})" in text[minnesingers - 1]
    assert "within this lecture (see" not in text[minnesingers - 1]
    troubadours = facts.pages_containing("The troubadours of Provence")[0]
    introduction = facts.pages_containing("MacDowell gave these lectures")[0]
    assert f"the troubadours (see p. {troubadours - opening + 1})" in text[introduction - 1]
    assert expect_six > 8  # the target is in the second unit of a parallel build
    if jobs == 2:
        assert result.layout.units == 2
    # Each internal link lands on the page its number names.
    reader = facts.reader
    landing = {}
    for annot in reader.pages[opening - 1].get("/Annots") or []:
        annot = annot.get_object()
        if "/Dest" in annot:
            dest = reader.named_destinations[str(annot["/Dest"])]
            landing[str(annot["/Dest"])] = reader.get_destination_page_number(dest) + 1
    assert landing["ch006"] == minnesingers


def test_page_references_follow_the_volume_wording(make_volume, tmp_path):
    volume = linked_volume(make_volume, ", cross_references: '[p. {page}]', links: none", "fr")
    result = build(volume, tmp_path / "out", formats=["pdf"], jobs=1)
    facts = read_pdf(result.outputs["pdf"])
    page = facts.pages_containing("As the sixth lecture shows")[-1]
    text = re.sub(r"\s+", " ", facts.page_texts[page - 1])
    assert re.search(r"the minnesingers \[p\. \d+\]", text)
    assert GUTENBERG not in text  # links: none


# --- print: web links ---------------------------------------------------------------------


def _chapter(body: str) -> Chapter:
    return Chapter("ch001", 1, "The Origin of Music", body, Path("origin.md"))


def _print_body(body: str, mode: str) -> str:
    meta = BookMeta(title="Lectures", language="en", print_links=mode)
    book = Book(meta=meta, contents=[_chapter(body)])
    return Renderer(book, Target.PRINT).chapter(book.contents[0]).html


LINKS = (
    f'<p>The text is at <a href="{GUTENBERG}">Project Gutenberg</a>, also '
    f'<a href="{GUTENBERG}/">www.gutenberg.org/ebooks/16351</a>.</p>'
)


def test_web_links_become_footnotes_by_default():
    html = _print_body(LINKS, "footnotes")
    assert html.count('class="footnote link-note"') == 1  # the second one says its address
    assert '<span class="link-url">https:/<wbr/>/<wbr/>www.<wbr/>gutenberg.<wbr/>' not in html
    assert re.search(r'Project Gutenberg</a>,<span class="footnote link-note">', html)
    url = re.search(r'<span class="link-url">(.*?)</span>', html).group(1)
    assert url.replace("<wbr/>", "") == GUTENBERG
    # A break may follow only /, . and -.
    assert all(piece[-1] in "/.-" for piece in url.split("<wbr/>")[:-1])


def test_web_links_as_endnotes_inline_or_none():
    endnotes = _print_body(LINKS, "endnotes")
    assert '<sup class="link-ref">1</sup>' in endnotes
    assert '<section class="chapter-links"' in endnotes and ">Links</h2>" in endnotes
    assert endnotes.count("<li ") == 1
    inline = _print_body(LINKS, "inline")
    assert re.search(
        r'Project Gutenberg</a><span class="link-inline"> \(<span class="link-url">', inline
    )
    none = _print_body(LINKS, "none")
    assert "link-url" not in none and "footnote" not in none
    epub = (
        Renderer(
            Book(meta=BookMeta(title="L", language="en"), contents=[_chapter(LINKS)]), Target.EPUB
        )
        .chapter(_chapter(LINKS))
        .html
    )
    assert "link-url" not in epub and f'href="{GUTENBERG}"' in epub


def test_a_link_note_call_follows_the_punctuation_that_ends_the_linked_words():
    """Chicago 14.26: "as laid down in the Constitution?¹", not "Constitution¹?"; a dash and
    an apostrophe going on into a word keep the call before them."""
    body = (
        f'<p>As laid down in the <a href="{GUTENBERG}">Constitution</a>? The '
        f'<a href="{GUTENBERG}/files">lectures</a>\u2014all of them\u2014and '
        f'<a href="{GUTENBERG}/about">Gutenberg</a>\u2019s own words, '
        f'\u201cthe <a href="{GUTENBERG}/help">help</a>,\u201d she said.</p>'
    )
    notes = _print_body(body, "footnotes")
    assert re.search(r'Constitution</a>\?<span class="footnote link-note">', notes)
    # (On paper a word joiner binds the dash to the call before it.)
    call = r'lectures</a><span class="footnote link-note">.*?</span>'
    assert re.search(call + r"\u2060?\u2014all", notes)
    assert re.search(r'Gutenberg</a><span class="footnote link-note">.*?</span>\u2019s', notes)
    assert re.search(r'help</a>,\u201d<span class="footnote link-note">.*?</span> she', notes)
    endnotes = _print_body(body, "endnotes")
    assert 'Constitution</a>?<sup class="link-ref">1</sup> The' in endnotes
    inline = _print_body(body, "inline")
    assert re.search(r'Constitution</a><span class="link-inline"> \(.*?\)</span>\? The', inline)


def test_long_addresses_break_at_separators_and_stay_in_the_measure(make_volume, tmp_path):
    body = f"A long address: [the lecture]({LONG_URL}).\n\n" + RHYTHM
    volume = make_volume(
        "title: Lectures\nauthors: [Edward MacDowell]\nprint: {trim: 5x8in, pod: kdp}\n"
        "contents:\n  - origin.md\n",
        {"origin.md": essay(TITLES[0], body, repeat=1)},
    )
    result = build(volume, tmp_path / "out", formats=["pdf"], jobs=1)
    facts = read_pdf(result.outputs["pdf"])
    page = facts.pages_containing("A long address")[-1]
    lines = facts.page_texts[page - 1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("1. https://"))
    pieces = [lines[start][3:]]
    while "".join(pieces).replace("\u200b", "") != LONG_URL:
        start += 1
        pieces.append(lines[start])
    assert len(pieces) > 1
    assert all(p.replace("\u200b", "").rstrip()[-1] in "/.-" for p in pieces[:-1])


def test_check_lists_broken_links(make_volume, tmp_path):
    from click.testing import CliRunner

    from compiler.cli import main

    volume = make_volume(
        "title: Lectures\nauthors: [Edward MacDowell]\ncontents:\n  - origin.md\n  - greek.md\n",
        {"origin.md": BROKEN, "greek.md": essay(TITLES[2], "On the modes.")},
    )
    out = tmp_path / "out"
    build(volume, out, formats=["pdf"], jobs=1)
    result = CliRunner().invoke(main, ["check", str(volume), "--out", str(out)])
    assert result.exit_code == 3
    lines = [line for line in result.output.splitlines() if "link to" in line]
    assert len(lines) == 3
    assert re.search(r"origin\.md:8:\d+: link to 'notes/origin\.pdf'", lines[0])


def test_the_example_book_links_its_essays_and_the_web(example_build):
    """Federalist No. 51 links to No. 47 by file name and to the Constitution on the web."""
    facts = read_pdf(example_build.outputs["pdf"])
    anchors = example_build.print_result.anchors
    folio = anchors["ch002"] - anchors["part01"] + 1  # folio 1 is the first part page
    # The source's "department s" (a split word) is rejoined by the split-words rule.
    page = facts.pages_containing("several departments (see p.")[0]
    text = re.sub(r"\s+", " ", facts.page_texts[page - 1])
    assert f"departments (see p. {folio})" in text
    assert "archives.gov/founding-docs/constitution-transcript" in text.replace("\u200b", "")
    chapter = epub_file(example_build.outputs["epub"], "ch004.xhtml")
    assert 'href="ch002.xhtml"' in chapter
    assert 'href="https://www.archives.gov/founding-docs/constitution-transcript"' in chapter


def test_page_references_follow_a_longer_essay_on_rebuild(make_volume, tmp_path):
    """A longer second lecture moves the sixth; the first, in another unit, is laid out again
    with the new number, and the numbers match a whole-book layout of the changed book."""
    volume = linked_volume(make_volume)
    out = tmp_path / "out"
    build(volume, out, formats=["pdf"], jobs=2)
    folk = volume.parent / "essays" / "folk.md"
    folk.write_text(essay(TITLES[1], "Folk song is the soil.", repeat=20), encoding="utf-8")
    again = build(volume, out, formats=["pdf"], jobs=2)
    reference = build(volume, tmp_path / "single", formats=["pdf"], jobs=1)
    numbers = []
    for result in (again, reference):
        facts = read_pdf(result.outputs["pdf"])
        opening = facts.pages_containing("As the sixth lecture shows")[0]
        text = re.sub(r"\s+", " ", facts.page_texts[opening - 1])
        minnesingers = facts.pages_containing("Back to the origin")[0]
        assert f"the minnesingers (see p. {minnesingers - opening + 1})" in text
        numbers.append(minnesingers)
    assert numbers[0] == numbers[1]


def test_link_settings_are_checked_where_they_are_written(make_volume):
    from compiler.config import load_volume

    head = "title: Lectures\ncontents:\n  - origin.md\nprint:\n"
    files = {"origin.md": essay(TITLES[0], "Text.")}
    with pytest.raises(BookError) as caught:
        load_volume(make_volume(head + "  links: footnote\n", files))
    message = str(caught.value)
    assert re.search(
        r"volume\.yaml:5:\d+: 'print\.links' must be one of footnotes, endnotes", message
    )
    assert "footnotes" in message.split("not 'footnote'")[1]  # the suggestion
    with pytest.raises(BookError) as caught:
        load_volume(make_volume(head + "  cross_references: '(see p. {pages})'\n", files))
    assert "unknown placeholder {pages}" in str(caught.value)
    settings = load_volume(
        make_volume(head + "  links: Endnotes\n  cross_references: '[p. {page}]'\n", files)
    ).print
    assert (settings.links, settings.cross_references) == ("endnotes", "[p. {page}]")


def test_no_address_runs_into_the_margin():
    """Every line of every address, even a stretch with no / . or - in it, ends inside the
    text block (measured on WeasyPrint's own layout of the page)."""
    from weasyprint.formatting_structure import boxes

    from compiler.interior.layout import layout
    from compiler.volume.model import PrintSettings

    unbroken = "https://archive.org/details/" + "criticalhistoric00macd" * 4
    body = (
        f'<p>Lectures at <a href="{LONG_URL}">Columbia</a> and in <a href="{unbroken}">the '
        f'archive</a>, also <a href="{unbroken}">{unbroken}</a>.</p>'
    )
    book = Book(meta=BookMeta(title="Lectures", language="en"), contents=[_chapter(body)])
    document, geometry = layout(book, PrintSettings(trim="5x8in"))
    checked = 0
    for page in document.pages:
        box = page._page_box
        right = box.content_box_x() + box.width
        for line in box.descendants():
            if not isinstance(line, boxes.LineBox):
                continue
            texts = [t for t in line.descendants() if isinstance(t, boxes.TextBox)]
            if any(word in t.text for t in texts for word in ("macd", "gutenberg", "origin")):
                checked += 1
                for text in texts:
                    assert text.position_x + text.width <= right + 0.5, text.text
    assert checked >= 5  # the long address takes several lines wherever it is printed
