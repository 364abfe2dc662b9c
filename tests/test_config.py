"""volume.yaml loading: every accepted form, and a located message for every mistake."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from compiler.cleanup import RULE_NAMES
from compiler.config import (
    CONFIG_KEYS,
    ArticleEntry,
    CleanupSettings,
    Isbn,
    PartEntry,
    PrintSettings,
    Series,
    Volume,
    load_volume,
    schema_reference,
    trim_size,
)
from compiler.errors import BookError, Problem
from compiler.machinery.partial_dates import PartialDate, precision

TESTS = Path(__file__).parent
BAD = TESTS / "bad_volumes"
CORPUS = TESTS / "corpus"
SAKER = CORPUS / "thesaker" / "might-belarus-become-the-next-syria.md"


def problems_of(path: str | Path) -> list[Problem]:
    with pytest.raises(BookError) as info:
        load_volume(path)
    return info.value.problems


def write_volume(folder: Path, yaml: str, files: dict[str, str | Path] | None = None) -> Path:
    """A volume folder: volume.yaml plus article files (text, or a corpus file to copy)."""
    for rel, content in (files or {}).items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    path = folder / "volume.yaml"
    path.write_text(textwrap.dedent(yaml).lstrip("\n"), encoding="utf-8")
    return path


def in_run_order(*names: str) -> tuple[str, ...]:
    """Rule names as the loader stores them: in the order the rules run, not as written."""
    return tuple(r for r in RULE_NAMES if r in names)


def load(tmp_path: Path, yaml: str, files: dict[str, str | Path] | None = None) -> Volume:
    return load_volume(write_volume(tmp_path, yaml, files))


ONE = {"federalist-51.md": CORPUS / "federalist" / "federalist-51.md"}
MINIMAL = """
title: The Federalist Papers, Part Two
contents:
  - federalist-51.md
"""


# --- Bad volumes: one folder per mistake, with the message and where it must point ----------

BAD_CASES = [
    # case folder, message fragment, line, column
    ("yaml-syntax", "invalid YAML: mapping values are not allowed here; a value containing", 1, 22),
    ("duplicate-key", "duplicate key 'title'", 4, 1),
    ("top-level-list", "top level must be a mapping", 1, 1),
    ("unknown-key", "unknown key 'titel' (did you mean 'title'?)", 1, 1),
    ("missing-title", "missing required key 'title'", 1, 1),
    ("empty-title", "'title' is empty", 1, 8),
    ("title-list", "'title' must be a string, not a list", 1, 8),
    ("title-number", "'title' must be a string, not a number (1788); put it in quotes", 1, 8),
    ("no-value", "'subtitle' has no value", 2, 1),
    ("author-and-authors", "either 'author' or 'authors', not both", 3, 1),
    ("language-underscore", "use hyphens: 'en-US'", 2, 11),
    (
        "language-private-use",
        "a private-use tag ('x-publius') cannot be the book's language",
        2,
        11,
    ),
    ("language-name", "'english' is not a language code", 2, 11),
    ("date-impossible", "1788-02-30 is not a real date (day is out of range for month)", 2, 7),
    ("date-month-13", "1788-13 is not a real date (month must be in 1..12)", 2, 7),
    ("isbn-check-digit", "check digit of '978-0-14-044495-0' is wrong (expected 7)", 3, 9),
    ("isbn-10", "is an ISBN-10; use its ISBN-13 form '978-0-14-044495-7'", 3, 10),
    ("isbn-same-twice", "'isbn.print' is the same as 'isbn.epub'", 4, 3),
    ("series-without-name", "missing required key 'name' in 'series'", 2, 9),
    ("series-number-zero", "'series.number' must be 1 or more, not 0", 4, 11),
    ("print-unknown-key", "unknown key 'trm' in 'print' (did you mean 'trim'?)", 3, 3),
    ("trim-unknown", "must be one of 5x8in, 5.25x8in, 5.5x8.5in, 6x9in, 6.14x9.21in", 2, 15),
    ("trim-too-small", "2x3in is outside the printable range", 2, 15),
    ("trim-without-unit", "needs a unit: '150x230in' or '150x230mm'", 2, 15),
    ("pod-unknown", "one of kdp, ingramspark, lulu, generic, not 'createspace'", 3, 8),
    ("bleed-yes", "'print.bleed' must be true or false, not 'yes'", 3, 10),
    ("font-size-pixels", "'print.font_size' must be in points (pt)", 3, 14),
    ("line-height-too-large", "'print.line_height' must be between 1 and 2, not 2.5", 3, 16),
    (
        "cleanup-unknown-rule",
        "unknown cleanup rule 'trailing-ad' (did you mean 'trailing-ads'?)",
        4,
        5,
    ),
    ("cleanup-list-with-drop", "a list of rule names cannot hold 'drop'", 4, 5),
    (
        "cleanup-bad-regex",
        "'Posted in (.*' in 'cleanup.drop' is not a valid regular expression",
        6,
        7,
    ),
    ("cleanup-rules-and-exclude", "'exclude' only works with rules: auto", 4, 3),
    ("provenance-padding", "write {date} without a format (found {date:>5000000})", 2, 13),
    ("provenance-format-code", "write {date} without a format (found {date:d})", 2, 13),
    ("title-control-character", "'title' holds the control character U+0001", 1, 8),
    ("cleanup-one-rule-string", "for one rule write a list: [byline]", 2, 10),
    ("contents-empty", "'contents' is empty: list at least one article", 2, 11),
    ("contents-missing", "missing required key 'contents'", 1, 1),
    (
        "article-not-found",
        "file not found: 'articles/federalist-15.md' (did you mean 'articles/federalist-51.md'?)",
        3,
        5,
    ),
    ("absolute-path", "'/etc/hostname' is an absolute path", 3, 5),
    ("path-escapes", "'articles/../../federalist-51.md' leads outside the volume folder", 3, 5),
    ("folder-not-file", "'articles' is a folder, not a file", 3, 5),
    (
        "duplicate-article",
        "'./articles/federalist-51.md' is already in the contents at line 3",
        7,
        9,
    ),
    ("nested-part", "parts cannot be nested", 6, 9),
    ("file-and-part", "not both 'file' and 'part'", 4, 5),
    ("entry-unknown-key", "unknown key 'tittle' (did you mean 'title'?)", 4, 5),
    ("entry-misspelt-file", "unknown key 'fiel' (did you mean 'file'?)", 3, 5),
    ("entry-without-kind", "needs 'file', 'wordpress' or 'part'", 3, 5),
    ("wordpress-without-post", "missing required key 'post' in this 'wordpress' entry", 3, 5),
    ("entry-bad-url", "'url' must be a web address starting http:// or https://", 4, 10),
    ("part-without-articles", "missing required key 'articles' in this part", 3, 5),
]


def test_every_bad_volume_folder_has_an_expectation() -> None:
    folders = {p.name for p in BAD.iterdir() if p.is_dir()} - {"many-problems"}
    assert folders == {case for case, *_ in BAD_CASES}


@pytest.mark.parametrize(
    ("case", "fragment", "line", "col"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_bad_volume(case: str, fragment: str, line: int, col: int) -> None:
    given = os.path.relpath(BAD / case / "volume.yaml")  # as typed at a shell prompt
    problems = problems_of(given)
    matching = [p for p in problems if fragment in p.message]
    assert matching, f"no problem mentions {fragment!r}: {[str(p) for p in problems]}"
    problem = matching[0]
    assert (problem.line, problem.col) == (line, col), str(problem)
    assert problem.file == given  # the path as the user typed it
    assert str(problem).startswith(f"{given}:{line}:{col}: ")


def test_the_bad_cases_report_one_problem_each() -> None:
    """A mistake is reported once, not echoed as a second, confusing problem."""
    for case, *_ in BAD_CASES:
        assert len(problems_of(BAD / case / "volume.yaml")) == 1, case


def test_all_problems_are_reported_at_once_in_file_order() -> None:
    problems = problems_of(BAD / "many-problems" / "volume.yaml")
    assert [(p.line, p.col, p.message.split(" ")[:3]) for p in problems] == [
        (1, 1, ["unknown", "key", "'titel'"]),
        (2, 11, ["'language':", "'en_US'", "is"]),
        (4, 9, ["'print.trim'", "must", "be"]),
        (5, 10, ["'print.paper'", "must", "be"]),
        (8, 5, ["file", "not", "found:"]),
    ]


# --- Files that cannot be read --------------------------------------------------------------


def test_missing_volume_file(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path / "volume.yaml")
    assert problem.message == "volume file not found"


def test_volume_path_is_a_folder(tmp_path: Path) -> None:
    write_volume(tmp_path, MINIMAL, ONE)
    (problem,) = problems_of(tmp_path)
    assert "folder, not a volume file (did you mean its volume.yaml?)" in problem.message


def test_not_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "volume.yaml"
    path.write_bytes("title: Les Essais\npublisher: Éditions\n".encode("latin-1"))
    (problem,) = problems_of(path)
    assert "not UTF-8 (byte 0xc9" in problem.message
    assert (problem.line, problem.col) == (2, 12)


def test_utf8_with_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = write_volume(tmp_path, MINIMAL, ONE)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_volume(path).title == "The Federalist Papers, Part Two"


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_empty_volume_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "volume.yaml"
    path.write_text(text)
    (problem,) = problems_of(path)
    assert "empty" in problem.message and "'title' and 'contents'" in problem.message


def test_tab_indentation_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "volume.yaml"
    path.write_text("title: The Federalist\nprint:\n\ttrim: 6x9in\n")
    (problem,) = problems_of(path)
    assert problem.line == 3 and "indent with spaces, not tabs" in problem.message


def test_problem_file_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_volume(tmp_path, "titel: The Federalist\ncontents: [federalist-51.md]\n", ONE)
    monkeypatch.chdir(tmp_path)
    (problem,) = problems_of("volume.yaml")
    assert str(problem) == "volume.yaml:1:1: unknown key 'titel' (did you mean 'title'?)"


# --- Paths and symlinks ---------------------------------------------------------------------


def test_symlink_leading_out_of_the_volume_is_rejected(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "federalist-51.md"
    outside.parent.mkdir()
    shutil.copyfile(ONE["federalist-51.md"], outside)
    book = tmp_path / "book"
    (book / "articles").mkdir(parents=True)
    (book / "articles" / "federalist-51.md").symlink_to(outside)
    path = write_volume(book, "title: The Federalist\ncontents: [articles/federalist-51.md]\n")
    (problem,) = problems_of(path)
    assert problem.message == (
        f"'articles/federalist-51.md' leads through a symlink to '{outside.resolve()}', "
        "outside the volume folder"
    )
    assert (problem.line, problem.col) == (2, 12)


def test_symlinked_folder_leading_out_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    shutil.copyfile(ONE["federalist-51.md"], tmp_path / "elsewhere" / "federalist-51.md")
    book = tmp_path / "book"
    book.mkdir()
    (book / "articles").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    path = write_volume(book, "title: The Federalist\ncontents: [articles/federalist-51.md]\n")
    (problem,) = problems_of(path)
    assert "outside the volume folder" in problem.message


def test_symlink_inside_the_volume_is_followed(tmp_path: Path) -> None:
    path = write_volume(tmp_path, "title: The Federalist\ncontents: [latest.md]\n", ONE)
    (tmp_path / "latest.md").symlink_to(tmp_path / "federalist-51.md")
    (entry,) = load_volume(path).articles
    assert entry.path == (tmp_path / "federalist-51.md").resolve()


def test_broken_symlink(tmp_path: Path) -> None:
    path = write_volume(tmp_path, "title: The Federalist\ncontents: [gone.md]\n")
    (tmp_path / "gone.md").symlink_to(tmp_path / "never-written.md")
    (problem,) = problems_of(path)
    assert problem.message == "'gone.md' is a broken symlink"


def test_dotdot_that_stays_inside_is_allowed(tmp_path: Path) -> None:
    volume = load(
        tmp_path,
        "title: The Federalist\ncontents: [parts/../federalist-51.md]\n",
        {**ONE, "parts/intro.md": "# Part\n"},
    )
    assert volume.articles[0].path == (tmp_path / "federalist-51.md").resolve()


# --- Good volumes ---------------------------------------------------------------------------

SPEC_EXAMPLE = """
title: The Essential Saker V
subtitle: Selected essays, 2020-2021      # optional
author: The Saker                         # or authors: [..]
language: en                              # BCP 47; default en
publisher: Example Press                  # optional
date: 2021-06-01                          # publication date; optional
isbn:                                     # optional, per format
  epub: 978-1-23456-789-7
  print: 978-1-23456-790-3
series: {name: The Essential Saker, number: 5}   # optional
cleanup: [site-header, byline, trailing-ads]     # optional; named rules (see issues)
print: {trim: 6x9in, pod: kdp, paper: cream}     # optional; defaults shown
contents:                                 # required: articles in reading order
  - articles/might-belarus-become-the-next-syria.md
  - part: Russia and the West             # a part groups the entries under it
    intro: parts/russia-and-the-west.md   # optional part introduction
    articles:
      - articles/one.md
      - file: articles/two.md
        title: A better title than the blog's   # per-article overrides
"""


def test_the_product_spec_example(tmp_path: Path) -> None:
    volume = load(
        tmp_path,
        SPEC_EXAMPLE,
        {
            "articles/might-belarus-become-the-next-syria.md": SAKER,
            "articles/one.md": "# One\n",
            "articles/two.md": "# Two\n",
            "parts/russia-and-the-west.md": "# Russia and the West\n",
        },
    )
    root = tmp_path.resolve()
    assert volume.path == root / "volume.yaml" and volume.root == root
    assert volume.title == "The Essential Saker V"
    assert volume.subtitle == "Selected essays, 2020-2021"
    assert volume.authors == ("The Saker",)
    assert volume.language == "en"
    assert volume.publisher == "Example Press"
    assert volume.date == dt.date(2021, 6, 1)
    assert volume.isbn == Isbn(epub="978-1-23456-789-7", print="978-1-23456-790-3")
    assert volume.series == Series("The Essential Saker", 5)
    assert volume.cleanup == CleanupSettings(
        rules=in_run_order("site-header", "byline", "trailing-ads")
    )
    assert volume.print == PrintSettings(trim="6x9in", pod="kdp", paper="cream")

    first, part = volume.contents
    assert isinstance(first, ArticleEntry) and isinstance(part, PartEntry)
    assert first.path == root / "articles" / "might-belarus-become-the-next-syria.md"
    assert (first.where.line, first.where.col) == (14, 5)
    assert first.where.file == tmp_path / "volume.yaml"
    assert part.title == "Russia and the West"
    assert part.intro == root / "parts" / "russia-and-the-west.md"
    assert (part.where.line, part.where.col) == (15, 5)
    one, two = part.articles
    assert one.path.name == "one.md" and one.title is None
    assert two.title == "A better title than the blog's"
    assert (two.where.line, two.where.col) == (19, 9)
    assert [a.path.name for a in volume.articles] == [
        "might-belarus-become-the-next-syria.md",
        "one.md",
        "two.md",
    ]


def test_defaults(tmp_path: Path) -> None:
    volume = load(tmp_path, MINIMAL, ONE)
    assert volume.language == "en"
    assert volume.authors == ()
    assert volume.subtitle is volume.publisher is volume.date is volume.series is None
    assert volume.isbn == Isbn()
    assert volume.cleanup is None  # auto
    assert volume.print == PrintSettings(
        trim="6x9in", pod="kdp", paper="cream", bleed=False, font_size=None, line_height=None
    )


def test_authors_list(tmp_path: Path) -> None:
    volume = load(
        tmp_path,
        "title: The Federalist\n"
        "authors: [Alexander Hamilton, James Madison, John Jay]\n"
        "contents: [federalist-51.md]\n",
        ONE,
    )
    assert volume.authors == ("Alexander Hamilton", "James Madison", "John Jay")


def test_every_entry_form(tmp_path: Path) -> None:
    volume = load(
        tmp_path,
        """
        title: Critical and Historical Essays
        author: Edward MacDowell
        contents:
          - lectures/lecture-01.md
          - file: lectures/lecture-03.md
            title: Music among the Greeks
            short_title: The Greeks
            author: Edward MacDowell
            date: 1912-01-01
            url: https://www.gutenberg.org/ebooks/10569
            cleanup: [typography, blank-lines]
          - wordpress: export/thesaker.xml
            post: might-belarus-become-the-next-syria
          - wordpress: export/thesaker.xml
            post: 244312
            cleanup: auto
          - part: Folk Song and Its Relation to Nationalism
            intro: parts/folk-song.md
            articles:
              - lectures/lecture-04.md
              - {wordpress: export/thesaker.xml, post: 244313}
        """,
        {
            "lectures/lecture-01.md": CORPUS / "macdowell" / "lecture-01.md",
            "lectures/lecture-03.md": CORPUS / "macdowell" / "lecture-03.md",
            "lectures/lecture-04.md": CORPUS / "macdowell" / "lecture-04.md",
            "export/thesaker.xml": "<rss version='2.0'/>\n",
            "parts/folk-song.md": "# Folk Song\n",
        },
    )
    plain, full, by_slug, by_id, part = volume.contents
    assert isinstance(plain, ArticleEntry) and plain.post is None and plain.cleanup is None
    assert full.title == "Music among the Greeks" and full.short_title == "The Greeks"
    assert full.author == "Edward MacDowell" and full.date == dt.date(1912, 1, 1)
    assert full.url == "https://www.gutenberg.org/ebooks/10569"
    assert full.cleanup == CleanupSettings(rules=in_run_order("typography", "blank-lines"))
    assert by_slug.path == tmp_path.resolve() / "export" / "thesaker.xml"
    assert by_slug.post == "might-belarus-become-the-next-syria"
    assert by_id.post == "244312"
    assert by_id.cleanup == CleanupSettings(rules=RULE_NAMES)  # explicit auto overrides
    assert isinstance(part, PartEntry) and part.intro is not None
    assert [a.post for a in part.articles] == [None, "244313"]
    assert [a.where.line for a in volume.articles] == [4, 5, 12, 14, 20, 21]


def test_same_export_twice_needs_different_posts(tmp_path: Path) -> None:
    path = write_volume(
        tmp_path,
        """
        title: The Essential Saker V
        contents:
          - {wordpress: thesaker.xml, post: might-belarus-become-the-next-syria}
          - {wordpress: thesaker.xml, post: might-belarus-become-the-next-syria}
        """,
        {"thesaker.xml": "<rss version='2.0'/>\n"},
    )
    (problem,) = problems_of(path)
    assert problem.line == 4
    assert "post 'might-belarus-become-the-next-syria' of 'thesaker.xml'" in problem.message
    assert "already in the contents at line 3" in problem.message


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        ("auto", None),
        ("AUTO", None),
        (
            "[trailing-ads, site-header]",
            CleanupSettings(rules=in_run_order("site-header", "trailing-ads")),
        ),
        ("[]", CleanupSettings(rules=())),
        ("{}", CleanupSettings(rules=RULE_NAMES)),
        (
            "{exclude: [typography, byline]}",
            CleanupSettings(
                rules=tuple(r for r in RULE_NAMES if r not in ("typography", "byline"))
            ),
        ),
        (
            "{drop: ['^Share this:', 'Posted in \\w+']}",
            CleanupSettings(rules=RULE_NAMES, drop=("^Share this:", "Posted in \\w+")),
        ),
        (
            "{rules: [signature], drop: ['^--$']}",
            CleanupSettings(rules=("signature",), drop=("^--$",)),
        ),
        (
            "{rules: auto, exclude: [dead-links]}",
            CleanupSettings(rules=tuple(r for r in RULE_NAMES if r != "dead-links")),
        ),
    ],
)
def test_cleanup_forms(tmp_path: Path, yaml: str, expected: CleanupSettings | None) -> None:
    volume = load(
        tmp_path, f"title: The Federalist\ncleanup: {yaml}\ncontents: [federalist-51.md]\n", ONE
    )
    assert volume.cleanup == expected


def test_cleanup_problems_point_at_each_item(tmp_path: Path) -> None:
    path = write_volume(
        tmp_path,
        """
        title: The Federalist
        cleanup:
          exclude: [byline, sigature, byline]
          drop: ['(unclosed', '', '.*', '\\w+', '^$', 'Share this']
        contents: [federalist-51.md]
        """,
        ONE,
    )
    problems = problems_of(path)
    assert [(p.line, p.col) for p in problems] == [
        (3, 21),
        (3, 31),
        (4, 10),
        (4, 23),
        (4, 27),
        (4, 33),
    ]
    assert "did you mean 'signature'" in problems[0].message
    assert "listed twice" in problems[1].message
    assert "missing ), unterminated subpattern at position 0" in problems[2].message
    assert "is empty" in problems[3].message
    assert "'.*' in 'cleanup.drop' matches any text" in problems[4].message
    assert "'\\w+' in 'cleanup.drop' matches any text" in problems[5].message


# --- Print settings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("6x9in", "6x9in"),
        ("6 x 9 in", "6x9in"),
        ("6.00x9.00IN", "6x9in"),
        ("6×9in", "6x9in"),
        ("6x9", "6x9in"),
        ("5.25x8in", "5.25x8in"),
        ("6.14x9.21in", "6.14x9.21in"),
        ("a5", "A5"),
        ("150x230mm", "150x230mm"),
        ("5.5x8.25in", "5.5x8.25in"),
        ("8.5x11in", "8.5x11in"),
    ],
)
def test_trim_spellings(tmp_path: Path, written: str, stored: str) -> None:
    volume = load(
        tmp_path,
        f"title: The Federalist\nprint: {{trim: '{written}'}}\ncontents: [federalist-51.md]\n",
        ONE,
    )
    assert volume.print.trim == stored


@pytest.mark.parametrize(
    ("trim", "inches"),
    [
        ("6x9in", (6.0, 9.0)),
        ("5.25x8in", (5.25, 8.0)),
        ("A5", (148 / 25.4, 210 / 25.4)),
        ("150x230mm", (150 / 25.4, 230 / 25.4)),
        ("5.5x8.25in", (5.5, 8.25)),
    ],
)
def test_trim_size_in_inches(trim: str, inches: tuple[float, float]) -> None:
    assert trim_size(trim) == pytest.approx(inches, abs=0.005)


@pytest.mark.parametrize("trim", ["letter", "150x230", ""])
def test_trim_size_rejects_what_the_loader_rejects(trim: str) -> None:
    with pytest.raises(ValueError):
        trim_size(trim)


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("A4", "A4 is 210x297mm"),
        ("letter", "US Letter is 8.5x11in"),
        ("13x20in", "outside the printable range"),
        ("60x90mm", "outside the printable range"),
    ],
)
def test_trim_mistakes(tmp_path: Path, written: str, fragment: str) -> None:
    path = write_volume(
        tmp_path,
        f"title: The Federalist\nprint: {{trim: {written}}}\ncontents: [federalist-51.md]\n",
        ONE,
    )
    (problem,) = problems_of(path)
    assert fragment in problem.message


def test_full_print_settings(tmp_path: Path) -> None:
    volume = load(
        tmp_path,
        """
        title: The Federalist
        print:
          trim: 5.5x8.5in
          pod: IngramSpark
          paper: white
          bleed: true
          font_size: 10.50pt
          line_height: 1.35
        contents: [federalist-51.md]
        """,
        ONE,
    )
    assert volume.print == PrintSettings(
        trim="5.5x8.5in",
        pod="ingramspark",
        paper="white",
        bleed=True,
        font_size="10.5pt",
        line_height=1.35,
    )


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("font_size: 11", "needs a unit: write 11pt"),
        ("font_size: 18pt", "between 8pt and 16pt, not 18pt"),
        ("line_height: '1.4'", "'print.line_height' must be a number, not '1.4'"),
        ("line_height: 0.9", "between 1 and 2, not 0.9"),
        ("paper: crem", "not 'crem' (did you mean 'cream'?)"),
        ("bleed: 1", "must be true or false, not a number (1)"),
    ],
)
def test_print_mistakes(tmp_path: Path, line: str, fragment: str) -> None:
    path = write_volume(
        tmp_path, f"title: The Federalist\nprint:\n  {line}\ncontents: [federalist-51.md]\n", ONE
    )
    (problem,) = problems_of(path)
    assert fragment in problem.message and problem.line == 3


# --- ISBN, language, date -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("978-0-14-044495-7", "978-0-14-044495-7"),
        ("'9780140444957'", "9780140444957"),
        ("9780140444957", "9780140444957"),  # YAML reads it as a number
        ("978 1 4922 6573 3", "978-1-4922-6573-3"),
        ("979-8-85966-142-8", "979-8-85966-142-8"),
    ],
)
def test_valid_isbns(tmp_path: Path, written: str, stored: str) -> None:
    volume = load(
        tmp_path,
        f"title: The Federalist\nisbn: {{print: {written}}}\ncontents: [federalist-51.md]\n",
        ONE,
    )
    assert volume.isbn == Isbn(epub=None, print=stored)


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("978-0-14-044495-8", "check digit of '978-0-14-044495-8' is wrong (expected 7)"),
        ("979-8-85966-142-0", "(expected 8)"),
        ("0140444955", "is an ISBN-10; use its ISBN-13 form '9780140444957'"),
        ("0-14-044495-4", "looks like an ISBN-10 but its check digit is wrong"),
        ("977-0-14-044495-7", "must start with 978 or 979"),
        ("978-0-14-04449", "is not an ISBN-13"),
        ("978--0-14-044495-7", "is not an ISBN-13"),
        ("ISBN 978-0-14-044495-7", "is not an ISBN-13"),
    ],
)
def test_invalid_isbns(tmp_path: Path, written: str, fragment: str) -> None:
    path = write_volume(
        tmp_path,
        f"title: The Federalist\nisbn:\n  epub: {written}\ncontents: [federalist-51.md]\n",
        ONE,
    )
    (problem,) = problems_of(path)
    assert fragment in problem.message and (problem.line, problem.col) == (3, 9)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("en", "en"),
        ("EN-gb", "en-GB"),
        ("fr", "fr"),
        ("de-CH", "de-CH"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("sr-Latn-RS", "sr-Latn-RS"),
        ("es-419", "es-419"),
        ("de-CH-1996", "de-CH-1996"),
        ("sl-rozaj-biske", "sl-rozaj-biske"),
        ("zh-yue-HK", "zh-yue-HK"),
        ("en-US-u-ca-gregory", "en-US-u-ca-gregory"),
        ("en-GB-x-OED", "en-GB-x-oed"),
        ("haw", "haw"),
    ],
)
def test_valid_languages(tmp_path: Path, written: str, stored: str) -> None:
    volume = load(
        tmp_path, f"title: The Federalist\nlanguage: {written}\ncontents: [federalist-51.md]\n", ONE
    )
    assert volume.language == stored


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("x-private", "private-use tag"),
        ("i-klingon", "not a valid BCP 47 language tag"),
        ("e", "not a valid BCP 47 language tag"),
        ("en-", "not a valid BCP 47 language tag"),
        ("en--GB", "not a valid BCP 47 language tag"),
        ("en-GB-oed", "not a valid BCP 47 language tag"),
        ("en_GB", "use hyphens: 'en-GB'"),
        ("English", "not a language code"),
        ("de-1996-1996", "repeats the variant '1996'"),
        ("en-a-bbb-a-ccc", "repeats the extension 'a'"),
        ("'123'", "not a valid BCP 47 language tag"),
        ("[en, fr]", "'language' must be a string, not a list"),
    ],
)
def test_invalid_languages(tmp_path: Path, written: str, fragment: str) -> None:
    path = write_volume(
        tmp_path, f"title: The Federalist\nlanguage: {written}\ncontents: [federalist-51.md]\n", ONE
    )
    (problem,) = problems_of(path)
    assert fragment in problem.message and (problem.line, problem.col) == (2, 11)


@pytest.mark.parametrize(
    ("written", "result"),
    [
        ("1788-05-28", dt.date(1788, 5, 28)),
        ("'1788-05-28'", dt.date(1788, 5, 28)),
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("1788-05-28 10:00", "without a time"),
        ("28 May 1788", "must be a date written YYYY-MM-DD, YYYY-MM or YYYY, not '28 May 1788'"),
        ("2023-02-29", "not a real date"),
        # A copyright line or an old reprint gives only the year or the month.
        ("1788", PartialDate(1788)),
        ("'1788'", PartialDate(1788)),
        ("1788-05", PartialDate(1788, 5)),
        ("1788-00", "1788-00 is not a real date (month must be in 1..12)"),
        ("0", "0000 is not a real date (year 0 is out of range)"),
        ("-1788", "must be a date written YYYY-MM-DD, YYYY-MM or YYYY, not a number (-1788)"),
    ],
)
def test_dates(tmp_path: Path, written: str, result: dt.date | str) -> None:
    path = write_volume(
        tmp_path, f"title: The Federalist\ndate: {written}\ncontents: [federalist-51.md]\n", ONE
    )
    if isinstance(result, dt.date):
        loaded = load_volume(path).date
        assert loaded == result and precision(loaded) == precision(result)
    else:
        (problem,) = problems_of(path)
        assert result in problem.message


# --- The schema reference -------------------------------------------------------------------


def test_schema_reference_lists_every_key() -> None:
    table = schema_reference()
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    keys = [row.split("`")[1] for row in rows]
    for key in CONFIG_KEYS:
        assert key in keys
    for nested in (
        "isbn.epub",
        "isbn.print",
        "series.name",
        "series.number",
        "print.trim",
        "print.pod",
        "print.paper",
        "print.bleed",
        "print.font_size",
        "print.line_height",
        "cleanup.rules",
        "cleanup.exclude",
        "cleanup.drop",
        "contents[].file",
        "contents[].wordpress",
        "contents[].post",
        "contents[].title",
        "contents[].short_title",
        "contents[].cleanup",
        "contents[].part",
        "contents[].intro",
        "contents[].articles",
    ):
        assert nested in keys
    assert len(keys) == len(set(keys))


def test_schema_reference_is_a_well_formed_table() -> None:
    lines = schema_reference().splitlines()
    assert lines[0] == "| Key | Type | Default | Description |"
    for line in lines[1:]:
        cells = line.replace("\\|", "").strip("|").split("|")
        assert len(cells) == 4, line
        assert all(cell.strip() for cell in cells), line
    title = next(line for line in lines if line.startswith("| `title` "))
    assert "| required |" in title
    trim = next(line for line in lines if line.startswith("| `print.trim` "))
    assert "`6x9in`" in trim and "A5" in trim


# --- Smaller mistakes, written inline -------------------------------------------------------


@pytest.mark.parametrize(
    ("contents", "fragment", "line", "col"),
    [
        ("  - ''", "empty entry in 'contents'", 3, 5),
        ("  -", "empty entry in 'contents'", 3, 4),
        ("  - [federalist-51.md]", "must be a file path or a mapping, not a list", 3, 5),
        ("  - {part: '  ', articles: [federalist-51.md]}", "'part' is empty", 3, 12),
        ("  - {wordpress: federalist-51.md, post: 0}", "a post ID is 1 or more, not 0", 3, 41),
        ("  - {file: federalist-51.md, date: 31 August 2020}", "YYYY-MM-DD", 3, 36),
        ("  - {file: federalist-51.md, cleanup: [bylines]}", "did you mean 'byline'", 3, 40),
        ("  - {file: federalist-51.md, cleanup: [drop]}", "'drop' is not a rule name", 3, 40),
        ("  - {file: federalist-51.md, 7: seven}", "keys must be names, not a number (7)", 3, 30),
        ("  - part: Checks\n    articles:\n      -", "empty entry in 'articles'", 5, 8),
    ],
)
def test_entry_mistakes(tmp_path: Path, contents: str, fragment: str, line: int, col: int) -> None:
    path = write_volume(tmp_path, f"title: The Federalist\ncontents:\n{contents}\n", ONE)
    (problem,) = problems_of(path)
    assert fragment in problem.message
    assert (problem.line, problem.col) == (line, col), str(problem)


def test_each_bad_author_is_reported(tmp_path: Path) -> None:
    path = write_volume(
        tmp_path,
        """
        title: The Federalist
        authors:
          - James Madison
          - 1787
          - ''
        contents: [federalist-51.md]
        """,
        ONE,
    )
    problems = problems_of(path)
    assert [(p.line, p.col) for p in problems] == [(4, 5), (5, 5)]
    assert problems[0].message.startswith("'authors[2]' must be a string, not a number (1787)")
    assert problems[1].message == "'authors[3]' is empty"


def test_yaml_anchors_and_merge_keys_work(tmp_path: Path) -> None:
    volume = load(
        tmp_path,
        """
        title: The Federalist
        contents:
          - &madison {file: federalist-51.md, author: James Madison, date: 1788-02-06}
          - {<<: *madison, file: federalist-52.md, date: 1788-02-08}
        """,
        {**ONE, "federalist-52.md": CORPUS / "federalist" / "federalist-52.md"},
    )
    first, second = volume.articles
    assert first.path.name == "federalist-51.md" and first.date == dt.date(1788, 2, 6)
    assert second.path.name == "federalist-52.md" and second.author == "James Madison"
    assert second.date == dt.date(1788, 2, 8)
