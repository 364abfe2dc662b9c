"""Atomic outputs: a publisher never finds a half-written book in ``build/``.

Writers write to temporary files beside their targets; only when every requested output of
a build has been written are they renamed into place. A failed or interrupted build leaves the
previous outputs as they were, and two builds of the same volume never interleave bytes
(each has its own temporary names; the last rename wins whole).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from types import TracebackType


class OutputSet:
    """Temporary files for one build's outputs, committed together or not at all."""

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []

    def path_for(self, target: Path) -> Path:
        """A fresh temporary path in ``target``'s folder (same file system: rename is atomic)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
        temporary = Path(name)
        self._pending.append((temporary, target))
        return temporary

    def commit(self) -> list[Path]:
        done = []
        for temporary, target in self._pending:
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
            done.append(target)
        self._pending.clear()
        return done

    def discard(self) -> None:
        for temporary, _ in self._pending:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        self._pending.clear()

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


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write one file so that readers see either the old or the new content, never a mix."""
    with OutputSet() as outputs:
        outputs.path_for(target).write_bytes(data)
        outputs.commit()
