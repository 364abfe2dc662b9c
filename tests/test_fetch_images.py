"""``compile-book fetch --images``: a real WordPress export's pictures frozen, then built offline.

The export is the WordPress.com one of the real-world set (tests/realworld/SOURCES.md), taken
as it is: its posts name their pictures on ``blogueun.files.wordpress.com``. The tests never
reach that host: every request goes to a server on 127.0.0.1, which serves a picture for each
path (drawn here, in the format the address's extension names) and misbehaves on purpose for
a few paths.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import Request, build_opener

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from compiler import build
from compiler.book.articles import load_article
from compiler.book.fetch_images import fetch_images
from compiler.cli import main
from compiler.config import load_volume
from compiler.errors import BookError, Diagnostics
from compiler.sources.base import Article
from compiler.sources.frozen_images import MAPPING_NAME, load_frozen
from conftest import serving

TESTS = Path(__file__).resolve().parent
REALWORLD = TESTS / "realworld" / "wordpress-com"
EXPORT = "blogueun.wordpress.2014-06-16.xml"
POSTS = ("escaping-in-mathjax", "gnu-ddrescue-a-powerful-data-recovery-tool")
TRAIL = "http://blogueun.files.wordpress.com/2014/01/a64c1-trail.png?w=300"
CAPTIONS = ("Captured using", "Wrongly interpreted contents", "Correctly interpreted contents")


def drawn(suffix: str, path: str = "") -> bytes:
    """A small picture, of a colour that differs with its path (the book stores each once)."""
    shade = zlib.crc32(path.encode()) & 0xFFFFFF
    colour = (shade >> 16, (shade >> 8) & 0xFF, shade & 0xFF)
    out = io.BytesIO()
    kind = {".gif": "GIF", ".jpg": "JPEG"}.get(suffix, "PNG")
    Image.new("RGB", (64, 48), colour).save(out, kind)
    return out.getvalue()


class Handler(BaseHTTPRequestHandler):
    """``/HOST/PATH``: the picture the site at HOST serves at PATH."""

    requests: list[str] = []
    gone: set[str] = set()  # paths answered 404 for the test that needs it
    built_offline = False

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        Handler.requests.append(self.path)
        path = urlsplit(self.path).path
        if "/missing/" in path or path in Handler.gone:
            self.send_error(404, "Not Found")
        elif "/page/" in path:
            self.send(b"<html><body>Sign in</body></html>", "text/html")
        elif "/broken/" in path:
            self.send(drawn(".png")[:60], "image/png")
        elif path.endswith((".png", ".gif", ".jpg")):
            kind = {".png": "png", ".gif": "gif", ".jpg": "jpeg"}[path[-4:]]
            self.send(drawn(path[-4:], path), f"image/{kind}")
        else:
            self.send_error(404, "Not Found")

    def send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class LocalSites:
    """An opener that sends every request for ``http(s)://HOST/PATH`` to the local server."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.inner = build_opener()

    def open(self, request: Request, timeout: float) -> object:
        parts = urlsplit(request.full_url)
        local = f"{self.server}/{parts.netloc}{parts.path}" + (
            f"?{parts.query}" if parts.query else ""
        )
        return self.inner.open(Request(local, headers=dict(request.header_items())), None, timeout)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Handler) as url:
        yield url


def read_article(volume_file: Path) -> tuple[Article, Diagnostics]:
    """The volume's one article as the book gets it (no EPUB written)."""
    volume = load_volume(volume_file)
    diagnostics = Diagnostics()
    article, _ = load_article(volume.articles[0], volume, diagnostics)
    return article, diagnostics


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Talk to the loopback server directly even where the environment sets a proxy."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


def wordpress_book(folder: Path, posts: tuple[str, ...] = POSTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REALWORLD / EXPORT, folder / EXPORT)
    entries = "".join(f"  - {{wordpress: {EXPORT}, post: {post}}}\n" for post in posts)
    volume = folder / "volume.yaml"
    volume.write_text(
        "title: Notes from a Vim User\nauthor: Vincent Tam\nlanguage: en\n"
        f"date: 2026-11-01\ncontents:\n{entries}",
        encoding="utf-8",
    )
    return volume


@pytest.fixture(scope="module")
def frozen_book(server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    volume = wordpress_book(tmp_path_factory.mktemp("frozen") / "book")
    result = fetch_images(load_volume(volume), opener=LocalSites(server), timeout=10)
    return volume, result


@pytest.fixture(scope="module")
def frozen_build(frozen_book: tuple[Path, object], tmp_path_factory: pytest.TempPathFactory):
    volume, _ = frozen_book
    out = tmp_path_factory.mktemp("frozen-out")
    requests = len(Handler.requests)
    result = build(volume, out_dir=out, formats=["epub", "pdf"], use_cache=False)
    Handler.built_offline = len(Handler.requests) == requests
    return result


def test_every_picture_of_the_posts_is_saved_beside_the_export(frozen_book):
    volume, result = frozen_book
    assert result.problems == []
    assert len(result.fetched) == 3
    mapping = load_frozen(volume.parent)
    folder, _, name = mapping[TRAIL].rpartition("/")
    assert folder == "images/gnu-ddrescue-a-powerful-data-recovery-tool"
    assert name.startswith("a64c1-trail-") and name.endswith(".png")
    for url, file in mapping.items():
        assert url.startswith("http://blogueun.files.wordpress.com/2014/01/")
        assert (volume.parent / file).is_file()
        assert file.startswith(("images/escaping-in-mathjax/", "images/gnu-ddrescue"))
    # The export's attachment names the upload; the post shows a copy resized to 300 pixels.
    assert "/blogueun.files.wordpress.com/2014/01/a64c1-trail.png" in Handler.requests
    assert not [r for r in Handler.requests if r.endswith("a64c1-trail.png?w=300")]
    record = json.loads((volume.parent / MAPPING_NAME).read_text("utf-8"))
    assert list(record["images"]) == sorted(record["images"])


def test_the_frozen_book_builds_its_pictures_and_captions_offline(frozen_build):
    epub = frozen_build.outputs["epub"]  # validated by EPUBCheck at the end of the session
    with zipfile.ZipFile(epub) as book:
        pictures = [n for n in book.namelist() if "/images/" in n and "cover" not in n]
        text = " ".join(book.read(n).decode("utf-8") for n in book.namelist() if "/ch0" in n)
    assert len(pictures) == 3
    assert text.count("<img ") == 3
    for caption in CAPTIONS:
        assert caption in text
    assert not [w for w in frozen_build.warnings if "remote images" in w.message]
    assert Handler.built_offline  # the server saw no request while the book was built


def test_the_print_pdf_draws_the_frozen_pictures(frozen_build):
    reader = PdfReader(frozen_build.outputs["pdf"])
    drawn_pictures = {
        picture.data
        for page in reader.pages
        for picture in page.images
        if picture.image is not None and picture.image.size == (64, 48)
    }
    assert len(drawn_pictures) == 3


def test_a_second_run_fetches_only_what_is_missing(frozen_book, server):
    volume, _ = frozen_book
    mapping = load_frozen(volume.parent)
    (volume.parent / mapping[TRAIL]).unlink()
    before = len(Handler.requests)
    again = fetch_images(load_volume(volume), opener=LocalSites(server), timeout=10)
    assert [image.url for image in again.fetched] == [TRAIL]
    assert again.present == 2
    assert len(Handler.requests) == before + 1
    assert load_frozen(volume.parent) == mapping


def test_pictures_that_cannot_be_had_are_reported_and_the_rest_saved(server, tmp_path):
    volume = wordpress_book(tmp_path / "book", posts=("why-vim",))
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: Pictures from elsewhere\n---\n\nA paragraph before the pictures.\n\n"
        "![a](https://example.org/missing/gone.png)\n\n"
        "![b](https://example.org/page/sign-in.png)\n\n"
        "![c](https://example.org/broken/cut.png)\n\n"
        "![d](https://example.org/fine/kept.gif)\n\n"
        "![e](ftp://example.org/fine/other.png)\n",
        encoding="utf-8",
    )
    volume.write_text(volume.read_text("utf-8") + "  - post.md\n", "utf-8")
    shutil.move(post, volume.parent / "post.md")
    result = fetch_images(load_volume(volume), opener=LocalSites(server), timeout=10)
    reasons = {p.file: p.message for p in result.problems}
    assert reasons["https://example.org/missing/gone.png"].startswith(
        "the server answered 404 Not Found (an image of post.md)"
    )
    assert reasons["https://example.org/page/sign-in.png"].startswith(
        "not an image (the server sent text/html)"
    )
    assert "not a readable PNG image" in reasons["https://example.org/broken/cut.png"]
    assert [image.url for image in result.fetched] == ["https://example.org/fine/kept.gif"]
    saved = [p for p in (volume.parent / "images" / "post").iterdir()]
    assert [p.suffix for p in saved] == [".gif"]  # nothing left of the refused ones


def test_the_command_reports_and_exits_non_zero_only_when_nothing_could_be_done(
    server, tmp_path, monkeypatch
):
    volume = wordpress_book(tmp_path / "book", posts=("why-vim",))
    (volume.parent / "post.md").write_text(
        "---\ntitle: Gone\n---\n\nText.\n\n![a](https://example.org/missing/gone.png)\n", "utf-8"
    )
    volume.write_text(volume.read_text("utf-8") + "  - post.md\n", "utf-8")
    monkeypatch.setattr("compiler.sources.fetch.default_opener", lambda: LocalSites(server))
    monkeypatch.setattr("compiler.book.fetch_images.default_opener", lambda: LocalSites(server))
    failed = CliRunner().invoke(main, ["fetch", "--images", str(volume)])
    assert failed.exit_code == 2
    assert "not fetched: https://example.org/missing/gone.png: the server answered 404" in (
        failed.output
    )
    (volume.parent / "post.md").write_text(
        "---\ntitle: Kept\n---\n\nText.\n\n![a](https://example.org/fine/kept.png)\n"
        "![b](https://example.org/missing/gone.png)\n",
        "utf-8",
    )
    partly = CliRunner().invoke(main, ["fetch", "--images", str(volume.parent)])
    assert partly.exit_code == 0, partly.output
    assert "1 images downloaded, 0 already in the book folder, 1 could not be fetched" in (
        partly.output
    )


def test_the_command_refuses_urls_with_images_and_a_bad_volume(tmp_path):
    both = CliRunner().invoke(main, ["fetch", "--images", "a.yaml", "b.yaml"])
    assert both.exit_code == 2 and "--images takes one volume file" in both.output
    missing = CliRunner().invoke(main, ["fetch", "https://example.org/essay"])
    assert missing.exit_code == 2 and "--into" in missing.output
    (tmp_path / "volume.yaml").write_text("title: [unclosed\n", "utf-8")
    bad = CliRunner().invoke(main, ["fetch", "--images", str(tmp_path / "volume.yaml")])
    assert bad.exit_code == 2
    assert str(tmp_path / "volume.yaml") + ":2:1: invalid YAML" in bad.output


def test_a_record_pointing_outside_the_book_is_refused_at_build(tmp_path):
    volume = wordpress_book(tmp_path / "book", posts=(POSTS[1],))
    secret = tmp_path / "secret.png"
    secret.write_bytes(drawn(".png"))
    (volume.parent / MAPPING_NAME).write_text(
        json.dumps({"images": {TRAIL: "../secret.png"}}), "utf-8"
    )
    with pytest.raises(BookError, match="it lies outside the book folder"):
        build(volume, formats=["epub"], use_cache=False)


def test_a_malformed_record_is_a_located_error(tmp_path):
    volume = wordpress_book(tmp_path / "book", posts=("escaping-in-mathjax",))
    (volume.parent / MAPPING_NAME).write_text('{"images": {\n  "x": }\n', "utf-8")
    result = CliRunner().invoke(main, [str(volume), "--format", "epub", "--no-cache"])
    assert result.exit_code == 2
    assert f"{volume.parent / MAPPING_NAME}:2:" in result.output


def test_a_cached_build_sees_the_pictures_fetched_after_it(server, tmp_path):
    volume = wordpress_book(tmp_path / "book", posts=(POSTS[1],))
    cache = tmp_path / "cache"
    before = build(volume, formats=["epub"], cache_dir=cache)
    assert any("remote images are not fetched" in w.message for w in before.warnings)
    fetch_images(load_volume(volume), opener=LocalSites(server), timeout=10)
    after = build(volume, formats=["epub"], cache_dir=cache)
    assert not [w.message for w in after.warnings if "remote images" in w.message]
    [chapter] = after.book.chapters()
    assert chapter.body.count(' src="images/') == 1


def test_a_saved_page_s_lazy_and_srcset_pictures_are_fetched(server, tmp_path):
    corpus = TESTS / "corpus" / "federalist" / "federalist-51.md"
    text = corpus.read_text("utf-8").split("---", 2)[2]
    paragraphs = "".join(f"<p>{p}</p>" for p in text.strip().split("\n\n")[1:6])
    page = tmp_path / "book" / "pages" / "federalist-51.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        "<html><head><title>The Federalist No. 51</title></head><body><article>"
        f"{paragraphs}"
        '<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Madison" '
        'data-lazy-src="https://example.org/uploads/madison.png"></p>'
        '<p><img src="//example.org/uploads/capitol-300.png" alt="The Capitol" '
        'srcset="//example.org/uploads/capitol-300.png 300w, '
        "//example.org/uploads/capitol-1600.png 1600w, //example.org/uploads/capitol-4000.png "
        '4000w"></p></article></body></html>',
        "utf-8",
    )
    volume = tmp_path / "book" / "volume.yaml"
    volume.write_text(
        "title: Saved Pages\nauthor: James Madison\ncontents:\n  - pages/federalist-51.html\n",
        "utf-8",
    )
    result = fetch_images(load_volume(volume), opener=LocalSites(server), timeout=10)
    assert [image.url for image in result.fetched] == [
        "https://example.org/uploads/madison.png",
        "https://example.org/uploads/capitol-1600.png",
    ]
    assert {image.path.parent for image in result.fetched} == {
        page.parent / "images" / "federalist-51"
    }
    article, diagnostics = read_article(volume)
    assert article.body.count(' src="images/') == 2 and len(article.images) == 2
    assert not [w for w in diagnostics.warnings if "left out" in w.message]


def test_a_resized_copy_is_fetched_when_the_upload_cannot_be(server, tmp_path):
    export = (
        Path(__file__).resolve().parent / "fixtures" / "wxr" / "thesaker.wordpress.2020-09-05.xml"
    )
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(export, book / export.name)
    (book / "volume.yaml").write_text(
        "title: Belarus\nauthor: The Saker\ncontents:\n"
        f"  - {{wordpress: {export.name}, post: might-belarus-become-the-next-syria}}\n",
        "utf-8",
    )
    Handler.gone.add("/thesaker.is/wp-content/uploads/2020/08/lukashenko-son.jpg")
    try:
        result = fetch_images(load_volume(book / "volume.yaml"), opener=LocalSites(server))
    finally:
        Handler.gone.clear()
    [image] = result.fetched
    assert image.url == "https://thesaker.is/wp-content/uploads/2020/08/lukashenko-son-1024x576.jpg"
    assert image.path.name.startswith("lukashenko-son-1024x576-")
    assert image.path.suffix == ".jpg"
    article, _ = read_article(book / "volume.yaml")
    assert article.body.count(' src="images/') == 1
    assert "Lukashenko and son" in article.body  # the [caption] went with its picture


def test_nothing_is_written_through_a_symlink_leading_out_of_the_book(server, tmp_path):
    volume = wordpress_book(tmp_path / "book", posts=(POSTS[1],))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (volume.parent / "images").symlink_to(elsewhere)
    result = fetch_images(load_volume(volume), opener=LocalSites(server), timeout=10)
    [problem] = result.problems
    assert problem.file == TRAIL and "leads outside the book folder" in problem.message
    assert list(elsewhere.iterdir()) == []
    assert not (volume.parent / MAPPING_NAME).exists()
