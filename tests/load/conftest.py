"""Load tests: one seeded simulator for the session and a helper running a profile through `python -m load`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.process import Simulator

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def load_simulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(tmp_path_factory.mktemp("load") / "world.db") as simulator:
        yield simulator


RunProfile = Callable[..., dict[str, Any]]


@pytest.fixture
def run_profile(load_simulator: Simulator, tmp_path: Path) -> RunProfile:
    """Runs a profile against the session's simulator, results in tmp_path."""
    return lambda profile, *args: _run(load_simulator, profile, tmp_path, *args)


def _run(simulator: Simulator, profile: str, results: Path, *args: str) -> dict[str, Any]:
    """Run a profile headless against the simulator; its summary.json (the run's output is in `_output`)."""
    assert simulator.process is not None
    done = subprocess.run(
        [sys.executable, "-m", "load", profile, "--simulator-url", simulator.url,
         "--simulator-pid", str(simulator.process.pid), "--results", str(results), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    summary_file = results / "summary.json"
    assert summary_file.exists(), done.stdout + done.stderr
    summary: dict[str, Any] = json.loads(summary_file.read_text())
    summary["_output"] = done.stdout + done.stderr
    return summary
