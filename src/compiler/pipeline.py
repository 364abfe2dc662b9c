"""The library API: one call builds a volume's outputs. The CLI and the tests call this.

``build()`` runs the pipeline in one direction: config, sources, book model, writers. All
outputs are staged and renamed into ``build/`` together at the end, so a failure anywhere
leaves the previous outputs untouched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import assemble
from .atomic import OutputSet
from .book import Book
from .cleanup import CleanupReport, format_report, summarise
from .config import Volume, load_volume
from .cover import write_print_cover
from .covers import cover_text, ebook_cover, interior_page_count
from .epub import write_epub
from .errors import BookError, Diagnostics, Problem
from .pdf import PrintResult, write_pdf
from .preflight import preflight
from .reproducible import fixed_clock

FORMATS = ("epub", "pdf", "cover")


@dataclass
class BuildResult:
    volume: Volume
    book: Book
    outputs: dict[str, Path] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    print_result: PrintResult | None = None
    reports: list[tuple[str, CleanupReport]] = field(default_factory=list)

    @property
    def cleanup_summary(self) -> str:
        """One line per article that cleanup changed, for the terminal."""
        return summarise(self.reports)


@dataclass
class Progress:
    """Callbacks the CLI uses to draw a progress bar; tests and pipes leave them empty."""

    start: Callable[[str, int], None] = lambda stage, total: None
    advance: Callable[[str], None] = lambda item: None


def slugify(title: str) -> str:
    """A file-name-safe slug of the title: "The Essential Saker V" -> "the-essential-saker-v"."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text or "book"


def resolve_formats(formats: Iterable[str] | None) -> tuple[str, ...]:
    wanted = set(formats or ("all",))
    if "all" in wanted:
        return FORMATS
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise BookError(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)}, all)")
    return tuple(f for f in FORMATS if f in wanted)


def build(
    volume_path: str | Path,
    out_dir: str | Path | None = None,
    formats: Iterable[str] | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> BuildResult:
    """Build the requested formats of one volume; raise :class:`BookError` on bad input.

    With ``strict`` every warning (a remote image left out, a script removed, a file read
    as Windows-1252, a preflight finding) is an error instead, and no output is committed:
    for CI, where nobody reads warnings.
    """
    chosen = resolve_formats(formats)
    progress = progress or Progress()
    diagnostics = Diagnostics()
    volume = load_volume(volume_path)
    out = Path(out_dir) if out_dir is not None else volume.root / "build"

    progress.start("Reading articles", len(volume.articles))
    assembly = assemble(volume, diagnostics, progress.advance)
    book = assembly.book
    if strict and diagnostics.warnings:
        raise BookError(list(diagnostics.warnings))
    result = BuildResult(
        volume=volume, book=book, warnings=diagnostics.warnings, reports=assembly.reports
    )
    slug = slugify(volume.title)

    with OutputSet() as outputs, fixed_clock(book.meta.modified):
        targets: dict[str, Path] = {}
        front_cover = ebook_cover(volume, book, diagnostics)
        if "epub" in chosen:
            progress.start("Writing EPUB", 1)
            targets["epub"] = out / f"{slug}.epub"
            write_epub(book, outputs.path_for(targets["epub"]), cover=front_cover)
            progress.advance("epub")
        if "pdf" in chosen:
            progress.start("Laying out the print interior", 1)
            targets["pdf"] = out / f"{slug}.pdf"
            staged = outputs.path_for(targets["pdf"])
            result.print_result = write_pdf(book, volume.print, staged, diagnostics=diagnostics)
            for finding in preflight(staged, volume.print, volume.language):
                diagnostics.warn(f"print preflight: {finding}", targets["pdf"])
            progress.advance("pdf")
        if "cover" in chosen:
            progress.start("Drawing the covers", 1)
            if result.print_result is not None:
                pages = result.print_result.page_count
            else:
                pages = interior_page_count(volume, book, out / f"{slug}.pdf")
            targets["cover"] = out / f"{slug}-cover.pdf"
            write_print_cover(book.meta, volume.print, pages, outputs.path_for(targets["cover"]),
                              cover_text(volume, diagnostics))
            targets["ebook-cover"] = out / f"{slug}-cover.jpg"
            outputs.path_for(targets["ebook-cover"]).write_bytes(front_cover)
            progress.advance("cover")
        # What cleanup removed or changed, beside the book, so an editor can review it.
        targets["report"] = out / f"{slug}-report.md"
        report = format_report(assembly.reports)
        outputs.path_for(targets["report"]).write_text(report, encoding="utf-8")
        if strict and diagnostics.warnings:
            # Writers warn too (glyphs, image resolution, preflight): nothing is committed.
            raise BookError(list(diagnostics.warnings))
        outputs.commit()
    result.outputs = targets
    return result
