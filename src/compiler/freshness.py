"""Is an output newer than everything it was made from?

``compile-book --format cover`` reads the interior's page count from the PDF already in
``build/`` when it is fresh, and ``compile-book check`` preflights it without a rebuild; both
need the same answer to "has anything changed since this PDF was written?".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path

from .config import MatterText, PartEntry, Volume
from .styles import styles_dir


def volume_inputs(volume: Volume) -> Iterator[Path]:
    """Every file a build of ``volume`` reads: the volume, its sources, matter and styles."""
    yield volume.path
    for entry in volume.contents:
        if isinstance(entry, PartEntry) and entry.intro is not None:
            yield entry.intro
    for article in volume.articles:
        yield article.path
    yield from _matter_files(volume)
    yield from (p for p in styles_dir().rglob("*") if p.is_file())


def _matter_files(value: object) -> Iterator[Path]:
    if isinstance(value, MatterText):
        yield from (p for p in (value.file, value.photo) if p is not None)
    elif isinstance(value, Path):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            if f.name not in ("contents", "path"):
                yield from _matter_files(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _matter_files(item)


def is_fresh(output: Path, volume: Volume) -> bool:
    """True when ``output`` exists and no input of the volume is newer than it."""
    try:
        written = output.stat().st_mtime
    except OSError:
        return False
    for path in volume_inputs(volume):
        try:
            if path.stat().st_mtime > written:
                return False
        except OSError:
            return False
    return True
