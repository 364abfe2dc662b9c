"""Reading and cleaning articles once: a rebuild re-reads only the files that changed.

Reading, cleanup and note extraction cost more than the rest of a rebuild after a one-essay
edit, so the finished :class:`Article` is kept in the build cache, keyed by the source bytes,
the entry's overrides in volume.yaml, the volume settings cleanup reads, and the compiler's
code. What cleanup learnt from the volume's other articles is checked like the images: the
entry keeps each word it asked about and the answer, and serves only while the volume still
answers the same (:mod:`compiler.cleanup.evidence`). The EPUB and the PDF are both made from
these cached articles: neither writer reads or cleans a source again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from ..cleanup import CleanupReport, Vocabulary, VolumeWords
from ..errors import BookError, Diagnostics, Problem
from ..machinery.cache import Cache, code_fingerprint, digest
from ..sources.base import Article
from ..sources.frozen_images import frozen_digest
from ..sources.inputs import input_digest
from ..sources.limits import MAX_EXPORT_BYTES
from ..volume.model import ArticleEntry, Volume
from . import reads
from .articles import load_article
from .vocabulary import article_name

Loader = Callable[[ArticleEntry, Volume, Diagnostics], tuple[Article, CleanupReport]]
KIND = "articles"
BATCHES_PER_WORKER = 4


@dataclass
class StoredArticle:
    """One cache entry: the article, what cleanup did, the warnings, and its images' hashes."""

    article: Article
    report: CleanupReport
    warnings: list[Problem]
    images: dict[str, str]  # file -> SHA-256
    # Each word cleanup asked the volume about -> the answer; None: cleaned without the volume.
    evidence: dict[str, bool] | None


def article_key(entry: ArticleEntry, volume: Volume) -> str:
    settings = (
        str(entry.path),
        entry.post,
        entry.title,
        entry.short_title,
        entry.author,
        entry.date,
        entry.url,
        entry.cleanup,
        entry.language,
        volume.cleanup,
        volume.language,
        str(volume.root),
        str(volume.site_root),
    )
    # Fetching remote images changes the record of what was fetched, not the article.
    frozen = frozen_digest(volume.root)
    return digest(code_fingerprint(), repr(settings), input_digest(entry.path), frozen)


def cached_loader(cache: Cache, words: Vocabulary | None = None) -> Loader:
    """A drop-in for :func:`load_article` that consults ``cache`` first.

    Warnings raised while reading are stored with the article and replayed on a hit, so a
    cached build reports exactly what a fresh one would. Images an article uses are checked
    by content, since the article file itself does not change when an image does, and images
    it lacked are checked for having arrived. ``words`` are the volume's (see
    :mod:`.vocabulary`), as evidence for cleanup.
    """

    def load(
        entry: ArticleEntry, volume: Volume, diagnostics: Diagnostics
    ) -> tuple[Article, CleanupReport]:
        view = _view(words, entry)
        key = _key_or_none(entry, volume)
        if key is None:
            # Unreadable or oversized: the reader reports it as it would without a cache.
            return load_article(entry, volume, diagnostics, view)
        stored = _stored(cache, key, view)
        if stored is not None:
            diagnostics.warnings.extend(stored.warnings)
            return stored.article, stored.report
        local = Diagnostics()
        try:
            # Read already for the volume's words, most likely: not read again.
            raw = reads.kept(cache, entry, volume, local)
            article, report = load_article(entry, volume, local, view, raw)
        finally:
            # Warnings given before a failure still explain it (the image that was missing).
            diagnostics.warnings.extend(local.warnings)
        images = {str(path): input_digest(path) for path in article.images.values()}
        images.update({str(path): "" for path in article.missing_images})
        evidence = dict(view.asked) if view is not None else None
        cache.put_data(KIND, key, StoredArticle(article, report, local.warnings, images, evidence))
        return article, report

    return load


def _stored(cache: Cache, key: str, view: VolumeWords | None) -> StoredArticle | None:
    """The cached article, if its images and what it learnt from the volume still hold."""
    stored: StoredArticle | None = cache.get_data(KIND, key, StoredArticle)
    if stored is None or not all(_same(Path(p), sha) for p, sha in stored.images.items()):
        return None
    if view is None or stored.evidence is None:
        return stored if view is None and stored.evidence is None else None
    return stored if view.agrees(stored.evidence) else None


def prefetch(
    volume: Volume,
    cache: Cache,
    jobs: int,
    words: Vocabulary | None = None,
    executor: Executor | None = None,
) -> int:
    """Read and clean, in ``jobs`` worker processes (``executor``'s, when the build has
    started them), every article the cache lacks.

    The workers store what they read in the cache, so the assembly that follows (which must
    run in order, numbering chapters and collecting problems) finds every article there.
    Articles that fail are left for the assembly to read again and report. Returns how many
    articles were read.
    """
    if not cache.enabled or jobs < 2:
        return 0
    missing = [
        e
        for e in volume.articles
        if (key := _key_or_none(e, volume)) is not None
        and _stored(cache, key, _view(words, e)) is None
    ]
    if len(missing) < 2:
        return 0
    jobs_list = [(entry, volume, cache.root, words) for entry in missing]
    # Every job carries the volume's words, sent once per batch of jobs rather than once per
    # article (a volume's words are thousands); a few batches a worker keep the load even.
    batch = max(1, len(missing) // (jobs * BATCHES_PER_WORKER))
    if executor is not None:
        list(executor.map(_read_into, jobs_list, chunksize=batch))
        return len(missing)
    from ..machinery import workers

    with workers.running(workers.pool(min(jobs, len(missing)))) as pool:
        list(pool.map(_read_into, jobs_list, chunksize=batch))
    return len(missing)


def _view(words: Vocabulary | None, entry: ArticleEntry) -> VolumeWords | None:
    return VolumeWords(words, article_name(entry)) if words is not None else None


def _read_into(job: tuple[ArticleEntry, Volume, Path | None, Vocabulary | None]) -> None:
    entry, volume, root, words = job
    with contextlib.suppress(BookError):
        cached_loader(Cache(root), words)(entry, volume, Diagnostics())


def _key_or_none(entry: ArticleEntry, volume: Volume) -> str | None:
    """The entry's cache key, or ``None`` when its file cannot or should not be hashed."""
    try:
        if entry.path.stat().st_size > MAX_EXPORT_BYTES:
            return None
        return article_key(entry, volume)
    except OSError:
        return None


def _same(path: Path, sha: str) -> bool:
    if not sha:  # an image that was missing: the article is read again once it arrives
        return not path.exists()
    try:
        return input_digest(path) == sha
    except OSError:
        return False
