"""Running heads that fit their line.

A running head that wraps or runs into the folio is the first thing a reader (and a
publisher's reviewer) notices. CSS cannot shorten a string by whole words, and WeasyPrint's
``text-overflow: ellipsis`` cuts mid-word, so the heads are measured here with the same
engine, fonts and style as the page margin, and every title too wide is cut back to the
longest run of whole words that fits with an ellipsis. A cut is a display line's break: it
never falls after an article, a preposition, a conjunction or a number ("…in Relation to
the…" reads as a slip, "…in Relation…" as a shortened title), the rule
:mod:`compiler.book.display_lines` applies to every other display line. ``short_title`` stays
the editor's way to choose a better head than a cut one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from weasyprint import Document
from weasyprint.formatting_structure import boxes

from compiler.book.display_lines import ends_on_bound_word

ELLIPSIS = "\u2026"

# The attribute the templates put the running title in (chapters, and the half-title for the
# book title on versos); print.css reads it with ``string-set: ... attr(data-running-title)``.
_ATTRIBUTE = re.compile(r'data-running-title="([^"]*)"')


# No head line holds more characters than this, even on the widest trim in the smallest type:
# longer candidates are never measured, so fitting costs the same for any length of title.
MAX_HEAD_CHARS = 160


def candidates(title: str, language: str = "en") -> list[str]:
    """The title, then ever shorter whole-word prefixes ending in an ellipsis, none longer
    than :data:`MAX_HEAD_CHARS` and none ending on a word a display line may not end on
    (unless no other prefix is left: a head of one bound word beats none)."""
    words = title.split()
    whole = " ".join(words)
    options = [whole] if len(whole) <= MAX_HEAD_CHARS else []
    length = -1  # of the first n words joined
    prefixes = []
    for word in words[:-1]:
        length += len(word) + 1
        if length + 1 > MAX_HEAD_CHARS:
            break
        prefixes.append((length, word))
    cuts = [end for end, word in prefixes if not ends_on_bound_word(word, language)]
    if not cuts and prefixes:
        cuts = [prefixes[0][0]]
    options += [whole[:end].rstrip(",;:.-\u2013\u2014") + ELLIPSIS for end in reversed(cuts)]
    return options or [whole[: MAX_HEAD_CHARS - 1] + ELLIPSIS]


def fit(title: str, widths: dict[str, float], available: float, language: str = "en") -> str:
    """The longest candidate of ``title`` whose measured width fits ``available``."""
    options = candidates(title, language)
    for option in options:
        if widths[option] <= available:
            return option
    return options[-1]


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
    """Each title mapped to the longest whole-word cut of it that fits ``available_px``."""
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
