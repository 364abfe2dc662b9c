"""Project Gutenberg's stand-ins for pictures ("[Illustration: …]", "[Figure 43]"), for
``orphan-captions``.

A Gutenberg plain-text edition replaces each picture (a drawing, a musical example) by a
bracketed note where it stood, sometimes followed by the words printed in it: the text sung
under the notes, "[Figure 43] [W: I weep not, I am not sighing…]". A book made from that text
has no picture to show, so the note is a caption without its image, and so are the short lines
printed above the picture ("Orpheus bewailing his fate.") or beside the note on its line
("Arabian Melody [Figure 39]"). A note inside a sentence of prose is taken out of the sentence,
which stays.
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..textstream import TextStream
from ..tree import Element, has_embedded, plain, tag, words
from ..typography.edits import Edit

_PLACEHOLDER = re.compile(
    # "[Illustration]", "[Illustration: caption]", "[Figure 43]", "[Fig. 3: caption]".
    r"\[(?:Illustration|Figure|Fig\.|Image|Picture|Music)(?:\s*[\dIVXLC]+[a-z]?\.?)?"
    r"(?::[^\[\]]*)?\]"
    # What the transcriber read off the picture: "[W: words]", "[Music: …]".
    r"(?:\s*\[[A-Z][a-z]{0,9}: [^\[\]]*\])*"
)
# A caption is a line of a few words; the same limit as the other captions of the rule.
_MAX_WORDS = 12
# Captions printed above one picture: a title and a line about it ("EURYDICE--PERI.").
_CAPTIONS_ABOVE = 2


def remove_placeholders(ctx: RuleContext, blocks: list[Element]) -> None:
    for index, block in enumerate(blocks):
        if tag(block) != "p" or block.getparent() is None or has_embedded(block):
            continue
        text = plain(block)
        if not _PLACEHOLDER.search(text):
            continue
        if _is_caption(_PLACEHOLDER.sub(" ", text)):
            for above in _captions_above(blocks, index):
                ctx.remove(above, note="caption of a picture not in the text")
            ctx.remove(block, note="picture not in the text")
        else:
            _remove_from_sentence(ctx, block)


def _is_caption(text: str) -> bool:
    return len(words(text)) <= _MAX_WORDS


def _captions_above(blocks: list[Element], index: int) -> list[Element]:
    found: list[Element] = []
    for block in reversed(blocks[max(0, index - _CAPTIONS_ABOVE) : index]):
        if (
            tag(block) != "p"
            or block.getparent() is None
            or has_embedded(block)
            or block.find(".//a") is not None
            or _PLACEHOLDER.search(plain(block))
            or not _is_caption(plain(block))
        ):
            break
        found.append(block)
    return found[::-1]  # in reading order, for the report


def _remove_from_sentence(ctx: RuleContext, block: Element) -> None:
    stream = TextStream(block)
    edits = [Edit(found.start(), found.end(), "") for found in _PLACEHOLDER.finditer(stream.text)]
    removed = [stream.text[edit.start : edit.end] for edit in edits]
    if stream.apply(_with_space_before(stream.text, edits)):
        for text in removed:
            ctx.record("removed", text, note="picture not in the text")


def _with_space_before(text: str, edits: list[Edit]) -> list[Edit]:
    """Each note with the space before it, so no double space is left in the sentence."""
    return [
        Edit(edit.start - 1, edit.end, "") if edit.start and text[edit.start - 1] == " " else edit
        for edit in edits
    ]
