"""Links between the essays of a book, and links that lead nowhere.

An essay written for the web links to the author's other posts by their address or, in a
folder of Markdown files, by file name. Once those posts are chapters of the same book, such a
link must lead to the chapter, in the EPUB (another file of the package) and on paper (a page
number). A link to a file that is not in the book, or to an anchor no chapter has, would give
an EPUB that fails EPUBCheck and a PDF link into the void, so it is reported where it was
written and becomes text, or the page's web address when the article has one.

Resolved links are written into the chapter bodies in one form both writers read:
``<a class="xref" data-chapter="ch002" data-target="ch002-sec">`` (``data-target`` only when
the link names a place inside the chapter; ids are the ones :func:`compiler.book.render.
prepare_body` gives, prefixed by the chapter id). A link to the article's own address stays an
in-page link.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from lxml import html as lxml_html

from ..errors import Diagnostics, Problem
from ..sources.inputs import read_input
from ..sources.text import locate
from .articles import serialize_children
from .model import Chapter, Part, Section

XREF = "xref"
_WEB_SCHEMES = ("http", "https")


def web_key(url: str) -> str | None:
    """An address reduced to what names the page: host without ``www.``, path without the
    trailing slash. Scheme, query and fragment do not change which essay it is."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname:
        return None
    host = parts.hostname.lower()
    host = host[4:] if host.startswith("www.") else host
    return host + unquote(parts.path).rstrip("/")


@dataclass
class _Target:
    chapter: Chapter
    ids: set[str]


@dataclass(frozen=True)
class _Place:
    """Where a link is written: its file and web address, and the anchors it can reach."""

    source: Path
    url: str | None
    own: str | None  # the chapter id, for a chapter
    ids: frozenset[str]


class LinkResolver:
    """Resolves the links of every chapter against the others; collects what is broken."""

    def __init__(self, chapters: list[Chapter], diagnostics: Diagnostics):
        self.diagnostics = diagnostics
        self.problems: list[Problem] = []
        self.targets = {c.id: _Target(c, _ids(c)) for c in chapters}
        self.by_web: dict[str, Chapter] = {}
        self.by_path: dict[Path, Chapter] = {}
        shared = _shared_sources(chapters)
        for chapter in chapters:
            key = web_key(chapter.url or "")
            if key is not None:
                self.by_web.setdefault(key, chapter)
            if chapter.source not in shared:  # posts of one export share a file
                self.by_path.setdefault(_resolved(chapter.source), chapter)
        self._texts: dict[Path, str] = {}

    def resolve(self, chapter: Chapter) -> None:
        """Rewrite the links of one chapter's body and notes in place."""
        place = _Place(
            chapter.source, chapter.url, chapter.id, frozenset(self.targets[chapter.id].ids)
        )
        chapter.body = self._fix(place, chapter.body)
        chapter.notes = [replace(n, html=self._fix(place, n.html)) for n in chapter.notes]

    def resolve_text(self, html: str, source: Path) -> str:
        """The links of the editor's own text (a foreword, a part's introduction) resolved."""
        return self._fix(_Place(source, None, None, frozenset(_ids_in(html))), html)

    # -- one fragment ------------------------------------------------------------------------
    def _fix(self, place: _Place, html: str) -> str:
        if "<a" not in html:
            return html
        root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
        changed = False
        for link in list(root.iter("a")):
            href = (link.get("href") or "").strip()
            if not href or "noteref" in (link.get("class") or "").split():
                continue
            changed |= self._link(place, link, href)
        if not changed:
            return html
        return serialize_children(root)

    def _link(self, place: _Place, link: lxml_html.HtmlElement, href: str) -> bool:
        if href.startswith("#"):
            return self._in_chapter(place, link, href, unquote(href[1:]))
        parts = urlsplit(href)
        if parts.scheme:
            key = web_key(href)
            target = self.by_web.get(key) if key is not None else None
            if target is None:
                return False  # a page on the web, mail address or other service
            return self._to_chapter(place, link, href, target, unquote(parts.fragment))
        # A relative address: a file beside the article, perhaps another essay of the book.
        path, fragment = urldefrag(href)
        if not path:
            return False
        target = self._by_file(place.source.parent / unquote(path))
        if target is not None:
            return self._to_chapter(place, link, href, target, unquote(fragment))
        what = f"link to {href!r}: no article of the book is that file"
        if place.url and web_key(place.url) is not None:
            absolute = urljoin(place.url, href)
            self._warn(place, href, f"{what}; it points to {absolute} instead")
            link.set("href", absolute)
        else:
            self._warn(place, href, f"{what}; it is left as text")
            _unlink(link)
        return True

    def _by_file(self, path: Path) -> Chapter | None:
        resolved = _resolved(path)
        found = self.by_path.get(resolved)
        if found is not None:
            return found
        # An exported blog links ``two.html`` where the book holds ``two.md``.
        same_stem = [
            c for p, c in self.by_path.items() if p.with_suffix("") == resolved.with_suffix("")
        ]
        return same_stem[0] if len(same_stem) == 1 else None

    def _in_chapter(
        self, place: _Place, link: lxml_html.HtmlElement, href: str, anchor: str
    ) -> bool:
        if anchor in place.ids:
            return False
        self._warn(
            place,
            href,
            f"link to {href!r}: there is no such anchor in the article; it is left as text",
        )
        _unlink(link)
        return True

    def _to_chapter(
        self,
        place: _Place,
        link: lxml_html.HtmlElement,
        href: str,
        target: Chapter,
        anchor: str,
    ) -> bool:
        if anchor and anchor not in self.targets[target.id].ids:
            self._warn(
                place,
                href,
                f"link to {href!r}: “{target.title}” has no anchor "
                f"{anchor!r}; it leads to the start of that chapter",
            )
            anchor = ""
        if target.id == place.own:
            if anchor:
                link.set("href", f"#{anchor}")
            else:
                _unlink(link)  # a link to the page the reader is on
            return True
        link.set("class", " ".join([*(link.get("class") or "").split(), XREF]))
        link.set("data-chapter", target.id)
        link.set("href", f"#{target.id}-{anchor}" if anchor else f"#{target.id}")
        if anchor:
            link.set("data-target", f"{target.id}-{anchor}")
        return True

    def _warn(self, place: _Place, needle: str, message: str) -> None:
        line, col = locate(self._text(place.source), needle)
        problem = Problem(message, place.source, line, col)
        self.problems.append(problem)
        self.diagnostics.warn(problem.message, problem.file, problem.line, problem.col)

    def _text(self, path: Path) -> str:
        if path not in self._texts:
            try:
                self._texts[path] = read_input(path).decode("utf-8", errors="replace")
            except OSError:
                self._texts[path] = ""
        return self._texts[path]


def resolve_links(
    chapters: list[Chapter],
    diagnostics: Diagnostics,
    matter: list[tuple[Section | Part, Path]] = (),
) -> list[Problem]:
    """Turn links between the chapters into internal links; report and defuse broken ones.

    ``matter`` is the editor's text with the file it was written in: sections of front and
    back matter, and parts with an introduction.
    """
    resolver = LinkResolver(chapters, diagnostics)
    for chapter in chapters:
        resolver.resolve(chapter)
    for holder, source in matter:
        if isinstance(holder, Part):
            holder.intro = resolver.resolve_text(holder.intro or "", source)
        else:
            holder.body = resolver.resolve_text(holder.body, source)
    return resolver.problems


def _ids(chapter: Chapter) -> set[str]:
    found: set[str] = set()
    for html in [chapter.body, *(n.html for n in chapter.notes)]:
        found |= _ids_in(html)
    return found


def _ids_in(html: str) -> set[str]:
    if "id=" not in html:
        return set()
    root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    return {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}


def _shared_sources(chapters: list[Chapter]) -> set[Path]:
    seen: set[Path] = set()
    shared: set[Path] = set()
    for chapter in chapters:
        (shared if chapter.source in seen else seen).add(chapter.source)
    return shared


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


def _unlink(link: lxml_html.HtmlElement) -> None:
    link.drop_tag()
