"""Volume to book: read every article in order and arrange parts, chapters and matter.

This is the only stage that reads article files; after it the writers work on the
:class:`~compiler.book.model.Book` alone.
"""

from __future__ import annotations

import datetime as dt
import os
import string
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from lxml import html as lxml_html

from ..cleanup import Change, CleanupReport
from ..cleanup.titles import typeset_markup, without_shared_suffixes
from ..cleanup.typography import typeset
from ..errors import BookError, Diagnostics, Problem
from ..sources.base import Article
from ..sources.wordpress import post_id
from ..volume.model import ArticleEntry, IndexSettings, PartEntry, Volume
from . import locale, title_markup
from .articles import EmptyArticle, load_article, load_section, render_text
from .indexing import build_index, index_section
from .languages import script_languages, tag_fragment
from .links import resolve_links
from .matter import MatterBuilder
from .model import Book, BookMeta, Chapter, Part, Section, SeriesInfo
from .note_calls import resolve_note_calls
from .volume_styles import load_styles

Progress = Callable[[str], None]


@dataclass
class Assembly:
    book: Book
    reports: list[tuple[str, CleanupReport]] = field(default_factory=list)
    missing_images: list[Path] = field(default_factory=list)  # looked for, not found
    links: list[Problem] = field(default_factory=list)  # broken links, already warned about


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
    left_out: list[Problem] = []  # articles with no text: warnings, unless nothing is left
    missing: list[Path] = []
    reports: list[tuple[str, CleanupReport]] = []
    contents: list[Part | Chapter] = []
    assets: dict[str, Path] = {}
    counter = 0
    posts: dict[tuple[Path, str], ArticleEntry] = {}
    titled: list[tuple[Chapter, CleanupReport]] = []  # titles the site gave, not volume.yaml

    def chapter_for(entry: ArticleEntry) -> Chapter | None:
        nonlocal counter
        if progress is not None:
            progress(entry.path.name)
        try:
            if entry.post is not None and _same_post_twice(entry, posts, problems):
                return None
            article, report = loader(entry, volume, diagnostics)
        except EmptyArticle as exc:
            for problem in exc.problems:  # a warning: the book is whole without it
                diagnostics.warn(problem.message, problem.file, problem.line, problem.col)
            left_out.extend(exc.problems)
            missing.extend(exc.missing_images)
            if exc.report is not None:  # the report says why it is not in the book
                exc.report.warnings += [problem.message for problem in exc.problems]
                reports.append((_display(entry, volume), exc.report))
            return None
        except BookError as exc:
            problems.extend(exc.problems)
            return None
        counter += 1
        assets.update(article.images)
        missing.extend(article.missing_images)
        reports.append((_display(entry, volume), report))
        chapter = _chapter(article, counter, volume)
        settings = entry.cleanup if entry.cleanup is not None else volume.cleanup
        if not entry.title and (settings is None or TITLE_SUFFIX in settings.rules):
            titled.append((chapter, report))
        return chapter

    for entry in volume.contents:
        if isinstance(entry, PartEntry):
            chapters = [c for c in (chapter_for(a) for a in entry.articles) if c is not None]
            intro = None
            if entry.intro is not None:
                try:
                    _, intro = load_section(entry.intro, volume, diagnostics, assets)
                except BookError as exc:
                    problems.extend(exc.problems)
            number = sum(isinstance(c, Part) for c in contents) + 1
            title = typeset(entry.title, volume.language)
            contents.append(Part(f"part{number:02d}", number, title, chapters, intro, entry.intro))
        else:
            chapter = chapter_for(entry)
            if chapter is not None:
                contents.append(chapter)
    drop_shared_suffixes(titled)
    chapters = _chapters(contents)
    if not chapters and not problems:
        raise BookError([*left_out, Problem("no article has any text left; there is no book")])
    meta = book_meta(volume, chapters, _description(volume, diagnostics, problems))
    matter = MatterBuilder(volume, meta, diagnostics)
    front, back = matter.front(chapters), matter.back()
    editors_text = [(s, s.source) for s in [*front, *back] if s.source is not None and s.body]
    editors_text += [
        (p, p.intro_source) for p in contents if isinstance(p, Part) and p.intro_source and p.intro
    ]
    resolve_note_calls(chapters, diagnostics)
    broken = resolve_links(chapters, diagnostics, editors_text)
    problems.extend(matter.problems)
    if problems:
        raise BookError(problems)
    _tag_languages(volume, contents, front + back)
    index = build_index(chapters, volume.index or IndexSettings(), diagnostics)
    if index:
        back = index_section(back, index, volume.language)
    assets.update(matter.assets)
    styles, style_assets = load_styles(volume.styles, volume.root)
    book = Book(
        meta=meta,
        contents=contents,
        front=front,
        back=back,
        assets=assets,
        styles=styles,
        style_assets=style_assets,
    )
    return Assembly(book, reports, missing, broken)


TITLE_SUFFIX = "title-suffix"


def drop_shared_suffixes(titled: list[tuple[Chapter, CleanupReport]]) -> None:
    """Take off a suffix several chapter titles share ("… | Rust Blog"): the site's name.

    One article cannot tell "Rust Blog" from the title's own words; the volume can. The
    ``title-suffix`` cleanup rule is the switch, and the report quotes each removal under it.
    """
    results = without_shared_suffixes([(c.title, c.title_html) for c, _ in titled])
    for (chapter, report), (title, markup, suffix) in zip(titled, results, strict=True):
        if suffix is None:
            continue
        note = f"the site's name, ending several titles of the volume, in {chapter.title!r}"
        report.changes.append(Change(TITLE_SUFFIX, "removed", suffix, note=note))
        chapter.title, chapter.title_html = title, markup


def _same_post_twice(
    entry: ArticleEntry, seen: dict[tuple[Path, str], ArticleEntry], problems: list[Problem]
) -> bool:
    """Whether ``entry`` names a WordPress post already in the book under another name.

    volume.yaml is checked for repeated entries as written; a post chosen once by slug and
    once by ID only shows up as the same post once the export has been read.
    """
    key = (entry.path, post_id(entry.path, entry.post or ""))
    first = seen.setdefault(key, entry)
    if first is entry:
        return False
    problems.append(
        Problem(
            f"post {entry.post!r} is the same post as {first.post!r} at line "
            f"{first.where.line}; an article can appear only once",
            entry.where.file,
            entry.where.line,
            entry.where.col,
        )
    )
    return True


def _tag_languages(volume: Volume, contents: list[Part | Chapter], matter: list[Section]) -> None:
    """Tag passages in other scripts in every text of the book, in place.

    Runs once all articles are read, because the guess for a script depends on the whole
    volume: Cyrillic is Ukrainian in a volume that has Ukrainian articles.
    """
    chapters = _chapters(contents)
    guesses = script_languages([volume.language, *(c.language for c in chapters if c.language)])
    for chapter in chapters:
        language = chapter.language or volume.language
        chapter.body = tag_fragment(chapter.body, language, guesses)
        chapter.notes = [
            replace(note, html=tag_fragment(note.html, language, guesses)) for note in chapter.notes
        ]
    for part in (entry for entry in contents if isinstance(entry, Part)):
        if part.intro:
            part.intro = tag_fragment(part.intro, volume.language, guesses)
    for section in matter:
        section.body = tag_fragment(section.body, volume.language, guesses)


def _description(volume: Volume, diagnostics: Diagnostics, problems: list[Problem]) -> str | None:
    """The blurb as plain text, for the EPUB's description that stores show."""
    blurb = volume.blurb
    if blurb is None:
        return None
    try:
        if blurb.file is not None:
            _, html = load_section(blurb.file, volume, diagnostics)
        else:
            html = render_text(blurb.text or "", volume, diagnostics)
    except BookError as exc:
        problems.extend(exc.problems)
        return None
    paragraphs = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    text = "\n\n".join(
        " ".join(block.text_content().split()) for block in paragraphs if isinstance(block.tag, str)
    )
    return text.strip() or None


def _plain(markdown_text: str) -> str:
    html = markdown.markdown(markdown_text, output_format="xhtml")
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split())


def author_sort(name: str) -> str:
    """ "Leo Tolstoy" files as "Tolstoy, Leo"; a single word, "Last, First" or a pen name
    such as "The Saker" stays as it is."""
    words = name.split()
    if "," in name or len(words) < 2 or words[0].lower() in {"the", "a", "an"}:
        return name
    particles = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le"}
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in particles:
        start -= 1
    if words[-1].rstrip(".").lower() in {"jr", "sr", "ii", "iii", "iv"} and len(words) > 2:
        return f"{' '.join(words[start - 1 : -1])}, {' '.join(words[: start - 1])}, {words[-1]}"
    return f"{' '.join(words[start:])}, {' '.join(words[:start])}"


def _rights(volume: Volume) -> str | None:
    """The rights statement as plain text: ``rights`` is Markdown, a package field is not."""
    lines = [_plain(line) for line in _lines(volume.rights)]
    if volume.license is not None:
        licence = volume.license.name
        lines.append(f"{licence} ({volume.license.url})" if volume.license.url else licence)
    return " ".join(lines) or None


def book_meta(volume: Volume, chapters: list[Chapter], description: str | None = None) -> BookMeta:
    series = SeriesInfo(volume.series.name, volume.series.number) if volume.series else None
    subjects = tuple(dict.fromkeys(s for c in chapters for s in c.subjects))
    if volume.offprint_of is not None and chapters:
        return _offprint_meta(volume, chapters[0], subjects)
    title = typeset(volume.title, volume.language)
    subtitle = typeset(volume.subtitle, volume.language) if volume.subtitle else None
    return BookMeta(
        title=title_markup.plain(title),
        subtitle=title_markup.plain(subtitle) if subtitle else None,
        title_html=title_markup.markup(title),
        subtitle_html=title_markup.markup(subtitle) if subtitle else None,
        authors=volume.authors,
        language=volume.language,
        publisher=volume.publisher,
        date=volume.date,
        isbn_epub=volume.isbn.epub,
        isbn_print=volume.isbn.print,
        series=series,
        edition=volume.edition,
        publisher_address=_lines(volume.publisher_address),
        license_name=volume.license.name if volume.license else None,
        license_url=volume.license.url if volume.license else None,
        description=description,
        subjects=subjects,
        rights=_rights(volume),
        author_sort=volume.author_sort or tuple(author_sort(a) for a in volume.authors),
        embed_fonts=volume.epub.embed_fonts,
        certification=volume.a11y,
        modified=build_timestamp(volume, chapters),
        print_links=volume.print.links,
        cross_reference=volume.print.cross_references or locale.label(volume.language, "see_page"),
    )


def _offprint_meta(volume: Volume, essay: Chapter, subjects: tuple[str, ...]) -> BookMeta:
    """An offprint is the essay's own small book: its title and author, the anthology's
    publisher and rights, and none of the anthology's ISBNs or series (they name another
    edition); its identifier then comes from its own title."""
    authors = (essay.author,) if essay.author else volume.authors
    return BookMeta(
        title=essay.title,
        authors=authors,
        language=volume.language,
        publisher=volume.publisher,
        date=volume.date,
        edition=volume.edition,
        publisher_address=_lines(volume.publisher_address),
        license_name=volume.license.name if volume.license else None,
        license_url=volume.license.url if volume.license else None,
        subjects=subjects,
        rights=_rights(volume),
        author_sort=tuple(author_sort(a) for a in authors),
        embed_fonts=volume.epub.embed_fonts,
        modified=build_timestamp(volume, [essay]),
        print_links=volume.print.links,
        cross_reference=volume.print.cross_references or locale.label(volume.language, "see_page"),
        offprint_of=typeset(volume.offprint_of, volume.language),
    )


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


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


def provenance(article: Article, language: str, template: str | None = None) -> str | None:
    """ "First published 31 August 2020 at thesaker.is", from what the article says of itself.

    A volume's own ``provenance`` template wins when the article has everything it names;
    otherwise the built-in wording for the language is used with what is known.
    """
    site = _site(article.url)
    date = locale.format_date(article.date, language) if article.date else None
    if template is not None:
        values = {"date": date, "site": site, "url": article.url}
        needed = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        if all(values.get(name) for name in needed):
            return template.format(**values)
    dated = locale.dated(article.date, language) if article.date else None
    if dated and site:
        return locale.label(language, "first_published", date=dated, site=site)
    if dated:
        return locale.label(language, "first_published_date", date=dated)
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


def _chapter(article: Article, number: int, volume: Volume) -> Chapter:
    language = volume.language
    return Chapter(
        id=f"ch{number:03d}",
        number=number,
        # Titles from front matter or volume.yaml are typed by hand, with straight quotes.
        title=typeset(article.title, language),
        title_html=typeset_markup(article.title_html, language) if article.title_html else None,
        body=article.body,
        source=article.source,
        notes=article.notes,
        short_title=typeset(article.short_title, language) if article.short_title else None,
        author=article.author,
        date=article.date,
        url=article.url,
        provenance=provenance(article, language, volume.provenance),
        language=article.language
        if article.language and article.language.lower() != language.lower()
        else None,
        subjects=article.subjects,
        spare_notes=article.spare_notes,
    )


def _chapters(contents: list[Part | Chapter]) -> list[Chapter]:
    out: list[Chapter] = []
    for entry in contents:
        out.extend(entry.chapters if isinstance(entry, Part) else [entry])
    return out


def _display(entry: ArticleEntry, volume: Volume) -> str:
    try:
        name = str(entry.path.relative_to(volume.root))
    except ValueError:
        name = str(entry.path)
    return f"{name}#{entry.post}" if entry.post else name
