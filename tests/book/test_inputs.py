"""What a notebook reads is recorded (analysis.book.inputs), and its stamp follows exactly those inputs (cache.Inputs)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from analysis import ROOT
from analysis.book import cache, inputs


def _record(code: str, tmp_path: Path) -> dict:
    """Run ``code`` in a fresh Python with the recorder started (as a kernel is); return what it recorded."""
    out = tmp_path / "record.jsonl"
    script = f"import analysis.book.inputs as i; i.start({str(out)!r})\n" + textwrap.dedent(code)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT / "book", check=True, timeout=300,
                   env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return inputs.read(out) if out.is_file() else {}


def test_the_recorder_sees_registry_entries_bibliography_files_and_modules(tmp_path):
    rec = _record("""
        from analysis.regional.sources import Registry
        Registry.load().read_bytes("regional/regio_deals.csv")
        from analysis.literature import bibliography
        bibliography.raw_entries()
        open("../CITATION.cff").read()
    """, tmp_path)
    assert rec["entries"] == ["data/regional/regio_deals.csv"]
    assert rec["registry"] == ["data/sources.yaml"]
    assert "references.bib" in rec["bibliography"] and "references.bib" in rec["files"]
    assert "CITATION.cff" in rec["files"]
    assert "data/sources.yaml" not in rec["files"], "the registry is recorded per entry, never as a whole"
    assert {"analysis.regional.sources", "analysis.literature.bibliography"} <= set(rec["modules"])
    assert "analysis.regional.maps" not in rec["modules"] and not any(m.startswith("analysis.chapters")
                                                                      for m in rec["modules"])


def test_one_indicator_reads_only_the_file_that_holds_it(tmp_path):
    rec = _record("""
        from analysis.regional import regions
        regions.indicator("gdp_per_inhabitant", "corop", 2021)
    """, tmp_path)
    tables = [e for e in rec["entries"] if e.startswith("data/regional/") and "crosswalk" not in e]
    assert tables == ["data/regional/economy_gdp.csv"], rec["entries"]
    assert "analysis.regional.maps" not in rec["modules"]


def test_the_recorder_imports_no_engine_itself(tmp_path):
    rec = _record("import sys; assert 'analysis.regional' not in sys.modules and 'pandas' not in sys.modules",
                  tmp_path)
    assert rec.get("modules", []) == []


def test_the_engines_hooks_are_empty_lists_outside_a_recording():
    from analysis.literature import bibliography
    from analysis.regional import sources

    assert sources.READ_HOOKS == [] and bibliography.READ_HOOKS == []


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "data" / "regional").mkdir(parents=True)
    (root / "analysis" / "regional").mkdir(parents=True)
    (root / "analysis" / "literature").mkdir(parents=True)
    (root / "analysis" / "__init__.py").write_text("ROOT = None\n")
    (root / "analysis" / "regional" / "maps.py").write_text("x = 1\n")
    (root / "analysis" / "literature" / "tables.py").write_text("y = 1\n")
    for name in ("a.csv", "b.csv"):
        (root / "data" / "regional" / name).write_text("k,v\n1,2\n")
    _register(root)
    (root / "references.bib").write_text("@misc{a, title={A}}\n")
    return root


def _register(root: Path, units: str = "percent") -> None:
    files = {f"regional/{n}": {"kind": "indicators",
                               "sha256": hashlib.sha256((root / "data" / "regional" / n).read_bytes()).hexdigest()}
             for n in ("a.csv", "b.csv")}
    (root / "data" / "sources.yaml").write_text(yaml.safe_dump({"units": {"x": units}, "files": files}))


def test_a_stamp_changes_with_the_notebooks_own_inputs_only(tmp_path):
    root = _tree(tmp_path)
    reads_a = {"entries": ["data/regional/a.csv"], "files": ["data/regional/a.csv"], "registry": ["data/sources.yaml"],
               "modules": ["analysis.regional.maps"]}
    reads_bib = {"bibliography": ["references.bib"], "files": ["references.bib"], "modules": ["analysis.literature.tables"]}

    def stamps():
        i = cache.Inputs(root)
        return i.stamp(reads_a), i.stamp(reads_bib), i.stamp(None)

    a0, bib0, all0 = stamps()
    with (root / "data" / "regional" / "b.csv").open("a") as f:
        f.write("3,4\n")
    _register(root)  # b's new checksum recorded in sources.yaml
    a1, bib1, all1 = stamps()
    assert a1 == a0, "a change to b.csv and its registry entry must not touch a notebook that reads only a.csv"
    assert bib1 == bib0 and all1 != all0
    with (root / "data" / "regional" / "a.csv").open("a") as f:
        f.write("5,6\n")
    _register(root)
    a2, bib2, _ = stamps()
    assert a2 != a1 and bib2 == bib1, "a notebook that reads a changed file must re-run"
    _register(root, units="share")
    a_units = stamps()[0]
    assert a_units != a2, "the registry's own sections are an input of every notebook that loaded it"
    (root / "analysis" / "literature" / "tables.py").write_text("y = 2\n")
    a3, bib3, _ = stamps()
    assert bib3 != bib2 and a3 == a_units, "a module change re-runs the notebooks that imported it only"
    (root / "analysis" / "regional" / "charts.py").write_text("z = 1\n")
    assert stamps()[0] == a3, "a new module of the same wing is no input of a notebook that never imported it"
    (root / "analysis" / "__init__.py").write_text("ROOT = 1\n")
    assert stamps()[0] != a3, "the package's top-level files belong to every wing"


def test_a_notebook_with_no_record_is_stamped_with_every_input(tmp_path):
    root = _tree(tmp_path)
    assert cache.Inputs(root).stamp(None) == "all-" + cache.fingerprint(root)
    assert cache.Inputs(root).stamp({}) != cache.Inputs(root).stamp(None)


def test_records_read_back_as_sorted_sets(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in [{"file": "b"}, {"file": "a"}, {"file": "a"},
                                                       {"module": "analysis.book.facts"}]))
    rec = inputs.read(path)
    assert rec["files"] == ["a", "b"] and rec["modules"] == ["analysis.book.facts"] and rec["entries"] == []


@pytest.mark.parametrize("mode", ["w", "a", "r+", "x"])
def test_files_written_are_not_inputs(tmp_path, mode):
    rec = inputs.Recorder(tmp_path / "out.jsonl", ROOT)
    rec.audit("open", (str(ROOT / "references.bib"), mode, 0))
    rec.audit("open", (str(ROOT / "analysis" / "__init__.py"), "r", 0))
    rec.audit("open", (str(ROOT / "data" / "sources.yaml"), "r", 0))
    assert rec.seen == set()
    rec.audit("open", (str(ROOT / "references.bib"), "rb", 0))
    assert rec.seen == {("file", "references.bib")}
