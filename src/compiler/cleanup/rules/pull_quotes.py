"""pull-quotes: a sentence of the article printed a second time, large, as decoration.

Magazines and blog themes lift a striking sentence out of the text into a block quote or an
aside (WordPress's pullquote block, ``<aside class="pullquote">``). On the web it catches the
eye; in a book it reads as the same sentence twice. A quotation block goes when all its text
(its attribution aside) is found word for word in a paragraph of the article outside it; the
paragraph stays. A quotation that is not repeated elsewhere is the author's quotation.
"""

from __future__ import annotations

import copy

from ..context import RuleContext
from ..registry import registry
from ..tree import Element, in_opaque, plain, tag, words

_QUOTES = frozenset({"blockquote", "aside", "figure"})
_ATTRIBUTION = frozenset({"cite", "footer", "figcaption"})
_MIN_WORDS = 6  # "Yes." repeated is no pull quote


@registry.register("pull-quotes", 65, "remove pull quotes that repeat a sentence of the text")
def pull_quotes(ctx: RuleContext) -> None:
    candidates = [el for el in ctx.root.iter(*_QUOTES) if _outermost(el) and not in_opaque(el)]
    if not candidates:
        return
    texts = [_joined(p) for p in _text_paragraphs(ctx.root)]
    for quote in candidates:
        quoted = _quoted_words(quote)
        if len(quoted.split()) >= _MIN_WORDS and any(quoted in text for text in texts):
            ctx.remove(quote, note="repeats a sentence of the article")


def _outermost(el: Element) -> bool:
    return not any(tag(a) in _QUOTES for a in el.iterancestors())


def _quoted_words(quote: Element) -> str:
    """The quotation's words without its attribution (``<cite>``, a caption)."""
    bare = copy.deepcopy(quote)
    for el in [e for e in bare.iterdescendants() if tag(e) in _ATTRIBUTION]:
        if el.getparent() is not None:
            el.drop_tree()
    return " ".join(w.casefold() for w in words(bare.text_content()))


def _joined(el: Element) -> str:
    return " ".join(w.casefold() for w in words(plain(el)))


def _text_paragraphs(root: Element) -> list[Element]:
    """The article's own paragraphs: none inside a quotation, an aside or a figure."""
    return [
        p for p in root.iter("p", "li") if not any(tag(a) in _QUOTES for a in p.iterancestors())
    ]
