"""post-navigation: links to the blog's previous, next and related posts.

Themes print "← Previous: Title" and "Next post →" under a post, and a "Related posts" or
"You may also like" heading over a list of other posts. In a book the next chapter follows
anyway, and the other posts are either in the book or not. A block goes when each of its
lines is such a link ("« Older posts", "Nächster Beitrag", "Article suivant : …"), or is a
link with an arrow and nothing else; a "Related posts" heading goes with the run of short
link blocks under it (an ordinary paragraph after the heading keeps both).
"""

from __future__ import annotations

import re

from ..context import RuleContext
from ..registry import registry
from ..tree import HEADINGS, Element, body_blocks, in_opaque, lines, normalise, plain, tag, words

_ARROWS_BEFORE = "←«‹<⟵↩⇐"
_ARROWS_AFTER = "→»›>⟶⇒"
_STEP = re.compile(
    rf"""^[{_ARROWS_BEFORE}\s]*(?:
        (?:previous|prev|next|older|newer)
          (?:\s+(?:post|posts|article|articles|entry|entries|story|page))?
      | (?:article|billet|message)\s+(?:précédent|suivant)|précédent|suivant
      | (?:vorheriger|nächster|älterer|neuerer|voriger)\s+(?:beitrag|artikel|eintrag)
      | (?:ältere|neuere)\s+(?:beiträge|artikel|einträge)
      | (?:предыдущая|следующая)\s+(?:запись|статья)|(?:предыдущий|следующий)\s+пост
      | (?:post|posts)\s+navigation|navigation\s+des\s+articles|beitragsnavigation
      | навигация\s+по\s+записям
    )\s*[{_ARROWS_AFTER}]?\s*(?::\s*(?P<title>.{{1,200}}))?$""",
    re.IGNORECASE | re.VERBOSE,
)
_RELATED = re.compile(
    r"""^(?:related(?:\s+(?:posts|articles|stories|reading|content))?
      | you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)
      | more\s+(?:posts|articles|stories)(?:\s+like\s+this)?
      | (?:recommended|popular|recent|similar)\s+(?:posts|articles|reading)
      | articles\s+(?:similaires|connexes|liés)|vous\s+aimerez\s+(?:aussi|peut-être\s+aussi)
      | à\s+lire\s+aussi|sur\s+le\s+même\s+sujet
      | ähnliche\s+(?:beiträge|artikel)|verwandte\s+(?:beiträge|artikel)
      | das\s+könnte\s+(?:dich|sie)\s+auch\s+interessieren|weitere\s+beiträge
      | похожие\s+(?:записи|статьи|посты)|читайте\s+также|вам\s+также\s+может\s+понравиться
    )\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_LINK_WORDS = 25  # one line of a related-post list: a title, a date
_UNITS = frozenset({"p", "div", "nav", "ul", "ol", "section", "aside", "footer"})


@registry.register("post-navigation", 55, "remove previous/next links and related-post lists")
def post_navigation(ctx: RuleContext) -> None:
    blocks = body_blocks(ctx.root)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if in_opaque(block) or tag(block) not in _UNITS | HEADINGS:
            index += 1
            continue
        if is_related_heading(block):
            run = _link_run(blocks[index + 1 :])
            if run or index == len(blocks) - 1:
                for b in [block, *run]:
                    ctx.remove(b, note="related posts")
                index += 1 + len(run)
                continue
        if tag(block) in _UNITS and is_step_navigation(block):
            ctx.remove(block, note="previous/next links")
        index += 1


def is_related_heading(block: Element) -> bool:
    return len(words(plain(block))) <= 8 and bool(_RELATED.match(normalise(plain(block))))


def is_step_navigation(block: Element) -> bool:
    """Every line is "Previous: TITLE"/"Next post →", or a link with an arrow beside it.

    The block must hold links, and a title after "Next:" must be a link's text: "Next: we
    look at the borrow checker" is the author's own sentence.
    """
    found = lines(block)
    links = {_bare(plain(a)) for a in block.iter("a")}
    if not found or not links:
        return False
    return all(_is_step(line, links) or _is_arrowed_link(line, links) for line in found)


def _is_step(line: str, links: set[str]) -> bool:
    match = _STEP.match(line.strip())
    if match is None:
        return False
    title = match.group("title")
    return title is None or _bare(title) in links


def _is_arrowed_link(line: str, links: set[str]) -> bool:
    text = line.strip()
    if text[:1] not in _ARROWS_BEFORE and text[-1:] not in _ARROWS_AFTER:
        return False
    return bool(_bare(text)) and _bare(text) in links


def _bare(text: str) -> str:
    return text.strip(_ARROWS_BEFORE + _ARROWS_AFTER + " :").casefold()


def _link_run(blocks: list[Element]) -> list[Element]:
    """The blocks under a "Related posts" heading that are lists of links, up to the next one
    that is not."""
    run = []
    for block in blocks:
        if tag(block) in HEADINGS or not _is_link_block(block):
            break
        run.append(block)
    return run


def _is_link_block(block: Element) -> bool:
    if tag(block) in ("ul", "ol"):
        items = [li for li in block if tag(li) == "li"]
        return bool(items) and all(_is_link_line(li) for li in items)
    return tag(block) in _UNITS and _is_link_line(block)


def _is_link_line(el: Element) -> bool:
    """Mostly link text, and short: a post's title with perhaps its date."""
    text = plain(el)
    linked = sum(len(words(plain(a))) for a in el.iter("a"))
    total = len(words(text))
    return (
        0 < total <= _MAX_LINK_WORDS
        and linked * 2 >= total
        or (total == 0 and el.find(".//img") is not None and el.find(".//a") is not None)
    )
