"""Build benchmark: serial and parallel cold builds, a warm build and three kinds of change, with page weights.

``python -m analysis.book.bench [OUT]`` copies the files of the repository that git
tracks (or would track) to a temporary folder and builds the copy with
``jupyter-book build -W -n --keep-going``:

cold, English only
    empty cache and no ``_build``, the English edition alone (``BOOK_LANGUAGES=en``): the measure the two-language
    build is held to;
cold, serial
    empty cache and no ``_build``, both editions, one notebook at a time (``BOOK_EXECUTION_WORKERS=1``);
cold
    the same from scratch again, notebooks in parallel (one per CPU, the default);
warm
    nothing changed: nothing executes, the Sphinx environment is reused;
data changed
    a blank line appended to ``data/regional/brede_welvaart.csv`` (CSV readers
    skip it) and its new sha256 recorded in ``data/sources.yaml``: only the
    notebooks that read that file re-execute;
bibliography changed
    a comment appended to ``references.bib``: only the notebooks that read it;
code changed
    a comment appended to a module of the data engine (``analysis/regional/charts.py``):
    only the notebooks that imported that module (directly or through another module).

For each it reports wall time, peak memory (the largest resident set of any
process of the build: ``RUSAGE_CHILDREN`` max RSS of a wrapper process that
runs the build and nothing else) and which notebooks executed, and, for each change,
which notebooks the recorded inputs say read what changed; then the page weight of
the result (:mod:`analysis.book.weight`) and the bytes of a first visit to every page
in Chromium (:mod:`analysis.book.visit`), as served here and gzip-compressed as GitHub
Pages serves it; and the PDF edition (:mod:`analysis.book.pdf`) built from the last build's execution cache:
the single-page build's time and the notebooks it executed (none expected), the printing time, size and pages.
Writes ``bench.md`` and ``bench.json`` to OUT (default ``bench-results/``) and prints the Markdown.

``python -m analysis.book.bench --data`` instead times loading and validating all
regional data, two static maps and the lookup (best of three), and the bytes of
two interactive maps: no build.

Targets (issues 6 and 14, on the 2-core machine): cold ≤ 120 s, warm ≤ 10% of cold, parallel cold ≤ 0.65 ×
serial cold, each change executes exactly the notebooks that read what changed (none when nothing changed),
(issue 21) both editions cold ≤ 1.7 × the English edition alone cold, and no notebook executes twice in a build,
first visit: introduction ≤ 500 kB, every page ≤ 1.2 MB. ``--check`` makes a missed target or page budget exit
with status 1. ``--no-browser`` leaves out the first-visit table and the PDF edition.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis import ROOT
from analysis.book import visit, weight
from analysis.book.build import copy_repo, executed, jupyter_book, strip_ansi

COLD_TARGET_S = 120.0
WARM_SHARE_TARGET = 0.10
PARALLEL_SHARE_TARGET = 0.65
EDITIONS_SHARE_TARGET = 1.7
DATA_FILE = "regional/brede_welvaart.csv"
CODE_FILE = "analysis/regional/charts.py"

_WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True, text=True)
wall = time.perf_counter() - start
rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.write(json.dumps({"returncode": proc.returncode, "wall_s": wall, "maxrss_kb": rss_kb,
                             "log": proc.stdout + proc.stderr}))
"""


@dataclass
class Run:
    """One timed build."""

    name: str
    wall_s: float
    peak_rss_mb: float
    executed: int
    returncode: int
    notebooks: list[str] = field(default_factory=list)
    """The notebooks that executed."""
    expected: list[str] | None = None
    """For a change: the notebooks whose recorded inputs include what changed."""
    warnings: int = 0
    """Lines of the log with ``WARNING``."""


def timed_build(src: Path, name: str, workers: int | None = None, languages: str = "all") -> tuple[Run, str]:
    """Build the book in ``src`` (output in ``src/_build``) in a wrapper process; return the run and its log.

    ``languages``: ``"all"`` (both editions) or ``"en"`` (the English one alone: ``BOOK_LANGUAGES``)."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONDONTWRITEBYTECODE="1", BOOK_LANGUAGES=languages)
    env.pop("BOOK_EXECUTION_WORKERS", None)
    if workers:
        env["BOOK_EXECUTION_WORKERS"] = str(workers)
    cmd = [sys.executable, "-c", _WRAPPER, str(src), jupyter_book(), "build", str(src), "-W", "-n", "--keep-going"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    res = json.loads(out.stdout)
    log = strip_ansi(res["log"])
    names = executed(log)
    run = Run(name=name, wall_s=round(res["wall_s"], 1), peak_rss_mb=round(res["maxrss_kb"] / 1024, 1),
              executed=len(names), returncode=res["returncode"], notebooks=names,
              warnings=sum("WARNING" in line for line in log.splitlines()))
    return run, log


def readers(src: Path, kind: str, name: str) -> list[str]:
    """The notebooks (``x.md``) whose recorded inputs (the cache's ``analysis-inputs.json``) include ``name``.

    ``kind`` is ``"file"`` (a file, as opened or as a registry entry) or ``"module"`` (a module of ``analysis``).
    """
    from analysis.book.cache import RECORDS

    path = src / "_build" / ".jupyter_cache" / RECORDS
    records = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    found = []
    for doc, rec in records.items():
        if kind == "module":
            hit = name in rec.get("modules", [])
        else:
            hit = name in set(rec.get("files", [])) | set(rec.get("entries", [])) | set(rec.get("bibliography", []))
        if hit:
            found.append(Path(doc).name + ".md")
    return sorted(found)


def change_bibliography(src: Path) -> str:
    with (src / "references.bib").open("a", encoding="utf-8") as f:
        f.write("\n% benchmark: a comment, so the bibliography file changed but no entry did\n")
    return "appended a comment to references.bib"


def change_code(src: Path, rel: str = CODE_FILE) -> str:
    with (src / rel).open("a", encoding="utf-8") as f:
        f.write("\n# benchmark: a comment, so the module changed\n")
    return f"appended a comment to {rel}"


def change_one_data_file(src: Path, prefer: str | None = None) -> str:
    """Edit one data file of the copy ``src`` without changing what it holds; return what was done.

    Appends a blank line to ``prefer`` if it is a registered CSV, else to the first CSV registered in
    ``data/sources.yaml`` (CSV readers skip it), and records the file's new sha256 there, as a deliberate
    data change would. With no registered CSV, adds a small file under ``data/`` instead.
    """
    import hashlib

    registry = src / "data" / "sources.yaml"
    if registry.is_file():
        text = registry.read_text(encoding="utf-8")
        names = re.findall(r"^\s{2}([\w./-]+\.csv):\s*$", text, flags=re.M)
        if prefer in names:
            names.remove(prefer)
            names.insert(0, prefer)
        for name in names:
            path = src / "data" / name
            if not path.is_file():
                continue
            old = hashlib.sha256(path.read_bytes()).hexdigest()
            if old not in text:
                continue
            with path.open("a", encoding="utf-8") as f:
                f.write("\n")
            new = hashlib.sha256(path.read_bytes()).hexdigest()
            registry.write_text(text.replace(old, new), encoding="utf-8")
            return f"appended a blank line to data/{name} and recorded its new sha256 in data/sources.yaml"
    probe = src / "data" / "bench-probe.txt"
    probe.parent.mkdir(exist_ok=True)
    probe.write_text("a changed data file\n", encoding="utf-8")
    return "added data/bench-probe.txt"


def pdf_edition(src: Path) -> dict:
    """Build the PDF edition of the copy ``src`` from its HTML build's cache; its times, notebooks run, size, pages."""
    import time

    from pypdf import PdfReader

    from analysis.book import citation, pdf

    start = time.perf_counter()
    folder = pdf.build_single(src)
    single = time.perf_counter() - start
    log = (src / "_build" / "pdf" / "build.log").read_text(encoding="utf-8")
    target = src / "_build" / "html" / citation.PDF_NAME
    printed = pdf.print_pdf(folder, target)
    return {"single_page_s": round(single, 1), "executed": executed(log), "print_s": round(printed["print_s"], 1),
            "mb": round(target.stat().st_size / 1e6, 1), "pages": len(PdfReader(str(target)).pages)}


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _versions() -> str:
    """Jupyter Book's ``--version`` lines as one line: "Jupyter Book 1.0.4.post1, MyST-NB 1.4.0, ..."."""
    out = subprocess.run([jupyter_book(), "--version"], capture_output=True, text=True).stdout
    return ", ".join(re.sub(r"\s*:\s*", " ", line.strip()) for line in out.splitlines() if ":" in line)


def markdown(report: dict, book: weight.BookWeight) -> str:
    runs = {r["name"]: r for r in report["runs"]}
    t = report["targets"]
    lines = [
        "# Build benchmark",
        "",
        f"Commit {report['commit'] or '(uncommitted)'}{' + local changes' if report['dirty'] else ''}, "
        f"{report['date']}; {report['cpus']} CPUs, Python {report['python']}, {report['jupyter_book']}.",
        "",
        "| build | wall time | peak memory | notebooks executed | expected (recorded readers) | log warnings | exit |",
        "|-------|----------:|------------:|-------------------:|------|-----:|-----:|",
    ]
    for r in report["runs"]:
        expected = "" if r.get("expected") is None else (", ".join(r["expected"]) or "none")
        shown = ", ".join(r["notebooks"]) if 0 < r["executed"] < 12 else str(r["executed"])
        if r["executed"] >= 12:
            shown = f"{r['executed']} (all)"
        lines.append(f"| {r['name']} | {r['wall_s']:.1f} s | {r['peak_rss_mb']:.0f} MB | {shown} | {expected} | "
                     f"{r.get('warnings', 0)} | {r['returncode']} |")
    serial, cold, warm = runs["cold, serial"]["wall_s"], runs["cold"]["wall_s"], runs["warm"]["wall_s"]
    lines += ["", "Changes: " + "; ".join(f"{k}: {v}" for k, v in report["changes"].items()) + ".", ""]
    lines += [
        f"Targets: cold ≤ {COLD_TARGET_S:.0f} s: {cold:.1f} s, {'met' if t['cold_ok'] else 'MISSED'}; "
        f"warm ≤ {WARM_SHARE_TARGET:.0%} of cold: {warm:.1f} s = {warm / cold:.0%}, {'met' if t['warm_ok'] else 'MISSED'}; "
        f"parallel ≤ {PARALLEL_SHARE_TARGET} × serial: {cold:.1f} / {serial:.1f} s = {cold / serial:.2f}, "
        f"{'met' if t['parallel_ok'] else 'MISSED'}; each change executes exactly its recorded readers: "
        f"{'met' if t['precise_ok'] else 'MISSED'}; quiet log (no WARNING): {'met' if t['quiet_ok'] else 'MISSED'}.",
    ]
    if "editions_ok" in t:
        english = runs["cold, English only"]["wall_s"]
        lines[-1] += (f" Both editions ≤ {EDITIONS_SHARE_TARGET} × the English edition alone (cold): {cold:.1f} / "
                      f"{english:.1f} s = {cold / english:.2f}, {'met' if t['editions_ok'] else 'MISSED'}; no notebook "
                      f"executes twice in a build: {'met' if t['once_ok'] else 'MISSED'}.")
    if report.get("first_visit"):
        over = [v["page"] for v in report["first_visit"] if v["bytes"] > (visit.INTRO_BUDGET if v["page"] == visit.INTRO
                                                                       else visit.PAGE_BUDGET)]
        lines += [
            "",
            "## First visit (Chromium, empty cache, all bytes received)",
            "",
            f"Budgets: the introduction ≤ {visit.INTRO_BUDGET / 1000:.0f} kB, every page ≤ {visit.PAGE_BUDGET / 1e6:.1f} MB. "
            f"Over budget as served here (uncompressed): {', '.join(over) or 'none'}.",
            "",
            visit.markdown([visit.FirstVisit(**v) for v in report["first_visit"]],
                           [visit.FirstVisit(**v) for v in report.get("first_visit_gzip") or []]),
        ]
    if report.get("pdf"):
        p = report["pdf"]
        lines += ["", "## PDF edition (from the last build's execution cache)", "",
                  f"Single-page build {p['single_page_s']:.1f} s, notebooks executed: {len(p['executed'])} "
                  f"({'none expected: ' + ('met' if t.get('pdf_ok') else 'MISSED')}); printing in Chromium "
                  f"{p['print_s']:.1f} s; {p['mb']:.1f} MB, {p['pages']} pages."]
    lines += ["", "## Page weight (from the HTML)", "", book.markdown()]
    problems = book.over_budget()
    if problems:
        lines += ["", "Over budget:", ""] + [f"- {p}" for p in problems]
    return "\n".join(lines) + "\n"


def data_timings(repeat: int = 3) -> dict[str, float]:
    """Time a cold load-and-validate of all data, static maps and the lookup (seconds, best of ``repeat``)."""
    import time

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.regional import maps, regions
    from analysis.regional.sources import Registry

    results: dict[str, list[float]] = {"load_validate_all": [], "static_map_corop": [], "static_map_gemeente": [],
                                       "lookup": []}
    corop = regions.indicator("gdp_per_inhabitant", "corop", 2021)
    for _ in range(repeat):
        regions.clear_caches()
        t = time.perf_counter()
        Registry.load().verify_all()
        for level in regions.LEVELS:
            regions.boundaries(level)
        regions.indicators()
        results["load_validate_all"].append(time.perf_counter() - t)
        for key, ind in (("static_map_corop", corop), ("static_map_gemeente", regions.area_indicator("gemeente"))):
            t = time.perf_counter()
            fig = maps.choropleth(ind)
            fig.canvas.draw()
            results[key].append(time.perf_counter() - t)
            plt.close(fig)
        t = time.perf_counter()
        regions.lookup()
        results["lookup"].append(time.perf_counter() - t)
    out = {k: min(v) for k, v in results.items()}
    out["interactive_corop_bytes"] = len(maps.interactive(corop).html.encode("utf-8"))
    out["interactive_gemeente_bytes"] = len(maps.interactive(regions.area_indicator("gemeente")).html.encode("utf-8"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="bench-results", help="folder for bench.md and bench.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy (its path is printed)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target or page budget is missed")
    parser.add_argument("--data", action="store_true", help="time data loading and maps only (no build)")
    parser.add_argument("--no-browser", action="store_true", help="leave out the first-visit table (no Chromium)")
    args = parser.parse_args(argv)
    if args.data:
        for key, val in data_timings().items():
            print(f"{key:28s} {val:10.0f} bytes" if key.endswith("bytes") else f"{key:28s} {val:10.3f} s")
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    tmp = Path(tempfile.mkdtemp(prefix="book-bench-"))
    try:
        src = copy_repo(tmp / "src")
        runs, changes = [], {}
        plan = [
            ("cold, English only", "english", None),
            ("cold, serial", "fresh", 1),
            ("cold", "fresh", None),
            ("warm", None, None),
            ("data changed", "data", None),
            ("bibliography changed", "bib", None),
            ("code changed", "code", None),
        ]
        for name, action, workers in plan:
            expected = None
            if action in ("fresh", "english"):
                shutil.rmtree(src / "_build", ignore_errors=True)
            elif action == "data":
                changes["data"] = change_one_data_file(src, prefer=DATA_FILE)
                expected = readers(src, "file", f"data/{DATA_FILE}")
            elif action == "bib":
                changes["bibliography"] = change_bibliography(src)
                expected = readers(src, "file", "references.bib")
            elif action == "code":
                changes["code"] = change_code(src)
                expected = readers(src, "module", CODE_FILE[:-len(".py")].replace("/", "."))
            elif name == "warm":
                expected = []
            print(f"[bench] {name} build ...", file=sys.stderr, flush=True)
            run, log = timed_build(src, name, workers=workers, languages="en" if action == "english" else "all")
            run.expected = expected
            runs.append(run)
            print(f"[bench] {name}: {run.wall_s:.1f} s, {run.peak_rss_mb:.0f} MB, "
                  f"{run.executed} notebooks executed {run.notebooks}, expected {expected}, exit {run.returncode}",
                  file=sys.stderr, flush=True)
            if run.returncode != 0:
                (out / "bench-failed.log").write_text(log, encoding="utf-8")
                print(f"[bench] the {name} build failed; its log is in {out / 'bench-failed.log'}:\n{log[-4000:]}",
                      file=sys.stderr)
                return 2
        html = src / "_build" / "html"
        book = weight.measure(html)
        first, first_gzip = [], []
        if not args.no_browser:
            from analysis.book.toc import toc_files

            pages = [f"{f}.html" for f in toc_files(src / "_toc.yml")] + ["search.html", "genindex.html"]
            pages += [f"nl/{p}" for p in pages]
            print("[bench] first visits in Chromium ...", file=sys.stderr, flush=True)
            first = visit.to_dict(visit.measure(html, pages))
            first_gzip = visit.to_dict(visit.measure(html, pages, gzip=True))
            print("[bench] the PDF edition ...", file=sys.stderr, flush=True)
            edition = pdf_edition(src)
        else:
            edition = None
        by = {r.name: r for r in runs}
        serial, cold, warm = by["cold, serial"].wall_s, by["cold"].wall_s, by["warm"].wall_s
        report = {
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "commit": _git("rev-parse", "--short", "HEAD"),
            "dirty": bool(_git("status", "--porcelain")),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "jupyter_book": _versions(),
            "changes": changes,
            "runs": [asdict(r) for r in runs],
            "targets": {
                "cold_max_s": COLD_TARGET_S, "warm_max_share_of_cold": WARM_SHARE_TARGET,
                "parallel_max_share_of_serial": PARALLEL_SHARE_TARGET,
                "cold_ok": cold <= COLD_TARGET_S, "warm_ok": warm <= WARM_SHARE_TARGET * cold,
                "parallel_ok": cold <= PARALLEL_SHARE_TARGET * serial,
                "editions_max_share_of_english": EDITIONS_SHARE_TARGET,
                "editions_ok": cold <= EDITIONS_SHARE_TARGET * by["cold, English only"].wall_s,
                "once_ok": all(len(r.notebooks) == len(set(r.notebooks)) for r in runs),
                "precise_ok": all(r.expected is None or r.notebooks == r.expected for r in runs),
                "quiet_ok": all(r.warnings == 0 for r in runs),
                "first_visit_ok": all(v["bytes"] <= (visit.INTRO_BUDGET if v["page"] == visit.INTRO else visit.PAGE_BUDGET)
                                      for v in first),
                "pdf_ok": edition is None or not edition["executed"],
            },
            "pdf": edition,
            "first_visit": first,
            "first_visit_gzip": first_gzip,
            "page_weight": book.to_dict(),
            "over_budget": book.over_budget(),
        }
        md = markdown(report, book)
        (out / "bench.md").write_text(md, encoding="utf-8")
        (out / "bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        print(md)
        print(f"[bench] wrote {out / 'bench.md'} and {out / 'bench.json'}", file=sys.stderr)
        missed = not all(v for k, v in report["targets"].items() if k.endswith("_ok")) or report["over_budget"]
        return 1 if args.check and missed else 0
    finally:
        if args.keep:
            print(f"[bench] kept the copy in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
