"""The ``compile-book`` command: parse arguments, call the library, report, set the exit code.

Exit codes (the contract in PRODUCT.md): 0 success, 2 bad input (printed as
``FILE:LINE:COL: message``), 1 internal error (a bug: one line asking for a report, the
traceback only with ``--debug``).
"""

from __future__ import annotations

import contextlib
import shlex
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .config import load_volume
from .errors import BookError
from .interior import services as pod
from .interior.preflight import Finding, preflight
from .machinery.freshness import newer_inputs
from .pipeline import (
    FORMATS,
    BuildResult,
    Progress,
    broken_links,
    build,
    default_jobs,
    slugify,
)

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
EXIT_PREFLIGHT = 3


class DefaultGroup(click.Group):
    """A group whose default action is ``build``: ``compile-book VOLUME.yaml`` keeps working.

    ``build`` is never typed, so it is hidden from the command list; ``compile-book --help``
    shows its options under the usage line users do type.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["build", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] VOLUME.yaml...")
        formatter.write_usage(ctx.command_path, "COMMAND [ARGS]...", prefix="       ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        build = self.commands["build"]
        inner = click.Context(build, info_name=ctx.info_name)
        records = [
            record
            for param in [*build.get_params(inner)[:-1], *self.get_params(ctx)]
            if isinstance(param, click.Option)
            and (record := param.get_help_record(inner)) is not None
        ]
        with formatter.section("Options"):
            formatter.write_dl(records)
        self.format_commands(ctx, formatter)


class _ImpliedContext(click.Context):
    """Names the command as the user typed it (``compile-book``) in usage lines and hints."""

    @property
    def command_path(self) -> str:
        return self.parent.command_path if self.parent is not None else super().command_path


class _ImpliedBuild(click.Command):
    """The build command, whose usage line is the one the user typed: no ``build`` word."""

    context_class = _ImpliedContext

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] VOLUME.yaml...")


class VolumeFile(click.Path):
    """A volume file, or a folder holding ``volume.yaml`` (what users often type)."""

    name = "volume"

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(super().convert(value, param, ctx))
        if path.is_dir():
            inside = path / "volume.yaml"
            if inside.is_file():
                return inside
            self.fail(f"'{value}' is a folder with no volume.yaml in it", param, ctx)
        return path


# Options several commands share, declared once so they read and check the same everywhere.
JOBS = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Layout worker processes (default: one per core, at most 32); the PDF is the same "
    "for any number.",
)
OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: build/ next to the volume file).",
)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="compile-book")
def main() -> None:
    """Compile an essay collection (volume.yaml) into an EPUB 3, a print-ready PDF and covers.

    Outputs go to build/ next to each volume file. A folder holding a volume.yaml may be
    given instead of the file.
    """


@main.command("build", cls=_ImpliedBuild, hidden=True)
@click.argument("volumes", nargs=-1, required=True, type=VolumeFile(), metavar="VOLUME.yaml...")
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
@JOBS
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
@click.option("--quiet", "-q", is_flag=True, help="Print errors only (no warnings, no summary).")
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (remote images left out, scripts removed...) as errors.",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="ESSAY",
    help="Build an offprint of this essay alone (its path, file name or post slug) into "
    "OUT/offprints/; repeatable.",
)
@click.option(
    "--no-embed-fonts",
    is_flag=True,
    help="Leave the typeface out of the EPUB, as `epub.embed_fonts: false` does (for stores "
    "that strip or refuse embedded fonts).",
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
    only: tuple[str, ...],
    no_embed_fonts: bool,
    debug: bool,
) -> None:
    """Build VOLUMES (volume.yaml files); several are built side by side."""
    options = {
        "out_dir": out_dir,
        "formats": formats or None,
        "cache_dir": cache_dir,
        "use_cache": not no_cache,
        "strict": strict,
        "embed_fonts": False if no_embed_fonts else None,
    }
    try:
        with _terminate_as_interrupt():
            if only:
                if len(volumes) != 1 or watch:
                    raise click.UsageError("--only takes one volume, without --watch")
                _offprints(volumes[0], list(only), options, jobs, quiet)
            elif watch:
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


@contextlib.contextmanager
def _bad_input_exits(writing_to: Path | None = None) -> Iterator[None]:
    """Bad input ends a command as one FILE:LINE line per problem and exit 2, never a
    traceback; with ``writing_to``, so does a file or folder that cannot be written."""
    try:
        yield
    except BookError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(EXIT_BAD_INPUT)
    except OSError as exc:
        if writing_to is None:
            raise
        click.echo(f"{writing_to}: cannot write there: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def _report(result: BuildResult, quiet: bool, seconds: float) -> None:
    from .runners.watch import describe

    if quiet:
        return
    _warnings(result)
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


def _warnings(result: BuildResult) -> None:
    """Warnings, then notes (choices the build made), each as ``FILE:LINE:COL: message``."""
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)


def _offprints(volume: Path, only: list[str], options: dict, jobs: int | None, quiet: bool) -> None:
    from .offprints import build_offprints

    started = time.perf_counter()
    results = build_offprints(volume, only, jobs=jobs, **options)
    for result in results:
        _report(result, quiet, time.perf_counter() - started)


def _build_several(volumes: list[Path], options: dict, jobs: int, quiet: bool) -> None:
    from .runners.many import build_many

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
    from .runners.watch import watch

    def build_once() -> BuildResult:
        result = build(volume, jobs=jobs, single_pass=False, **options)
        if not quiet:
            _warnings(result)
        return result

    click.echo(f"watching {volume.parent} (Ctrl-C to stop)")
    watch(volume, build_once, click.echo, out_dir=options["out_dir"])


@main.command("fetch", short_help="Download articles, or a volume's images (the only network use).")
@click.argument("urls", nargs=-1, required=True, metavar="URLS... | --images VOLUME.yaml")
@click.option(
    "--into",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to store the articles in (as Markdown with front matter).",
)
@click.option(
    "--images",
    is_flag=True,
    help="Download the remote images of the volume's articles into the book folder, so "
    "builds use them (builds never download).",
)
@click.option("--timeout", default=20.0, show_default=True, help="Seconds per whole download.")
def fetch_command(urls: tuple[str, ...], into: Path | None, images: bool, timeout: float) -> None:
    """Download articles from URLS into Markdown files, or with --images the pictures a
    volume's articles show from the web (the only command that uses the network)."""
    if images:
        if into is not None or len(urls) != 1:
            raise click.UsageError("--images takes one volume file and no --into")
        _fetch_images(VolumeFile().convert(urls[0], None, None), timeout)
        return
    if into is None:
        raise click.UsageError("Missing option '--into' (the folder for the articles).")
    from .sources.fetch import fetch_articles

    with _bad_input_exits():
        result = fetch_articles(list(urls), into, timeout=timeout)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for article in result.fetched:
        click.echo(f"wrote {article.path} ({article.title or 'untitled'})")
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if not result.ok:
        sys.exit(EXIT_BAD_INPUT)


def _fetch_images(volume: Path, timeout: float) -> None:
    """Report every picture downloaded and every one that could not be; exit 2 only when
    the volume is bad or not one picture could be had."""
    from .book.fetch_images import fetch_images

    with _bad_input_exits():
        result = fetch_images(load_volume(volume), timeout=timeout)
    for image in result.fetched:
        click.echo(f"saved {image.path} ({image.url})")
    for problem in result.problems:
        click.echo(f"not fetched: {problem}", err=True)
    click.echo(
        f"{len(result.fetched)} images downloaded, {result.present} already in the book folder, "
        f"{len(result.problems)} could not be fetched"
    )
    if result.nothing_done:
        sys.exit(EXIT_BAD_INPUT)


@main.command("new", short_help="Start a volume: a minimal volume.yaml and a sample essay.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="The book's title (default: from the folder name).")
@click.option("--author", help="The book's author or editor.")
@click.option("--language", default="en", show_default=True, help="BCP 47 language tag.")
def new_command(folder: Path, title: str | None, author: str | None, language: str) -> None:
    """Write FOLDER/volume.yaml and FOLDER/articles/ with one essay, ready to build."""
    from .config.scaffold import SCHEMA_FILE, new_volume

    with _bad_input_exits(writing_to=folder):
        volume = new_volume(folder, title=title, author=author, language=language)
    click.echo(f"wrote {volume}, {volume.parent / SCHEMA_FILE} and {volume.parent / 'articles'}/")
    click.echo(f"build it with: compile-book {shlex.quote(str(volume))}")


@main.command("add", short_help="Fetch or copy articles into a volume and list them.")
@click.argument("sources", nargs=-1, required=True, metavar="URL|FILE...")
@click.option(
    "--to",
    "volume",
    required=True,
    type=VolumeFile(),
    metavar="VOLUME.yaml",
    help="The volume to add the articles to.",
)
@click.option("--part", help="Append to this part (created at the end if it does not exist).")
@click.option(
    "--into",
    default="articles",
    show_default=True,
    help="Folder inside the book folder for fetched and copied articles.",
)
@click.option("--timeout", default=20.0, show_default=True, help="Seconds per whole page.")
def add_command(
    sources: tuple[str, ...], volume: Path, part: str | None, into: str, timeout: float
) -> None:
    """Fetch each URL (as Markdown) or copy each FILE into the book folder, and append it to
    the volume's contents; the rest of volume.yaml, comments included, stays as it was."""
    from .config.add import add_articles

    with _bad_input_exits():
        result = add_articles(volume, list(sources), part=part, into=into, timeout=timeout)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    where = f" (part '{part}')" if part else ""
    for entry in result.added:
        click.echo(f"added {entry} to {volume.name}{where}")
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if result.problems:
        sys.exit(EXIT_BAD_INPUT)


@main.command("proof", short_help="Proof sheets: spreads two to a sheet, problems in the margin.")
@click.argument("volume", type=VolumeFile(), metavar="VOLUME.yaml")
@OUT
@click.option(
    "--sheet",
    type=click.Choice(["letter", "a4"]),
    default="letter",
    show_default=True,
    help="Paper the proof is printed on.",
)
@JOBS
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache.")
def proof_command(volume: Path, out_dir: Path | None, sheet: str, jobs: int | None, no_cache: bool):
    """Build VOLUME's print interior (reusing the cache) and write SLUG-proof.pdf: the pages
    as spreads, two spreads to a sheet, each page's folio under it and every warning and
    preflight finding in the margin beside its page, for marking up on paper or a tablet."""
    from .pipeline import proof

    started = time.monotonic()
    try:
        with _terminate_as_interrupt():
            result, target = proof(volume, out_dir, sheet=sheet, jobs=jobs, use_cache=not no_cache)
    except BookError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(EXIT_BAD_INPUT)
    except Terminated as exc:
        click.echo(f"{exc}; previous outputs left as they were", err=True)
        sys.exit(128 + exc.signal)
    except KeyboardInterrupt:
        click.echo("interrupted; previous outputs left as they were", err=True)
        sys.exit(130)
    _warnings(result)
    pages = result.print_result.page_count if result.print_result is not None else 0
    click.echo(f"wrote {target} ({pages} pages) in {time.monotonic() - started:.1f} s")


@main.command("serve", short_help="The book in the browser, rebuilt on every save.")
@click.argument("volume", type=VolumeFile(), metavar="VOLUME.yaml")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port (default: a free one)."
)
@click.option("--no-open", is_flag=True, help="Do not open the page in a browser.")
@OUT
@JOBS
def serve_command(
    volume: Path, port: int, no_open: bool, out_dir: Path | None, jobs: int | None
) -> None:
    """Serve VOLUME on http://127.0.0.1: the print edition as spreads, the ebook's chapters,
    the contents, every warning linked to its page and the cleanup reports; each saved change
    rebuilds through the cache and the page updates in place. Ctrl-C stops."""
    import webbrowser

    from .runners.serve import Server, serve

    def ready(server: Server) -> None:
        click.echo(f"serving {volume} at {server.url} (Ctrl-C stops)")
        if not no_open:
            webbrowser.open(server.url)

    try:
        with _terminate_as_interrupt():
            serve(volume, port=port, say=click.echo, out_dir=out_dir, jobs=jobs, ready=ready)
    except OSError as exc:
        click.echo(f"cannot serve on port {port}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except (KeyboardInterrupt, Terminated):
        click.echo("stopped")


@main.command("schema", short_help="Write the JSON Schema of volume.yaml, for editors.")
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
def schema_command(out_file: Path | None) -> None:
    """Print (or write with --out) the JSON Schema that editors use to complete and check
    volume.yaml keys as you type. Name it in the first line of volume.yaml:
    `# yaml-language-server: $schema=volume.schema.json`."""
    from .config.json_schema import volume_schema_text
    from .machinery.atomic import write_bytes_atomic

    text = volume_schema_text()
    if out_file is None:
        click.echo(text, nl=False)
        return
    with _bad_input_exits(writing_to=out_file):
        write_bytes_atomic(out_file, text.encode("utf-8"))
    click.echo(f"wrote {out_file}")


@main.command("check", short_help="Preflight the built PDF against the print service's rules.")
@click.argument("volume", type=VolumeFile(), metavar="VOLUME.yaml")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder the PDF was built into (default: build/ next to the volume file).",
)
def check_command(volume: Path, out_dir: Path | None) -> None:
    """Preflight VOLUME's print interior against its service's rules, without rebuilding.

    Links in the articles that lead nowhere (a file not in the book, a missing anchor) are
    listed first, as FILE:LINE:COL. Exit 0 when the PDF passes and no link is broken, 3 when
    there are problems (one line each, with page numbers), 2 when there is no up-to-date PDF
    to check.
    """
    with _bad_input_exits():
        links = broken_links(load_volume(volume))
    for problem in links:
        click.echo(f"{problem}")
    with _bad_input_exits():
        findings, pdf, service = _check(volume, out_dir)
    for finding in findings:
        click.echo(f"{pdf}: {finding}")
    if findings or links:
        sys.exit(EXIT_PREFLIGHT)
    click.echo(f"{pdf}: passes the {service} preflight")


def _check(volume_path: Path, out_dir: Path | None) -> tuple[list[Finding], Path, str]:
    volume = load_volume(volume_path)
    out = out_dir if out_dir is not None else volume.root / "build"
    pdf = out / f"{slugify(volume.title)}.pdf"
    where = f" --out {shlex.quote(str(out_dir))}" if out_dir is not None else ""
    rebuild = f"build it with: compile-book {shlex.quote(str(volume_path))}{where} --format pdf"
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
