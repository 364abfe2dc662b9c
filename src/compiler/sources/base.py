"""What every reader produces, whatever the input format.

Readers (Markdown, saved HTML pages, WordPress exports) each turn one source into a
:class:`RawArticle`: an HTML tree of the body plus the metadata the source itself declares.
Everything after that (cleanup, title extraction, footnotes) works on the tree, so a rule is
written once for all formats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from .text import locate


@dataclass
class SourceMeta:
    """Metadata an article declares about itself (front matter, <meta> tags, WXR fields)."""

    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    url: str | None = None
    summary: str | None = None
    short_title: str | None = None
    categories: list[str] = field(default_factory=list)
    language: str | None = None  # BCP 47, when the source names its own language


@dataclass(frozen=True)
class SourceChange:
    """Something a reader did to the source's text before cleanup, for the report.

    ``action`` uses the report's words: "removed" (text of the article's container that
    does not reach the book), "kept" (text the reader almost lost and put back), "changed"
    (an embed turned into a line of text). ``note`` says why.
    """

    action: str
    text: str
    note: str = ""


@dataclass
class RawArticle:
    """A source as read: body tree (a ``<div>`` wrapping block elements) and its metadata.

    ``body_line`` is the 1-based line of the source where the body starts, so messages about
    the body can point into the file. ``text`` is the source text the body came from (for a
    WordPress post, its content alone, starting at line ``text_line`` of the export), kept so
    a message about an element of the tree can find that element's line. ``unused_keys``
    are the front matter keys the book has no use for, listed in the report.
    """

    source: Path
    root: lxml_html.HtmlElement
    meta: SourceMeta
    body_line: int = 1
    text: str = ""
    text_line: int = 1
    changes: list[SourceChange] = field(default_factory=list)  # extraction's, for the report
    unused_keys: list[str] = field(default_factory=list)
    # The sanitised markup ``root`` was parsed from: a read kept as it stands gives the same
    # tree again (see compiler.book.reads).
    markup: str = ""

    def locate(self, needle: str) -> tuple[int, int]:
        """Line and column of ``needle`` in the source, or (0, 0) if it cannot be found."""
        return locate(self.text, needle, self.text_line)


@dataclass(frozen=True)
class Note:
    """A footnote: ``key`` is unique within its article; ``html`` is the note's XHTML;
    ``label`` the marker the source gave it ("15" for Markdown's ``[^15]``), by which a call
    in another article may find it (:mod:`compiler.book.note_calls`): where the note came
    from, not what it is, so two notes of one key and text are equal whatever their labels."""

    key: str
    html: str
    label: str = field(default="", compare=False)


@dataclass
class Article:
    """A source after cleanup: ready to become a chapter.

    ``body`` is an XHTML fragment (block elements, no title heading). Footnote references in it
    are ``<a class="noteref" href="#note-KEY">N</a>``; the note texts are in ``notes``. Writers
    rewrite both into their own form (EPUB pop-up notes, print foot-of-page notes).
    """

    source: Path
    title: str  # plain text
    body: str
    notes: list[Note] = field(default_factory=list)
    title_html: str | None = None  # inline XHTML, when the title carries emphasis
    author: str | None = None
    date: dt.date | None = None
    url: str | None = None
    summary: str | None = None
    short_title: str | None = None
    images: dict[str, Path] = field(default_factory=dict)  # stable name -> file in the book
    missing_images: list[Path] = field(default_factory=list)  # looked for and not found
    language: str | None = None  # BCP 47; None means the volume's
    subjects: tuple[str, ...] = ()  # the article's own categories, tags or keywords
    # Notes the source prints here that no call of this article refers to: another article
    # of the volume may call them (their ``key`` is empty).
    spare_notes: list[Note] = field(default_factory=list)
