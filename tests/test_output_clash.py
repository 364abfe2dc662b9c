"""Outputs never replace an input, and are committed all together or not at all."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from compiler import pipeline
from compiler.errors import BookError
from compiler.machinery.atomic import OutputSet, check_no_clash

ESSAY = "# The Federalist No. 10\n\nAmong the numerous advantages promised by a good Union.\n"
VOLUME = "title: The Federalist Papers\ncontents: [no-10.md]\n"


def test_an_output_on_an_input_is_refused_naming_both(tmp_path):
    article = tmp_path / "book" / "federalist-report.md"
    article.parent.mkdir()
    article.write_text(ESSAY)
    # The output folder given by another spelling of the same place.
    out = tmp_path / "book" / ".." / "book"
    with pytest.raises(BookError) as caught:
        check_no_clash([out / "federalist.epub", out / "federalist-report.md"], [article])
    (problem,) = caught.value.problems
    assert problem.file == article
    assert str(out / "federalist-report.md") in problem.message


def test_an_output_on_the_file_an_input_symlink_leads_to_is_refused(tmp_path):
    real = tmp_path / "elsewhere" / "federalist.epub"
    real.parent.mkdir()
    real.write_text(ESSAY)
    link = tmp_path / "book" / "no-10.md"
    link.parent.mkdir()
    link.symlink_to(real)
    with pytest.raises(BookError):
        check_no_clash([tmp_path / "elsewhere" / "federalist.epub"], [link])


def test_an_input_named_like_a_temporary_output_is_refused(tmp_path):
    # A build removes unlocked '.NAME.*.part' files beside its outputs as dead builds' leftovers.
    article = tmp_path / ".federalist.epub.x1y2.part"
    article.write_text(ESSAY)
    with pytest.raises(BookError, match="named like a temporary file"):
        check_no_clash([tmp_path / "federalist.epub"], [article])
    check_no_clash([tmp_path / "federalist.pdf"], [article])  # another output's name is fine


def test_no_output_is_renamed_when_one_target_is_a_folder(tmp_path):
    epub, report = tmp_path / "federalist.epub", tmp_path / "federalist-report.md"
    epub.write_bytes(b"the previous build")
    report.mkdir()
    with OutputSet() as outputs:
        outputs.path_for(epub).write_bytes(b"the new build")
        outputs.path_for(report).write_text("# Cleanup report\n")
        with pytest.raises(BookError, match="a folder of that name is in the way"):
            outputs.commit()
    assert epub.read_bytes() == b"the previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([epub.name, report.name])


def test_a_full_disk_in_the_output_folder_is_a_clear_error(make_volume, tmp_path, monkeypatch):
    volume = make_volume(
        "title: The Federalist Papers\ncontents: [no-10.md]\n", {"no-10.md": ESSAY}
    )

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pipeline, "write_epub", full)
    out = tmp_path / "build"
    with pytest.raises(BookError, match="No space left on device") as caught:
        pipeline.build(volume, out_dir=out, formats=["epub"], use_cache=False)
    assert caught.value.problems[0].file == out
    assert list(out.iterdir()) == []


def test_an_output_folder_beside_the_inputs_is_fine(make_volume, tmp_path):
    volume = make_volume(
        "title: The Federalist Papers\ncontents: [no-10.md]\n", {"no-10.md": ESSAY}
    )
    result = pipeline.build(volume, out_dir=Path(tmp_path), formats=["epub"], use_cache=False)
    assert (tmp_path / "no-10.md").read_text() == ESSAY
    assert sorted(result.outputs) == ["epub", "report"]
