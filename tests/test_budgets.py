"""Time budgets: inputs built to make a stage run for minutes are refused within a second or
two, with the limit named; ordinary inputs of the same kind still pass."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from compiler.errors import BookError, Diagnostics
from compiler.sources.limits import MAX_YAML_DEPTH, MAX_YAML_NODES, check_yaml
from compiler.sources.markdown import read_markdown

TITLE = '---\ntitle: "The Federalist No. 10"\nauthor: James Madison\n'
PARAGRAPH = "Among the numerous advantages promised by a well constructed Union.\n"
# Each refusal takes well under a second on an idle core (minutes before the limits); the bound
# leaves room for a machine shared with other jobs, where the full suite runs two at a time.
BUDGET_S = 5.0


def _bomb(levels: int) -> str:
    lines = ["refs0: &r0 [Publius, Publius, Publius, Publius, Publius]"]
    lines += [f"refs{i}: &r{i} [" + ", ".join([f"*r{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + f"\ndate: *r{levels - 1}\n"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("alias bomb", _bomb(12), f"expands to more than {MAX_YAML_NODES} values"),
        ("flow nesting", "date: " + "[" * 200_000 + "]" * 200_000, "nested more than"),
        ("block nesting", "date:\n" + "- " * 200_000 + "x", "nested more than"),
        ("mapping nesting", "date: " + "{a: " * 50_000 + "1" + "}" * 50_000, "nested more than"),
        (
            "indented nesting",
            "date:\n" + "".join(" " * i + f"k{i}:\n" for i in range(2000)),
            "nested more than",
        ),
    ],
)
def test_hostile_yaml_is_refused_fast(name, text, message):
    started = time.perf_counter()
    with pytest.raises(BookError, match=message) as caught:
        check_yaml(text, "volume.yaml")
    assert time.perf_counter() - started < BUDGET_S, name
    (problem,) = caught.value.problems
    assert problem.file == "volume.yaml" and problem.line >= 1 and problem.col >= 1


def test_ordinary_anchors_and_nesting_pass():
    text = (
        "author: &madison James Madison\n"
        "series: {name: The Federalist, volume: [1, [2, [3]]]}\n"
        "contents:\n"
        "  - {file: no-10.md, author: *madison}\n"
        "  - {file: no-51.md, author: *madison}\n"
        + "".join(f"  - essay-{n}.md\n" for n in range(1000))
    )
    check_yaml(text, "volume.yaml")
    deepest = MAX_YAML_DEPTH - 1  # inside the top-level mapping
    check_yaml("date: " + "[" * deepest + "1" + "]" * deepest, "volume.yaml")


def test_front_matter_limits_point_into_the_article(tmp_path: Path):
    article = tmp_path / "no-10.md"
    article.write_text(TITLE + _bomb(12) + "---\n\n" + PARAGRAPH, encoding="utf-8")
    with pytest.raises(BookError) as caught:
        read_markdown(article, Diagnostics())
    (problem,) = caught.value.problems
    assert problem.file == article
    assert problem.line == 9, "the line of 'refs5', where the expansion passes the limit"


def test_an_open_tag_flood_is_refused_fast(tmp_path: Path):
    article = tmp_path / "no-10.md"
    article.write_text(TITLE + "---\n\n" + PARAGRAPH + "\n" + "<a " * 100_000, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(BookError, match="100000 tags opened with '<'") as caught:
        read_markdown(article, Diagnostics())
    assert time.perf_counter() - started < BUDGET_S
    assert caught.value.problems[0].line == 8


def test_html_with_many_closed_tags_is_not_a_flood(tmp_path: Path):
    rows = "".join(f"<tr><td>No. {n}</td><td>Publius</td></tr>\n" for n in range(1, 400))
    article = tmp_path / "no-10.md"
    article.write_text(
        TITLE + "---\n\n" + PARAGRAPH + "\n<table>\n" + rows + "</table>\n", encoding="utf-8"
    )
    raw = read_markdown(article, Diagnostics())
    assert len(raw.root.findall(".//tr")) == 399


def test_a_catastrophic_drop_pattern_is_stopped_at_the_paragraph(make_volume, tmp_path):
    from compiler import build

    essay = TITLE + "---\n\n" + PARAGRAPH + "\nPublius " + "x" * 5000 + "\n"
    volume = make_volume(
        "title: The Federalist Papers\ncleanup:\n  drop: ['(x+x+)+y']\ncontents: [no-10.md]\n",
        {"no-10.md": essay},
    )
    started = time.perf_counter()
    with pytest.raises(BookError, match=r"'\(x\+x\+\)\+y' took more than") as caught:
        build(volume, out_dir=tmp_path / "out", formats=["epub"], use_cache=False)
    assert time.perf_counter() - started < 15  # a build's start-up plus well under a second
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (tmp_path / "no-10.md", 8)


def test_ordinary_drop_patterns_still_drop(make_volume, tmp_path):
    from compiler import build

    essay = (Path(__file__).parent / "corpus" / "federalist" / "federalist-51.md").read_text(
        encoding="utf-8"
    )
    essay += "\nShare this: Facebook, Twitter\n"
    volume = make_volume(
        "title: The Federalist Papers\ncleanup:\n  drop: ['^share this:']\ncontents: [no-10.md]\n",
        {"no-10.md": essay},
    )
    result = build(volume, out_dir=tmp_path / "out", formats=["epub"], use_cache=False)
    assert "Share this" in result.outputs["report"].read_text(encoding="utf-8")
    assert "Share this" not in "".join(c.body for c in result.book.chapters())


def test_a_flood_of_paragraphs_is_refused_before_rendering(tmp_path: Path):
    from compiler.book.articles import read_raw
    from compiler.sources.limits import MAX_BLOCKS

    article = tmp_path / "no-10.md"
    article.write_text(TITLE + "---\n\n" + "Publius.\n\n" * 100_000, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(BookError, match=f"100001 paragraphs.*the limit is {MAX_BLOCKS}"):
        read_raw(article, Diagnostics())
    assert time.perf_counter() - started < BUDGET_S


def test_a_flood_of_html_blocks_is_refused(tmp_path: Path):
    from compiler.book.articles import read_raw

    page = tmp_path / "no-10.html"
    items = "".join(f"<li>Publius {n}</li>" for n in range(25_000))
    page.write_text(
        f"<html><head><title>No. 10</title></head><body><article><h1>No. 10</h1>"
        f"<p>{PARAGRAPH}</p><ul>{items}</ul></article></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(BookError, match=r"holds 250\d\d paragraphs, headings or list items"):
        read_raw(page, Diagnostics())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_typography_is_linear_in_long_runs_of_spaces(language):
    from compiler.cleanup.typography import PASSES, marks_for

    text = "Publius" + "\n" * 100_000 + "-- and so ; « on »"
    started = time.perf_counter()
    for _, step in PASSES:
        step(text, marks_for(language))
    assert time.perf_counter() - started < BUDGET_S


def test_many_paragraphs_are_read_in_linear_time(tmp_path: Path):
    from compiler.sources.sanitize import html_to_tree, sanitize_html

    def seconds(count: int) -> float:
        html = "<div>" + "Publius.<br>\n" * count + "</div>"
        started = time.perf_counter()
        html_to_tree(sanitize_html(html))
        return time.perf_counter() - started

    small, large = seconds(2_000), seconds(16_000)
    assert large < 20 * small + 0.5, (small, large)  # 8 times the input: not 64 times the time


def _article_with(tmp_path: Path, word: str) -> Path:
    article = tmp_path / "no-10.md"
    article.write_text(
        TITLE + "---\n\n" + PARAGRAPH + f"\nThe address was {word} in full.\n\n"
        f"```\n{'=' * 200}\n```\n",
        encoding="utf-8",
    )
    return article


def test_an_overlong_word_gets_break_opportunities_but_code_keeps_its_text(tmp_path: Path):
    from compiler.book.articles import read_raw
    from compiler.sources.long_words import BREAK, break_long_words

    word = "Publius" * 130  # 910 characters
    raw = read_raw(_article_with(tmp_path, word), Diagnostics())
    break_long_words(raw)
    paragraph = next(p for p in raw.root.iter("p") if "address" in p.text_content())
    pieces = paragraph.text_content().split()[3].split(BREAK)
    assert "".join(pieces) == word and {len(p) for p in pieces[:-1]} == {40}
    assert raw.root.find(".//pre").text_content().strip() == "=" * 200


def test_a_giant_word_is_refused_where_it_is(tmp_path: Path):
    from compiler.book.articles import read_raw
    from compiler.sources.limits import MAX_WORD
    from compiler.sources.long_words import break_long_words

    raw = read_raw(_article_with(tmp_path, "x" * 4_900_000), Diagnostics())
    started = time.perf_counter()
    with pytest.raises(BookError, match=f"a word of 4900000 characters.*limit is {MAX_WORD}") as e:
        break_long_words(raw)
    assert time.perf_counter() - started < BUDGET_S
    (problem,) = e.value.problems
    assert (problem.line, problem.col) == (8, 17)


def test_a_long_word_is_laid_out_in_seconds(make_volume, tmp_path):
    from pypdf import PdfReader

    from compiler import build

    essay = TITLE + "---\n\n" + PARAGRAPH + "\nSee " + "Publius" * 140 + " for more.\n"
    volume = make_volume(
        "title: The Federalist Papers\ncontents: [no-10.md]\n", {"no-10.md": essay}
    )
    started = time.perf_counter()
    result = build(volume, out_dir=tmp_path / "out", formats=["pdf"], use_cache=False, jobs=1)
    assert time.perf_counter() - started < 60  # 2,000 characters took 12 s of layout before
    text = "".join(page.extract_text() for page in PdfReader(result.outputs["pdf"]).pages)
    assert text.count("Publius") >= 100


@pytest.mark.parametrize(
    ("key", "yaml_text"),
    [
        ("title", "title: '{long}'\ncontents: [no-10.md]\n"),
        (
            "contents[1].title",
            "title: The Federalist\ncontents:\n  - {{file: no-10.md, title: '{long}'}}\n",
        ),
        (
            "contents[1].part",
            "title: The Federalist\ncontents:\n  - part: '{long}'\n    articles: [no-10.md]\n",
        ),
    ],
)
def test_a_huge_title_in_the_volume_is_refused_where_it_is(make_volume, key, yaml_text):
    from compiler.config import load_volume

    long = "The Federalist Papers " * 5_000  # 110 KB, as pasted from a whole essay
    volume = make_volume(yaml_text.format(long=long), {"no-10.md": TITLE + "---\n\n" + PARAGRAPH})
    started = time.perf_counter()
    with pytest.raises(BookError, match=r"characters long \(the limit is 500\)") as caught:
        load_volume(volume)
    assert time.perf_counter() - started < BUDGET_S
    (problem,) = caught.value.problems
    assert Path(problem.file) == volume and problem.line >= 1 and problem.col > 1, problem
    assert key.rsplit(".", 1)[-1].split("[")[0] in problem.message


def test_running_head_candidates_are_bounded_whatever_the_title():
    from compiler.interior.heads import MAX_HEAD_CHARS, candidates

    assert candidates("The Federalist, No. 10: The Same Subject Continued")[:3] == [
        "The Federalist, No. 10: The Same Subject Continued",
        "The Federalist, No. 10",
        "The Federalist, No. 10: The Same Subject",
    ]
    for title in ("Publius " * 50_000, "P" * 100_000):
        found = candidates(title)
        assert 1 <= len(found) <= MAX_HEAD_CHARS and max(map(len, found)) <= MAX_HEAD_CHARS
