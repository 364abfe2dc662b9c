"""Volume to book: read every article in order and arrange parts, chapters and matter.

This is the only stage that reads article files; after it the writers work on the
:class:`~compiler.book.Book` alone.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import locale
from .book import Book, BookMeta, Chapter, Part, Section, SeriesInfo
from .cleanup import CleanupReport
from .config import ArticleEntry, PartEntry, Volume
from .errors import BookError, Diagnostics, Problem
from .sources.article import load_article, load_fragment
from .sources.base import Article

Progress = Callable[[str], None]


@dataclass
class Assembly:
    book: Book
    reports: list[tuple[str, CleanupReport]] = field(default_factory=list)


def assemble(
    volume: Volume,
    diagnostics: Diagnostics,
    progress: Progress | None = None,
    loader: Callable[..., tuple[Article, CleanupReport]] = load_article,
) -> Assembly:
    """Build the book model, collecting every article's problems before failing.

    ``loader`` reads one article; the build passes a cached one (see ``article_cache``).
    """
    problems: list[Problem] = []
    reports: list[tuple[str, CleanupReport]] = []
    contents: list[Part | Chapter] = []
    assets: dict[str, Path] = {}
    counter = 0

    def chapter_for(entry: ArticleEntry) -> Chapter | None:
        nonlocal counter
        if progress is not None:
            progress(entry.path.name)
        try:
            article, report = loader(entry, volume, diagnostics)
        except BookError as exc:
            problems.extend(exc.problems)
            return None
        counter += 1
        assets.update(article.images)
        reports.append((_display(entry, volume), report))
        return _chapter(article, counter, volume.language)

    for entry in volume.contents:
        if isinstance(entry, PartEntry):
            chapters = [c for c in (chapter_for(a) for a in entry.articles) if c is not None]
            intro = None
            if entry.intro is not None:
                try:
                    intro = load_fragment(entry.intro, volume, diagnostics)
                except BookError as exc:
                    problems.extend(exc.problems)
            number = sum(isinstance(c, Part) for c in contents) + 1
            contents.append(Part(f"part{number:02d}", number, entry.title, chapters, intro))
        else:
            chapter = chapter_for(entry)
            if chapter is not None:
                contents.append(chapter)
    if problems:
        raise BookError(problems)

    meta = book_meta(volume, _chapters(contents))
    book = Book(meta=meta, contents=contents, front=_front_matter(meta), back=[], assets=assets)
    return Assembly(book, reports)


def book_meta(volume: Volume, chapters: list[Chapter]) -> BookMeta:
    series = SeriesInfo(volume.series.name, volume.series.number) if volume.series else None
    return BookMeta(
        title=volume.title,
        subtitle=volume.subtitle,
        authors=volume.authors,
        language=volume.language,
        publisher=volume.publisher,
        date=volume.date,
        isbn_epub=volume.isbn.epub,
        isbn_print=volume.isbn.print,
        series=series,
        modified=build_timestamp(volume, chapters),
    )


def build_timestamp(volume: Volume, chapters: list[Chapter]) -> dt.datetime:
    """The moment recorded as the book's modification time.

    ``SOURCE_DATE_EPOCH`` wins (the reproducible-builds convention); otherwise the volume's
    publication date, else the newest article date. Never the clock: two builds of the same
    inputs must be byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise BookError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}"
            ) from exc
    day = volume.date or max((c.date for c in chapters if c.date), default=None)
    if day is None:
        day = dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def provenance(article: Article, language: str) -> str | None:
    """ "First published 31 August 2020 at thesaker.is", from what the article says of itself."""
    site = _site(article.url)
    if article.date and site:
        return locale.label(
            language, "first_published", date=locale.format_date(article.date, language), site=site
        )
    if article.date:
        return locale.label(
            language, "first_published_date", date=locale.format_date(article.date, language)
        )
    if site:
        return locale.label(language, "first_published_site", site=site)
    return None


def _site(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _chapter(article: Article, number: int, language: str) -> Chapter:
    return Chapter(
        id=f"ch{number:03d}",
        number=number,
        title=article.title,
        body=article.body,
        source=article.source,
        notes=article.notes,
        short_title=article.short_title,
        author=article.author,
        date=article.date,
        url=article.url,
        provenance=provenance(article, language),
    )


def _chapters(contents: list[Part | Chapter]) -> list[Chapter]:
    out: list[Chapter] = []
    for entry in contents:
        out.extend(entry.chapters if isinstance(entry, Part) else [entry])
    return out


def _front_matter(meta: BookMeta) -> list[Section]:
    """The generated front matter every book has; editor-written sections join later."""
    return [
        Section("halftitle", "halftitlepage", meta.title),
        Section("titlepage", "titlepage", locale.label(meta.language, "title_page")),
        Section("copyright", "copyright-page", locale.label(meta.language, "copyright")),
        Section("toc", "toc", locale.label(meta.language, "contents")),
    ]


def _display(entry: ArticleEntry, volume: Volume) -> str:
    try:
        name = str(entry.path.relative_to(volume.root))
    except ValueError:
        name = str(entry.path)
    return f"{name}#{entry.post}" if entry.post else name
