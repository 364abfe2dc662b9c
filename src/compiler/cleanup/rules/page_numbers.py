"""page-numbers: the page and note numbers of a printed edition left in the running text.

Text taken from a PDF or a scan keeps what was printed around it: the folio at the foot of a
page ("…the federal principle. 176") and note numbers, which lose their superscript
("…the applauses of his party;34 and who…"). Printed, they read as part of the sentence. Only
the shapes that prose never has are taken, so a number the writer wrote always stays:

- a number ending a paragraph right after the end of a sentence or a closing signature in
  capitals ("PUBLIUS 161"): a page's folio where the page ended with the paragraph;
- a number glued to the punctuation after a word, with no space ("party;34 and",
  "powers."46 And"), in an article that has no notes of its own, so that it cannot be a note
  reference the writer made. Abbreviations before a number ("vol.2", "no.5") are left;
- a folio glued to the next word, where the extraction lost the line break after it ("the
  162force of legislative acts"): no word of prose starts with digits and goes on in four
  letters or more ("2nd", "1790s", "10am", "5km" stay); or glued to the quotation opening the
  next sentence ("other. 270"The judicial power…"): a number is never written against an
  opening quote and a capital;
- a note number set apart by spaces between two sentences ("…ordain and establish." 49 That
  there ought…"), in an article that has no notes of its own: one to three digits after the
  end of a sentence (a word of two letters or more, not an abbreviation nor a numeral such as
  "V."), before a capitalised word the article writes in lower case elsewhere and never with
  its capital inside a sentence, or English "I" before a word in lower case, so that the
  capital is only the next sentence's. A sentence
  that begins with a number goes on in lower case ("30 or 40 are chosen") or with a name
  ("13 States", capitalised all through the Federalist papers); a note whose text the edition
  printed inline keeps its number ("57 Vide No. 71…", "46 Idem."), which tells the reader it
  is a note; a paragraph opening with a number or holding three or more of them (verses, a
  numbered list) keeps them all;
- a note's call set apart by spaces inside a sentence ("Every jurist 38 of that kingdom",
  "in the Constitution, 35 and who"), in an article that has no notes of its own, when the
  edition printed that note's text further on in the article, its number before a capital
  ("But this 38 Vide Blackstone's…"). The call follows a word or a comma and comes before a
  word in lower case; after a word that takes a number ("the 38 articles", "with 35 men")
  it stays. The note's text keeps its number, as above.
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..textstream import TextStream
from ..tree import Element, body_blocks, is_footnotes, tag
from ..typography.edits import Edit

# A folio: the paragraph's last word, after a sentence's end or a signature in capitals.
_FOLIO = re.compile(r"(?:[.!?\"”’)]|\b[A-Z]{3,})(?P<gap>\s+)(?P<number>\d{1,4})\s*$")
# A note number: after a word of two letters or more and its punctuation, then a space.
_GLUED = re.compile(r"(?P<word>\b[^\W\d_]{2,})[,;:.!?][\"”’]?(?P<number>\d{1,3})(?=\s|$)")
# A folio before a word: after a space, before four letters or more.
_BEFORE_WORD = re.compile(r"(?<=\s)\d{2,4}(?=[^\W\d_]{4,})")
# A folio before an opening quotation: after a space, against the quote and a capital.
_BEFORE_QUOTE = re.compile(r"(?<!\S)\d{1,4}(?=[\"“‘'][^\W\d_])")
# A note number between sentences: a sentence's end (a word, its mark, a closing quote), the
# number, the next sentence's first word. Tried from the start of a word only (linear time).
_BETWEEN = re.compile(
    r"(?<![^\W_])(?P<word>[^\W_]{2,})[.!?][\"”’)]?(?P<gap> +)(?P<number>[1-9]\d{0,2}) +"
    r"(?P<next>[^\W\d_]+)"
)
# A note's text printed inline: its number, then a capitalised word ("38 Vide Blackstone's"),
# not a reference's number ("No. 71", "p. 195", "Article 1"), a date or an amount.
_NOTE_TEXT = re.compile(r"(?<![\w.,§$£€/-])(?P<number>[1-9]\d{0,2}) (?=[A-Z][a-z])")
_ABBREVIATED = re.compile(r"([^\W\d_]+)\.\s*$")
# A note's call: after a word, a comma, a semicolon or a colon (a closing quote on either side
# of it) and a space, before a space and a word in lower case
# (checked after the match, as is the word before: matched from each space only, linear).
_SPACED_CALL = re.compile(r"(?<=[^\W\d_]|[,;:\"”’])(?P<gap> )(?P<number>[1-9]\d{0,2})(?= [^\W\d_])")
_LAST_WORD = re.compile(r"([^\W\d_]+)[\"”’]?[,;:]?[\"”’]?$")
# Words a number follows in prose ("the 38 articles", "with 35 men", "No. 38 of").
_TAKES_A_NUMBER = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "against",
        "all",
        "almost",
        "among",
        "and",
        "are",
        "article",
        "at",
        "be",
        "been",
        "before",
        "below",
        "between",
        "but",
        "by",
        "chapter",
        "clause",
        "each",
        "every",
        "few",
        "first",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "last",
        "least",
        "less",
        "more",
        "most",
        "nearly",
        "no",
        "number",
        "of",
        "on",
        "only",
        "or",
        "over",
        "page",
        "pages",
        "part",
        "section",
        "some",
        "than",
        "the",
        "these",
        "those",
        "to",
        "under",
        "until",
        "up",
        "was",
        "were",
        "with",
        "within",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
# A word after another word or a comma: inside a sentence, where only a name has a capital.
_INSIDE = re.compile(r"(?:[^\W\d_]|[,;]) +([^\W\d_]+)")
_ROMAN = re.compile(r"[IVXLCDM]+")
# A paragraph with this many numbers between sentences is numbered on purpose (verses).
_NUMBERED = 3
_ABBREVIATIONS = frozenset({"pp", "vol", "vols", "no", "nos", "art", "ch", "sec", "fig", "op"})
_CONTEXT = 40
# Footnote references as the readers write them: a note of the article's own.
_NOTE_REFERENCE = ".//sup | .//a[starts-with(@href, '#fn')] | .//*[@role='doc-noteref']"


@registry.register("page-numbers", 25, "remove a printed edition's page and note numbers")
def page_numbers(ctx: RuleContext) -> None:
    has_notes = _has_notes(ctx.root)
    blocks = [block for block in body_blocks(ctx.root) if tag(block) == "p"]
    texts = [block.text_content() for block in blocks]
    lower = {word for text in texts for word in _WORD.findall(text) if word.islower()}
    named = {word for text in texts for word in _INSIDE.findall(text) if word[0].isupper()}
    notes = _printed_notes(texts)
    for index, block in enumerate(blocks):
        stream = TextStream(block)
        edits = _folio(stream.text) + _before_word(stream.text) + _before_quote(stream.text)
        if not has_notes:
            edits += _note_numbers(stream.text)
            edits += _between_sentences(stream.text, lower, named, ctx.language)
            edits += _spaced_calls(stream.text, index, notes, edits)
        applied = sorted(set(edits))
        text = stream.text
        if applied and stream.apply(applied):
            for edit in applied:
                ctx.record("removed", _context(text, edit))


def _has_notes(root: Element) -> bool:
    return any(is_footnotes(el) for el in root.iter()) or bool(root.xpath(_NOTE_REFERENCE))


def _folio(text: str) -> list[Edit]:
    found = _FOLIO.search(text)
    if not found:
        return []
    return [Edit(found.start("gap"), len(text), "")]


def _before_word(text: str) -> list[Edit]:
    return [Edit(found.start(), found.end(), "") for found in _BEFORE_WORD.finditer(text)]


def _before_quote(text: str) -> list[Edit]:
    return [
        Edit(found.start(), found.end(), "")
        for found in _BEFORE_QUOTE.finditer(text)
        if text[found.end() + 1].isupper()
    ]


def _between_sentences(text: str, lower: set[str], named: set[str], language: str) -> list[Edit]:
    """Note numbers set apart between two sentences. ``lower``: the article's words written
    in lower case; ``named``: those it capitalises inside a sentence. A capital that only
    opens a sentence ("That", written "that" too) is told from a name's ("States", "Vide");
    English "I" before a word in lower case opens one too ("44 I have in another place")."""
    found = list(_BETWEEN.finditer(text))
    if len(found) >= _NUMBERED or re.match(r"\s*\d", text):
        return []

    def opens_sentence(m: re.Match[str]) -> bool:
        word = m.group("next")
        if word == "I" and language == "en":
            after = text[m.end("next") : m.end("next") + 2]
            return after[:1] == " " and after[1:].islower()
        return word[0].isupper() and word.lower() in lower and word not in named

    return [
        Edit(m.start("gap"), m.end("number"), "")
        for m in found
        if opens_sentence(m)
        and m.group("word").casefold() not in _ABBREVIATIONS
        and not _ROMAN.fullmatch(m.group("word"))
    ]


def _printed_notes(texts: list[str]) -> dict[str, tuple[int, int]]:
    """Where the edition printed each note's text inline: its number -> (paragraph, offset)
    of its last such place."""
    found: dict[str, tuple[int, int]] = {}
    for index, text in enumerate(texts):
        for note in _NOTE_TEXT.finditer(text):
            before = _ABBREVIATED.search(text, max(0, note.start() - 12), note.start())
            if before is None or before.group(1).casefold() not in _ABBREVIATIONS:
                found[note.group("number")] = (index, note.start())
    return found


def _spaced_calls(
    text: str, index: int, notes: dict[str, tuple[int, int]], taken: list[Edit]
) -> list[Edit]:
    """Calls set apart by spaces of notes printed later in the article (``notes``), where no
    other edit (``taken``) already is."""
    edits = []
    for m in _SPACED_CALL.finditer(text):
        number = m.group("number")
        if number not in notes or (index, m.start("number")) >= notes[number]:
            continue
        before = _LAST_WORD.search(text[max(0, m.start() - _CONTEXT) : m.start()])
        if before is None or before.group(1).casefold() in _TAKES_A_NUMBER:
            continue
        if not text[m.end() + 1].islower():
            continue
        if not any(e.start < m.end() and m.start() < e.end for e in taken):
            edits.append(Edit(m.start("gap"), m.end("number"), ""))
    return edits


def _note_numbers(text: str) -> list[Edit]:
    return [
        Edit(found.start("number"), found.end("number"), "")
        for found in _GLUED.finditer(text)
        if found.group("word").casefold() not in _ABBREVIATIONS
    ]


def _context(text: str, edit: Edit) -> str:
    """The number with the words before it, as the editor will find it in the source."""
    before = text[max(0, edit.start - _CONTEXT) : edit.start]
    before = before.split(" ", 1)[-1] if edit.start > _CONTEXT else before
    return f"“…{before.lstrip()}{text[edit.start : edit.end].rstrip()}”"
