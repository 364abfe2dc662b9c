"""run-in-subtitle: a subtitle the extraction ran into the text's first line, put in the title.

A printed essay sets its subtitle over the text, in headline capitals. A PDF extraction
runs the two together, and when it also lost the text's first line (its opening capitals
with it), nothing marks where one ends: Federalist No. 48 comes out as "The Same Subject
Continued with a View to the Means of Giving Efficacy in Practice to That Maxim legislative,
executive, and judiciary departments should be…". The subtitle goes to the title ("The
Federalist No. 48: The Same Subject Continued…", as the papers whose subtitle was read apart
are titled) and the text keeps its words as the source has them, in lower case.

Evidence, all of it needed: the article is English (other languages capitalise otherwise);
its first paragraph opens with a run of at least five words in headline capitals (every
word capitalised, or a short word headlines leave in lower case), ending on a capital, with
no punctuation in it but commas, and the run is followed by a word in lower case or by an opening in
capitals running on in lower case ("…the Same View THE author of…"); and at least three of
its capitalised words after the first are words the article writes in lower case elsewhere
and never with a capital inside a sentence, so the capitals are a heading's, not names'
("The United Nations Security Council met" opens a sentence and stays).
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..textstream import TextStream
from ..tree import body_blocks, tag
from ..typography.edits import Edit

# Short words a headline leaves in lower case (Chicago 8.159).
_MINOR = frozenset(
    {
        "a", "an", "the", "and", "or", "nor", "but", "as", "at", "by", "for", "from", "in",
        "into", "of", "on", "to", "upon", "with", "than", "via",
    }
)  # fmt: skip
# A word of the run: letters, with an inner apostrophe or hyphen ("Re-eligibility"), and a
# comma at most ("The Same View Continued, with a Comparison…").
_WORD = re.compile(r"(?P<word>[^\W\d_]+(?:['’-][^\W\d_]+)*)(?P<gap>,?[ \t]+)")
_LETTERS = re.compile(r"[^\W\d_]+")
# A word after another word or a comma: inside a sentence, where only a name has a capital.
_INSIDE = re.compile(r"(?:[^\W\d_]|[,;]) +([^\W\d_]+)")
# An opening in capitals running on in lower case: "THE author", "IT MAY be".
_CAPITALS_OPENING = re.compile(r"[A-Z][A-Z'’-]*\b(?:\s+[A-Z][A-Z'’-]*\b)*(?=[\s,;]+[^\W\d_]*[a-z])")
MIN_WORDS = 5
MIN_SENTENCE_CAPITALS = 3


@registry.register(
    "run-in-subtitle", 74, "move a subtitle run into the first line of the text to the title"
)
def run_in_subtitle(ctx: RuleContext) -> None:
    if ctx.language != "en":
        return
    blocks = body_blocks(ctx.root)
    if not blocks or tag(blocks[0]) != "p":
        return
    stream = TextStream(blocks[0])
    end = _run_end(stream.text)
    if end is None:
        return
    run = stream.text[:end].strip()
    rest = " ".join([stream.text[end:], *(block.text_content() for block in blocks[1:])])
    if _sentence_capitals(run, rest) < MIN_SENTENCE_CAPITALS:
        return
    title = (ctx.meta.title or "").strip()
    if run.lower() in title.lower():
        return
    start = len(stream.text) - len(stream.text.lstrip())
    if not stream.apply([Edit(start, end, "")]):
        return
    ctx.set_meta("title", f"{title}: {run}" if title else run)
    ctx.record("moved", run, note=f"to the title, after {title!r}" if title else "to the title")


def _run_end(text: str) -> int | None:
    """Where the text after a leading run in headline capitals starts, or None."""
    position = len(text) - len(text.lstrip())
    words: list[re.Match[str]] = []
    while (found := _WORD.match(text, position)) is not None:
        word = found.group("word")
        if not (word[0].isupper() or word in _MINOR) or _is_capitals(word):
            break
        words.append(found)
        position = found.end()
    # A headline ends on a capital; "A", "An", "The" or "I" before an opening in capitals
    # are that opening's first word ("…Its Members A FIFTH desideratum").
    while words and (
        words[-1].group("word") in _MINOR
        or (
            words[-1].group("word") in ("A", "An", "The", "I")
            and _CAPITALS_OPENING.match(text, words[-1].end())
        )
    ):
        words.pop()
    if len(words) < MIN_WORDS or "," in words[-1].group("gap"):
        return None
    after = words[-1].end()
    follows = text[after:]
    if not (follows[:1].islower() or _CAPITALS_OPENING.match(follows)):
        return None
    return after


def _is_capitals(word: str) -> bool:
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    return len(letters) > 1 and letters.isupper()


def _sentence_capitals(run: str, rest: str) -> int:
    """The run's capitalised words after its first that the rest of the article writes in
    lower case and never capitalises inside a sentence: a headline's capitals."""
    lower = {word for word in _LETTERS.findall(rest) if word.islower()}
    named = {word for word in _INSIDE.findall(rest) if word[0].isupper()}
    capitals = [w for w in _LETTERS.findall(run)[1:] if w[0].isupper() and w not in _MINOR]
    return sum(1 for w in capitals if w.lower() in lower and w not in named)
