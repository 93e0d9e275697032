"""CI guard: the conformance suite run against our own server passes with nothing skipped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from support.process import Simulator

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def run_contracts(base_url: str, report: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "contracts", "-q", "-rs", "-p", "no:cacheprovider",
               "--base-url", base_url, f"--junitxml={report}"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_conformance_suite_passes_against_our_simulator_with_nothing_skipped(tmp_path: Path) -> None:
    report = tmp_path / "contracts.xml"
    with Simulator(tmp_path / "world.db") as server:
        result = run_contracts(server.url, report)
    suite = etree.parse(str(report)).getroot()
    suite = suite if suite.tag == "testsuite" else suite[0]
    counts = {name: int(suite.get(name) or 0) for name in ("tests", "failures", "errors", "skipped")}
    output = result.stdout[-4000:]
    assert result.returncode == 0, output
    assert counts["failures"] == counts["errors"] == 0, output
    assert counts["skipped"] == 0, f"against our own simulator nothing may be skipped:\n{output}"
    assert counts["tests"] >= 40, counts
