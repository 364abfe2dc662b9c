"""The back-of-book index: find each term in the essays, anchor it, and list the places.

Terms come from volume.yaml (``index.terms``, looked for in the text) and from marks the
author put in the text itself (``[term]{.index}`` in Markdown, ``<span data-index="term">`` in
HTML, with ``data-index-sub`` for a sub-entry). Every occurrence gets an anchor on the words
themselves (``<span class="index-mark" id="ix-N">``), so both writers can lead to it: the EPUB
links each entry to every occurrence, the print edition prints the page each anchor falls on
(its rendering turns the spans into comments, :func:`marks_as_comments`).

Only the running text of the essays is searched: never titles or headings (they would make
every chapter title an index entry, and running heads repeat them), never code, and the notes
only when the volume asks (``index.notes``). Matching is whole words, case-insensitive, with the
``regex`` engine and the same time limit as the cleanup's drop patterns, so an editor's pattern
that backtracks is stopped with an error naming it instead of stalling the build.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache

import regex
from lxml import etree
from lxml import html as lxml_html

from ..errors import BookError, Diagnostics, Problem
from ..sources.base import Note
from ..sources.limits import PATTERN_TIMEOUT_S
from ..sources.xhtml import to_xhtml
from ..volume.model import IndexSettings, IndexTerm
from . import locale
from .model import Chapter, IndexEntry, IndexGroup, IndexLocator, Section

MARK_CLASS = "index-mark"
PRINT_MARK = "index-mark "
"""How a print rendering names an occurrence: a comment ``<!--index-mark ID-->`` before it."""
# Text never searched: headings, code, and what the compiler put there itself.
_SKIPPED_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "kbd", "samp"})
_SKIPPED_CLASSES = frozenset({"noteref", MARK_CLASS})
# What lets a pattern see past the edge of the text it is run on: anchors, lookarounds, flags.
_CONTEXTUAL = re.compile(r"[\^$]|\\[AZzG]|\(\?")
_WORD_BEFORE = r"(?<![\w])"
_WORD_AFTER = r"(?![\w])"


@dataclass
class _Heading:
    """A heading being filled in: its places, in reading order, and its sub-entries."""

    term: str
    see: str | None = None
    see_also: tuple[str, ...] = ()
    declared: IndexTerm | None = None
    locators: list[IndexLocator] = field(default_factory=list)
    subentries: dict[str, _Heading] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class _Searcher:
    """One heading's spellings as a compiled pattern, and where it goes when found."""

    pattern: regex.Pattern[str]
    heading: _Heading
    declared: IndexTerm


@cache
def _compiled(patterns: tuple[str, ...]) -> regex.Pattern[str]:
    alternatives = "|".join(f"(?:{p})" for p in patterns)
    return regex.compile(f"{_WORD_BEFORE}(?:{alternatives}){_WORD_AFTER}", regex.I | regex.V0)


class _Finder:
    """Every heading's spellings, looked for in one text at a time.

    Most headings are plain words ("Montesquieu"): those are found together, by one pattern
    holding all of them (longest first, so "New York" wins over "York"), which keeps the
    cost of an index of a thousand names close to that of one. Headings with aliases are
    regular expressions of the editor's and are run one by one, each under the time limit.
    """

    def __init__(self, searchers: list[_Searcher]) -> None:
        self.words: dict[str, list[_Searcher]] = {}
        self.patterned: list[_Searcher] = []
        for searcher in searchers:
            if len(searcher.declared.patterns) == 1 and not searcher.declared.see:
                self.words.setdefault(_key(searcher.declared.term), []).append(searcher)
            else:
                self.patterned.append(searcher)
        literal = sorted(
            {searcher.declared.patterns[0] for group in self.words.values() for searcher in group},
            key=lambda pattern: (-len(pattern), pattern),
        )
        self.literal = _compiled(tuple(literal)) if literal else None
        # The patterned ones blind to what lies around the text they are run on.
        self.local: set[_Searcher] = {
            s for s in self.patterned if not any(_CONTEXTUAL.search(p) for p in s.declared.patterns)
        }

    def spread(self, texts: list[str]) -> list[list[_Searcher]]:
        """The patterned headings worth looking for in each of ``texts`` (one chapter's).

        A call per heading and paragraph cost more than the matching itself, so each heading
        is first looked for in all the texts at once, joined by line breaks, and then only
        in the texts a match there touched. A match in one text is a match in the joined
        ones too (a line break looks like the edge of a text to the word boundaries and to a
        plain pattern), so nothing is missed; a pattern that could see past the edge
        (anchors, lookarounds, inline flags) is looked for in every text, as is one that
        takes too long on the whole chapter (its own text shows which paragraph it stalls on).
        """
        starts: list[int] = []
        offset = 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        joined = "\n".join(texts)
        wanted: list[set[_Searcher]] = [set() for _ in texts]
        for searcher in self.patterned:
            matches = _matches(searcher.pattern, joined) if searcher in self.local else None
            if matches is None:
                for found in wanted:
                    found.add(searcher)
                continue
            for match in matches:
                first = bisect_right(starts, match.start()) - 1
                last = bisect_right(starts, max(match.start(), match.end() - 1)) - 1
                for index in range(first, last + 1):
                    wanted[index].add(searcher)
        return [[s for s in self.patterned if s in found] for found in wanted]

    def __bool__(self) -> bool:
        return bool(self.words or self.patterned)

    def find(
        self, text: str, chapter: Chapter, patterned: list[_Searcher]
    ) -> list[tuple[int, int, _Searcher]]:
        """Every heading's matches in ``text``; of the patterned ones, only ``patterned``'s."""
        found: list[tuple[int, int, _Searcher]] = []
        if self.literal is not None:
            try:
                matches = list(self.literal.finditer(text, timeout=PATTERN_TIMEOUT_S))
            except TimeoutError:
                raise BookError(
                    f"the index's terms took more than {PATTERN_TIMEOUT_S} s on a paragraph of "
                    f"{chapter.source.name}; split that paragraph or list fewer terms"
                ) from None
            for match in matches:
                group = self.words.get(_key(match.group()))
                if group is None:  # a case folding regex and casefold() disagree on
                    group = [
                        s
                        for g in self.words.values()
                        for s in g
                        if s.pattern.fullmatch(match.group())
                    ]
                found.extend((match.start(), match.end(), searcher) for searcher in group)
        for searcher in patterned:
            try:
                found.extend(
                    (m.start(), m.end(), searcher)
                    for m in searcher.pattern.finditer(text, timeout=PATTERN_TIMEOUT_S)
                    if m.end() > m.start()
                )
            except TimeoutError:
                where = searcher.declared.where
                raise BookError(
                    Problem(
                        f"index term '{searcher.declared.term}': its aliases took more than "
                        f"{PATTERN_TIMEOUT_S} s on a paragraph of {chapter.source.name} "
                        "and were stopped (they backtrack catastrophically); write them more "
                        "simply",
                        where.file,
                        where.line,
                        where.col,
                    )
                ) from None
        return found


def _matches(pattern: regex.Pattern[str], text: str) -> list[regex.Match[str]] | None:
    """All of ``pattern``'s matches in ``text``, or None if finding them took too long."""
    try:
        return list(pattern.finditer(text, timeout=PATTERN_TIMEOUT_S))
    except TimeoutError:
        return None


def build_index(
    chapters: list[Chapter], settings: IndexSettings, diagnostics: Diagnostics
) -> tuple[IndexGroup, ...]:
    """Anchor every occurrence in ``chapters`` (in place) and return the index by letter.

    Empty when the volume declares no terms and the text holds no marks. A declared term
    found nowhere is a warning naming its line in volume.yaml: an index that lists it with
    no pages, or leaves it out silently, would both mislead.
    """
    headings: dict[str, _Heading] = {}
    searchers: list[_Searcher] = []
    for term in settings.terms:
        heading = headings.setdefault(
            _key(term.term), _Heading(term.term, term.see, term.see_also, term)
        )
        if term.patterns:
            searchers.append(_Searcher(_compiled(term.patterns), heading, term))
        for sub in term.subentries:
            child = heading.subentries.setdefault(
                _key(sub.term), _Heading(sub.term, sub.see, sub.see_also, sub)
            )
            if sub.patterns:
                searchers.append(_Searcher(_compiled(sub.patterns), child, sub))
    finder = _Finder(searchers)
    for chapter in chapters:
        _Marker(chapter, headings, finder, settings.notes).run()
    for heading in headings.values():
        _warn_unused(heading, diagnostics)
        for sub in heading.subentries.values():
            _warn_unused(sub, diagnostics)
    return _groups(headings)


def _key(term: str) -> str:
    return " ".join(term.split()).casefold()


def _warn_unused(heading: _Heading, diagnostics: Diagnostics) -> None:
    term = heading.declared
    if term is None or heading.see or heading.locators:
        return
    if any(sub.locators or sub.see for sub in heading.subentries.values()):
        return
    diagnostics.warn(
        f"index term '{term.term}' occurs nowhere in the essays; it is left out of the index",
        term.where.file,
        term.where.line,
        term.where.col,
    )


class _Marker:
    """Marks one chapter: the author's own index marks, then the declared terms."""

    def __init__(
        self,
        chapter: Chapter,
        headings: dict[str, _Heading],
        finder: _Finder,
        notes: bool,
    ) -> None:
        self.chapter = chapter
        self.headings = headings
        self.finder = finder
        self.notes = notes
        self.count = 0
        self.taken: set[str] = set()

    def run(self) -> None:
        chapter = self.chapter
        if not self.finder and "index" not in chapter.body + "".join(n.html for n in chapter.notes):
            return  # no terms to look for and no marks: a volume without an index
        body = lxml_html.fragment_fromstring(chapter.body or "<p></p>", create_parent="div")
        self.taken = {str(i) for i in body.xpath("//@id")}
        # Ids in the body are prefixed with the chapter's when rendered; note ids are not.
        changed = self._mark(body, prefix="")
        if changed:
            chapter.body = _serialise(body)
        # The author's marks in notes always count; the declared terms only when asked.
        notes: list[Note] = []
        for note in chapter.notes:
            root = lxml_html.fragment_fromstring(note.html or "<p></p>", create_parent="div")
            if self._mark(root, prefix=f"{chapter.id}-", search=self.notes):
                notes.append(replace(note, html=_serialise(root)))
            else:
                notes.append(note)
        chapter.notes = notes

    def _mark(self, root: lxml_html.HtmlElement, prefix: str, search: bool = True) -> bool:
        changed = False
        for span in list(root.iter("span")):
            classes = (span.get("class") or "").split()
            if span.get("data-index") is None and "index" not in classes:
                continue
            self._own_mark(span, classes, prefix)
            changed = True
        if search and self.finder:
            nodes = list(_text_nodes(root))
            texts = [(element.tail if tail else element.text) or "" for element, tail in nodes]
            patterned = self.finder.spread(texts)
            for (element, tail), text, searchers in zip(nodes, texts, patterned, strict=True):
                changed |= self._search(element, tail, text, prefix, searchers)
        return changed

    def _anchor(self, prefix: str) -> tuple[str, str]:
        """A fresh id for the chapter's body, and the id it has once rendered."""
        while True:
            self.count += 1
            name = f"ix-{self.count}"
            if name not in self.taken:
                self.taken.add(name)
                local = f"{prefix}{name}"
                return local, f"{self.chapter.id}-{name}"

    def _locate(self, heading: _Heading, rendered: str) -> None:
        heading.locators.append(IndexLocator(self.chapter.id, rendered, self.chapter.running_title))

    def _own_mark(self, span: lxml_html.HtmlElement, classes: list[str], prefix: str) -> None:
        """An index mark the author wrote: the term is its ``data-index``, else its words."""
        term = " ".join((span.get("data-index") or span.text_content()).split())
        sub = " ".join((span.attrib.pop("data-index-sub", None) or "").split())
        span.attrib.pop("data-index", None)
        span.set("class", " ".join([c for c in classes if c != "index"] + [MARK_CLASS]))
        if not term:
            return
        heading = self.headings.setdefault(_key(term), _Heading(term))
        if sub:
            heading = heading.subentries.setdefault(_key(sub), _Heading(sub))
        local, rendered = self._anchor(prefix)
        if span.get("id"):
            # The author's own id stays; the anchor goes on an empty span just inside.
            inner = etree.Element("span", {"class": MARK_CLASS, "id": local})
            inner.tail, span.text = span.text, None
            span.insert(0, inner)
        else:
            span.set("id", local)
        self._locate(heading, rendered)

    def _search(
        self,
        element: lxml_html.HtmlElement,
        tail: bool,
        text: str,
        prefix: str,
        patterned: list[_Searcher],
    ) -> bool:
        if not text.strip():
            return False
        found = self.finder.find(text, self.chapter, patterned)
        if not found:
            return False
        # Earliest first, the longest of those starting together; overlaps are not anchored.
        found.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
        pieces: list[tuple[int, int, list[_Searcher]]] = []
        for start, end, searcher in found:
            if pieces and start == pieces[-1][0] and end == pieces[-1][1]:
                pieces[-1][2].append(searcher)  # a heading and a sub-entry on the same words
            elif not pieces or start >= pieces[-1][1]:
                pieces.append((start, end, [searcher]))
        spans: list[lxml_html.HtmlElement] = []
        for start, end, hits in pieces:
            local, rendered = self._anchor(prefix)
            span = etree.Element("span", {"class": MARK_CLASS, "id": local})
            span.text = text[start:end]
            spans.append(span)
            for searcher in dict.fromkeys(hits):
                self._locate(searcher.heading, rendered)
        _replace_text(element, tail, text, [(s, e) for s, e, _ in pieces], spans)
        return True


def _text_nodes(root: lxml_html.HtmlElement) -> Iterator[tuple[lxml_html.HtmlElement, bool]]:
    """Every searchable text node as (element, is its tail), outside headings and code."""

    def skipped(element: lxml_html.HtmlElement) -> bool:
        if not isinstance(element.tag, str) or element.tag in _SKIPPED_TAGS:
            return True
        return bool(_SKIPPED_CLASSES & set((element.get("class") or "").split()))

    def walk(element: lxml_html.HtmlElement) -> Iterator[tuple[lxml_html.HtmlElement, bool]]:
        if skipped(element):
            return
        yield element, False
        for child in element:
            yield from walk(child)
            if child.tail:
                yield child, True

    for child in root:
        yield from walk(child)
        if child.tail:
            yield child, True
    if root.text:
        yield root, False


def _replace_text(
    element: lxml_html.HtmlElement,
    tail: bool,
    text: str,
    cuts: list[tuple[int, int]],
    spans: list[lxml_html.HtmlElement],
) -> None:
    """Put ``spans`` in place of the cut stretches of one text node."""
    pieces = [text[: cuts[0][0]]]
    for index, (_, end) in enumerate(cuts):
        following = cuts[index + 1][0] if index + 1 < len(cuts) else len(text)
        spans[index].tail = text[end:following]
    if tail:
        element.tail = pieces[0]
        parent = element.getparent()
        position = parent.index(element)
        for offset, span in enumerate(spans, start=1):
            parent.insert(position + offset, span)
    else:
        element.text = pieces[0]
        for offset, span in enumerate(spans):
            element.insert(offset, span)


def _serialise(root: lxml_html.HtmlElement) -> str:
    body = "\n".join(to_xhtml(child) for child in root)
    if root.text and root.text.strip():
        body = f"{_escape(root.text)}{body}"
    return body


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def marks_as_comments(root: lxml_html.HtmlElement) -> None:
    """Put a comment before each anchored occurrence in place of the span around it.

    For print: every inline element splits a line's text into one more box for WeasyPrint
    to lay out, and thousands of them slowed the whole body's layout by a third. A comment
    splits nothing, yet stays in the tree the layout reads, so
    :mod:`compiler.interior.index_places` finds each occurrence's page from the laid-out text.
    A span the author styled (other classes or attributes) stays an element, and so does an
    id a comment cannot hold (``--``).
    """
    for span in list(root.iter("span")):
        name = span.get("id") or ""
        if span.get("class") != MARK_CLASS or len(span.attrib) != 2 or not name:
            continue
        if "--" in name or name.endswith("-"):
            continue
        parent = span.getparent()
        parent.insert(parent.index(span), etree.Comment(f"{PRINT_MARK}{name}"))
        span.drop_tag()


# -- ordering ---------------------------------------------------------------------------------


def sort_key(term: str) -> tuple[str, str]:
    """Word by word (Chicago 16.59), ignoring case and accents: "New York" before "Newark"."""
    plain = unicodedata.normalize("NFKD", term)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[^\w\s]", "", plain).split()
    return " ".join(words).replace(" ", "\x00"), term


def letter(term: str) -> str:
    """The letter heading a term files under; digits and signs under "0–9"."""
    first = next((c for c in sort_key(term)[0] if c.isalnum()), "")
    return first.upper() if first.isalpha() else "0–9"


def _slug(text: str, taken: set[str]) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = "index-" + (re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "term")
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}-{number}"
    taken.add(name)
    return name


def _groups(headings: dict[str, _Heading]) -> tuple[IndexGroup, ...]:
    """The finished entries by letter; headings with nothing to show are left out."""
    kept = {
        key: heading
        for key, heading in headings.items()
        if heading.see or heading.locators or any(s.locators for s in heading.subentries.values())
    }
    taken: set[str] = set()
    order = sorted(kept, key=lambda k: sort_key(kept[k].term))
    ids = {key: _slug(kept[key].term, taken) for key in order}

    def refer(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        return tuple((kept[_key(n)].term, ids[_key(n)]) for n in names if _key(n) in kept)

    def entry(heading: _Heading, entry_id: str) -> IndexEntry:
        own: set[str] = set()
        subs = sorted(
            (s for s in heading.subentries.values() if s.locators or s.see),
            key=lambda s: sort_key(s.term),
        )
        return IndexEntry(
            term=heading.term,
            id=entry_id,
            locators=tuple(heading.locators),
            see=refer((heading.see,)) if heading.see else (),
            see_also=refer(heading.see_also),
            subentries=tuple(entry(sub, f"{entry_id}--{_slug(sub.term, own)[6:]}") for sub in subs),
        )

    groups: dict[str, list[IndexEntry]] = {}
    for key, entry_id in ids.items():
        heading = kept[key]
        groups.setdefault(letter(heading.term), []).append(entry(heading, entry_id))
    return tuple(
        IndexGroup(name, f"index-letter-{_slug(name, set())[6:]}", tuple(entries))
        for name, entries in groups.items()
    )


# -- the section ------------------------------------------------------------------------------

# Back matter the index follows: the editor's closing prose belongs to the text it indexes.
# What comes after it (about the author, the series, the colophon) is about the book.
_BEFORE_INDEX = frozenset({"afterword", "acknowledgments"})


def index_section(
    back: list[Section], groups: tuple[IndexGroup, ...], language: str
) -> list[Section]:
    """The back matter with the index in its place (Chicago 1.4: the index comes last of
    the matter about the text)."""
    section = Section("index", "index", locale.label(language, "index"), in_toc=True, index=groups)
    position = sum(1 for s in back if s.kind in _BEFORE_INDEX)
    return [*back[:position], section, *back[position:]]
