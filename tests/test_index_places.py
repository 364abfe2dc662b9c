"""The printed index finds its occurrences in the laid-out text, not in elements around them.

The print rendering marks each occurrence with a comment (elements cost the layout a third of
its time); the page and line of each occurrence are read from the text boxes, a word broken
over a page turn counting on the page of its first letter. The index's numbers, plain text in
print, stay links over their own width to the occurrences' lines, and the book is the same
bytes with one layout process or several. A cold build lays the contents out once, beside the
index when nothing it lists comes after the index.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import regex
from pypdf import PdfReader
from weasyprint import CSS, HTML

from compiler import pipeline
from compiler.book.assemble import assemble
from compiler.book.page_map import owner_map
from compiler.book.render import Page, Renderer, Target
from compiler.config import load_volume
from compiler.errors import Diagnostics
from compiler.interior.index_pages import merged
from compiler.interior.index_places import number_links, places
from compiler.interior.page_starts import laid_text

CORPUS = Path(__file__).parent / "corpus" / "federalist"
ESSAYS = [f"federalist-{n}.md" for n in range(46, 52)]  # six chapters: two layout units
TERMS = """\
index:
  terms:
    - term: Constitution
      aliases: [constitutions?, constitutional]
    - term: States
      aliases: [State]
    - term: government
      aliases: [governments]
    - term: people
    - term: legislative
"""


@pytest.fixture(scope="module")
def volume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("index-places")
    for name in ESSAYS:
        # The front matter and the first paragraphs: enough for pages and an index.
        text = (CORPUS / name).read_text(encoding="utf-8")
        (folder / name).write_text("\n\n".join(text.split("\n\n")[:5]) + "\n", encoding="utf-8")
    (folder / ESSAYS[0]).write_text(
        (folder / ESSAYS[0]).read_text(encoding="utf-8")
        + "\nThe [federal]{.index .smallcaps} and the [Union]{.index} governments.\n",
        encoding="utf-8",
    )
    contents = "".join(f"  - {name}\n" for name in ESSAYS)
    path = folder / "volume.yaml"
    path.write_text(
        f"title: The Federalist Papers\nauthor: James Madison\ndate: 1788-02-08\n{TERMS}"
        f"contents:\n{contents}",
        encoding="utf-8",
    )
    return path


def test_print_marks_occurrences_with_comments_and_the_epub_with_spans(volume):
    book = assemble(load_volume(volume), Diagnostics()).book
    chapter = next(book.chapters())
    printed = Renderer(book, Target.PRINT).chapter(chapter).html
    epub = Renderer(book, Target.EPUB).chapter(chapter).html
    spans = re.findall(r'<span class="index-mark" id="([^"]+)">', epub)
    comments = re.findall(r"<!--index-mark ([^ ]+)-->", printed)
    assert len(spans) > 20
    # Every plain anchor of the EPUB is a comment in print, with the id the index links to.
    assert comments == spans and all(name.startswith(f"{chapter.id}-ix-") for name in spans)
    assert '<span class="index-mark"' not in printed
    # A mark the author styled stays an element, with its anchor.
    assert re.search(r'<span class="smallcaps index-mark" id="ch001-ix-\d+">federal<', printed)


WORDS = [
    "the",
    "government",
    "constitutional",
    "representatives",
    "jurisdiction",
    "confederacy",
    "legislature",
    "independence",
]


def test_a_word_broken_over_a_page_turn_is_on_the_page_of_its_first_letter():
    words = []
    marked: dict[str, str] = {}
    for number in range(160):
        word = WORDS[number % len(WORDS)]
        if number % 3 == 0:
            name = f"s-ix-{number}"
            marked[name] = word
            word = f"<!--index-mark {name}-->{word}"
        words.append(word)
    source = HTML(
        string=f'<html lang="en"><body><section id="s"><p>{" ".join(words)}</p></section>'
        "</body></html>"
    )
    document = source.render(
        stylesheets=[
            CSS(
                string="@page { size: 150px 110px; margin: 5px } p { hyphens: auto; "
                "font-size: 12px; line-height: 16px; text-align: justify; orphans: 1; "
                "widows: 1; margin: 0 }"
            )
        ]
    )
    owners = owner_map(source.etree_element)
    laid = laid_text(document, owners)
    found = places(laid, owners)
    assert set(found) == set(marked)
    broken = 0
    for name, word in marked.items():
        page, x, y = found[name]
        line = next(t for t in laid if (t.page, t.box.position_x, t.box.position_y) == (page, x, y))
        text = line.box.text.strip()
        if re.search(rf"(^|\s){word}(\s|$)", text):
            continue
        # The line the place names ends with the word's first part, hyphenated.
        start, hyphen = text.split()[-1][:-1], text[-1]
        assert hyphen in "-\u2010" and word.startswith(start), (name, word, text)
        if line is [t for t in laid if t.page == page][-1]:
            broken += 1
            following = next(t for t in laid if t.page == page + 1).box.text
            assert word.endswith(following.split()[0]), (word, following)
    assert broken >= 3  # the layout above breaks marked words over page turns


def _pdf(volume: Path, out: Path, jobs: int) -> Path:
    built = pipeline.build(volume, out_dir=out, formats=["pdf"], use_cache=False, jobs=jobs)
    return built.outputs["pdf"]


def test_index_links_lead_to_the_line_of_the_word_with_any_number_of_jobs(volume, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    one, two = _pdf(volume, tmp_path / "one", 1), _pdf(volume, tmp_path / "two", 2)
    assert hashlib.sha256(one.read_bytes()).digest() == hashlib.sha256(two.read_bytes()).digest()
    reader = PdfReader(one)
    destinations = reader.named_destinations
    document = pdfium.PdfDocument(str(one))
    spellings = regex.compile(
        r"constitution|constitutional|states?|governments?|people|legislative", regex.I
    )
    checked = 0
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            name = str(annotation.get_object().get("/Dest") or "")
            if "-ix-" not in name:
                continue
            # The link covers its number, and nothing else.
            left, bottom, right, top = (float(v) for v in annotation.get_object()["/Rect"])
            number_page = document[reader.pages.index(page)].get_textpage()
            covered = number_page.get_text_bounded(left + 0.5, bottom + 2, right - 0.5, top - 2)
            assert re.fullmatch(r"\d+", covered.strip()), (name, covered)
            destination = destinations[name]
            number = reader.get_destination_page_number(destination)
            top = float(destination.top)
            width = float(reader.pages[number].mediabox.width)
            # The line the link opens at (one line of 10.5 pt type below its top) holds the
            # term, or the first part of it where the word is broken over two lines.
            text = document[number].get_textpage().get_text_bounded(0, top - 14, width, top + 1)
            assert spellings.search(text) or re.search(r"\w[-\u2010]\s*$", text), (name, text)
            checked += 1
    assert checked > 15


def test_an_entry_names_its_numbers_places_once_and_keeps_its_ranges_whole():
    """One comment per entry names the places of its numbers in order (a number that is a
    link element already is skipped), and each plain number becomes a link over its own
    width; a range is kept whole by a word joiner, not an element around it."""
    locators = "".join(
        f'<a class="xref index-locator" href="#{name}"></a>'
        for name in ("ch001-ix-1", "odd--name", "ch002-ix-4", "ch002-ix-9")
    )
    page = Page(
        "index",
        "Index",
        "index",
        '<section id="index"><ul><li class="index-entry"><span class="index-term">Union'
        f'</span><span class="index-locators">{locators}</span></li></ul></section>',
    )
    folios = {"ch001-ix-1": "3", "odd--name": "8", "ch002-ix-4": "10", "ch002-ix-9": "11"}
    html = merged(page, folios).html
    assert "<!--index-link ch001-ix-1 . ch002-ix-4 ch002-ix-9-->, 3, " in html
    assert ">8</a>, 10\u2013\u206011</span>" in html
    source = HTML(string=f'<html lang="en"><body>{html}</body></html>')
    document = source.render(stylesheets=[CSS(string="@page { size: 400px 200px }")])
    owners = owner_map(source.etree_element)
    found = number_links(laid_text(document, owners), owners)
    links = sorted(found[0], key=lambda link: link[2][0])
    assert [name for _, name, _, _ in links] == ["ch001-ix-1", "ch002-ix-4", "ch002-ix-9"]
    # Each covers its own number: "3" is narrower than "10", and "10" ends before "11" starts.
    widths = [right - left for _, _, (left, _, right, _), _ in links]
    assert 0 < widths[0] < widths[1]
    assert links[1][2][2] < links[2][2][0]


@pytest.mark.parametrize(
    ("back", "beside"),
    [
        ("colophon: Set in Gentium Book Plus.", True),  # not in the contents
        ("about_author: James Madison drafted the Constitution.", False),  # listed after the index
    ],
)
def test_a_cold_build_lays_out_the_front_matter_once_beside_the_index(
    volume, tmp_path, monkeypatch, back, beside
):
    """The index waits for the body's page numbers; the contents, which lists the index's
    page, is laid out in the same batch as the index (one core each), not before and after;
    when it also lists a page after the index, it waits for the index instead. Either way,
    once, and with the pages the book really has."""
    from compiler.interior import assembly

    def kind(job) -> str:
        return (
            "index"
            if 'class="index-body"' in job.html
            else "front"
            if "toc-list" in job.html
            else ""
        )

    batches: list[list[str]] = []
    laid: list[str] = []
    run, lay_out = assembly.Runner.run, assembly.lay_out

    def recording_run(self, jobs, names=None):
        batches.append([kind(job) for job in jobs])
        return run(self, jobs, names)

    def counting(job):
        laid.append(kind(job))
        return lay_out(job)

    monkeypatch.setattr(assembly.Runner, "run", recording_run)
    monkeypatch.setattr(assembly, "lay_out", counting)
    folder = tmp_path / "volume"
    shutil.copytree(volume.parent, folder)
    path = folder / "volume.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"back:\n  {back}\n", encoding="utf-8")
    built = pipeline.build(path, out_dir=tmp_path / "out", formats=["pdf"], use_cache=False, jobs=1)
    assert laid.count("index") == 1 and laid.count("front") == 1
    (with_index,) = [batch for batch in batches if "index" in batch]
    assert ("front" in with_index) is beside
    # The contents prints the page each back-matter section really starts on.
    anchors = built.print_result.anchors
    body_start = anchors["part01"] if "part01" in anchors else anchors["ch001"]
    contents = "".join(
        page.extract_text() for page in PdfReader(built.outputs["pdf"]).pages[:6]
    ).replace("\xa0", " ")
    listed = re.findall(r"Index[ .]*(\d+)|About the Author[ .]*(\d+)", contents)
    expected = {"Index": anchors["index"] - body_start + 1}
    if "about" in back:
        expected["About"] = anchors["about-author"] - body_start + 1
    assert [int(a or b) for a, b in listed] == list(expected.values())
