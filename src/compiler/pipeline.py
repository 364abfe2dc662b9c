"""The library API: one call builds a volume's outputs. The CLI and the tests call this.

``build()`` runs the pipeline in one direction: config, sources, book model, writers. All
outputs are staged and renamed into ``build/`` together at the end, so a failure anywhere
leaves the previous outputs untouched.

Builds are stateless apart from the content-addressed cache (:mod:`compiler.machinery.cache`): read
and cleaned articles, laid-out chapter units, and a record of each finished build keyed by every
input's bytes, so a rebuild with nothing changed only hashes its inputs and returns.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from .book import reads
from .book.article_cache import cached_loader, prefetch
from .book.assemble import assemble
from .book.model import Book
from .book.page_map import PageMap
from .book.vocabulary import volume_words
from .cleanup import CleanupReport, format_report, summarise
from .config import load_volume
from .covers.compose import cover_text, cover_warnings, ebook_cover, interior_page_count
from .covers.draw import write_print_cover
from .epub.writer import write_epub
from .errors import BookError, Diagnostics, Problem
from .interior.assembly import LayoutStats, write_pdf_units
from .interior.layout import PrintResult, write_pdf
from .interior.page_starts import PAGE_MAPS, page_map_key
from .interior.preflight import Finding, preflight
from .machinery import workers
from .machinery.atomic import OutputSet, check_no_clash, output_errors
from .machinery.cache import Cache, code_fingerprint, default_cache_dir, digest, file_digest
from .machinery.cache_data import carry_over
from .machinery.freshness import volume_inputs
from .machinery.reproducible import fixed_clock
from .sources.frozen_images import frozen_digest
from .sources.inputs import input_digest, reading_inputs
from .sources.limits import MAX_EXPORT_BYTES, MAX_JOBS, check_jobs
from .volume.model import Volume

FORMATS = ("epub", "pdf", "cover")


@dataclass
class BuildResult:
    volume: Volume
    book: Book
    outputs: dict[str, Path] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # decisions taken, never failures
    print_result: PrintResult | None = None
    reports: list[tuple[str, CleanupReport]] = field(default_factory=list)
    up_to_date: bool = False  # nothing changed since the last build: outputs left as they were
    missing_images: list[Path] = field(default_factory=list)  # left out as not found
    layout: LayoutStats | None = None  # units laid out and taken from the cache (parallel PDF)
    findings: list[Finding] = field(default_factory=list)  # the PDF's preflight, with pages

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


def default_jobs() -> int:
    """One layout worker per core this process may use, up to :data:`MAX_JOBS`.

    Only the speed follows it: the units a book is laid out in, and so the PDF's bytes, are
    the same whatever the number of workers.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def build(
    volume_path: str | Path | Volume,
    out_dir: str | Path | None = None,
    formats: Iterable[str] | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    jobs: int | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    single_pass: bool | None = None,
    embed_fonts: bool | None = None,
) -> BuildResult:
    """Build the requested formats of one volume; raise :class:`BookError` on bad input.

    With ``strict`` every warning (a remote image left out, a script removed, a file read
    as Windows-1252, a preflight finding) is an error instead, and no output is committed:
    for CI, where nobody reads warnings.

    ``jobs`` layout workers (default: one per core, at most :data:`MAX_JOBS`). The PDF is
    the same, byte for byte, whatever ``jobs`` is, so a build on one core and on eight agree.
    ``single_pass`` lays the whole book out in one WeasyPrint document instead: the reference
    the unit layout must match page for page, whose bytes differ. The cache lives in
    ``cache_dir``, else ``$COMPILE_BOOK_CACHE``, else the user's cache folder (never the output
    folder: see :func:`compiler.machinery.cache.default_cache_dir`); ``use_cache=False`` keeps
    nothing. ``embed_fonts``, when given, overrides the volume's ``epub.embed_fonts`` (the
    command line's ``--no-embed-fonts``, for a store that strips fonts).
    """
    chosen = resolve_formats(formats)
    volume = volume_path if isinstance(volume_path, Volume) else load_volume(volume_path)
    if embed_fonts is not None:
        volume = replace(volume, epub=replace(volume.epub, embed_fonts=embed_fonts))
    # From here on every input is read beneath the book folder, without following a symlink
    # swapped in since the volume was checked (see compiler.machinery.inputs).
    with reading_inputs(volume.root):
        return _build(
            volume, chosen, out_dir, progress, strict, jobs, cache_dir, use_cache, single_pass
        )


def _build(
    volume: Volume,
    chosen: tuple[str, ...],
    out_dir: str | Path | None,
    progress: Progress | None,
    strict: bool,
    jobs: int | None,
    cache_dir: str | Path | None,
    use_cache: bool,
    single_pass: bool | None,
) -> BuildResult:
    progress = progress or Progress()
    diagnostics = Diagnostics()
    out = Path(out_dir) if out_dir is not None else volume.root / "build"
    jobs = check_jobs(jobs or default_jobs())
    single_pass = bool(single_pass)
    # Without a cache, an article read for the volume's words is still cleaned from that read.
    cache = Cache(
        (Path(cache_dir) if cache_dir is not None else default_cache_dir()) if use_cache else None,
        passed_on=[reads.KIND],
    )
    slug = slugify(volume.title)
    input_key = _input_key(volume, chosen, out, single_pass, strict)
    previous = _previous_build(cache, input_key, strict, volume) if input_key is not None else None
    if previous is not None:
        return previous

    progress.start("Reading articles", len(volume.articles))
    parallel = not single_pass and cache.enabled and jobs >= 2
    # One set of workers reads the volume's words and then cleans its articles: starting
    # workers twice cost a cold build more CPU than reading the words does.
    with workers.running(workers.pool(jobs)) if parallel else nullcontext() as executor:
        words = volume_words(volume, cache, 1 if single_pass else jobs, executor)
        if not single_pass:
            prefetch(volume, cache, jobs, words, executor)
    assembly = assemble(volume, diagnostics, progress.advance, loader=cached_loader(cache, words))
    book = assembly.book
    if strict and diagnostics.warnings:
        raise BookError(list(diagnostics.warnings))
    result = BuildResult(
        volume=volume,
        book=book,
        warnings=diagnostics.warnings,
        notes=diagnostics.notes,
        reports=assembly.reports,
        missing_images=assembly.missing_images,
    )
    planned = planned_outputs(out, slug, chosen)
    check_no_clash(planned.values(), [*volume_inputs(volume), *book.assets.values()])

    with OutputSet() as outputs, fixed_clock(book.meta.modified), output_errors(out):
        targets: dict[str, Path] = {}
        front_cover = ebook_cover(volume, book, diagnostics, cache)
        if "pdf" in chosen:
            targets["pdf"] = planned["pdf"]
            staged = outputs.path_for(targets["pdf"])
            if single_pass:
                progress.start("Laying out the print interior", 1)
                result.print_result = write_pdf(book, volume.print, staged, diagnostics=diagnostics)
            else:
                # The bar follows the units as they are laid out or taken from the cache.
                result.layout = LayoutStats(
                    on_units=lambda count: progress.start("Laying out the print interior", count),
                    on_unit=progress.advance,
                )
                result.print_result = write_pdf_units(
                    book,
                    volume.print,
                    staged,
                    cache,
                    jobs,
                    stats=result.layout,
                    diagnostics=diagnostics,
                )
                # The record kept in the cache holds data, not the terminal's callbacks.
                result.layout.on_units = result.layout.on_unit = None
            progress.start("Checking the print interior", 1)
            for finding in preflight(staged, volume.print, volume.language, cache):
                if finding.code == "P005" and volume.offprint_of is not None:
                    continue  # an offprint is read or printed loose, never bound
                result.findings.append(finding)
                diagnostics.warn(f"print preflight: {finding}", targets["pdf"])
            progress.advance("pdf")
        if "epub" in chosen:
            progress.start("Writing EPUB", 1)
            targets["epub"] = planned["epub"]
            write_epub(
                book,
                outputs.path_for(targets["epub"]),
                cover=front_cover,
                cache=cache,
                page_map=_page_map(book, volume, result.print_result, cache, diagnostics),
            )
            progress.advance("epub")
        if "cover" in chosen:
            progress.start("Drawing the covers", 1)
            if result.print_result is not None:
                pages = result.print_result.page_count
            else:
                pages = interior_page_count(volume, book, out / f"{slug}.pdf")
            targets["cover"] = planned["cover"]
            write_print_cover(
                book.meta,
                volume.print,
                pages,
                outputs.path_for(targets["cover"]),
                cover_text(volume, diagnostics),
                cover_warnings(volume, diagnostics),
            )
            targets["ebook-cover"] = planned["ebook-cover"]
            outputs.path_for(targets["ebook-cover"]).write_bytes(front_cover)
            progress.advance("cover")
        # What cleanup removed or changed, beside the book, so an editor can review it.
        targets["report"] = planned["report"]
        report = format_report(assembly.reports)
        outputs.path_for(targets["report"]).write_text(report, encoding="utf-8")
        if strict and diagnostics.warnings:
            # Writers warn too (glyphs, image resolution, preflight): nothing is committed.
            raise BookError(list(diagnostics.warnings))
        outputs.commit()
    result.outputs = targets
    if input_key is not None:
        _record_build(cache, input_key, result)
    cache.prune()
    if cache.problem is not None:
        # After the strict check on purpose: the cache only saves time, the book is complete.
        result.warnings.append(
            Problem(f"{cache.problem}; this build stored nothing for the next", cache.root)
        )
    return result


def _page_map(
    book: Book,
    volume: Volume,
    printed: PrintResult | None,
    cache: Cache,
    diagnostics: Diagnostics,
) -> PageMap | None:
    """Where the print edition's pages begin, for the EPUB's page list.

    From this build's print layout when it made one (kept in the cache for EPUB-only builds
    of the same inputs), else from the cache; with neither the EPUB has no page list, and a
    note says why: a page list from another layout would send readers to the wrong page.
    """
    key = page_map_key(book, volume.print)
    if printed is not None and printed.pages is not None:
        cache.put_data(PAGE_MAPS, key, printed.pages)
        return printed.pages
    found = cache.get_data(PAGE_MAPS, key, PageMap)
    if found is None:
        diagnostics.note(
            "the EPUB has no page list: the build cache holds no print layout of exactly "
            "this book; build the PDF with it (--format epub --format pdf) to give it the "
            "print edition's page numbers",
            volume.path,
        )
    return found


def planned_outputs(out: Path, slug: str, formats: tuple[str, ...]) -> dict[str, Path]:
    """The files a build of ``formats`` writes into ``out``, known before anything is written."""
    names = {"epub": [("epub", ".epub")], "pdf": [("pdf", ".pdf")]}
    names["cover"] = [("cover", "-cover.pdf"), ("ebook-cover", "-cover.jpg")]
    planned = {kind: out / f"{slug}{suffix}" for f in formats for kind, suffix in names[f]}
    planned["report"] = out / f"{slug}-report.md"
    return planned


def broken_links(volume: Volume) -> list[Problem]:
    """The links of the volume's articles that lead nowhere, as a build would report them.

    For ``compile-book check``: the articles are read through the build cache, so after a
    build this reads nothing again.
    """
    cache = Cache(default_cache_dir())
    with reading_inputs(volume.root):
        loader = cached_loader(cache, volume_words(volume, cache))
        return assemble(volume, Diagnostics(), loader=loader).links


def _input_key(
    volume: Volume, formats: tuple[str, ...], out: Path, single_pass: bool, strict: bool
) -> str | None:
    """Every input a build reads, by content, except the images articles point to.

    Images are only known once articles are read; the build record lists them with their
    hashes and :func:`_previous_build` checks them. ``None`` when an input cannot be hashed
    as it stands (unreadable, a folder, beyond any size the readers accept): the build then
    runs and reports the problem exactly as it would without a cache.
    """
    files = list(volume_inputs(volume))
    parts: list[str] = [
        code_fingerprint(),
        repr(formats),
        repr(volume.epub),  # may differ from volume.yaml's by the command line
        str(out.resolve()),
        str(single_pass),
        str(strict),
        repr(volume.offprint_of),  # an offprint's book differs from the volume's own
    ]
    # The environment a build reads goes into the key too, so a value that is now invalid
    # can never be answered from a build that succeeded with a valid one.
    parts.append(os.environ.get("SOURCE_DATE_EPOCH", ""))
    # Remote images fetched into the book folder change what articles show, not the articles.
    parts.append(frozen_digest(volume.root))
    try:
        for path in dict.fromkeys(files):
            if path.stat().st_size > MAX_EXPORT_BYTES:
                return None
            parts.extend([str(path), input_digest(path)])
    except OSError:
        return None
    return digest(*parts)


@dataclass
class BuildRecord:
    """What the cache keeps of a finished build: enough to answer an unchanged rebuild."""

    images: dict[str, str]  # image file -> SHA-256
    outputs: dict[str, tuple[Path, str]]  # format -> (file, SHA-256)
    book: Book
    warnings: list[Problem]
    reports: list[tuple[str, CleanupReport]]
    print_result: PrintResult | None
    notes: list[Problem] = field(default_factory=list)
    missing_images: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _previous_build(cache: Cache, key: str, strict: bool, volume: Volume) -> BuildResult | None:
    """The last build of exactly these inputs, if its outputs are still there untouched.

    Its warnings come back with it, so an unchanged rebuild reports what the build did; a
    strict build is never answered by one that had warnings (it would have failed).
    """
    record: BuildRecord | None = cache.get_data("builds", key, BuildRecord)
    if record is None:
        return None
    try:
        # An image that was missing ("" for its digest) must still be missing.
        unchanged = all(
            input_digest(Path(p)) == sha if sha else not Path(p).exists()
            for p, sha in record.images.items()
        )
        unchanged = unchanged and all(
            file_digest(path) == sha for path, sha in record.outputs.values()
        )
    except OSError:
        return None
    if not unchanged or (strict and record.warnings):
        return None
    return carry_over(
        BuildResult,
        record,
        volume=volume,
        outputs={kind: path for kind, (path, _) in record.outputs.items()},
        up_to_date=True,
    )


def _record_build(cache: Cache, key: str, result: BuildResult) -> None:
    if not cache.enabled:
        return
    record = carry_over(
        BuildRecord,
        result,
        images={
            **{str(p): input_digest(p) for p in result.book.all_assets.values()},
            **{str(p): "" for p in result.missing_images},
        },
        outputs={kind: (path, file_digest(path)) for kind, path in result.outputs.items()},
    )
    cache.put_data("builds", key, record)


def proof(
    volume_path: str | Path,
    out_dir: str | Path | None = None,
    sheet: str = "letter",
    progress: Progress | None = None,
    jobs: int | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
) -> tuple[BuildResult, Path]:
    """Build the print interior (through the cache) and write ``SLUG-proof.pdf`` beside it.

    The proof shows the very PDF the build wrote, two spreads to a sheet, with the build's
    warnings and the preflight's findings in the margin beside the pages they concern.
    """
    from .interior.proof import write_proof

    result = build(
        volume_path,
        out_dir,
        formats=("pdf",),
        progress=progress,
        jobs=jobs,
        cache_dir=cache_dir,
        use_cache=use_cache,
    )
    pdf = result.outputs["pdf"]
    target = pdf.with_name(f"{slugify(result.volume.title)}-proof.pdf")
    check_no_clash([target], volume_inputs(result.volume))
    anchors = result.print_result.anchors if result.print_result is not None else {}
    with (
        OutputSet() as outputs,
        fixed_clock(result.book.meta.modified),
        output_errors(target.parent),
    ):
        write_proof(
            pdf,
            outputs.path_for(target),
            result.book,
            anchors,
            result.warnings,
            [(f"{finding.code}: {finding.message}", finding.pages) for finding in result.findings],
            sheet,
        )
        outputs.commit()
    result.outputs["proof"] = target
    return result, target
