"""Front and back matter: the pages around the essays, in the order publishers print them.

Front matter follows the Chicago Manual of Style (1.4): half-title, series page (or "also
by"), title page, copyright page, dedication, epigraph, contents, foreword, preface,
introduction. The contents come before the foreword and its kin because it lists them. Back
matter: afterword, acknowledgements, about the author, the other volumes of the series, and the
colophon last.

Every section here is plain data (:class:`~compiler.book.model.Section`); where it falls on the
printed page (recto or verso) and how it looks is decided by the templates and stylesheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BookError, Diagnostics, Problem
from ..sources.images import check_image_file
from ..sources.inputs import input_digest
from ..volume.model import MatterText, Volume
from . import locale, title_markup
from .articles import load_section, render_text
from .model import BookMeta, Chapter, Credit, Epigraph, Section, SeriesEntry

CREDITS_LISTED_MAX = 6
"""Beyond this many essays the copyright page says in one line where they come from, instead
of listing them: each chapter's opening names its first publication anyway, and a long list
would push the copyright page onto a second page."""


@dataclass
class MatterBuilder:
    """Reads the editor's matter for one volume, collecting every problem before failing."""

    volume: Volume
    meta: BookMeta
    diagnostics: Diagnostics
    problems: list[Problem] = field(default_factory=list)
    assets: dict[str, Path] = field(default_factory=dict)  # pictures the matter uses

    # -- the two lists ----------------------------------------------------------------------
    def front(self, chapters: list[Chapter]) -> list[Section]:
        lang, front = self.meta.language, self.volume.front
        if self.volume.offprint_of is not None:
            # One essay: its title page (saying which book it is from) and the rights.
            title_page = Section("titlepage", "titlepage", locale.label(lang, "title_page"))
            return [title_page, self._copyright(chapters)]
        out = [Section("halftitle", "halftitlepage", self.meta.title)]
        if front.also_by is not None:
            default = locale.label(lang, "also_by", author=self.meta.author_line)
            out.extend(self._section("also-by", "also-by", default, front.also_by))
        elif self.volume.series is not None and self.volume.series.volumes:
            out.append(
                Section("series-page", "seriespage", self.volume.series.name, series=self._series())
            )
        out.append(Section("titlepage", "titlepage", locale.label(lang, "title_page")))
        out.append(self._copyright(chapters))
        if front.dedication is not None:
            out.extend(
                self._section(
                    "dedication",
                    "dedication",
                    locale.label(lang, "dedication"),
                    front.dedication,
                )
            )
        if front.epigraphs:
            epigraphs = tuple(
                Epigraph(self._text(e.text), self._text(e.source) if e.source else None)
                for e in front.epigraphs
            )
            out.append(
                Section(
                    "epigraph",
                    "epigraph",
                    locale.label(lang, "epigraph"),
                    epigraphs=epigraphs,
                )
            )
        out.append(Section("toc", "toc", locale.label(lang, "contents")))
        for kind in ("foreword", "preface", "introduction"):
            matter = getattr(front, kind)
            if matter is not None:
                out.extend(self._section(kind, kind, locale.label(lang, kind), matter, in_toc=True))
        return out

    def back(self) -> list[Section]:
        lang, back = self.meta.language, self.volume.back
        out: list[Section] = []
        if back.afterword is not None:
            title = locale.label(lang, "afterword")
            out.extend(self._section("afterword", "afterword", title, back.afterword, in_toc=True))
        if back.acknowledgements is not None:
            title = locale.label(lang, "acknowledgements")
            out.extend(
                self._section(
                    "acknowledgements",
                    "acknowledgments",
                    title,
                    back.acknowledgements,
                    in_toc=True,
                )
            )
        if back.about_author is not None:
            several = len(self.meta.authors) > 1
            title = locale.label(lang, "about_authors" if several else "about_author")
            out.extend(
                self._section("about-author", "about-author", title, back.about_author, in_toc=True)
            )
        others = [entry for entry in self._series() if not entry.current]
        if back.also_in_series and others:
            title = locale.label(lang, "also_in_series")
            out.append(
                Section(
                    "also-in-series", "also-in-series", title, in_toc=True, series=tuple(others)
                )
            )
        if back.colophon is not None:
            title = locale.label(lang, "colophon")
            out.extend(self._section("colophon", "colophon", title, back.colophon))
        return out

    # -- pieces -----------------------------------------------------------------------------
    def _section(
        self,
        id_: str,
        kind: str,
        default_title: str,
        matter: MatterText,
        *,
        in_toc: bool = False,
    ) -> list[Section]:
        """One section from inline text or a file; an empty list when it could not be read."""
        try:
            if matter.file is not None:
                own_title, body = load_section(
                    matter.file, self.volume, self.diagnostics, self.assets
                )
            else:
                own_title, body = None, self._text(matter.text or "")
        except BookError as exc:
            self.problems.extend(exc.problems)
            return []
        title = matter.title or own_title or default_title
        image = self._image(matter.photo) if matter.photo is not None else None
        return [
            Section(
                id_,
                kind,
                title,
                body,
                in_toc=in_toc,
                author=matter.author,
                image=image,
                source=matter.file or self.volume.path,
            )
        ]

    def _text(self, text: str) -> str:
        return render_text(text, self.volume, self.diagnostics)

    def _image(self, path: Path) -> str:
        """The picture's stable asset name, content-addressed as article images are."""
        check_image_file(path, "the author photo")
        digest = input_digest(path)[:16]
        key = f"images/{digest}{path.suffix.lower()}"
        self.assets[key] = path
        return key

    def _series(self) -> tuple[SeriesEntry, ...]:
        """Every volume of the series in order, this book marked; it is added if not listed."""
        series = self.volume.series
        if series is None or not series.volumes:
            return ()
        entries = [
            SeriesEntry(
                title=v.title,
                subtitle=v.subtitle,
                number=v.number,
                isbn=v.isbn,
                url=v.url,
                current=_is_this_book(v.title, v.number, self.meta.title, series.number),
            )
            for v in series.volumes
        ]
        if not any(e.current for e in entries):
            entries.append(
                SeriesEntry(
                    self.meta.title,
                    self.meta.subtitle,
                    series.number,
                    self.meta.isbn_print,
                    current=True,
                )
            )
        numbered = sorted((e for e in entries if e.number is not None), key=lambda e: e.number)
        return tuple(numbered + [e for e in entries if e.number is None])

    def _copyright(self, chapters: list[Chapter]) -> Section:
        lang = self.meta.language
        title = locale.label(lang, "copyright")
        # Rights are Markdown so that titles can be in italics; one paragraph per line.
        rights = self._text("\n\n".join(_lines(self.volume.rights))) if self.volume.rights else ""
        credited = [c for c in chapters if c.provenance]
        if len(credited) <= CREDITS_LISTED_MAX:
            credits = tuple(Credit(c.id, c.title, c.provenance or "") for c in credited)
            return Section("copyright", "copyright-page", title, rights, credits=credits)
        summary = _summary(chapters, lang)
        return Section("copyright", "copyright-page", title, rights, credits_summary=summary)


def _is_this_book(title: str, number: int | None, book_title: str, book_number: int | None) -> bool:
    if number is not None and book_number is not None:
        return number == book_number
    return title_markup.plain(title).casefold() == book_title.casefold()


def _summary(chapters: list[Chapter], language: str) -> str:
    years = sorted({c.date.year for c in chapters if c.provenance and c.date})
    if not years:
        return locale.label(language, "credits_undated")
    if years[0] == years[-1]:
        return locale.label(language, "credits_year", year=years[0])
    return locale.label(language, "credits_range", first=years[0], last=years[-1])


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
