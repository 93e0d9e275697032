"""GET /metrics in the Prometheus text format (0.0.4), written by hand.

Counters come from the control store, which every worker adds to in the same transaction as its journal entry, so
any worker answers a scrape with the totals of all of them (no per-process files to merge, unlike the
multiprocess mode of prometheus-client). Gauges (reservations, orders, quotes, pushes) are read from the world.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Final

from flask import Blueprint, Response

from simulator.admin.control import context
from simulator.admin.world import backend
from simulator.backend.ports import OrderFilter
from simulator.backend.service import Backend
from simulator.faults.middleware import BUCKET_LABELS

bp = Blueprint("metrics", __name__)
CONTENT_TYPE: Final = "text/plain; version=0.0.4; charset=utf-8"


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def exposition(counters: dict[str, float], gauges: Iterable[tuple[str, str, str, float]]) -> str:
    """The text of a scrape from the stored counters and the world's gauges (name, help, labels, value)."""
    out: list[str] = []
    requests: list[tuple[str, float]] = []
    faults: list[tuple[str, float]] = []
    events: list[tuple[str, float]] = []
    buckets: dict[str, dict[str, float]] = defaultdict(dict)
    sums: dict[str, float] = {}
    counts: dict[str, float] = {}
    for key, value in sorted(counters.items()):
        kind, _, rest = key.partition("|")
        if kind == "requests":
            operation, _, status = rest.partition("|")
            requests.append((f'operation="{_label(operation)}",status="{_label(status)}"', value))
        elif kind == "faults":
            operation, _, effect = rest.partition("|")
            faults.append((f'operation="{_label(operation)}",effect="{_label(effect)}"', value))
        elif kind == "events":
            events.append((f'type="{_label(rest)}"', value))
        elif kind == "bucket":
            operation, _, bound = rest.partition("|")
            buckets[operation][bound] = value
        elif kind == "sum":
            sums[rest] = value
        elif kind == "count":
            counts[rest] = value
    _family(out, "backoffice_soap_requests_total", "counter", "SOAP requests answered, by operation and HTTP status",
            requests)
    out.append("# HELP backoffice_soap_request_duration_seconds Time to answer a SOAP request, by operation")
    out.append("# TYPE backoffice_soap_request_duration_seconds histogram")
    for operation in sorted(counts):
        label = _label(operation)
        running = 0.0
        for bound in BUCKET_LABELS:
            running += buckets[operation].get(bound, 0.0)
            out.append(f'backoffice_soap_request_duration_seconds_bucket{{operation="{label}",le="{bound}"}} '
                       f"{_number(running)}")
        out.append(f'backoffice_soap_request_duration_seconds_sum{{operation="{label}"}} {sums.get(operation, 0.0)!r}')
        out.append(f'backoffice_soap_request_duration_seconds_count{{operation="{label}"}} '
                   f"{_number(counts[operation])}")
    _family(out, "backoffice_faults_applied_total", "counter", "Fault rules applied, by operation and effect", faults)
    _family(out, "backoffice_domain_events_total", "counter", "Domain events recorded, by type", events)
    by_name: dict[str, tuple[str, list[tuple[str, float]]]] = {}
    for name, help_text, labels, value in gauges:
        by_name.setdefault(name, (help_text, []))[1].append((labels, value))
    for name, (help_text, samples) in by_name.items():
        _family(out, name, "gauge", help_text, samples)
    return "\n".join(out) + "\n"


def _family(out: list[str], name: str, kind: str, help_text: str, samples: list[tuple[str, float]]) -> None:
    out.append(f"# HELP {name} {help_text}")
    out.append(f"# TYPE {name} {kind}")
    for labels, value in samples:
        out.append(f"{name}{{{labels}}} {_number(value)}" if labels else f"{name} {_number(value)}")


def world_gauges(backend: Backend) -> list[tuple[str, str, str, float]]:
    """Reservations, orders (by channel), quotes and pushes (by state, when the outbox exists) held now."""
    gauges: list[tuple[str, str, str, float]] = [
        ("backoffice_reservations", "Reservations held", "", float(backend.inspect.reservations(0, 1).total)),
        ("backoffice_quotes", "Quotes held", "", float(backend.quotes.find(OrderFilter(), 0, 1).total)),
    ]
    channels: dict[str, int] = defaultdict(int)
    for order in _every(lambda offset, limit: backend.orders.find(OrderFilter(), offset, limit).items):
        channels[str(getattr(order, "channel", ""))] += 1
    gauges.extend(("backoffice_orders", "Orders held, by channel", f'channel="{_label(c)}"', float(n))
                  for c, n in sorted(channels.items()))
    gauges.extend(_push_gauges(backend))
    return gauges


def _every(fetch: Callable[[int, int], tuple[object, ...]]) -> Iterable[object]:
    offset = 0
    while True:
        items = fetch(offset, 500)
        yield from items
        if len(items) < 500:
            return
        offset += 500


def _push_gauges(backend: Backend) -> list[tuple[str, str, str, float]]:
    outbox = getattr(backend, "outbox", None)
    if outbox is None:
        return []
    from simulator.domain.outbox import PushState

    return [("backoffice_pushes", "Pushes to Commerce, by state", f'state="{state}"',
             float(outbox.listing([state], 0, 1).total)) for state in PushState]


@bp.get("/metrics")
def metrics() -> Response:
    """Prometheus metrics of every worker."""
    text = exposition(context().store.counters(), world_gauges(backend()))
    return Response(text, content_type=CONTENT_TYPE)
