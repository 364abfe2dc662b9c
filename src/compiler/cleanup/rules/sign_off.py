"""sign-off: a signature run on into the essay's last line ("…of the people. PUBLIUS"),
set as a paragraph of its own.

An edition read from a PDF loses the line break before the signature a paper was signed
with: "…the authors of them. PUBLIUS" then prints as the end of the last sentence. Printed
editions set it on a line of its own, right-aligned in small capitals (``.signature`` in
base.css). The essay's last paragraph is split only where the shape is unmistakable: the end
of a sentence, then one word of four capitals or more that the essay writes nowhere else, at
the very end of the paragraph; or followed by the text of a note the edition printed at the
foot of its last page ("PUBLIUS 32 Particularly in the Southern States…"), when another
essay of the volume uses the same word. That note text becomes a paragraph of its own after
the signature. The word itself is never changed, and a pseudonym is kept (``signature``
removes a name that repeats the author's).
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from ..context import RuleContext
from ..registry import registry
from ..tree import Element, body_blocks, tag

CLASS = "signature"

_SIGNED = re.compile(
    r"(?:(?<=[.!?…\"”’)])\s+|^\s*)(?P<name>[A-Z][A-Z'’\-]{2,}[A-Z])\.?"
    r"(?:\s+(?P<note>[1-9]\d{0,2}\s+[A-Z][^\n]*?))?\s*$"
)


@registry.register("sign-off", 18, "set a signature run on into the last line on its own")
def sign_off(ctx: RuleContext) -> None:
    blocks = body_blocks(ctx.root)
    paragraph = blocks[-1] if len(blocks) > 1 else None
    if paragraph is None or tag(paragraph) != "p" or CLASS in _classes(paragraph):
        return
    last = paragraph[-1] if len(paragraph) else None
    text = (last.tail if last is not None else paragraph.text) or ""
    found = _SIGNED.search(text)
    if found is None:
        return
    name, note = found.group("name"), found.group("note")
    alone = found.start() == 0 and last is None  # a paragraph that is only the signature
    if ctx.root.text_content().count(name) > 1 or (note and not _signs_elsewhere(ctx, name)):
        return
    if alone:
        signature = paragraph
        signature.text = name
        signature.set("class", CLASS)
    else:
        if last is not None:
            last.tail = text[: found.start()]
        else:
            paragraph.text = text[: found.start()]
        signature = lxml_html.Element("p", {"class": CLASS})
        signature.text = name
        signature.tail = paragraph.tail
        paragraph.tail = None
        paragraph.addnext(signature)
    ctx.record("separated", name)
    if note:
        after = lxml_html.Element("p")
        after.text = note
        after.tail = signature.tail
        signature.tail = None
        signature.addnext(after)
        ctx.record("separated", note, note="the edition's note after it")


def _signs_elsewhere(ctx: RuleContext, name: str) -> bool:
    """Whether another essay of the volume uses the word (only the signature does, in
    capitals: the essays of a volume signed so write no such word in their prose)."""
    return ctx.volume_words is not None and name.casefold() in ctx.volume_words


def _classes(el: Element) -> set[str]:
    return set((el.get("class") or "").split())
