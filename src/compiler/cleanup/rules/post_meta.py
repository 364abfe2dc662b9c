"""post-meta: the lines a blog theme prints about a post rather than in it.

"Posted on 3 August 2020 by Jane Doe", "August 3, 2020 by Jane Doe", "5 min read",
"Categories: Essays, Music", "Tags: …", "Filed under …" (and their French, German and
Russian forms). A book states the author and date in the chapter's metadata; the categories
and tags are the article's subjects, which readers keep apart.

A line is post metadata only when the whole line has that shape: a keyword and then a date,
a name, a list. "Posted on the door was a notice…" has no date after "Posted on" and stays.
The date-and-name lines without a keyword ("August 3, 2020 by Jane Doe") are looked for only
at the top and the bottom of the article, where themes print them. When the article has no
author yet, the name on a "posted by" line becomes it.
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..printed_dates import DATE
from ..registry import registry
from ..tree import BLOCKS, Element, body_blocks, in_opaque, lines, tag, words
from .byline import looks_like_name

_NAME = r"(?P<name>[^|·•,;]{2,60}?)"
_POSTED = (
    r"(?:posted|published|written|updated|last\s+updated|last\s+modified|originally\s+published"
    r"|publié|posté|mis\s+à\s+jour|écrit|paru"
    r"|veröffentlicht|geschrieben|aktualisiert|gepostet|erstellt|zuletzt\s+aktualisiert"
    r"|опубликовано|обновлено|написано|дата\s+публикации)"
)
_ON = r"(?:\s+(?:on|am|le|den|в|:))?\s*:?\s*"
_BY = r"(?:by|von|par|автор:?)"
_IN = r"(?:\s+(?:in|dans|unter|в\s+рубрике)\s+(?P<list>[^|·•.!?]{1,80}?))?"
_AFTER = (
    r"(?:\s*[|·•—–-]\s*(?:\d+\s+)?(?:comments?|responses?|replies|kommentare?|commentaires?"
    r"|комментари\w*|leave\s+a\s+(?:comment|reply)|\d+\s+min(?:ute)?s?\s+read)\s*)*"
)
_READING = (
    r"(?:(?:reading\s+time|lesezeit|temps\s+de\s+lecture|время\s+чтения)\s*:?\s*(?:~|ca\.\s*)?"
    r"\d+\s*(?:min(?:ute)?s?|minuten|мин(?:ут[аы]?)?\.?)"
    r"|(?:~\s*)?\d+\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?|минут[аы]?|мин\.?)\s+"
    r"(?:read|reading|de\s+lecture|lesezeit|lesen|чтения|на\s+чтение)"
    r"|\d+\s+min\.?\s+lesezeit)"
)
_LISTS = (
    r"(?:(?:categories|category|tags|labels"
    r"|catégories|catégorie|étiquettes|étiquette|mots-clés|mots\s+clés"
    r"|kategorien|kategorie|schlagwörter|schlagworte|stichwörter"
    r"|рубрики|рубрика|метки|теги|категории|категория)\s*:"
    r"|(?:filed\s+under|posted\s+in|tagged\s+(?:with|as)?|classé\s+dans|publié\s+dans"
    r"|abgelegt\s+unter|veröffentlicht\s+in|рубрика)\s*:?)\s+(?P<list>[^.!?]+)"
)
_MAX_ITEM_WORDS = 4
_HANDLE = re.compile(r"@?[\w.-]{2,40}")
_LINES = tuple(
    re.compile(f"^{pattern}$", re.IGNORECASE)
    for pattern in (
        # A theme may print the date of the last change right after the first, unspaced.
        rf"{_POSTED}{_ON}{DATE}(?:\s*{DATE})?(?:,?\s+{_BY}\s+{_NAME})?{_IN}{_AFTER}",
        rf"{_POSTED}\s+{_BY}\s+{_NAME}(?:\s+(?:on|am|le|в)\s+{DATE})?{_IN}{_AFTER}",
        _READING,
        _LISTS,
    )
)
# Shapes that are only metadata where themes print them: first and last blocks.
_EDGE_LINES = tuple(
    re.compile(f"^{pattern}$", re.IGNORECASE)
    for pattern in (
        rf"{DATE}(?:,?\s+{_BY}\s+{_NAME})?{_IN}{_AFTER}",
        rf"{_BY}\s+{_NAME},?\s+{DATE}",
    )
)
_EDGE = 3
_MAX_WORDS = 40
_CONTAINERS = frozenset({"p", "div", "ul", "ol", "li", "header", "footer", "aside", "address"})


@registry.register("post-meta", 78, "remove 'Posted on DATE by NAME', reading times, tags lines")
def post_meta(ctx: RuleContext) -> None:
    blocks = body_blocks(ctx.root)
    edges = {id(b) for b in blocks[:_EDGE] + blocks[-_EDGE:]}
    for block in blocks:
        _visit(ctx, block, id(block) in edges)


def _visit(ctx: RuleContext, block: Element, at_edge: bool) -> None:
    if tag(block) not in _CONTAINERS or in_opaque(block):
        return
    found = lines(block)
    if found and len(words(" ".join(found))) <= _MAX_WORDS:
        names = [_meta_line(line, at_edge) for line in found]
        if all(name is not None for name in names):
            _remove(ctx, block, [n for n in names if n])
            return
    for child in [c for c in block if tag(c) in BLOCKS]:
        _visit(ctx, child, at_edge)


def _meta_line(line: str, at_edge: bool) -> str | None:
    """ "" for a metadata line, its author's name if it gives one, None for any other line."""
    text = line.strip()
    patterns = _LINES + _EDGE_LINES if at_edge else _LINES
    match = next((m for m in (p.match(text) for p in patterns) if m), None)
    if match is None:
        return None
    items = match.groupdict().get("list")
    if items and any(len(words(item)) > _MAX_ITEM_WORDS for item in re.split(r"[,|·•/;]", items)):
        return None  # "Posted in 1998, the letter…": a sentence, not a list of categories
    name = (match.groupdict().get("name") or "").strip().rstrip(".")
    if name and not looks_like_name(name):
        # A user name ("von jovelstefan") is still a byline, but no name for the book.
        return "" if _HANDLE.fullmatch(name) else None
    return name


def _remove(ctx: RuleContext, block: Element, names: list[str]) -> None:
    if names and not ctx.meta.author and "author" not in ctx.meta_updates:
        ctx.set_meta("author", names[0])
        ctx.remove(block, note=f"author set to {names[0]}", action="moved")
    else:
        ctx.remove(block, note="post metadata")
