"""Back-office changes made behind Commerce's back (a contract price, a stock level) and the price to check."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from simulator.backend import legacy_messages
from simulator.backend.commands import PartRef, PriceItem
from simulator.backend.context import Deps, resolve_part
from simulator.backend.ports import Session, iter_pages
from simulator.backend.pricing import entitled_prices
from simulator.domain.errors import InvalidRequest, NotFound, UnknownOrganization
from simulator.domain.model import PriceBreak, PriceList, StockLevel
from simulator.domain.pricing import OfferPrice


@dataclass(frozen=True, slots=True)
class PriceChange:
    """The price a part now has in one price list (a single break from quantity 1)."""

    price_list_id: str
    org_dn: str | None
    part_number: str
    price: Decimal
    currency: str


class ChangeService:
    """Edits of the seeded world, each call one write transaction."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def set_price(
        self, part_number: str, price: Decimal, *, price_list_id: str | None = None, org_dn: str | None = None
    ) -> PriceChange:
        """Give a part one price in a price list, named by id or by the organization that owns it."""
        if (price_list_id is None) == (org_dn is None):
            raise InvalidRequest("name either a price list id or an organization, not both or neither")
        if price <= 0:
            raise InvalidRequest(f"price {price} of {part_number} must be positive")
        with self._deps.store.write() as session:
            entry = resolve_part(session, PartRef(part_number=part_number))
            target = _price_list(session, entry.part_number, price_list_id, org_dn)
            session.set_price(target.price_list_id, entry.part_number, (PriceBreak(1, price),))
            legacy_messages.price_changed(session, self._deps.hooks, entry.part_number, target.currency, price,
                                          entry.catentry_id, self._deps.clock.now())
            return PriceChange(target.price_list_id, target.org_dn, entry.part_number, price, target.currency)

    def price_of(self, part_number: str, org_dn: str | None, quantity: int = 1) -> OfferPrice:
        """The offer price an organization (None: the store default) is entitled to, to check a change."""
        with self._deps.store.read() as session:
            entry = resolve_part(session, PartRef(part_number=part_number))
            if org_dn is not None and session.get_organization(org_dn) is None:
                raise UnknownOrganization(f"unknown organization {org_dn}")
            (offer,) = entitled_prices(session, org_dn, [PriceItem(PartRef(part_number), quantity, entry.currency)])
            return offer

    def set_stock(self, part_number: str, fc_id: str, on_hand: int) -> StockLevel:
        """Set what one fulfillment center has on hand of a part (safety stock and receipts are kept)."""
        if on_hand < 0:
            raise InvalidRequest(f"on hand {on_hand} of {part_number} must not be negative")
        with self._deps.store.write() as session:
            entry = resolve_part(session, PartRef(part_number=part_number))
            if fc_id not in {center.fc_id for center in session.list_fulfillment_centers()}:
                raise NotFound(f"unknown fulfillment center {fc_id}")
            levels = {level.fc_id: level for level in session.stock_levels(entry.part_number)}
            current = levels.get(fc_id, StockLevel(entry.part_number, fc_id, 0))
            level = replace(current, on_hand=on_hand)
            session.put_stock_levels([level])
            self._deps.hooks.stock_changed(session, [entry.part_number], self._deps.clock.now())
            return level


def _price_list(session: Session, part_number: str, price_list_id: str | None, org_dn: str | None) -> PriceList:
    if org_dn is not None:
        if session.get_organization(org_dn) is None:
            raise UnknownOrganization(f"unknown organization {org_dn}")
        owned = session.price_lists_for([org_dn], [part_number])
        if not owned:
            raise NotFound(f"organization {org_dn} has no price list of its own")
        return owned[0]
    owners: list[str | None] = [None, *(o.dn for o in iter_pages(session.list_organizations))]
    for candidate in session.price_lists_for(owners, [part_number]):
        if candidate.price_list_id == price_list_id:
            return candidate
    raise NotFound(f"unknown price list {price_list_id}")
