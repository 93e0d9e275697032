"""A worked example of a team's adapter: a minimal storefront over HTTP that declares fewer capabilities.

A real adapter would drive the team's own storefront (its REST API or a browser). To stay self-contained this one
plays a cache-less storefront that calls the back office over SOAP for every page, and it cannot create quotes,
reserve partially or count its calls, so the scenarios tagged with those capabilities are reported as skipped.
Run it with `pytest features --client=features.clients.example_http:factory`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from decimal import Decimal

from simulator.client import BackOfficeClient, Buyer, Line, Order
from simulator.client.adapter import BROWSE, CART, CHECKOUT, ORDER_HISTORY, Target
from simulator.client.outbound import SoapBackOffice
from simulator.client.storefront import CartLine, Document, OrderSummary, ProductView, SummaryLine

ids = itertools.count(7_000_000)


class ExampleShopper:
    """A buyer on a storefront without caches: every page asks the back office."""

    def __init__(self, port: SoapBackOffice, buyer: Buyer) -> None:
        self.port = port
        self.buyer = buyer
        self.lines: dict[str, CartLine] = {}
        self.order_id = str(next(ids))
        self.summary: OrderSummary | None = None

    def browse(self, part_number: str) -> ProductView:
        """Availability and offer price, both asked for now."""
        (availability,) = self.port.availability([part_number])
        (offer,) = self.port.offer_prices(self.buyer, [(part_number, 1)])
        return ProductView(part_number, availability, offer)

    def product_details(self, part_number: str) -> ProductView:
        """The same as browsing."""
        return self.browse(part_number)

    def add_to_cart(self, part_number: str, quantity: int) -> CartLine:
        """Add a part at its current price."""
        view = self.browse(part_number)
        known = self.lines.get(part_number)
        item_id = known.item_id if known else f"{self.order_id}-{len(self.lines) + 1}"
        line = CartLine(item_id, part_number, quantity + (known.quantity if known else 0),
                        view.offer.price if view.offer else None, view.availability.status)
        self.lines[part_number] = line
        return line

    def change_cart(self, part_number: str, quantity: int) -> None:
        """Set a quantity (0 removes); this storefront does not release reservations."""
        self.summary = None
        if quantity == 0:
            self.lines.pop(part_number, None)
        else:
            self.add_to_cart(part_number, quantity - self.lines[part_number].quantity)

    def cart(self) -> tuple[CartLine, ...]:
        """The cart."""
        return tuple(self.lines.values())

    def prepare_checkout(self, allow_partial: bool = False) -> OrderSummary:
        """Reserve and calculate (no separate price refresh: prices were never cached)."""
        if allow_partial:
            raise NotImplementedError("this storefront cannot reserve partially")
        outcome = self.port.reserve(self._order(), False)
        totals = self.port.calculate(self._order())
        lines = tuple(SummaryLine(p.item_id, p.part_number, p.quantity, p.unit_price, p.price,
                                  sum((a.quantity for a in outcome.allocations
                                       if a.item_id == p.item_id and a.status == "Allocated"), Decimal(0)),
                                  sum((a.quantity for a in outcome.allocations
                                       if a.item_id == p.item_id and a.status == "Backordered"), Decimal(0)))
                      for p in totals.lines)
        self.summary = OrderSummary(self.order_id, lines, totals, outcome.errors)
        return self.summary

    def place_order(self) -> str:
        """Transfer the prepared order."""
        if self.summary is None or not self.summary.can_submit:
            raise RuntimeError("the order is not ready to be placed")
        placed = self.port.transfer(self._order())
        self.lines, self.summary, self.order_id = {}, None, str(next(ids))
        return placed.external_id

    def create_quote(self) -> str:
        """Not offered by this storefront."""
        raise NotImplementedError("this storefront has no quotes")

    def orders(self) -> list[Document]:
        """The order history."""
        return self.port.orders(self.buyer, ())

    def order_details(self, external_id: str) -> Document:
        """One order."""
        return self.port.order(external_id)

    def quotes(self) -> list[Document]:
        """Not offered by this storefront."""
        raise NotImplementedError("this storefront has no quotes")

    def quote_details(self, external_id: str) -> Document:
        """Not offered by this storefront."""
        raise NotImplementedError("this storefront has no quotes")

    def _order(self) -> Order:
        return Order(self.order_id, self.buyer, tuple(
            Line(line.part_number, line.quantity, item_id=line.item_id, unit_price=line.unit_price)
            for line in self.lines.values()
        ))


class ExampleAdapter:
    """The adapter: a name, its capabilities, and a way to log a buyer in."""

    name = "example_http"
    capabilities = frozenset({BROWSE, CART, CHECKOUT, ORDER_HISTORY})

    def __init__(self, target: Target) -> None:
        if target.base_url is None:
            raise ValueError("the example adapter talks HTTP: it needs a base URL")
        self.client = BackOfficeClient(target.base_url, store_id=target.store_id, store_name=target.store_name)

    def login(self, logon_id: str, dn: str) -> ExampleShopper:
        """A buyer of this storefront."""
        return ExampleShopper(SoapBackOffice(self.client), Buyer(logon_id, dn))

    def outbound_calls(self) -> Mapping[str, int]:
        """Not reported by this storefront (capability `outbound_counters` is not declared)."""
        return {}

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()


def factory(target: Target) -> ExampleAdapter:
    """What `--client=features.clients.example_http:factory` calls once per scenario."""
    return ExampleAdapter(target)
