"""The abstract SoapUser: owns the reference commerce client, reports its calls and cache hits to Locust."""

from __future__ import annotations

import bisect
import itertools
import json
import os
import random
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from locust import User, events

from load.reporting import CACHE, LocustTransport
from simulator.client import BackOfficeClient, Buyer
from simulator.client.commerce import CommerceStorefront, ShopperSession
from simulator.client.outbound import SoapBackOffice
from simulator.client.storefront import Availability, OfferPrice

T = TypeVar("T")
PAGE = 500
STOCKED = 20
"""A part is offered to checkout users when at least this much is available online."""


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    group = parser.add_argument_group("backoffice-sim load profiles")
    group.add_argument("--shape", choices=("steady", "ramp", "spike"), default="steady", help="load shape")
    group.add_argument("--cache-ttl", type=float, default=30.0, help="storefront cache TTL, seconds")
    group.add_argument("--cache-size", type=int, default=10_000, help="storefront cache size bound (LRU)")
    group.add_argument("--think-time", type=float, default=0.0,
                       help="mean seconds a user waits between tasks (0: closed loop, no wait)")
    group.add_argument("--zipf", type=float, default=1.0, help="popularity skew of the parts browsed (0: uniform)")
    group.add_argument("--latency-median-ms", type=float, default=0.0,
                       help="back-office latency median added by the delaying proxy (load/run.py), 0: none")
    group.add_argument("--latency-sigma", type=float, default=0.5, help="lognormal sigma of that latency")
    group.add_argument("--rss-warmup", type=float, default=0.0,
                       help="seconds before the simulator's RSS baseline is taken (0: a fifth of the run)")
    group.add_argument("--results-dir", default="", help="where processes drop their cache and worker figures")


@dataclass(frozen=True, slots=True)
class World:
    """What the seeded world offers the users: the online store, the parts (by popularity), buyers, stocked parts."""

    store_id: str
    store_name: str
    parts: tuple[str, ...]
    buyers: tuple[Buyer, ...]
    stocked: tuple[str, ...]


_worlds: dict[str, World] = {}
_storefronts: dict[str, tuple[CommerceStorefront, LocustTransport]] = {}
_lock = threading.Lock()


def discover(base_url: str) -> World:
    """Read the world through /_admin, and which parts are well stocked through one plain SOAP client."""
    stores = _get(base_url, "/_admin/stores")
    online = stores["online_stores"][0]
    parts = tuple(entry["part_number"] for entry in _pages(base_url, "/_admin/catalog"))
    buyers = tuple(Buyer(b["logon_id"], b["dn"], b["org_dn"]) for b in _pages(base_url, "/_admin/buyers"))
    stocked: list[str] = []
    with BackOfficeClient(base_url, store_id=online["store_id"], store_name=online["identifier"]) as client:
        for start in range(0, len(parts), 100):
            result = client.get_inventory_availability(parts[start:start + 100])
            stocked += [r.key.item for r in result.records if r.status == "Available" and r.quantity >= STOCKED]
    return World(online["store_id"], online["identifier"], parts, buyers, tuple(stocked))


def world(base_url: str) -> World:
    """The world of this base URL, discovered once per Locust process."""
    with _lock:
        return _discovered(base_url)


def storefront(environment: Any, base_url: str) -> tuple[CommerceStorefront, LocustTransport]:
    """One storefront per Locust process (Commerce's caches are shared by every shopper of a server)."""
    with _lock:
        if base_url not in _storefronts:
            found = _discovered(base_url)
            options = environment.parsed_options
            transport = LocustTransport(environment.events.request)
            client = BackOfficeClient(base_url, store_id=found.store_id, store_name=found.store_name,
                                      transport=transport, on_exchange=transport.on_exchange)
            ttl = float(getattr(options, "cache_ttl", 30.0))
            shop = CommerceStorefront(SoapBackOffice(client), ttl=ttl if ttl > 0 else 1e-9,
                                      max_entries=getattr(options, "cache_size", 10_000))
            _storefronts[base_url] = (shop, transport)
        return _storefronts[base_url]


def _discovered(base_url: str) -> World:
    if base_url not in _worlds:
        _worlds[base_url] = discover(base_url)
    return _worlds[base_url]


class SoapUser(User):
    """A shopper of the storefront (the reference client) whose SOAP calls and cache hits Locust records.

    With `--cache-ttl 0` availability and prices are read straight from the back office, as a storefront without
    a cache does. Concrete users only declare weighted @tasks (see load/profiles/).
    """

    abstract = True

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        if not self.host:
            raise ValueError("give the simulator's base URL with --host")
        base = self.host.rstrip("/")
        self.world = world(base)
        self.storefront, self.transport = storefront(environment, base)
        self.backoffice = self.storefront.backoffice
        options = environment.parsed_options
        self.cached = getattr(options, "cache_ttl", 30.0) > 0
        self.think_time = float(getattr(options, "think_time", 0.0))
        self.random = random.Random()
        self.buyer = self.random.choice(self.world.buyers)
        self.shopper: ShopperSession = self.storefront.login(self.buyer.logon_id, self.buyer.dn,
                                                              self.buyer.organization_dn)
        self._popular = _cumulative(len(self.world.parts), getattr(environment.parsed_options, "zipf", 1.0))

    def wait_time(self) -> float:
        """Think time between tasks: uniform around --think-time (none by default: a closed loop)."""
        return self.random.uniform(0, 2 * self.think_time) if self.think_time else 0.0

    def on_stop(self) -> None:
        self.transport.close()

    def popular_part(self) -> str:
        """A part drawn by popularity (Zipf over the catalog order)."""
        return self.world.parts[bisect.bisect(self._popular, self.random.random() * self._popular[-1])]

    def stocked_parts(self, count: int) -> list[str]:
        """Distinct well-stocked parts for a cart (popular ones if the world has none left)."""
        pool = self.world.stocked or self.world.parts
        return self.random.sample(pool, min(count, len(pool)))

    def availability(self, part_number: str) -> Availability:
        """The part's availability: from the storefront's cache (a hit is reported as "cache"), else one call."""
        if not self.cached:
            return self.backoffice.availability([part_number])[0]
        return self.read("GetInventoryAvailability", lambda: self.storefront.availability(part_number))

    def offer_price(self, part_number: str) -> OfferPrice:
        """The buyer's offer price: cached, else one GetPriceList."""
        if not self.cached:
            return self.backoffice.offer_prices(self.buyer, [(part_number, 1)])[0]
        return self.read("GetPriceList", lambda: self.storefront.offer_price(self.buyer, part_number))

    def read(self, name: str, lookup: Callable[[], T]) -> T:
        """Run a cached lookup; when it made no outbound call, report it as a cache hit (request type "cache")."""
        before = self.transport.calls_here()
        started = time.perf_counter()
        found = lookup()
        if self.transport.calls_here() == before:
            self.environment.events.request.fire(
                request_type=CACHE, name=name, response_time=(time.perf_counter() - started) * 1000,
                response_length=0, exception=None, context={}, start_time=started)
        return found


def _cumulative(count: int, skew: float) -> list[float]:
    return list(itertools.accumulate(1 / (rank ** skew) for rank in range(1, count + 1)))


def _get(base_url: str, path: str) -> Any:
    with urllib.request.urlopen(base_url + path, timeout=30) as response:
        return json.loads(response.read())


def _pages(base_url: str, path: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = _get(base_url, f"{path}?offset={len(found)}&limit={PAGE}")
        found += page["items"]
        if not page["items"] or len(found) >= page["total"]:
            return found


# -- figures each process leaves in --results-dir ------------------------------------------------------------

_worker_requests: Counter[str] = Counter()


@events.worker_report.add_listener
def _worker_report(client_id: str, data: dict[str, Any], **_: Any) -> None:
    _worker_requests[client_id] += int(data.get("stats_total", {}).get("num_requests", 0))


@events.quitting.add_listener
def _quitting(environment: Any, **_: Any) -> None:
    folder = getattr(environment.parsed_options, "results_dir", "") if environment.parsed_options else ""
    if not folder:
        return
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    if _worker_requests:
        (path / "workers.json").write_text(json.dumps(dict(_worker_requests), indent=2))
    for base, (shop, _transport) in _storefronts.items():
        stats = shop.stats
        figures = {"host": base, "availability": asdict(stats.availability), "prices": asdict(stats.prices),
                   "calls": stats.calls}
        (path / f"cache-{os.getpid()}-{quote(base, safe='')}.json").write_text(json.dumps(figures, indent=2))
