"""The printed index's page numbers: each page once, consecutive pages merged into ranges.

The index template gives every occurrence of a term an empty link to its anchor. CSS alone
could print a number per link (``target-counter``) but not see that three of them are the
same page, or that 45, 46 and 47 should read "45–47" (Chicago 16.12). Once the body is laid
out the page of every anchor is known (the same numbers the cross-references get, see
:mod:`compiler.interior.xrefs`; the occurrences themselves are found by
:mod:`compiler.interior.index_places`), so the index is rewritten with one link per page or
range before it is laid out, its number written in as text: the first number of a range
leads to its first occurrence, the second to its last. A link element per number made the
index the slowest pages of the book to lay out, so the numbers are plain text and become
links once laid out (:func:`compiler.interior.index_places.number_links`), found from one
comment per entry naming their places in order. An element around each range (to keep it
from breaking at its dash) doubled the index's layout time, so a range is kept whole by a
word joiner after its dash instead. The index comes after every page it lists, so its own
length moves none of them.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from typing import TypeVar

from ..book.render import Page
from .index_places import LINK_MARK, UNNAMED
from .xrefs import PLACEHOLDER

Laid = TypeVar("Laid")

_LOCATORS = re.compile(r'(<span class="index-locators">)(.*?)(</span>)', re.S)
_LOCATOR = re.compile(r'<a class="xref index-locator" href="#([^"]+)"></a>')
RANGE_DASH = "\u2013"
WORD_JOINER = "\u2060"  # no line break on either side, and prints nothing


def has_index(pages: list[Page]) -> bool:
    return any(page.kind == "index" for page in pages)


def waiting(units: list[list[Page]], folios: dict[str, str], first: bool) -> set[int]:
    """The units not worth laying out in this pass: the index's, on a first pass that knows
    no page number (a cold build). Every page it lists comes before it, so the numbers are
    right without it, and it is laid out once, in the next pass, with them."""
    if not first or folios:
        return set()
    return {
        i for i, unit in enumerate(units) if has_index(unit) and "index-locator" in unit[0].html
    }


def with_stand_ins(
    laid: list[Laid], waiting: set[int], stand_in: Callable[[int], Laid]
) -> list[Laid]:
    """``laid`` with a stand-in at each waiting unit's place (made from its position), so
    placing the units (and the page numbers of those before it) works as with the real one."""
    done = iter(laid)
    return [stand_in(i) if i in waiting else next(done) for i in range(len(laid) + len(waiting))]


def runs(anchors: list[str], folios: dict[str, str]) -> list[tuple[str, str | None]]:
    """(first anchor, last anchor or None) per page or range of consecutive pages.

    ``anchors`` are in reading order, so their pages never go back. Anchors whose pages are
    not known yet (a first layout) count as one page: the index is then as short as it can
    be, and is laid out again once the numbers are known.
    """
    out: list[tuple[str, str | None]] = []
    last_page: int | None = None
    last_folio: str | None = None
    for anchor in anchors:
        folio = folios.get(anchor, "")
        page = int(folio) if folio.isdigit() else None
        if out and folio == last_folio:
            continue  # the same page again
        if out and page is not None and last_page is not None and page == last_page + 1:
            out[-1] = (out[-1][0], anchor)
        else:
            out.append((anchor, None))
        last_page, last_folio = page, folio
    return out


def merged(page: Page, folios: dict[str, str]) -> Page:
    """The index page with its places as pages and ranges (see the module docstring)."""
    if page.kind != "index":
        return page

    def number(anchor: str, names: list[str]) -> str:
        folio = html_lib.escape(folios.get(anchor) or PLACEHOLDER)
        if "--" in anchor or anchor.endswith("-") or " " in anchor:  # a name no comment can hold
            names.append(UNNAMED)
            return f'<a class="xref index-locator" href="#{html_lib.escape(anchor)}">{folio}</a>'
        names.append(anchor)
        return folio

    def one(match: re.Match[str]) -> str:
        anchors = [html_lib.unescape(a) for a in _LOCATOR.findall(match.group(2))]
        names: list[str] = []
        places = [
            # A range is never broken at its dash.
            f"{number(first, names)}{RANGE_DASH}{WORD_JOINER}{number(last, names)}"
            if last
            else number(first, names)
            for first, last in runs(anchors, folios)
        ]
        mark = f"<!--{LINK_MARK}{' '.join(names)}-->" if set(names) - {UNNAMED} else ""
        return match.group(1) + mark + "".join(f", {place}" for place in places) + match.group(3)

    return Page(page.id, page.title, page.kind, _LOCATORS.sub(one, page.html))


def arabic_folios(anchor_pages: dict[str, int], body_start: int) -> dict[str, str]:
    """The printed (arabic) number of each body anchor, from its physical page."""
    return {
        name: str(physical - body_start + 1)
        for name, physical in anchor_pages.items()
        if physical >= body_start
    }
