"""``compile-book serve``: the book in the browser, rebuilt on every save.

An editor assembling a volume spends days in one loop: change an essay, look at how it sets,
change it again. ``--watch`` rebuilds in seconds but shows nothing; this shows the print
edition as spreads (the real PDF's pages, rendered on request at screen resolution), the
EPUB's chapters in its own XHTML and CSS, the contents with page numbers, every warning and
preflight finding linked to its page, and the cleanup report of each essay.

It is the standard library's threaded HTTP server on 127.0.0.1 and server-sent events, with
one static page and one script shipped in ``serve_app/`` (no front-end build step). Builds
are ordinary builds through the cache, run by the same loop as ``--watch``; a build that
fails keeps the last good book on the page and shows why it failed. Only the pages whose
content changed get new image addresses, so the browser fetches those alone and the reader
keeps their place.
"""

from __future__ import annotations

import hashlib
import io
import json
import mimetypes
import posixpath
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree
from pypdf import PdfReader

from ..cleanup import format_report
from ..errors import BookError, Problem
from ..interior.proof import notes_by_page
from ..machinery.styles import styles_dir
from ..pipeline import BuildResult, build
from .watch import describe, watch

APP = Path(__file__).resolve().parent / "serve_app"
PAGE_DPI = 110  # sharp on an ordinary screen, light enough to render on demand
HEARTBEAT_S = 15.0
OPF = "{http://www.idpf.org/2007/opf}"


@dataclass
class Snapshot:
    """One finished build as the page shows it; replaced whole, never edited in place."""

    number: int
    pdf: bytes
    epub: bytes
    state: dict[str, Any]


@dataclass
class ServeState:
    """What the server knows: the last good build, and the last attempt's outcome."""

    volume: Path
    good: Snapshot | None = None
    attempt: int = 0
    errors: list[str] = field(default_factory=list)
    message: str = "building…"
    changed: threading.Condition = field(default_factory=threading.Condition)
    _pages: dict[tuple[int, int], bytes] = field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        """The JSON the page polls and receives: the good build plus the attempt's news."""
        out = dict(self.good.state) if self.good is not None else {"pages": [], "build": 0}
        out.update(attempt=self.attempt, errors=self.errors, message=self.message)
        return out

    def publish(self, snapshot: Snapshot | None, errors: list[str], message: str) -> None:
        with self.changed:
            self.attempt += 1
            if snapshot is not None:
                self.good = snapshot
                self._pages.clear()
            self.errors, self.message = errors, message
            self.changed.notify_all()

    def page_png(self, number: int) -> bytes | None:
        """Page ``number`` (1-based) of the good build as PNG, rendered once per build."""
        good = self.good
        if good is None or not 1 <= number <= len(good.state["pages"]):
            return None
        key = (good.number, number)
        if key not in self._pages:
            import pypdfium2 as pdfium

            document = pdfium.PdfDocument(good.pdf)
            try:
                image = document[number - 1].render(scale=PAGE_DPI / 72).to_pil()
            finally:
                document.close()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=False)
            self._pages[key] = buffer.getvalue()
        return self._pages[key]


def snapshot(number: int, result: BuildResult) -> Snapshot:
    """Everything the page shows about one build, read back from its outputs."""
    pdf_path, epub_path = result.outputs["pdf"], result.outputs["epub"]
    pdf, epub = pdf_path.read_bytes(), epub_path.read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    labels = list(reader.page_labels)
    # A page's address changes only when its drawing does: the browser refetches just those.
    keys = [_page_key(page) for page in reader.pages]
    anchors = result.print_result.anchors if result.print_result is not None else {}
    notes = notes_by_page(
        len(keys),
        result.book,
        anchors,
        result.warnings,
        [(f"{f.code}: {f.message}", f.pages) for f in result.findings],
        pdf_path,
    )
    problems = [{"page": page, "text": text} for page in sorted(notes) for text in notes[page]]
    contents = []
    for entry in result.book.contents:
        chapters = getattr(entry, "chapters", None)
        if chapters is not None:
            contents.append({"title": entry.title, "page": anchors.get(entry.id), "part": True})
        for chapter in chapters if chapters is not None else [entry]:
            contents.append(
                {
                    "title": chapter.title,
                    "author": chapter.author,
                    "page": anchors.get(chapter.id),
                    "chapter": chapter.id,
                }
            )
    reports = [
        {"essay": name, "text": format_report([(name, report)])}
        for name, report in result.reports
        if report.changes or report.warnings
    ]
    state = {
        "build": number,
        "title": result.book.meta.title,
        "pages": [{"key": key, "label": label} for key, label in zip(keys, labels, strict=True)],
        "contents": contents,
        "problems": problems,
        "notes": [str(note) for note in result.notes],
        "reports": reports,
        "chapters": _spine(epub),
    }
    return Snapshot(number=number, pdf=pdf, epub=epub, state=state)


def _page_key(page: Any) -> str:
    data = page.get_contents()
    raw = data.get_data() if data is not None else b""
    return hashlib.sha256(
        raw + repr(sorted(page.get("/Resources", {}).keys())).encode()
    ).hexdigest()[:16]


def _spine(epub: bytes) -> list[dict[str, str]]:
    """The EPUB's reading order: each XHTML document and its title, as a reader lists them."""
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(archive.read(opf_path))
        base = posixpath.dirname(opf_path)
        manifest = {item.get("id"): item.get("href") for item in opf.iter(f"{OPF}item")}
        out = []
        for itemref in opf.iter(f"{OPF}itemref"):
            href = posixpath.join(base, manifest[itemref.get("idref")])
            document = etree.fromstring(archive.read(href))
            title = document.findtext(".//{*}title") or posixpath.basename(href)
            out.append({"href": href, "title": title.strip()})
        return out


class Server(ThreadingHTTPServer):
    """The HTTP server; ``state`` is shared with the build loop."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, state: ServeState) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.state = state
        self.stopping = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        path = unquote(urlsplit(self.path).path)
        state = self.server.state
        if path in ("/", "/index.html"):
            self._file(APP / "index.html")
        elif path == "/app.js":
            self._file(APP / "app.js")
        elif path == "/serve.css":
            self._file(styles_dir() / "serve.css")
        elif path == "/state":
            self._send(json.dumps(state.public()).encode(), "application/json")
        elif path == "/events":
            self._events()
        elif path.startswith("/page/") and path.endswith(".png"):
            number = path[len("/page/") : -len(".png")]
            png = state.page_png(int(number)) if number.isdigit() else None
            if png is None:
                self.send_error(HTTPStatus.NOT_FOUND)
            else:
                self._send(png, "image/png", cache=True)
        elif path.startswith("/epub/"):
            self._epub_member(path[len("/epub/") :])
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _epub_member(self, name: str) -> None:
        good = self.server.state.good
        if good is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        with zipfile.ZipFile(io.BytesIO(good.epub)) as archive:
            if name not in archive.namelist() or name.endswith("/"):
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            data = archive.read(name)
        kind = "application/xhtml+xml" if name.endswith(".xhtml") else None
        self._send(data, kind or mimetypes.guess_type(name)[0] or "application/octet-stream")

    def _events(self) -> None:
        """Server-sent events: one ``build`` event per finished attempt, heartbeats between."""
        state = self.server.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while not self.server.stopping.is_set():
                with state.changed:
                    if state.attempt == seen:
                        state.changed.wait(HEARTBEAT_S)
                    attempt = state.attempt
                if attempt != seen:
                    seen = attempt
                    self.wfile.write(f"event: build\ndata: {attempt}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _file(self, path: Path) -> None:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._send(path.read_bytes(), kind + ("; charset=utf-8" if kind.startswith("text") else ""))

    def _send(self, data: bytes, kind: str, cache: bool = False) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        # Page images are addressed by their content key, so they may be kept; nothing else.
        self.send_header("Cache-Control", "max-age=86400, immutable" if cache else "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def serve(
    volume: Path,
    port: int = 0,
    say: Callable[[str], None] = print,
    out_dir: Path | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    ready: Callable[[Server], None] = lambda server: None,
) -> None:
    """Serve ``volume`` until interrupted (or until ``server.stopping`` is set by ``ready``'s
    caller): the HTTP server on a thread, the build loop on this one."""
    state = ServeState(volume=volume)
    server = Server(port, state)
    thread = threading.Thread(target=server.serve_forever, name="serve", daemon=True)
    thread.start()
    counter = 0

    def build_once() -> BuildResult:
        nonlocal counter
        started = time.perf_counter()
        try:
            result = build(
                volume,
                out_dir,
                formats=("epub", "pdf"),
                jobs=jobs,
                cache_dir=cache_dir,
                single_pass=False,
            )
        except BookError as exc:
            state.publish(None, [str(p) for p in exc.problems], "not rebuilt: see the problems")
            raise
        except Exception as exc:  # a failed build keeps the last good pages on the screen
            state.publish(None, [f"internal error: {exc}"], "not rebuilt")
            raise BookError(Problem(f"internal error while building: {exc}", volume)) from exc
        counter += 1
        state.publish(
            snapshot(counter, result), [], describe(result, time.perf_counter() - started)
        )
        return result

    ready(server)
    try:
        watch(volume, build_once, say, out_dir, stop=server.stopping.is_set)
    finally:
        server.stopping.set()
        with state.changed:
            state.changed.notify_all()
        server.shutdown()
        server.server_close()
