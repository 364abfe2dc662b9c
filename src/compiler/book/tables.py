"""Header cells that say what they head, for screen readers.

A screen reader reads a data cell with its headers ("Language: German") only when it knows
which header belongs to which cells. Markdown and most pages write bare ``<th>``; an
accessibility checker accepts the table, but readers guess. A header in the table head, or in
a row of headers only, heads its column; a header beside data cells heads its row.
"""

from __future__ import annotations

from lxml import html as lxml_html

_CELLS = ("th", "td")


def scope_headers(root: lxml_html.HtmlElement) -> None:
    """Give every ``<th>`` without a scope ``col`` or ``row``, by where it stands."""
    for header in root.iter("th"):
        if header.get("scope"):
            continue
        row = header.getparent()
        if row is None:
            continue
        section = row.getparent()
        cells = [cell for cell in row if cell.tag in _CELLS]
        in_head = section is not None and section.tag == "thead"
        only_headers = all(cell.tag == "th" for cell in cells)
        header.set("scope", "col" if in_head or only_headers else "row")
