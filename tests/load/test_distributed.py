"""Distributed mode: one Locust master and two workers on loopback; the master's stats hold both workers' requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def test_master_counts_requests_from_both_workers(run_profile: Any, tmp_path: Path) -> None:
    summary = run_profile("browse", "--workers", "2", "--duration", "4s", "--users", "4")

    output = summary["_output"]
    assert summary["exit_code"] == 0, output
    assert len(summary["workers"]) == 2, output
    assert all(count > 0 for count in summary["workers"].values()), output
    assert sum(row["requests"] for row in summary["rows"]) >= sum(summary["workers"].values())
    assert summary["failures"] == 0
    assert len(list(tmp_path.glob("cache-*.json"))) == 2
