"""Running rules: selection, order, the safety cap, and the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from compiler.cleanup import (
    DROP,
    RULE_NAMES,
    Change,
    CleanupReport,
    clean,
    format_report,
    registry,
    summarise,
)
from compiler.config import CleanupSettings
from compiler.sources.base import RawArticle, SourceMeta

PARAGRAPH = (
    "<p>We must remember that when Russia intervened in Syria, the Syrian military was in "
    "shambles and basically defeated. This is not at all the case in Belarus which has a superb "
    "military (of the \u201clean and mean\u201d sort) and they can secure their own country, "
    "especially when backed by the KGB and the Ministry of Internal Affairs forces.</p>"
)


def article(html: str, meta: SourceMeta | None = None) -> RawArticle:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    return RawArticle(Path("might-belarus.md"), root, meta or SourceMeta())


def text_of(raw: RawArticle) -> str:
    return raw.root.text_content()


def test_rule_names_are_the_registry_in_running_order():
    assert RULE_NAMES == (
        "blank-lines",
        "empty-figures",
        "embed-codes",
        "heading-permalinks",
        "title-suffix",
        "site-header",
        "title-first-word",
        "byline",
        "post-meta",
        "repeated-heading",
        "run-in-subtitle",
        "orphan-captions",
        "pull-quotes",
        "signature",
        "calls-to-action",
        "post-navigation",
        "trailing-ads",
        "dead-links",
        "escaped-emphasis",
        "page-numbers",
        "broken-paragraphs",
        "sign-off",
        "split-words",
        "split-words-dictionary",
        "typography",
    )
    assert DROP in registry and DROP not in RULE_NAMES
    priorities = [rule.priority for rule in registry]
    assert priorities == sorted(priorities, reverse=True)
    assert all(rule.summary for rule in registry)


def test_none_means_every_rule_and_empty_means_none():
    html = f'<p><a href="#">Order Now</a> "quoted"</p>{PARAGRAPH}'
    everything = article(html)
    report = clean(everything, None, "en")
    assert {"dead-links", "typography"} <= {c.rule for c in report.changes}
    nothing = article(html)
    assert clean(nothing, CleanupSettings(rules=()), "en").changes == []
    assert 'href="#"' in lxml_html.tostring(nothing.root, encoding="unicode")


def test_only_the_selected_rules_run():
    raw = article(f'<p><a href="#">some analysts</a> "quoted"</p>{PARAGRAPH}')
    report = clean(raw, CleanupSettings(rules=("typography",)), "en")
    assert {c.rule for c in report.changes} == {"typography"}
    assert raw.root.find(".//a") is not None


def test_unknown_rule_name_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown cleanup rules: tidy"):
        clean(article(PARAGRAPH), CleanupSettings(rules=("tidy",)), "en")


def test_drop_runs_whatever_rules_are_selected():
    raw = article(f"{PARAGRAPH}<p>Support this site</p>{PARAGRAPH}")
    report = clean(raw, CleanupSettings(rules=(), drop=("^support this site$",)), "en")
    assert [(c.rule, c.text) for c in report.changes] == [("drop", "Support this site")]


def test_safety_cap_keeps_text_a_rule_would_remove_in_bulk():
    related = "".join(
        f"<li><a href='https://thesaker.is/{n}/'>Belarus and the colour revolution, part {n}, "
        "as seen from Moscow and from Warsaw</a></li>"
        for n in range(1, 4)
    )
    html = f"{PARAGRAPH}<h3>Related posts</h3><ul>{related}</ul>"
    raw = article(html)
    before = text_of(raw)
    report = clean(raw, CleanupSettings(rules=("trailing-ads",)), "en")
    assert text_of(raw) == before
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith("trailing-ads would remove ")
    assert "kept the text" in report.warnings[0]
    assert {c.action for c in report.changes} == {"kept"}
    assert report.removed_words == 0


def test_a_refused_rule_does_not_change_the_metadata_either():
    raw = article("<h2>Title</h2><p><em>The Saker</em></p><p>Not one.</p>")
    report = clean(raw, CleanupSettings(rules=("byline",)), "en")
    assert raw.meta.author is None
    assert "byline would remove" in report.warnings[0]
    assert raw.root.find(".//em") is not None


def test_root_element_is_cleaned_in_place():
    raw = article(f"<p>\u00a0</p>{PARAGRAPH}")
    root = raw.root
    clean(raw, CleanupSettings(rules=("blank-lines",)), "en")
    assert raw.root is root
    assert len(root) == 1


# --- the report -----------------------------------------------------------------------------


def sample_reports() -> list[tuple[str, CleanupReport]]:
    messy = CleanupReport(
        changes=[
            Change("byline", "moved", "The Saker", note="author set to The Saker"),
            Change("trailing-ads", "removed", "The Essential Saker IV"),
            Change("trailing-ads", "removed", "Order Now"),
            Change("escaped-emphasis", "changed", "*legally*", note="set in em"),
            Change("typography", "changed", count=12, note="quotes and apostrophes"),
            Change("typography", "changed", count=2, note="dashes"),
        ],
        warnings=["signature would remove 20% of the words (40 of 200); kept the text"],
    )
    return [("might-belarus-become-the-next-syria", messy), ("federalist-51", CleanupReport())]


def test_format_report_quotes_removed_text_per_article_and_rule():
    text = format_report(sample_reports())
    assert text.startswith("# Cleanup report\n")
    assert "2 articles, 1 changed by cleanup." in text
    assert "## might-belarus-become-the-next-syria" in text
    assert "- **Warning:** signature would remove 20% of the words" in text
    assert "### byline\n\nMoved (author set to The Saker):\n\n> The Saker\n" in text
    assert "### trailing-ads\n\nRemoved:\n\n> The Essential Saker IV\n>\n> Order Now\n" in text
    assert "> \\*legally\\*" in text  # quoted literally, not rendered as italics
    assert "- Changed 12 quotes and apostrophes\n- Changed 2 dashes" in text
    assert "## federalist-51\n\nNo changes.\n" in text


def test_summarise_is_one_line_per_article():
    lines = summarise(sample_reports()).splitlines()
    assert lines == [
        "might-belarus-become-the-next-syria: byline 1, trailing-ads 2, escaped-emphasis 1, "
        "typography 14, 1 warning",
        "federalist-51: no changes",
    ]


def test_report_helpers():
    report = sample_reports()[0][1]
    assert report.removed_text() == ["The Saker", "The Essential Saker IV", "Order Now"]
    assert report.removed_words == 8
    assert report.count("typography") == 14
    assert list(report.by_rule()) == ["byline", "trailing-ads", "escaped-emphasis", "typography"]
