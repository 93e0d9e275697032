"""Read-only helpers that find realistic ids in a running simulator through /_admin, and a validating client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

from lxml import etree

from simulator.bod import schema
from simulator.bod.envelope import SoapVersion
from simulator.client import BackOfficeClient, Buyer, Exchange

CATALOG_PAGE = 100


class Admin(Protocol):
    """Anything that GETs /_admin JSON (tests.support.process.Simulator does)."""

    @property
    def url(self) -> str: ...

    def get(self, path: str) -> Any: ...


@dataclass(frozen=True, slots=True)
class PhysicalStore:
    """A physical store: UniqueID, ExternalIdentifier and the fulfillment center behind it."""

    store_id: str
    external_id: str
    fc_id: str


@dataclass(frozen=True, slots=True)
class Shop:
    """The online store, its physical stores and the fulfillment center names."""

    store_id: str
    name: str
    currency: str
    physical: tuple[PhysicalStore, ...]
    centers: dict[str, str]


@dataclass
class Validated:
    """Counts the response BODs a client received; each one was validated against the bundled XSD."""

    bods: int = 0
    faults: int = 0
    roots: list[str] = field(default_factory=list)
    last: Exchange | None = None

    @property
    def last_request(self) -> str:
        """The last request as text."""
        return self.last.request.decode() if self.last is not None else ""

    @property
    def last_bod(self) -> etree._Element:
        """The last response BOD (fails when the last answer was a Fault)."""
        assert self.last is not None and self.last.bod is not None
        return self.last.bod

    def __call__(self, exchange: Exchange) -> None:
        self.last = exchange
        if exchange.bod is None:
            self.faults += 1
            return
        schema.validate(exchange.bod)
        self.bods += 1
        self.roots.append(str(exchange.bod.tag).rpartition("}")[2])


def shop(admin: Admin) -> Shop:
    """The first online store with its physical stores and centers."""
    stores = admin.get("/_admin/stores")
    online = stores["online_stores"][0]
    return Shop(
        store_id=online["store_id"],
        name=online["identifier"],
        currency=online["currency"],
        physical=tuple(PhysicalStore(s["store_id"], s["external_id"], s["fc_id"]) for s in stores["physical_stores"]),
        centers={c["fc_id"]: c["name"] for c in stores["fulfillment_centers"]},
    )


def client_for(admin: Admin, validated: Validated | None = None, *,
               version: SoapVersion = SoapVersion.SOAP11, **options: Any) -> BackOfficeClient:
    """A client for the simulator's online store, validating every response BOD when `validated` is given."""
    found = shop(admin)
    return BackOfficeClient(admin.url, store_id=found.store_id, store_name=found.name, soap_version=version,
                            on_exchange=validated, **options)


def _page(admin: Admin, path: str, limit: int = 500) -> Iterator[dict[str, Any]]:
    offset = 0
    separator = "&" if "?" in path else "?"
    while True:
        page = admin.get(f"{path}{separator}offset={offset}&limit={limit}")
        yield from page["items"]
        offset += len(page["items"])
        if not page["items"] or offset >= page["total"]:
            return


def buyers(admin: Admin) -> list[Buyer]:
    """Every buyer, as the client names them."""
    return [Buyer(b["logon_id"], b["dn"], b["org_dn"]) for b in _page(admin, "/_admin/buyers")]


def buyers_of_two_organizations(admin: Admin) -> tuple[Buyer, Buyer]:
    """Two buyers of different top-level organizations (so with different contracts)."""
    tops = {o["dn"] for o in _page(admin, "/_admin/organizations") if not o["parent_dn"]}
    chosen: dict[str, Buyer] = {}
    for buyer in buyers(admin):
        if buyer.organization_dn in tops:
            chosen.setdefault(buyer.organization_dn or "", buyer)
    first, second, *_ = chosen.values()
    return first, second


def orders_of(admin: Admin, buyer: Buyer, statuses: tuple[str, ...] = (), kind: str = "orders") -> list[dict[str, Any]]:
    """A buyer's orders (or quotes) in the admin API, optionally in some statuses."""
    query = f"/_admin/{kind}?buyer={quote(buyer.logon_id)}" + "".join(f"&status={s}" for s in statuses)
    return list(_page(admin, query))


def buyer_with(admin: Admin, statuses: tuple[str, ...], minimum: int, kind: str = "orders",
               channel_other_than: str = "Web Channel") -> Buyer:
    """A buyer with at least `minimum` orders (or quotes) in those statuses placed through other channels."""
    for buyer in buyers(admin):
        found = [o for o in orders_of(admin, buyer, statuses, kind) if o["channel"] != channel_other_than]
        if len(found) >= minimum:
            return buyer
    raise LookupError(f"no buyer has {minimum} {kind} in {statuses}")


def stock(admin: Admin, part_number: str) -> dict[str, Any]:
    """/_admin/stock/<part>: levels per center and the online availability."""
    found: dict[str, Any] = admin.get(f"/_admin/stock/{quote(part_number)}")
    return found


def catalog(admin: Admin) -> Iterator[dict[str, Any]]:
    """Catalog entries in part-number order."""
    return _page(admin, "/_admin/catalog", CATALOG_PAGE)


def parts_where(admin: Admin, accept: Callable[[dict[str, Any]], bool], count: int = 1) -> list[str]:
    """The first `count` part numbers whose /_admin/stock view satisfies `accept`."""
    found = []
    for entry in catalog(admin):
        if accept(stock(admin, entry["part_number"])):
            found.append(entry["part_number"])
            if len(found) == count:
                return found
    raise LookupError(f"only {len(found)} of {count} parts match")


def available(minimum: int = 1, maximum: int | None = None) -> Callable[[dict[str, Any]], bool]:
    """Available online with a quantity in [minimum, maximum] and no future receipt."""

    def accept(view: dict[str, Any]) -> bool:
        found = view["availability"]
        quantity = int(found["quantity"])
        return (found["status"] == "Available" and quantity >= minimum
                and (maximum is None or quantity <= maximum) and not any(lvl["receipts"] for lvl in view["levels"]))

    return accept


def in_several_centers(minimum: int = 10, centers: int = 2) -> Callable[[dict[str, Any]], bool]:
    """Available (at least `minimum`, no receipts) with stock to promise in at least `centers` centers."""
    enough = available(minimum)

    def accept(view: dict[str, Any]) -> bool:
        stocked = [c for c in view["availability"]["centers"] if int(c["quantity"]) > 0]
        return enough(view) and len(stocked) >= centers

    return accept


def with_status(status: str) -> Callable[[dict[str, Any]], bool]:
    """Online availability has that status (Backorderable, Unavailable, ...)."""
    return lambda view: bool(view["availability"]["status"] == status)


def online_quantity(admin: Admin, part_number: str) -> int:
    """What /_admin/stock says is available online now."""
    return int(stock(admin, part_number)["availability"]["quantity"])


def center_quantity(admin: Admin, part_number: str, fc_id: str) -> int:
    """What /_admin/stock says one fulfillment center can promise now (0 when it stocks none)."""
    centers = stock(admin, part_number)["availability"]["centers"]
    return next((int(c["quantity"]) for c in centers if c["fc_id"] == fc_id), 0)


def reservations(admin: Admin) -> dict[str, list[dict[str, Any]]]:
    """Reservation chunks held, by Commerce order id."""
    return {r["order_id"]: r["chunks"] for r in _page(admin, "/_admin/reservations")}


def orders_total(admin: Admin) -> int:
    """How many orders the back office holds (every channel)."""
    return int(admin.get("/_admin/orders?limit=1")["total"])
