"""Hard limits on what one build will accept, so a hostile or broken file fails fast.

Each limit sits far above anything a real essay collection needs (a long essay is under
100 KiB of text; a full-page print image at 300 dpi is about 6 megapixels), so a publisher
only meets one when a file is broken or built to exhaust the machine: a multi-gigabyte
"article", a PNG that inflates to tens of gigabytes, markup nested thousands of levels deep
(which overflows the recursive parts of Markdown, lxml and the page layout engine).
Every limit fails with a message that names it, never with a MemoryError or RecursionError.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from ruamel.yaml import YAML
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
)

from ..errors import BookError, Problem

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # one article file (Markdown, HTML page)
MAX_EXPORT_BYTES = 200 * 1024 * 1024  # one WordPress export, which holds a whole site
MAX_ARTICLES = 1000  # articles in one volume: ten times the longest anthology
MAX_NESTING = 100  # levels of elements inside one another in an article body
MAX_BLOCKS = 20_000  # paragraphs, headings, list items... in one article: a whole novel has 12,000
MAX_TITLE = 500  # characters in an article's title: the longest real ones have about 200
MAX_WORD = 1000  # characters without a space: a long web address has 200 (see long_words.py)
MAX_BRACKETS = 1000  # '[' in one Markdown paragraph (link parsing is quadratic in them)
MAX_IMAGE_BYTES = 30 * 1024 * 1024  # one image file
MAX_IMAGE_PIXELS = 25_000_000  # width x height of one raster image, before decoding it
MAX_YAML_DEPTH = 50  # collections inside one another in volume.yaml or front matter
MAX_YAML_NODES = 100_000  # values in one YAML document once its aliases are expanded
MAX_OPEN_TAGS = 1000  # '<' starting a tag not closed before the next '<', in one paragraph
PATTERN_TIMEOUT_S = 0.25  # one user regex (cleanup.drop) on one paragraph: real ones take µs
MAX_JOBS = 32  # layout worker processes: each holds a WeasyPrint layout of a few hundred MB


def check_jobs(jobs: int) -> int:
    """``jobs`` when it is a sane number of worker processes; a clear error otherwise."""
    if not 1 <= jobs <= MAX_JOBS:
        raise BookError(
            f"--jobs {jobs}: choose between 1 and {MAX_JOBS} layout workers (each needs a few "
            "hundred MB of memory; more workers than cores only slow the build down)"
        )
    return jobs


def nesting_depth(root: etree._Element, limit: int = MAX_NESTING) -> int:
    """How deep elements nest under ``root``, counting no further than ``limit + 1``.

    Iterative on purpose: the trees this guards against are the ones that would overflow a
    recursive walk.
    """
    deepest = 0
    stack: list[tuple[etree._Element, int]] = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                return deepest
        stack.extend((child, depth + 1) for child in element if isinstance(child.tag, str))
    return deepest


def too_many_blocks(count: int) -> str:
    return (
        f"the article holds {count} paragraphs, headings or list items (the limit is "
        f"{MAX_BLOCKS}, more than a whole novel); split it into several articles"
    )


def too_deep_message(limit: int = MAX_NESTING) -> str:
    return (
        f"the text is nested more than {limit} levels deep (blockquotes, lists or <div>s "
        "inside one another); no page can show that, so the file is probably broken"
    )


# Block sequence entries opened on one line ("- - - x"): nesting without indentation.
_DASH_RUN = re.compile(r"^(?:[ \t]*-(?=[ \t]))+", re.MULTILINE)


def check_yaml(text: str, file: str | Path, first_line: int = 1) -> None:
    """Refuse YAML nested too deep or whose aliases expand too far, before it is loaded.

    Aliases are references, so a few lines can stand for billions of values (the "billion
    laughs"), which later code walking the loaded data would expand; deep nesting overflows
    the loader's recursion. The parser itself is quadratic in the depth of ``[`` and ``{``
    nesting, so that depth is measured on the text first. ``first_line`` is the file line
    the text starts at, for the message.
    """
    _check_yaml_text(text, file, first_line)
    expanded: dict[str, int] = {}  # anchor -> values its node stands for
    sizes: list[int] = [0]  # values so far in each open collection (and the document)
    anchors: list[str | None] = [None]
    for event in YAML(typ="rt").parse(text):
        mark = event.start_mark
        if isinstance(event, CollectionStartEvent):
            sizes.append(1)
            anchors.append(event.anchor)
            if len(sizes) - 1 > MAX_YAML_DEPTH:
                raise BookError(_yaml_problem(file, first_line + mark.line, mark.column + 1))
            continue
        if isinstance(event, CollectionEndEvent):
            size, anchor = sizes.pop(), anchors.pop()
        elif isinstance(event, AliasEvent):
            size, anchor = expanded.get(event.anchor, 1), None
        elif isinstance(event, NodeEvent):
            size, anchor = 1, event.anchor
        else:
            continue
        if anchor is not None:
            expanded[anchor] = size
        sizes[-1] += size
        if sizes[-1] > MAX_YAML_NODES:
            raise BookError(
                Problem(
                    f"the YAML expands to more than {MAX_YAML_NODES} values through its "
                    "aliases ('*name'); no book metadata needs that, so the file is probably "
                    "broken (or built to exhaust the machine)",
                    file,
                    first_line + mark.line,
                    mark.column + 1,
                )
            )


def _check_yaml_text(text: str, file: str | Path, first_line: int) -> None:
    """A cheap upper bound of the nesting, on the text: ``[`` and ``{`` not yet closed (quotes
    are ignored, which can only overcount) and runs of ``- `` opening sequences on one line."""
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = text.count("\n", 0, index)
                col = index - (text.rfind("\n", 0, index) + 1) + 1
                raise BookError(_yaml_problem(file, first_line + line, col))
        elif char in "]}" and depth:
            depth -= 1
    for run in _DASH_RUN.finditer(text):
        if run.group().count("-") > MAX_YAML_DEPTH:
            line = text.count("\n", 0, run.start())
            raise BookError(_yaml_problem(file, first_line + line, 1))


def _yaml_problem(file: str | Path, line: int, col: int) -> Problem:
    return Problem(
        f"the YAML is nested more than {MAX_YAML_DEPTH} levels deep; no book metadata needs "
        "that, so the file is probably broken",
        file,
        line,
        col,
    )
