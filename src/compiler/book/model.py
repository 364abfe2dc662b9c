"""The book model: plain data between the sources and the writers.

Nothing here knows about EPUB or PDF. Writers receive a :class:`Book` and decide how to show
it; tests can build one by hand. Ids are stable and derived from reading order, so file names
inside the EPUB and anchors in the PDF do not change between builds of the same volume.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..sources.base import Note
from ..volume.model import Certification

# Namespace for identifiers derived from a title when the volume has no ISBN.
BOOK_ID_NAMESPACE = uuid.UUID("6f2b7a4e-3c1d-5e8f-9a0b-1c2d3e4f5a6b")


@dataclass(frozen=True)
class SeriesInfo:
    name: str
    number: int | None = None


@dataclass(frozen=True)
class BookMeta:
    title: str
    language: str
    authors: tuple[str, ...] = ()
    subtitle: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    isbn_epub: str | None = None
    isbn_print: str | None = None
    series: SeriesInfo | None = None
    edition: str | None = None  # "First edition"
    publisher_address: tuple[str, ...] = ()  # lines
    license_name: str | None = None
    license_url: str | None = None
    description: str | None = None  # plain text of the blurb
    subjects: tuple[str, ...] = ()  # the articles' categories, tags and keywords
    rights: str | None = None  # the copyright page's rights statement, as plain text
    author_sort: tuple[str, ...] = ()  # "Surname, Given" for each of ``authors``
    embed_fonts: bool = True  # the EPUB carries the book's typeface
    certification: Certification | None = None  # who evaluated the EPUB's accessibility
    modified: dt.datetime = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    # On paper: how web links show (footnotes, endnotes, inline, none) and what follows a
    # link to another chapter, "(see p. {page})".
    print_links: str = "footnotes"
    cross_reference: str = "(see p.\u00a0{page})"
    offprint_of: str | None = None  # an offprint's title page says "From" this book
    # The title and subtitle as inline XHTML when volume.yaml marks emphasis in them
    # (book.title_markup); ``title`` and ``subtitle`` are their plain text.
    title_html: str | None = None
    subtitle_html: str | None = None

    @property
    def author_line(self) -> str:
        """Authors as a title page prints them: "A", "A and B", "A, B and C"."""
        names = list(self.authors)
        if len(names) <= 1:
            return names[0] if names else ""
        return ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def identifier(self) -> str:
        """A stable identifier: the ebook ISBN when there is one, else a UUID from the title.

        Deriving it (instead of a random UUID) keeps rebuilds byte-identical and lets stores
        recognise a new edition of the same file as the same book.
        """
        if self.isbn_epub:
            return f"urn:isbn:{self.isbn_epub.replace('-', '')}"
        seed = "|".join([self.title, self.subtitle or "", *self.authors, self.language])
        return f"urn:uuid:{uuid.uuid5(BOOK_ID_NAMESPACE, seed)}"


@dataclass
class Chapter:
    id: str  # "ch001": file name stem in the EPUB, anchor prefix in the PDF
    number: int
    title: str
    body: str  # XHTML fragment, notes referenced as <a class="noteref" href="#note-N">
    source: Path
    notes: list[Note] = field(default_factory=list)
    short_title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    url: str | None = None
    provenance: str | None = None  # "First published 31 August 2020 at thesaker.is"
    title_html: str | None = None  # inline XHTML for heading and contents; ``title`` is plain
    language: str | None = None  # BCP 47 when it differs from the book's
    subjects: tuple[str, ...] = ()  # the article's categories, tags or keywords
    spare_notes: list[Note] = field(default_factory=list)  # for calls in other chapters

    @property
    def running_title(self) -> str:
        return self.short_title or self.title


@dataclass
class Part:
    id: str  # "part01"
    number: int
    title: str
    chapters: list[Chapter]
    intro: str | None = None  # XHTML fragment
    intro_source: Path | None = None  # the file the introduction was read from


@dataclass(frozen=True)
class Epigraph:
    html: str  # XHTML fragment: the quotation's paragraphs
    source: str | None = None  # XHTML fragment: who said it, where


@dataclass(frozen=True)
class SeriesEntry:
    """A volume of the series as the series pages list it."""

    title: str
    subtitle: str | None = None
    number: int | None = None
    isbn: str | None = None
    url: str | None = None
    current: bool = False  # this very book


@dataclass(frozen=True)
class Credit:
    """Where one essay of the collection first appeared, for the copyright page."""

    chapter_id: str
    title: str
    provenance: str  # "First published 31 August 2020 at thesaker.is"


@dataclass(frozen=True)
class IndexLocator:
    """One place a term occurs: the chapter and the id of the anchor on the word."""

    chapter_id: str
    anchor: str  # the id as rendered: "ch003-ix-12"
    chapter_title: str  # the chapter's running title, the EPUB's locator text


@dataclass(frozen=True)
class IndexEntry:
    """A heading of the back-of-book index, with its places and cross-references."""

    term: str
    id: str  # "index-separation-of-powers", for "see" links to it
    locators: tuple[IndexLocator, ...] = ()
    see: tuple[tuple[str, str], ...] = ()  # (heading, its id)
    see_also: tuple[tuple[str, str], ...] = ()
    subentries: tuple[IndexEntry, ...] = ()


@dataclass(frozen=True)
class IndexGroup:
    """The entries under one letter heading."""

    letter: str
    id: str
    entries: tuple[IndexEntry, ...]


@dataclass
class Section:
    """Front or back matter: a generated page (title page) or one from the editor's file.

    ``kind`` names the template that draws it (``templates/<kind>.html``); the template
    carries the EPUB structural semantic and ARIA role, and the EPUB writer picks landmarks by
    it. The optional fields hold what only some kinds use, so the model stays plain data.
    """

    id: str
    kind: str
    title: str
    body: str = ""  # XHTML fragment; empty for pages drawn entirely from metadata
    in_toc: bool = False
    author: str | None = None  # signature of a foreword, preface...
    image: str | None = None  # asset key of a picture (the author's portrait)
    epigraphs: tuple[Epigraph, ...] = ()
    series: tuple[SeriesEntry, ...] = ()
    credits: tuple[Credit, ...] = ()  # the copyright page's "first published" lines
    credits_summary: str | None = None  # one line instead, when the list would crowd the page
    index: tuple[IndexGroup, ...] = ()  # the back-of-book index, by letter
    source: Path | None = None  # the editor's file, or volume.yaml for inline text


@dataclass
class Book:
    meta: BookMeta
    contents: list[Part | Chapter]
    front: list[Section] = field(default_factory=list)
    back: list[Section] = field(default_factory=list)
    assets: dict[str, Path] = field(default_factory=dict)  # "images/ab12….jpg" -> file
    # The volume's own CSS (``styles:``), url()s rewritten to names in ``style_assets``.
    styles: tuple[str, ...] = ()
    style_assets: dict[str, Path] = field(default_factory=dict)  # fonts and images they name

    @property
    def all_assets(self) -> dict[str, Path]:
        """Every file the print document may fetch: images, and what the volume's CSS names."""
        return {**self.assets, **self.style_assets}

    def chapters(self) -> Iterator[Chapter]:
        """Every chapter in reading order, through parts."""
        for entry in self.contents:
            if isinstance(entry, Part):
                yield from entry.chapters
            else:
                yield entry

    def parts(self) -> Iterator[Part]:
        return (entry for entry in self.contents if isinstance(entry, Part))
