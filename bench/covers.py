"""What drawing a print cover costs: WeasyPrint layouts and seconds per cover, in one run.

    python bench/covers.py            # prints the table and replaces its section of RESULTS.md
    python bench/covers.py --repeat 5

For the two example books and the 45-essay volume of bench/volumes.py (titled "The Federalist
Papers, Numbers 1 to 45"), in every cover style, it draws the print cover as a build does
(blurb, spine and front fitted) and counts the WeasyPrint layouts that took. The baseline is
one bare WeasyPrint layout of the same cover's final HTML and CSS in the same process, so the
ratio says how many layouts' worth of time the fitting cost, whatever the machine's load.
Times are the best of ``--repeat`` runs, fonts and stylesheets already loaded.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO / "src"), str(BENCH)]

import weasyprint  # noqa: E402
from PIL import Image  # noqa: E402
from volumes import make_volume  # noqa: E402

from compiler.book.assemble import book_meta  # noqa: E402
from compiler.config import load_volume  # noqa: E402
from compiler.covers import draw  # noqa: E402
from compiler.covers.compose import cover_text  # noqa: E402
from compiler.errors import Diagnostics  # noqa: E402

SECTION = "## Cost of the covers"
STYLES = ("classic", "typographic", "photo")
# Interior page counts, which set the spine: measured from the books' print builds.
BOOKS = (
    ("Power and Music", REPO / "books" / "power-and-music" / "volume.yaml", 88),
    ("The Executive", REPO / "books" / "the-executive" / "volume.yaml", 26),
)
FEDERALIST = ("The Federalist Papers, Numbers 1 to 45", 45, 294)


class Layouts:
    """Counts WeasyPrint renders and keeps the arguments of the last one."""

    def __init__(self) -> None:
        self.count = 0
        self.last: tuple = ()
        self._render = weasyprint.HTML.render

    def __enter__(self) -> Layouts:
        layouts = self
        original = self._render

        def render(html, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            layouts.count += 1
            layouts.last = (html, args, kwargs)
            return original(html, *args, **kwargs)

        weasyprint.HTML.render = render
        return self

    def __exit__(self, *exc: object) -> None:
        weasyprint.HTML.render = self._render


def bench_cover(meta, settings, pages, text, out: Path, repeat: int) -> dict[str, float]:
    """Layouts and best time of one cover, and of one bare layout of its final HTML."""
    best, bare = float("inf"), float("inf")
    layouts = Layouts()
    for _ in range(repeat):
        with layouts:
            layouts.count = 0
            start = time.perf_counter()
            draw.write_print_cover(meta, settings, pages, out, text)
            best = min(best, time.perf_counter() - start)
        html, args, kwargs = layouts.last
        start = time.perf_counter()
        html.render(*args, **kwargs).write_pdf()
        bare = min(bare, time.perf_counter() - start)
    return {"layouts": layouts.count, "seconds": best, "bare": bare}


def run(repeat: int, work: Path) -> list[tuple[str, str, dict[str, float]]]:
    picture = work / "picture.jpg"
    Image.linear_gradient("L").resize((400, 500)).convert("RGB").save(picture, quality=85)
    title, essays, pages = FEDERALIST
    books = [*BOOKS, (title, make_volume(work / "federalist", essays, title=title), pages)]
    rows = []
    draw.write_print_cover(  # fonts and stylesheets loaded before anything is timed
        book_meta(load_volume(books[0][1]), []), load_volume(books[0][1]).print, 86, work / "w.pdf"
    )
    for name, path, count in books:
        volume = load_volume(path)
        meta = book_meta(volume, [])
        text = cover_text(volume, Diagnostics())
        for style in STYLES:
            design = dataclasses.replace(
                text.design, style=style, image=picture if style == "photo" else None
            )
            styled = dataclasses.replace(text, design=design)
            result = bench_cover(meta, volume.print, count, styled, work / "cover.pdf", repeat)
            rows.append((name, style, result))
            print(name, style, result, flush=True)
    return rows


def section(rows: list[tuple[str, str, dict[str, float]]], repeat: int) -> str:
    lines = [
        SECTION,
        "",
        "Run with `python bench/covers.py` (best of "
        f"{repeat}): each print cover as a build draws it, against one bare WeasyPrint layout "
        "of the same cover's final HTML and CSS in the same process.",
        "",
        "| book | style | layouts | seconds | bare layout | ratio |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, style, r in rows:
        lines.append(
            f"| {name} | {style} | {r['layouts']:.0f} | {r['seconds']:.3f} | {r['bare']:.3f} "
            f"| {r['seconds'] / r['bare']:.2f} |"
        )
    total = sum(r["seconds"] for *_, r in rows) / sum(r["bare"] for *_, r in rows)
    lines += ["", f"All covers: {total:.2f} bare layouts' time per cover.", ""]
    return "\n".join(lines)


def with_section(text: str, new: str) -> str:
    """RESULTS.md with this section replaced (or added at the end), the rest as it was."""
    before, found, after = text.partition(SECTION)
    if found:
        rest = after.split("\n## ", 1)
        return before + new + ("\n## " + rest[1] if len(rest) > 1 else "")
    return text.rstrip("\n") + "\n\n" + new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="compile-book-covers-") as temporary:
        rows = run(args.repeat, Path(temporary))
    text = section(rows, args.repeat)
    print()
    print(text)
    if not args.no_write:
        results = BENCH / "RESULTS.md"
        results.write_text(with_section(results.read_text(encoding="utf-8"), text), "utf-8")


if __name__ == "__main__":
    main()
