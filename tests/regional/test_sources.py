"""The data registry: every file registered and verified; refresh never replaces a good file with a bad one."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest

from analysis.regional import sources
from analysis.regional.sources import DATA_DIR, DataError, Registry
from datafix import copy_data

GEO = "geo/provincie_2023.geojson"


def test_every_file_under_data_is_registered_and_every_entry_exists():
    reg = Registry.load()
    on_disk = {p.relative_to(DATA_DIR).as_posix() for folder in ("geo", "regional")
               for p in (DATA_DIR / folder).rglob("*") if p.is_file()}
    assert on_disk == set(reg.files), "register new files in data/sources.yaml; remove entries of deleted files"


def test_every_checksum_matches():
    assert len(Registry.load().verify_all()) == len(Registry.load().files)


def test_registry_entries_are_complete():
    reg = Registry.load()
    for entry in reg.files.values():
        for key in ("publisher", "title", "sha256", "bytes"):
            assert entry.get(key), f"{entry.name}: no {key}"
        if entry.kind in ("boundaries", "indicators", "crosswalk", "list"):
            assert entry.get("licence") and entry.get("period"), entry.name
        assert (DATA_DIR / entry.name).stat().st_size == entry.get("bytes"), entry.name
    for entry in reg.by_kind("boundaries"):
        assert entry.get("url", "").startswith("https://raw.githubusercontent.com/cartomap/nl/7234d7f")
        assert entry.attribution == "Boundaries: Kadaster / Centraal Bureau voor de Statistiek, 2023"
    used = {sid for e in reg.by_kind("indicators") for sid in e.get("source_ids")}
    assert used <= set(reg.sources), f"source_ids without a description: {sorted(used - set(reg.sources))}"


def test_boundary_checksums_agree_with_the_provenance_notes():
    notes = (DATA_DIR / "geo" / "SOURCES.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"\| `(\w+_2023\.geojson)` \|.*?\| `([0-9a-f]{64})` \|", notes))
    reg = Registry.load()
    assert len(recorded) == 5
    for fname, sha in recorded.items():
        assert reg.entry(f"geo/{fname}").sha256 == sha


def test_corrupted_file_names_the_file_and_what_to_do(tmp_path):
    data = copy_data(tmp_path)
    path = data / "regional" / "economy_gdp.csv"
    path.write_bytes(path.read_bytes().replace(b"27.1", b"72.1", 1))
    with pytest.raises(DataError) as err:
        Registry.load(data).path("regional/economy_gdp.csv")
    msg = str(err.value)
    assert "data/regional/economy_gdp.csv" in msg and "sha256 mismatch" in msg and "git checkout" in msg


def test_missing_and_unregistered_files(tmp_path):
    data = copy_data(tmp_path)
    (data / GEO).unlink()
    with pytest.raises(DataError, match=r"data/geo/provincie_2023\.geojson: file not found.*refresh"):
        Registry.load(data).path(GEO)
    with pytest.raises(DataError, match=r"data/regional/new\.csv: not in data/sources\.yaml"):
        Registry.load(data).entry("regional/new.csv")


def test_cli_verify_fails_on_a_corrupt_copy(tmp_path, capsys):
    data = copy_data(tmp_path)
    assert sources.main(["--data-dir", str(data), "verify"]) == 0
    (data / GEO).write_bytes((data / GEO).read_bytes()[:-10])
    assert sources.main(["--data-dir", str(data), "verify"]) == 1
    assert "data/geo/provincie_2023.geojson" in capsys.readouterr().err


# ------------------------------------------------------------------ refresh, against a local file server
@pytest.fixture
def server(tmp_path):
    """Serve ``tmp_path/www`` over HTTP on localhost; yields (folder, base URL)."""
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield www, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_refresh_replaces_a_damaged_file_with_a_verified_download(tmp_path, server):
    www, base = server
    data = copy_data(tmp_path)
    good = (data / GEO).read_bytes()
    (www / "provincie_2023.geojson").write_bytes(good)
    (data / GEO).write_bytes(b"damaged")
    sources.refresh(GEO, url=f"{base}/provincie_2023.geojson", data_dir=data)
    assert (data / GEO).read_bytes() == good
    Registry.load(data).path(GEO)  # verifies
    assert not [p for p in (data / "geo").iterdir() if p.name.startswith("refresh-")], "temporary folder left behind"


def test_refresh_with_a_corrupt_download_keeps_the_good_file(tmp_path, server):
    www, base = server
    data = copy_data(tmp_path)
    good = (data / GEO).read_bytes()
    (www / "provincie_2023.geojson").write_bytes(good.replace(b"Groningen", b"Groningem"))
    with pytest.raises(DataError, match=r"does not match the recorded sha256.*NOT replaced"):
        sources.refresh(GEO, url=f"{base}/provincie_2023.geojson", data_dir=data)
    assert (data / GEO).read_bytes() == good


def test_refresh_with_a_failed_download_keeps_the_good_file(tmp_path, server):
    _, base = server
    data = copy_data(tmp_path)
    good = (data / GEO).read_bytes()
    with pytest.raises(DataError, match=r"download from .* failed.*NOT replaced"):
        sources.refresh(GEO, url=f"{base}/nothing-here.geojson", data_dir=data)
    assert (data / GEO).read_bytes() == good


def test_refresh_of_a_transcribed_table_explains_there_is_no_url(tmp_path):
    data = copy_data(tmp_path)
    with pytest.raises(DataError, match="no canonical download URL"):
        sources.refresh("regional/economy_gdp.csv", data_dir=data)


def test_registry_yaml_error_is_reported(tmp_path):
    data = copy_data(tmp_path)
    (data / "sources.yaml").write_text("files: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match="data/sources.yaml: not valid YAML"):
        Registry.load(data)
