"""The WordPress post-body ports (comment tags, shortcodes, wpautop) run in linear time.

WordPress's own regular expressions search to the end of the post for the close of every
opening; Python's engine does what they say, so a body of ``<!--more `` or ``[toc] `` repeated
20,000 times took 19-135 s. The ports now find each close once. Each flood below is built
here (no large file in the repository) and must render within the budget, and the linear
helpers must give exactly what the regular expressions they replace give.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.errors import BookError
from compiler.sources import wordpress
from compiler.sources.wordpress import expand_shortcodes, render_post_content, wpautop

EXPORT = Path("federalist.wordpress.xml")
LEAD = "The Federalist No. 10 was first printed in the Daily Advertiser.\n\n"
REPEATS = 20_000
BUDGET_S = 5.0  # each flood takes well under a second on an idle core (minutes before)

FLOODS = [
    "<!--more ",
    "<!-- wp:paragraph ",
    "[toc] ",
    "[toc ",
    "[[toc] ",
    "[caption id='publius'] ",
    "<math ",
    "<script ",
    "<li",
    "<pre",
    "<figcaption ",
    "<source [audio ",
    "<object <param ",
    "Publius" + " " * 50,
]


@pytest.mark.parametrize("unit", FLOODS)
def test_a_flood_of_openings_renders_in_linear_time(unit: str):
    started = time.perf_counter()
    render_post_content(LEAD + unit * REPEATS, EXPORT, 12)
    assert time.perf_counter() - started < BUDGET_S, unit


def test_an_enclosing_shortcode_closed_once_at_the_end_is_linear():
    body = LEAD + "[embed]https://example.org/v " * REPEATS + "[/embed]"
    started = time.perf_counter()
    render_post_content(body, EXPORT, 12)
    assert time.perf_counter() - started < BUDGET_S


def test_a_long_run_of_spaces_is_linear():
    started = time.perf_counter()
    wpautop(
        LEAD + " " * 200_000 + "Publius\n\n" + " " * 200_000 + "<figcaption>Madison</figcaption>"
    )
    assert time.perf_counter() - started < BUDGET_S


def test_shortcodes_nested_too_deep_are_a_located_error():
    names = [f"box{n}" for n in range(80)]
    body = (
        "".join(f"[{n}]" for n in names) + "Publius" + "".join(f"[/{n}]" for n in reversed(names))
    )
    with pytest.raises(BookError, match="nested more than 50 deep") as caught:
        expand_shortcodes(LEAD + body, EXPORT, 12)
    (problem,) = caught.value.problems
    assert problem.file == EXPORT and problem.line == 14


def test_warnings_still_name_the_first_line_of_each_shortcode():
    from compiler.errors import Diagnostics

    diagnostics = Diagnostics()
    body = LEAD + "[toc]\n" * 3 + "Publius\n[su_note a=1]Madison[/su_note]\n"
    assert "Madison" in expand_shortcodes(body, EXPORT, 12, diagnostics)
    found = {w.message.split(":")[0]: w.line for w in diagnostics.warnings}
    assert found == {
        "removed WordPress shortcode [toc] (3 times)": 14,
        "removed WordPress shortcode [su_note]": 18,
    }


# --- The same results as the regular expressions replaced --------------------------------------

PIECES = st.sampled_from(
    ["<!--more-->", "<!--more ", "<!-- more", "-->", "<!-- wp:paragraph -->", "<!-- /wp:quote",
     "<!--noteaser-->", "<script>", "</script>", "<svg>", "</svg>", "<math>", "</math>",
     "<style", "</style>", "\n", "\n\n", " ", "Publius", "[toc]", "<p>"]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_comment_removal_is_the_regular_expression(text: str):
    more = re.sub(r"<!--\s*(?:more|nextpage|noteaser)\b.*?-->", "", text)
    assert wordpress._drop_comments(text, wordpress._MORE_TAG, across_lines=False) == more
    blocks = re.sub(r"<!--\s*/?wp:.*?-->", "", text, flags=re.DOTALL)
    assert wordpress._drop_comments(text, wordpress._BLOCK_COMMENT, across_lines=True) == blocks


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_raw_elements_keep_their_newlines_as_the_regular_expression_did(text: str):
    expected = re.sub(
        r"<(script|style|svg|math).*?</\1>",
        lambda m: m[0].replace("\n", wordpress._PRESERVED_NEWLINE),
        text,
        flags=re.DOTALL,
    )
    assert wordpress._preserve_newlines(text) == expected


SHORTCODE_PIECES = st.sampled_from(
    ["[toc]", "[toc", "[/toc]", "[[toc]]", "[[", "]]", "]", "[", "[gallery /]", "[x y=2/]",
     '[caption id="c1" align="alignleft"]', "[/caption]", '<img src="a.jpg">', "[embed]",
     "[/embed]", "https://example.org/v", "[su_quote a=1]", "[/su_quote]", "\n", " ",
     "Publius", "[sic]"]
)  # fmt: skip


def _regex_shortcodes(text: str, names: list[str]) -> str:
    """WordPress's get_shortcode_regex() applied as the reader did before, without the lines."""
    tags = "|".join(re.escape(name) for name in names)
    pattern = re.compile(
        r"\[(\[?)(" + tags + r")(?![\w-])"
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\](?:([^\[]*(?:\[(?!/\2\])[^\[]*)*)\[/\2\])?)"
        r"(\]?)",
        re.DOTALL,
    )

    def replace(match: re.Match[str]) -> str:
        if match[1] == "[" and match[6] == "]":
            return match[0][1:-1]
        name, inner = match[2], match[5]
        if name in ("caption", "wp_caption"):
            body = _regex_shortcodes(inner or "", names)
            attributes = wordpress._shortcode_attributes(match[3])
            return match[1] + wordpress._caption_figure(attributes, body) + match[6]
        if inner is None or name in wordpress.ADDRESS_SHORTCODES:
            return match[1] + match[6]
        return match[1] + _regex_shortcodes(inner, names) + match[6]

    return pattern.sub(replace, text)


@settings(max_examples=400, deadline=None)
@given(st.lists(SHORTCODE_PIECES, max_size=25).map("".join))
def test_shortcodes_are_read_as_the_regular_expression_read_them(text: str):
    names = wordpress._shortcode_names(text)
    expected = _regex_shortcodes(text, names) if names else text
    assert expand_shortcodes(text, EXPORT) == expected
