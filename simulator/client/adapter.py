"""Scenario adapters: what the Gherkin features drive, the capabilities an adapter declares, the reference one.

An adapter factory takes a Target (the back office's base URL and online store) and returns an Adapter. The
features load it from `--client=package.module:factory` or from the `backoffice_sim.clients` entry point group;
`reference` below is the SOAP/HTTP reference commerce client.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from simulator.client.backoffice import BackOfficeClient
from simulator.client.commerce import CommerceStorefront
from simulator.client.outbound import SoapBackOffice
from simulator.client.storefront import Shopper

BROWSE = "browse"
"""Catalog and product details pages with availability and offer price."""
CATALOG_CACHE = "catalog_cache"
"""Browse and the cart read availability and offer prices from a cache and call out only on a miss."""
CART = "cart"
"""Add to cart and change the cart."""
CHECKOUT = "checkout"
"""Order preparation (reserve, refresh prices, calculate), the Order Summary and placing the order."""
QUOTES = "quotes"
"""Create Quote, and the quote list and details."""
ORDER_HISTORY = "order_history"
"""The order list and details, other channels included."""
OUTBOUND_COUNTERS = "outbound_counters"
"""The adapter reports its outbound calls per operation (needed to assert that a cache hit calls nothing)."""
PARTIAL_RESERVATION = "partial_reservation"
"""Checkout with IBM_AllowPartialReservation=Y."""
CART_CHANGE_RELEASES = "cart_change_releases"
"""A cart changed after order preparation cancels the reservation."""
SUBMIT_DECREMENTS_CACHE = "submit_decrements_cache"
"""Placing an order takes its quantities off the cached availability (DOM INVCNF flag 8)."""

ALL_CAPABILITIES = frozenset({
    BROWSE, CATALOG_CACHE, CART, CHECKOUT, QUOTES, ORDER_HISTORY, OUTBOUND_COUNTERS, PARTIAL_RESERVATION,
    CART_CHANGE_RELEASES, SUBMIT_DECREMENTS_CACHE,
})


@dataclass(frozen=True, slots=True)
class Target:
    """What the scenarios run against: the back office's base URL (None in-process) and its online store."""

    base_url: str | None
    store_id: str
    store_name: str
    currency: str = "USD"


class Adapter(Protocol):
    """Drives a storefront for the scenarios: log a buyer in, report outbound calls, close."""

    @property
    def name(self) -> str: ...

    @property
    def capabilities(self) -> frozenset[str]: ...

    def login(self, logon_id: str, dn: str) -> Shopper:
        """A logged-in buyer."""
        ...

    def outbound_calls(self) -> Mapping[str, int]:
        """Outbound calls made so far, per operation name (GetPriceList, ReserveInventory, ...)."""
        ...

    def close(self) -> None:
        """Release what the adapter holds."""
        ...


AdapterFactory = Callable[[Target], Adapter]


class StorefrontAdapter:
    """An Adapter over a CommerceStorefront (on any back-office port: SOAP, in-process, ...)."""

    def __init__(self, name: str, storefront: CommerceStorefront,
                 capabilities: frozenset[str] = ALL_CAPABILITIES) -> None:
        self._name = name
        self._capabilities = capabilities
        self.storefront = storefront

    @property
    def name(self) -> str:
        """How the adapter is reported."""
        return self._name

    @property
    def capabilities(self) -> frozenset[str]:
        """What this adapter can do."""
        return self._capabilities

    def login(self, logon_id: str, dn: str) -> Shopper:
        """A shopper session of the storefront."""
        return self.storefront.login(logon_id, dn)

    def outbound_calls(self) -> Mapping[str, int]:
        """The storefront's outbound calls per operation."""
        return self.storefront.outbound_calls()

    def close(self) -> None:
        """Close the back-office port if it can be closed."""
        close = getattr(self.storefront.backoffice, "close", None)
        if callable(close):
            close()


class ReferenceAdapter(StorefrontAdapter):
    """The reference commerce client over SOAP/HTTP."""

    def __init__(self, target: Target) -> None:
        if target.base_url is None:
            raise ValueError("the reference client needs the back office's base URL")
        self.client = BackOfficeClient(target.base_url, store_id=target.store_id, store_name=target.store_name,
                                       currency=target.currency, raise_business_errors=False)
        super().__init__("reference", CommerceStorefront(SoapBackOffice(self.client)))

    def close(self) -> None:
        """Close the client's keep-alive connections."""
        self.client.close()


def reference(target: Target) -> Adapter:
    """Factory of the reference adapter (entry point `reference` of `backoffice_sim.clients`)."""
    return ReferenceAdapter(target)
