"""calls-to-action: the author asking for comments, shares and subscriptions, inside the text.

"Let me know by leaving a comment below", "Subscribe to my newsletter", "Sign up for our
newsletter", "Share this:". A book has no comment box or sign-up form; the line points at
nothing. ``trailing-ads`` removes such runs when they end the article; this rule removes a
paragraph made only of such sentences wherever it stands, and such sentences at the end of
the article's last paragraph of text. A sentence counts only if it asks for a comment, a
share or a subscription; "thanks for reading" goes with them but never alone.
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..tree import Element, body_blocks, in_opaque, is_blank, plain, tag, words

_ASK = re.compile(
    r"""(?:
        \b(?:let\s+(?:me|us)\s+know|leave\s+(?:me\s+|us\s+)?a\s+(?:comment|reply|note)
          |drop\s+(?:me\s+|us\s+)?a\s+(?:comment|line|note)|feel\s+free\s+to\s+(?:comment|leave|drop|share)
          |share\s+your\s+(?:thoughts|experience|opinion)|tell\s+(?:me|us)\s+(?:in|below)
          |what\s+do\s+you\s+think)\b.*\b(?:comments?|below|reply)\b
      | (?:^|\b(?:please|feel\s+free\s+to|don't\s+hesitate\s+to|you\s+can)\s+)
        (?:leave|post|write|add|drop)\s+(?:me\s+|us\s+)?a\s+comment\b
      | (?:^|\b(?:please|you\s+can|don't\s+forget\s+to|be\s+sure\s+to|make\s+sure\s+to
            |consider|why\s+not)\s+)
        (?:subscribe|sign\s+up|join)\b
        .*\b(?:newsletter|mailing\s+list|blog|channel|updates|feed|rss|list)\b
      | ^(?:please\s+)?subscribe\b
      | ^share\s+(?:this|on)\b
      | \bif\s+you\s+(?:liked|enjoyed|found)\s+this\b.*\b(?:share|subscribe|follow|clap|like)\b
      | \b(?:laissez|laisse|postez)(?:-moi|-nous)?\s+un\s+commentaire\b
      | \bdites-(?:moi|nous)\b.*\bcommentaires?\b
      | \b(?:abonnez-vous|inscrivez-vous)\b
      | \b(?:hinterlass(?:t|en\s+sie)?|schreib(?:t|en\s+sie)?)\b.*\bkommentar\b
      | \b(?:abonniere|abonniert|abonnieren\s+sie)\b.*\b(?:newsletter|blog|feed|kanal)\b
      | \b(?:newsletter\s+abonnieren|melde\s+dich\b.*\bnewsletter)
      | \b(?:оставьте|оставляйте|напишите|пишите)\b.*\bкомментари
      | \bподписывайтесь\b|\bподпишитесь\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_FILLER = re.compile(
    r"^(?:thanks?\s+(?:you\s+)?for\s+reading|happy\s+(?:coding|reading|hacking)|cheers|stay\s+tuned"
    r"|merci\s+(?:de|pour\s+(?:la|votre))\s+lecture|danke\s+fürs\s+lesen|спасибо\s+за\s+внимание)\W*$",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[\"'”»)]*|$)")
_MAX_WORDS = 60
_UNITS = frozenset({"p", "div"})


@registry.register("calls-to-action", 57, "remove requests to comment, share or subscribe")
def calls_to_action(ctx: RuleContext) -> None:
    blocks = [b for b in body_blocks(ctx.root) if tag(b) in _UNITS and not in_opaque(b)]
    for block in blocks[1:]:
        if is_call_paragraph(block):
            ctx.remove(block, note="a request to comment, share or subscribe")
    texts = [b for b in body_blocks(ctx.root) if tag(b) == "p" and plain(b)]
    if texts:
        _trim_last_sentences(ctx, texts[-1])


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def is_call(sentence: str) -> bool:
    return len(words(sentence)) <= 40 and bool(_ASK.search(sentence))


def is_call_paragraph(block: Element) -> bool:
    text = plain(block)
    if not text or len(words(text)) > _MAX_WORDS:
        return False
    found = sentences(text)
    return any(is_call(s) for s in found) and all(_goes_with_calls(s) for s in found)


def _goes_with_calls(sentence: str) -> bool:
    """A call, a "thanks for reading", or a question to the reader that a call answers
    ("What do you think? Let me know below.")."""
    return is_call(sentence) or bool(_FILLER.match(sentence)) or sentence.endswith("?")


def _trim_last_sentences(ctx: RuleContext, p: Element) -> None:
    """Calls at the end of the last paragraph, when they are plain text after its last
    element (or the whole of a paragraph without elements): "…as fast. Let me know below!"."""
    children = [c for c in p if tag(c)]
    holder, attribute = (children[-1], "tail") if children else (p, "text")
    value = getattr(holder, attribute) or ""
    found = sentences(value)
    cut = len(found)
    while cut > 0 and _goes_with_calls(found[cut - 1]):
        cut -= 1
    if cut == len(found) or not any(is_call(s) for s in found[cut:]):
        return
    if cut == 0 and not children:
        return  # the whole paragraph: is_call_paragraph's case, or a paragraph to keep
    start = value.find(found[cut])
    kept = value[:start].rstrip()
    if is_blank(kept) and attribute == "text":
        return
    setattr(holder, attribute, kept)
    for sentence in found[cut:]:
        ctx.record("removed", sentence, note="a request to comment, share or subscribe")
