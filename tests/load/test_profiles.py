"""A short smoke run of every load profile: it completes, reports SOAP calls and fails (almost) nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from load.run import profiles

pytestmark = pytest.mark.slow
MAX_FAILURE_RATIO = 0.01


@pytest.mark.parametrize("profile", profiles())
def test_profile_runs_without_failures(profile: str, run_profile: Any, tmp_path: Path) -> None:
    summary = run_profile(profile, "--duration", "3s", "--users", "4",
                          "--rss-warmup", "1")

    output = summary["_output"]
    assert summary["exit_code"] == 0, output
    assert summary["soap_calls"] > 0, output
    assert summary["failure_ratio"] <= MAX_FAILURE_RATIO, output
    assert (tmp_path / "locust_stats.csv").exists() and (tmp_path / "report.html").exists()
    assert summary["rss_warmup_kib"] > 0 and summary["rss_end_kib"] > 0
    if profile in ("browse", "latency"):
        assert summary["hit_ratio"] is not None and "cache hit ratio" in output
        assert {row["type"] for row in summary["rows"]} == {"cache", "soap"}
    if profile == "miss":
        assert {row["type"] for row in summary["rows"]} == {"soap"}
    if profile == "checkout":
        names = {row["name"] for row in summary["rows"] if row["type"] == "soap"}
        assert {"ReserveInventory", "CalculateOrder", "TransferOrder"} <= names
    if profile == "latency":
        assert any("delay fault rule" in note for note in summary["notes"])
        soap = [row for row in summary["rows"] if row["type"] == "soap"]
        assert min(row["p50"] for row in soap) >= 5, soap  # every call waited on the lognormal pause (median 20 ms)


def test_spike_shape_runs(run_profile: Any, tmp_path: Path) -> None:
    summary = run_profile("browse", "--duration", "3s", "--users", "4",
                          "--shape", "spike")

    assert summary["exit_code"] == 0, summary["_output"]
    assert summary["shape"] == "spike" and summary["failures"] == 0
