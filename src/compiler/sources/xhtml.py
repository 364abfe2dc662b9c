"""Trees to XHTML that an HTML parser reads back the same way.

lxml's XML serialiser writes every empty element as ``<em/>``. An XML parser (an EPUB reader)
reads that as an empty element, but the print path and ebooklib parse the body as HTML, where
``<em/>`` is an opening tag: everything up to the next block boundary turns italic, or into a
link for an ``<a/>``. Only void elements (``<br/>``, ``<img/>``) may be written self-closed;
every other empty element is written with its end tag.
"""

from __future__ import annotations

from lxml import etree

VOID_ELEMENTS: frozenset[str] = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    }
)  # fmt: skip


def to_xhtml(element: etree._Element) -> str:
    """``element`` and its content as XHTML, with no non-void element self-closed."""
    keep_end_tags(element)
    return etree.tostring(element, method="xml", encoding="unicode")


def keep_end_tags(element: etree._Element) -> None:
    """Make lxml write every empty non-void element in ``element`` with its end tag.

    An empty text (``""``, not ``None``) is what makes lxml write the end tag; the tree is
    otherwise left as it was.
    """
    for node in element.iter():
        if (
            isinstance(node.tag, str)
            and node.text is None
            and len(node) == 0
            and _local(node.tag) not in VOID_ELEMENTS
        ):
            node.text = ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()
