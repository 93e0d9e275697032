"""`serve` runs itself and its workers with glibc's larger per-thread malloc cache, unless the user set their own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.cli import MALLOC_TUNABLES
from tests.support.process import Simulator


def _glibc() -> bool:
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (ValueError, OSError):
        return False


pytestmark = pytest.mark.skipif(not _glibc(), reason="the tunable exists only in glibc")


def _start_environment(pid: int) -> dict[str, str]:
    """The environment a process was started (exec'd) with: later changes to os.environ do not show here."""
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(entry.decode().partition("=")[::2] for entry in raw.split(b"\0") if entry)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return found


def _serve(tmp_path: Path, env: dict[str, str] | None = None) -> Simulator:
    return Simulator(tmp_path / "sim.db", workers=1, extra=("--products", "20"), env=env or {})


def test_the_server_process_and_its_worker_start_with_the_tunable(tmp_path: Path) -> None:
    with _serve(tmp_path) as sim:
        assert sim.process is not None
        assert _start_environment(sim.process.pid).get("GLIBC_TUNABLES") == MALLOC_TUNABLES
        children = _children(sim.process.pid)
        assert children, "no worker process"
        assert all(_start_environment(child).get("GLIBC_TUNABLES") == MALLOC_TUNABLES for child in children)
        assert sim.get("/_admin/health")


def test_a_setting_of_the_users_own_even_an_empty_one_is_kept(tmp_path: Path) -> None:
    with _serve(tmp_path, {"GLIBC_TUNABLES": ""}) as sim:
        assert sim.process is not None
        assert _start_environment(sim.process.pid)["GLIBC_TUNABLES"] == ""
