"""Remote pictures frozen into the book folder, and the file that says which is which.

``compile-book fetch --images`` downloads the pictures an article shows from the web into the
book folder and records, in :data:`MAPPING_NAME` beside volume.yaml, which address each file
came from. A build reads that record and uses the local copy wherever the article names the
address, so the article itself stays as the site wrote it and a build still never touches
the network. The record is plain JSON an editor can read and correct::

    {
      "images": {
        "http://blogueun.files.wordpress.com/2014/01/a64c1-trail.png?w=300":
          "images/ultrablog-vim/a64c1-trail-6b1f0c2d.png"
      }
    }

Paths are relative to the book folder, written with ``/`` on every system; the image checks
of :mod:`.images` apply to the files as to any other picture (inside the book, readable,
within the limits).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..errors import BookError, Problem

MAPPING_NAME = "fetched-images.json"
_NAME_LENGTH = 40


def mapping_path(book_root: Path) -> Path:
    return book_root / MAPPING_NAME


def load_frozen(book_root: Path) -> dict[str, str]:
    """Address -> path relative to the book folder; empty when nothing was fetched.

    A record that is not what ``fetch --images`` writes is a located error rather than a
    silent fall-back to leaving every picture out.
    """
    path = mapping_path(book_root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise BookError(f"cannot read the record of fetched images: {exc}", path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BookError(
            Problem(f"not valid JSON: {exc.msg}", path, exc.lineno, exc.colno)
        ) from None
    images = data.get("images") if isinstance(data, dict) else None
    if not isinstance(images, dict) or not all(
        isinstance(url, str) and isinstance(file, str) for url, file in images.items()
    ):
        raise BookError(
            'expected {"images": {"ADDRESS": "FILE", ...}}, as compile-book fetch --images '
            "writes it",
            path,
        )
    return dict(images)


def mapping_text(images: dict[str, str]) -> str:
    """The record as written: sorted by address, so a second fetch changes only new lines."""
    return json.dumps({"images": dict(sorted(images.items()))}, indent=2, ensure_ascii=False) + "\n"


def frozen_digest(book_root: Path) -> str:
    """What the record holds, for cache keys: an article is read again when it changes."""
    try:
        return hashlib.sha256(mapping_path(book_root).read_bytes()).hexdigest()
    except OSError:
        return ""


def remote_address(src: str) -> str | None:
    """The http(s) address an image source names, ``//host/…`` taken as https; else None."""
    src = src.strip()
    if src.startswith("//"):
        src = "https:" + src
    return src if urlsplit(src).scheme.lower() in ("http", "https") else None


def local_name(url: str, suffix: str) -> str:
    """A safe file name for the picture at ``url``: readable, and the same on every run.

    The readable part comes from the address's last path segment; a digest of the whole
    address (query included: ``?w=300`` is another picture) keeps two pictures called
    ``image.jpg`` on different pages apart.
    """
    stem = PurePosixPath(unquote(urlsplit(url).path)).stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    readable = "-".join(re.findall(r"[a-z0-9]+", ascii_stem.lower()))[:_NAME_LENGTH].strip("-")
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{readable or 'image'}-{digest}{suffix}"
