"""Hard limits on what one build will accept, so a hostile or broken file fails fast.

Each limit sits far above anything a real essay collection needs (a long essay is under
100 KiB of text; a full-page print image at 300 dpi is about 6 megapixels), so a publisher
only meets one when a file is broken or built to exhaust the machine: a multi-gigabyte
"article", a PNG that inflates to tens of gigabytes, markup nested thousands of levels deep
(which overflows the recursive parts of Markdown, lxml and the page layout engine).
Every limit fails with a message that names it, never with a MemoryError or RecursionError.
"""

from __future__ import annotations

from lxml import etree

from .errors import BookError

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # one article file (Markdown, HTML page)
MAX_EXPORT_BYTES = 200 * 1024 * 1024  # one WordPress export, which holds a whole site
MAX_ARTICLES = 1000  # articles in one volume: ten times the longest anthology
MAX_NESTING = 100  # levels of elements inside one another in an article body
MAX_BRACKETS = 1000  # '[' in one Markdown paragraph (link parsing is quadratic in them)
MAX_IMAGE_BYTES = 30 * 1024 * 1024  # one image file
MAX_IMAGE_PIXELS = 25_000_000  # width x height of one raster image, before decoding it
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


def too_deep_message(limit: int = MAX_NESTING) -> str:
    return (
        f"the text is nested more than {limit} levels deep (blockquotes, lists or <div>s "
        "inside one another); no page can show that, so the file is probably broken"
    )
