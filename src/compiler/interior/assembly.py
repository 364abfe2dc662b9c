"""The print interior from units laid out in parallel and cached, assembled into one PDF.

The whole-book layout in :mod:`compiler.interior.layout` is the reference; this gives the same pages
faster. Units of a few chapters (:mod:`compiler.interior.units`) are laid out by a pool of worker
processes, or taken from the cache when their inputs have not changed. Then, knowing where
every unit lands, the front matter is laid out with its contents page numbers written in as
text, the units are merged with pypdf (blank versos where a unit ends on a recto), folios
are painted on (:mod:`compiler.interior.folios`), each typeface is embedded once
(:mod:`compiler.interior.fonts`), and bookmarks and link destinations are written from the known
page numbers. A page-count change in one chapter moves later pages but re-lays out nothing
else: everything position-dependent is applied here, after layout.

What the whole-book layout decides for the book as a whole comes from the same functions of
:mod:`compiler.interior.layout`, never from copies: the geometry per margin bracket, the running
titles fitted to the head line, the service's PDF version or variant (every unit is written with it,
and the book takes its header, information, XMP packet, output intent and language from its
first document), and the glyph and image-resolution warnings.
"""

from __future__ import annotations

import contextlib
import html as html_lib
import io
import math
import re
import signal
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    Fit,
    FloatObject,
    NamedReferenceLink,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..book.model import Book
from ..book.page_map import TextPosition
from ..book.render import Page, Renderer, Target
from ..errors import BookError, Diagnostics, Problem
from ..machinery import cache_data, workers
from ..machinery.cache import Cache, code_fingerprint, digest, writable_folder
from ..volume.model import PrintSettings
from . import glyphs, heads, index_pages, labels, xrefs
from .folios import BLOCK, FolioForms, block_job, blocks_needed
from .fonts import FontSource, holds_font, share_fonts
from .layout import (
    MAX_LAYOUT_PASSES,
    Geometry,
    PlacedImage,
    PrintResult,
    estimate_pages,
    first_geometry,
    first_recto_after,
    fit_heads,
    geometry_css,
    pdf_identifier,
    pdf_variant,
    set_for,
    warn_images,
    wider_geometry,
    write_options,
)
from .page_starts import page_map
from .units import LaidOut, LayoutJob, lay_out, lay_out_marked, plan_units, unit_css, unit_job

PX_TO_PT = 0.75
KIND = "layouts"
TOC_LINK = re.compile(r'<a href="#([^"]+)">')
_HREF = re.compile(r'\bhref="#([^"]+)"')


@dataclass
class LayoutStats:
    """What a build laid out and what it took from the cache, for the CLI and the benchmark.

    Only chapter units count: the folio and front-matter documents laid out beside them are
    an implementation detail the user never named. A unit laid out twice (a second pass when
    the page count moved the gutter) is still one unit laid out; ``layouts`` counts it twice,
    which a cold build must avoid: laying the whole book out again doubled its time.
    """

    units: int = 0
    passes: int = 0  # layouts of the whole body: more than one when the margins had to widen
    laid_out_names: list[str] = field(default_factory=list)
    layouts: int = 0  # chapter units laid out, each time one was: repeats counted
    cached_names: set[str] = field(default_factory=set)
    on_units: Callable[[int], None] | None = None  # progress: how many units this pass has
    on_unit: Callable[[str], None] | None = None  # progress: one call per unit done

    @property
    def laid_out(self) -> int:
        return len(self.laid_out_names)

    @property
    def cached(self) -> int:
        """Units of the finished book taken from the cache and not laid out by this build."""
        return len(self.cached_names - set(self.laid_out_names))


class WorkerDied(Exception):
    """A layout worker ended in the middle of a job: killed by the kernel or a signal."""

    def __init__(self, names: list[str], how: str) -> None:
        super().__init__(how)
        self.names = names  # what the dead worker was laying out (unit names), if known
        self.how = how


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is None or exitcode >= 0:
        return f"its layout process ended abruptly (exit status {exitcode})"
    name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else -exitcode
    cause = " (usually the system running out of memory)" if -exitcode == signal.SIGKILL else ""
    return f"its layout process was killed by {name}{cause}"


DEATH_WAIT_S = 5.0
"""How long a broken pool gets to end its other workers before the dead one is looked for."""


def _wait_for_exit_statuses(processes: list[Any], wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(max(0.0, deadline - time.monotonic()))
    # The pool's own thread may reap a worker at the same time; its status then lands a
    # moment later.
    while time.monotonic() < deadline and any(p.exitcode is None for p in processes):
        time.sleep(0.01)


class Runner:
    """Lays out jobs, from the cache when it can, in a process pool when there are several.

    Without a cache (``--no-cache``) the units laid out are still kept for the rest of the
    build: a second pass (page numbers for "(see p. N)" and the index, a wider gutter) lays
    out only the units it changed, as it would with a cache, instead of the whole book again.
    They are kept as the cache keeps them, serialised, so a later pass gets its own copy.
    """

    def __init__(self, cache: Cache, jobs: int, stats: LayoutStats):
        self.cache = cache
        self._kept: dict[str, bytes] | None = None if cache.enabled else {}
        self.jobs = max(1, jobs)
        self.stats = stats
        self._pool: ProcessPoolExecutor | None = None
        self._marks: tempfile.TemporaryDirectory[str] | None = None
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._fonts_checked: set[str] = set()
        shared = cache.root / "fonts" if cache.root is not None else None
        if shared is not None and writable_folder(shared):
            self.font_store = shared
        else:
            # No cache, or one that cannot be written: the full fonts live for this build only.
            self._scratch = tempfile.TemporaryDirectory(prefix="compile-book-fonts-")
            self.font_store = Path(self._scratch.name)

    def run(self, jobs: list[LayoutJob], names: list[str] | None = None) -> list[LaidOut]:
        jobs = [replace(job, font_store=str(self.font_store)) for job in jobs]
        results: list[LaidOut | None] = [self._cached(job) for job in jobs]
        missing = [i for i, result in enumerate(results) if result is None]
        names = names or []
        for i, name in enumerate(names):
            if i in missing:
                self.stats.layouts += 1
                if name not in self.stats.laid_out_names:
                    self.stats.laid_out_names.append(name)
            else:
                self.stats.cached_names.add(name)
                self._done(name)
        if len(missing) > 1 and self.jobs > 1:
            pool = self._get_pool()
            # Longest first, so no worker is left with a big unit at the end.
            order = sorted(missing, key=lambda i: -len(jobs[i].html))
            marks = self._marks_folder()
            futures = {pool.submit(lay_out_marked, jobs[i], i, marks): i for i in order}
            try:
                for future in as_completed(futures):
                    i = futures[future]
                    results[i] = future.result()
                    if i < len(names):
                        self._done(names[i])
            except BrokenProcessPool:
                raise self._died(names) from None
        else:
            for i in missing:
                results[i] = lay_out(jobs[i])
                if i < len(names):
                    self._done(names[i])
        for i in missing:
            if self._kept is not None:
                with contextlib.suppress(cache_data.ShapeError):  # not kept: laid out again
                    self._kept[jobs[i].key] = cache_data.dumps(results[i])
            self.cache.put_data(KIND, jobs[i].key, results[i])
        return [r for r in results if r is not None]

    def _done(self, name: str) -> None:
        if self.stats.on_unit is not None:
            self.stats.on_unit(name)

    def _cached(self, job: LayoutJob) -> LaidOut | None:
        """The stored layout, unless a full font it names is missing or not what it names.

        The assembler embeds the stored fonts, so a font swapped in the shared cache would
        set the book in another face; laying the unit out again stores the right one.
        """
        if self._kept is not None:
            kept = self._kept.get(job.key)
            return cache_data.loads(kept, LaidOut) if kept is not None else None
        laid: LaidOut | None = self.cache.get_data(KIND, job.key, LaidOut)
        if laid is None:
            return None
        for sha in laid.fonts:
            if sha not in self._fonts_checked:
                if not holds_font(self.font_store, sha):
                    return None
                self._fonts_checked.add(sha)
        return laid

    def _marks_folder(self) -> str:
        if self._marks is None:
            self._marks = tempfile.TemporaryDirectory(prefix="compile-book-marks-")
        return self._marks.name

    def _died(self, names: list[str]) -> WorkerDied:
        """What the worker that broke the pool was laying out, and how it ended.

        The pool terminates the other workers once one dies, so the one that did not end by
        that SIGTERM is the one that died first; its mark names the job. The futures fail
        before the pool has ended the others, and a dead worker's exit status can lag behind
        its death by a moment, so the exit statuses are read once every worker has ended:
        read earlier, a worker still busy would leave its mark among the suspects.
        """
        processes = dict(getattr(self._pool, "_processes", None) or {})
        _wait_for_exit_statuses(list(processes.values()), DEATH_WAIT_S)
        dead = {
            pid: process.exitcode
            for pid, process in processes.items()
            if process.exitcode is not None and process.exitcode != -signal.SIGTERM
        }
        marks = Path(self._marks_folder())
        suspects = [pid for pid in dead if (marks / str(pid)).exists()] or [
            int(mark.name) for mark in marks.iterdir()
        ]
        indexes = sorted(
            {int((marks / str(pid)).read_text(encoding="ascii") or -1) for pid in suspects}
        )
        found = [names[i] if 0 <= i < len(names) else "" for i in indexes]
        how = _how_it_ended(dead[suspects[0]] if suspects and suspects[0] in dead else None)
        self.close(stopping=True)
        return WorkerDied([name for name in found if name] or found, how)

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = workers.pool(self.jobs)
        return self._pool

    def close(self, stopping: bool = False) -> None:
        """Shut the workers down; ``stopping`` (an error or a signal) ends them at once."""
        if self._pool is not None:
            if stopping:
                workers.stop(self._pool)
            else:
                self._pool.shutdown()
            self._pool = None
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None
        if self._marks is not None:
            self._marks.cleanup()
            self._marks = None


@dataclass
class Placement:
    """Where the laid-out documents land in the book (1-based physical pages)."""

    front_count: int
    body_start: int
    starts: list[int]  # first physical page of each unit
    total: int  # page count after padding to even


def place(front_count: int, units: list[LaidOut]) -> Placement:
    body_start = first_recto_after(front_count)
    current = body_start
    starts = []
    for unit in units:
        current += (current + 1) % 2  # every unit opens on a recto (odd page)
        starts.append(current)
        current += unit.page_count
    last = current - 1
    return Placement(front_count, body_start, starts, last + last % 2)


def write_pdf_units(
    book: Book,
    settings: PrintSettings,
    target: Path,
    cache: Cache,
    jobs: int,
    runner: Runner | None = None,
    stats: LayoutStats | None = None,
    progress: Callable[[str], None] | None = None,
    diagnostics: Diagnostics | None = None,
) -> PrintResult:
    """Lay out (or fetch) the units, assemble them and write the interior PDF to ``target``.

    With ``diagnostics``, characters the book face lacks, images that will print below
    300 dpi and titles shortened for the running heads are reported there, as
    :func:`compiler.interior.layout.write_pdf` reports them.
    """
    stats = stats if stats is not None else LayoutStats()
    own_runner = runner is None
    runner = runner or Runner(cache, jobs, stats)
    runner.stats = stats
    try:
        written = _write(book, settings, target, cache, runner, stats, diagnostics)
    except WorkerDied as died:
        if own_runner:
            runner.close(stopping=True)
        raise BookError(_died_problem(book, died)) from None
    except BaseException:
        if own_runner:
            runner.close(stopping=True)
        raise
    if own_runner:
        runner.close()
    return written


def _died_problem(book: Book, died: WorkerDied) -> Problem:
    """The chapters a dead worker was laying out, by file, and what ended it."""
    sources = {chapter.id: chapter.source for chapter in book.chapters()}
    files = [
        sources[key.strip()]
        for name in died.names
        for key in name.split(",")
        if key.strip() in sources
    ]
    if not files:
        return Problem(f"the layout of the print interior stopped: {died.how}")
    others = ", ".join(str(path) for path in files[1:])
    also = f" (with {others}, laid out together)" if others else ""
    return Problem(
        f"the layout of this chapter{also} stopped: {died.how}; if the machine is short of "
        "memory, build with fewer --jobs, or split the chapter",
        files[0],
    )


def _write(
    book: Book,
    settings: PrintSettings,
    target: Path,
    cache: Cache,
    runner: Runner,
    stats: LayoutStats,
    diagnostics: Diagnostics | None,
) -> PrintResult:
    if diagnostics is not None:
        glyphs.check_book(book, diagnostics)
    renderer = Renderer(book, Target.PRINT)
    pages = renderer.pages()
    front_ids = {section.id for section in book.front}
    titles = set().union(*(heads.running_titles(p.html) for p in pages))
    options = write_options(settings)
    estimate = estimate_pages(book, settings)
    geometry = first_geometry(settings, estimate)
    for _ in range(MAX_LAYOUT_PASSES):
        stats.passes += 1
        page_css = geometry_css(settings, geometry, 0, 0)
        fitted = _fitted_heads(titles, geometry, page_css, book.meta.language, cache)
        book_title = fitted.get(book.meta.title, book.meta.title)
        ready = [
            Page(p.id, p.title, p.kind, set_for(p.html, fitted, geometry, settings)) for p in pages
        ]
        units = plan_units(book, ready)
        stats.units = len(units)
        if stats.on_units is not None:
            stats.on_units(len(units))
        names = [
            ", ".join(p.id for p in unit if p.kind == "chapter") or unit[0].id for unit in units
        ]
        css = (page_css, unit_css(book_title))
        # The folio pages likely needed are laid out alongside the units, not after them.
        likely = [block_job(b, page_css, book_title, options) for b in blocks_needed(estimate)]
        front_pages = [p for p in ready if p.id in front_ids]
        wanted = xrefs.targets(ready)
        hint_key = digest("xref-folios", book.meta.identifier, page_css)
        folios: dict[str, str] = {}
        if wanted:
            folios = cache.get_data("hints", hint_key, dict[str, str]) or {}
        ahead: list[LayoutJob] = []  # the front matter, laid out beside the index
        for attempt in range(MAX_LAYOUT_PASSES):
            unit_jobs = [
                unit_job(
                    renderer,
                    [xrefs.with_folios(index_pages.merged(p, folios), folios) for p in unit],
                    css,
                    book.all_assets,
                    options,
                )
                for unit in units
            ]
            # With no page number known yet, the index would be laid out only to be laid out
            # again: it waits for the next pass (it follows every page it lists).
            waiting = index_pages.waiting(units, folios, first=attempt == 0)
            ready_jobs = [job for i, job in enumerate(unit_jobs) if i not in waiting]
            done = runner.run(
                [*ready_jobs, *likely, *ahead], [n for i, n in enumerate(names) if i not in waiting]
            )
            stand_ins = {i: _stand_in(units[i]) for i in waiting}
            laid = index_pages.with_stand_ins(
                done[: len(ready_jobs)], waiting, stand_ins.__getitem__
            )
            if waiting:
                # The body's page numbers do not depend on the front matter's length (the
                # body opens on a recto whatever it is), so the front matter waits for the
                # index: laid out now, its contents would still lack the pages after it.
                # It is laid out beside the index instead when every place it lists is known
                # without the index (_stand_ins_know), and after it otherwise.
                folios = xrefs.folios_of(_toc_numbers(laid, place(0, laid)), wanted)
                if front_pages and _stand_ins_know(front_pages, [units[i] for i in waiting]):
                    ahead = [_front_job(renderer, front_pages, laid, 0, page_css, options)]
                continue
            ahead = []
            front, placement = _front(renderer, front_pages, laid, page_css, options, cache, runner)
            printed = xrefs.folios_of(_toc_numbers(laid, placement), wanted)
            if printed == folios:
                break
            folios = printed
        if wanted:
            cache.put_data("hints", hint_key, folios)
        wider = wider_geometry(settings, geometry, placement.total)
        if wider is None:
            break
        geometry = wider
    folios = placement.total - placement.body_start + 1
    blocks = [block_job(b, page_css, book_title, options) for b in blocks_needed(folios)]
    folio_pages = runner.run(blocks)
    writer = _assemble(
        book, front, laid, placement, dict(enumerate(folio_pages)), runner.font_store
    )
    anchors = _all_anchors(front, laid, placement)
    section_pages = {name: where[0] + 1 for name, where in anchors.items()}
    if diagnostics is not None:
        warn_images(_book_images(front, laid, placement), section_pages, book, diagnostics)
        heads.warn_shortened(book.chapters(), fitted, diagnostics, book.meta.language)
    with open(target, "wb") as out:
        writer.write(out)
    return PrintResult(
        placement.total,
        geometry,
        section_pages,
        pdf_variant(settings),
        page_map(_book_page_starts(front, laid, placement), placement.body_start),
    )


def _book_page_starts(
    front: LaidOut | None, laid: list[LaidOut], placement: Placement
) -> list[TextPosition | None]:
    """Where the text of each page of the assembled book begins (blank pages have none)."""
    starts: list[TextPosition | None] = list(front.page_starts) if front is not None else []
    for unit, start in zip(laid, placement.starts, strict=True):
        starts.extend([None] * (start - 1 - len(starts)))
        starts.extend(unit.page_starts)
    starts.extend([None] * (placement.total - len(starts)))
    return starts


def _stand_in(unit: list[Page]) -> LaidOut:
    """What stands for the index's unit until it is laid out (see index_pages.waiting): one
    page, on which its first section begins; where any later section of the unit begins is
    not known yet."""
    return LaidOut(
        pdf=b"", page_count=1, folios=[False], anchors={unit[0].id: (0, 0, 0)}, bookmarks=[]
    )


def _stand_ins_know(pages: list[Page], waiting: list[list[Page]]) -> bool:
    """Whether every place in the waiting units that ``pages`` link to is one a stand-in
    knows: a unit's opening. The colophon after the index is not in the contents; the page
    about the author is, and its number waits for the index's length."""
    targets = set(_HREF.findall("".join(page.html for page in pages)))
    return not any(
        f'id="{target}"' in page.html
        for unit in waiting
        for page in unit
        for target in targets - {unit[0].id}
    )


def _fitted_heads(
    titles: set[str], geometry: Geometry, page_css: str, language: str, cache: Cache
) -> dict[str, str]:
    """:func:`~compiler.interior.layout.fit_heads`, cached: measuring is a layout of its own."""
    key = digest(code_fingerprint(), "heads", page_css, language, *sorted(titles))
    fitted = cache.get_data("heads", key, dict[str, str])
    if fitted is None:
        fitted = fit_heads(titles, geometry, page_css, language)
        cache.put_data("heads", key, fitted)
    return fitted


def _book_images(
    front: LaidOut | None, laid: list[LaidOut], placement: Placement
) -> list[PlacedImage]:
    """Every placed image with its page number in the assembled book."""
    found = list(front.images) if front is not None else []
    for unit, start in zip(laid, placement.starts, strict=True):
        found.extend(replace(image, page=start - 1 + image.page) for image in unit.images)
    return found


def _front(
    renderer: Renderer,
    front_pages: list[Page],
    laid: list[LaidOut],
    page_css: str,
    options: dict[str, str],
    cache: Cache,
    runner: Runner,
) -> tuple[LaidOut | None, Placement]:
    """Lay out the front matter with the contents' page numbers known.

    The numbers depend on where the body starts, which depends on how long the front matter
    is; the last length seen is remembered in the cache, so this is usually one layout.
    """
    if not front_pages:
        return None, place(0, laid)
    hint_key = digest("front-length", renderer.book.meta.identifier, page_css)
    hint = cache.get_data("hints", hint_key, dict[str, int]) or {}
    count = hint.get("front_count", len(front_pages) + 1)
    front: LaidOut | None = None
    for _ in range(MAX_LAYOUT_PASSES):
        front = runner.run([_front_job(renderer, front_pages, laid, count, page_css, options)])[0]
        if front.page_count == count:
            break
        count = front.page_count
    assert front is not None
    cache.put_data("hints", hint_key, {"front_count": front.page_count})
    return front, place(front.page_count, laid)


def _front_job(
    renderer: Renderer,
    front_pages: list[Page],
    laid: list[LaidOut],
    count: int,
    page_css: str,
    options: dict[str, str],
) -> LayoutJob:
    """The front matter with its contents' numbers written in, placed after ``count`` pages.

    The numbers are the body's arabic folios, counted from the recto it opens on, so they
    are the same whatever ``count`` is; it only places the units.
    """
    numbers = _toc_numbers(laid, place(count, laid))
    html = renderer.document(
        [
            _with_numbers(p, numbers) if p.kind == "toc" else xrefs.with_folios(p, numbers)
            for p in front_pages
        ]
    )
    css = (page_css, TOC_NUMBERS_CSS)
    pdf_options = tuple(sorted(options.items()))
    key = digest("front", html, *css, repr(pdf_options), code_fingerprint())
    return LayoutJob(html=html, css=css, key=key, pdf_options=pdf_options)


# Only the body's entries get their number written in; the front matter's (roman) numbers
# are worked out by print.css within the front matter's own layout, as in a whole book.
TOC_NUMBERS_CSS = '.toc-list a[data-folio]::after { content: leader(". ") attr(data-folio); }\n'


def _toc_numbers(laid: list[LaidOut], placement: Placement) -> dict[str, str]:
    """What ``target-counter(…, page)`` would print for each body anchor: its arabic folio."""
    numbers = {}
    for unit, start in zip(laid, placement.starts, strict=True):
        for name, (index, _x, _y) in unit.anchors.items():
            numbers[name] = str(start + index - placement.body_start + 1)
    return numbers


def _with_numbers(page: Page, numbers: dict[str, str]) -> Page:
    """The contents page with each entry's number written in, and its link target kept.

    The empty span gives the link a target inside this document, so WeasyPrint keeps the
    link; the merged book's destination table then points it at the chapter.
    """

    def replace(match: re.Match[str]) -> str:
        name = html_lib.unescape(match.group(1))
        if name not in numbers:
            return match.group(0)
        return (
            f'<a href="#{match.group(1)}" data-folio="{numbers[name]}">'
            f'<span id="{match.group(1)}"></span>'
        )

    return Page(page.id, page.title, page.kind, TOC_LINK.sub(replace, page.html))


def _all_anchors(
    front: LaidOut | None, laid: list[LaidOut], placement: Placement
) -> dict[str, tuple[int, float, float]]:
    """Every anchor of the book: 0-based physical page index and position in CSS px."""
    anchors: dict[str, tuple[int, float, float]] = {}
    for unit, start in zip(laid, placement.starts, strict=True):
        for name, (index, x, y) in unit.anchors.items():
            anchors.setdefault(name, (start - 1 + index, x, y))
    if front is not None:
        for name, where in front.anchors.items():
            anchors.setdefault(name, where)
    return anchors


def _assemble(
    book: Book,
    front: LaidOut | None,
    laid: list[LaidOut],
    placement: Placement,
    folio_blocks: dict[int, LaidOut],
    font_store: Path,
) -> PdfWriter:
    writer = PdfWriter()
    documents = ([front] if front is not None else []) + laid
    readers = [PdfReader(io.BytesIO(d.pdf)) for d in documents]
    block_readers = {b: PdfReader(io.BytesIO(block.pdf)) for b, block in folio_blocks.items()}
    starts = ([1] if front is not None else []) + placement.starts
    sources = [
        FontSource(reader, _first_use(document.glyph_pages, start, 0))
        for reader, document, start in zip(readers, documents, starts, strict=True)
    ]
    sources += [
        # A folio page is painted after the body page it lands on.
        FontSource(
            reader, _first_use(folio_blocks[b].glyph_pages, placement.body_start + b * BLOCK, 1)
        )
        for b, reader in block_readers.items()
    ]
    share_fonts(sources, writer, font_store)
    forms = FolioForms(writer, block_readers)
    # Blank pages take their boxes from a folio page of the same side: same geometry, and
    # with bleed the outside edge differs between rectos and versos.
    sides = list(block_readers[0].pages if block_readers else readers[0].pages)
    offset = 0
    if front is not None:
        for page in readers[0].pages:
            writer.add_page(page)
        offset = 1
    for unit, reader, start in zip(laid, readers[offset:], placement.starts, strict=True):
        while len(writer.pages) < start - 1:
            _blank(writer, sides)
        for index, page in enumerate(reader.pages):
            added = writer.add_page(page)
            if unit.folios[index]:
                forms.stamp(added, start + index - placement.body_start + 1)
    while len(writer.pages) < placement.total:
        _blank(writer, sides)
    labels.add_to_writer(writer, placement.body_start)
    _outline(writer, front, laid, placement)
    anchors = _all_anchors(front, laid, placement)
    _destinations(writer, anchors)
    _leave_named_links(writer, set(anchors))
    if readers:
        _declare_like(writer, readers[0])
    identifier = pdf_identifier(book)
    writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
    return writer


# What WeasyPrint writes into a document's catalog for the PDF variant and the metadata: the
# XMP packet (PDF/A's identification), the output intent and the language.
CATALOG_KEYS = ("/Metadata", "/OutputIntents", "/Lang")


def _declare_like(writer: PdfWriter, reader: PdfReader) -> None:
    """Give the book the header, information and catalog entries of one of its documents.

    Every document of the book was written with the same
    :func:`compiler.interior.layout.write_options` and the same HTML head (title, authors, dates,
    language), so any one of them holds what a whole-book layout would declare: the PDF version, the
    document information, and for a PDF/A interior the XMP identification and output intent.
    """
    writer.pdf_header = reader.pdf_header.encode()
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata.items()))
    catalog = reader.trailer["/Root"]
    for key in CATALOG_KEYS:
        if key in catalog:
            writer._root_object[NameObject(key)] = catalog.raw_get(key).clone(writer)


def _first_use(
    glyph_pages: dict[str, dict[int, int]], first_page: int, layer: int
) -> Callable[[str, int], tuple[float, int]]:
    def key(font: str, glyph: int) -> tuple[float, int]:
        index = glyph_pages.get(font, {}).get(glyph)
        return (math.inf, layer) if index is None else (first_page + index, layer)

    return key


def _blank(writer: PdfWriter, sides: list[PageObject]) -> None:
    """A truly blank page, with the media, trim and bleed boxes of a page of its side."""
    like = sides[len(writer.pages) % 2] if len(sides) > 1 else sides[0]
    box = like.mediabox
    page = writer.add_blank_page(float(box.width), float(box.height))
    for name in ("/MediaBox", "/TrimBox", "/BleedBox"):
        if name in like:
            page[NameObject(name)] = ArrayObject(list(like[name]))


def _xyz(writer: PdfWriter, page_index: int, x: float, y: float) -> Fit:
    height = float(writer.pages[page_index].mediabox.height)
    return Fit.xyz(left=x * PX_TO_PT, top=height - y * PX_TO_PT, zoom=0)


def _outline(
    writer: PdfWriter, front: LaidOut | None, laid: list[LaidOut], placement: Placement
) -> None:
    """Bookmarks nested by level across units, as one whole-book layout would nest them."""
    entries: list[tuple[int, str, int, float, float]] = []
    if front is not None:
        entries.extend(front.bookmarks)
    for unit, start in zip(laid, placement.starts, strict=True):
        entries.extend((lv, label, start - 1 + i, x, y) for lv, label, i, x, y in unit.bookmarks)
    stack: list[tuple[int, object]] = []
    for level, label, page, x, y in entries:
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        item = writer.add_outline_item(
            title=label, page_number=page, parent=parent, fit=_xyz(writer, page, x, y)
        )
        stack.append((level, item))


def _leave_named_links(writer: PdfWriter, names: set[str]) -> None:
    """Spare pypdf patching up the links that lead to a place the book's destinations name.

    On writing, pypdf reads every named link's target back from its unit's own destinations
    and adds any name the book lacks, reading the book's whole destination table to find out;
    with an index's thousands of links that took longer than writing them. The table written
    from every unit's anchors names each of those places already, so only a link to a name
    it lacks is left to pypdf (which then does what it always did).
    """
    writer._unresolved_links = [
        (new, old)
        for new, old in writer._unresolved_links
        if not isinstance(new, NamedReferenceLink) or str(new._reference) not in names
    ]


def _destinations(writer: PdfWriter, anchors: dict[str, tuple[int, float, float]]) -> None:
    """The named destinations every internal link uses, pointing at their final pages."""
    names = ArrayObject()
    for name in sorted(anchors):
        index, x, y = anchors[name]
        page = writer.pages[index]
        height = float(page.mediabox.height)
        names.append(TextStringObject(name))
        names.append(
            ArrayObject(
                [
                    page.indirect_reference,
                    NameObject("/XYZ"),
                    FloatObject(round(x * PX_TO_PT, 3)),
                    FloatObject(round(height - y * PX_TO_PT, 3)),
                    NumberObject(0),
                ]
            )
        )
    tree = writer._add_object(DictionaryObject({NameObject("/Names"): names}))
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): tree})
