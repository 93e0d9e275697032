"""Price use cases: the entitled offer price of parts for a buyer's organization."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.backend.commands import BuyerRef, PriceItem
from simulator.backend.context import Deps, entitlement_chain, resolve_online_store, resolve_part
from simulator.backend.ports import Session
from simulator.domain.errors import InvalidRequest, UnknownBuyer
from simulator.domain.model import CatalogEntry, PriceList
from simulator.domain.pricing import OfferPrice, entitled_price


class PriceService:
    """Offer prices, each call one transaction."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def offer_prices(self, store_id: str, buyer: BuyerRef, items: Sequence[PriceItem]) -> list[OfferPrice]:
        """The buyer organization's entitled price for each item, in request order."""
        with self._deps.store.read() as session:
            resolve_online_store(session, store_id)
            return entitled_prices(session, buyer_org(session, buyer), items)


def buyer_org(session: Session, buyer: BuyerRef) -> str | None:
    """The organization whose contract applies; None (store default) for an anonymous shopper."""
    if not buyer.logon_id and not buyer.dn:
        return None
    found = session.get_buyer(buyer.logon_id) if buyer.logon_id else None
    if found is None and buyer.dn:
        found = session.get_buyer_by_dn(buyer.dn)
        if found is None and session.get_organization(buyer.dn) is not None:
            return buyer.dn
    if found is None:
        raise UnknownBuyer(f"unknown buyer {buyer.logon_id or buyer.dn}")
    return found.org_dn


def entitled_prices(session: Session, org_dn: str | None, items: Sequence[PriceItem]) -> list[OfferPrice]:
    """Offer prices along the organization's entitlement chain, falling back to the list price."""
    entries = [resolve_part(session, item.part) for item in items]
    lists = session.price_lists_for(entitlement_chain(session, org_dn), [e.part_number for e in entries])
    return [_price(lists, entry, item) for entry, item in zip(entries, items, strict=True)]


def _price(lists: Sequence[PriceList], entry: CatalogEntry, item: PriceItem) -> OfferPrice:
    if item.quantity <= 0:
        raise InvalidRequest(f"quantity {item.quantity} of {entry.part_number} must be positive")
    offer = entitled_price(lists, entry.part_number, item.quantity, item.currency)
    if offer is not None:
        return offer
    if entry.currency != item.currency:
        raise InvalidRequest(f"{entry.part_number} has no price in {item.currency}")
    return OfferPrice(entry.part_number, entry.list_price, entry.currency, item.quantity, "list", "")
