"""Atomic outputs: a publisher never finds a half-written book in ``build/``.

Writers write to temporary files beside their targets; only when every requested output of
a build has been written are they renamed into place. A failed or interrupted build leaves the
previous outputs as they were, and two builds of the same volume never interleave bytes
(each has its own temporary names; the last rename wins whole).

A build that is killed outright (SIGKILL, power loss) cannot remove its temporary files.
Each build therefore holds an exclusive ``flock`` on its temporary files for as long as it
lives; the next build deletes the ``.NAME.*.part`` files nobody holds, which are exactly the
leftovers of dead builds, and leaves those of a build still running alongside it.

Outputs never replace an input: before anything is written, :func:`check_no_clash` compares
every output (and the temporary names beside it) with every file the build reads, so
``--out`` pointing at the book folder cannot turn an article into a cleanup report.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from ..errors import BookError, Problem

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock
    fcntl = None  # type: ignore[assignment]

PART_SUFFIX = ".part"
MACHINE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})
"""Write errors that only the machine's state causes (full disk, quota, read-only mount)."""


class OutputSet:
    """Temporary files for one build's outputs, committed together or not at all."""

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []
        self._held: list[int] = []  # open descriptors holding the locks on our temporaries

    def path_for(self, target: Path) -> Path:
        """A fresh temporary path in ``target``'s folder (same file system: rename is atomic)."""
        folder = target.parent
        _make_folder(folder)
        remove_stale_parts(target)
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=folder)
        except OSError as exc:
            raise BookError(
                f"cannot write to the output folder: {exc.strerror or exc}", folder
            ) from None
        _lock(fd, blocking=True)
        self._held.append(fd)
        temporary = Path(name)
        self._pending.append((temporary, target))
        return temporary

    def commit(self) -> list[Path]:
        """Rename every temporary over its target, once every target is known to accept it.

        A rename onto a folder fails, so a folder in the way of any output stops the build
        before the first rename: the outputs are all replaced or none is.
        """
        for _, target in self._pending:
            if target.is_dir() and not target.is_symlink():
                raise BookError(
                    f"cannot write '{target.name}' here: a folder of that name is in the way",
                    target,
                )
        done = []
        for temporary, target in self._pending:
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
            done.append(target)
        self._pending.clear()
        self._release()
        return done

    def discard(self) -> None:
        for temporary, _ in self._pending:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        self._pending.clear()
        self._release()

    def _release(self) -> None:
        for fd in self._held:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._held.clear()

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # On success the caller has committed; anything still pending is abandoned work.
        self.discard()


def check_no_clash(outputs: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Refuse outputs that would replace a file the build reads, naming both.

    An output clashes with an input at the same place (its folder resolved, so ``--out .``
    and ``--out ../book`` are caught alike), with the file an input symlink leads to, and
    with an input named like one of its temporary files, which the clean-up of dead builds'
    leftovers would delete.
    """
    places: dict[Path, Path] = {}
    for path in inputs:
        places.setdefault(_place(path), path)
        places.setdefault(Path(os.path.realpath(path)), path)
    problems: list[Problem] = []
    for output in outputs:
        where = _place(output)
        pattern = f".{where.name}.*{PART_SUFFIX}"
        for place, source in places.items():
            if place == where:
                problems.append(
                    Problem(
                        f"the output '{output}' would overwrite this file, which the book reads; "
                        "choose another --out folder",
                        source,
                    )
                )
            elif place.parent == where.parent and fnmatch.fnmatchcase(place.name, pattern):
                problems.append(
                    Problem(
                        f"this file is named like a temporary file of the output '{output}', "
                        "which a build removes; rename it or choose another --out folder",
                        source,
                    )
                )
    if problems:
        raise BookError(problems)


@contextlib.contextmanager
def output_errors(out: Path) -> Iterator[None]:
    """A full disk or a read-only output folder is the machine's state, not a compiler bug."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in MACHINE_ERRORS:
            raise
        raise BookError(f"cannot write the outputs: {exc.strerror or exc}", out) from None


def _place(path: Path) -> Path:
    """Where a name lives: its folder with every symlink resolved, and the name itself."""
    return Path(os.path.realpath(path.parent)) / path.name


def remove_stale_parts(target: Path) -> list[Path]:
    """Delete temporary files for ``target`` left by builds that died; return what went.

    A file is stale when no process holds its lock. Without ``flock`` (Windows) nothing is
    removed: a running build's files cannot be told apart from a dead one's there.
    """
    removed: list[Path] = []
    if fcntl is None:  # pragma: no cover
        return removed
    prefix = f".{target.name}."
    try:
        candidates = [
            entry
            for entry in target.parent.iterdir()
            if entry.name.startswith(prefix) and entry.name.endswith(PART_SUFFIX)
        ]
    except OSError:
        return removed
    for path in candidates:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _lock(fd, blocking=False):
                path.unlink()
                removed.append(path)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def _lock(fd: int, *, blocking: bool) -> bool:
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        # Name the file in the way, which may be any of the folders on the path.
        blocker = next(
            (p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder
        )
        raise BookError(
            f"cannot write the outputs to '{folder}': this is a file, not a folder", blocker
        ) from None
    except OSError as exc:
        raise BookError(f"cannot create the output folder: {exc.strerror or exc}", folder) from None


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write one file so that readers see either the old or the new content, never a mix."""
    with OutputSet() as outputs:
        outputs.path_for(target).write_bytes(data)
        outputs.commit()
