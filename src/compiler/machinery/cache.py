"""A content-addressed build cache: what was worked out once is not worked out again.

Entries are named by a SHA-256 of everything that went into them (source bytes, stylesheets,
fonts, settings and a fingerprint of the compiler's own code), never by file names or times,
so a stale entry can never be served: a changed input simply asks for a different entry. That
also makes one cache folder safe to share between volumes, branches, parallel jobs and CI
machines: writers race only to store identical bytes, and every write is a rename.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

CACHE_ENV = "COMPILE_BOOK_CACHE"
APP_NAME = "compile-book"
UNUSED_DAYS = 30
"""Entries nobody has read or written for this long are removed (see :meth:`Cache.prune`)."""
PRUNE_EVERY_S = 24 * 3600
KEPT_KINDS = frozenset({"fonts"})
"""Folders read by path rather than through :meth:`Cache.get` (the full fonts the assembler
subsets), so their use is never recorded; they hold a few files that change with the fonts."""
PRUNED_STAMP = ".pruned"


def digest(*parts: bytes | str) -> str:
    """One hash of several parts; lengths are mixed in so ("ab", "c") and ("a", "bc") differ."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks: memory stays flat whatever its size."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@cache
def code_fingerprint() -> str:
    """The compiler's version plus a hash of its code, templates, styles and fonts.

    A release number alone would let a cache built by a development checkout survive a code
    change; hashing the files costs a few milliseconds once per process.
    """
    from importlib import metadata

    import weasyprint

    from .styles import styles_dir

    package = Path(__file__).resolve().parents[1]
    files = sorted(
        p
        for p in package.rglob("*")
        if p.is_file() and p.suffix in {".py", ".html", ".css", ".ttf", ".otf", ".txt"}
    )
    styles = sorted(p for p in styles_dir().rglob("*") if p.is_file())
    try:
        version = metadata.version("compile-book")
    except metadata.PackageNotFoundError:
        version = "unknown"
    parts: list[bytes | str] = [version, weasyprint.__version__]
    for path in [*files, *styles]:
        parts.extend([path.name, path.read_bytes()])
    return digest(*parts)


def default_cache_dir() -> Path:
    """``$COMPILE_BOOK_CACHE`` when set (a shared folder for CI), else the user's cache folder.

    The cache never lives in the output folder: a publisher expects ``build/`` to hold the
    book and nothing else, and a failed build to leave it empty or as it was. Nor does it sit
    beside the volume, where it would clutter a book folder that is often under version
    control. Like other tools' caches it goes where the platform keeps them
    (``$XDG_CACHE_HOME/compile-book``, ``~/.cache/compile-book``, ``~/Library/Caches`` on
    macOS, ``%LOCALAPPDATA%`` on Windows); entries are content-addressed, so one folder serves
    every volume and deleting it is always safe.
    """
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    return user_cache_root() / APP_NAME


def user_cache_root() -> Path:
    """Where this platform keeps per-user caches."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        return Path(local) if local else Path.home() / "AppData" / "Local"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    # The XDG spec says a relative path is invalid and must be ignored.
    return Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"


class Cache:
    """Entries by kind and key under one folder; ``Cache(None)`` stores nothing (``--no-cache``)."""

    def __init__(self, root: Path | None):
        self.root = root
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def _path(self, kind: str, key: str) -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytes | None:
        if self.root is None:
            self.misses += 1
            return None
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        # The modification time records the last use, which is what pruning goes by; a
        # read-only shared cache simply keeps its times.
        with contextlib.suppress(OSError):
            os.utime(path)
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        if self.root is None:
            return
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{key[:12]}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(name, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)
            raise

    def get_json(self, kind: str, key: str) -> Any:
        data = self.get(kind, key)
        return None if data is None else json.loads(data)

    def put_json(self, kind: str, key: str, value: Any) -> None:
        self.put(kind, key, json.dumps(value, sort_keys=True).encode())

    def get_pickle(self, kind: str, key: str) -> Any:
        """Pickles are only ever read from a cache this compiler wrote (its code is in the key)."""
        data = self.get(kind, key)
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:
            return None

    def put_pickle(self, kind: str, key: str, value: Any) -> None:
        self.put(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self, now: float | None = None) -> int:
        """Remove entries unused for :data:`UNUSED_DAYS`; at most once a day. Returns how many.

        The cache lives in the user's cache folder and serves every volume, so without this
        it would grow with every edit of every book. What a current build uses is read or
        written on every build and stays; a concurrent build that loses an entry to this
        simply works it out again.
        """
        if self.root is None:
            return 0
        now = time.time() if now is None else now
        stamp = self.root / PRUNED_STAMP
        try:
            if now - stamp.stat().st_mtime < PRUNE_EVERY_S:
                return 0
        except FileNotFoundError:
            pass
        except OSError:
            return 0
        removed = 0
        oldest = now - UNUSED_DAYS * 24 * 3600
        try:
            kinds = [p for p in self.root.iterdir() if p.is_dir() and p.name not in KEPT_KINDS]
            for kind in kinds:
                for path in kind.rglob("*"):
                    with contextlib.suppress(OSError):
                        if path.is_file() and path.stat().st_mtime < oldest:
                            path.unlink()
                            removed += 1
            stamp.touch()
            os.utime(stamp, (now, now))
        except OSError:
            pass
        return removed
