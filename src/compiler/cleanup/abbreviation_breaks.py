"""A paragraph cut after an abbreviation that cannot end it: "…see Cato, No." / "V. …".

Text extracted from a printed page breaks paragraphs wherever a line happened to end with a
full stop, and an abbreviation ends with one. "No.", "p.", "vol.", "Art." refer to the number
that follows them, and "Mr." to the name; when the next paragraph starts with that number or
name, the two are one sentence and ``broken-paragraphs`` joins them. Which abbreviations
refer is the language's (:class:`~compiler.cleanup.typography.marks.Marks`).

Some of them are also words that may end a sentence ("in art.", "I said no."): written in
lower case and found in the language's word list, they are left alone, and so is any of them
standing as a sentence of its own ("Is it so? No.").
"""

from __future__ import annotations

import re

from .lexicon import lexicon
from .typography.marks import marks_for
from .typography.punctuation import EVERYWHERE, REFERENCE_NUMBER

_LAST_WORD = re.compile(r"(?<![^\W_])(?P<word>[^\W\d_]+\.|[nN]°|§{1,2}|№)$")
_NUMBER = re.compile(REFERENCE_NUMBER)
_FIRST_WORD = re.compile(r"[^\W_]+")
# A well-formed roman numeral: "V", "xiv", not "CIVIL" (all of whose letters are numerals).
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", re.I)
# What ends a sentence before a word, once closing quotes and brackets are set aside.
_SENTENCE_END = frozenset(".!?…")
_CLOSERS = "\"'”’»)]"


def cut_after_abbreviation(head: str, tail: str, language: str) -> bool:
    """Whether a paragraph ending ``head`` and the next starting ``tail`` are one sentence cut
    after an abbreviation (both stripped of spaces)."""
    found = _LAST_WORD.search(head)
    if found is None:
        return False
    word = found.group("word")
    before = head[: found.start()].rstrip().rstrip(_CLOSERS)
    if not before or before[-1] in _SENTENCE_END:
        return False  # the word is a sentence of its own
    marks = marks_for(language)
    if word in marks.honorifics:
        return tail[:1].isupper()
    if word not in marks.references and word not in EVERYWHERE:
        return False
    words = lexicon(language)
    if word.islower() and words is not None and words.is_word(word.rstrip(".")):
        return False  # "in art.", "said no.": may end the sentence
    first = _FIRST_WORD.match(tail)
    if _NUMBER.match(tail) is None or first is None:
        return False
    return first.group().isdigit() or _ROMAN.fullmatch(first.group()) is not None
