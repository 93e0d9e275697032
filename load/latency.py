"""Back-office latency for the `latency` profile: a delay fault rule armed on the simulator for the run."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

FAULTS = "/_admin/faults"


def latency_rule(median_ms: float, sigma: float) -> dict[str, Any]:
    """A rule delaying every SOAP call by a lognormal pause; the request is processed as usual."""
    return {
        "name": "load: back-office latency",
        "match": {},
        "effect": {"type": "delay", "distribution": "lognormal", "median_ms": median_ms, "sigma": sigma},
        "mode": {"type": "permanent"},
    }


def arm(simulator_url: str, median_ms: float, sigma: float) -> int:
    """Add the latency rule to the simulator; its id, to remove it afterwards."""
    request = urllib.request.Request(
        simulator_url + FAULTS,
        data=json.dumps(latency_rule(median_ms, sigma)).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return int(json.load(answer)["id"])


def disarm(simulator_url: str, rule_id: int) -> None:
    """Remove the rule `arm` added (a simulator given by URL is left as it was found)."""
    request = urllib.request.Request(f"{simulator_url}{FAULTS}/{rule_id}", method="DELETE")
    with urllib.request.urlopen(request, timeout=10):
        pass
