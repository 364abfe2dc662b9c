"""``compile-book fetch --images``: the volume's remote pictures, frozen into the book folder.

Blogs and WordPress exports name their pictures by address on the site; builds never download
(a book builds the same tomorrow as today), so without this every such picture and its
caption is left out. Each article is read exactly as a build reads it, so the addresses found
are the ones the build will look up: saved pages (lazy-loaded ``data-src`` and ``srcset``
included), WordPress posts (``[caption]`` figures included) and Markdown. For a WordPress
post the file as uploaded, named by the export's attachment items, is fetched rather than
the copy resized for the screen, when it can be had. Every picture is downloaded with the
sandboxed fetcher of :mod:`compiler.sources.fetch` (http and https only, a few checked
redirects, a time limit for the whole download and a size cap while streaming), must pass
the image checks any local picture passes, and is stored beside its article as
``images/ARTICLE/NAME``. The record of which file stands for which address
(:mod:`compiler.sources.frozen_images`) is what builds read.

One address that fails does not stop the others; a second run downloads only what is still
missing.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import BookError, Diagnostics, Problem
from ..sources.fetch import Opener, default_opener, download_image, slugify
from ..sources.frozen_images import (
    load_frozen,
    local_name,
    mapping_path,
    mapping_text,
    remote_address,
)
from ..sources.images import check_image_file, image_suffix
from ..sources.limits import MAX_IMAGE_BYTES
from ..sources.wordpress import load_export
from ..volume.model import ArticleEntry, Volume
from .articles import read_raw

IMAGE_FOLDER = "images"
_RESIZED = re.compile(r"-(?:\d+x\d+|scaled)(?=\.\w+$)")


@dataclass(frozen=True)
class FetchedImage:
    url: str
    path: Path


@dataclass
class ImageFetchResult:
    """What a run did: pictures downloaded, pictures already there, and what failed."""

    fetched: list[FetchedImage] = field(default_factory=list)
    present: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def nothing_done(self) -> bool:
        """Every picture failed: the run achieved nothing, which the exit status says."""
        return bool(self.problems) and not self.fetched and not self.present


def fetch_images(
    volume: Volume,
    *,
    timeout: float = 20,
    max_bytes: int = MAX_IMAGE_BYTES,
    opener: Opener | None = None,
) -> ImageFetchResult:
    """Download every remote picture the volume's articles show that is not yet frozen.

    ``timeout`` (seconds) bounds the whole download of one picture; ``max_bytes`` is the
    size cap, by default the largest image file a build accepts. A record of fetched images
    that cannot be read raises BookError; everything else is collected in the result.
    """
    root = volume.root.resolve()
    frozen = load_frozen(root)
    opener = opener or default_opener()
    result = ImageFetchResult()
    try:
        for entry, url in _remote_images(volume, result):
            if url in frozen and (root / frozen[url]).is_file():
                result.present += 1
                continue
            original = _originals(entry).get(_upload_key(url))
            addresses = [original, url] if original and original != url else [url]
            try:
                path = _fetch_first(
                    addresses, _folder(entry, root), root, opener, timeout, max_bytes
                )
            except BookError as exc:
                where = _shown(entry, root)
                result.problems += [
                    Problem(f"{p.message} (an image of {where})", url) for p in exc.problems
                ]
                continue
            frozen[url] = path.relative_to(root).as_posix()
            result.fetched.append(FetchedImage(url, path))
    finally:
        if result.fetched:
            _write_atomically(mapping_path(root), mapping_text(frozen).encode("utf-8"))
    return result


def _remote_images(volume: Volume, result: ImageFetchResult) -> Iterator[tuple[ArticleEntry, str]]:
    """Each remote address once, with the first article that shows it, in volume order."""
    seen: set[str] = set()
    for entry in volume.articles:
        try:
            raw = read_raw(entry.path, Diagnostics(), entry.post, volume.language)
        except BookError as exc:
            result.problems += exc.problems
            continue
        for img in raw.root.iter("img"):
            url = remote_address(img.get("src") or "")
            if url is not None and url not in seen:
                seen.add(url)
                yield entry, url


def _originals(entry: ArticleEntry) -> dict[tuple[str, str], str]:
    """A WordPress export's uploaded files, by what their resized copies have in common.

    Posts show a picture resized for the screen (``photo-1024x683.jpg``, ``photo.png?w=300``);
    the export's attachment items name the file as uploaded, which prints far better.
    """
    if entry.post is None:
        return {}
    try:
        items = load_export(entry.path).items
    except BookError:
        return {}
    return {
        _upload_key(item.attachment_url): item.attachment_url
        for item in items
        if item.post_type == "attachment" and remote_address(item.attachment_url)
    }


def _upload_key(url: str) -> tuple[str, str]:
    """Host and path without WordPress's size suffixes (``-300x200``, ``-scaled``)."""
    parts = urlsplit(url)
    return (parts.netloc.lower(), _RESIZED.sub("", parts.path))


def _folder(entry: ArticleEntry, root: Path) -> Path:
    """``images/SLUG`` beside the article (or the export), inside the book folder."""
    slug = slugify(entry.post or entry.path.stem) or "article"
    beside = entry.path.parent
    base = beside if beside.resolve().is_relative_to(root) else root
    return base / IMAGE_FOLDER / slug


def _fetch_first(
    addresses: list[str], folder: Path, root: Path, opener: Opener, timeout: float, max_bytes: int
) -> Path:
    """The first of ``addresses`` that can be had, stored under the name of the last (the
    address the article shows); the last one's problems if none can."""
    for address in addresses[:-1]:
        with contextlib.suppress(BookError):
            return _fetch_one(address, folder, root, opener, timeout, max_bytes, addresses[-1])
    return _fetch_one(addresses[-1], folder, root, opener, timeout, max_bytes, addresses[-1])


def _fetch_one(
    url: str,
    folder: Path,
    root: Path,
    opener: Opener,
    timeout: float,
    max_bytes: int,
    shown: str,
) -> Path:
    download = download_image(url, opener, timeout, max_bytes)
    suffix = image_suffix(download.data)
    if suffix is None:
        raise BookError(
            f"not a picture a book can carry (the server sent {download.content_type}; "
            "JPEG, PNG, GIF, WebP and SVG can be used)",
            url,
        )
    outside = BookError(f"{folder} leads outside the book folder; nothing written there", url)
    if not folder.resolve().is_relative_to(root):  # a symlink on the way, before creating
        raise outside
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BookError(f"cannot create {folder}: {exc.strerror or exc}", url) from None
    if not folder.resolve().is_relative_to(root):  # a symlink put there meanwhile
        raise outside
    target = folder / local_name(shown, suffix)
    try:
        _write_atomically(target, download.data)
    except OSError as exc:
        raise BookError(f"cannot write {target}: {exc.strerror or exc}", url) from None
    try:
        check_image_file(target, "the downloaded file")
    except BookError:
        target.unlink(missing_ok=True)
        raise
    return target


def _write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target, then rename: an interrupted run leaves no half picture."""
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _shown(entry: ArticleEntry, root: Path) -> str:
    try:
        name = entry.path.relative_to(root).as_posix()
    except ValueError:
        name = str(entry.path)
    return f"{name}, post {entry.post}" if entry.post else name
