"""Articles as read, kept in the build cache between the two passes that need them.

A volume whose articles run ``split-words`` reads each one twice on a cold build: once for
its words (:mod:`.vocabulary`), which must all be known before any article is cleaned, and
again to clean it (:mod:`.article_cache`). The first read is kept, by its source bytes, as
the sanitised markup the reader made and what it said about the source, so the second is a
parse of that markup rather than Markdown, front matter and sanitising all over again; the
tree is the same, since it is parsed by the same function from the same markup. A build
without a cache (``--no-cache``) hands the read on in memory instead (``Cache``'s
``passed_on``), so it too reads each article once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostics, Problem
from ..machinery.cache import Cache, code_fingerprint, digest
from ..machinery.cache_data import carry_over
from ..sources.base import RawArticle, SourceChange, SourceMeta
from ..sources.inputs import input_digest
from ..sources.limits import MAX_EXPORT_BYTES
from ..sources.sanitize import html_to_tree
from ..volume.model import ArticleEntry, Volume

KIND = "reads"


@dataclass
class StoredRead:
    """A :class:`RawArticle` with its markup in place of its tree, and the reader's warnings."""

    source: Path
    markup: str
    meta: SourceMeta
    body_line: int
    text: str
    text_line: int
    changes: list[SourceChange]
    unused_keys: list[str]
    warnings: list[Problem]


def read_key(entry: ArticleEntry, volume: Volume) -> str | None:
    """What a read depends on: the source bytes and how the file is read; ``None`` when the
    file cannot or should not be read (the build reports it)."""
    try:
        if entry.path.stat().st_size > MAX_EXPORT_BYTES:
            return None
        return digest(
            code_fingerprint(),
            str(entry.path),
            entry.post or "",
            volume.language,
            input_digest(entry.path),
        )
    except OSError:
        return None


def keep(cache: Cache, key: str, raw: RawArticle, warnings: list[Problem]) -> None:
    """Store a read that has just been made (its tree untouched so far)."""
    stored = carry_over(StoredRead, raw, warnings=warnings)
    cache.put_data(KIND, key, stored)


def kept(
    cache: Cache, entry: ArticleEntry, volume: Volume, diagnostics: Diagnostics
) -> RawArticle | None:
    """The article as read earlier, its warnings given again; ``None`` when none was kept."""
    key = read_key(entry, volume) if cache.keeps(KIND) else None
    stored: StoredRead | None = cache.get_data(KIND, key, StoredRead) if key else None
    if stored is None:
        return None
    diagnostics.warnings.extend(stored.warnings)
    return carry_over(RawArticle, stored, root=html_to_tree(stored.markup))
