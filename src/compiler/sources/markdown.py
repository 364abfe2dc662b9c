"""Markdown articles, with the front matter static-site generators write.

Python-Markdown renders the body; the result is parsed into the same lxml tree the other
readers produce, so cleanup and footnote handling do not care where an article came from.
Smart quotes are left to the ``typography`` cleanup rule because they depend on the volume's
language, which Python-Markdown's ``smarty`` does not know.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from ..errors import BookError, Diagnostics, Problem
from .base import RawArticle
from .front_matter import post_front_matter
from .limits import (
    MAX_BLOCKS,
    MAX_BRACKETS,
    MAX_OPEN_TAGS,
    too_deep_message,
    too_many_blocks,
)
from .markdown_liquid import LiquidSafeAttrList
from .markdown_spans import BracketedSpans
from .markdown_tables import TableCaptions
from .sanitize import html_to_tree, sanitize_html, warn_removed
from .text import read_article_text

EXTENSIONS = [
    "footnotes",
    "tables",
    LiquidSafeAttrList(),
    "sane_lists",
    "fenced_code",
    "def_list",
    BracketedSpans(),
    TableCaptions(),
]
# A '<' that starts a tag (or an autolink) with no '>' before the next '<'.
_OPEN_TAG = re.compile(r"<[A-Za-z/!?][^<>]*(?=<|$)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def read_markdown(path: Path, diagnostics: Diagnostics) -> RawArticle:
    """Read one Markdown article into a tree plus the metadata its front matter declares."""
    text = read_article_text(path, diagnostics)
    header = post_front_matter(text, path)
    body, body_line = header.body, header.body_line
    _check_brackets(body, path, body_line)
    try:
        html = markdown.markdown(body, extensions=EXTENSIONS, output_format="xhtml")
    except RecursionError:
        # Python-Markdown parses nested lists and blockquotes recursively.
        raise BookError(too_deep_message(), path) from None
    warn_removed(html, path, diagnostics, text)
    markup = sanitize_html(html)
    return RawArticle(
        source=path,
        root=html_to_tree(markup),
        meta=header.meta,
        body_line=body_line,
        text=text,
        text_line=1,
        unused_keys=header.unused,
        markup=markup,
    )


def _check_brackets(body: str, path: Path, body_line: int) -> None:
    """Refuse a paragraph flooded with ``[`` or with unclosed tags (``<a <a <a``):
    Python-Markdown looks for the end of a link, or of a tag, from every one of them, so a
    few thousand in one paragraph take minutes to render."""
    separators = list(_BLANK_LINE.finditer(body))
    if len(separators) >= MAX_BLOCKS:
        # Counted before rendering, which alone takes seconds per 10,000 paragraphs.
        raise BookError(Problem(too_many_blocks(len(separators) + 1), path, body_line, 1))
    if body.count("[") <= MAX_BRACKETS and body.count("<") <= MAX_OPEN_TAGS:
        return
    start = 0
    for separator in [*separators, None]:
        end = separator.start() if separator is not None else len(body)
        count = body.count("[", start, end)
        tags = len(_OPEN_TAG.findall(body, start, end))
        if count > MAX_BRACKETS or tags > MAX_OPEN_TAGS:
            what = (
                f"{count} '[' characters (the limit is {MAX_BRACKETS})"
                if count > MAX_BRACKETS
                else f"{tags} tags opened with '<' and not closed with '>' "
                f"(the limit is {MAX_OPEN_TAGS})"
            )
            raise BookError(
                Problem(
                    f"a paragraph holds {what}; "
                    "Markdown cannot render that many in reasonable time, so the file is "
                    "probably broken",
                    path,
                    body_line + body.count("\n", 0, start),
                    1,
                )
            )
        if separator is not None:
            start = separator.end()
