"""Whether a paragraph is a displayed formula rather than a piece of a sentence.

A displayed equation is its own block on purpose ("we thus have" / "F = W − w" / "and thus"),
even though the sentence runs through it without punctuation. Rules that rejoin text split
in the middle of a sentence must leave such blocks apart: joined, the formula reads as words
of the sentence. Two forms occur: TeX kept for a maths renderer (``$$…$$``, ``\\[…\\]``,
``\\begin{align}…``), and maths written out as plain text by an extraction or a scraper, where
the only sign is a line made of letters used as symbols, numbers and operators.
"""

from __future__ import annotations

import re

# TeX displays as MathJax, KaTeX and Pandoc read them.
_TEX = re.compile(
    r"^(?:\$\$.+\$\$|\\\[.+\\\]|\\\(.+\\\)|\\begin\{[a-z]+\*?\}.+\\end\{[a-z]+\*?\})$", re.S
)
# Signs that make a line a formula when its letters are symbols, not words ("/" and "*" do
# not: "and/or", "*sigh*").
_SIGNS = frozenset("=<>≤≥≠≈≡∝±×÷·∑∏∫√∞→⇒⇔∈∉⊂⊆∪∩+−^")
# Runs of three letters or more are words of a sentence, except the names of functions.
_WORD = re.compile(r"[^\W\d_]{3,}")
_FUNCTION_NAMES = (
    "sin cos tan cot sec csc sinh cosh tanh arcsin arccos arctan log exp lim max min sup inf "
    "det mod gcd lcm deg arg dim ker"
)
_FUNCTIONS = frozenset(_FUNCTION_NAMES.split())


def is_formula(text: str) -> bool:
    """True for ``$$E = mc^2$$`` and ``x + y = y + x, (1)``; false for any sentence, however
    many symbols it quotes ("then x = 1 gives the answer")."""
    line = " ".join(text.split())
    if not line:
        return False
    if _TEX.match(line):
        return True
    if not any(ch in _SIGNS for ch in line):
        return False
    words = [w for w in _WORD.findall(line) if w.casefold() not in _FUNCTIONS]
    return len(words) <= 1 and any(ch.isalnum() for ch in line)
