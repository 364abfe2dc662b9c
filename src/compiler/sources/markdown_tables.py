"""Table captions in Markdown, as pandoc writes them: a ``Table: …`` paragraph beside a table.

Python-Markdown's tables have no caption syntax. Pandoc's is the one authors know: a
paragraph starting ``Table:`` right before or right after the table becomes its
``<caption>``, which screen readers announce with the table and which prints with it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_LABEL = re.compile(r"^\s*[Tt]able:\s*")


class _CaptionProcessor(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            children = list(parent)
            for index, child in enumerate(children):
                if child.tag != "p" or not _LABEL.match(child.text or ""):
                    continue
                table = _uncaptioned_table(children, index + 1) or _uncaptioned_table(
                    children, index - 1
                )
                if table is not None:
                    _make_caption(parent, child, table)


def _uncaptioned_table(children: list[ET.Element], index: int) -> ET.Element | None:
    if 0 <= index < len(children) and children[index].tag == "table":
        table = children[index]
        if table.find("caption") is None:
            return table
    return None


def _make_caption(parent: ET.Element, paragraph: ET.Element, table: ET.Element) -> None:
    """Move the paragraph's content, less its ``Table:`` label, into the table's caption."""
    caption = ET.Element("caption")
    caption.text = _LABEL.sub("", paragraph.text or "", count=1)
    caption.extend(list(paragraph))
    table.insert(0, caption)
    parent.remove(paragraph)


class TableCaptions(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After inline markup (20), so the caption keeps its emphasis and links.
        md.treeprocessors.register(_CaptionProcessor(md), "table_captions", 15)
