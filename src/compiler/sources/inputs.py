"""The book's input files, read through the path that was checked, once per build.

Paths are checked when the volume loads (inside the book folder, no symlink leading out), but
files are read later, some several times: hashed for the cache, then read, checked and used.
A file swapped in between for a symlink to ``~/.ssh/id_rsa`` would be followed by a plain
``open()``. So while a build runs (:func:`reading_inputs`), every input is opened beneath the
book folder's own descriptor one path component at a time, none of them followed if it is a
symlink (``O_NOFOLLOW``): a link placed inside the book on purpose is resolved first and must
lead inside it, and one swapped in after that is refused, never opened. Text inputs
(articles, exports, matter) are kept in memory once read, so the bytes hashed for the cache
are the bytes checked and used; images, which can be large, are read again when stored and
their stored name (their hash) is checked against what was read (:func:`input_digest`).

Outside a build (a test calling a reader directly) files are read as they are.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

_SAFE = hasattr(os, "O_NOFOLLOW") and os.open in os.supports_dir_fd


class InputMoved(OSError):
    """An input that, since it was checked, leads somewhere else: refused, not opened."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            errno.ELOOP,
            "it was replaced during the build by a link or folder leading somewhere else",
            str(path),
        )


@dataclass
class _Build:
    root: Path  # the book folder, resolved
    given: Path  # the book folder as the volume names it (it may lead through a symlink)
    kept: dict[Path, bytes] = field(default_factory=dict)
    digests: dict[Path, str] = field(default_factory=dict)

    def holds(self, path: Path) -> bool:
        return path.is_relative_to(self.root) or path.is_relative_to(self.given)


_builds: list[_Build] = []  # a plain list, not a context variable: forked workers inherit it


@contextlib.contextmanager
def reading_inputs(root: Path) -> Iterator[None]:
    """Read inputs beneath ``root`` only, each text input once, until the block ends."""
    _builds.append(_Build(Path(root).resolve(), Path(os.path.abspath(root))))
    try:
        yield
    finally:
        _builds.pop()


def read_input(path: Path, keep: bool = True) -> bytes:
    """The bytes of an input file; ``keep`` holds them for the rest of the build so every
    later read (and the cache's hash) sees the same bytes."""
    build = _builds[-1] if _builds else None
    if build is None:
        return Path(path).read_bytes()
    key = Path(os.path.abspath(path))
    if key in build.kept:
        return build.kept[key]
    data = _read_beneath(build, key)
    build.digests[key] = hashlib.sha256(data).hexdigest()
    if keep:
        build.kept[key] = data
    return data


def input_digest(path: Path) -> str:
    """SHA-256 of an input file as this build read it (reading it now if it has not)."""
    build = _builds[-1] if _builds else None
    if build is None:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    key = Path(os.path.abspath(path))
    if key not in build.digests:
        with _open_beneath(build, key) as handle:
            build.digests[key] = hashlib.file_digest(handle, "sha256").hexdigest()
    return build.digests[key]


def _read_beneath(build: _Build, path: Path) -> bytes:
    with _open_beneath(build, path) as handle:
        return handle.read()


def _open_beneath(build: _Build, path: Path) -> contextlib.AbstractContextManager:
    if not build.holds(path):
        return open(path, "rb")  # not one of the book's files: the compiler's own styles
    real, root = path.resolve(), build.root
    if not real.is_relative_to(root):
        raise InputMoved(path)  # checked inside the book when the volume loaded
    if not _SAFE:
        return open(real, "rb")  # no descriptor-relative opening on this system
    parts = real.relative_to(root).parts
    if not parts:
        raise IsADirectoryError(errno.EISDIR, "it is the book folder", str(path))
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            inner = _open_part(part, os.O_RDONLY | os.O_DIRECTORY, folder, path)
            os.close(folder)
            folder = inner
        # Non-blocking: a named pipe swapped in must not hang the build before it is refused.
        handle = _open_part(parts[-1], os.O_RDONLY | os.O_NONBLOCK, folder, path)
    finally:
        os.close(folder)
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise InputMoved(path)
    return os.fdopen(handle, "rb")


def _open_part(name: str, flags: int, folder: int, path: Path) -> int:
    try:
        return os.open(name, flags | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            raise InputMoved(path) from None
        raise
