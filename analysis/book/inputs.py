"""What a notebook reads while it executes: its data files, its bibliography and the ``analysis`` modules it imports.

The cache extension (:mod:`analysis.book.cache`) starts every kernel with :func:`start`, which records, as
JSON lines in one file per notebook,

``{"file": "data/regional/x.csv"}``
    a file of the repository that the notebook opened for reading (any file outside ``analysis/``, ``book/``
    and hidden or build folders; Python's audit hook sees every ``open``);
``{"entry": "data/regional/x.csv"}``
    a file whose entry the data registry looked up (``analysis.regional.sources.READ_HOOKS``): its
    checksum, provenance and the file itself are inputs;
``{"registry": "data/sources.yaml"}``
    the data registry was loaded: its sections other than ``files`` (units, sources, bases, ...) are inputs;
``{"bibliography": "references.bib"}``
    a file the bibliography loader read (``analysis.literature.bibliography.READ_HOOKS``);
``{"module": "analysis.regional.maps"}``
    the notebook imported that module of ``analysis`` (directly, or through another module it imported); files of
    ``analysis/`` that are not Python (templates, YAML, scripts) are recorded as opened files.

The registry's own file ``data/sources.yaml`` is recorded per entry, never as a whole, so that recording a new
checksum for one data file re-executes only the notebooks that read that file.

The engines never import the book: each offers a plain list of callbacks (``READ_HOOKS``) that this module fills
in when the engine's module is first imported in the kernel (an import hook), so that recording imports nothing
a notebook would not import itself.
"""

from __future__ import annotations

import importlib.abc
import json
import sys
from pathlib import Path

ENGINE_HOOKS = {
    "analysis.regional.sources": "regional",
    "analysis.literature.bibliography": "literature",
}
"""Engine modules whose ``READ_HOOKS`` the recorder fills in, and their wing."""

SKIP_TOP = {"book", "_build", "node_modules", "venv", "tests", "bench-results", "test-artifacts"}
"""Top-level folders whose files are not recorded as opened files (chapters are recorded by cell; Python modules
by import)."""

REGISTRY_FILE = "data/sources.yaml"


class Recorder:
    """Appends each input of the running notebook, once, to a JSON-lines file."""

    def __init__(self, out: Path, root: Path):
        self.out = Path(out)
        self.root = Path(root).resolve()
        self.seen: set[tuple[str, str]] = set()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.out.open("a", encoding="utf-8")

    def add(self, kind: str, value: str) -> None:
        key = (kind, value)
        if key in self.seen:
            return
        self.seen.add(key)
        self._fh.write(json.dumps({kind: value}) + "\n")
        self._fh.flush()

    def relative(self, path) -> str | None:
        """``path`` relative to the repository root (POSIX), or None if it lies outside."""
        try:
            p = Path(path)
            if not p.is_absolute():
                p = Path.cwd() / p
            return p.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError, TypeError):
            return None

    # -- what Python's audit hook reports ----------------------------------------------------
    def audit(self, event: str, args: tuple) -> None:
        if event == "import":
            name = args[0]
            if isinstance(name, str) and name.startswith("analysis."):
                self.add("module", name)
        elif event == "open":
            path, mode = args[0], args[1]
            if not isinstance(path, (str, Path)) or (isinstance(mode, str) and any(c in mode for c in "wax+")):
                return
            rel = self.relative(path)
            if rel is None or rel == REGISTRY_FILE:
                return
            top = rel.split("/", 1)[0]
            if top in SKIP_TOP or top.startswith(".") or rel.endswith((".pyc", ".py")):
                return
            if (self.root / rel).is_file():
                self.add("file", rel)

    # -- what the engines report -------------------------------------------------------------
    def regional(self, kind: str, path) -> None:
        rel = self.relative(path)
        if rel is not None:
            self.add("registry" if kind == "registry" else "entry", rel)

    def literature(self, path) -> None:
        rel = self.relative(path)
        if rel is not None:
            self.add("bibliography", rel)


class _AfterImport(importlib.abc.MetaPathFinder):
    """Calls ``callback(module)`` right after one of ``names`` has been imported (its code has run)."""

    def __init__(self, callbacks: dict):
        self.callbacks = callbacks

    def find_spec(self, name, path=None, target=None):
        callback = self.callbacks.get(name)
        if callback is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        run = getattr(loader, "exec_module", None)
        if run is None:
            return spec

        def exec_module(module, _run=run, _callback=callback):
            _run(module)
            _callback(module)

        loader.exec_module = exec_module
        return spec


_recorder: Recorder | None = None


def start(out: str | Path, root: str | Path | None = None) -> Recorder:
    """Record this process's inputs to ``out`` from now on (once per process)."""
    global _recorder
    if _recorder is not None:
        return _recorder
    if root is None:
        from analysis import ROOT as root
    rec = _recorder = Recorder(Path(out), Path(root))

    def fill(module, wing):
        hooks = getattr(module, "READ_HOOKS", None)
        if hooks is not None:
            hooks.append(rec.regional if wing == "regional" else rec.literature)

    callbacks = {}
    for name, wing in ENGINE_HOOKS.items():
        if name in sys.modules:
            fill(sys.modules[name], wing)
        else:
            callbacks[name] = lambda module, _wing=wing: fill(module, _wing)
    if callbacks:
        sys.meta_path.insert(0, _AfterImport(callbacks))
    sys.addaudithook(rec.audit)
    return rec


def read(path: Path) -> dict:
    """A record file as ``{"files": [...], "entries": [...], "registry": [...], "bibliography": [...], "modules": [...]}``."""
    keys = {"file": "files", "entry": "entries", "registry": "registry", "bibliography": "bibliography",
            "module": "modules"}
    out: dict[str, set] = {v: set() for v in keys.values()}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        for k, v in item.items():
            if k in keys:
                out[keys[k]].add(v)
    return {k: sorted(v) for k, v in out.items()}
