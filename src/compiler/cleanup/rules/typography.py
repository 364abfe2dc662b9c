"""typography: quotes, apostrophes, dashes, ellipses and no-break spaces in the volume's
language (see :mod:`compiler.cleanup.typography`). Runs last, on the final text.

A passage tagged with another language (``[Qu'est-ce ?]{lang=fr}`` in an English essay, a
``<blockquote lang="de">``) is set in that language's style: French guillemets and spaces
inside a French phrase, English quotes around it. The passage is set on its own first;
then the surrounding text, with the passage fenced off so that its marks neither take the
outer style nor upset the pairing of the quotes around it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..context import RuleContext
from ..registry import registry
from ..textstream import TextStream
from ..tree import BLOCKS, EMBEDDED, OPAQUE, Element, tag, text_elements
from ..typography import PASSES, Marks, edits_for, marks_for

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@registry.register("typography", 10, "curly quotes, dashes, ellipses and spaces by language")
def typography(ctx: RuleContext) -> None:
    counts = Counter[str]()
    for block in list(text_elements(ctx.root)):
        if block is not ctx.root and tag(block) not in BLOCKS:
            continue
        if tag(block) in ("pre", "hr"):
            continue
        _set(block, marks_for(_language(block, ctx.language)), counts)
    for name, _ in PASSES:
        ctx.record("changed", count=counts[name], note=name)


def _set(element: Element, marks: Marks, counts: Counter[str]) -> None:
    """Set each passage inside ``element`` in its own marks, then the rest in ``marks``.

    Passages first, so the text around them sees their final marks (French spacing before a
    colon needs the closing quote of an English passage, not a straight one).
    """
    passages = list(_passages(element, marks))
    for passage, passage_marks in passages:
        _set(passage, passage_marks, counts)
    stream = TextStream(element)
    for name, step in PASSES:
        fenced = [stream.extent(passage) for passage, _ in passages]
        edits = [
            edit
            for edit in edits_for(stream.text, step, marks)
            if not any(edit.start < end and edit.end > start for start, end in fenced)
        ]
        counts[name] += stream.apply(edits)


def _passages(element: Element, marks: Marks) -> Iterator[tuple[Element, Marks]]:
    """The outermost inline elements inside ``element`` tagged with a language set otherwise."""
    for child in element:
        name = tag(child)
        if not name or name in BLOCKS or name in OPAQUE or name in EMBEDDED or name == "br":
            continue
        language = _own_language(child)
        if language is not None and marks_for(language) != marks:
            yield child, marks_for(language)
        else:
            yield from _passages(child, marks)


def _own_language(el: Element) -> str | None:
    return el.get("lang") or el.get(XML_LANG) or None


def _language(el: Element, default: str) -> str:
    """The language ``el`` is in: its own tag or its nearest tagged ancestor's, else the
    article's."""
    for node in (el, *el.iterancestors()):
        language = _own_language(node)
        if language:
            return language
    return default
