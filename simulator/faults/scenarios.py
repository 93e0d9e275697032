"""Domain scenarios by name: each turns a few parameters into the fault rules that play it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from simulator.faults.rules import Rule, RuleError, parse_rule


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named misbehaviour of the back office."""

    name: str
    summary: str
    parameters: dict[str, str]
    rules: Callable[[dict[str, Any], datetime], list[dict[str, Any]]]


def _parts(params: dict[str, Any]) -> dict[str, Any]:
    return {"part_number": params["part_number"]} if params.get("part_number") else {}


def _response_lost(params: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    return [{
        "match": {"operation": "ReserveInventory", **_parts(params)},
        "effect": {"type": "connection_reset", "after_processing": True},
        "mode": _times(params),
    }]  # fmt: skip


def _price_changed(params: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    return [{
        "match": {"operation": params.get("at", "ReserveInventory"), **_parts(params)},
        "effect": {"type": "change_price", "factor": str(params.get("factor", "1.10"))},
        "mode": {"type": "once"},
    }]  # fmt: skip


def _batch_window(params: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    seconds = params.get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 < seconds <= 86400:
        raise RuleError("a batch window needs seconds (more than 0, at most 86400)")
    start = str(params.get("start") or now.isoformat())
    return [{
        "match": {},
        "effect": {"type": "soap_fault", "code": "Server.BatchWindow", "status": 503, "retry_after": int(seconds),
                   "message": "the back office is in its batch window"},
        "window": {"start": start, "seconds": seconds},
    }]  # fmt: skip


def _partial_availability(params: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    return [{
        "match": {"operation": params.get("at", "ReserveInventory"), **_parts(params)},
        "effect": {"type": "limit_availability", "available": params.get("available", 1)},
        "mode": {"type": "once"},
    }]  # fmt: skip


def _times(params: dict[str, Any]) -> dict[str, Any]:
    count = params.get("times", 1)
    return {"type": "once"} if count == 1 else {"type": "times", "count": count}


SCENARIOS: Final = {
    s.name: s
    for s in (
        Scenario(
            "reservation-response-lost",
            "ReserveInventory is committed, then the connection drops before the answer arrives",
            {"part_number": "only reservations of this part (optional)", "times": "how many (default 1)"},
            _response_lost,
        ),
        Scenario(
            "price-changed-at-checkout",
            "the contract price rises between browse and checkout (when the checkout's first call arrives)",
            {
                "part_number": "only this part (optional)",
                "factor": "price multiplier (default 1.10)",
                "at": "the operation that starts the checkout (default ReserveInventory)",
            },
            _price_changed,
        ),
        Scenario(
            "batch-window",
            "every call fails with a 503 SOAP Fault for `seconds` of the simulator's clock time",
            {"seconds": "length of the window (required)", "start": "ISO start (default: now on the clock)"},
            _batch_window,
        ),
        Scenario(
            "partial-availability",
            "stock drops when the checkout starts, so only `available` units can be reserved",
            {
                "part_number": "only this part (optional)",
                "available": "units left (default 1)",
                "at": "the operation that starts the checkout (default ReserveInventory)",
            },
            _partial_availability,
        ),
    )
}


def scenario_rules(name: str, params: Any, now: datetime, tenant: str | None) -> list[Rule]:
    """The checked rules of a scenario; RuleError for bad parameters, KeyError for an unknown name."""
    scenario = SCENARIOS[name]
    if not isinstance(params, dict):
        raise RuleError("the scenario's parameters must be a JSON object")
    unknown = sorted(set(params) - set(scenario.parameters))
    if unknown:
        raise RuleError(f"{name} has no parameters {', '.join(unknown)}")
    if "times" in params and (not isinstance(params["times"], int) or isinstance(params["times"], bool)):
        raise RuleError("times must be a whole number")
    return [parse_rule({**spec, "scenario": name}, tenant) for spec in scenario.rules(params, now)]
