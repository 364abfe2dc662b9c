"""calibre turns our EPUBs into Kindle's AZW3 without a single warning.

``ebook-convert`` (Debian's ``calibre``) is the nearest thing to Kindle's own ingestion that
runs here: what it warns about (a missing file, markup it cannot place) is what a store's
pipeline stumbles on. calibre is far too large to install in CI, so these tests run where
``ebook-convert`` is on PATH and skip elsewhere.

calibre prints warnings and errors on the same stream as its progress lines, told apart
only by colour; ``CALIBRE_FORCE_ANSI`` keeps the colours on a pipe, so a warning is any text
printed in yellow or red.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EBOOK_CONVERT = shutil.which("ebook-convert")

pytestmark = pytest.mark.skipif(
    EBOOK_CONVERT is None,
    reason="calibre's ebook-convert is not installed (apt-get install calibre)",
)

# Yellow (33) is calibre's warning colour, red (31) its error colour.
WARNING = re.compile(r"\x1b\[(?:\d+;)*3[13]m(.*?)(?=\x1b\[|\Z)", re.DOTALL)


def convert(epub: Path) -> list[str]:
    """Run ``ebook-convert EPUB AZW3``; the warnings and errors it printed, one per entry."""
    assert EBOOK_CONVERT is not None
    azw3 = epub.with_suffix(".azw3")
    done = subprocess.run(
        [EBOOK_CONVERT, str(epub), str(azw3)],
        env={**os.environ, "CALIBRE_FORCE_ANSI": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert azw3.stat().st_size > 0
    return [text.strip() for text in WARNING.findall(output) if text.strip()]


@pytest.fixture(scope="module")
def example_epubs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example book's EPUB, built once for this module."""
    from compiler import build

    built = {}
    for book in ("power-and-music", "the-executive"):
        root = tmp_path_factory.mktemp("calibre") / book
        shutil.copytree(REPO / "books" / book, root, ignore=shutil.ignore_patterns("build"))
        built[book] = build(root / "volume.yaml", formats=["epub"]).outputs["epub"]
    return built


@pytest.mark.parametrize("book", ["power-and-music", "the-executive"])
def test_example_books_convert_to_azw3_without_warnings(book, example_epubs):
    assert convert(example_epubs[book]) == []


def test_a_broken_reference_is_reported(example_epubs, tmp_path):
    """The check can fail: an EPUB pointing at a missing image gets calibre's warning."""
    broken = tmp_path / "broken.epub"
    with (
        zipfile.ZipFile(example_epubs["the-executive"]) as source,
        zipfile.ZipFile(broken, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("ch001.xhtml"):
                data = data.replace(b"</body>", b'<p><img src="missing.png" alt="x"/></p></body>')
            target.writestr(item, data)
    assert any("missing.png" in warning for warning in convert(broken))
