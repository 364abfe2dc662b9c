"""Build-speed benchmark: compile-book against bare WeasyPrint and pandoc, in one run.

    python bench/run.py                 # volumes of 30, 120 and 250 essays
    python bench/run.py --sizes 120     # one size
    python bench/run.py --index 95      # what the back-of-book index costs (~700 pages)

For each volume it measures, each step in a fresh process so peak memory is its own:
the full PDF build (empty cache), bare WeasyPrint laying out the same HTML and CSS in one
call, the EPUB build (empty cache, and again after the PDF build has cached the articles),
pandoc's EPUB of the same Markdown when pandoc is installed, a rebuild with nothing changed,
and rebuilds after editing one essay (page count unchanged, and changed). Times are of the
work itself (the build call, WeasyPrint's HTML-to-PDF call, the pandoc process), not of
interpreter start-up. The table and the targets are printed and written to bench/RESULTS.md.

``--evidence`` measures what the split-words evidence pass costs a cold build of one volume
(bench/evidence.py), three times, the median kept; its section of RESULTS.md is replaced.
``--no-cache`` times builds without a cache and counts their reads (bench/no_cache.py), three
times each, alternately against ``--baseline``, another checkout's ``src`` folder (the code
before a change), so both are measured in the same run on the same machine.

``--index`` measures one thing instead: the full PDF build of the same volume without and with
a back-of-book index (bench/volumes.py's ``INDEX``), each with an empty cache, alternately and
twice, the best of each kept; its section of RESULTS.md is replaced, the rest left as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SRC_ENV = "COMPILE_BOOK_BENCH_SRC"  # the compiler a step measures (run_step's ``src``)
sys.path[:0] = [os.environ.get(SRC_ENV, str(REPO / "src")), str(BENCH)]

import evidence  # noqa: E402
import no_cache  # noqa: E402
from volumes import INDEX, make_volume  # noqa: E402

TARGETS = [
    ("full PDF / bare WeasyPrint", "full", "weasyprint", 0.6),
    ("one-essay edit, same pages / full", "edit_same", "full", 0.15),
    ("one-essay edit, pages change / full", "edit_grow", "full", 0.3),
    ("no-change rebuild / full", "nochange", "full", 0.05),
    ("EPUB / pandoc EPUB", "epub", "pandoc", 0.5),
]
RSS_LIMIT_MB = 400
INDEX_COST_LIMIT = 1.10  # the index may slow the full build by 10% at most
INDEX_SECTION = "## Cost of the index"
EVIDENCE_SECTION = "## Cost of the split-words evidence"
EVIDENCE_REPEATS = 3
NO_CACHE_SECTION = "## Builds without a cache"
# Written by bench/covers.py.
COVER_SECTIONS = ("## Cost of the covers", "## Cover fitting before and after")
# Measured on their own (--index, --evidence, --no-cache, bench/covers.py): a full run keeps
# them as they are.
SECTIONS = (INDEX_SECTION, EVIDENCE_SECTION, NO_CACHE_SECTION, *COVER_SECTIONS)
INDEX_TERMS = INDEX.count("\n    - ")


# -- steps, each run in its own process ----------------------------------------------------
def step(name: str, volume: Path, cache: Path, out: Path, jobs: int) -> dict[str, object]:
    from compiler import build

    result: dict[str, object] = {}
    if name == "evidence":
        return dict(evidence.measure(volume, cache, out, jobs))
    if name.startswith("nocache_"):
        return dict(no_cache.measure(volume, out, jobs, [name.removeprefix("nocache_")]))
    if name == "weasyprint":
        result.update(_bare_weasyprint(volume))
    elif name == "pandoc":
        result.update(_pandoc(volume, out))
    else:
        formats = ["epub"] if name.startswith("epub") else ["pdf"]
        started, cpu = time.perf_counter(), _cpu()
        built = build(volume, out_dir=out, formats=formats, jobs=jobs, cache_dir=cache)
        result["seconds"] = time.perf_counter() - started
        result["cpu_seconds"] = _cpu() - cpu
        if built.print_result is not None:
            result["pages"] = built.print_result.page_count
        if built.layout is not None:
            result["laid_out"] = len(built.layout.laid_out_names)
            result["units"] = built.layout.units
        result["up_to_date"] = built.up_to_date
        result["bytes"] = sum(path.stat().st_size for path in built.outputs.values())
    result["rss_parent_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["rss_worker_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def _cpu() -> float:
    """CPU seconds of this process and its finished children (layout workers, pandoc)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _bare_weasyprint(volume: Path) -> dict[str, object]:
    """The same HTML and stylesheets compile-book lays out, in one WeasyPrint call."""
    from weasyprint import CSS, HTML

    from compiler.book.assemble import assemble
    from compiler.book.render import Renderer, Target
    from compiler.config import load_volume
    from compiler.errors import Diagnostics
    from compiler.interior import layout as pdf
    from compiler.interior.sandbox import BOOK_BASE_URL, SandboxedFetcher
    from compiler.machinery.styles import styles_dir

    config = load_volume(volume)
    book = assemble(config, Diagnostics()).book
    renderer = Renderer(book, Target.PRINT)
    pages = renderer.pages()
    html = renderer.document(pages)
    geometry = pdf.geometry_for(config.print, pdf.estimate_pages(book, config.print))
    front = {s.id for s in book.front}
    body_start = pdf.body_start_page(
        renderer, [p for p in pages if p.id in front], config.print, geometry
    )
    css = pdf.geometry_css(config.print, geometry, 0, body_start)
    fetcher = SandboxedFetcher([styles_dir()], book.assets)
    stylesheets = [*pdf._stylesheets(), CSS(string=css)]
    started, cpu = time.perf_counter(), _cpu()
    data = HTML(string=html, base_url=BOOK_BASE_URL, url_fetcher=fetcher).write_pdf(
        stylesheets=stylesheets
    )
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": _cpu() - cpu,
        "bytes": len(data),
    }


def _pandoc(volume: Path, out: Path) -> dict[str, object]:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return {"skipped": "pandoc is not installed"}
    from compiler.config import load_volume

    config = load_volume(volume)
    out.mkdir(parents=True, exist_ok=True)
    command = [
        pandoc,
        "--from=markdown",
        "--to=epub3",
        f"--metadata=title:{config.title}",
        "--toc",
        "-o",
        str(out / "pandoc.epub"),
        *(str(entry.path) for entry in config.articles),
    ]
    started, cpu = time.perf_counter(), _cpu()
    subprocess.run(command, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "cpu_seconds": _cpu() - cpu,
        "bytes": (out / "pandoc.epub").stat().st_size,
        "pandoc_rss_mb": usage.ru_maxrss / 1024,
    }


def run_step(
    name: str, volume: Path, cache: Path, out: Path, jobs: int, src: Path = REPO / "src"
) -> dict[str, object]:
    """``name`` in a fresh process, with the compiler of ``src`` (this checkout's by default)."""
    env = {**os.environ, "PYTHONPATH": str(src), SRC_ENV: str(src)}
    command = [
        sys.executable,
        __file__,
        "--step",
        name,
        "--volume",
        str(volume),
        "--cache",
        str(cache),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- one volume --------------------------------------------------------------------------
def bench_volume(essays: int, work: Path, jobs: int) -> dict[str, dict[str, object]]:
    root = work / f"volume-{essays}"
    volume = make_volume(root, essays)
    cache, out = work / f"cache-{essays}", root / "build"
    rows: dict[str, dict[str, object]] = {}

    def measure(name: str, step_name: str | None = None, **kw: Path) -> None:
        rows[name] = run_step(
            step_name or name, volume, kw.get("cache", cache), kw.get("out", out), jobs
        )
        print(f"  {essays:>3} essays  {name:<11} {_fmt(rows[name])}", flush=True)

    measure("weasyprint")
    measure("full")
    measure("nochange")
    middle = sorted((root / "articles").glob("*.md"))[essays // 2]
    text = middle.read_text(encoding="utf-8")
    middle.write_text(text.replace(" the ", " the\u00a0", 1), encoding="utf-8")
    measure("edit_same")
    paragraphs = [p for p in text.split("\n\n") if len(p) > 200][:12]
    middle.write_text(text + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    measure("edit_grow")
    measure("epub_cold", "epub", cache=work / f"cache-{essays}-epub", out=work / f"epub-{essays}")
    measure("epub")  # the articles are in the cache the PDF builds filled
    measure("pandoc", out=work / f"pandoc-{essays}")
    return rows


def bench_index(essays: int, work: Path, jobs: int, rounds: int = 2) -> str:
    """The index's share of a full PDF build, as a section of RESULTS.md."""
    volumes = {
        "without": make_volume(work / f"plain-{essays}", essays),
        "with": make_volume(work / f"indexed-{essays}", essays, index=True),
    }
    best: dict[str, dict[str, object]] = {}
    for turn in range(rounds):
        for kind, volume in volumes.items():
            cache = work / f"cache-index-{kind}-{essays}-{turn}"
            row = run_step("full", volume, cache, volume.parent / "build", jobs)
            print(f"  {essays:>3} essays  {kind} index  {_fmt(row)}", flush=True)
            if kind not in best or float(row["seconds"]) < float(best[kind]["seconds"]):
                best[kind] = row
    wall = float(best["with"]["seconds"]) / float(best["without"]["seconds"])
    cpu = float(best["with"]["cpu_seconds"]) / float(best["without"]["cpu_seconds"])
    met = "yes" if wall <= INDEX_COST_LIMIT else "**no**"
    return "\n".join(
        [
            INDEX_SECTION,
            "",
            f"`python bench/run.py --index {essays}` on {platform.system()} "
            f"{platform.machine()}, {os.cpu_count()} cores, `--jobs {jobs}`: the full PDF "
            f"build (empty cache) of {essays} essays without and with the {INDEX_TERMS}-term "
            "index of bench/volumes.py, best of "
            f"{rounds} alternate runs each.",
            "",
            "| index | seconds | CPU seconds | pages |",
            "|---|---:|---:|---:|",
            *(
                f"| {kind} | {float(row['seconds']):.2f} | {float(row['cpu_seconds']):.2f} | "
                f"{row.get('pages', '')} |"
                for kind, row in best.items()
            ),
            "",
            "| ratio | target | measured | met |",
            "|---|---:|---:|---|",
            f"| with index / without, wall time | ≤ {INDEX_COST_LIMIT} | {wall:.3f} | {met} |",
            f"| with index / without, CPU time | | {cpu:.3f} | |",
            "",
        ]
    )


def bench_evidence(essays: int, work: Path, jobs: int) -> str:
    """The split-words evidence pass's share of a cold PDF build, as a section of RESULTS.md."""
    volume = make_volume(work / f"evidence-{essays}", essays)
    runs = []
    for turn in range(EVIDENCE_REPEATS):
        cache = work / f"cache-evidence-{essays}-{turn}"
        found = run_step("evidence", volume, cache, volume.parent / "build", jobs)
        runs.append({**found, **evidence.shares(found)})
        share = runs[-1]["pass / build"]
        print(f"  {essays:>3} essays  run {turn + 1}  pass / build {share:.3f}", flush=True)

    def median(key: str) -> float:
        return statistics.median(float(run.get(key, 0.0)) for run in runs)

    rows = [
        *((part, "CPU s") for part in evidence.PARTS),
        ("pass", "CPU s"),
        ("build CPU", "CPU s"),
        ("build wall", "s"),
        ("pages", "pages"),
        ("units", "units"),
        ("units laid out", "units"),
        ("layouts", "unit layouts"),
        ("passes", "body layouts"),
    ]
    ratios = ["pass / cleanup", "pass / build", "split-words / cleanup"]
    return "\n".join(
        [
            EVIDENCE_SECTION,
            "",
            f"`python bench/run.py --evidence {essays}` on {platform.system()} "
            f"{platform.machine()}, {os.cpu_count()} cores, `--jobs {jobs}`: a cold PDF build "
            f"of {essays} essays (an empty cache each time), {EVIDENCE_REPEATS} runs, the median "
            "of each figure. CPU seconds are summed over the build and its workers, each part "
            "timed where it runs (bench/evidence.py). The pass is what split-words' look at the "
            "whole volume adds: the words counted in each article, the volume's words "
            "gathered, and the read kept for the cleanup and taken back; the cleanup is every "
            "`clean` call plus the pass; the rule itself runs within the cleanup.",
            "",
            "| part | unit | median | runs |",
            "|---|---|---:|---|",
            *(
                f"| {key} | {unit} | {median(key):{_places(unit)}} | "
                + ", ".join(f"{float(run.get(key, 0.0)):{_places(unit)}}" for run in runs)
                + " |"
                for key, unit in rows
            ),
            "",
            "| ratio | median | runs |",
            "|---|---:|---|",
            *(
                f"| {key} | {median(key):.3f} | "
                + ", ".join(f"{float(run[key]):.3f}" for run in runs)
                + " |"
                for key in ratios
            ),
            "",
        ]
    )


def bench_no_cache(essays: int, work: Path, jobs: int, baseline: Path | None) -> str:
    """Builds without a cache, against ``baseline``'s code in the same run."""
    volume = make_volume(work / f"no-cache-{essays}", essays)
    codes = {"this code": REPO / "src", **({"baseline": baseline} if baseline else {})}
    runs: dict[tuple[str, str], list[dict[str, object]]] = {}
    for _ in range(EVIDENCE_REPEATS):
        for form in ("epub", "pdf"):
            for code, src in codes.items():
                row = run_step(f"nocache_{form}", volume, work, volume.parent / "build", jobs, src)
                runs.setdefault((form, code), []).append(row)
                print(f"  {essays:>3} essays  {form} {code:<9}  {_fmt_plain(row)}", flush=True)

    def median(form: str, code: str, key: str) -> float:
        return statistics.median(float(str(row[key])) for row in runs[form, code])

    lines = [
        NO_CACHE_SECTION,
        "",
        f"`python bench/run.py --no-cache {essays}"
        + (" --baseline OTHER/src`" if baseline else "`")
        + f" on {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"`--jobs {jobs}`: builds of {essays} essays with `--no-cache`, EPUB alone and PDF "
        f"alone, {EVIDENCE_REPEATS} runs of each, alternately"
        + (" with the baseline's code and this code" if baseline else "")
        + ", the median of each. Reads are calls of the article reader.",
        "",
        "| format | code | reads | articles | seconds | CPU seconds |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for form in ("epub", "pdf"):
        for code in codes:
            lines.append(
                f"| {form.upper()} | {code} | {median(form, code, 'reads'):.0f} | "
                f"{median(form, code, 'articles'):.0f} | {median(form, code, 'seconds'):.2f} | "
                f"{median(form, code, 'cpu_seconds'):.2f} |"
            )
    if baseline:
        lines += ["", "| ratio, this code / baseline | seconds | CPU seconds |", "|---|---:|---:|"]
        for form in ("epub", "pdf"):
            wall, cpu = (
                median(form, "this code", key) / median(form, "baseline", key)
                for key in ("seconds", "cpu_seconds")
            )
            lines.append(f"| {form.upper()} without a cache | {wall:.3f} | {cpu:.3f} |")
    return "\n".join([*lines, ""])


def _places(unit: str) -> str:
    """Seconds to the millisecond, counts whole."""
    return ".3f" if unit in ("s", "CPU s") else ".0f"


def _fmt_plain(row: dict[str, object]) -> str:
    return ", ".join(
        f"{key} {value:.2f}" if isinstance(value, float) else f"{key} {value}"
        for key, value in row.items()
    )


def _with_section(text: str, section: str) -> str:
    """RESULTS.md with the section of ``section``'s heading replaced (or added at the end)."""
    heading = section.split("\n", 1)[0]
    before, found, after = text.partition(heading)
    if found:
        rest = after.split("\n## ", 1)
        after = "\n## " + rest[1] if len(rest) > 1 else ""
        return before + section + after
    return text.rstrip("\n") + "\n\n" + section


def kept_sections(report: str, before: str) -> str:
    """A full run's ``report`` with the sections measured on their own (:data:`SECTIONS`)
    carried over from the RESULTS.md it replaces."""
    for heading in SECTIONS:
        kept = before.partition(heading)
        if kept[1]:
            report = _with_section(report, kept[1] + kept[2].split("\n## ", 1)[0])
    return report


def _fmt(row: dict[str, object]) -> str:
    if "skipped" in row:
        return str(row["skipped"])
    extra = []
    if "pages" in row:
        extra.append(f"{row['pages']} pages")
    if "laid_out" in row:
        extra.append(f"{row['laid_out']}/{row['units']} units laid out")
    if row.get("up_to_date"):
        extra.append("up to date")
    return (
        f"{row['seconds']:7.2f} s ({row['cpu_seconds']:6.2f} s CPU)  "
        f"parent {row['rss_parent_mb']:.0f} MB  "
        f"workers {row['rss_worker_mb']:.0f} MB  " + ", ".join(extra)
    )


# -- report ------------------------------------------------------------------------------
def ratio(rows: dict[str, dict[str, object]], a: str, b: str) -> float | None:
    if "seconds" not in rows.get(a, {}) or "seconds" not in rows.get(b, {}):
        return None
    return float(rows[a]["seconds"]) / float(rows[b]["seconds"])


def report(results: dict[int, dict[str, dict[str, object]]], jobs: int) -> str:
    lines = [
        "# Build-speed benchmark",
        "",
        f"Run with `python bench/run.py` on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores, `--jobs {jobs}`, Python {platform.python_version()}. "
        "Times are seconds of work (build call, WeasyPrint call, pandoc process); peak RSS is "
        "per process, the parent and the largest layout worker.",
        "",
        "| essays | step | seconds | CPU seconds | pages | parent MB | worker MB | note |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    labels = {
        "weasyprint": "bare WeasyPrint, one call",
        "full": "compile-book PDF, empty cache",
        "nochange": "rebuild, nothing changed",
        "edit_same": "rebuild, one essay edited (same pages)",
        "edit_grow": "rebuild, one essay edited (pages change)",
        "epub_cold": "compile-book EPUB, empty cache",
        "epub": "compile-book EPUB, articles cached",
        "pandoc": "pandoc EPUB",
    }
    for essays, rows in results.items():
        for name, row in rows.items():
            if "skipped" in row:
                lines.append(f"| {essays} | {labels[name]} | | | | | | {row['skipped']} |")
                continue
            note = []
            if "laid_out" in row:
                note.append(f"{row['laid_out']} of {row['units']} units laid out")
            if row.get("up_to_date"):
                note.append("up to date")
            lines.append(
                f"| {essays} | {labels[name]} | {row['seconds']:.2f} | {row['cpu_seconds']:.2f} | "
                f"{row.get('pages', '')} | "
                f"{row['rss_parent_mb']:.0f} | {row['rss_worker_mb']:.0f} | {', '.join(note)} |"
            )
    lines += [
        "",
        "## Targets",
        "",
        "| essays | ratio | target | measured | met |",
        "|---:|---|---:|---:|---|",
    ]
    for essays, rows in results.items():
        for label, a, b, limit in TARGETS:
            value = ratio(rows, a, b)
            shown = "n/a" if value is None else f"{value:.3f}"
            met = "" if value is None else ("yes" if value <= limit else "**no**")
            lines.append(f"| {essays} | {label} | ≤ {limit} | {shown} | {met} |")
            if a == "full" and b == "weasyprint" and value is not None:
                share = float(rows[a]["cpu_seconds"]) / float(rows[b]["cpu_seconds"])
                lines.append(
                    f"| {essays} | CPU time: full PDF / bare WeasyPrint | | {share:.3f} | |"
                )
            if a == "epub":
                cold = ratio(rows, "epub_cold", b)
                if cold is not None:
                    met = "yes" if cold <= limit else "**no**"
                    lines.append(
                        f"| {essays} | EPUB, empty cache / pandoc EPUB | ≤ {limit} | "
                        f"{cold:.3f} | {met} |"
                    )
        peak = max(
            max(float(r.get("rss_parent_mb", 0)), float(r.get("rss_worker_mb", 0)))
            for n, r in rows.items()
            if n not in ("weasyprint", "pandoc")
        )
        met = "yes" if peak <= RSS_LIMIT_MB else "**no**"
        lines.append(
            f"| {essays} | peak RSS of compile-book, parent or worker | "
            f"≤ {RSS_LIMIT_MB} MB | {peak:.0f} MB | {met} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 120, 250])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--work", type=Path, help="keep the volumes here (default: temporary)")
    parser.add_argument(
        "--index", type=int, metavar="ESSAYS", help="measure the index's cost on one volume"
    )
    parser.add_argument(
        "--evidence",
        type=int,
        metavar="ESSAYS",
        help="measure the split-words evidence pass's share of a cold build of one volume",
    )
    parser.add_argument(
        "--no-cache",
        type=int,
        metavar="ESSAYS",
        help="time builds of one volume without a cache and count their reads",
    )
    parser.add_argument(
        "--baseline", type=Path, metavar="SRC", help="with --no-cache: another checkout's src"
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--volume", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.volume, args.cache, args.out, args.jobs)))
        return
    if args.index or args.evidence or args.no_cache:
        with tempfile.TemporaryDirectory(prefix="compile-book-bench-") as temporary:
            work = args.work or Path(temporary)
            if args.index:
                section = bench_index(args.index, work, args.jobs)
            elif args.evidence:
                section = bench_evidence(args.evidence, work, args.jobs)
            else:
                section = bench_no_cache(args.no_cache, work, args.jobs, args.baseline)
        print()
        print(section)
        results_md = BENCH / "RESULTS.md"
        text = _with_section(results_md.read_text(encoding="utf-8"), section)
        results_md.write_text(text, encoding="utf-8")
        return
    with tempfile.TemporaryDirectory(prefix="compile-book-bench-") as temporary:
        work = args.work or Path(temporary)
        results = {}
        for essays in args.sizes:
            results[essays] = bench_volume(essays, work, args.jobs)
    text = report(results, args.jobs)
    print()
    print(text)
    results_md = BENCH / "RESULTS.md"
    text = kept_sections(text, results_md.read_text(encoding="utf-8"))
    results_md.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
