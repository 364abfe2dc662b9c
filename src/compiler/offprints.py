"""Offprints: one essay of a volume as its own small EPUB and PDF.

When an anthology comes out, its authors ask for their essay on its own, to send to
colleagues or post on their site. An offprint is built from the very same article, cleanup
and stylesheets as the book, so it reads exactly as it does there; only the book around it
changes: the title page carries the essay's title and author and says which book it is from,
the copyright page keeps the book's rights, and the book's ISBNs and series are left out
(they name another edition).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from .book import title_markup
from .config import load_volume
from .errors import BookError, Problem
from .pipeline import BuildResult, Progress, build
from .volume.model import ArticleEntry, BackMatter, FrontMatter, Isbn, Volume

OFFPRINT_FORMATS = ("epub", "pdf")
FOLDER = "offprints"  # inside the output folder, so an offprint never replaces the book


def find_essays(volume: Volume, wanted: Sequence[str]) -> list[ArticleEntry]:
    """The contents entries ``wanted`` names: a path as written in contents (or relative to
    the working folder), a file name, its stem, or a WordPress post's slug or ID."""
    entries = volume.articles
    names: dict[str, ArticleEntry] = {}
    for entry in entries:
        keys = [entry.post] if entry.post is not None else []
        keys += [] if entry.post else [entry.path.name, entry.path.stem]
        if entry.post is None:
            keys.append(entry.path.relative_to(volume.root).as_posix())
        for key in keys:
            names.setdefault(key, entry)
    found: list[ArticleEntry] = []
    problems: list[Problem] = []
    for text in wanted:
        entry = names.get(text.strip())
        if entry is None:
            path = Path(text)
            if path.exists():
                resolved = path.resolve()
                entry = next((e for e in entries if e.path == resolved and not e.post), None)
        if entry is None:
            # Numbered essays differ only in their numbers: another number is another essay.
            digits = sorted(c for c in text if c.isdigit())
            same = [n for n in names if sorted(c for c in n if c.isdigit()) == digits]
            close = difflib.get_close_matches(text.strip(), same, n=1, cutoff=0.75)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                Problem(f"--only '{text}' is not an essay of this volume{hint}", volume.display)
            )
        elif entry not in found:
            found.append(entry)
    if problems:
        raise BookError(problems)
    return found


def offprint_volume(volume: Volume, entry: ArticleEntry) -> Volume:
    """The volume of one essay: the book's settings, none of its matter, ISBNs or series."""
    stem = entry.post or entry.path.stem
    return dataclasses.replace(
        volume,
        title=stem,  # names the output files; the title page takes the essay's own title
        subtitle=None,
        contents=(entry,),
        isbn=Isbn(),
        series=None,
        front=FrontMatter(),
        back=BackMatter(also_in_series=False),
        blurb=None,
        cover=None,
        offprint_of=title_markup.plain(volume.title),
        companions=tuple(other for other in volume.articles if other != entry),
    )


def build_offprints(
    volume_path: str | Path,
    only: Sequence[str],
    out_dir: str | Path | None = None,
    formats: Iterable[str] | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    jobs: int | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    embed_fonts: bool | None = None,
) -> list[BuildResult]:
    """Build an offprint of each essay ``only`` names into ``OUT/offprints/``."""
    volume = load_volume(volume_path)
    essays = find_essays(volume, only)
    out = (Path(out_dir) if out_dir is not None else volume.root / "build") / FOLDER
    return [
        build(
            offprint_volume(volume, entry),
            out,
            formats=formats or OFFPRINT_FORMATS,
            progress=progress,
            strict=strict,
            jobs=jobs,
            cache_dir=cache_dir,
            use_cache=use_cache,
            embed_fonts=embed_fonts,
        )
        for entry in essays
    ]
