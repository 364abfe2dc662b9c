"""The only way the PDF engine may read a file: inside the book folder or our styles.

WeasyPrint would otherwise follow any ``file:`` or network URL found in an article or a
stylesheet. Builds never touch the network, and a hostile article must not be able to pull
``/etc/passwd`` into a PDF, so every fetch goes through :class:`SandboxedFetcher`.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..errors import BookError
from ..sources.images import book_copy

# Relative references in the print document (``images/ab12….jpg``) resolve against this
# base, which names no real folder: the fetcher maps it to the book's assets.
BOOK_BASE_URL = "file:///compile-book-assets/"


class SandboxedFetcher(URLFetcher):
    """Serve book assets and files under the allowed roots; refuse everything else."""

    def __init__(self, roots: list[Path], assets: dict[str, Path] | None = None):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.assets = assets or {}
        self.refused: list[str] = []
        # A book image that could not be served as checked: WeasyPrint would only log it and
        # leave the picture out, so the caller raises it once the layout is done (check()).
        self.failed: list[BookError] = []

    def check(self) -> None:
        """Raise the first book image that could not be served as it was checked."""
        if self.failed:
            raise self.failed[0]

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file":
            self.refused.append(url)
            raise PermissionError(f"network access is not allowed during a build: {url}")
        if url.startswith(BOOK_BASE_URL):
            key = unquote(url[len(BOOK_BASE_URL) :].split("?")[0])
            path = self.assets.get(key)
            if path is None:
                self.refused.append(url)
                raise FileNotFoundError(f"no such book asset: {key}")
        else:
            path = Path(url2pathname(unquote(parts.path))).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                self.refused.append(url)
                raise PermissionError(f"file outside the book folder: {path}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if not url.startswith(BOOK_BASE_URL):
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        try:
            data = book_copy(path, key)
        except BookError as error:
            self.failed.append(error)
            raise
        return URLFetcherResponse(url, data, {"Content-Type": mime})
