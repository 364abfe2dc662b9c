"""Inputs are read through the checked path: a file swapped for a symlink leading out of the
book during a build is refused, never opened, and never reaches the EPUB.

The first tests swap the file at a chosen moment; the last one races a thread swapping an
essay for a link to an outside file against a run of real builds, with an audit hook
watching every file the build opens.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from compiler.errors import BookError
from compiler.sources.inputs import InputMoved, input_digest, read_input, reading_inputs

CORPUS = Path(__file__).parent / "corpus" / "federalist"
SECRET = "SECRET-LINE-OUTSIDE-THE-BOOK"
_opened: list[str] = []
_watching = {"on": False}


def _audit(event: str, args: tuple, opened: list[str] = _opened, watching: dict = _watching):
    if watching["on"] and event == "open" and args and isinstance(args[0], (str, bytes)):
        opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@pytest.fixture
def book(tmp_path: Path) -> tuple[Path, Path]:
    """A book folder with one essay, and an outside file holding the secret."""
    folder = tmp_path / "book"
    (folder / "essays").mkdir(parents=True)
    shutil.copyfile(CORPUS / "federalist-51.md", folder / "essays" / "federalist-51.md")
    outside = tmp_path / "outside" / "secret.md"
    outside.parent.mkdir()
    outside.write_text(f"---\ntitle: Secret\n---\n\n{SECRET}\n", encoding="utf-8")
    return folder, outside


def swap_for_link(path: Path, target: Path) -> None:
    link = path.with_name(path.name + ".swap")
    link.symlink_to(target)
    os.replace(link, path)


def test_a_file_swapped_for_a_link_is_refused_unopened(book):
    folder, outside = book
    essay = folder / "essays" / "federalist-51.md"
    with reading_inputs(folder):
        swap_for_link(essay, outside)
        _opened.clear()
        _watching["on"] = True
        try:
            with pytest.raises(InputMoved):
                read_input(essay)
            with pytest.raises(InputMoved):
                input_digest(essay)
        finally:
            _watching["on"] = False
    assert not [p for p in _opened if Path(p).name == outside.name], _opened


def test_a_folder_swapped_for_a_link_leading_out_is_refused_unopened(book):
    folder, outside = book
    essays = folder / "essays"
    shutil.copyfile(outside, outside.with_name("federalist-51.md"))
    with reading_inputs(folder):
        essays.rename(folder / "kept")
        essays.symlink_to(outside.parent)
        _opened.clear()
        _watching["on"] = True
        try:
            with pytest.raises(InputMoved):
                read_input(essays / "federalist-51.md")
        finally:
            _watching["on"] = False
    assert not [p for p in _opened if "outside" in p or p == "federalist-51.md"], _opened


def test_a_link_inside_the_book_placed_beforehand_is_followed(book):
    folder, _ = book
    (folder / "latest.md").symlink_to(folder / "essays" / "federalist-51.md")
    with reading_inputs(folder):
        assert read_input(folder / "latest.md").startswith(b"---")


def test_what_was_hashed_is_what_is_read(book):
    folder, _ = book
    essay = folder / "essays" / "federalist-51.md"
    original = essay.read_bytes()
    with reading_inputs(folder):
        digest = input_digest(essay)
        first = read_input(essay)
        essay.write_text("Replaced after the cache key was made.\n", encoding="utf-8")
        assert read_input(essay) == first == original
        assert input_digest(essay) == digest


def test_a_named_pipe_swapped_in_does_not_hang(book):
    folder, _ = book
    essay = folder / "essays" / "federalist-51.md"
    with reading_inputs(folder):
        essay.unlink()
        os.mkfifo(essay)
        started = time.monotonic()
        with pytest.raises(InputMoved):
            read_input(essay)
        assert time.monotonic() - started < 1


def test_a_racing_swap_never_gets_an_outside_file_into_the_book(book, tmp_path):
    from compiler import build

    folder, outside = book
    essay = folder / "essays" / "federalist-51.md"
    good = essay.read_bytes()
    volume = folder / "volume.yaml"
    volume.write_text(
        "title: The Federalist Papers\nauthor: James Madison\n"
        "contents:\n  - essays/federalist-51.md\n",
        encoding="utf-8",
    )
    stop = threading.Event()
    swaps = [0]

    def swapper() -> None:
        while not stop.is_set():
            swap_for_link(essay, outside)
            time.sleep(0.002)
            fresh = essay.with_name("fresh.tmp")
            fresh.write_bytes(good)
            os.replace(fresh, essay)
            swaps[0] += 1
            # Bursts of swaps with calm between them: a build that falls in a burst meets a
            # swapped file, one that falls in the calm goes through, whatever the speed of
            # the machine (a build takes from a few tens of milliseconds upwards).
            time.sleep(0.003 if swaps[0] % 4 else 0.15)

    outcomes: list[str] = []
    thread = threading.Thread(target=swapper, daemon=True)
    _opened.clear()
    _watching["on"] = True
    thread.start()
    try:
        # At least 15 builds, and on until the swapper has swapped 16 times and one build
        # has gone through between two swaps: how the two threads take turns depends on the
        # machine's load, and either alone would leave the test proving nothing.
        for run in range(60):
            if run >= 15 and swaps[0] > 15 and "built" in outcomes:
                break
            out = tmp_path / f"out-{run}"
            try:
                result = build(volume, out_dir=out, formats=["epub"], use_cache=False)
            except BookError as error:
                outcomes.append(str(error.problems[0].message)[:50])
                continue
            with zipfile.ZipFile(result.outputs["epub"]) as epub:
                text = b"".join(epub.read(name) for name in epub.namelist())
            assert SECRET.encode() not in text
            outcomes.append("built")
    finally:
        _watching["on"] = False
        stop.set()
        thread.join()
    assert swaps[0] > 15, swaps
    leaked = [p for p in _opened if Path(p).name == outside.name]
    assert leaked == [], (leaked, outcomes)
    assert "built" in outcomes, outcomes


def _png(colour: str) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_changed_after_its_check_is_reported_not_left_out(tmp_path):
    """WeasyPrint only logs an image its fetcher refuses; the layout raises it afterwards."""
    import hashlib

    from weasyprint import HTML

    from compiler.interior.sandbox import BOOK_BASE_URL, SandboxedFetcher
    from compiler.machinery.styles import styles_dir

    checked = _png("navy")
    picture = tmp_path / "seats.png"
    picture.write_bytes(checked)
    key = f"images/{hashlib.sha256(checked).hexdigest()[:16]}.png"
    fetcher = SandboxedFetcher([styles_dir()], {key: picture})
    assert fetcher.fetch(BOOK_BASE_URL + key).read() == checked
    fetcher.check()
    picture.write_bytes(_png("maroon"))
    HTML(string=f'<img src="{key}">', base_url=BOOK_BASE_URL, url_fetcher=fetcher).render()
    with pytest.raises(BookError, match="the image changed during the build"):
        fetcher.check()
