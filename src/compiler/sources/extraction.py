"""Choosing a page's article so that nothing of it is lost without a word.

readability-lxml finds the main text of most pages, but when it goes wrong it goes wrong
silently: it may settle on one pane of an article, on a photo caption, or drop a standfirst,
the section headings or a quotation from the middle of the text. So its choice is checked
against what the page itself marks as its main text (``<article>``, ``<main>``,
``[itemprop=articleBody]``, ``[role=main]``) and against the element holding the most
paragraph text:

- when readability's text is much shorter than such a candidate that contains it, the
  candidate (less its site furniture) is taken instead, with a warning;
- otherwise readability's text is kept, and blocks of the article's own container that it
  left out *between* kept blocks (or a standfirst or heading just before them) are put back
  where they stood;
- everything else of the container that does not reach the book is listed, so the report
  can quote it; more than :data:`MAX_DROPPED_SHARE` of the container's words is a warning.

Elements are matched between the page and readability's output by an identifying attribute
set on every element before readability runs (it keeps attributes it does not know).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import html as lxml_html

# The same cap the cleanup rules have: dropping more of the container is worth a warning.
MAX_DROPPED_SHARE = 0.15
# readability's text is "much shorter" than a candidate below this share of its prose: the
# pages that go wrong lose nearly everything (a caption chosen over the essay), while a page
# whose <main> also holds related posts and calls to action stays well above it.
MUCH_SHORTER = 0.5
# Share of readability's text a candidate must hold to count as containing it.
CONTAINS = 0.8

ID = "data-compile-book-key"

FURNITURE_CLASSES = frozenset(
    {
        "sharedaddy", "sd-sharing", "sd-block", "jp-relatedposts", "yarpp-related",
        "crp_related", "related-posts", "relatedposts", "addtoany_share_save_container",
        "a2a_kit", "shareaholic-canvas", "ssba", "ssba-wrap", "share-buttons", "social-share",
        "comments-area", "comment-respond", "comment-list", "post-navigation",
        "posts-navigation", "nav-links", "pagination-single", "widget-area", "sidebar",
        "site-header", "site-footer", "entry-footer", "mc4wp-form", "wpcnt",
    }
)  # fmt: skip
FURNITURE_IDS = frozenset(
    {
        "comments", "respond", "secondary", "sidebar", "jp-relatedposts", "masthead",
        "colophon", "site-header", "site-footer", "disqus_thread",
    }
)  # fmt: skip
FURNITURE_TAGS = frozenset({"nav", "script", "style", "noscript", "template", "button"})
# Class or id words of blocks that are never article text, even without a known class.
_JUNK_NAMES = re.compile(
    r"share|social|related|promo|advert|sponsor|newsletter|subscri|signup|comment|sidebar|"
    r"widget|author-?bio|about-?the-?author|breadcrumb|pagination|menu|\bnav|toolbar|"
    r"cookie|paywall|\bads?\b|\bad-",
    re.IGNORECASE,
)
_STANDFIRST_NAMES = re.compile(
    r"standfirst|\bdek\b|deck|\blede\b|\blead\b|intro|summary|subtitle|subhead|strapline|"
    r"sapo|chapo|teaser-text|excerpt",
    re.IGNORECASE,
)
_UNIT_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "figure", "ul",
     "ol", "dl", "address"}
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LEAD_HEADINGS = _HEADINGS - {"h1"}
_CANDIDATE_XPATH = (
    "//article[not(ancestor::article)] | //main | //*[@itemprop='articleBody']"
    " | //*[@role='main'] | //*[@role='article']"
)
# Prose between a page's title and its text is its opening when a paragraph is this long;
# shorter lines there are datelines, bylines and media links.
_LEAD_WORDS = 8
# A form with at least this many words of paragraphs is a page wrapped in a form (ASP.NET
# pages are), not a sign-up box: its tags go, its content stays.
_FORM_PROSE_WORDS = 40


@dataclass(frozen=True)
class Dropped:
    """Text of the article's container that does not reach the book, or was put back."""

    text: str
    furniture: bool = False  # removed as site furniture rather than left out as not article
    restored: bool = False  # left out by readability, put back by the checks here


@dataclass
class Choice:
    """The article chosen from a page, and what became of the rest of its container."""

    root: lxml_html.HtmlElement
    dropped: list[Dropped] = field(default_factory=list)
    container_words: int = 0
    replaced: str | None = None  # why readability's choice was replaced, for a warning

    @property
    def dropped_share(self) -> float:
        lost = sum(words(d.text) for d in self.dropped if not d.furniture and not d.restored)
        return lost / self.container_words if self.container_words else 0.0


def mark(document: lxml_html.HtmlElement) -> None:
    """Give every element an identity that survives readability's copy of the tree."""
    for number, element in enumerate(document.iter()):
        if isinstance(element.tag, str):
            element.set(ID, str(number))


def choose(document: lxml_html.HtmlElement, chosen: lxml_html.HtmlElement | None) -> Choice | None:
    """Settle the article: readability's ``chosen`` fragment, checked as described above.

    ``chosen`` is None when readability found nothing. Returns None when neither it nor any
    candidate holds text.
    """
    by_id = {e.get(ID): e for e in document.iter() if isinstance(e.tag, str) and e.get(ID)}
    chosen_words = words(chosen.text_content()) if chosen is not None else 0
    chosen_ids = _text_ids(chosen) if chosen is not None else {}
    candidates = sorted(
        ((cleaned_copy(c), c) for c in _candidates(document)),
        key=lambda pair: prose_words(pair[0]),
    )
    holding = [(clean, c) for clean, c in candidates if _holds(c, chosen_ids)]
    longer = [
        (clean, c)
        for clean, c in (holding if chosen_words else candidates)
        if chosen_words < MUCH_SHORTER * prose_words(clean)
    ]
    if longer:
        clean, original = longer[0] if chosen_words else longer[-1]
        found = prose_words(clean)
        replaced = (
            f"the main-text finder kept {chosen_words} words of this page; its "
            f"<{original.tag}> holds {found}: took that instead"
        )
        choice = Choice(clean, replaced=replaced)
        choice.container_words = found
        choice.dropped = [Dropped(t, furniture=True) for t in furniture_texts(original)]
        return choice
    if chosen is None or not chosen_words:
        return None
    # The article's own container: what the page marks as the article, else as its main
    # part, else the largest text block, else the innermost element around the text.
    ranked = sorted(holding, key=lambda pair: (_rank(pair[1]), prose_words(pair[0])))
    container = ranked[0][1] if ranked else _common_ancestor(by_id, chosen_ids)
    choice = Choice(chosen)
    if container is None:
        return choice
    clean = cleaned_copy(container)
    choice.container_words = words(clean.text_content())
    choice.dropped = [Dropped(t, furniture=True) for t in furniture_texts(container)]
    choice.dropped += _restore(chosen, clean)
    if not ranked or _rank(container) == _SIZE_RANK:
        choice.dropped += _restore_lead(chosen, container, document)
    return choice


# ---------------------------------------------------------------------------------------------
# Candidates


def _candidates(document: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    found = [e for e in document.xpath(_CANDIDATE_XPATH) if not _is_furniture(e)]
    largest = _largest_text_block(document)
    if largest is not None and largest not in found:
        found.append(largest)
    return found


_SIZE_RANK = 2  # the rank of a candidate found by its size alone


def _rank(candidate: lxml_html.HtmlElement) -> int:
    if candidate.tag == "article" or candidate.get("itemprop") == "articleBody":
        return 0
    if candidate.get("role") == "article":
        return 0
    if candidate.tag == "main" or candidate.get("role") == "main":
        return 1
    return _SIZE_RANK


def _largest_text_block(document: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The element whose own paragraphs hold the most words."""
    totals: dict[lxml_html.HtmlElement, int] = {}
    for paragraph in document.iter("p"):
        parent = paragraph.getparent()
        if parent is not None and not _in_furniture(parent):
            totals[parent] = totals.get(parent, 0) + words(paragraph.text_content())
    return max(totals, key=totals.__getitem__) if totals else None


def _holds(candidate: lxml_html.HtmlElement, chosen_ids: dict[str, int]) -> bool:
    total = sum(chosen_ids.values())
    if not total:
        return False
    inside = {e.get(ID) for e in candidate.iter() if isinstance(e.tag, str)}
    return sum(n for key, n in chosen_ids.items() if key in inside) >= CONTAINS * total


def _text_ids(fragment: lxml_html.HtmlElement) -> dict[str, int]:
    """Identity -> words of text directly inside that element, for the elements that have both."""
    found: dict[str, int] = {}
    for element in fragment.iter():
        if not isinstance(element.tag, str) or not element.get(ID):
            continue
        own = words(element.text or "") + sum(words(child.tail or "") for child in element)
        if own:
            found[element.get(ID)] = own
    return found


def _common_ancestor(
    by_id: dict[str, lxml_html.HtmlElement], chosen_ids: dict[str, int]
) -> lxml_html.HtmlElement | None:
    """The innermost page element around readability's text; None if that is the whole body."""
    paths = []
    for key in chosen_ids:
        element = by_id.get(key)
        if element is not None:
            paths.append([element, *element.iterancestors()][::-1])
    if not paths:
        return None
    common = None
    for level in zip(*paths, strict=False):
        if all(element is level[0] for element in level):
            common = level[0]
        else:
            break
    if common is None or common.tag in ("html", "body"):
        return None
    return common


# ---------------------------------------------------------------------------------------------
# Furniture


def cleaned_copy(element: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """A copy of ``element`` without its site furniture."""
    clone = copy.deepcopy(element)
    remove_furniture(clone)
    return clone


def remove_furniture(root: lxml_html.HtmlElement) -> None:
    """Remove what WordPress themes and the big plugins mark unambiguously as furniture.

    Forms go when they are sign-up or comment boxes; a form wrapped around the page's prose
    loses only its tags.
    """
    for element in list(_furniture(root)):
        if element.getparent() is None:
            continue
        if element.tag == "form" and _form_prose_words(element) >= _FORM_PROSE_WORDS:
            element.drop_tag()
        else:
            element.drop_tree()


def remove_page_furniture(fragment: lxml_html.HtmlElement, document: lxml_html.HtmlElement) -> None:
    """Remove from readability's copy everything that was furniture in the page.

    readability rebuilds what it keeps (a ``<div>`` of links becomes an empty ``<p>`` with
    its children moved after it), so the furniture is recognised in the page and found again
    in the copy by identity.
    """
    doomed: set[str] = set()
    unwrap: set[str] = set()
    for element in _furniture(document):
        if element.tag == "form" and _form_prose_words(element) >= _FORM_PROSE_WORDS:
            unwrap.add(element.get(ID, ""))
        else:
            doomed.update(e.get(ID, "") for e in element.iter() if isinstance(e.tag, str))
    doomed.discard("")
    for element in list(fragment.iter()):
        if not isinstance(element.tag, str) or element is fragment:
            continue
        key = element.get(ID)
        if key in doomed and element.getparent() is not None:
            element.drop_tree()
        elif key in unwrap and element.getparent() is not None:
            element.drop_tag()
    remove_furniture(fragment)


def furniture_texts(root: lxml_html.HtmlElement) -> list[str]:
    """The text of each piece of furniture inside ``root`` (what :func:`remove_furniture` drops)."""
    texts = []
    for element in _furniture(root):
        if element.tag in ("script", "style", "template", "noscript"):
            continue
        if element.tag == "form" and _form_prose_words(element) >= _FORM_PROSE_WORDS:
            continue
        text = quote(element)
        if text:
            texts.append(text)
    return texts


def _furniture(root: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """Outermost furniture elements inside ``root`` (not ``root`` itself)."""
    stack = list(reversed([c for c in root if isinstance(c.tag, str)]))
    while stack:
        element = stack.pop()
        if _is_furniture(element) or element.tag == "form":
            yield element
            continue
        stack.extend(reversed([c for c in element if isinstance(c.tag, str)]))


def _is_furniture(element: lxml_html.HtmlElement) -> bool:
    classes = set((element.get("class") or "").split())
    return (
        element.tag in FURNITURE_TAGS
        or element.get("id") in FURNITURE_IDS
        or not FURNITURE_CLASSES.isdisjoint(classes)
    )


def _in_furniture(element: lxml_html.HtmlElement) -> bool:
    return any(_is_furniture(e) for e in (element, *element.iterancestors()))


def prose_words(element: lxml_html.HtmlElement) -> int:
    """Words of the blocks of ``element`` that read as text (not link lists or furniture)."""
    return sum(words(u.text_content()) for u in _units(element) if not _looks_like_junk(u))


def _form_prose_words(element: lxml_html.HtmlElement) -> int:
    return sum(words(p.text_content()) for p in element.iter("p", "li", "h2", "h3", "blockquote"))


# ---------------------------------------------------------------------------------------------
# Putting back what readability left out


def _restore(chosen: lxml_html.HtmlElement, container: lxml_html.HtmlElement) -> list[Dropped]:
    """Put back blocks of ``container`` that readability left out inside the kept text.

    A block is put back when it sits between two kept blocks, or just before the first kept
    one when it is a standfirst or a heading. Link-heavy blocks and blocks named like site
    furniture stay out. Returns every left-out block, restored or not.
    """
    in_chosen = {e.get(ID): e for e in chosen.iter() if isinstance(e.tag, str) and e.get(ID)}
    chosen_text = squash(chosen.text_content())
    units = [u for u in _units(container) if squash(u.text_content()) or u.tag == "figure"]
    kept = [_is_kept(u, in_chosen, chosen_text) for u in units]
    report: list[Dropped] = []
    anchor: lxml_html.HtmlElement | None = None
    first_kept = kept.index(True) if True in kept else len(units)
    for index, unit in enumerate(units):
        if kept[index]:
            anchor = in_chosen.get(unit.get(ID), anchor)
            continue
        text = quote(unit)
        between = first_kept < index and any(kept[index + 1 :])
        # A standfirst or section heading just above the text; never the page's <h1>, which
        # is its title (the book prints the title itself).
        lead = index < first_kept and (unit.tag in _LEAD_HEADINGS or _is_standfirst(unit))
        restorable = (between or lead) and not _looks_like_junk(unit)
        if restorable:
            placed = _place(unit, anchor, units, kept, index, in_chosen)
            if placed is not None:
                anchor = placed
                if text:
                    report.append(Dropped(text, restored=True))
                continue
        if text:
            report.append(Dropped(text))
    return report


def _restore_lead(
    chosen: lxml_html.HtmlElement, container: lxml_html.HtmlElement, document: lxml_html.HtmlElement
) -> list[Dropped]:
    """Put back the prose between the page's title and a container found only by its size.

    A page with no ``<article>`` or ``<main>`` may lay its article out as sibling panes: the
    title, a summary, then the text (a Drupal panel layout). readability and the largest
    text block both settle on the text; the paragraphs between the title heading and it, in
    the region holding both, are the article's opening and go back before the first kept
    block. Link lists, furniture and short lines (dates, media links) stay out.
    """
    order = {element: index for index, element in enumerate(document.iter())}
    start = order.get(container)
    titles = [h for h in document.iter("h1") if order[h] < (start or 0)]
    if start is None or not titles:
        return []
    title = titles[-1]
    ancestors = set(container.iterancestors())
    region = next((a for a in title.iterancestors() if a in ancestors), None)
    if region is None or region.tag in ("html", "body"):
        return []
    in_chosen = {e.get(ID): e for e in chosen.iter() if isinstance(e.tag, str) and e.get(ID)}
    first = next((u for u in _units(container) if u.get(ID) in in_chosen), None)
    if first is None:
        return []
    target = in_chosen[first.get(ID)]
    chosen_text = squash(chosen.text_content())
    restored = []
    for unit in _units(region):
        if not order[title] < order[unit] < start or unit in ancestors:
            continue
        text = quote(unit)
        lead = unit.tag in ("p", "blockquote") or _is_text_div(unit)
        if not lead or words(text) < _LEAD_WORDS or _looks_like_junk(unit) or text in chosen_text:
            continue
        piece = copy.deepcopy(unit)
        piece.tail = None
        remove_furniture(piece)
        target.addprevious(piece)
        restored.append(Dropped(text, restored=True))
    return restored


def _units(container: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """Block-level pieces of ``container`` in reading order, outermost first."""
    stack = list(reversed([c for c in container if isinstance(c.tag, str)]))
    while stack:
        element = stack.pop()
        if _is_furniture(element) or element.tag == "form":
            continue
        if element.tag in _UNIT_TAGS or _is_caption_box(element) or _is_text_div(element):
            yield element
            continue
        stack.extend(reversed([c for c in element if isinstance(c.tag, str)]))


def _is_kept(
    unit: lxml_html.HtmlElement, in_chosen: dict[str, lxml_html.HtmlElement], chosen_text: str
) -> bool:
    if unit.get(ID) in in_chosen:
        return True
    text = squash(unit.text_content())
    return bool(text) and len(text.split()) >= 3 and text in chosen_text


def _place(
    unit: lxml_html.HtmlElement,
    anchor: lxml_html.HtmlElement | None,
    units: list[lxml_html.HtmlElement],
    kept: list[bool],
    index: int,
    in_chosen: dict[str, lxml_html.HtmlElement],
) -> lxml_html.HtmlElement | None:
    """Insert a copy of ``unit`` after ``anchor`` (or before the next kept block)."""
    piece = copy.deepcopy(unit)
    piece.tail = None  # the text after it in the page is not part of it
    remove_furniture(piece)
    if anchor is not None and anchor.getparent() is not None:
        anchor.addnext(piece)
        return piece
    for later, is_kept in zip(units[index + 1 :], kept[index + 1 :], strict=True):
        target = in_chosen.get(later.get(ID)) if is_kept else None
        if target is not None and target.getparent() is not None:
            target.addprevious(piece)
            return piece
    return None


def _is_caption_box(element: lxml_html.HtmlElement) -> bool:
    return "wp-caption" in (element.get("class") or "").split()


def _is_text_div(element: lxml_html.HtmlElement) -> bool:
    """A ``<div>`` (or ``<section>``...) used as a paragraph: text and no block inside."""
    if element.tag not in ("div", "section", "aside", "header", "footer", "span"):
        return False
    if not element.text_content().strip():
        return False
    blocks = _UNIT_TAGS | {"div", "section", "aside", "header", "footer", "li"}
    return not any(isinstance(e.tag, str) and e.tag in blocks for e in element.iterdescendants())


def _is_standfirst(element: lxml_html.HtmlElement) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(_STANDFIRST_NAMES.search(names))


def _looks_like_junk(element: lxml_html.HtmlElement) -> bool:
    names = " ".join(
        f"{e.get('class') or ''} {e.get('id') or ''}"
        for e in element.iter()
        if isinstance(e.tag, str)
    )
    if _JUNK_NAMES.search(names):
        return True
    total = words(element.text_content())
    linked = sum(words(a.text_content()) for a in element.iter("a"))
    return total > 0 and linked / total > 0.5 and element.tag not in _HEADINGS


# ---------------------------------------------------------------------------------------------
# Text


_BREAKS = frozenset(
    {"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
     "figcaption", "br", "dt", "dd", "pre", "table", "section", "figure", "ul", "ol"}
)  # fmt: skip


def quote(element: lxml_html.HtmlElement) -> str:
    """The text of ``element`` as the report quotes it: blocks and cells kept apart."""
    clone = copy.deepcopy(element)
    for descendant in clone.iterdescendants():
        if isinstance(descendant.tag, str) and descendant.tag in _BREAKS:
            descendant.tail = " " + (descendant.tail or "")
    return squash(clone.text_content())


def words(text: str) -> int:
    return len(text.split())


def squash(text: str) -> str:
    return " ".join(text.split())
