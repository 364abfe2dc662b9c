"""A block's text as one string, with edits written back into the tree's text nodes.

In the tree, ``"<em>word</em>"`` is three text nodes; quote pairing needs to see the whole
``"word"``. The stream joins a block's text nodes (descending into inline elements but not into
nested blocks), lets a pass compute edits on the joined string, and writes each edit back to
the node(s) it falls in. Code, images and nested blocks appear as one read-only character so
neighbouring punctuation still has the right context, and edits that touch them are refused.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .tree import BLOCKS, EMBEDDED, OPAQUE, Element, tag
from .typography.edits import Edit, apply_edits
from .typography.quotes import OBJECT


@dataclass
class _Slot:
    owner: Element | None  # None: a read-only stand-in
    attr: str  # "text" or "tail"
    text: str


class TextStream:
    def __init__(self, block: Element) -> None:
        self.slots: list[_Slot] = [_Slot(block, "text", block.text or "")]
        self._collect(block)
        self._index()

    def _collect(self, el: Element) -> None:
        for child in el:
            name = tag(child)
            if not name:
                pass  # a comment: its text is not the reader's
            elif name in BLOCKS:
                self.slots.append(_Slot(None, "", "\n"))
            elif name in OPAQUE or name in EMBEDDED:
                self.slots.append(_Slot(None, "", OBJECT))
            elif name == "br":
                self.slots.append(_Slot(None, "", "\n"))
            else:
                self.slots.append(_Slot(child, "text", child.text or ""))
                self._collect(child)
            self.slots.append(_Slot(child, "tail", child.tail or ""))

    def _index(self) -> None:
        self.starts = []
        position = 0
        for slot in self.slots:
            self.starts.append(position)
            position += len(slot.text)
        self.text = "".join(slot.text for slot in self.slots)

    def extent(self, el: Element) -> tuple[int, int]:
        """Where the text inside ``el`` (a descendant of the block) sits in the stream."""
        start = end = len(self.text)
        for slot, position in zip(self.slots, self.starts, strict=True):
            if slot.owner is el and slot.attr == "text":
                start = position
            elif slot.owner is el and slot.attr == "tail":
                end = position
        return start, end

    def apply(self, edits: list[Edit]) -> int:
        """Write non-overlapping edits back to the tree; return how many were applied."""
        per_slot: dict[int, list[Edit]] = {}
        applied = 0
        for edit in edits:
            pieces = self._split(edit)
            if any(self.slots[i].owner is None for i, _ in pieces):
                continue
            for i, piece in pieces:
                per_slot.setdefault(i, []).append(piece)
            applied += 1
        for i, slot_edits in per_slot.items():
            slot = self.slots[i]
            slot.text = apply_edits(slot.text, slot_edits)  # one pass, however many edits
            setattr(slot.owner, slot.attr, slot.text)
        self._index()
        return applied

    def _split(self, edit: Edit) -> list[tuple[int, Edit]]:
        """The edit cut at node boundaries: the first piece gets the replacement, the rest go."""
        pieces = []
        i = bisect_right(self.starts, edit.start) - 1
        replacement = edit.replacement
        while i < len(self.slots) and self.starts[i] < edit.end:
            start = self.starts[i]
            end = start + len(self.slots[i].text)
            if end > edit.start:
                local_start, local_end = max(edit.start, start) - start, min(edit.end, end) - start
                pieces.append((i, Edit(local_start, local_end, replacement)))
                replacement = ""
            i += 1
        return pieces
