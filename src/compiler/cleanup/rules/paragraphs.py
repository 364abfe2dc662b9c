"""broken-paragraphs: a paragraph the scraper cut in two mid-sentence is made whole again.

"…the vast majority of the" / "people of Belarus clearly do not want…" is one sentence. The
test is the sentence itself: the first paragraph ends without closing punctuation and the next
begins with a lower-case letter. Only ordinary paragraphs next to each other are joined (never
list items, headings, quotations, or a paragraph that is all emphasis, which is a home-made
heading), and a colon counts as an ending, since it usually introduces what follows.
A displayed formula is never joined to either neighbour: "we thus have" / "F = W − w" / "and
thus" is one sentence, but the formula stands apart on purpose.
A paragraph cut after an abbreviation that refers to what follows ("…see Cato, No." / "V.
Article 1…", "…with respect to Mr." / "Fox's India bill…") is one sentence too, though it
ends with a full stop and the next starts with a capital (:mod:`..abbreviation_breaks`).
"""

from __future__ import annotations

from ..abbreviation_breaks import cut_after_abbreviation
from ..context import RuleContext
from ..formulas import is_formula
from ..registry import registry
from ..tree import BLANK_CHARS, Element, has_embedded, inline_only, is_blank, tag

# Characters that may end a paragraph that is complete.
_ENDINGS = frozenset(".!?:;,…\"'”’»)]}*—–-") | frozenset("。！？")
_EMPHASIS = frozenset({"em", "i", "strong", "b"})
_SNIPPET_WORDS = 6
# Where paragraphs of running prose sit. Not quotations (verse often runs on from line to
# line in lower case) and not list items or table cells.
_CONTAINERS = ("div", "section", "article", "main")


@registry.register("broken-paragraphs", 20, "join paragraphs split in mid-sentence")
def broken_paragraphs(ctx: RuleContext) -> None:
    containers = [ctx.root] + [
        el for el in ctx.root.iterdescendants(*_CONTAINERS) if el.find("p") is not None
    ]
    for container in containers:
        first = container.find("p")
        while first is not None:
            second = first.getnext()
            if second is not None and _broken(first, second, ctx.language):
                ctx.record("joined", f"{_end(first)} / {_start(second)}")
                join(first, second)
                continue  # the joined paragraph may continue into the next one too
            first = second if second is not None and tag(second) == "p" else _next_p(first)


def _next_p(el: Element) -> Element | None:
    for sibling in el.itersiblings():
        if tag(sibling) == "p":
            return sibling
    return None


def _broken(first: Element, second: Element, language: str) -> bool:
    if tag(first) != "p" or tag(second) != "p" or not is_blank(first.tail):
        return False
    if has_embedded(first) or has_embedded(second) or _all_emphasis(first):
        return False
    head = _visible(first).rstrip(BLANK_CHARS)
    tail = _visible(second).lstrip(BLANK_CHARS)
    if not (head and tail):
        return False
    if cut_after_abbreviation(head, tail, language):
        return True
    if head[-1] in _ENDINGS or not tail[0].islower():
        return False
    return not (is_formula(head) or is_formula(tail))


def _visible(p: Element) -> str:
    """The paragraph's text without a trailing note reference ("…the end.<sup>3</sup>")."""
    last = p[-1] if len(p) else None
    if last is not None and tag(last) == "sup" and is_blank(last.tail):
        return (p.text or "") + "".join(_text_with_tail(c) for c in p[:-1])
    return p.text_content()


def _text_with_tail(el: Element) -> str:
    return el.text_content() + (el.tail or "") if tag(el) else el.tail or ""


def _all_emphasis(p: Element) -> bool:
    return inline_only(p, _EMPHASIS)


def join(first: Element, second: Element) -> None:
    """Append ``second``'s content to ``first`` with one space between, and drop ``second``."""
    tail_text = (second.text or "").lstrip(BLANK_CHARS)
    if len(first):
        last = first[-1]
        last.tail = (last.tail or "").rstrip(BLANK_CHARS) + " " + tail_text
    else:
        first.text = (first.text or "").rstrip(BLANK_CHARS) + " " + tail_text
    for child in list(second):
        first.append(child)
    first.tail = second.tail
    second.getparent().remove(second)


def _end(p: Element) -> str:
    return "…" + " ".join(p.text_content().split()[-_SNIPPET_WORDS:])


def _start(p: Element) -> str:
    return " ".join(p.text_content().split()[:_SNIPPET_WORDS]) + "…"
