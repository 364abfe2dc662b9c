"""Proof sheets: the real interior pages, as spreads two to a sheet, problems beside them."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from compiler.cli import main
from compiler.config.scaffold import new_volume
from compiler.interior.proof import SHEETS, spreads
from compiler.pipeline import proof

TESTS = Path(__file__).parent


@pytest.fixture(scope="module")
def proofed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The starter volume with one missing picture: a warning located in the essay."""
    root = tmp_path_factory.mktemp("proof")
    volume = new_volume(root / "federalist", title="The Federalist Papers", author="James Madison")
    essay = volume.parent / "articles" / "federalist-51.md"
    with essay.open("a", encoding="utf-8") as stream:
        stream.write("\n![The Constitution, first page](images/constitution.png)\n")
    result, target = proof(volume, cache_dir=root / "cache")
    return result.outputs["pdf"], target


def test_every_page_is_on_a_sheet_in_its_spread(proofed: tuple[Path, Path]) -> None:
    interior, target = (PdfReader(p) for p in proofed)
    count = len(interior.pages)
    assert spreads(5) == [(None, 1), (2, 3), (4, 5)]
    assert len(target.pages) == math.ceil(len(spreads(count)) / 2)
    width, height = SHEETS["letter"]
    for sheet in target.pages:
        assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == (width, height)
    # The interior's own text is on the sheets (placed as vectors, so it reads back).
    proof_text = " ".join(page.extract_text() for page in target.pages)
    for page in interior.pages:
        words = page.extract_text().split()
        assert all(word in proof_text for word in words[:8])
    fonts = {
        str(font.get("/BaseFont"))
        for sheet in target.pages
        for font in sheet["/Resources"]["/Font"].values()
    }
    assert any("Gentium" in name for name in fonts), fonts


def test_warnings_sit_beside_their_pages(proofed: tuple[Path, Path]) -> None:
    interior, target = (PdfReader(p) for p in proofed)
    chapter = next(
        i + 1
        for i, page in enumerate(interior.pages)
        # The opening capitals are small capitals, which the text layer reads in lower case.
        if "to what expedient" in page.extract_text().replace("\n", " ").lower()
    )
    sheet_of_chapter = [i for i, pair in enumerate(spreads(len(interior.pages))) if chapter in pair]
    holding = target.pages[sheet_of_chapter[0] // 2].extract_text()
    assert "constitution.png" in holding and "left out" in holding
    # The page count finding concerns the whole file: on the first sheet, with its code.
    assert "P005" in target.pages[0].extract_text()
    others = [p.extract_text() for i, p in enumerate(target.pages) if i != sheet_of_chapter[0] // 2]
    assert not any("constitution.png" in text for text in others)


def test_same_inputs_same_proof_and_a4(proofed: tuple[Path, Path], tmp_path: Path) -> None:
    interior, target = proofed
    volume = interior.parent.parent / "volume.yaml"
    cache = interior.parent.parent.parent / "cache"
    first = target.read_bytes()
    _, again = proof(volume, cache_dir=cache)
    assert again.read_bytes() == first
    copy = tmp_path / "federalist"
    shutil.copytree(volume.parent, copy, ignore=shutil.ignore_patterns("build"))
    outcome = CliRunner().invoke(main, ["proof", str(copy), "--sheet", "a4"])
    assert outcome.exit_code == 0, outcome.output
    assert "federalist-papers-proof.pdf" in outcome.output
    sheet = PdfReader(copy / "build" / "the-federalist-papers-proof.pdf").pages[0]
    assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == SHEETS["a4"]


def test_a_bad_volume_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "volume.yaml").write_text("titel: The Federalist\ncontents: []\n", "utf-8")
    outcome = CliRunner().invoke(main, ["proof", str(tmp_path)])
    assert outcome.exit_code == 2
    assert "volume.yaml:1:1: unknown key 'titel'" in outcome.output
    assert not (tmp_path / "build").exists()
