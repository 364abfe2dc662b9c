"""The ``compile-book`` command: parse arguments, call the library, report, set the exit code.

Exit codes (the contract in PRODUCT.md): 0 success, 2 bad input (printed as
``FILE:LINE:COL: message``), 1 internal error (a bug: one line asking for a report, the
traceback only with ``--debug``).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import click

from . import pod
from .config import load_volume
from .errors import BookError
from .freshness import newer_inputs
from .pipeline import FORMATS, BuildResult, Progress, build, default_jobs, slugify
from .preflight import Finding, preflight

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
EXIT_PREFLIGHT = 3


class DefaultGroup(click.Group):
    """A group whose default action is ``build``: ``compile-book VOLUME.yaml`` keeps working."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["build", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="compile-book")
def main() -> None:
    """Compile an essay collection (volume.yaml) into an EPUB 3 and a print-ready PDF."""


@main.command("build")
@click.argument("volumes", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: build/ next to each volume file).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice([*FORMATS, "all"]),
    help="Output format; repeatable. Default: all.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Layout worker processes (default: one per core, at most 32); the PDF is the same "
    "for any number.",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Cache folder, may be shared (default: $COMPILE_BOOK_CACHE, else "
    "~/.cache/compile-book or the platform's user cache folder).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache.")
@click.option(
    "--watch", is_flag=True, help="Rebuild whenever the volume, an article or a style changes."
)
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (remote images left out, scripts removed...) as errors.",
)
@click.option("--debug", is_flag=True, help="Show the traceback of internal errors.")
def build_command(
    volumes: tuple[Path, ...],
    out_dir: Path | None,
    formats: tuple[str, ...],
    jobs: int | None,
    cache_dir: Path | None,
    no_cache: bool,
    watch: bool,
    quiet: bool,
    strict: bool,
    debug: bool,
) -> None:
    """Build VOLUMES (volume.yaml files); several are built side by side."""
    options = {
        "out_dir": out_dir,
        "formats": formats or None,
        "cache_dir": cache_dir,
        "use_cache": not no_cache,
        "strict": strict,
    }
    try:
        with _terminate_as_interrupt():
            if watch:
                if len(volumes) != 1:
                    raise click.UsageError("--watch takes one volume")
                _watch(volumes[0], options, jobs, quiet)
            elif len(volumes) > 1:
                _build_several(list(volumes), options, jobs or default_jobs(), quiet)
            else:
                show_progress = not quiet and sys.stderr.isatty()
                started = time.perf_counter()
                with _progress(show_progress) as progress:
                    result = build(volumes[0], progress=progress, jobs=jobs, **options)
                _report(result, quiet, time.perf_counter() - started)
    except BookError as exc:
        for problem in exc.problems:
            click.echo(f"{problem}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except Terminated as exc:
        click.echo(f"{exc}; previous outputs left as they were", err=True)
        sys.exit(128 + exc.signal)
    except KeyboardInterrupt:
        click.echo("interrupted; previous outputs left as they were", err=True)
        sys.exit(130)
    except click.UsageError:
        raise
    except Exception:
        if debug:
            traceback.print_exc()
        click.echo(
            "compile-book: internal error (this is a bug; please report it with the volume "
            "that triggers it; run again with --debug for details)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)


def _report(result: BuildResult, quiet: bool, seconds: float) -> None:
    from .watch import describe

    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if quiet:
        return
    summary = result.cleanup_summary.strip()
    if summary and not result.up_to_date:
        click.echo(summary)
    for kind, path in result.outputs.items():
        extra = ""
        if kind == "pdf" and result.print_result is not None:
            extra = f" ({result.print_result.page_count} pages)"
        verb = "unchanged" if result.up_to_date else "wrote"
        click.echo(f"{verb} {path}{extra}")
    click.echo(describe(result, seconds))


def _build_several(volumes: list[Path], options: dict, jobs: int, quiet: bool) -> None:
    from .many import build_many

    failed = False
    for outcome in build_many(volumes, jobs, **options):
        if outcome.problems is not None:
            failed = True
            for problem in outcome.problems:
                click.echo(f"{problem}", err=True)
        elif outcome.result is not None:
            _report(outcome.result, quiet, outcome.seconds)
    if failed:
        sys.exit(EXIT_BAD_INPUT)


def _watch(volume: Path, options: dict, jobs: int | None, quiet: bool) -> None:
    from .watch import watch

    def build_once() -> BuildResult:
        result = build(volume, jobs=jobs, single_pass=False, **options)
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        return result

    click.echo(f"watching {volume.parent} (Ctrl-C to stop)")
    watch(volume, build_once, click.echo, out_dir=options["out_dir"])


@main.command("fetch")
@click.argument("urls", nargs=-1, required=True)
@click.option("--into", "into", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to store the articles in (as Markdown with front matter).")
@click.option("--timeout", default=20.0, show_default=True, help="Seconds to wait per request.")
def fetch_command(urls: tuple[str, ...], into: Path, timeout: float) -> None:
    """Download articles from URLS into Markdown files (the only command that uses the network)."""
    from .fetch import fetch_articles

    try:
        result = fetch_articles(list(urls), into, timeout=timeout)
    except BookError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(EXIT_BAD_INPUT)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for article in result.fetched:
        click.echo(f"wrote {article.path} ({article.title or 'untitled'})")
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if not result.ok:
        sys.exit(EXIT_BAD_INPUT)


@main.command("check")
@click.argument("volume", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder the PDF was built into (default: build/ next to the volume file).",
)
def check_command(volume: Path, out_dir: Path | None) -> None:
    """Preflight VOLUME's print interior against its service's rules, without rebuilding.

    Exit 0 when the PDF passes, 3 when it has problems (one line each, with page numbers),
    2 when there is no up-to-date PDF to check.
    """
    try:
        findings, pdf, service = _check(volume, out_dir)
    except BookError as exc:
        for problem in exc.problems:
            click.echo(f"{problem}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    for finding in findings:
        click.echo(f"{pdf}: {finding}")
    if findings:
        sys.exit(EXIT_PREFLIGHT)
    click.echo(f"{pdf}: passes the {service} preflight")


def _check(volume_path: Path, out_dir: Path | None) -> tuple[list[Finding], Path, str]:
    volume = load_volume(volume_path)
    out = out_dir if out_dir is not None else volume.root / "build"
    pdf = out / f"{slugify(volume.title)}.pdf"
    rebuild = f"build it with: compile-book {volume_path} --format pdf"
    if not pdf.is_file():
        raise BookError(f"no print interior at {pdf}; {rebuild}", volume.path)
    newer = newer_inputs(pdf, volume.path, out)
    if newer:
        shown = ", ".join(str(p) for p in newer[:3]) + (" ..." if len(newer) > 3 else "")
        raise BookError(f"{pdf} is older than {shown}; {rebuild}", volume.path)
    findings = preflight(pdf, volume.print, volume.language)
    return findings, pdf, pod.service(volume.print.pod).title


class Terminated(BaseException):
    """SIGTERM (a CI job cancelled, ``kill``): unwinds like Ctrl-C so temporaries are removed."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signal_number).name}")
        self.signal = signal_number


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While building, turn SIGTERM into an exception so ``finally`` blocks and the staged
    outputs' cleanup run; by default SIGTERM ends the process on the spot."""

    def handler(number: int, frame: object) -> None:
        raise Terminated(number)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (an embedding application): leave it alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _progress:
    """A per-chapter progress bar on a terminal; nothing at all in pipes and CI."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._bar = None
        self._task = None

    def __enter__(self) -> Progress:
        if not self.enabled:
            return Progress()
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[item]}"),
            transient=True,
        )
        self._bar.start()

        def start(stage: str, total: int) -> None:
            if self._task is not None:
                self._bar.remove_task(self._task)
            self._task = self._bar.add_task(stage, total=total, item="")

        def advance(item: str) -> None:
            if self._task is not None:
                self._bar.update(self._task, advance=1, item=item)

        return Progress(start=start, advance=advance)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


if __name__ == "__main__":
    main()
