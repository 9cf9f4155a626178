"""Build benchmark: cold, warm and data-changed builds of the book, with the page-weight table.

``python -m analysis.book.bench [OUT]`` copies the files of the repository that git
tracks (or would track) to a temporary folder and builds the copy three times
with ``jupyter-book build -W -n --keep-going``:

cold
    empty cache and no ``_build``: every notebook executes;
warm
    nothing changed: the cache and the Sphinx environment are reused;
data changed
    one data file of the copy edited (a blank line appended to a registered
    CSV, which the loaders skip; its sha256 updated in the copy's
    ``data/sources.yaml``), so every chapter re-executes.

For each it reports wall time, peak memory (the largest resident set of any
process of the build: ``RUSAGE_CHILDREN`` max RSS of a wrapper process that
runs the build and nothing else) and how many notebooks executed; then the
page weight of the result (:mod:`analysis.book.weight`). Writes ``bench.md`` and
``bench.json`` to OUT (default ``bench-results/``) and prints the Markdown.

``python -m analysis.book.bench --data`` instead times loading and validating all
regional data, two static maps and the lookup (best of three), and the bytes of
two interactive maps: no build.

Targets (issue 6, on the 2-core machine): cold ≤ 120 s, warm ≤ 10% of cold.
``--check`` makes a missed target or page budget exit with status 1.
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
from dataclasses import asdict, dataclass
from pathlib import Path

from analysis import ROOT
from analysis.book import weight
from analysis.book.build import copy_repo, executed, jupyter_book, strip_ansi

COLD_TARGET_S = 120.0
WARM_SHARE_TARGET = 0.10

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


def timed_build(src: Path, name: str) -> tuple[Run, str]:
    """Build the book in ``src`` (output in ``src/_build``) in a wrapper process; return the run and its log."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-c", _WRAPPER, str(src), jupyter_book(), "build", str(src), "-W", "-n", "--keep-going"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    res = json.loads(out.stdout)
    log = strip_ansi(res["log"])
    run = Run(name=name, wall_s=round(res["wall_s"], 1), peak_rss_mb=round(res["maxrss_kb"] / 1024, 1),
              executed=len(executed(log)), returncode=res["returncode"])
    return run, log


def change_one_data_file(src: Path) -> str:
    """Edit one data file of the copy ``src`` without changing what it holds; return what was done.

    Appends a blank line to the first CSV registered in ``data/sources.yaml`` (CSV readers skip it) and
    records the file's new sha256 there, as a deliberate data change would. With no registered CSV,
    adds a small file under ``data/`` instead.
    """
    import hashlib

    registry = src / "data" / "sources.yaml"
    if registry.is_file():
        text = registry.read_text(encoding="utf-8")
        for name in re.findall(r"^\s{2}([\w./-]+\.csv):\s*$", text, flags=re.M):
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
    runs = report["runs"]
    cold = runs[0]["wall_s"]
    lines = [
        "# Build benchmark",
        "",
        f"Commit {report['commit'] or '(uncommitted)'}{' + local changes' if report['dirty'] else ''}, "
        f"{report['date']}; {report['cpus']} CPUs, Python {report['python']}, {report['jupyter_book']}.",
        f"Data change: {report['data_change']}.",
        "",
        "| build | wall time | peak memory | notebooks executed | exit |",
        "|-------|----------:|------------:|-------------------:|-----:|",
    ]
    for r in runs:
        lines.append(f"| {r['name']} | {r['wall_s']:.1f} s | {r['peak_rss_mb']:.0f} MB | {r['executed']} | {r['returncode']} |")
    warm = runs[1]["wall_s"]
    t = report["targets"]
    lines += [
        "",
        f"Targets: cold ≤ {COLD_TARGET_S:.0f} s: {cold:.1f} s, {'met' if t['cold_ok'] else 'MISSED'}; "
        f"warm ≤ {WARM_SHARE_TARGET:.0%} of cold: {warm:.1f} s = {warm / cold:.0%} of cold, "
        f"{'met' if t['warm_ok'] else 'MISSED'}.",
        "",
        "## Page weight",
        "",
        book.markdown(),
    ]
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
        runs, logs = [], {}
        for name in ("cold", "warm", "data changed"):
            if name == "data changed":
                change = change_one_data_file(src)
            print(f"[bench] {name} build ...", file=sys.stderr, flush=True)
            run, log = timed_build(src, name)
            runs.append(run)
            logs[name] = log
            print(f"[bench] {name}: {run.wall_s:.1f} s, {run.peak_rss_mb:.0f} MB, "
                  f"{run.executed} notebooks executed, exit {run.returncode}", file=sys.stderr, flush=True)
            if run.returncode != 0:
                (out / "bench-failed.log").write_text(log, encoding="utf-8")
                print(f"[bench] the {name} build failed; its log is in {out / 'bench-failed.log'}:\n{log[-4000:]}",
                      file=sys.stderr)
                return 2
        book = weight.measure(src / "_build" / "html")
        cold, warm = runs[0].wall_s, runs[1].wall_s
        report = {
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "commit": _git("rev-parse", "--short", "HEAD"),
            "dirty": bool(_git("status", "--porcelain")),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "jupyter_book": _versions(),
            "data_change": change,
            "runs": [asdict(r) for r in runs],
            "targets": {
                "cold_max_s": COLD_TARGET_S, "warm_max_share_of_cold": WARM_SHARE_TARGET,
                "cold_ok": cold <= COLD_TARGET_S, "warm_ok": warm <= WARM_SHARE_TARGET * cold,
            },
            "page_weight": book.to_dict(),
            "over_budget": book.over_budget(),
        }
        md = markdown(report, book)
        (out / "bench.md").write_text(md, encoding="utf-8")
        (out / "bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        print(md)
        print(f"[bench] wrote {out / 'bench.md'} and {out / 'bench.json'}", file=sys.stderr)
        missed = not (report["targets"]["cold_ok"] and report["targets"]["warm_ok"]) or report["over_budget"]
        return 1 if args.check and missed else 0
    finally:
        if args.keep:
            print(f"[bench] kept the copy in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
