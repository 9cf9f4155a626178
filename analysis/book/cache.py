"""Sphinx extension: execute outdated notebooks in parallel, and re-execute a notebook only when its own inputs changed.

Jupyter Book's cache keys a notebook on its code cells only, so a changed data file, bibliography or
``analysis`` module would reuse stale outputs. This extension

* records, while a notebook executes, what it reads (:mod:`analysis.book.inputs`: the data files and registry
  entries, the bibliography files, the ``analysis`` modules it imports) and keeps these records with the
  execution cache (``analysis-inputs.json`` in the jupyter-cache folder);
* appends to every MyST notebook a hidden cell carrying a hash of *its own* recorded inputs (or, for a
  notebook with no record yet, of every watched input), so the cached outputs of one state of its inputs are
  never served for another, and marks a page outdated when that hash changed;
* before Sphinx reads the pages, executes every notebook the cache does not hold for its current code and
  inputs, in parallel (``analysis_execution_workers``, default: one per CPU; environment variable
  ``BOOK_EXECUTION_WORKERS`` overrides), each kernel on an IPC transport (no TCP port, no warning), and
  stores the results in the cache, where MyST-NB finds them. A notebook that fails here is left to MyST-NB,
  which executes it again and reports the failing cell with its traceback, as without this extension.

A build with nothing changed executes nothing and keeps the Sphinx environment.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from analysis import ROOT

WATCHED = ("analysis", "data", "references.bib")
"""Inputs, relative to the repository root, whose change re-executes a notebook that has no record yet."""

SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}

RECORDS = "analysis-inputs.json"
"""The file, in the jupyter-cache folder, that holds what each notebook read when it last executed."""

REGISTRY = "data/sources.yaml"


def _files_under(path: Path, root: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".pyc"
                  and not SKIP_PARTS.intersection(p.relative_to(root).parts))


def input_files(root: Path = ROOT) -> list[Path]:
    """Every file under the watched inputs, sorted, skipping caches."""
    files: list[Path] = []
    for name in WATCHED:
        files.extend(_files_under(root / name, root))
    return sorted(files)


def _digest_files(files: list[Path], root: Path) -> hashlib._Hash:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest


def fingerprint(root: Path = ROOT) -> str:
    """A short sha256 over the names and bytes of every watched input file."""
    return _digest_files(input_files(root), root).hexdigest()[:16]


class Inputs:
    """Hashes of the current state of each kind of input, computed once per build."""

    def __init__(self, root: Path = ROOT):
        self.root = Path(root)
        self._files: dict[str, str] = {}
        self._modules: dict[str, str] = {}
        self._registry: dict | None = None

    def file(self, rel: str) -> str:
        if rel not in self._files:
            path = self.root / rel
            self._files[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
        return self._files[rel]

    def registry(self) -> dict:
        if self._registry is None:
            path = self.root / REGISTRY
            try:
                self._registry = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError):
                self._registry = {"unreadable": self.file(REGISTRY)}
        return self._registry

    def entry(self, rel: str) -> str:
        """The registry's entry of a data file (its checksum, provenance) and the file's bytes."""
        name = rel[len("data/"):] if rel.startswith("data/") else rel
        files = self.registry().get("files") or {}
        meta = json.dumps(files.get(name), sort_keys=True, default=str)
        return hashlib.sha256(f"{meta}\0{self.file(rel)}".encode()).hexdigest()

    def registry_meta(self) -> str:
        """Everything in the registry but its ``files`` (units, sources, bases, defaults, attribution)."""
        rest = {k: v for k, v in self.registry().items() if k != "files"}
        return hashlib.sha256(json.dumps(rest, sort_keys=True, default=str).encode()).hexdigest()

    def module(self, name: str) -> str:
        """The source of one module of ``analysis`` (``analysis.regional.maps``; a package: its ``__init__.py``)
        and the package's own top-level files; a module that no longer exists hashes as missing."""
        if name not in self._modules:
            pkg = self.root / "analysis"
            files = [p for p in _files_under(pkg, self.root) if p.parent == pkg and p.suffix == ".py"]
            parts = name.split(".")[1:]
            candidates = [pkg.joinpath(*parts).with_suffix(".py"), pkg.joinpath(*parts, "__init__.py")]
            files += [p for p in candidates if p.is_file()]
            found = any(p.is_file() for p in candidates)
            self._modules[name] = _digest_files(sorted(set(files)), self.root).hexdigest() + ("" if found else "-missing")
        return self._modules[name]

    def stamp(self, record: dict | None) -> str:
        """A short hash of the current state of what ``record`` says a notebook read (all inputs if no record)."""
        if record is None:
            return "all-" + fingerprint(self.root)
        digest = hashlib.sha256()
        parts = [("file", r, self.file(r)) for r in record.get("files", [])]
        parts += [("bibliography", r, self.file(r)) for r in record.get("bibliography", [])]
        parts += [("entry", r, self.entry(r)) for r in record.get("entries", [])]
        parts += [("registry", r, self.registry_meta()) for r in record.get("registry", [])]
        parts += [("module", m, self.module(m)) for m in record.get("modules", [])]
        for part in sorted(parts):
            digest.update("\0".join(part).encode() + b"\n")
        return "own-" + digest.hexdigest()[:16]


def _is_notebook(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("---") and "kernelspec" in head.split("---", 2)[1]


def stamp_cell(fp: str) -> str:
    """The hidden cell appended to each notebook; its text changes with the notebook's inputs."""
    return (
        "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n"
        f"# inputs fingerprint (what this notebook read of analysis/, data/, references.bib): {fp}\n```\n"
    )


# ------------------------------------------------------------------------------------------ records
def _nb_config(app):
    return app.env.mystnb_config


def _cache_dir(app) -> Path:
    """The jupyter-cache folder MyST-NB uses (by default ``.jupyter_cache`` beside the output folder)."""
    path = getattr(_nb_config(app), "execution_cache_path", "") or Path(app.outdir).parent / ".jupyter_cache"
    return Path(path).resolve()


def load_records(app) -> dict:
    path = _cache_dir(app) / RECORDS
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_records(app, records: dict) -> None:
    path = _cache_dir(app) / RECORDS
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(records, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def _source(app, docname: str) -> str | None:
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".md" or not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    return text if _is_notebook(text) else None


def _stamps(app) -> dict[str, str]:
    inputs, records = Inputs(Path(app.srcdir)), load_records(app)
    stamps = {}
    for docname in sorted(app.env.found_docs):
        if _source(app, docname) is not None:
            stamps[docname] = inputs.stamp(records.get(docname))
    return stamps


def _outdated(app, env, added, changed, removed):
    new = _stamps(app)
    old = getattr(env, "analysis_inputs_stamps", None) or {}
    env.analysis_inputs_stamps = new
    return sorted(d for d, s in new.items() if d in old and old[d] != s and d not in added | changed)


def _source_read(app, docname, source):
    stamps = getattr(app.env, "analysis_inputs_stamps", None) or {}
    if docname in stamps and _is_notebook(source[0]):
        source[0] += stamp_cell(stamps[docname])


# ------------------------------------------------------------------------------------------ execution
def workers(app) -> int:
    """How many notebooks execute at once: ``BOOK_EXECUTION_WORKERS``, else the config value, else the CPUs."""
    value = os.environ.get("BOOK_EXECUTION_WORKERS") or app.config.analysis_execution_workers or 0
    try:
        n = int(value)
    except ValueError:
        n = 0
    return n if n > 0 else (os.cpu_count() or 1)


def _notebook(app, docname: str, text: str):
    from myst_nb.core.read import create_nb_reader

    path = str(app.env.doc2path(docname))
    reader = create_nb_reader(path, app.env.myst_config, app.env.mystnb_config, text)
    return reader.read(text) if reader is not None else None


async def _execute(nb, cwd: str, record: Path, kernel_dir: str, index: int, timeout, allow_errors: bool):
    """Execute ``nb`` in place in a kernel on an IPC transport that records its inputs to ``record``."""
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    kernel = (nb.metadata.get("kernelspec") or {}).get("name") or "python3"
    km = AsyncKernelManager(kernel_name=kernel, transport="ipc", ip=os.path.join(kernel_dir, f"k{index}"))
    meta = nb.metadata.get("execution") or {}
    code = f"import analysis.book.inputs as _lr_inputs; _lr_inputs.start({str(record)!r}); del _lr_inputs"
    client = NotebookClient(nb, km=km, timeout=meta.get("timeout", timeout),
                            allow_errors=meta.get("allow_errors", allow_errors), record_timing=False,
                            extra_arguments=[f"--IPKernelApp.exec_lines={json.dumps([code])}"])
    try:
        await client.async_execute(cwd=cwd)
    finally:  # the client does not own the kernel it was given: shut it down here
        if client.kc is not None:
            client.kc.stop_channels()
        if km.has_kernel:
            await km.shutdown_kernel(now=False)


def _run_all(jobs: list, n: int, logger) -> dict:
    """Run the jobs (name, coroutine factory), ``n`` at a time, in an event loop of their own; name -> error or None."""
    results: dict = {}

    async def main():
        gate = asyncio.Semaphore(n)

        async def one(name, factory):
            async with gate:
                start = time.perf_counter()
                logger.info(f"{name}: Executing notebook ({n} at a time, kernel on IPC) [analysis.book.cache]")
                try:
                    await factory()
                    results[name] = None
                    logger.info(f"{name}: Executed notebook in {time.perf_counter() - start:.2f} seconds "
                                "[analysis.book.cache]")
                except Exception as exc:  # reported again by MyST-NB, which re-executes the notebook
                    results[name] = exc

        await asyncio.gather(*(one(name, f) for name, f in jobs))

    box: list = []

    def thread():
        try:
            asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box.append(exc)

    t = threading.Thread(target=thread, name="notebook-executor")
    t.start()
    t.join()
    if box:
        raise box[0]
    return results


def _execute_outdated(app, env, docnames):
    """Execute, in parallel, every notebook about to be read that the cache does not hold; cache the results."""
    config = _nb_config(app)
    if config.execution_mode != "cache" or not docnames:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.cache.main import CacheBundleIn
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    cache = get_cache(str(_cache_dir(app)))
    stamps = env.analysis_inputs_stamps
    pending = {}
    for docname in docnames:
        text = _source(app, docname)
        if text is None or docname not in stamps:
            continue
        if config.execution_excludepatterns:
            import fnmatch
            if any(fnmatch.fnmatch(str(env.doc2path(docname)), p) for p in config.execution_excludepatterns):
                continue
        nb = _notebook(app, docname, text + stamp_cell(stamps[docname]))
        if nb is None:
            continue
        try:
            cache.match_cache_notebook(nb)
            continue
        except KeyError:
            pass
        pending[docname] = (text, _notebook(app, docname, text))
    if not pending:
        return

    n = min(workers(app), len(pending))
    kernel_dir = tempfile.mkdtemp(prefix="lr-k")
    record_dir = Path(kernel_dir) / "records"
    timeout = config.execution_timeout
    allow_errors = config.execution_allow_errors
    # the longest sources first (a proxy for the longest executions), so that short ones fill the last gaps
    order = sorted(pending, key=lambda d: (-len(pending[d][0]), d))
    jobs, paths = [], {}
    for i, docname in enumerate(order):
        nb = pending[docname][1]
        path = Path(env.doc2path(docname))
        paths[str(path)] = docname
        record = record_dir / f"{i}.jsonl"
        jobs.append((str(path), lambda nb=nb, path=path, record=record, i=i: _execute(
            nb, str(path.parent), record, kernel_dir, i, timeout, allow_errors)))
    start = time.perf_counter()
    try:
        results = _run_all(jobs, n, logger)
        from analysis.book.inputs import read as read_record

        records = load_records(app)
        inputs = Inputs(Path(app.srcdir))
        for i, docname in enumerate(order):
            text, nb = pending[docname]
            path = str(env.doc2path(docname))
            if results.get(path) is not None:
                logger.info(f"{path}: execution failed; MyST-NB executes it again to report the error")
                continue
            record_file = record_dir / f"{i}.jsonl"
            record = read_record(record_file) if record_file.is_file() else {}
            records[docname] = record
            stamps[docname] = inputs.stamp(record)
            stamped = _notebook(app, docname, text + stamp_cell(stamps[docname]))
            nb.cells.append(stamped.cells[-1])
            cache.cache_notebook_bundle(CacheBundleIn(nb, path, data={"execution_seconds": None}),
                                        check_validity=False, overwrite=True)
        save_records(app, records)
        env.analysis_inputs_stamps = stamps
    finally:
        shutil.rmtree(kernel_dir, ignore_errors=True)
    logger.info(f"executed {len(pending)} notebooks, {n} at a time, in {time.perf_counter() - start:.1f} s "
                "[analysis.book.cache]")


def setup(app):
    app.add_config_value("analysis_execution_workers", 0, "env")
    app.connect("env-get-outdated", _outdated)
    app.connect("env-before-read-docs", _execute_outdated)
    app.connect("source-read", _source_read)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
