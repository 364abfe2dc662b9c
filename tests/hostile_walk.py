"""Walk issue 19's attack list against the current build, one real process per case.

Not collected by pytest (it takes minutes): run it by hand after a change to the readers or
the limits::

    .venv/bin/python tests/hostile_walk.py [NAME-FRAGMENT...]

Each case writes a small volume (large inputs are generated here, not stored), builds it
through the command line with ``--no-cache`` (or a cache the case prepares), and must end
with exit 0, 2 or 3 within 30 s, with a peak memory under 1 GB (the build and its layout
workers) and no traceback. One line per case: name, exit code, seconds, peak MB, and the
first line of the output. The volumes are real Federalist essays from tests/corpus.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).parent
SRC = TESTS.parent / "src"
ESSAY = (TESTS / "corpus" / "federalist" / "federalist-51.md").read_text(encoding="utf-8")
FRONT = '---\ntitle: "No. 51"\nauthor: James Madison\n'
LIMIT_S = 30.0
LIMIT_MB = 1024
VOLUME = "title: The Federalist Papers\nauthor: James Madison\n"

Setup = Callable[[Path], list[str]]  # writes the case into a folder; returns extra arguments


def article(body: str, front: str = FRONT) -> str:
    return front + "---\n\n" + body + "\n"


def simple(body: str, front: str = FRONT, volume_extra: str = "") -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / "no-51.md").write_text(article(body, front), encoding="utf-8")
        (folder / "volume.yaml").write_text(
            VOLUME + volume_extra + "contents: [no-51.md]\n", encoding="utf-8"
        )
        return []

    return setup


def volume_only(yaml: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / "no-51.md").write_text(ESSAY, encoding="utf-8")
        (folder / "volume.yaml").write_text(yaml + "contents: [no-51.md]\n", encoding="utf-8")
        return []

    return setup


def wxr(body: str, encoding: str = "UTF-8") -> Setup:
    def setup(folder: Path) -> list[str]:
        export = (
            f'<?xml version="1.0" encoding="{encoding}"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Publius</title>'
            "<item><title>No. 51</title><dc:creator>James Madison</dc:creator>"
            "<wp:post_name>federalist-51</wp:post_name><wp:post_type>post</wp:post_type>"
            "<wp:status>publish</wp:status><content:encoded><![CDATA["
            + body
            + "]]></content:encoded></item></channel></rss>\n"
        )
        (folder / "export.xml").write_text(export, encoding="utf-8")
        (folder / "volume.yaml").write_text(
            VOLUME + "contents:\n  - wordpress: export.xml\n    post: federalist-51\n",
            encoding="utf-8",
        )
        return []

    return setup


def png_header(width: int, height: int) -> bytes:
    """A PNG declaring ``width`` x ``height`` pixels with almost no data: what a decompression
    bomb looks like before it is decoded."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def with_image(name: str, data: bytes, yaml: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / name).write_bytes(data)
        (folder / "no-51.md").write_text(ESSAY, encoding="utf-8")
        (folder / "volume.yaml").write_text(VOLUME + yaml + "contents: [no-51.md]\n", "utf-8")
        return []

    return setup


def svg(body: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / "drawing.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' width="40" height="30">{body}</svg>',
            encoding="utf-8",
        )
        (folder / "no-51.md").write_text(article("![Seats](drawing.svg)\n\nPublius."), "utf-8")
        (folder / "volume.yaml").write_text(VOLUME + "contents: [no-51.md]\n", "utf-8")
        return []

    return setup


def use_bomb() -> str:
    levels = ['<rect id="l0" width="1" height="1"/>']
    for i in range(1, 11):
        levels.append(f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * 10 + "</g>")
    return f'<defs>{"".join(levels)}</defs><use xlink:href="#l10"/>'


def report_clash(as_folder: bool) -> Setup:
    def setup(folder: Path) -> list[str]:
        simple("Publius.")(folder)
        target = folder / "the-federalist-papers-report.md"
        if as_folder:
            target.mkdir()
        else:
            target.write_text(ESSAY, encoding="utf-8")
            (folder / "volume.yaml").write_text(
                VOLUME + "contents: [no-51.md, the-federalist-papers-report.md]\n", "utf-8"
            )
        return ["--out", str(folder)]

    return setup


def broken_cache(how: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        simple("Publius.")(folder)
        cache = folder.parent / "cache"
        if how == "file":
            cache.write_text("not a folder")
        else:
            for kind in ("builds", "articles", "layouts"):
                (cache / kind / "ab").mkdir(parents=True)
                (cache / kind / "ab" / ("ab" + "0" * 62)).write_bytes(b"\x80\x04cos\nsystem\n")
            if how == "read-only":
                for path in cache.rglob("*"):
                    path.chmod(0o555 if path.is_dir() else 0o444)
                cache.chmod(0o555)
        return []  # the cache folder is COMPILE_BOOK_CACHE, set by run()

    return setup


CASES: dict[str, tuple[Setup, list[str]]] = {
    # 1 and 9: the cache
    "cache-foreign-entries": (broken_cache("foreign"), ["--format", "epub"]),
    "cache-is-a-file": (broken_cache("file"), ["--format", "epub"]),
    "cache-read-only": (broken_cache("read-only"), ["--format", "epub"]),
    # 2: long words
    "word-5000": (simple("See " + "Publius" * 715 + " for more."), ["--format", "pdf"]),
    "word-10000": (simple("See " + "x" * 10_000 + " for more."), ["--format", "pdf"]),
    "word-4.9MB": (simple("See " + "x" * 4_900_000 + " for more."), ["--format", "pdf"]),
    # 3: outputs over inputs
    "out-over-article": (report_clash(False), ["--format", "epub"]),
    "report-name-is-a-folder": (report_clash(True), ["--format", "epub"]),
    # 5: hangs and memory
    "front-matter-alias-date": (
        simple(
            "Publius.",
            FRONT
            + "r0: &r0 [a, a, a, a, a, a, a, a, a, a]\n"
            + "".join(
                f"r{i}: &r{i} [" + ", ".join([f"*r{i - 1}"] * 10) + "]\n" for i in range(1, 9)
            )
            + "date: *r8\n",
        ),
        ["--format", "epub"],
    ),
    "open-tag-flood": (simple("<a " * 8000), ["--format", "epub"]),
    "paragraphs-100000": (simple("Publius.\n\n" * 100_000), ["--format", "epub"]),
    "paragraphs-20000": (simple("Publius.\n\n" * 19_990), ["--format", "epub"]),
    "chapter-title-100KB": (simple("Publius.", '---\ntitle: "' + "Publius " * 12_500 + '"\n'), []),
    "volume-title-100KB": (volume_only(f"title: '{'Publius ' * 12_500}'\n"), []),
    "svg-use-bomb": (svg(use_bomb()), ["--format", "epub"]),
    "wxr-more-20000": (wxr("Publius.\n\n" + "<!--more " * 20_000), ["--format", "epub"]),
    "wxr-toc-20000": (wxr("Publius.\n\n" + "[toc] " * 20_000), ["--format", "epub"]),
    "wxr-math-20000": (wxr("Publius.\n\n" + "<math " * 20_000), ["--format", "epub"]),
    "backtick-flood-300KB": (simple("`" * 300_000), ["--format", "epub"]),
    "backtick-pairs-300KB": (simple("`a `` " * 50_000), ["--format", "epub"]),
    "drop-regex-backtracking": (
        simple("Publius " + "x" * 5000, volume_extra="cleanup:\n  drop: ['(x+x+)+y']\n"),
        ["--format", "epub"],
    ),
    "provenance-padding": (
        volume_only(VOLUME + "provenance: '{date:>5000000}'\n"),
        ["--format", "epub"],
    ),
    "jobs-5000": (simple("Publius."), ["--jobs", "5000"]),
    # 7: SVG and image limits
    "svg-fill-url": (svg('<rect width="4" height="3" fill="url(http://127.0.0.1:9/p#g)"/>'), []),
    "svg-css-escape": (svg("<style>rect { fill: u\\72 l(http://127.0.0.1:9/) }</style>"), []),
    "svg-nested-data": (
        svg('<image href="data:image/svg+xml,%3Csvg%3E%3Cscript%3E1%3C/script%3E%3C/svg%3E"/>'),
        [],
    ),
    "cover-169-megapixels": (
        with_image("cover.png", png_header(13_000, 13_000), "cover: cover.png\n"),
        [],
    ),
    "photo-50000-square": (
        with_image(
            "photo.png",
            png_header(50_000, 50_000),
            "back:\n  about_author:\n    text: Madison.\n    photo: photo.png\n",
        ),
        [],
    ),
    # 9: input at fault
    "front-matter-nested-20000": (
        simple("Publius.", FRONT + "x: " + "[" * 20_000 + "]" * 20_000 + "\n"),
        [],
    ),
    "impossible-date": (simple("Publius.", FRONT + "date: 2021-02-30\n"), ["--format", "epub"]),
    "control-character-title": (volume_only('title: "The Federalist\\x01"\n'), []),
    "nul-in-image-path": (simple("![Seats](seats%00.png)"), ["--format", "epub"]),
    "provenance-format-d": (volume_only(VOLUME + "provenance: '{date:d}'\n"), []),
    "wxr-utf7": (wxr("Publius.", encoding="UTF-7"), ["--format", "epub"]),
}
for charset in ("hex", "rot13", "zlib", "x-undefined"):
    page = (
        f'<html><head><meta charset="{charset}"><title>No. 51</title></head><body><article>'
        f"<h1>No. 51</h1><p>{ESSAY[:2000]}</p></article></body></html>"
    )

    def _page_setup(folder: Path, page: str = page) -> list[str]:
        (folder / "no-51.html").write_text(page, encoding="utf-8")
        (folder / "volume.yaml").write_text(VOLUME + "contents: [no-51.html]\n", "utf-8")
        return []

    CASES[f"saved-page-charset-{charset}"] = (_page_setup, ["--format", "epub"])


# Runs the build and prints, as the last line of stderr, the peak resident memory in KiB of the
# build and every process it waited for (its layout workers).
_MEASURED = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


_PYTHON_WARNING = re.compile(r"\b[A-Z]\w*Warning: ")


@dataclass
class Outcome:
    code: int
    seconds: float
    peak_mb: float  # nan when it could not be measured
    output: str

    @property
    def ok(self) -> bool:
        """Exit 0, 2 or 3 within the time and memory limits, with no traceback and no Python
        warning (Pillow's DecompressionBombWarning was how a 169-megapixel cover got by)."""
        within = self.seconds < LIMIT_S and self.peak_mb < LIMIT_MB  # nan fails
        clean = "Traceback" not in self.output and not _PYTHON_WARNING.search(self.output)
        return self.code in (0, 2, 3) and within and clean

    def line(self, name: str) -> str:
        first = next((line for line in self.output.splitlines() if line.strip()), "")
        return (
            f"{'ok ' if self.ok else 'BAD'} {name:30} exit {self.code:3} {self.seconds:5.1f}s "
            f"{self.peak_mb:6.0f} MB  {first[:150]}"
        )


def run(name: str, setup: Setup, args: list[str]) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="compile-book-walk-") as scratch:
        folder = Path(scratch) / "book"
        folder.mkdir()
        extra = setup(folder)
        cache = Path(scratch) / "cache"
        env = {**os.environ, "PYTHONPATH": str(SRC), "COMPILE_BOOK_CACHE": str(cache)}
        env.pop("SOURCE_DATE_EPOCH", None)
        command = [sys.executable, "-m", "compiler.cli", str(folder / "volume.yaml")]
        if "--out" not in extra:
            command += ["--out", str(Path(scratch) / "out")]
        if not name.startswith("cache-"):
            command.append("--no-cache")
        started = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-c", _MEASURED, *command, *extra, *args],
                capture_output=True,
                text=True,
                env=env,
                timeout=LIMIT_S * 3,
            )
            stderr, _, peak = done.stderr.rstrip("\n").rpartition("\n")
            if not stderr and not peak.isdigit():
                stderr, peak = peak, ""
            peak_mb = int(peak) / 1024 if peak.isdigit() else float("nan")
            outcome = Outcome(done.returncode, 0.0, peak_mb, done.stdout + stderr)
        except subprocess.TimeoutExpired:
            outcome = Outcome(-1, 0.0, float("nan"), "timed out")
        outcome.seconds = time.monotonic() - started
        shutil.rmtree(cache, ignore_errors=True)
    return outcome


def main(fragments: list[str]) -> int:
    bad = 0
    for name, (setup, args) in CASES.items():
        if fragments and not any(f in name for f in fragments):
            continue
        outcome = run(name, setup, args)
        bad += not outcome.ok
        print(outcome.line(name), flush=True)
    print(f"{bad} case(s) outside the contract")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
