"""DAISY Ace, the accessibility checker distributors run, finds nothing in our EPUBs.

Ace is a Node program driving a headless Chromium. It is found as ``ace-puppeteer`` (or
``ace``) on PATH, or under ``$ACE_HOME/node_modules/.bin`` (default
``~/.cache/compile-book-ace``, where ``.ci/install-ace`` puts it); Chromium at
``$PUPPETEER_EXECUTABLE_PATH`` or on PATH. Without them the tests skip and say so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "corpus"


def ace_home() -> Path:
    """Where .ci/install-ace installs Ace, so CI's tests find what its first step installed."""
    if os.environ.get("ACE_HOME"):
        return Path(os.environ["ACE_HOME"])
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "compile-book-ace"


def _ace() -> tuple[list[str], dict[str, str]] | None:
    home = ace_home() / "node_modules" / ".bin"
    runner = next(
        (
            str(found)
            for found in (
                shutil.which("ace-puppeteer"),
                home / "ace-puppeteer",
                shutil.which("ace"),
            )
            if found and Path(found).exists()
        ),
        None,
    )
    chromium = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
    if runner is None or not chromium or shutil.which("node") is None:
        return None
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
    return [runner], env


ACE = _ace()
pytestmark = pytest.mark.skipif(
    ACE is None,
    reason="DAISY Ace is not installed (run .ci/install-ace: Node, @daisy/ace and Debian's "
    "chromium; see docs/ebook.md)",
)


def ace_findings(epub: Path, out: Path) -> list[str]:
    """Every Ace assertion, as 'file: rule (impact)'; an empty list means a clean report."""
    assert ACE is not None
    command, env = ACE
    subprocess.run(
        [*command, "--silent", "--force", "--outdir", str(out), str(epub)],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return [
        f"{page['earl:testSubject']['url']}: {found['earl:test']['dct:title']} "
        f"({found['earl:test']['earl:impact']})"
        for page in report.get("assertions", [])
        for found in page.get("assertions", [])
    ]


VOLUME = """\
title: Music and Its Neighbours
author: Edward MacDowell
language: en
contents:
  - articles/lecture-01.md
  - articles/quotations.md
"""

# Quotations in the public domain: Tolstoy's opening of *Anna Karenina* (1878), Goethe's
# reported last words, Hölderlin's "Hälfte des Lebens" (1804), Tocqueville's *De la
# démocratie en Amérique* (1835).
QUOTATIONS = """\
---
title: Words from Other Tongues
---

Tolstoy: «Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива
по-своему.»[^1] Goethe asked for [Mehr Licht!]{lang=de}

### **The lines, side by side**

Table: Hölderlin, "Hälfte des Lebens" (1804), line 8, and an English version

| Language | Line |
|---|---|
| German | Weh mir, wo nehm’ ich, wenn es Winter ist, die Blumen |
| English | Ah, where shall I find, when winter comes, the flowers |

![A drum struck with a stick](drum.png)

Tocqueville asked ["qu'est-ce que la démocratie?"]{lang=fr} and answered "equality of
conditions."

[^1]: *Anna Karenina*, part one, chapter one.
"""


@pytest.mark.parametrize("book", ["power-and-music", "the-executive"])
def test_example_books_pass_ace(book, tmp_path):
    from compiler import build

    root = tmp_path / book
    shutil.copytree(REPO / "books" / book, root, ignore=shutil.ignore_patterns("build"))
    result = build(root / "volume.yaml", formats=["epub"])
    assert ace_findings(result.outputs["epub"], tmp_path / "ace") == []


def test_notes_tables_images_and_foreign_passages_pass_ace(make_volume, tmp_path):
    from compiler import build

    volume = make_volume(
        VOLUME,
        {
            "articles/lecture-01.md": (CORPUS / "macdowell" / "lecture-01.md").read_text(),
            "articles/quotations.md": QUOTATIONS,
        },
    )
    Image.new("RGB", (240, 160), (60, 50, 40)).save(volume.parent / "articles" / "drum.png")
    result = build(volume, formats=["epub"])
    assert ace_findings(result.outputs["epub"], tmp_path / "ace") == []
