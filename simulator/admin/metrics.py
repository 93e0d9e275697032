"""GET /metrics: prometheus_client collectors over the control store and the world.

Counters come from the control store, which every worker adds to in the same transaction as its journal entry, so
any worker answers a scrape with the totals of all of them (no per-process files to merge, unlike the
multiprocess mode of prometheus-client). Gauges (reservations, orders, quotes, pushes) are read from the world.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from flask import Response
from flask_openapi3.blueprint import APIBlueprint
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric

from simulator.admin.control import context
from simulator.admin.world import backend
from simulator.backend.ports import OrderFilter
from simulator.backend.service import Backend
from simulator.control.ports import ControlStore
from simulator.faults.middleware import BUCKET_LABELS

bp = APIBlueprint("metrics", __name__)
TEXT = {"description": "The Prometheus text format 0.0.4",
        "content": {"text/plain": {"schema": {"type": "string"}}}}


class StoreCollector:
    """SOAP requests, their durations, faults applied and domain events: the control store's counters."""

    def __init__(self, store: ControlStore) -> None:
        self._store = store

    def collect(self) -> Iterator[Metric]:
        """The counter families of one scrape."""
        requests = CounterMetricFamily("backoffice_soap_requests", "SOAP requests answered, by operation and HTTP "
                                       "status", labels=["operation", "status"])
        faults = CounterMetricFamily("backoffice_faults_applied", "Fault rules applied, by operation and effect",
                                     labels=["operation", "effect"])
        events = CounterMetricFamily("backoffice_domain_events", "Domain events recorded, by type", labels=["type"])
        buckets: dict[str, dict[str, float]] = defaultdict(dict)
        sums: dict[str, float] = {}
        for key, value in sorted(self._store.counters().items()):
            kind, _, rest = key.partition("|")
            first, _, second = rest.partition("|")
            if kind == "requests":
                requests.add_metric([first, second], value)
            elif kind == "faults":
                faults.add_metric([first, second], value)
            elif kind == "events":
                events.add_metric([rest], value)
            elif kind == "bucket":
                buckets[first][second] = value
            elif kind == "sum":
                sums[rest] = value
        yield requests
        yield _durations(buckets, sums)
        yield faults
        yield events


def _durations(buckets: dict[str, dict[str, float]], sums: dict[str, float]) -> HistogramMetricFamily:
    family = HistogramMetricFamily("backoffice_soap_request_duration_seconds",
                                   "Time to answer a SOAP request, by operation", labels=["operation"])
    for operation in sorted(set(buckets) | set(sums)):
        running, cumulative = 0.0, []
        for bound in BUCKET_LABELS:
            running += buckets[operation].get(bound, 0.0)
            cumulative.append((bound, running))
        family.add_metric([operation], cumulative, sums.get(operation, 0.0))
    return family


class WorldCollector:
    """Reservations, orders (by channel), quotes and pushes (by state) held now."""

    def __init__(self, world: Backend) -> None:
        self._world = world

    def collect(self) -> Iterator[Metric]:
        """The gauge families of one scrape."""
        world = self._world
        yield GaugeMetricFamily("backoffice_reservations", "Reservations held",
                                value=world.inspect.reservations(0, 1).total)
        yield GaugeMetricFamily("backoffice_quotes", "Quotes held", value=world.quotes.find(OrderFilter(), 0, 1).total)
        orders = GaugeMetricFamily("backoffice_orders", "Orders held, by channel", labels=["channel"])
        channels: dict[str, int] = defaultdict(int)
        for order in _every(lambda offset, limit: world.orders.find(OrderFilter(), offset, limit).items):
            channels[str(getattr(order, "channel", ""))] += 1
        for channel, count in sorted(channels.items()):
            orders.add_metric([channel], count)
        yield orders
        outbox = getattr(world, "outbox", None)
        if outbox is not None:
            from simulator.domain.outbox import PushState

            pushes = GaugeMetricFamily("backoffice_pushes", "Pushes to Commerce, by state", labels=["state"])
            for state in PushState:
                pushes.add_metric([state.value], outbox.listing([state], 0, 1).total)
            yield pushes


def _every(fetch: Callable[[int, int], tuple[object, ...]]) -> Iterable[object]:
    offset = 0
    while True:
        items = fetch(offset, 500)
        yield from items
        if len(items) < 500:
            return
        offset += 500


def exposition(store: ControlStore, world: Backend) -> bytes:
    """The text of one scrape."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(store))
    registry.register(WorldCollector(world))
    return generate_latest(registry)


@bp.get("/metrics", responses={200: TEXT}, openapi_extensions={"security": []})
def metrics() -> Response:
    """Prometheus metrics of every worker."""
    return Response(exposition(context().store, backend()), content_type=CONTENT_TYPE_PLAIN_0_0_4)
