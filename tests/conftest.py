"""Shared fixtures: the example book is built once per test session and inspected by many."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check what comes out, never how fast: on a loaded two-core CI machine a
# per-example deadline only turns slowness into "flaky" failures. Speed lives in bench/.
settings.register_profile("compile-book", deadline=None)
settings.load_profile("compile-book")

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "books" / "power-and-music"
CORPUS = Path(__file__).resolve().parent / "corpus"


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A web server on 127.0.0.1 answering with ``handler``, by its base URL: the only
    address a test may fetch from."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def interior_pdf(document: str, css: str, designed: bool) -> bytes:
    """A PDF of ``document`` set with the interior's stylesheets and ``css`` (its pages), with
    the interior's corrections when ``designed`` (``line_breaks.limited``) or as WeasyPrint
    alone sets it: the tests compare the two, or read a page back, from one way of setting it."""
    from weasyprint import CSS, HTML

    from compiler.interior import line_breaks
    from compiler.interior.layout import _fonts, _stylesheets

    sheets = [*_stylesheets(), CSS(string=css, font_config=_fonts())]
    with line_breaks.limited() if designed else nullcontext():
        rendered = HTML(string=document).render(stylesheets=sheets, font_config=_fonts())
    return rendered.write_pdf()


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One build cache per test session (and per xdist worker), never the user's own.

    Set in the environment rather than passed to ``build()``, so the CLI, subprocesses and
    worker processes the tests start all use it too.
    """
    from compiler.machinery.cache import CACHE_ENV

    folder = tmp_path_factory.mktemp("compile-book-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        yield folder


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory):
    """The example volume, copied to a temporary folder and built in every format."""
    from compiler import build

    root = tmp_path_factory.mktemp("example") / "power-and-music"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    return build(root / "volume.yaml")


@pytest.fixture(scope="session")
def portrait(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A greyscale portrait as a JPEG, for covers' author photos and photo styles."""
    from PIL import Image

    path = tmp_path_factory.mktemp("portrait") / "portrait.jpg"
    Image.linear_gradient("L").resize((400, 500)).convert("RGB").save(path, quality=85)
    return path


@pytest.fixture
def make_volume(tmp_path: Path):
    """Write a small volume folder: ``make_volume(yaml_text, {"a.md": "..."})`` -> volume path."""

    def make(yaml_text: str, files: dict[str, str | bytes] | None = None) -> Path:
        for name, content in (files or {}).items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        volume = tmp_path / "volume.yaml"
        volume.write_text(yaml_text, encoding="utf-8")
        return volume

    return make


@pytest.fixture(scope="session", autouse=True)
def every_epub_is_validated(tmp_path_factory: pytest.TempPathFactory):
    """EPUBCheck every EPUB any test writes in this process, whatever the test checks itself.

    Each finished EPUB passes through ``epub.normalise_zip``; a copy of each distinct one is
    kept and all are validated once the session ends, two Java processes at a time, so a test
    that only looks at, say, a provenance line still cannot ship an invalid book.
    """
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    from checks import epubcheck_problems
    from compiler.epub import writer as epub_writer

    kept = tmp_path_factory.mktemp("epubs-written")
    original = epub_writer.normalise_zip

    def normalise_and_keep(path, when):
        original(path, when)
        data = Path(path).read_bytes()
        name = hashlib.sha256(data).hexdigest()[:20] + ".epub"
        (kept / name).write_bytes(data)

    patch = pytest.MonkeyPatch()
    patch.setattr(epub_writer, "normalise_zip", normalise_and_keep)
    yield
    patch.undo()
    books = sorted(kept.glob("*.epub"))
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(epubcheck_problems, books))
    pairs = zip(books, reports, strict=True)
    failures = {book.name: problems for book, problems in pairs if problems}
    assert not failures, f"EPUBCheck failed for {len(failures)} EPUB(s): {failures}"
