"""Running heads that fit their line, shortened by sense.

A running head that wraps or runs into the folio is the first thing a reader (and a
publisher's reviewer) notices, and a head cut off with an ellipsis the second: a book designer
never prints one. CSS cannot shorten a string by whole words (WeasyPrint's ``text-overflow:
ellipsis`` cuts mid-word), so the heads are measured here with the same engine, fonts and
style as the page margin, and a title too wide is shortened as an editor would shorten it: to
the part before a colon, a dash or another subtitle separator when that fits ("No. 55: The
Same Subject Continued…" heads its pages "No. 55"); else to the longest leading run of whole
words that fits and ends on a word of sense. Like a display line's break
(:mod:`compiler.book.display_lines`, whose word lists this reuses), it never ends on an
article, a preposition, a conjunction or a number: "…in Relation to the" reads as a slip,
"…in Relation" as a shortened title. The build warns for each chapter cut to its opening
words, naming the words chosen: ``short_title`` stays the editor's way to choose a better head.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable

from weasyprint import Document
from weasyprint.formatting_structure import boxes

from compiler.book.display_lines import ends_on_bound_word, is_short_word
from compiler.book.model import Chapter
from compiler.errors import Diagnostics

# The attribute the templates put the running title in (chapters, and the half-title for the
# book title on versos); print.css reads it with ``string-set: ... attr(data-running-title)``.
_ATTRIBUTE = re.compile(r'data-running-title="([^"]*)"')


# No head line holds more characters than this, even on the widest trim in the smallest type:
# longer candidates are never measured, so fitting costs the same for any length of title.
MAX_HEAD_CHARS = 160

# Where a title's main part ends and its subtitle begins: a colon or semicolon before a space
# ("No. 55: The Same…", "Frankenstein; or, …"), a spaced dash or bar, an em dash between
# words. An unspaced en dash is a range ("1788–1790"), a full stop may follow "No.": neither.
_SUBTITLE_SEPARATOR = re.compile(r"[:;]\s|\s[\u2013\u2014|]\s|(?<=\w)\u2014(?=\w)")

# What a shortened head does not end on: the separator or the comma that followed its last
# word in the title.
_TRAILING = ",;:|-\u2013\u2014"


def _closes_sense(last_word: str, language: str) -> bool:
    """Whether a head ending on ``last_word`` (as the title spells it, punctuation and all)
    reads as finished."""
    return not ends_on_bound_word(last_word, language) and not is_short_word(last_word, language)


def _trimmed(head: str) -> str:
    """``head`` without the punctuation that led on to the rest of the title; a full stop
    is dropped unless it marks an abbreviation ("U.S.")."""
    head = head.rstrip(_TRAILING).rstrip()
    last = head.rsplit(" ", 1)[-1]
    if last.endswith(".") and "." not in last[:-1] and not is_short_word(last):
        head = head[:-1]
    return head


def _main_titles(title: str, language: str) -> list[str]:
    """The parts of ``title`` before each subtitle separator, longest first."""
    parts = []
    for match in _SUBTITLE_SEPARATOR.finditer(title[: MAX_HEAD_CHARS + 1]):
        part = _trimmed(title[: match.start()])
        words = part.split()
        # The separator closes the phrase, so a number may end it ("No. 55").
        if words and len(part) <= MAX_HEAD_CHARS and not is_short_word(words[-1], language):
            parts.append(part)
    return parts[::-1]


def _leading_runs(title: str, language: str) -> list[str]:
    """Whole-word beginnings of ``title``, longest first, none ending against the sense."""
    words = title.split()
    runs = []
    length = -1  # of the first n words joined
    for index, word in enumerate(words[:-1]):
        length += len(word) + 1
        if length > MAX_HEAD_CHARS:
            break
        if _closes_sense(word, language):
            run = _trimmed(" ".join(words[: index + 1]))
            if run:
                runs.append(run)
    return runs[::-1]


def candidates(title: str, language: str = "en") -> list[str]:
    """The running heads ``title`` may print, in order of preference: the whole title, its
    main title before each subtitle separator, then its whole-word beginnings that end on a
    word of sense, longest first; none longer than :data:`MAX_HEAD_CHARS`. The last is the
    head printed when none fits (the first word when every beginning ends on a bound word:
    a head of one word beats none)."""
    whole = " ".join(title.split())
    options = [whole] if len(whole) <= MAX_HEAD_CHARS else []
    for option in [*_main_titles(whole, language), *_leading_runs(whole, language)]:
        if option not in options:
            options.append(option)
    if len(options) < 2 and whole:
        first = _trimmed(whole.split()[0][:MAX_HEAD_CHARS]) or whole.split()[0][:MAX_HEAD_CHARS]
        if first not in options:
            options.append(first)
    return options


def fit(title: str, widths: dict[str, float], available: float, language: str = "en") -> str:
    """The first candidate of ``title`` whose measured width fits ``available``."""
    options = candidates(title, language)
    for option in options:
        if widths[option] <= available:
            return option
    return options[-1]


def warn_shortened(
    chapters: Iterable[Chapter], fitted: dict[str, str], diagnostics: Diagnostics, language: str
) -> None:
    """Warn once for each chapter whose running head had to be cut to a run of its opening
    words, naming the words chosen so the editor can keep them or give better ones.

    A head that is the title's main part, before its subtitle separator ("No. 55" for "No.
    55: The Same Subject Continued…"), is what an editor would choose and needs no word: a
    warning for it would only teach a volume of numbered papers to ignore warnings, and would
    fail every ``--strict`` build of one.
    """
    for chapter in chapters:
        title = " ".join(chapter.running_title.split())
        head = fitted.get(chapter.running_title, title)
        if head == title or head in _main_titles(title, chapter.language or language):
            continue
        diagnostics.warn(
            f"the title “{title}” is too long for the running head, which prints "
            f"“{head}”; to choose the words, set short_title: "
            f"{json.dumps(head, ensure_ascii=False)} in its contents entry or front matter",
            chapter.source,
        )


Render = Callable[[str], Document]
"""Lays out an HTML string with the interior's stylesheets and fonts."""


def measure(texts: Iterable[str], render: Render, language: str) -> dict[str, float]:
    """Width in CSS px of each text set as a running head (class ``running-head-measure``)."""
    unique = sorted(set(texts))
    lines = "".join(f'<p class="running-head-measure">{html.escape(text)}</p>' for text in unique)
    document = render(f'<html lang="{html.escape(language)}"><body>{lines}</body></html>')
    found: list[float] = []
    for page in document.pages:
        for box in page._page_box.descendants():
            classes = (box.element.get("class") or "") if box.element is not None else ""
            if "running-head-measure" in classes and isinstance(box, boxes.BlockBox):
                found.append(box.width)
    return dict(zip(unique, found, strict=True))


def running_titles(document_html: str) -> set[str]:
    """Every running title the templates wrote into ``document_html``."""
    return {html.unescape(value) for value in _ATTRIBUTE.findall(document_html)}


def fitted_titles(
    titles: Iterable[str], available_px: float, render: Render, language: str
) -> dict[str, str]:
    """Each title mapped to the head it prints: itself, or the shortened form that fits
    ``available_px``."""
    titles = sorted(set(titles))
    if not titles:
        return {}
    widths = measure(
        (option for title in titles for option in candidates(title, language)), render, language
    )
    return {title: fit(title, widths, available_px, language) for title in titles}


def apply(document_html: str, fitted: dict[str, str]) -> str:
    """``document_html`` with every running title replaced by its fitted form."""

    def replace(match: re.Match[str]) -> str:
        title = html.unescape(match[1])
        return f'data-running-title="{html.escape(fitted.get(title, title))}"'

    return _ATTRIBUTE.sub(replace, document_html)


def fit_document(document_html: str, available_px: float, render: Render, language: str) -> str:
    """Rewrite every running title in ``document_html`` to fit ``available_px``."""
    titles = running_titles(document_html)
    if not titles:
        return document_html
    return apply(document_html, fitted_titles(titles, available_px, render, language))
