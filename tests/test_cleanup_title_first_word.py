"""title-first-word: Federalist Nos. 53 and 56 in tests/corpus, whose titles took the first word
of the text, and titles that end as titles do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler.cleanup import clean
from compiler.config import CleanupSettings
from compiler.sources.base import SourceMeta
from test_cleanup_corpus import CLEAN_ESSAYS, CORPUS, SEED, read
from test_cleanup_rules import run

RULE = "title-first-word"
TITLE = re.compile(r'^title: "?(?P<title>.*?)"?$', re.MULTILINE)


def read_with_title(path: Path):
    raw = read(path)
    found = TITLE.search(path.read_text("utf-8"))
    raw.meta.title = found.group("title") if found else None
    return raw


@pytest.mark.parametrize(
    ("number", "title", "opening"),
    [
        (
            53,
            "No. 53: The Same Subject Continued with a View of the Term of the Service of the "
            "Members",
            "I SHALL here, perhaps, be reminded of a current observation",
        ),
        (
            56,
            "No. 56: The Same Subject Continued in Relation to the Same Point",
            "THE SECOND charge against the House of Representatives is",
        ),
    ],
)
def test_the_word_goes_back_to_the_text(number: int, title: str, opening: str):
    raw = read_with_title(CORPUS / "federalist" / f"federalist-{number}.md")
    report = clean(raw, CleanupSettings(rules=(RULE,)), "en")
    assert raw.meta.title == title
    assert raw.root.findall("p")[0].text_content().startswith(opening)
    assert [c.action for c in report.changes] == ["moved"]


OTHER_ESSAYS = [
    p for p in [SEED, *CLEAN_ESSAYS] if p.stem not in ("federalist-53", "federalist-56")
]


@pytest.mark.parametrize("path", OTHER_ESSAYS, ids=lambda p: p.stem)
def test_every_other_title_of_the_corpus_stays(path: Path):
    raw = read_with_title(path)
    title = raw.meta.title
    report = clean(raw, CleanupSettings(rules=(RULE,)), "en")
    assert report.changes == [] and raw.meta.title == title


@pytest.mark.parametrize(
    ("title", "html"),
    [
        # A numeral, over a text that cannot have begun with "I".
        ("Henry I", "<p>THE king was crowned at Westminster in the year 1100.</p>"),
        # A title ending in an article, over a text that does not open in capitals.
        ("Notes on The", "<p>The second charge against the House of Representatives.</p>"),
        # An opening in capitals that is a whole line, not a sentence running on.
        ("Part I", "<p>PUBLIUS</p>"),
    ],
)
def test_titles_that_end_as_titles_do_stay(title: str, html: str):
    result, raw, report = run(html, RULE, meta=SourceMeta(title=title))
    assert report.changes == [] and raw.meta.title == title
    assert result == html
