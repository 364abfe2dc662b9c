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
from ..limits import MAX_BRACKETS, too_deep_message
from .base import RawArticle
from .front_matter import post_front_matter
from .sanitize import html_to_tree, sanitize_html, warn_removed
from .text import read_article_text

EXTENSIONS = ["footnotes", "tables", "attr_list", "sane_lists", "fenced_code", "def_list"]
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
    root = html_to_tree(sanitize_html(html))
    return RawArticle(
        source=path,
        root=root,
        meta=header.meta,
        body_line=body_line,
        text=text,
        text_line=1,
        unused_keys=header.unused,
    )


def _check_brackets(body: str, path: Path, body_line: int) -> None:
    """Refuse a paragraph flooded with ``[``: Python-Markdown looks for the end of a link from
    every one of them, so a few thousand in one paragraph take minutes to render."""
    if body.count("[") <= MAX_BRACKETS:
        return
    start = 0
    for separator in [*_BLANK_LINE.finditer(body), None]:
        end = separator.start() if separator is not None else len(body)
        count = body.count("[", start, end)
        if count > MAX_BRACKETS:
            raise BookError(
                Problem(
                    f"a paragraph holds {count} '[' characters (the limit is {MAX_BRACKETS}); "
                    "Markdown cannot render that many in reasonable time, so the file is "
                    "probably broken",
                    path,
                    body_line + body.count("\n", 0, start),
                    1,
                )
            )
        if separator is not None:
            start = separator.end()
