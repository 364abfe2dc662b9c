"""Fetching articles over HTTP, against a real server on the loopback interface."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from compiler.errors import BookError
from compiler.sources.fetch import (
    MAX_REDIRECTS,
    FetchResult,
    fetch_articles,
    html_to_markdown,
    slugify,
)
from conftest import serving

FIXTURES = Path(__file__).parent / "fixtures" / "html"
SAKER = (FIXTURES / "might-belarus-become-the-next-syria.html").read_bytes()
MACDOWELL = (FIXTURES / "the-mystery-and-miracle-play.html").read_bytes()  # Windows-1252
APP_SHELL = (FIXTURES / "saved-before-content-loaded.html").read_bytes()
PLAIN = (
    b"<html><head><title>The Federalist No. 51</title></head><body><article>"
    b"<p>If men were angels, no government would be necessary. If angels were to govern men, "
    b"neither external nor internal controls on government would be necessary.</p>"
    b"</article></body></html>"
)
RUSSIAN = (
    "<html><head><title>Может ли Беларусь стать следующей Сирией?</title></head><body><article>"
    "<p>Ладно, признаю, заголовок скорее гиперболичен. Но вот что я пытаюсь сказать: "
    "есть признаки того, что Россия вмешивается в белорусский кризис (наконец-то!)</p>"
    "</article></body></html>"
).encode()
ESCAPED = (
    b"<html><head><title>Keeping scripts out of saved pages</title></head><body><article>"
    b"<p>A page that shows code must escape it: the text &lt;script&gt;alert(1)&lt;/script&gt; "
    b"is what the reader sees, and &amp;copy; stays five characters, not a copyright sign.</p>"
    b"<p>If men were angels, no government would be necessary. If angels were to govern men, "
    b"neither external nor internal controls on government would be necessary.</p>"
    b"</article></body></html>"
)
ODD_CHARSETS = ["rot13", "hex", "zlib", "x-foo", "undefined"]
SLOW_SECONDS = 1.0
DRIP_BYTES = 20  # one every DRIP_INTERVAL: ten seconds for the whole page
DRIP_INTERVAL = 0.5


class Handler(BaseHTTPRequestHandler):
    """The pages and misbehaviours the tests need, by path."""

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        path = self.path
        try:
            if path == "/might-belarus-become-the-next-syria/":
                self.send_page(SAKER, "text/html; charset=UTF-8")
            elif path == "/lectures/mystery-declared.html":
                self.send_page(MACDOWELL, "text/html; charset=windows-1252")
            elif path == "/lectures/mystery.html":
                self.send_page(MACDOWELL, "text/html")
            elif path == "/federalist-51":
                self.send_page(PLAIN, "text/html")
            elif path == "/ru/belarus-syria.html":
                self.send_page(RUSSIAN, "text/html; charset=utf-8")
            elif path == "/app":
                self.send_page(APP_SHELL, "text/html")
            elif path == "/cover.png":
                self.send_page(b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
            elif path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(64):
                    self.wfile.write(b"<p>" + b"Lukashenko " * 3000 + b"</p>\n")
            elif path == "/huge-declared":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(50 * 1024 * 1024))
                self.end_headers()
                self.wfile.write(b"<p>")
            elif path.startswith("/charset/header/"):
                name = path.rsplit("/", 1)[1]
                self.send_page(MACDOWELL, f"text/html; charset={name}")
            elif path.startswith("/charset/meta/"):
                name = path.rsplit("/", 1)[1].encode()
                page = MACDOWELL.replace(b"<head>", b'<head><meta charset="' + name + b'">', 1)
                self.send_page(page, "text/html")
            elif path == "/escaped":
                self.send_page(ESCAPED, "text/html; charset=utf-8")
            elif path == "/drip":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(DRIP_BYTES))
                self.end_headers()
                for byte in PLAIN[:DRIP_BYTES]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(DRIP_INTERVAL)
            elif path == "/drip-headers":
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Padding: 1\r\n" * 50
                for byte in head:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(DRIP_INTERVAL)
            elif path == "/slow":
                time.sleep(SLOW_SECONDS)
                self.send_page(PLAIN, "text/html")
            elif path.startswith("/hop/"):
                remaining = int(path.rsplit("/", 1)[1])  # redirects still to make
                self.redirect(f"/hop/{remaining - 1}" if remaining > 1 else "/federalist-51")
            elif path == "/moved":
                self.redirect("/might-belarus-become-the-next-syria/", code=301)
            elif path == "/to-ftp":
                self.redirect("ftp://127.0.0.1/pub/essay.html")
            elif path == "/to-file":
                self.redirect("file:///etc/passwd")
            else:
                self.send_error(404, "Not Found")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (size cap, timeout), as the test intends

    def send_page(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, code: int = 302) -> None:
        self.send_response(code)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Handler) as url:
        yield url


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Talk to the loopback server directly even where the environment sets a proxy."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


def front_matter_and_body(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    block, body = text[4:].split("\n---\n", 1)
    return dict(YAML(typ="safe").load(block)), body


def problem_for(result: FetchResult, url: str) -> str:
    [problem] = [p for p in result.problems if p.file == url]
    return problem.message


# --- successful fetches -------------------------------------------------------------------------


def test_fetches_an_article_into_markdown_with_front_matter(server, tmp_path):
    url = f"{server}/might-belarus-become-the-next-syria/"
    result = fetch_articles([url], tmp_path / "articles", timeout=5)
    assert result.ok and result.warnings == []
    [fetched] = result.fetched
    assert fetched.path == tmp_path / "articles" / "might-belarus-become-the-next-syria.md"
    meta, body = front_matter_and_body(fetched.path)
    assert meta == {
        "title": "Might Belarus become the next Syria?",
        "author": "The Saker",
        "date": dt.date(2020, 8, 31),
        "url": "https://thesaker.is/might-belarus-become-the-next-syria/",  # canonical
    }
    assert body.lstrip().startswith("Okay, I admit it, the title is rather hyperbolic :-).")
    assert "**on Sunday there were large anti-Lukashenko demonstrations" in body
    assert "### **So will Belarus become the next Syria?**" in body
    assert "\n1. Some nutcase on either side" in body
    assert "\n- Last week Lukashenko **said**" in body
    assert (
        "[some Russian analysts who say that Makei is not really the problem](https://vz.ru/"
        in body
    )
    for junk in ("Share this", "Leave a Reply", "Recent Posts", "Related", "javascript:",
                 "Subscribe to our newsletter", "<iframe", "Anonymous"):  # fmt: skip
        assert junk not in body, junk


def test_footnotes_become_markdown_footnotes_and_declared_charset_is_used(server, tmp_path):
    result = fetch_articles([f"{server}/lectures/mystery-declared.html"], tmp_path, timeout=5)
    assert result.ok and result.warnings == []
    meta, body = front_matter_and_body(result.fetched[0].path)
    assert meta["title"] == "The Mystery and Miracle Play"
    assert meta["author"] == "Edward MacDowell"
    assert "the official Latin,[^14] these Miracle and Passion Plays" in body
    assert body.rstrip().endswith("the first half of the eighteenth century.")
    assert "\n[^14]: It is interesting to note as to the prevalence of Latin" in body
    assert "\u21a9" not in body  # the back-link went with the note list
    assert "\u201ctreble\u201d and \u201cdiscant.\u201d" in body


def test_undeclared_windows_1252_page_is_decoded_with_a_warning(server, tmp_path):
    url = f"{server}/lectures/mystery.html"
    result = fetch_articles([url], tmp_path, timeout=5)
    assert result.ok
    [warning] = result.warnings
    assert warning.file == url and "cp1252" in warning.message
    assert "Palestrina\u2019s time" in result.fetched[0].path.read_text(encoding="utf-8")


def test_redirects_are_followed_and_the_final_url_recorded(server, tmp_path):
    result = fetch_articles([f"{server}/hop/{MAX_REDIRECTS}"], tmp_path, timeout=5)
    assert result.ok
    meta, body = front_matter_and_body(result.fetched[0].path)
    assert meta["title"] == "The Federalist No. 51"
    assert meta["url"] == f"{server}/federalist-51"  # no canonical link: where the page was
    assert "If men were angels" in body


def test_an_existing_file_is_never_overwritten(server, tmp_path):
    url = f"{server}/might-belarus-become-the-next-syria/"
    existing = tmp_path / "might-belarus-become-the-next-syria.md"
    existing.write_text("the editor's corrected copy\n", encoding="utf-8")
    result = fetch_articles([url, f"{server}/moved"], tmp_path, timeout=5)
    assert result.ok
    assert [f.path.name for f in result.fetched] == [
        "might-belarus-become-the-next-syria-2.md",
        "might-belarus-become-the-next-syria-3.md",
    ]
    assert existing.read_text(encoding="utf-8") == "the editor's corrected copy\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "might-belarus-become-the-next-syria-2.md",
        "might-belarus-become-the-next-syria-3.md",
        "might-belarus-become-the-next-syria.md",
    ]  # and no temporary files left behind


def test_title_without_latin_letters_is_named_after_the_url(server, tmp_path):
    result = fetch_articles([f"{server}/ru/belarus-syria.html"], tmp_path, timeout=5)
    assert result.ok
    [fetched] = result.fetched
    assert fetched.path.name == "belarus-syria.md"
    meta, body = front_matter_and_body(fetched.path)
    assert meta["title"] == "Может ли Беларусь стать следующей Сирией?"
    assert "наконец-то!" in body


# --- failures -----------------------------------------------------------------------------------


def test_failures_are_collected_per_url_and_the_others_continue(server, tmp_path):
    good = f"{server}/federalist-51"
    urls = {
        "missing": f"{server}/no-such-essay",
        "image": f"{server}/cover.png",
        "app": f"{server}/app",
        "ftp": "ftp://127.0.0.1/pub/essay.html",
        "file": "file:///etc/passwd",
        "bare": "thesaker.is/might-belarus-become-the-next-syria/",
        "refused": "http://127.0.0.1:9/",
    }
    result = fetch_articles([urls["missing"], good, *list(urls.values())[1:]], tmp_path, timeout=5)
    assert [f.url for f in result.fetched] == [good]
    assert len(result.problems) == len(urls)
    assert problem_for(result, urls["missing"]) == "the server answered 404 Not Found"
    assert problem_for(result, urls["image"]) == "not a web page (the server sent image/png)"
    assert "no article text" in problem_for(result, urls["app"])
    assert (
        problem_for(result, urls["ftp"]) == "only http and https addresses can be fetched, not ftp:"
    )
    assert problem_for(result, urls["file"]) == (
        "only http and https addresses can be fetched, not file:"
    )
    assert "without http:// or https://" in problem_for(result, urls["bare"])
    assert problem_for(result, urls["refused"]).startswith("cannot connect:")
    with pytest.raises(BookError) as caught:
        result.raise_for_problems()
    assert len(caught.value.problems) == len(urls)


def test_slow_server_times_out(server, tmp_path):
    url = f"{server}/slow"
    started = time.monotonic()
    result = fetch_articles([url], tmp_path, timeout=0.2)
    assert time.monotonic() - started < SLOW_SECONDS
    assert problem_for(result, url) == "timed out after 0.2 s"
    assert list(tmp_path.iterdir()) == []


def test_timeout_covers_the_whole_download_not_each_read(server, tmp_path):
    """A server dripping a byte every half second never lets one read wait long."""
    url = f"{server}/drip"
    started = time.monotonic()
    result = fetch_articles([url, f"{server}/federalist-51"], tmp_path, timeout=1.5)
    elapsed = time.monotonic() - started
    assert elapsed < 1.5 + 2 * DRIP_INTERVAL
    assert problem_for(result, url) == "timed out after 1.5 s"
    assert [f.url for f in result.fetched] == [f"{server}/federalist-51"]


def test_timeout_covers_headers_sent_slowly(server, tmp_path):
    """A server that answers its status line and headers a byte at a time is cut off too."""
    url = f"{server}/drip-headers"
    started = time.monotonic()
    result = fetch_articles([url, f"{server}/federalist-51"], tmp_path, timeout=1.5)
    elapsed = time.monotonic() - started
    assert elapsed < 1.5 + 2 * DRIP_INTERVAL + 1
    assert problem_for(result, url) == "timed out after 1.5 s"
    assert [f.url for f in result.fetched] == [f"{server}/federalist-51"]


@pytest.mark.parametrize("where", ["header", "meta"])
def test_odd_charsets_are_ignored_with_a_warning_and_the_next_url_is_fetched(
    server, tmp_path, where
):
    urls = [f"{server}/charset/{where}/{name}" for name in ODD_CHARSETS]
    result = fetch_articles([*urls, f"{server}/federalist-51"], tmp_path, timeout=5)
    assert result.ok
    assert [f.url for f in result.fetched] == [*urls, f"{server}/federalist-51"]
    for url, name in zip(urls, ODD_CHARSETS, strict=True):
        messages = [w.message for w in result.warnings if w.file == url]
        assert any(f"charset '{name}', which is not a text encoding" in m for m in messages)
    for fetched in result.fetched[:-1]:
        assert "Palestrina\u2019s time" in fetched.path.read_text(encoding="utf-8")


def test_fetch_command_survives_an_odd_charset(server, tmp_path):
    from click.testing import CliRunner

    from compiler.cli import main

    odd = f"{server}/charset/header/rot13"
    good = f"{server}/federalist-51"
    result = CliRunner().invoke(main, ["fetch", odd, good, "--into", str(tmp_path / "in")])
    assert result.exit_code == 0  # a warning, like any other page decoded by guesswork
    assert "Traceback" not in result.output
    assert odd in result.output and "rot13" in result.output
    assert len(list((tmp_path / "in").glob("*.md"))) == 2


def test_escaped_markup_in_page_text_stays_text(server, tmp_path):
    from compiler.errors import Diagnostics
    from compiler.sources.markdown import read_markdown

    result = fetch_articles([f"{server}/escaped"], tmp_path, timeout=5)
    [fetched] = result.fetched
    markdown = fetched.path.read_text(encoding="utf-8")
    assert "<script" not in markdown
    diagnostics = Diagnostics()
    article = read_markdown(fetched.path, diagnostics)
    assert article.root.xpath("//script") == []
    text = article.root.text_content()
    assert "the text <script>alert(1)</script> is what the reader sees" in text
    assert "&copy; stays five characters" in text
    assert diagnostics.warnings == []


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_too_large_response_is_refused(server, tmp_path, path):
    url = f"{server}{path}"
    result = fetch_articles([url], tmp_path, timeout=5, max_bytes=1024 * 1024)
    assert problem_for(result, url) == "the page is larger than 1 MiB; not downloaded"
    assert list(tmp_path.iterdir()) == []


def test_too_many_redirects(server, tmp_path):
    url = f"{server}/hop/{MAX_REDIRECTS + 1}"
    result = fetch_articles([url], tmp_path, timeout=5)
    assert problem_for(result, url) == f"redirected more than {MAX_REDIRECTS} times"


@pytest.mark.parametrize(
    ("path", "target"),
    [("/to-ftp", "ftp://127.0.0.1/pub/essay.html"), ("/to-file", "file:///etc/passwd")],
)
def test_redirect_to_another_scheme_is_refused(server, tmp_path, path, target):
    url = f"{server}{path}"
    result = fetch_articles([url], tmp_path, timeout=5)
    assert problem_for(result, url) == f"redirected to {target}, which is not an http(s) address"


# --- conversion helpers -------------------------------------------------------------------------


def test_html_to_markdown_footnote_forms():
    markdown = html_to_markdown(
        '<p>Ambition must be made to counteract ambition.<sup id="fnref:1">'
        '<a class="footnote-ref" href="#fn:1">1</a></sup> The interest of the man<a href="#n2">'
        '[2]</a>.</p><p>Again<sup><a href="#n2">2</a></sup>.</p>'
        '<div class="footnote"><hr><ol><li id="fn:1"><p>Madison, 1788.</p><p>Second paragraph.'
        ' <a class="footnote-backref" href="#fnref:1">\u21a9</a></p></li>'
        '<li><span id="n2"></span>See No. 10.</li></ol></div>'
    )
    assert markdown == (
        "Ambition must be made to counteract ambition.[^1] The interest of the man[^2].\n\n"
        "Again[^2].\n\n"
        "[^1]: Madison, 1788.\n\n    Second paragraph.\n\n"
        "[^2]: See No. 10.\n"
    )


def test_in_page_links_that_are_not_notes_stay_links():
    markdown = html_to_markdown('<p><a href="#part-two">Part two</a></p><h2 id="part-two">Two</h2>')
    assert markdown == "[Part two](#part-two)\n\n## Two\n"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Might Belarus become the next Syria?", "might-belarus-become-the-next-syria"),
        ("No. 51: The Same Subject Continued", "no-51-the-same-subject-continued"),
        ("Lukashenko\u2019s \u201cAllende\u201d moment \u2013 caf\u00e9 talk",
         "lukashenkos-allende-moment-cafe-talk"),
        ("Может ли Беларусь стать следующей Сирией?", ""),  # no Latin letters: URL slug used
        ("word " * 40, "-".join(["word"] * 16)),
    ],
)  # fmt: skip
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_only_the_fetch_module_touches_the_network():
    """Builds must never download: network code lives in compiler/sources/fetch.py alone."""
    network = re.compile(
        r"\burlopen\b|build_opener|OpenerDirector|http\.client|^\s*import socket|"
        r"^\s*(?:import|from) (?:requests|httpx|urllib3|aiohttp)\b",
        re.MULTILINE,
    )
    source = Path(__file__).parents[1] / "src" / "compiler"
    offenders = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if path.name != "fetch.py" and network.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_fetch_command_writes_files_and_exits_2_on_a_failed_url(server, tmp_path):
    from click.testing import CliRunner

    from compiler.cli import main

    good = f"{server}/might-belarus-become-the-next-syria/"
    bad = f"{server}/no-such-page"
    result = CliRunner().invoke(main, ["fetch", good, bad, "--into", str(tmp_path / "in")])
    assert result.exit_code == 2
    assert (tmp_path / "in" / "might-belarus-become-the-next-syria.md").is_file()
    assert bad in result.output and "Traceback" not in result.output
