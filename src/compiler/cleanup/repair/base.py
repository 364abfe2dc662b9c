"""What every repair shares: the report log, the element classes, and small tree questions."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import html as lxml_html

from ...sources.sanitize import BLOCK_TAGS
from ..report import Change

Element = lxml_html.HtmlElement

RULE = "valid-xhtml"

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose content must be phrasing (inline) content only.
PHRASING_ONLY = HEADINGS | frozenset(
    {
        "p", "pre", "em", "strong", "i", "b", "u", "s", "sub", "sup", "small", "del", "ins",
        "mark", "a", "code", "kbd", "samp", "var", "abbr", "cite", "q", "dfn", "span",
    }
)  # fmt: skip
INLINE = PHRASING_ONLY - HEADINGS - {"p", "pre"}
# Blocks that hold other blocks only, never text of their own.
CONTAINERS = frozenset({"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr"})
LISTS = frozenset({"ul", "ol"})
# Elements that show something without text: an inline element holding one is not empty.
SHOWN = frozenset({"img", "br", "table", "hr"})
SPACES = " \t\n\r\f\u00a0\u200b\ufeff"


@dataclass
class RepairLog:
    """Changes gathered by the passes; bulk repairs are counted and reported once each."""

    changes: list[Change] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def quote(self, action: str, text: str, note: str) -> None:
        change = Change(RULE, action, squash(text) or "(no text)", note=note)
        if change not in self.changes:  # one link split around a block is one change
            self.changes.append(change)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def result(self) -> list[Change]:
        bulk = [Change(RULE, "changed", count=n, note=what) for what, n in self.counts.items()]
        return self.changes + bulk


def unlink(a: Element) -> None:
    """The link goes, its text stays; an id it carried stays as a target on a ``<span>``."""
    if a.get("id"):
        a.tag = "span"
        for name in list(a.attrib):
            if name not in ("id", "class", "lang", "dir", "title"):
                del a.attrib[name]
    else:
        a.drop_tag()


def is_el(node: object) -> bool:
    return isinstance(getattr(node, "tag", None), str)


def is_block(node: object) -> bool:
    return is_el(node) and node.tag in BLOCK_TAGS  # type: ignore[attr-defined]


def has_content(element: Element) -> bool:
    """True if the element shows anything: text other than spaces, or an image, a break."""
    if (element.text or "").strip(SPACES):
        return True
    for node in element.iter():
        if node is element:
            continue
        if is_el(node) and node.tag in SHOWN:
            return True
        if (node.text or "").strip(SPACES) or (node.tail or "").strip(SPACES):
            return True
    return False


def append_text_at(parent: Element, index: int, text: str) -> None:
    if index > 0:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def squash(text: str) -> str:
    return " ".join(text.split())
