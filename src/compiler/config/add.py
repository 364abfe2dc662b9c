"""``compile-book add``: bring articles into a volume, by address or by file, in one step.

Assembling a volume is mostly this: find a post, save it into the book folder, list it under
``contents``. Done by hand it is three steps and a chance to mistype a path; here the article
is fetched (through the one sandboxed fetcher) or copied into the book folder and its entry
appended where the editor wants it, with the rest of volume.yaml untouched. The edited volume
is loaded before it replaces the old one, so ``add`` never leaves a volume that does not load.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BookError, Problem
from ..sources.fetch import fetch_articles, slugify
from ..volume.model import PartEntry, Volume
from .contents_edit import append_to_contents
from .load import load_volume

# What an article file may be when added by path (a WordPress export holds many posts: it is
# listed as {wordpress: FILE, post: SLUG}, which names the one wanted).
ARTICLE_SUFFIXES = (".md", ".markdown", ".mdown", ".txt", ".html", ".htm", ".xhtml")


@dataclass
class AddResult:
    """What an ``add`` did: entries appended (as written in volume.yaml) and what failed."""

    added: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def add_articles(
    volume: Path,
    sources: Sequence[str],
    *,
    part: str | None = None,
    into: str = "articles",
    timeout: float = 20,
) -> AddResult:
    """Fetch or copy each source into ``into`` (inside the volume folder) and list it.

    A URL is fetched as Markdown; a file inside the book folder is listed where it is; a file
    outside is copied into ``into`` under a name no other file has. Sources that fail are
    reported and skipped; the others are still added.
    """
    volume = volume.resolve()
    root = volume.parent
    text = _read(volume)
    listed = _listed(load_volume(volume))  # a volume that does not load is fixed first
    folder = _inside(root, into)
    result = AddResult()
    paths: list[Path] = []
    urls = [s for s in sources if s.lower().startswith(("http://", "https://"))]
    for source in sources:
        if source in urls:
            continue
        try:
            path = _local(Path(source), root, folder)
        except BookError as exc:
            result.problems.extend(exc.problems)
            continue
        if path in listed:
            result.problems.append(
                Problem(f"already in the contents at line {listed[path]}", source)
            )
        elif path not in paths:
            paths.append(path)
    if urls:
        fetched = fetch_articles(urls, folder, timeout=timeout)
        paths.extend(article.path for article in fetched.fetched)
        result.problems.extend(fetched.problems)
        result.warnings.extend(fetched.warnings)
    if not paths:
        return result
    entries = [p.relative_to(root).as_posix() for p in paths]
    _replace_volume(volume, append_to_contents(text, entries, part))
    result.added = entries
    return result


def _listed(loaded: Volume) -> dict[Path, int]:
    """Every article file the contents already list, with the line listing it."""
    found: dict[Path, int] = {}
    for entry in loaded.contents:
        for article in entry.articles if isinstance(entry, PartEntry) else (entry,):
            if article.post is None:
                found.setdefault(article.path, article.where.line)
    return found


def _read(volume: Path) -> str:
    try:
        return volume.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BookError("volume file not found", volume) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BookError(f"cannot read the volume file: {exc}", volume) from None


def _inside(root: Path, into: str) -> Path:
    folder = (root / into).resolve()
    if Path(into).is_absolute() or not folder.is_relative_to(root):
        raise BookError(f"'{into}' is outside the volume folder; give a folder inside it", into)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BookError(f"cannot create the folder: {exc.strerror or exc}", folder) from None
    return folder


def _local(source: Path, root: Path, folder: Path) -> Path:
    """The article's place in the book folder: where it is, or a fresh copy in ``folder``."""
    if not source.is_file():
        what = "is a folder, not an article" if source.is_dir() else "not found"
        raise BookError(f"file {what}", source)
    if source.suffix.lower() == ".xml":
        raise BookError(
            "a WordPress export holds many posts: list the one you want in volume.yaml as "
            "{wordpress: FILE, post: SLUG}",
            source,
        )
    if source.suffix.lower() not in ARTICLE_SUFFIXES:
        raise BookError(
            "not an article file (use " + ", ".join(ARTICLE_SUFFIXES) + ")",
            source,
        )
    resolved = source.resolve()
    if resolved.is_relative_to(root):
        return resolved
    return _copy_new(resolved, folder)


def _copy_new(source: Path, folder: Path) -> Path:
    """Copy under the first free name (``name.md``, ``name-2.md``…), never over a file."""
    stem = slugify(source.stem) or "article"
    suffix = source.suffix.lower()
    number = 1
    while True:
        target = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        try:
            with source.open("rb") as reading, target.open("xb") as writing:
                shutil.copyfileobj(reading, writing)
            return target
        except FileExistsError:
            number += 1
        except OSError as exc:
            message = f"cannot copy into the book folder: {exc.strerror or exc}"
            raise BookError(message, source) from None


def _replace_volume(volume: Path, text: str) -> None:
    """Write the edited volume beside the old one, load it, and only then put it in place.

    Loading from the same folder resolves every path as the real volume would, so a volume
    that would not load is reported and the editor's file stays as it was.
    """
    fd, temporary = tempfile.mkstemp(prefix=".volume.", suffix=".yaml.part", dir=volume.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        with contextlib.suppress(OSError):
            os.chmod(temporary, volume.stat().st_mode & 0o777)
        try:
            load_volume(temporary)
        except BookError as exc:
            raise BookError([_as_volume(p, temporary, volume) for p in exc.problems]) from None
        os.replace(temporary, volume)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _as_volume(problem: Problem, temporary: str, volume: Path) -> Problem:
    """A problem found in the edited copy, shown against the file the editor knows."""
    if problem.file is not None and Path(problem.file).resolve() == Path(temporary).resolve():
        return dataclasses.replace(problem, file=volume)
    return problem
