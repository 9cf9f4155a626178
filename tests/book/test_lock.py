"""The Python environment is locked: ``requirements.txt`` is the full lock compiled from ``requirements.in``."""

from __future__ import annotations

import re
from pathlib import Path

from analysis import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;#]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """``name: version`` of every ``name==version`` line in a requirements file (names normalised, PEP 503)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line.strip())
        if m:
            out[_name(m.group(1))] = m.group(3)
    return out


def direct_in_lock(path: Path) -> set[str]:
    """The packages the lock says it holds because ``requirements.in`` asks for them (``# via -r requirements.in``)."""
    names, current = set(), None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line.strip())
        if m:
            current = _name(m.group(1))
        elif current and re.search(r"#\s+(via\s+)?-r requirements\.in", line):
            names.add(current)
    return names


def lock_mismatches(direct: Path, lock: Path) -> list[str]:
    """What keeps ``lock`` from being the lock of ``direct``; empty when it is."""
    want, have = pins(direct), pins(lock)
    problems = [f"{n}=={v} is in {direct.name} but the lock has "
                + (f"{n}=={have[n]}" if n in have else "no such package") for n, v in want.items() if have.get(n) != v]
    extra = sorted(direct_in_lock(lock) - set(want))
    problems += [f"the lock holds {n} for {direct.name}, which no longer asks for it" for n in extra]
    unpinned = [line for line in direct.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith(("#", "-e")) and not PIN.match(line.strip())]
    problems += [f"{direct.name}: {line!r} is not pinned with ==" for line in unpinned]
    for path in (direct, lock):
        if "-e ." not in path.read_text(encoding="utf-8").splitlines():
            problems.append(f"{path.name} does not install the analysis package (-e .)")
    return problems


def test_the_lock_matches_the_direct_requirements():
    problems = lock_mismatches(ROOT / "requirements.in", ROOT / "requirements.txt")
    assert problems == [], ("; ".join(problems) + ". Recompile the lock: uv pip compile requirements.in "
                            "-o requirements.txt --universal --python-version 3.11 --no-header")


def test_the_lock_pins_every_package_it_installs():
    lock = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    loose = [line for line in lock if line.strip() and not line.lstrip().startswith("#") and line != "-e ."
             and not PIN.match(line)]
    assert loose == [] and len(pins(ROOT / "requirements.txt")) > 100


def test_a_changed_direct_requirement_fails_the_check(tmp_path):
    direct, lock = tmp_path / "requirements.in", tmp_path / "requirements.txt"
    direct.write_text("pandas==3.1.1\nrispy==0.10.0\n-e .\n")
    lock.write_text("-e .\nnumpy==2.4.6\n    # via pandas\npandas==3.1.1\n    # via -r requirements.in\n"
                    "rispy==0.10.0\n    # via -r requirements.in\n")
    assert lock_mismatches(direct, lock) == []
    direct.write_text("pandas==3.2.0\n-e .\n")
    assert lock_mismatches(direct, lock) == [
        "pandas==3.2.0 is in requirements.in but the lock has pandas==3.1.1",
        "the lock holds rispy for requirements.in, which no longer asks for it"]
    direct.write_text("pandas\n")
    assert any("not pinned" in p for p in lock_mismatches(direct, lock))
