"""What every use case runs with: the store, the clock, the id source and the charge policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from simulator.backend.commands import BuyerRef, LocationRef, PartRef
from simulator.backend.hooks import Hooks, NoHooks
from simulator.backend.ports import Clock, IdSource, Session, Store
from simulator.domain.errors import InvalidRequest, UnknownBuyer, UnknownPart, UnknownStore
from simulator.domain.model import Buyer, CatalogEntry, OnlineStore, PhysicalStore
from simulator.domain.pricing import ChargePolicy


@dataclass(frozen=True, slots=True)
class Deps:
    """The ports a use case needs."""

    store: Store
    clock: Clock
    ids: IdSource
    charges: ChargePolicy = field(default_factory=ChargePolicy)
    hooks: Hooks = field(default_factory=NoHooks)


def resolve_part(session: Session, ref: PartRef) -> CatalogEntry:
    """The catalog entry a reference names, or UnknownPart."""
    entry = None
    if ref.part_number is not None:
        entry = session.get_catalog_entry(ref.part_number)
    elif ref.catentry_id is not None:
        entry = session.get_catalog_entry_by_id(ref.catentry_id)
    else:
        raise InvalidRequest("a catalog entry needs a PartNumber or a UniqueID")
    if entry is None:
        raise UnknownPart(f"unknown catalog entry {ref.part_number or ref.catentry_id}")
    return entry


def resolve_online_store(session: Session, store_id: str) -> OnlineStore:
    """The online store with that storeId, or UnknownStore."""
    store = session.get_online_store(store_id)
    if store is None:
        raise UnknownStore(f"unknown store {store_id}")
    return store


def resolve_location(session: Session, ref: LocationRef) -> tuple[str | None, PhysicalStore | None]:
    """The fulfillment centers a location draws from: (None, None) for all, or the physical store."""
    if ref.physical_store_id is not None or ref.physical_store_external_id is not None:
        physical = (
            session.get_physical_store(ref.physical_store_id)
            if ref.physical_store_id is not None
            else session.find_physical_store(ref.physical_store_external_id or "")
        )
        if physical is None:
            raise UnknownStore(f"unknown physical store {ref.physical_store_id or ref.physical_store_external_id}")
        return physical.fc_id, physical
    online = (
        session.get_online_store(ref.online_store_id)
        if ref.online_store_id is not None
        else session.find_online_store(ref.online_store_name or "")
    )
    if online is None:
        raise UnknownStore(f"unknown online store {ref.online_store_id or ref.online_store_name}")
    return None, None


def resolve_buyer(session: Session, ref: BuyerRef) -> Buyer:
    """The buyer named by logon id or distinguished name, or UnknownBuyer."""
    buyer = None
    if ref.logon_id:
        buyer = session.get_buyer(ref.logon_id)
    if buyer is None and ref.dn:
        buyer = session.get_buyer_by_dn(ref.dn)
    if buyer is None:
        raise UnknownBuyer(f"unknown buyer {ref.logon_id or ref.dn}")
    return buyer


def entitlement_chain(session: Session, org_dn: str | None) -> Sequence[str | None]:
    """The organization, its ancestors, then the store default (None)."""
    chain: list[str | None] = []
    seen: set[str] = set()
    while org_dn is not None and org_dn not in seen:
        seen.add(org_dn)
        chain.append(org_dn)
        organization = session.get_organization(org_dn)
        org_dn = organization.parent_dn if organization else None
    chain.append(None)
    return chain
