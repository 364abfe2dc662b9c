"""Is an output newer than everything it was made from?

``compile-book --format cover`` reads the interior's page count from the PDF already in
``build/`` when it is fresh, and ``compile-book check`` preflights it without a rebuild; both
need the same answer to "has anything changed since this PDF was written?".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path

from ..volume.model import MatterText, PartEntry, Volume
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
            if f.name not in ("contents", "path", "site_root"):  # site_root is a folder
                yield from _matter_files(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _matter_files(item)


def newer_inputs(pdf: Path, volume_file: Path, out_dir: Path) -> list[Path]:
    """Inputs changed after ``pdf`` was written: the volume folder's files and our styles.

    Everything under the volume folder counts (articles, part introductions, images, the
    volume file) except the output folder and hidden folders, so an edit anywhere is noticed.
    """
    written = pdf.stat().st_mtime
    root = volume_file.parent.resolve()
    out = out_dir.resolve()
    found: list[Path] = []
    candidates = [*_files(root, out), *_files(styles_dir(), out)]
    for path in candidates:
        try:
            if path.stat().st_mtime > written:
                found.append(path)
        except OSError:
            continue
    return sorted(set(found))


def _files(root: Path, skip: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        resolved = path.resolve()
        if resolved.is_relative_to(skip):
            continue
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        yield path


def is_fresh(output: Path, volume: Volume) -> bool:
    """True when ``output`` exists and nothing in the volume folder or the styles is newer.

    The whole folder counts, not just the files the volume names, so an edit anywhere (an
    image, a file about to be added to the contents) is noticed: a false "stale" costs a
    rebuild, a false "fresh" costs a wrong book.
    """
    try:
        output.stat()
    except OSError:
        return False
    return not newer_inputs(output, volume.path, output.parent)
