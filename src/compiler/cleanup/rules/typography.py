"""typography: quotes, apostrophes, dashes, ellipses and no-break spaces in the volume's
language (see :mod:`compiler.cleanup.typography`). Runs last, on the final text."""

from __future__ import annotations

from collections import Counter

from ..context import RuleContext
from ..registry import registry
from ..textstream import TextStream
from ..tree import BLOCKS, tag, text_elements
from ..typography import PASSES, edits_for, marks_for


@registry.register("typography", 10, "curly quotes, dashes, ellipses and spaces by language")
def typography(ctx: RuleContext) -> None:
    marks = marks_for(ctx.language)
    counts = Counter[str]()
    for block in list(text_elements(ctx.root)):
        if block is not ctx.root and tag(block) not in BLOCKS:
            continue
        if tag(block) in ("pre", "hr"):
            continue
        stream = TextStream(block)
        for name, step in PASSES:
            counts[name] += stream.apply(edits_for(stream.text, step, marks))
    for name, _ in PASSES:
        ctx.record("changed", count=counts[name], note=name)
