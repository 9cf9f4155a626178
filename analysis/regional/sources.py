"""The data registry: what each file under ``data/`` is, where it came from, and its checksum.

``data/sources.yaml`` is the one machine-readable record of the book's data. This module reads it,
verifies files against their recorded sha256 before anything else reads them, and offers an explicit
refresh command that re-downloads a file from its canonical URL::

    python -m analysis.regional.sources list                      # every file with its status
    python -m analysis.regional.sources verify                    # check every checksum (exit 1 on a mismatch)
    python -m analysis.regional.sources hash regional/x.csv       # print a file's sha256 (to record a deliberate change)
    python -m analysis.regional.sources refresh geo/provincie_2023.geojson [--url URL]

The build never uses the network. A refresh downloads into a temporary folder with pooch, checks the
recorded hash and the file's content, and only then replaces the file in ``data/``: a failed or
corrupted download never replaces a good file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from analysis import ROOT

DATA_DIR = ROOT / "data"
"""The folder the book reads its data from."""

REGISTRY_NAME = "sources.yaml"

READ_HOOKS: list = []
"""Callbacks ``hook(kind, path)``, told of each read: ``("registry", path of sources.yaml)`` when the registry is
loaded, ``("entry", path of the data file)`` when a file's entry is looked up. Empty unless the book's build fills it
in (to record which data each notebook reads); a hook never changes what is read."""


def _notify(kind: str, path: Path) -> None:
    for hook in READ_HOOKS:
        hook(kind, path)


class DataError(ValueError):
    """A data file is missing, corrupted, or holds a value the book cannot use.

    The message names the file (relative to ``data/``), the row or region where known, and what to do.
    """


@dataclass(frozen=True)
class FileEntry:
    """One file of the registry."""

    name: str
    """Path relative to ``data/``, e.g. ``geo/provincie_2023.geojson``."""
    kind: str
    sha256: str
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def get(self, key: str, default=None):
        return self.meta.get(key, default)

    @property
    def attribution(self) -> str:
        """The line to print with anything drawn from this file."""
        if self.meta.get("attribution"):
            return self.meta["attribution"]
        return f"Source: {self.meta.get('publisher', 'unknown')}, {self.meta.get('title', self.name)}"


@dataclass(frozen=True)
class Registry:
    """The parsed ``data/sources.yaml`` for one data folder."""

    data_dir: Path
    files: dict
    sources: dict
    units: dict
    attribution: dict
    defaults: dict = field(default_factory=dict)
    bases: dict = field(default_factory=dict)
    """Survey bases (id -> description) that the ``basis`` of a source refers to."""

    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> "Registry":
        data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
        registry = _load_registry(data_dir.resolve())
        _notify("registry", registry.data_dir / REGISTRY_NAME)
        return registry

    # -- files -------------------------------------------------------------------------
    def entry(self, name: str) -> FileEntry:
        """The registry entry of ``name`` (relative to ``data/``); a clear error if there is none."""
        name = _normalise(name)
        try:
            entry = self.files[name]
            _notify("entry", self.data_dir / name)
            return entry
        except KeyError:
            raise DataError(
                f"data/{name}: not in data/{REGISTRY_NAME}. Register the file there (publisher, title, "
                f"period, licence, sha256 from `python -m analysis.regional.sources hash {name}`) before using it."
            ) from None

    def path(self, name: str, verify: bool = True) -> Path:
        """Absolute path of a registered file, verified against its sha256 unless ``verify=False``."""
        entry = self.entry(name)
        path = self.data_dir / entry.name
        if verify:
            verify_file(path, entry.sha256, entry.name)
        return path

    def read_bytes(self, name: str) -> bytes:
        """The verified bytes of a registered file (read once, hashed, returned)."""
        entry = self.entry(name)
        path = self.data_dir / entry.name
        data = _read(path, entry.name)
        _check_digest(data, entry.sha256, entry.name)
        return data

    def holding(self, names) -> list[FileEntry]:
        """The indicator tables whose entry lists one of the indicators ``names`` (their ``indicators:``); only those
        are looked up (and so recorded as read)."""
        wanted = set(names)
        entries = [e for e in self.files.values() if e.kind == "indicators" and wanted & set(e.get("indicators") or [])]
        for e in entries:
            _notify("entry", self.data_dir / e.name)
        return entries

    def by_kind(self, kind: str) -> list[FileEntry]:
        entries = [e for e in self.files.values() if e.kind == kind]
        for e in entries:
            _notify("entry", self.data_dir / e.name)
        return entries

    def boundary_file(self, level: str) -> FileEntry:
        for entry in self.by_kind("boundaries"):
            if entry.get("level") == level:
                return entry
        known = sorted(e.get("level") for e in self.by_kind("boundaries"))
        raise DataError(f"no boundary file for level {level!r} in data/{REGISTRY_NAME}; known levels: {known}")

    # -- sources -----------------------------------------------------------------------
    def source_text(self, source_id: str) -> str:
        """A one-line citation of a source_id: publisher, title (and table)."""
        meta = self.sources.get(source_id)
        if meta is None:
            raise DataError(
                f"source_id {source_id!r} is not described under `sources:` in data/{REGISTRY_NAME}; "
                "add its publisher, title and URL there."
            )
        return f"{meta['publisher']}, {meta['title']}"

    def basis(self, source_id: str) -> str | None:
        """The survey basis of a source (``ebb-pre-2021``, ``ebb-2021-revised`` ...), or None if none is recorded.

        Raises :class:`DataError` when the recorded basis is not described under ``bases:``.
        """
        basis = (self.sources.get(source_id) or {}).get("basis")
        if basis is not None and basis not in self.bases:
            raise DataError(
                f"data/{REGISTRY_NAME}: source {source_id!r} has basis {basis!r}, which is not described under "
                f"`bases:`; known: {sorted(self.bases)}. Describe it there or correct the source."
            )
        return basis

    def verify_all(self) -> list[str]:
        """Verify every registered file; return the names checked. Raises on the first failure."""
        for entry in self.files.values():
            self.path(entry.name)
        return list(self.files)


def _normalise(name: str | Path) -> str:
    name = Path(name).as_posix()
    return name[len("data/"):] if name.startswith("data/") else name


@lru_cache(maxsize=8)
def _load_registry(data_dir: Path) -> Registry:
    path = data_dir / REGISTRY_NAME
    if not path.is_file():
        raise DataError(f"data/{REGISTRY_NAME}: not found in {data_dir.name}/. The data registry is required.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"data/{REGISTRY_NAME}: not valid YAML ({exc}). Fix the syntax.") from exc
    files = {}
    for name, meta in (raw.get("files") or {}).items():
        for key in ("kind", "sha256"):
            if not meta.get(key):
                raise DataError(f"data/{REGISTRY_NAME}: entry {name!r} has no {key!r}. Add it.")
        files[name] = FileEntry(name=name, kind=meta["kind"], sha256=str(meta["sha256"]).lower(), meta=dict(meta))
    return Registry(
        data_dir=data_dir,
        files=files,
        sources=raw.get("sources") or {},
        units=raw.get("units") or {},
        attribution=raw.get("attribution") or {},
        defaults=raw.get("defaults") or {},
        bases=raw.get("bases") or {},
    )


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(Path(path).read_bytes())


def _read(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(
            f"data/{name}: file not found. Restore it from git (`git checkout -- data/{name}`) "
            f"or re-download it with `python -m analysis.regional.sources refresh {name}`."
        ) from None


def _check_digest(data: bytes, expected: str, name: str) -> None:
    actual = sha256_bytes(data)
    if actual != expected:
        raise DataError(
            f"data/{name}: sha256 mismatch — expected {expected} (data/{REGISTRY_NAME}), found {actual}. "
            f"The file is corrupted or was changed. Restore it from git (`git checkout -- data/{name}`), "
            f"re-download it (`python -m analysis.regional.sources refresh {name}`), or, if the change is deliberate, "
            f"record the new sha256 in data/{REGISTRY_NAME} and describe the change."
        )


def verify_file(path: Path, expected: str, name: str) -> None:
    """Raise :class:`DataError` unless the file at ``path`` has sha256 ``expected``."""
    _check_digest(_read(Path(path), name), expected, name)


# ---------------------------------------------------------------------------------- refresh
def check_content(data: bytes, entry: FileEntry) -> None:
    """Check that downloaded bytes are a usable file of this entry's kind (beyond the hash)."""
    if entry.kind == "boundaries":
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataError(f"data/{entry.name}: the download is not valid UTF-8 GeoJSON ({exc}).") from exc
        n = len(doc.get("features", []))
        if n != entry.get("features"):
            raise DataError(f"data/{entry.name}: the download has {n} features, expected {entry.get('features')}.")
    elif entry.name.endswith(".csv"):
        try:
            header = data.decode("utf-8").splitlines()[0]
        except (UnicodeDecodeError, IndexError) as exc:
            raise DataError(f"data/{entry.name}: the download is not a UTF-8 CSV file.") from exc
        if "," not in header:
            raise DataError(f"data/{entry.name}: the download has no CSV header line.")


def refresh(name: str, url: str | None = None, data_dir: Path | str | None = None) -> Path:
    """Re-download one registered file from its canonical URL and replace the local copy.

    The download goes to a temporary folder; pooch checks it against the sha256 recorded in the
    registry, then its content is checked; only then is the file in ``data/`` replaced (atomically).
    On any failure the local file is left exactly as it was and :class:`DataError` is raised.

    Parameters
    ----------
    name
        File name relative to ``data/`` (e.g. ``geo/provincie_2023.geojson``).
    url
        Download from this URL instead of the registered one (a mirror, or a local server in tests).
    """
    import pooch  # imported here: only the refresh command needs it

    registry = Registry.load(data_dir)
    entry = registry.entry(name)
    if url is None:
        url = entry.get("url")
        if not url or entry.kind != "boundaries":
            raise DataError(
                f"data/{entry.name}: no canonical download URL — this file was transcribed or compiled for the "
                "book, not downloaded. Restore it from git instead, or pass --url to fetch a copy."
            )
    target = registry.data_dir / entry.name
    with tempfile.TemporaryDirectory(prefix="refresh-", dir=target.parent) as tmp:
        try:
            fetched = pooch.retrieve(
                url=url,
                known_hash=f"sha256:{entry.sha256}",
                fname=Path(entry.name).name,
                path=tmp,
                progressbar=False,
            )
        except ValueError as exc:  # pooch: hash mismatch (the bad download is deleted)
            raise DataError(
                f"data/{entry.name}: the download from {url} does not match the recorded sha256 "
                f"{entry.sha256}; the local file was NOT replaced. If the publisher changed the file on purpose, "
                f"inspect it, then record its new sha256 in data/{REGISTRY_NAME}. ({exc})"
            ) from exc
        except Exception as exc:  # network errors, HTTP errors
            raise DataError(
                f"data/{entry.name}: download from {url} failed ({type(exc).__name__}: {exc}); "
                "the local file was NOT replaced. Check the URL and your connection and try again."
            ) from exc
        data = Path(fetched).read_bytes()
        check_content(data, entry)
        staged = Path(tmp) / (Path(entry.name).name + ".staged")
        shutil.copyfile(fetched, staged)
        os.replace(staged, target)
    _load_registry.cache_clear()
    return target


# ---------------------------------------------------------------------------------- CLI
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.regional.sources", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=None, help="data folder (default: the book's data/)")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="list registered files and whether their checksum matches")
    sub.add_parser("verify", help="verify every checksum")
    p_hash = sub.add_parser("hash", help="print a file's sha256")
    p_hash.add_argument("file")
    p_ref = sub.add_parser("refresh", help="re-download a file from its canonical URL (checked against its sha256)")
    p_ref.add_argument("file")
    p_ref.add_argument("--url", default=None, help="download from this URL instead of the registered one")
    args = parser.parse_args(argv)

    if args.cmd == "hash":
        base = Path(args.data_dir) if args.data_dir else DATA_DIR
        print(sha256_file(base / _normalise(args.file)))
        return 0
    registry = Registry.load(args.data_dir)
    if args.cmd == "list":
        bad = 0
        for entry in registry.files.values():
            try:
                registry.path(entry.name)
                status = "ok"
            except DataError as exc:
                status, bad = f"FAILED: {exc}", bad + 1
            print(f"{entry.name:55s} {entry.kind:11s} {status}")
        return 1 if bad else 0
    if args.cmd == "verify":
        try:
            names = registry.verify_all()
        except DataError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"{len(names)} files verified against data/{REGISTRY_NAME}")
        return 0
    if args.cmd == "refresh":
        try:
            target = refresh(args.file, url=args.url, data_dir=args.data_dir)
        except DataError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"refreshed data/{_normalise(args.file)} ({target.stat().st_size} bytes, sha256 verified)")
        return 0
    return 2


if __name__ == "__main__":
    raise SystemExit(main())


# ---------------------------------------------------------------------------------- tables for the Data appendix
def files_table(data_dir: Path | str | None = None, kinds=("boundaries", "indicators", "crosswalk", "list")):
    """One row per registered data file: file, kind, publisher, title, period, licence, sha256, bytes, and the
    coverage, caveats and (for original downloads) the table derived from it, where the registry records them."""
    import pandas as pd

    reg = Registry.load(data_dir)
    for e in reg.files.values():
        if e.kind in kinds:
            _notify("entry", reg.data_dir / e.name)
    rows = [{
        "file": e.name, "kind": e.kind, "publisher": e.get("publisher", ""), "title": e.get("title", ""),
        "source_ids": ", ".join(e.get("source_ids") or []), "period": str(e.get("period", "")),
        "licence": e.get("licence", ""), "sha256": e.sha256, "bytes": e.get("bytes"), "url": e.get("url") or "",
        "coverage": e.get("coverage", ""), "caveats": " ".join(str(e.get("caveats", "")).split()),
        "derived": e.get("derived", ""),
    } for e in reg.files.values() if e.kind in kinds]
    return pd.DataFrame(rows)


def sources_table(data_dir: Path | str | None = None):
    """One row per source_id: publisher, table, title, URL."""
    import pandas as pd

    reg = Registry.load(data_dir)
    return pd.DataFrame([{"source_id": sid, "publisher": m.get("publisher", ""), "table": m.get("table", ""),
                          "title": m.get("title", ""), "url": m.get("url", "")} for sid, m in reg.sources.items()])


def markdown_table(df, links: dict[str, str] | None = None, code: tuple[str, ...] = ()) -> str:
    """A Markdown (pipe) table of ``df``; ``links`` maps a column to the column holding its URL."""
    links = links or {}
    shown = [c for c in df.columns if c not in set(links.values())]

    def cell(row, col):
        val = "" if row[col] is None else str(row[col])
        val = val.replace("|", "\\|").replace("\n", " ")
        if col in code and val:
            val = f"`{val}`"
        if col in links and row[links[col]]:
            val = f"[{val}]({row[links[col]]})"
        return val

    lines = ["| " + " | ".join(shown) + " |", "|" + "---|" * len(shown)]
    lines += ["| " + " | ".join(cell(r, c) for c in shown) + " |" for _, r in df.iterrows()]
    return "\n".join(lines)


def files_markdown(data_dir: Path | str | None = None, kinds=("boundaries", "indicators", "crosswalk", "list")) -> str:
    """The registry as a Markdown list: per file its title, publisher, period, licence, sha256 and URL, and its
    coverage, caveats and derived table where recorded."""
    items = []
    for _, r in files_table(data_dir, kinds=kinds).iterrows():
        name = f"[`{r['file']}`]({r['url']})" if r["url"] else f"`{r['file']}`"
        parts = [f"publisher: {r['publisher']}", f"period: {r['period']}"]
        if r["source_ids"]:
            parts.append(f"source_ids: {r['source_ids']}")
        if r["derived"]:
            parts.append(f"transcribed into `{r['derived']}`")
        parts += [f"licence: {r['licence']}", f"{r['bytes']:,} bytes, sha256 `{r['sha256']}`"]
        text = f"- {name} — **{r['title']}**.  \n  " + "; ".join(p.replace("\n", " ").rstrip(".") for p in parts) + "."
        if r["coverage"]:
            text += f"  \n  *Coverage:* {r['coverage'].rstrip('.')}."
        if r["caveats"]:
            text += f"  \n  *Caveats:* {r['caveats']}"
        items.append(text)
    return "\n".join(items)


def sources_markdown(data_dir: Path | str | None = None) -> str:
    """The described source_ids as a Markdown list: id, linked title, publisher and table."""
    items = []
    for _, r in sources_table(data_dir).iterrows():
        title = f"[{r['title']}]({r['url']})" if r["url"] else r["title"]
        table = f"; table {r['table']}" if r["table"] else ""
        items.append(f"- `{r['source_id']}` — {title} ({r['publisher']}{table})")
    return "\n".join(items)
