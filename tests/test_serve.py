"""``compile-book serve`` in a real headless browser: pages load, a saved change appears, a
warning leads to its page, a bad volume is shown and the last good book kept.

Runs where Chromium is installed (Debian's ``chromium``, or ``$CHROMIUM`` /
``$PUPPETEER_EXECUTABLE_PATH``); `.ci/run` installs it. Without it the test skips and says so.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from compiler.config.scaffold import new_volume
from compiler.runners.serve import Server, serve

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = next(
    (
        path
        for path in (
            os.environ.get("CHROMIUM"),
            os.environ.get("PUPPETEER_EXECUTABLE_PATH"),
            shutil.which("chromium"),
            shutil.which("chromium-browser"),
        )
        if path and Path(path).exists()
    ),
    None,
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")

# Chromium as root, offline: no sandbox, and none of its background connections.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIRST_BUILD_MS = 180_000  # a cold build on two busy cores
REBUILD_MS = 120_000


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    volume = new_volume(tmp_path / "federalist", title="The Federalist Papers", author="Publius")
    started: list[Server] = []
    ready = threading.Event()

    def on_ready(server: Server) -> None:
        started.append(server)
        ready.set()

    thread = threading.Thread(
        target=serve,
        kwargs={
            "volume": volume,
            "say": lambda line: None,
            "cache_dir": tmp_path / "cache",
            "jobs": 1,
            "ready": on_ready,
        },
        daemon=True,
    )
    thread.start()
    assert ready.wait(30), "the server did not start"
    try:
        yield started[0], volume
    finally:
        started[0].stopping.set()
        thread.join(30)


def _state(server: Server) -> dict:
    with urllib.request.urlopen(server.url + "state", timeout=10) as response:
        return json.load(response)


def test_pages_changes_warnings_and_a_bad_volume_in_the_browser(
    served: tuple[Server, Path],
) -> None:
    server, volume = served
    essay = volume.parent / "articles" / "federalist-51.md"
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url)

        # Pages load: the first spread's image is a real picture of the page.
        page.wait_for_selector('body[data-build="1"]', timeout=FIRST_BUILD_MS)
        first = page.locator("#page-1 img")
        first.scroll_into_view_if_needed()
        page.wait_for_function(
            "document.querySelector('#page-1 img').naturalWidth > 300", timeout=30_000
        )
        assert page.locator(".spread").count() >= 3
        assert page.locator("#contents .chapter").count() == 1
        source_before = first.get_attribute("src")

        # A saved change appears: a new sentence, and a picture that is not there (a warning).
        text = essay.read_text(encoding="utf-8")
        essay.write_text(
            text
            + "\nPublius closes with a word to the printer of this edition.\n"
            + "\n![The Federal Hall, New York](images/federal-hall.png)\n",
            encoding="utf-8",
        )
        page.wait_for_selector('body[data-build="2"]', timeout=REBUILD_MS)
        # Only changed pages get new addresses: the half-title page is fetched once.
        assert first.get_attribute("src") == source_before
        page.click('[data-view="ebook"]')
        page.select_option("#chapter", label=_chapter_title(server))
        frame = page.frame_locator("#reader")
        frame.locator("text=a word to the printer of this edition").wait_for(timeout=30_000)

        # A warning links to its page: the chapter's first page, now flagged.
        warning = page.locator(".problem", has_text="federal-hall.png")
        warning.wait_for(timeout=10_000)
        warning.locator("a").click()
        target = page.url.rsplit("#", 1)[1]
        assert target.startswith("page-")
        flagged = page.locator(f"#{target}")
        assert "flagged" in (flagged.get_attribute("class") or "")
        assert page.locator("#view-print").is_visible()
        box = flagged.bounding_box()
        assert box is not None and 0 <= box["y"] < 900

        # A bad key: the error is shown, the last good book stays.
        good = _state(server)["build"]
        volume.write_text(
            volume.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8"
        )
        page.wait_for_selector("#errors:not([hidden])", timeout=REBUILD_MS)
        assert "unknown key 'titel'" in page.inner_text("#errors")
        assert page.get_attribute("body", "data-build") == str(good)
        assert page.locator("#page-1 img").get_attribute("src") == source_before
        state = _state(server)
        assert state["build"] == good and state["errors"]

        # Fixed: the next build replaces the error.
        volume.write_text(
            volume.read_text(encoding="utf-8").replace("titel:", "title:", 1), encoding="utf-8"
        )
        page.wait_for_selector("#errors[hidden]", state="attached", timeout=REBUILD_MS)
        browser.close()


def _chapter_title(server: Server) -> str:
    chapters = _state(server)["chapters"]
    return next(c["title"] for c in chapters if "Structure of the Government" in c["title"])
