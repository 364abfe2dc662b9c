"""What a volume says: the validated configuration as plain, frozen data.

Every later stage reads a volume through these dataclasses, never through YAML: the loader in
:mod:`compiler.config` fills them in after checking every key. This module knows nothing of
YAML, of the schema or of any stage; it imports nothing from the compiler, so every stage
and the build machinery may import it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# The files a volume's stylesheet may name in url(): fonts, with their EPUB core media types,
# and images.
STYLE_ASSET_TYPES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Location:
    """Where something was declared, for error messages about it later in the build."""

    file: Path
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Isbn:
    epub: str | None = None
    print: str | None = None


@dataclass(frozen=True)
class SeriesVolume:
    """Another volume of the series, for the series page and "Also in this series"."""

    title: str
    subtitle: str | None = None
    number: int | None = None
    isbn: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Series:
    name: str
    number: int | None = None
    volumes: tuple[SeriesVolume, ...] = ()


@dataclass(frozen=True)
class MatterText:
    """Editor-written matter: inline Markdown ``text`` or a Markdown/HTML ``file``.

    ``title`` replaces the section's default heading ("Foreword"); ``author`` signs it (a
    foreword is usually by someone other than the book's author); ``photo`` is only used by
    the page about the author.
    """

    text: str | None = None
    file: Path | None = None
    title: str | None = None
    author: str | None = None
    photo: Path | None = None


@dataclass(frozen=True)
class Epigraph:
    text: str  # inline Markdown
    source: str | None = None  # inline Markdown: "James Madison, *The Federalist* No. 51"


@dataclass(frozen=True)
class FrontMatter:
    """The editor's front matter; half-title, title, copyright and contents are generated."""

    also_by: MatterText | None = None
    dedication: MatterText | None = None
    epigraphs: tuple[Epigraph, ...] = ()
    foreword: MatterText | None = None
    preface: MatterText | None = None
    introduction: MatterText | None = None


@dataclass(frozen=True)
class BackMatter:
    afterword: MatterText | None = None
    acknowledgements: MatterText | None = None
    about_author: MatterText | None = None
    also_in_series: bool = True  # generated from series.volumes when there are any
    colophon: MatterText | None = None


@dataclass(frozen=True)
class License:
    name: str  # "Creative Commons Attribution 4.0 International"
    url: str | None = None


@dataclass(frozen=True)
class Certification:
    """Who evaluated the book's accessibility (EPUB Accessibility 1.1's evaluator)."""

    certified_by: str  # the person or organisation that checked the book
    credential: str | None = None  # the evaluator's own accreditation, if any
    report: str | None = None  # web address of the evaluation report


@dataclass(frozen=True)
class PrintSettings:
    trim: str = "6x9in"
    pod: str = "kdp"
    paper: str = "cream"
    bleed: bool = False
    font_size: str | None = None  # CSS length, e.g. "11pt"
    line_height: float | None = None  # unitless multiple
    price: str | None = None  # list price in US dollars ("14.99"), for the barcode's add-on
    links: str = "footnotes"  # how a web link shows on paper: footnotes, endnotes, inline, none
    cross_references: str | None = None  # "(see p. {page})"; None: the wording per language


@dataclass(frozen=True)
class EpubSettings:
    embed_fonts: bool = True  # the book's typeface, subset, inside the EPUB


@dataclass(frozen=True)
class CleanupSettings:
    """Which named cleanup rules run, plus the user's own drop patterns (regexes)."""

    rules: tuple[str, ...]
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndexTerm:
    """One heading of the back-of-book index, as volume.yaml declares it.

    ``patterns`` are the spellings looked for in the text: the term itself (literally) and each
    alias (a regular expression), all case-insensitive and whole words. A term with ``see``
    only sends the reader to another heading and is not looked for.
    """

    term: str
    where: Location
    patterns: tuple[str, ...] = ()
    see: str | None = None
    see_also: tuple[str, ...] = ()
    subentries: tuple[IndexTerm, ...] = ()


@dataclass(frozen=True)
class IndexSettings:
    """The back-of-book index: the editor's terms, and whether notes are searched too."""

    terms: tuple[IndexTerm, ...] = ()
    notes: bool = False


@dataclass(frozen=True)
class ArticleEntry:
    """One article in ``contents``: a file, or a post inside a WordPress export."""

    path: Path  # absolute, resolved, inside the volume folder
    where: Location
    post: str | None = None  # WordPress post slug or ID when ``path`` is a WXR export
    title: str | None = None
    short_title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    url: str | None = None
    cleanup: CleanupSettings | None = None  # per-article override of Volume.cleanup
    language: str | None = None  # BCP 47, when the article is not in the volume's language


@dataclass(frozen=True)
class PartEntry:
    title: str
    where: Location
    articles: tuple[ArticleEntry, ...]
    intro: Path | None = None


@dataclass(frozen=True)
class Volume:
    path: Path  # the volume.yaml file, absolute
    title: str
    contents: tuple[ArticleEntry | PartEntry, ...]
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    author_sort: tuple[str, ...] = ()  # "Surname, Given" per author; empty: derived
    language: str = "en"
    publisher: str | None = None
    date: dt.date | None = None
    isbn: Isbn = field(default_factory=Isbn)
    series: Series | None = None
    cleanup: CleanupSettings | None = None  # None means "auto": all rules
    provenance: str | None = None  # template; None means the built-in wording per language
    print: PrintSettings = field(default_factory=PrintSettings)
    epub: EpubSettings = field(default_factory=EpubSettings)
    edition: str | None = None  # "First edition"
    publisher_address: str | None = None  # may hold several lines
    rights: str | None = None  # copyright notice and rights; None prints "All rights reserved."
    license: License | None = None
    a11y: Certification | None = None  # who certified the book's accessibility
    front: FrontMatter = field(default_factory=FrontMatter)
    back: BackMatter = field(default_factory=BackMatter)
    blurb: MatterText | None = None  # back-cover copy
    cover: Path | None = None  # the editor's own front cover, or the picture of the photo style
    cover_style: str = "classic"  # the design of the typographic covers (COVER_STYLES)
    cover_bio: MatterText | None = None  # a few lines about the author for the back cover
    cover_quotes: tuple[Epigraph, ...] = ()  # review quotes over the blurb on the back cover
    styles: tuple[Path, ...] = ()  # the volume's own CSS, after the shipped stylesheets
    site_root: Path | None = None  # where "/wp-content/..." paths lead; None: the volume folder
    offprint_of: str | None = None  # set on an offprint: the title of the book it comes from
    # An offprint's: the book's other essays, read only for their words, so that cleanup
    # weighs a split word as it does in the book (see compiler.cleanup.evidence).
    companions: tuple[ArticleEntry, ...] = ()
    index: IndexSettings | None = None  # the back-of-book index; None: no index from volume.yaml
    # Where each top-level key stands in volume.yaml, and the file as the user named it, so
    # warnings about the volume as a whole still point at a FILE:LINE:COL.
    display: str = field(default="", compare=False, repr=False)
    key_positions: Mapping[str, tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def where(self, *keys: str) -> Location:
        """The first of ``keys`` the volume has, as a location (else line 1, column 1)."""
        for key in keys:
            if key in self.key_positions:
                line, col = self.key_positions[key]
                return Location(Path(self.display or self.path), line, col)
        return Location(Path(self.display or self.path), 1, 1)

    @property
    def root(self) -> Path:
        """The volume folder: every file the build reads must lie inside it."""
        return self.path.parent

    @property
    def articles(self) -> list[ArticleEntry]:
        """Every article entry in reading order, parts flattened."""
        out: list[ArticleEntry] = []
        for entry in self.contents:
            out.extend(entry.articles if isinstance(entry, PartEntry) else [entry])
        return out
