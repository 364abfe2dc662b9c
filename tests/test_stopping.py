"""Stopping a build: every process it started ends with it, quickly, and it says so in one line.

Real builds of ten Federalist essays (three layout units, two workers) are stopped while the
workers lay chapters out: by Ctrl-C and by SIGTERM to the whole process group, as a terminal
and a CI runner do, and by SIGKILL of the build alone.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus" / "federalist"
SRC = Path(__file__).resolve().parents[1] / "src"
ESSAYS = [f"federalist-{n}.md" for n in range(46, 56)]


def make_volume(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ESSAYS:
        shutil.copyfile(CORPUS / name, folder / name)
    contents = "".join(f"  - {name}\n" for name in ESSAYS)
    volume = folder / "volume.yaml"
    volume.write_text(
        f"title: The Federalist Papers\nauthor: James Madison\ncontents:\n{contents}",
        encoding="utf-8",
    )
    return volume


def start(*args: str, temp: Path | None = None) -> subprocess.Popen[str]:
    """The command line in a process group of its own, as a terminal or CI runner starts it."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    if temp is not None:
        env["TMPDIR"] = str(temp)
    return subprocess.Popen(
        [sys.executable, "-m", "compiler.cli", *args, "--no-cache", "--format", "pdf"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def wait_for_workers(process: subprocess.Popen[str], count: int = 2) -> list[int]:
    def started() -> bool:
        assert process.poll() is None, process.communicate()
        return len(children(process.pid)) >= count

    wait_for(started, "the layout workers")
    time.sleep(1.0)  # well into laying chapters out
    return children(process.pid)


pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")


@pytest.mark.parametrize(
    ("number", "code", "line"),
    [
        (signal.SIGINT, 130, "interrupted; previous outputs left as they were"),
        (signal.SIGTERM, 143, "stopped by SIGTERM; previous outputs left as they were"),
    ],
    ids=["ctrl-c", "sigterm"],
)
def test_a_signal_to_the_group_ends_the_build_in_seconds_with_one_line(
    number, code, line, tmp_path
):
    volume = make_volume(tmp_path / "book")
    out = tmp_path / "build"
    process = start(str(volume), "--out", str(out), "--jobs", "2")
    workers = wait_for_workers(process)
    sent = time.monotonic()
    os.killpg(process.pid, number)
    stdout, stderr = process.communicate(timeout=30)
    assert time.monotonic() - sent < 10
    assert process.returncode == code
    assert stderr == line + "\n", "one line, no 'Process ForkProcess-1: Traceback'"
    wait_for(lambda: not any(running(w) for w in workers), "the workers to end", 5)
    assert list(out.glob(".*.part")) == []


def test_workers_die_with_a_killed_build(tmp_path):
    volume = make_volume(tmp_path / "book")
    process = start(str(volume), "--out", str(tmp_path / "build"), "--jobs", "2")
    workers = wait_for_workers(process)
    process.kill()
    # The workers hold the build's stdout and stderr: reading to the end means they are gone.
    process.communicate(timeout=30)
    wait_for(lambda: not any(running(w) for w in workers), "the workers to end", 5)


def test_sigterm_to_several_volumes_cleans_up_every_volume(tmp_path):
    volumes = [make_volume(tmp_path / name) for name in ("first", "second")]
    process = start(*(str(v) for v in volumes), "--jobs", "2")

    def laying_out() -> bool:
        assert process.poll() is None, process.communicate()
        return all(list((v.parent / "build").glob(".*.pdf.*.part")) for v in volumes)

    wait_for(laying_out, "both volumes to lay out")
    workers = children(process.pid)
    os.killpg(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143
    assert "Traceback" not in stderr
    wait_for(lambda: not any(running(w) for w in workers), "the workers to end", 5)
    assert [p for v in volumes for p in (v.parent / "build").glob(".*.part")] == []


def test_a_worker_killed_mid_layout_is_a_clear_error_naming_its_chapter(tmp_path):
    """A worker the kernel kills (out of memory) ends the build with exit 2 and one message
    naming the chapter it was laying out, no traceback and no temporary file."""
    volume = make_volume(tmp_path / "book")
    out = tmp_path / "build"
    temp = tmp_path / "temp"
    temp.mkdir()
    process = start(str(volume), "--out", str(out), "--jobs", "2", temp=temp)
    # The kernel kills a worker that is using memory, so one laying a unit out: its mark (a
    # file named by its process id) says so. A worker killed before its first job has no
    # chapter to name.
    busy: list[int] = []

    def laying_out() -> bool:
        assert process.poll() is None, process.communicate()
        busy[:] = [int(mark.name) for mark in temp.glob("compile-book-marks-*/*")]
        return bool(busy)

    wait_for(laying_out, "a worker laying a unit out")
    os.kill(busy[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2, stderr
    assert "Traceback" not in stderr
    (line,) = [line for line in stderr.splitlines() if "killed by SIGKILL" in line]
    file = line.split(": ", 1)[0]
    assert Path(file).name in ESSAYS, line
    assert "the layout of this chapter" in line and "--jobs" in line
    assert list(out.glob(".*.part")) == [] and not (out / "volume.pdf").exists()


def _dies_on_no_51(job):
    """Lays a unit out, except the one holding No. 51, whose worker is killed as by the kernel."""
    from compiler.interior import units

    # The typography pass binds "No. 51" with a no-break space.
    if re.search(r"Federalist No\.\s51", job.html):
        os.kill(os.getpid(), signal.SIGKILL)
    return units.real_lay_out(job)


def test_the_dead_workers_chapter_is_the_one_named(tmp_path, monkeypatch):
    from compiler import build
    from compiler.errors import BookError
    from compiler.interior import units

    volume = make_volume(tmp_path / "book")
    text = (volume.parent / "federalist-51.md").read_text(encoding="utf-8")
    text = text.replace("TO WHAT expedient", "Federalist No. 51. TO WHAT expedient", 1)
    (volume.parent / "federalist-51.md").write_text(text, encoding="utf-8")
    # Workers are forked from this process, so they lay out with the function set here.
    monkeypatch.setattr(units, "real_lay_out", units.lay_out, raising=False)
    monkeypatch.setattr(units, "lay_out", _dies_on_no_51)
    with pytest.raises(BookError) as caught:
        build(volume, out_dir=tmp_path / "build", formats=["pdf"], use_cache=False, jobs=2)
    (problem,) = caught.value.problems
    # No. 51 is laid out with Nos. 50, 52 and 53, four chapters to a unit.
    assert Path(problem.file).name == "federalist-50.md", problem
    assert "federalist-51.md" in problem.message, problem
    assert "killed by SIGKILL (usually the system running out of memory)" in problem.message
