"""``compile-book VOLUME.yaml --watch``: rebuild whenever a source, the volume or a style changes.

Each rebuild is an ordinary build through the cache, so saving one essay lays out only the
unit holding it; the line printed after each rebuild says what was laid out and how long the
rebuild took, which is what an editor fixing one essay wants to see.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import BookError
from ..machinery.styles import styles_dir
from ..pipeline import BuildResult

IGNORED_DIRS = {"build", ".git", "__pycache__"}
# What a build can read: the volume, articles and exports, section files, images, styles and
# fonts. Anything else in the folder (an editor's swap or temporary file, `sed -i`'s
# "sedAbC123", a download in progress) is not a change to the book.
SOURCE_SUFFIXES = {
    ".yaml", ".yml", ".md", ".markdown", ".mdown", ".txt", ".html", ".htm", ".xhtml", ".xml",
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".css", ".ttf", ".otf", ".woff",
    ".woff2",
}  # fmt: skip
# Editors' temporary names that still end in a source suffix: Emacs lock and autosave files,
# JetBrains' safe-write copies, and "name.md.tmp"-style atomic saves end elsewhere anyway.
TEMPORARY = re.compile(r"^(\.#|#.*#$)|___jb_(tmp|old)___$|~$")


def is_source_change(path: Path, ignored: set[Path] | frozenset[Path] = frozenset()) -> bool:
    """Whether a changed path is something a build reads (not output, not an editor's file)."""
    where = path.resolve()
    if any(where.is_relative_to(skip) for skip in ignored):
        return False
    if any(part in IGNORED_DIRS for part in where.parts) or where.name.startswith("."):
        return False
    if TEMPORARY.search(where.name):
        return False
    return where.suffix.lower() in SOURCE_SUFFIXES


def describe(result: BuildResult, seconds: float) -> str:
    """One line for a finished build: what was laid out again and the time taken."""
    if result.up_to_date:
        return f"up to date ({seconds:.2f} s)"
    stats = result.layout
    if stats is None:
        return f"built in {seconds:.2f} s"
    if not stats.laid_out_names:
        return f"no unit laid out again ({stats.units} from the cache), {seconds:.2f} s"
    what = "; ".join(stats.laid_out_names)
    if stats.cached == 0:
        return f"laid out {stats.laid_out} of {stats.units} units ({what}) in {seconds:.2f} s"
    return (
        f"laid out {stats.laid_out} of {stats.units} units ({what}), "
        f"{stats.cached} from the cache, in {seconds:.2f} s"
    )


def watch(
    volume: Path,
    build_once: Callable[[], BuildResult],
    say: Callable[[str], None],
    out_dir: Path | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> None:
    """Build, then rebuild on every change under the volume folder or the styles, until ``stop``."""
    from watchfiles import watch as watch_changes

    ignored = {(out_dir or volume.parent / "build").resolve()}

    def relevant(_change: object, path: str) -> bool:
        return is_source_change(Path(path), ignored)

    _run(build_once, say)
    roots = [volume.parent, styles_dir()]
    for changes in watch_changes(
        *roots, watch_filter=relevant, stop_event=None, yield_on_timeout=True, rust_timeout=500
    ):
        if stop():
            return
        if not changes:
            continue
        names = sorted({Path(path).name for _change, path in changes})
        say(f"changed: {', '.join(names)}")
        _run(build_once, say)


def _run(build_once: Callable[[], BuildResult], say: Callable[[str], None]) -> None:
    started = time.perf_counter()
    try:
        result = build_once()
    except BookError as exc:
        for problem in exc.problems:
            say(str(problem))
        say("not rebuilt; fix the problems above and save again")
        return
    say(describe(result, time.perf_counter() - started))
