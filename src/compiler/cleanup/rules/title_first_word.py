"""title-first-word: the text's first word, read into the title above it.

A printed essay opens with its first word in capitals, often with a large initial set apart
from the line. Text extracted from such a page runs the heading and the first line together,
and the title ends with the text's first word while the text begins with its second: "…the
Term of the Service of the Members I" over "SHALL here, perhaps, be reminded…", "…in Relation
to the Same Point The" over "SECOND charge against the House…". The word goes back to the
text, in the opening's capitals ("I SHALL here", "THE SECOND charge").

The evidence is both ends: the text opens with a word in capitals running into lower-case
text, and the title ends with a word that opens a sentence and never ends a title ("The", "A",
"An"), or with "I" where the text's first word could follow it as a verb does (not "THE",
"IN"..., so "World War I" over "THE war began" keeps its numeral).
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..textstream import TextStream
from ..tree import body_blocks, tag
from ..typography.edits import Edit

_LAST_WORD = re.compile(r"\s(?P<word>The|An|A|I)$")
# The opening in capitals, then the sentence going on in lower case.
_OPENING = re.compile(r"\s*(?P<word>[A-Z][A-Z'’-]+)\b(?=[\s,;]+[a-z])")
# After "I" a verb comes; these words cannot follow it, so a title's "I" is its own.
_NOT_AFTER_I = frozenset(
    {
        "THE", "A", "AN", "THIS", "THAT", "THESE", "THOSE", "IN", "ON", "AT", "OF", "TO",
        "FOR", "BY", "WITH", "FROM", "IT", "WE", "HE", "SHE", "THEY", "AND", "BUT", "OR",
    }
)  # fmt: skip


@registry.register("title-first-word", 89, "give the text back its first word, read into the title")
def title_first_word(ctx: RuleContext) -> None:
    title = ctx.meta.title
    blocks = body_blocks(ctx.root)
    if not title or not blocks or tag(blocks[0]) != "p":
        return
    last = _LAST_WORD.search(title.strip())
    stream = TextStream(blocks[0])
    opening = _OPENING.match(stream.text)
    if last is None or opening is None:
        return
    word, first = last.group("word"), opening.group("word")
    if word == "I" and first in _NOT_AFTER_I:
        return
    replacement = f"{word.upper()} {first}"
    if stream.apply([Edit(opening.start("word"), opening.end("word"), replacement)]):
        kept = title.strip()[: last.start()].rstrip()
        ctx.set_meta("title", kept)
        ctx.record(
            "moved", f"{word} → “{replacement}…”", note=f"from the end of the title {title!r}"
        )
