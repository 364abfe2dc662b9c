"""Outputs a publisher can trust: identical on every rebuild, never half-written, never lost.

A small real volume (Federalist No. 51 with a footnote, a PNG and an SVG figure) is built
for real: twice into different folders, with and without SOURCE_DATE_EPOCH, killed
mid-build by SIGTERM and by SIGKILL, and twice at the same time into one folder.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from checks import assert_epub_valid
from compiler.cli import main
from compiler.errors import BookError
from compiler.machinery import atomic
from compiler.machinery.atomic import OutputSet, remove_stale_parts
from compiler.pipeline import build

TESTS = Path(__file__).parent
SRC = TESTS.parent / "src"
PNG = TESTS / "bad_inputs" / "image-wrong-extension" / "articles" / "images" / "capitol.jpg"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#703"/></linearGradient></defs>'
    '<rect width="120" height="40" fill="url(#g)"/></svg>\n'
)
SLUG = "the-federalist-papers-part-two"


def make_volume(folder: Path) -> Path:
    articles = folder / "articles"
    (articles / "images").mkdir(parents=True)
    essay = (TESTS / "corpus" / "federalist" / "federalist-51.md").read_text(encoding="utf-8")
    essay += (
        "\n\n![The Capitol](images/capitol.png)\n\n![A rule](images/rule.svg)\n\n"
        "Ambition must be made to counteract ambition.[^1]\n\n"
        "[^1]: First printed in the New York Packet, 8 February 1788.\n"
    )
    (articles / "federalist-51.md").write_text(essay, encoding="utf-8")
    shutil.copyfile(PNG, articles / "images" / "capitol.png")
    (articles / "images" / "rule.svg").write_text(SVG, encoding="utf-8")
    volume = folder / "volume.yaml"
    volume.write_text(
        "title: The Federalist Papers, Part Two\nauthor: James Madison\n"
        "date: 1788-02-06\ncontents:\n  - articles/federalist-51.md\n",
        encoding="utf-8",
    )
    return volume


@pytest.fixture(scope="module")
def volume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_volume(tmp_path_factory.mktemp("federalist"))


@pytest.fixture(scope="module")
def reference(volume: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One ordinary build of every format, the bytes every other build must reproduce."""
    out = tmp_path_factory.mktemp("reference")
    result = build(volume, out_dir=out)
    return {kind: path.read_bytes() for kind, path in result.outputs.items()}


SUFFIXES = {
    "epub": ".epub",
    "pdf": ".pdf",
    "cover": "-cover.pdf",
    "ebook-cover": "-cover.jpg",
    "report": "-report.md",
}


@pytest.fixture(scope="module")
def reference_files(reference: dict[str, bytes]) -> dict[str, bytes]:
    """The reference outputs by file name, as a build folder holds them."""
    return {f"{SLUG}{SUFFIXES[kind]}": data for kind, data in reference.items()}


def outputs_of(folder: Path) -> dict[str, bytes]:
    """The finished files in ``folder`` (temporary ones start with a dot)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def parts_in(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part"))


# --- Reproducible -----------------------------------------------------------------------------


def test_the_reference_epub_is_valid(reference, tmp_path):
    path = tmp_path / "book.epub"
    path.write_bytes(reference["epub"])
    assert_epub_valid(path)


def test_rebuilds_are_byte_identical_in_another_folder_at_another_time(
    volume, reference, tmp_path, monkeypatch
):
    # A clock that has moved on: anything in the outputs that depends on it would differ.
    later = time.time() + 86_400 * 400
    monkeypatch.setattr(time, "time", lambda: later)
    result = build(volume, out_dir=tmp_path / "elsewhere" / "deeper")
    assert {k: p.read_bytes() for k, p in result.outputs.items()} == reference


def test_source_date_epoch_is_honoured_and_reproducible(volume, reference, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    first = build(volume, out_dir=tmp_path / "one")
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    second = build(volume, out_dir=tmp_path / "two")
    for kind in ("epub", "pdf"):
        assert first.outputs[kind].read_bytes() == second.outputs[kind].read_bytes()
    assert first.outputs["epub"].read_bytes() != reference["epub"]
    with zipfile.ZipFile(first.outputs["epub"]) as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        stamps = {info.date_time for info in epub.infolist()}
    modified = opf.find(".//{*}meta[@property='dcterms:modified']").text
    assert modified == "2023-11-14T22:13:20Z"
    assert stamps == {(2023, 11, 14, 22, 13, 20)}
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"  # restored after the build


def test_epub_zip_layout_is_fixed(reference, tmp_path):
    path = tmp_path / "book.epub"
    path.write_bytes(reference["epub"])
    with zipfile.ZipFile(path) as epub:
        infos = epub.infolist()
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == zipfile.ZIP_STORED
    # An essay of 1788 cannot be dated before the zip format's epoch: 1980 it is.
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o644}


def test_no_clock_or_folder_leaks_into_the_pdf(reference, tmp_path):
    pdf = reference["pdf"]
    assert str(tmp_path.parent).encode() not in pdf
    assert dt.date.today().strftime("%Y%m%d").encode() not in pdf


# --- Killed builds ---------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.Popen(
        [sys.executable, "-m", "compiler.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_for_pdf_part(out: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    """Block until the build has started laying out the PDF (its temporary file exists)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if list(out.glob(f".{SLUG}.pdf.*.part")):
            return
        if process.poll() is not None:
            pytest.fail(f"the build ended before it could be stopped: {process.communicate()}")
        time.sleep(0.005)
    pytest.fail("the build never started writing the PDF")


def previous_outputs(out: Path) -> dict[str, bytes]:
    """Outputs of an earlier edition, different from anything this build would write."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{SLUG}.epub").write_bytes(b"the previous edition's EPUB")
    (out / f"{SLUG}.pdf").write_bytes(b"the previous edition's PDF")
    return outputs_of(out)


def test_sigterm_mid_build_leaves_previous_outputs_and_no_temporaries(volume, tmp_path):
    out = tmp_path / "build"
    before = previous_outputs(out)
    process = run_cli(str(volume), "--out", str(out))
    wait_for_pdf_part(out, process)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "stopped by SIGTERM; previous outputs left as they were" in stderr
    assert "Traceback" not in stderr
    assert outputs_of(out) == before
    assert parts_in(out) == []


def test_sigkill_mid_build_leaves_previous_outputs_and_the_next_build_sweeps_up(
    volume, reference_files, tmp_path
):
    out = tmp_path / "build"
    before = previous_outputs(out)
    process = run_cli(str(volume), "--out", str(out))
    wait_for_pdf_part(out, process)
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert outputs_of(out) == before  # nothing renamed into place
    assert parts_in(out)  # a killed process cannot clean up after itself...
    build(volume, out_dir=out)
    assert parts_in(out) == []  # ...so the next build does
    assert outputs_of(out) == reference_files


def test_two_builds_at_once_into_one_folder_both_succeed_with_whole_outputs(
    volume, reference_files, tmp_path
):
    out = tmp_path / "build"
    processes = [run_cli(str(volume), "--out", str(out), "--quiet") for _ in range(2)]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    assert parts_in(out) == []
    assert outputs_of(out) == reference_files


# --- The staging of outputs --------------------------------------------------------------------


def test_a_failed_build_discards_its_temporaries_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "book.epub"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), OutputSet() as outputs:
        outputs.path_for(target).write_bytes(b"half")
        raise RuntimeError("the writer failed")
    assert target.read_bytes() == b"old"
    assert parts_in(tmp_path) == []


def test_stale_temporaries_are_removed_but_a_running_builds_are_not(tmp_path):
    target = tmp_path / "book.pdf"
    stale = tmp_path / ".book.pdf.dead1234.part"
    stale.write_bytes(b"left by a killed build")
    other = tmp_path / ".other.pdf.dead1234.part"
    other.write_bytes(b"another book's, not ours to judge here")
    with OutputSet() as running:
        live = running.path_for(target)  # sweeps the stale one, holds a lock on its own
        assert not stale.exists()
        assert remove_stale_parts(target) == []
        assert live.exists()
        running.discard()
    assert other.exists()


def test_output_folder_that_cannot_be_made_is_a_user_error(tmp_path):
    (tmp_path / "build").write_text("a file where the folder should be")
    with pytest.raises(BookError) as info, OutputSet() as outputs:
        outputs.path_for(tmp_path / "build" / "epub" / "book.epub")
    [problem] = info.value.problems
    assert problem.file == tmp_path / "build"
    assert "this is a file, not a folder" in problem.message


def test_without_flock_nothing_is_swept(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "fcntl", None)
    stale = tmp_path / ".book.pdf.dead1234.part"
    stale.write_bytes(b"")
    assert remove_stale_parts(tmp_path / "book.pdf") == []
    assert stale.exists()


# --- The command line's contract for everything else --------------------------------------------


def test_internal_error_is_one_line_and_exit_1(volume, monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug in the compiler")

    monkeypatch.setattr("compiler.cli.build", broken)
    result = CliRunner().invoke(main, [str(volume), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        "compile-book: internal error (this is a bug; please report it with the volume that "
        "triggers it; run again with --debug for details)"
    ]
    debug = CliRunner().invoke(main, [str(volume), "--out", str(tmp_path), "--debug"])
    assert debug.exit_code == 1
    assert "Traceback" in debug.output and "ZeroDivisionError: a bug in the compiler" in (
        debug.output
    )


def test_warnings_do_not_fail_a_build_unless_strict(tmp_path):
    (tmp_path / "federalist-51.md").write_text(
        "---\ntitle: No. 51\n---\n\nAmbition must be made to counteract ambition.\n\n"
        "![The Capitol](https://thesaker.is/capitol.jpg)\n\n"
        '<p onclick="steal()">If men were angels, no government would be necessary.</p>\n',
        encoding="utf-8",
    )
    volume = tmp_path / "volume.yaml"
    volume.write_text(
        "title: The Federalist Papers\ncontents:\n  - federalist-51.md\n", encoding="utf-8"
    )
    out = tmp_path / "build"
    result = CliRunner().invoke(main, [str(volume), "--out", str(out), "--format", "epub"])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "remote images are not fetched" in result.output
    assert "removed an event handler 'onclick'" in result.output
    with zipfile.ZipFile(out / "the-federalist-papers.epub") as epub:
        chapter = epub.read("EPUB/ch001.xhtml").decode()
    assert "If men were angels" in chapter
    assert "onclick" not in chapter and "<img" not in chapter and "thesaker.is" not in chapter

    shutil.rmtree(out)
    strict = [str(volume), "--out", str(out), "--format", "epub", "--strict"]
    result = CliRunner().invoke(main, strict)
    assert result.exit_code == 2
    assert "warning: " not in result.output
    assert f"{tmp_path / 'federalist-51.md'}:7:16: image 'https://thesaker.is/capitol.jpg'" in (
        result.output
    )
    assert not out.exists()


def test_a_warm_cache_hides_no_warning_and_no_user_error(tmp_path, monkeypatch):
    """What the cache answers (articles, a whole unchanged build) must report what a fresh
    build would: the same warnings, and every user error, under ``--strict`` too."""
    (tmp_path / "federalist-51.md").write_text(
        "---\ntitle: No. 51\n---\n\nAmbition must be made to counteract ambition.\n\n"
        "![The Capitol](https://thesaker.is/capitol.jpg)\n",
        encoding="utf-8",
    )
    volume = tmp_path / "volume.yaml"
    volume.write_text(
        "title: The Federalist Papers\ncontents:\n  - federalist-51.md\n", encoding="utf-8"
    )
    out = tmp_path / "build"
    first = build(volume, out_dir=out, formats=["epub"])
    assert_epub_valid(first.outputs["epub"])
    messages = [str(w) for w in first.warnings]
    assert any("remote images are not fetched" in m for m in messages)

    again = build(volume, out_dir=out, formats=["epub"])
    assert again.up_to_date and [str(w) for w in again.warnings] == messages
    elsewhere = build(volume, out_dir=tmp_path / "elsewhere", formats=["epub"])
    assert not elsewhere.up_to_date and [str(w) for w in elsewhere.warnings] == messages
    assert_epub_valid(elsewhere.outputs["epub"])

    with pytest.raises(BookError) as strict:
        build(volume, out_dir=out, formats=["epub"], strict=True)
    assert any("remote images are not fetched" in p.message for p in strict.value.problems)

    shutil.rmtree(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").write_text("not a folder", encoding="utf-8")
    with pytest.raises(BookError, match="this is a file, not a folder"):
        build(volume, out_dir=tmp_path / "elsewhere", formats=["epub"])

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build(volume, out_dir=out, formats=["epub"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "next Tuesday")
    with pytest.raises(BookError, match="SOURCE_DATE_EPOCH must be a whole number"):
        build(volume, out_dir=out, formats=["epub"])
