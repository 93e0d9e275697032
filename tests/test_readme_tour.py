"""The README's five-minute tour works as written, against a simulator started the way `make run` starts it."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.process import Simulator

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def tour_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    tour = readme.split("## A five-minute tour", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", tour, re.DOTALL)


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(tmp_path_factory.mktemp("tour") / "backoffice-sim.db", workers=2) as running:
        yield running


def run_block(block: str, port: int) -> str:
    script = block.replace("localhost:8080", f"127.0.0.1:{port}").replace("127.0.0.1:8080", f"127.0.0.1:{port}")
    script = script.replace(".venv/bin/python", sys.executable)
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_tour_runs_and_shows_what_it_says(sim: Simulator) -> None:
    blocks = tour_blocks()
    assert len(blocks) == 3
    looking = run_block(blocks[0], sim.port)
    assert '"status":"ok"' in looking.replace(" ", "") and '"identifier":"Elite"' in looking.replace(" ", "")
    asked = run_block(blocks[1], sim.port).split("\n")
    assert asked[0].startswith("BO-000001 ") and asked[1].startswith("BO-000002 ")
    faulted = run_block(blocks[2], sim.port)
    assert '"soap_fault"' in faulted and '"offset_seconds":3600' in faulted.replace(" ", "")
    assert sim.get("/_admin/clock")["mode"] == "system", "the tour ends with a reset"
