"""The admin API driver (over HTTP or in-process) and the seeded-world finder the steps get their data from."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from simulator.client.adapter import Target

PAGE = 500
IN_STOCK = 20
SCARCE = 5


class AdminError(Exception):
    """The admin API answered with an error (problem+json)."""


class Admin(Protocol):
    """GET and POST JSON on /_admin; raises AdminError on an error status."""

    def get(self, path: str, **params: str) -> Any: ...

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any: ...


class HttpAdmin:
    """The admin API of a simulator at a base URL."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def get(self, path: str, **params: str) -> Any:
        """GET a JSON answer."""
        query = "?" + urllib.parse.urlencode(params) if params else ""
        return self._send(urllib.request.Request(self.base_url + path + query))

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """POST a JSON body, get a JSON answer."""
        data = json.dumps(body or {}).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        return self._send(request)

    @staticmethod
    def _send(request: urllib.request.Request) -> Any:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise AdminError(f"{request.get_method()} {request.full_url}: {exc.code} {exc.read()!r}") from None


@dataclass(frozen=True, slots=True)
class BuyerRecord:
    """A buyer of the seeded world."""

    logon_id: str
    dn: str
    org_dn: str


@dataclass(frozen=True, slots=True)
class StockRecord:
    """A part's availability at the online store as the back office sees it."""

    part_number: str
    status: str
    quantity: int
    on_hand: int
    receipts: int


class World:
    """Finds buyers and parts in the seeded world through the admin API, and changes it through the admin API.

    Every scenario starts from a reset world, so what a survey found is remembered for the session.
    """

    def __init__(self, admin: Admin) -> None:
        self.admin = admin
        self._pristine: dict[str, StockRecord] = {}

    def reset(self) -> None:
        """Back to the seeded world."""
        self.admin.post("/_admin/reset")

    def target(self, base_url: str | None) -> Target:
        """The first online store, as an adapter target."""
        store = self.admin.get("/_admin/stores")["online_stores"][0]
        return Target(base_url, store["store_id"], store["identifier"], store["currency"])

    # -- buyers ----------------------------------------------------------------------------------------------

    def buyers(self) -> list[BuyerRecord]:
        """Every buyer."""
        return [BuyerRecord(b["logon_id"], b["dn"], b["org_dn"]) for b in self._all("/_admin/buyers")]

    def buyer_with_history(self) -> BuyerRecord:
        """A buyer with orders and quotes from channels other than the storefront."""
        for buyer in self.buyers():
            if self.other_channel_orders(buyer) and self.other_channel_quotes(buyer):
                return buyer
        raise LookupError("no buyer has orders and quotes from other channels")

    def buyers_of_two_organizations(self) -> tuple[BuyerRecord, BuyerRecord]:
        """Two buyers of different organizations."""
        by_org: dict[str, BuyerRecord] = {}
        for buyer in self.buyers():
            by_org.setdefault(buyer.org_dn, buyer)
        if len(by_org) < 2:
            raise LookupError("the world has fewer than two organizations with buyers")
        first, second = list(by_org.values())[:2]
        return first, second

    def other_channel_orders(self, buyer: BuyerRecord) -> list[str]:
        """External ids of the buyer's orders placed through other channels."""
        return [o["external_order_id"] for o in self._all("/_admin/orders", buyer=buyer.logon_id)
                if o["channel"] != "Web Channel"]

    def other_channel_quotes(self, buyer: BuyerRecord) -> list[str]:
        """External ids of the buyer's quotes created through other channels."""
        return [q["external_quote_id"] for q in self._all("/_admin/quotes", buyer=buyer.logon_id)
                if q["channel"] != "Web Channel"]

    # -- parts -----------------------------------------------------------------------------------------------

    def part(self, kind: str, exclude: frozenset[str] = frozenset()) -> StockRecord:
        """A part of a kind: "in stock", "scarce", "backorderable" or "out of stock" (the first in the catalog)."""
        wanted = KINDS[kind]
        for record in self._survey():
            if record.part_number not in exclude and wanted(record):
                return record
        raise LookupError(f"the seeded world has no {kind} part")

    def part_priced_differently(self, first: str, second: str, exclude: frozenset[str] = frozenset()) -> str:
        """An in-stock part whose offer price differs between two organizations."""
        for record in self._survey():
            if record.part_number in exclude or not KINDS["in stock"](record):
                continue
            if self.price(record.part_number, first) != self.price(record.part_number, second):
                return record.part_number
        raise LookupError("no in-stock part is priced differently for those organizations")

    def stock(self, part_number: str) -> StockRecord:
        """A part's availability and on-hand total now."""
        found = self.admin.get(f"/_admin/stock/{_quote(part_number)}")
        availability = found["availability"]
        receipts = sum(qty for center in availability["centers"] for _, qty in center["expected"])
        on_hand = sum(level["on_hand"] for level in found["levels"])
        return StockRecord(part_number, availability["status"], int(availability["quantity"]), on_hand, receipts)

    def _survey(self) -> Iterator[StockRecord]:
        """Parts of the seeded world in catalog order, each surveyed once per session."""
        for entry in self._all("/_admin/catalog"):
            part_number = entry["part_number"]
            if part_number not in self._pristine:
                self._pristine[part_number] = self.stock(part_number)
            yield self._pristine[part_number]

    # -- prices, reservations, orders ------------------------------------------------------------------------

    def price(self, part_number: str, org_dn: str, quantity: int = 1) -> Decimal:
        """The offer price the back office gives an organization now."""
        found = self.admin.get(f"/_admin/prices/{_quote(part_number)}", organization=org_dn, quantity=str(quantity))
        return Decimal(found["price"])

    def set_price(self, part_number: str, org_dn: str, price: Decimal) -> None:
        """Change an organization's contract price of a part."""
        self.admin.post("/_admin/prices", {"part_number": part_number, "organization": org_dn, "price": str(price)})

    def receive(self, part_number: str, quantity: int) -> None:
        """Add on-hand stock of a part at its first fulfillment center (through the admin API)."""
        level = self.admin.get(f"/_admin/stock/{_quote(part_number)}")["levels"][0]
        self.admin.post(f"/_admin/stock/{_quote(part_number)}",
                        {"fc_id": level["fc_id"], "on_hand": level["on_hand"] + quantity})

    def reserved(self, part_number: str) -> dict[str, int]:
        """Quantity of a part held by reservations, per reservation status (Allocated, Backordered, ...)."""
        held: dict[str, int] = {}
        for reservation in self._all("/_admin/reservations"):
            for chunk in reservation["chunks"]:
                if chunk["part_number"] == part_number:
                    held[chunk["status"]] = held.get(chunk["status"], 0) + int(chunk["quantity"])
        return held

    def reservations(self) -> int:
        """How many reservations the back office holds."""
        return int(self.admin.get("/_admin/reservations", limit="1")["total"])

    def orders(self) -> int:
        """How many orders the back office holds, of every channel."""
        return int(self.admin.get("/_admin/orders", limit="1")["total"])

    def order(self, external_id: str) -> dict[str, Any]:
        """One order as the back office holds it."""
        found: dict[str, Any] = self.admin.get(f"/_admin/orders/{_quote(external_id)}")
        return found

    def quote(self, external_id: str) -> dict[str, Any]:
        """One quote as the back office holds it."""
        found: dict[str, Any] = self.admin.get(f"/_admin/quotes/{_quote(external_id)}")
        return found

    def _all(self, path: str, **params: str) -> Iterator[dict[str, Any]]:
        offset = 0
        while True:
            page = self.admin.get(path, offset=str(offset), limit=str(PAGE), **params)
            yield from page["items"]
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                return


def _quote(segment: str) -> str:
    return urllib.parse.quote(segment, safe="")


KINDS: dict[str, Callable[[StockRecord], bool]] = {
    "in stock": lambda r: r.status == "Available" and r.quantity >= IN_STOCK,
    "scarce": lambda r: r.status == "Available" and 0 < r.quantity <= SCARCE and r.receipts == 0,
    "backorderable": lambda r: r.status == "Backorderable" and r.quantity == 0 and r.receipts >= IN_STOCK,
    "out of stock": lambda r: r.status == "Unavailable" and r.receipts == 0,
}
