"""A content-addressed build cache: what was worked out once is not worked out again.

Entries are named by a SHA-256 of everything that went into them (source bytes, stylesheets,
fonts, settings and a fingerprint of the compiler's own code), never by file names or times,
so a stale entry can never be served: a changed input simply asks for a different entry. That
also makes one cache folder safe to share between volumes, branches, parallel jobs and CI
machines: writers race only to store identical bytes, and every write is a rename.

Entries are data, never code (JSON checked against the type it must be, see
:mod:`compiler.machinery.cache_data`, or raw bytes), and each carries the SHA-256 of its
body: an entry that is truncated, edited, of another format or of the wrong shape is a miss,
worked out again and overwritten. A cache that cannot be written is reported once and the
build goes on without storing anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from . import cache_data

CACHE_ENV = "COMPILE_BOOK_CACHE"
APP_NAME = "compile-book"
UNUSED_DAYS = 30
"""Entries nobody has read or written for this long are removed (see :meth:`Cache.prune`)."""
PRUNE_EVERY_S = 24 * 3600
KEPT_KINDS = frozenset({"fonts"})
"""Folders read by path rather than through :meth:`Cache.get` (the full fonts the assembler
subsets), so their use is never recorded; they hold a few files that change with the fonts."""
PRUNED_STAMP = ".pruned"
ENTRY_MAGIC = b"compile-book-entry 1 "
"""First bytes of every entry, followed by the SHA-256 of the body and a newline."""

log = logging.getLogger(__name__)


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


#: Installed distributions whose data or behaviour shapes what the cache keeps: the layout
#: engine and its PDF writer, the Markdown and HTML readers, the sanitizer, the hyphenation
#: patterns and the word list the split-word rules consult. A new release of any of them may
#: set or clean the same input differently, so a cached result made with another is stale.
SHAPING_DISTRIBUTIONS = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "markdown",
    "beautifulsoup4",
    "lxml",
    "nh3",
    "pyphen",
    "pyspellchecker",
    "ebooklib",
)


def _installed_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def code_fingerprint() -> str:
    """The compiler's version plus a hash of its code, templates, styles and fonts, and the
    versions of the distributions in :data:`SHAPING_DISTRIBUTIONS`.

    A release number alone would let a cache built by a development checkout survive a code
    change; hashing the files costs a few milliseconds once per process.
    """
    from .styles import styles_dir

    package = Path(__file__).resolve().parents[1]
    files = sorted(
        p
        for p in package.rglob("*")
        if p.is_file() and p.suffix in {".py", ".html", ".css", ".ttf", ".otf", ".txt"}
    )
    styles = sorted(p for p in styles_dir().rglob("*") if p.is_file())
    parts: list[bytes | str] = [
        f"{name}={_installed_version(name)}" for name in ("compile-book", *SHAPING_DISTRIBUTIONS)
    ]
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
    """Entries by kind and key under one folder; ``Cache(None)`` stores nothing (``--no-cache``).

    ``problem`` says why the cache could not be written, once that happened: later writes are
    skipped, and the build reports it as one warning.

    Without a folder, the kinds named in ``passed_on`` are still handed from one step of the
    build to the next, in memory: work one step did for another (an article read for the
    volume's words, then cleaned) is not done twice because nothing outlives the build. Each
    such entry serves one read and is then dropped, so a long book is not held twice over.
    """

    def __init__(self, root: Path | None, passed_on: Iterable[str] = ()):
        self.root = root
        self.hits = 0
        self.misses = 0
        self.problem: str | None = None
        self._passed_on: dict[str, dict[str, bytes]] = (
            {kind: {} for kind in passed_on} if root is None else {}
        )

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def keeps(self, kind: str) -> bool:
        """Whether an entry of ``kind`` put now can be got later in this build."""
        return self.enabled or kind in self._passed_on

    def _path(self, kind: str, key: str) -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry's body, or ``None`` when it is absent or fails its checksum."""
        if self.root is None:
            body = self._passed_on.get(kind, {}).pop(key, None)
            if body is None:
                self.misses += 1
            else:
                self.hits += 1
            return body
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        body = unframe(data)
        if body is None:
            log.debug("cache entry %s is damaged or foreign: working it out again", path)
            self.misses += 1
            return None
        self.hits += 1
        # The modification time records the last use, which is what pruning goes by; a
        # read-only shared cache simply keeps its times.
        with contextlib.suppress(OSError):
            os.utime(path)
        return body

    def put(self, kind: str, key: str, data: bytes) -> None:
        if self.root is None:
            if kind in self._passed_on:
                self._passed_on[kind][key] = data
            return
        if self.problem is not None:
            return
        path = self._path(kind, key)
        try:
            replace_file(path, frame(data))
        except OSError as exc:
            self.problem = f"cannot write to the build cache ({exc.strerror or exc})"
            log.debug("cache write to %s failed: %s", path, exc)

    def get_data(self, kind: str, key: str, shape: Any) -> Any:
        """The entry as a value of type ``shape``; a miss when it has another shape."""
        data = self.get(kind, key)
        if data is None:
            return None
        try:
            return cache_data.loads(data, shape)
        except cache_data.ShapeError as exc:
            log.debug("cache entry %s/%s is not a %s (%s)", kind, key, shape, exc)
            self.hits -= 1
            self.misses += 1
            return None

    def put_data(self, kind: str, key: str, value: Any) -> None:
        try:
            data = cache_data.dumps(value)
        except cache_data.ShapeError as exc:
            # Something this version cannot store as data: not kept, worked out next time.
            log.debug("not caching %s/%s: %s", kind, key, exc)
            return
        self.put(kind, key, data)

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


def frame(body: bytes) -> bytes:
    """An entry: a header holding the body's SHA-256, then the body."""
    return ENTRY_MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def unframe(data: bytes) -> bytes | None:
    """The body of an entry whose checksum holds, else ``None``."""
    start = len(ENTRY_MAGIC) + 65
    if not data.startswith(ENTRY_MAGIC) or data[start - 1 : start] != b"\n":
        return None
    body = data[start:]
    if hashlib.sha256(body).hexdigest().encode() != data[len(ENTRY_MAGIC) : start - 1]:
        return None
    return body


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` by renaming a finished temporary file over it (readers never see half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name[:12]}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise


def writable_folder(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (made if need be): tried, not guessed.

    Permission bits say little (root ignores them, a read-only mount keeps them), so this
    creates and removes a file.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True
