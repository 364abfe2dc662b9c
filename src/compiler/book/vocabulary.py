"""The words of a whole volume, gathered before any article is cleaned.

``split-words`` weighs a split against the other articles of the volume too (see
:mod:`compiler.cleanup.evidence`), so every article is read for its words first. What each
article gives is kept in the build cache by its source bytes alone, so a rebuild after a
one-essay edit reads that essay again and nothing else; an article whose words cannot be read
gives none, and the build reports its problem when it reads it for the book. What is read
for the words is kept too (:mod:`.reads`), so cleaning the article does not read it again.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Executor
from pathlib import Path

from ..cleanup import RULE_NAMES, Vocabulary
from ..cleanup.rules.split_words import ArticleTokens, article_tokens, volume_vocabulary
from ..errors import BookError, Diagnostics
from ..machinery.cache import Cache
from ..volume.model import ArticleEntry, Volume
from . import reads
from .articles import read_raw

KIND = "words"
RULE = "split-words"


def article_name(entry: ArticleEntry) -> str:
    """The name an article's words go by: its file, and the post for a WordPress export."""
    return f"{entry.path}#{entry.post}" if entry.post is not None else str(entry.path)


def volume_words(
    volume: Volume, cache: Cache, jobs: int = 1, executor: Executor | None = None
) -> Vocabulary | None:
    """Every word the volume's articles use on their own, with the articles that use it;
    ``None`` when no article runs ``split-words`` (nothing would read them).

    Articles the cache lacks are read in ``jobs`` worker processes first (``executor``'s,
    when the build has started them), which hand back what they read and keep it in the
    cache; the words are then gathered in the volume's order, so the result is the same
    however many.
    """
    if not any(_splits_words(entry, volume) for entry in volume.articles):
        return None
    entries = [*volume.articles, *volume.companions]
    fresh: dict[str, ArticleTokens] = {}
    if cache.enabled and jobs >= 2:
        fresh = _prefetch(entries, volume, cache, jobs, executor)
    found: dict[str, ArticleTokens] = {}
    for entry in entries:
        key = _key(entry, volume)
        tokens = fresh[key] if key in fresh else _tokens(entry, volume, cache)
        if tokens is not None:
            found[article_name(entry)] = tokens
    return volume_vocabulary(found)


def _splits_words(entry: ArticleEntry, volume: Volume) -> bool:
    settings = entry.cleanup if entry.cleanup is not None else volume.cleanup
    return RULE in (RULE_NAMES if settings is None else settings.rules)


def _prefetch(
    entries: list[ArticleEntry],
    volume: Volume,
    cache: Cache,
    jobs: int,
    executor: Executor | None,
) -> dict[str, ArticleTokens]:
    """What the workers read of each article the cache lacked, by key."""
    missing = {
        key: entry
        for entry in entries
        if (key := _key(entry, volume)) is not None and cache.get(KIND, key) is None
    }
    if len(missing) < 2:
        return {}
    work = [(entry, volume, cache.root) for entry in missing.values()]
    if executor is not None:
        read = list(executor.map(_tokens_into, work))
    else:
        from ..machinery import workers

        with workers.running(workers.pool(min(jobs, len(missing)))) as pool:
            read = list(pool.map(_tokens_into, work))
    return {key: tokens for key, tokens in zip(missing, read, strict=True) if tokens is not None}


def _tokens_into(job: tuple[ArticleEntry, Volume, Path | None]) -> ArticleTokens | None:
    entry, volume, root = job
    return _tokens(entry, volume, Cache(root))


# An article's words depend on exactly what its read does.
_key = reads.read_key


def _tokens(entry: ArticleEntry, volume: Volume, cache: Cache) -> ArticleTokens | None:
    key = _key(entry, volume)
    if key is None:
        return None
    stored: ArticleTokens | None = cache.get_data(KIND, key, ArticleTokens)
    if stored is not None:
        return stored
    with contextlib.suppress(BookError, OSError):
        read = Diagnostics()
        raw = read_raw(entry.path, read, entry.post, volume.language)
        reads.keep(cache, key, raw, read.warnings)
        tokens = article_tokens(raw.root)
        cache.put_data(KIND, key, tokens)
        return tokens
    return None
