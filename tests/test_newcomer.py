"""What a newcomer meets in the first hour: help, messages, quiet and strict modes, the
example books, the starter volume, the progress bar and the summary line."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from checks import assert_epub_valid
from compiler import build
from compiler.cli import main
from compiler.pipeline import Progress
from compiler.runners.watch import describe, is_source_change
from conftest import CORPUS, REPO


def _volume(root: Path, body_extra: str = "") -> Path:
    (root / "articles").mkdir(parents=True)
    essay = (CORPUS / "federalist" / "federalist-51.md").read_text(encoding="utf-8")
    (root / "articles" / "federalist-51.md").write_text(essay + body_extra, encoding="utf-8")
    volume = root / "volume.yaml"
    volume.write_text(
        "title: Checks and Balances\nauthor: James Madison\ncontents:\n"
        "  - articles/federalist-51.md\n",
        encoding="utf-8",
    )
    return volume


def test_quiet_hides_warnings_and_notes_but_not_errors(tmp_path: Path):
    remote = "\n\n![The Federal Hall](https://example.org/federal-hall.jpg)\n"
    volume = _volume(tmp_path / "book", remote)
    loud = CliRunner().invoke(main, [str(volume), "--format", "epub", "--no-cache"])
    assert loud.exit_code == 0, loud.output
    assert "warning:" in loud.stderr and "federal-hall.jpg" in loud.stderr
    quiet = CliRunner().invoke(main, [str(volume), "--format", "epub", "--no-cache", "-q"])
    assert quiet.exit_code == 0
    assert quiet.output == ""
    volume.write_text(volume.read_text(encoding="utf-8") + "titel: x\n", encoding="utf-8")
    failed = CliRunner().invoke(main, [str(volume), "--format", "epub", "-q"])
    assert failed.exit_code == 2 and "unknown key 'titel'" in failed.stderr


def test_volume_level_messages_carry_line_and_column(tmp_path: Path):
    volume = _volume(tmp_path / "book")
    result = CliRunner().invoke(main, [str(volume), "--format", "cover", "--no-cache"])
    assert result.exit_code == 0, result.output
    # title: is on line 1, the fallback when the volume has no isbn key.
    assert f"note: {volume}:1:1: no print ISBN" in result.stderr


def test_the_smaller_example_passes_strict(tmp_path: Path):
    root = tmp_path / "the-executive"
    shutil.copytree(REPO / "books" / "the-executive", root, ignore=shutil.ignore_patterns("build"))
    result = build(root / "volume.yaml", strict=True)
    assert result.warnings == []
    assert_epub_valid(result.outputs["epub"])


def test_missing_numbered_essay_is_not_mistaken_for_another(tmp_path: Path):
    volume = _volume(tmp_path / "book")
    shutil.copyfile(
        CORPUS / "federalist" / "federalist-70.md", volume.parent / "articles" / "federalist-70.md"
    )
    volume.write_text(
        volume.read_text(encoding="utf-8") + "  - articles/federalist-47.md\n"
        "  - articles/federalist-07.md\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, [str(volume), "--format", "epub"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    (missing,) = [line for line in lines if "federalist-47.md" in line]
    assert "did you mean" not in missing  # No. 70 is another essay, not a typo
    (swapped,) = [line for line in lines if "federalist-07.md" in line]
    assert "did you mean 'articles/federalist-70.md'" in swapped  # the same digits


def test_help_shows_the_command_users_type(tmp_path: Path):
    result = CliRunner().invoke(main, ["--help"], prog_name="compile-book")
    assert result.exit_code == 0
    assert "compile-book [OPTIONS] VOLUME.yaml..." in result.output
    assert "--strict" in result.output and "--version" in result.output
    commands = result.output.split("Commands:")[1]
    assert "build" not in commands
    for line in commands.strip().splitlines():  # no description cut off with "..."
        assert not line.rstrip().endswith("..."), line
    # A folder is taken for the volume.yaml in it; without one, the usage names no 'build'.
    empty = CliRunner().invoke(main, [str(tmp_path)], prog_name="compile-book")
    assert empty.exit_code == 2
    assert "compile-book build" not in empty.output
    assert "Usage: compile-book [OPTIONS] VOLUME.yaml..." in empty.output
    assert "no volume.yaml in it" in empty.output


def test_a_folder_builds_the_volume_inside_it(tmp_path: Path):
    volume = _volume(tmp_path / "book")
    result = CliRunner().invoke(main, [str(volume.parent), "--format", "epub", "-q"])
    assert result.exit_code == 0, result.output
    assert (volume.parent / "build" / "checks-and-balances.epub").is_file()


def test_check_hint_keeps_the_output_folder(tmp_path: Path):
    volume = _volume(tmp_path / "book")
    out = tmp_path / "elsewhere"
    result = CliRunner().invoke(main, ["check", str(volume), "--out", str(out)])
    assert result.exit_code == 2
    assert f"compile-book {volume} --out {out} --format pdf" in result.stderr


def test_new_writes_a_volume_that_builds(tmp_path: Path):
    folder = tmp_path / "separation-of-powers"
    result = CliRunner().invoke(main, ["new", str(folder), "--author", "James Madison"])
    assert result.exit_code == 0, result.output
    volume = folder / "volume.yaml"
    assert 'title: "Separation Of Powers"' in volume.read_text(encoding="utf-8")
    built = build(volume, formats=["epub"])
    assert [c.title for c in built.book.chapters()] == [
        "The Structure of the Government Must Furnish the Proper Checks and Balances Between "
        "the Different Departments"
    ]
    assert_epub_valid(built.outputs["epub"])
    again = CliRunner().invoke(main, ["new", str(folder)])
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_progress_follows_units_and_the_summary_counts_them(tmp_path: Path):
    root = tmp_path / "book"
    (root / "articles").mkdir(parents=True)
    names = [f"federalist-{n}.md" for n in range(46, 56)]
    for name in names:
        shutil.copyfile(CORPUS / "federalist" / name, root / "articles" / name)
    volume = root / "volume.yaml"
    listing = "".join(f"  - articles/{name}\n" for name in names)
    volume.write_text(f"title: Ten Papers\nauthor: Publius\ncontents:\n{listing}", encoding="utf-8")
    events: list[tuple[str, object]] = []
    progress = Progress(
        start=lambda stage, total: events.append(("start", (stage, total))),
        advance=lambda item: events.append(("advance", item)),
    )
    cold = build(volume, formats=["pdf"], jobs=2, progress=progress, cache_dir=tmp_path / "cache")
    stats = cold.layout
    assert stats is not None and stats.units == 3  # ten chapters, four to a unit
    layout = [
        i for i, e in enumerate(events) if e == ("start", ("Laying out the print interior", 3))
    ]
    assert layout, events
    after = events[layout[-1] + 1 :]
    advanced = [item for kind, item in after if kind == "advance"][:3]
    assert sorted(advanced) == sorted(stats.laid_out_names)
    line = describe(cold, 1.0)
    assert line.startswith("laid out 3 of 3 units (") and "from the cache" not in line
    # One essay edited: one unit laid out, the other two from the cache, nothing else counted.
    essay = root / "articles" / "federalist-50.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\nA closing line.\n", encoding="utf-8")
    warm = build(volume, formats=["pdf"], jobs=2, cache_dir=tmp_path / "cache")
    assert describe(warm, 1.0).startswith(
        "laid out 1 of 3 units (ch005, ch006, ch007, ch008), 2 from the cache"
    )


def test_watch_ignores_editors_temporary_files(tmp_path: Path):
    out = tmp_path / "build"
    for name in ("volume.yaml", "articles/federalist-51.md", "styles/book.css", "photo.JPG"):
        assert is_source_change(tmp_path / name, {out}), name
    for name in (
        "articles/sed8UsxFg",  # sed -i
        "articles/.federalist-51.md.swp",  # vim
        "articles/4913",  # vim's write test
        "articles/federalist-51.md~",
        "articles/#federalist-51.md#",  # emacs autosave
        "articles/.#federalist-51.md",  # emacs lock
        "articles/federalist-51.md___jb_tmp___",  # JetBrains
        "build/checks-and-balances.pdf",
        ".git/index",
    ):
        assert not is_source_change(tmp_path / name, {out}), name
