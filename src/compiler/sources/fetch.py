"""Downloading articles from the web into Markdown files the editor can work on.

This is the only part of compile-book that touches the network: builds never do, so a book
builds the same tomorrow as today. Each page is downloaded once (http and https only, a few
redirects, a time limit and a size cap while streaming), its article is extracted exactly as
a saved page would be (``sources.html``), and it is written as Markdown with YAML front
matter, ready to be listed in volume.yaml and corrected by hand.

HTML becomes Markdown with markdownify, which handles the ordinary constructs (headings,
emphasis, lists, quotes, links, images, tables) well; what it cannot know is footnotes, which
blogs mark up in a dozen ways. Those are turned into Markdown footnotes (``[^1]``) first, so
the notes stay attached to their references instead of becoming a stray numbered list.

One failed address does not stop the others: each failure is collected as a Problem naming
the URL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import re
import socket
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from html import escape
from http.client import HTTPConnection, HTTPException, HTTPMessage, HTTPSConnection
from pathlib import Path
from typing import IO
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import (
    HTTPHandler,
    HTTPRedirectHandler,
    HTTPSHandler,
    OpenerDirector,
    Request,
    build_opener,
)

from lxml import html as lxml_html
from markdownify import MarkdownConverter

from ..errors import BookError, Diagnostics, Problem
from .base import SourceMeta
from .html import ExtractedPage, declared_charset, decode_page, extract_page, text_codec
from .notes import detach_notes, find_note_links
from .sanitize import html_to_tree

MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
USER_AGENT = "Mozilla/5.0 (compatible; compile-book article fetcher)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
OCTET_TYPES = ("application/octet-stream", "binary/octet-stream")
_CHUNK = 64 * 1024
Opener = OpenerDirector  # what downloads go through: urllib's, or one with a proxy's settings
# Characters of page text that Markdown would read as markup: '<', and '&' starting an entity.
_MARKUP_CHAR = re.compile(r"<|&(?=#?[A-Za-z0-9]+;)")


@dataclass(frozen=True)
class FetchedArticle:
    url: str
    path: Path
    title: str | None


@dataclass
class FetchResult:
    """What a fetch run did: files written, one problem per failed URL, and warnings."""

    fetched: list[FetchedArticle] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def raise_for_problems(self) -> None:
        if self.problems:
            raise BookError(self.problems)


def fetch_articles(
    urls: Iterable[str],
    into: Path,
    *,
    timeout: float = 20,
    max_bytes: int = DEFAULT_MAX_BYTES,
    opener: OpenerDirector | None = None,
) -> FetchResult:
    """Download each URL's article into ``into`` as ``SLUG.md``; never overwrite a file.

    ``timeout`` (seconds) limits the whole download of one page, however slowly the server
    sends it; ``max_bytes`` caps a page's size, checked while it streams in; ``opener`` replaces
    the default urllib opener (for a proxy with credentials, say).
    """
    try:
        into.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BookError(f"cannot create the folder: {exc.strerror or exc}", into) from exc
    opener = opener or default_opener()
    result = FetchResult()
    for url in urls:
        diagnostics = Diagnostics()
        try:
            result.fetched.append(
                _fetch_one(url.strip(), into, opener, timeout, max_bytes, diagnostics)
            )
        except BookError as exc:
            result.problems.extend(exc.problems)
        result.warnings.extend(diagnostics.warnings)
    return result


def default_opener() -> OpenerDirector:
    """urllib's opener (with the environment's proxy settings), redirects limited and checked."""
    return build_opener(_CheckedRedirects(), _TimedHTTPHandler(), _TimedHTTPSHandler())


def _fetch_one(
    url: str,
    into: Path,
    opener: OpenerDirector,
    timeout: float,
    max_bytes: int,
    diagnostics: Diagnostics,
) -> FetchedArticle:
    check_address(url)
    download = download_page(url, opener, timeout, max_bytes)
    charset = _checked_charsets(download, url, diagnostics)
    text = decode_page(download.data, url, diagnostics, charset)
    page = extract_page(text, url, base_url=download.url)
    if page.meta.url is None:
        page.meta.url = download.url
    stem = slugify(page.meta.title or "") or _slug_from_url(download.url) or "article"
    try:
        path = write_new_file(into, stem, article_markdown(page))
    except OSError as exc:
        raise BookError(f"cannot write the article: {exc.strerror or exc}", url) from exc
    return FetchedArticle(url=url, path=path, title=page.meta.title)


def check_address(url: str) -> None:
    """Refuse, as a problem naming the URL, any address that is not http(s)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "an address without http:// or https://"
        raise BookError(f"only http and https addresses can be fetched, not {shown}", url)


def _checked_charsets(download: Download, url: str, diagnostics: Diagnostics) -> str | None:
    """The server's charset if it names a text encoding; warn about any that does not.

    A page may declare ``rot13``, ``zlib`` or a name nobody defined, in the header or in its
    ``<meta>``; such a label is ignored (the page is decoded as UTF-8 or the detected
    encoding) so that one odd page neither crashes the run nor stops the URLs after it.
    """
    head = download.data[:4096].decode("ascii", "replace")
    for where, label in (("the server", download.charset), ("the page", declared_charset(head))):
        if label and not text_codec(label):
            diagnostics.warn(
                f"{where} declares the charset {label!r}, which is not a text encoding; "
                "decoded as UTF-8 or the detected encoding instead",
                url,
            )
    return download.charset if text_codec(download.charset) else None


# ---------------------------------------------------------------------------------------------
# Downloading


@dataclass(frozen=True)
class Download:
    data: bytes
    url: str  # after redirects
    charset: str | None
    content_type: str = ""


class _Refused(Exception):
    """A redirect we will not follow; its message is shown to the user."""


class _CheckedRedirects(HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, and only to http(s) addresses."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(  # type: ignore[override]
        self, req: Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage
    ) -> object:
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urljoin(req.full_url, location)
            scheme = urlsplit(target).scheme.lower()
            if scheme not in ("http", "https"):
                fp.close()
                raise _Refused(f"redirected to {target}, which is not an http(s) address")
            if len(getattr(req, "redirect_dict", {})) >= MAX_REDIRECTS:
                fp.close()
                raise _Refused(f"redirected more than {MAX_REDIRECTS} times")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def download_page(url: str, opener: OpenerDirector, timeout: float, max_bytes: int) -> Download:
    """One web page, within the time and size limits (see :func:`download`)."""
    return download(
        url,
        opener,
        timeout,
        max_bytes,
        accept="text/html,application/xhtml+xml;q=0.9",
        wanted=lambda content_type: content_type in HTML_TYPES,
        what="a web page",
        noun="the page",
    )


def download_image(url: str, opener: OpenerDirector, timeout: float, max_bytes: int) -> Download:
    """One picture, within the time and size limits (see :func:`download`).

    Some hosts (object stores, older CDNs) serve pictures as ``application/octet-stream``;
    those are taken too, since the image checks decide what the bytes are.
    """
    return download(
        url,
        opener,
        timeout,
        max_bytes,
        accept="image/*",
        wanted=lambda content_type: (
            content_type.startswith("image/") or content_type in OCTET_TYPES
        ),
        what="an image",
        noun="the image",
    )


def download(
    url: str,
    opener: OpenerDirector,
    timeout: float,
    max_bytes: int,
    *,
    accept: str,
    wanted: Callable[[str], bool],
    what: str,
    noun: str,
) -> Download:
    """Download ``url`` whole within ``timeout`` seconds and ``max_bytes``, or raise a
    BookError naming it. ``wanted`` says which content types are ``what`` was asked for;
    ``noun`` names the download in messages ("the page is larger than 10 MiB")."""
    request = Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    deadline = time.monotonic() + timeout
    watch = _Deadline()
    token = _CURRENT_DEADLINE.set(watch)
    timer = threading.Timer(timeout, watch.expire)
    timer.daemon = True
    timer.start()
    try:
        download = _read(url, request, opener, timeout, deadline, max_bytes, wanted, what, noun)
    except BookError:
        raise
    except Exception:
        if watch.expired:  # the watchdog cut the connection: whatever broke, it was time
            raise BookError(_timed_out(timeout), url) from None
        raise
    finally:
        timer.cancel()
        _CURRENT_DEADLINE.reset(token)
    if watch.expired:  # a cut connection reads as the end of the page: it is not
        raise BookError(_timed_out(timeout), url)
    return download


def _read(
    url: str,
    request: Request,
    opener: OpenerDirector,
    timeout: float,
    deadline: float,
    max_bytes: int,
    wanted: Callable[[str], bool],
    what: str,
    noun: str,
) -> Download:
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if not wanted(content_type):
                raise BookError(f"not {what} (the server sent {content_type})", url)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise BookError(_too_large(noun, max_bytes), url)
            chunks: list[bytes] = []
            total = 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise BookError(_timed_out(timeout), url)
                _limit_wait(response, remaining)
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise BookError(_too_large(noun, max_bytes), url)
                chunks.append(chunk)
            return Download(
                b"".join(chunks),
                response.geturl(),
                response.headers.get_content_charset(),
                content_type,
            )
    except HTTPError as exc:
        exc.close()
        raise BookError(f"the server answered {exc.code} {exc.reason}", url) from None
    except _Refused as exc:
        raise BookError(str(exc), url) from None
    except TimeoutError:
        raise BookError(_timed_out(timeout), url) from None
    except URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise BookError(_timed_out(timeout), url) from None
        raise BookError(f"cannot connect: {exc.reason}", url) from None
    except (HTTPException, OSError) as exc:
        current = _CURRENT_DEADLINE.get()
        if current is not None and current.expired:
            raise BookError(_timed_out(timeout), url) from None
        raise BookError(f"the download failed: {exc}", url) from None
    except ValueError as exc:  # urllib's answer to malformed addresses such as "http://"
        raise BookError(f"not a usable address: {exc}", url) from None


class _Deadline:
    """Cuts every connection of one download when its time is up.

    Socket timeouts bound each wait, not the whole: a server that sends its status line and
    headers one byte at a time (or a chain of slow redirects) would never trip them. A timer
    shutting the sockets down wakes whatever read is waiting, in the headers or the body.
    """

    def __init__(self) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._cut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._cut(sock)

    @staticmethod
    def _cut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


# The download the current thread is making; connections opened for it register with it.
_CURRENT_DEADLINE: ContextVar[_Deadline | None] = ContextVar("fetch_deadline", default=None)


def _register(sock: socket.socket | None) -> None:
    current = _CURRENT_DEADLINE.get()
    if current is not None and sock is not None:
        current.watch(sock)


class _TimedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _register(self.sock)


class _TimedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _register(self.sock)


class _TimedHTTPHandler(HTTPHandler):
    def http_open(self, req: Request) -> object:  # type: ignore[override]
        return self.do_open(_TimedHTTPConnection, req)


class _TimedHTTPSHandler(HTTPSHandler):
    def https_open(self, req: Request) -> object:  # type: ignore[override]
        return self.do_open(
            _TimedHTTPSConnection,
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


def _limit_wait(response: object, remaining: float) -> None:
    """Let the next socket wait last no longer than what is left of the download's time.

    The socket timeout urllib sets applies to each wait, so a server sending one byte every
    half second would never trip it; ``read1`` returns whatever has arrived, and shrinking
    the timeout to the time left keeps even a silent server within the overall limit.
    """
    raw = getattr(getattr(response, "fp", None), "raw", None)
    sock = getattr(raw, "_sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.settimeout(max(remaining, 0.001))


def _too_large(noun: str, max_bytes: int) -> str:
    return f"{noun} is larger than {max_bytes / (1024 * 1024):g} MiB; not downloaded"


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


# ---------------------------------------------------------------------------------------------
# Writing Markdown


def article_markdown(page: ExtractedPage) -> str:
    """Front matter plus the article body as Markdown."""
    return front_matter(page.meta) + "\n" + html_to_markdown(page.body)


def front_matter(meta: SourceMeta) -> str:
    """YAML front matter with the keys the Markdown reader understands.

    Strings are written as JSON strings, which are valid YAML double-quoted scalars: titles
    with colons, quotes or a leading "No." need no further thought.
    """
    lines = ["---"]
    fields: tuple[tuple[str, str | dt.date | None], ...] = (
        ("title", meta.title), ("author", meta.author), ("date", meta.date), ("url", meta.url),
    )  # fmt: skip
    for key, value in fields:
        if isinstance(value, dt.date):
            lines.append(f"{key}: {value.isoformat()}")
        elif value:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


class _Converter(MarkdownConverter):
    class Options(MarkdownConverter.DefaultOptions):
        heading_style = "atx"
        bullets = "-"
        sup_symbol = "<sup>"
        sub_symbol = "<sub>"
        escape_misc = False

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """Keep text that merely mentions markup as text.

        A page saying ``&lt;script&gt;`` holds the characters ``<script>``; written into
        Markdown as they are, they would become a real tag (and the build would remove it
        as a script). Python-Markdown has no backslash escape for ``<``, so an entity is
        written, and an ``&`` that would otherwise read as an entity is escaped too.
        """
        text = super().escape(text, parent_tags)
        return _MARKUP_CHAR.sub(lambda match: "&lt;" if match[0] == "<" else "&amp;", text)


def html_to_markdown(html: str) -> str:
    """Convert a sanitised article body to Markdown, footnotes included."""
    root = html_to_tree(html)
    notes = _take_footnotes(root)
    markdown = _convert(root)
    for label, note in notes:
        text = _convert(note)
        markdown += f"\n\n[^{label}]: " + "\n".join(
            ("    " + line if line.strip() else "") if index else line
            for index, line in enumerate(text.split("\n"))
        )
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def _convert(element: lxml_html.HtmlElement) -> str:
    inner = escape(element.text or "", quote=False) + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in element
    )
    return _Converter().convert(inner).strip()


def _take_footnotes(root: lxml_html.HtmlElement) -> list[tuple[str, lxml_html.HtmlElement]]:
    """Replace footnote references by ``[^label]`` text and detach the notes they point to.

    Notes are found as the book finds them (:func:`compiler.sources.notes.find_note_links`);
    each keeps its printed label when that is a valid, unused Markdown footnote label, so
    note 14 of a lecture stays ``[^14]`` for the editor.
    """
    links = find_note_links(root)
    labels: dict[lxml_html.HtmlElement, str] = {}
    taken: list[tuple[str, lxml_html.HtmlElement]] = []
    for first in detach_notes(links):
        label = first.label if first.label.isalnum() and first.label not in labels.values() else ""
        label = label or next(
            str(n) for n in itertools.count(len(labels) + 1) if str(n) not in labels.values()
        )
        labels[first.note] = label
        taken.append((label, first.note))
    for link in links:
        _replace_with_text(link.reference, f"[^{labels[link.note]}]")
    return taken


def _replace_with_text(element: lxml_html.HtmlElement, text: str) -> None:
    parent = element.getparent()
    if parent is None:
        return
    replacement = text + (element.tail or "")
    previous = element.getprevious()
    parent.remove(element)
    if previous is not None:
        previous.tail = (previous.tail or "") + replacement
    else:
        parent.text = (parent.text or "") + replacement


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lower-case, hyphenated, cut at a word boundary: ``might-belarus-become-...``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.lower()):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug


def _slug_from_url(url: str) -> str:
    parts = [part for part in urlsplit(url).path.split("/") if part]
    return slugify(unquote(parts[-1]).rsplit(".", 1)[0]) if parts else ""


def write_new_file(directory: Path, stem: str, text: str) -> Path:
    """Write ``STEM.md`` (or ``STEM-2.md``, ...) atomically, never replacing an existing file.

    The content goes to a temporary file first; it is then linked under the first free name,
    which fails rather than overwrites if another process took that name meanwhile.
    """
    fd, temporary = tempfile.mkstemp(prefix=f".{stem}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        for number in itertools.count(1):
            target = directory / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
            if _claim(temporary, target):
                return target
        raise AssertionError("unreachable")  # pragma: no cover
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _claim(temporary: str, target: Path) -> bool:
    try:
        os.link(temporary, target)
        return True
    except FileExistsError:
        return False
    except OSError:
        # File systems without hard links: reserve the name exclusively, then move over it.
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            return False
        os.replace(temporary, target)
        return True
