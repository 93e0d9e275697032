"""schemathesis, the CLI with every check and phase, against a real server: the admin API keeps its document.

The same command by hand (against `make run`):
    schemathesis --config-file tests/admin/schemathesis.toml run http://127.0.0.1:8080/_admin/openapi.json \
        --checks all --phases examples,coverage,fuzzing,stateful
Here it is bounded (few examples, a fixed seed, a time budget) so that `make test` stays quick.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.process import Simulator

pytestmark = pytest.mark.slow
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CONFIG = Path(__file__).with_name("schemathesis.toml")
BUDGET_SECONDS = 40


def test_schemathesis_finds_nothing(tmp_path: Path) -> None:
    with Simulator(tmp_path / "world.db", workers=1, extra=("--products", "30")) as sim:
        run = subprocess.run(
            [str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", f"{sim.url}/_admin/openapi.json",
             "--checks", "all",
             "--phases", "examples,coverage,fuzzing,stateful", "--max-examples", "10", "--seed", "7",
             "--max-time", str(BUDGET_SECONDS), "--generation-database", "none", "--no-color"],
            cwd=tmp_path, capture_output=True, text=True, timeout=BUDGET_SECONDS + 120,
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout or "passed" in run.stdout, run.stdout[-2000:]
