"""Offprints: one essay of a volume as its own small EPUB and PDF, from the same sources."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from compiler.cli import main
from compiler.config import load_volume
from compiler.errors import BookError
from compiler.offprints import build_offprints, find_essays

REPOSITORY = Path(__file__).resolve().parents[1]
EXECUTIVE = REPOSITORY / "books" / "the-executive"


@pytest.fixture(scope="module")
def offprint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = tmp_path_factory.mktemp("offprint") / "the-executive"
    shutil.copytree(EXECUTIVE, book, ignore=shutil.ignore_patterns("build"))
    outcome = CliRunner().invoke(
        main, [str(book), "--only", "federalist-68", "--no-cache", "--strict"]
    )
    assert outcome.exit_code == 0, outcome.output
    return book / "build" / "offprints"


def test_the_offprint_is_the_essay_alone(offprint: Path) -> None:
    assert sorted(p.name for p in offprint.iterdir()) == [
        "federalist-68-report.md",
        "federalist-68.epub",
        "federalist-68.pdf",
    ]
    pdf = PdfReader(offprint / "federalist-68.pdf")
    text = " ".join(page.extract_text() for page in pdf.pages)
    text = text.replace("\n", " ").replace("\xa0", " ")
    assert "The Mode of Electing the President" in text
    assert "Alexander Hamilton" in text
    # Nothing of the other essays, nor of the book's own matter.
    assert "The Real Character of the Executive" not in text
    assert "The Executive Department" not in text
    assert "Energy in the Executive is a leading character" not in text
    assert "Also in this series" not in text
    assert len(pdf.pages) % 2 == 0 and len(pdf.pages) <= 12


def test_its_title_page_says_which_book_it_is_from(offprint: Path) -> None:
    first = PdfReader(offprint / "federalist-68.pdf").pages[0].extract_text()
    first = first.replace("\n", " ").replace("\xa0", " ")  # display lines bind words
    assert "The Mode of Electing the President" in first
    assert "From The Executive" in first
    with zipfile.ZipFile(offprint / "federalist-68.epub") as epub:
        opf = epub.read("EPUB/content.opf").decode()
        pages = "".join(
            epub.read(name).decode() for name in epub.namelist() if name.endswith(".xhtml")
        )
    assert "<dc:title" in opf and "The Mode of Electing the President</dc:title>" in opf
    assert 'class="offprint-source"' in pages and "<cite>The Executive</cite>" in pages
    # The book's series does not follow its essay out.
    assert "Essays from the Public Record" not in (opf + pages).replace("\u00a0", " ")


def test_an_essay_not_in_the_volume_is_named_with_a_suggestion() -> None:
    volume = load_volume(EXECUTIVE / "volume.yaml")
    with pytest.raises(BookError) as info:
        find_essays(volume, ["federalist-86"])
    assert "'federalist-86' is not an essay of this volume (did you mean 'federalist-68'?)" in (
        str(info.value)
    )
    found = find_essays(volume, ["articles/federalist-69.md", "federalist-67.md", "federalist-69"])
    assert [e.path.name for e in found] == ["federalist-69.md", "federalist-67.md"]


def test_only_with_several_volumes_is_a_usage_error(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(
        main, [str(EXECUTIVE), str(EXECUTIVE), "--only", "federalist-68", "--out", str(tmp_path)]
    )
    assert outcome.exit_code == 2
    assert "--only takes one volume" in outcome.output
    with pytest.raises(BookError):
        build_offprints(EXECUTIVE / "volume.yaml", ["no-such-essay"], out_dir=tmp_path)
