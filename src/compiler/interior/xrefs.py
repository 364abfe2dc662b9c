"""Page references between chapters when the chapters are laid out apart.

In one whole-book layout print.css prints "(see p. N)" after a link to another chapter with
``target-counter()``. A unit laid out on its own cannot: the target may be in another unit,
and even within the unit its pages are counted from 1, not from where the unit lands. So the
parallel build writes each number in as ``data-folio`` (print.css prints that instead). A link
whose target is elsewhere gets a stand-in anchor when its unit is laid out, so WeasyPrint keeps
it (:func:`compiler.interior.units.lay_out`); the book's destination table then points it at
the real place.

Numbers are only known once every unit is placed, and writing them in could move a line, so
the units are laid out again until the numbers they print are the numbers they get; the
numbers of the last build are remembered, so this is usually one layout.
"""

from __future__ import annotations

import html as html_lib
import re

from ..book.render import Page

_XREF_TAG = re.compile(r'<a\b[^>]*\bclass="(?:[^"]*\s)?xref(?:\s[^"]*)?"[^>]*>')
_HREF = re.compile(r'\bhref="#([^"]+)"')
PLACEHOLDER = "00"  # a number of typical width, before the real ones are known


def targets(pages: list[Page]) -> set[str]:
    """The anchors the cross-references of these pages lead to."""
    found: set[str] = set()
    for page in pages:
        for tag in _XREF_TAG.findall(page.html):
            href = _HREF.search(tag)
            if href:
                found.add(html_lib.unescape(href.group(1)))
    return found


def with_folios(page: Page, folios: dict[str, str]) -> Page:
    """The page with each cross-reference's number written in (see the module docstring)."""

    def fill(match: re.Match[str]) -> str:
        tag = match.group(0)
        href = _HREF.search(tag)
        if href is None:
            return tag
        folio = folios.get(html_lib.unescape(href.group(1)), PLACEHOLDER)
        return f'{tag[:-1]} data-folio="{folio}">'

    if "xref" not in page.html:
        return page
    return Page(page.id, page.title, page.kind, _XREF_TAG.sub(fill, page.html))


def folios_of(numbers: dict[str, str], wanted: set[str]) -> dict[str, str]:
    """The arabic folio of each wanted anchor, from the body's page numbers."""
    return {name: numbers[name] for name in sorted(wanted) if name in numbers}
