"""The README's five-minute tour works as written, against a simulator started the way `make run` starts it."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
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


def readme_block(after: str) -> str:
    readme = (ROOT / "README.md").read_text()
    return re.findall(r"```sh\n(.*?)```", readme.split(after, 1)[1], re.DOTALL)[0]


def test_the_legacy_messaging_commands_book_two_orders_and_answer_them(tmp_path: Path) -> None:
    block = readme_block("**Legacy messaging**")
    serve, *rest = block.strip().splitlines()
    assert "--messaging-inbox-dir in --messaging-outbox-dir out" in serve
    (tmp_path / "in").mkdir()
    options = ("--messaging-inbox-dir", str(tmp_path / "in"), "--messaging-outbox-dir", str(tmp_path / "out"))
    with Simulator(tmp_path / "msg.db", workers=1, extra=options) as sim:
        # the last line lists what the dispatcher wrote a moment later: the test waits for it instead
        *sending, listing = rest
        assert listing.startswith("sleep 5; ls out/")
        script = "\n".join(sending).replace(
            "-m simulator.client.legacy_sender", f"-m simulator.client.legacy_sender --simulator {sim.url}"
        )
        done = subprocess.run(["bash", "-euo", "pipefail", "-c",
                               script.replace("localhost:8080", f"127.0.0.1:{sim.port}")
                               .replace(".venv/bin/python", sys.executable)],
                              capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "x-message-result: applied" in done.stdout.lower()
        orders = wait_for(lambda: sim.get("/_admin/orders?channel=Commerce%20messaging")["total"] == 2)
        assert orders
        assert wait_for(lambda: len(list((tmp_path / "out").glob("*OrderStatus*"))) >= 2)
    assert (tmp_path / "in" / "done" / "orders.txt").is_file()


def test_the_master_data_commands_import_and_export(tmp_path: Path) -> None:
    script = readme_block("**Master data**").replace("simulator/bod/samples", str(ROOT / "simulator/bod/samples"))
    script = script.replace(".venv/bin/backoffice-sim", f"{sys.executable} -m simulator")
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=180,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "wc-dataload.xml").is_file() and (tmp_path / "old" / "massload.xml").is_file()
    assert "PRD-100" in (tmp_path / "out" / "CatalogEntryInventory.csv").read_text()


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False
