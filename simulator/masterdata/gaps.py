"""What the files leave out, generated from the seed deterministically: locations, prices, stock, history."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from simulator.domain.model import Order, OrderLine, PriceBreak, PriceList, Quote
from simulator.masterdata.apply import NO_PRICE, next_id
from simulator.masterdata.draft import Draft
from simulator.seed import catalog as seed_catalog
from simulator.seed.contents import World
from simulator.seed.randomness import Source
from simulator.seed.world import build_world

CENT = Decimal("0.01")
History = tuple[tuple[Order, ...], tuple[Quote, ...]]


def part_random(seed: int, part: str, purpose: str) -> random.Random:
    """A random source fixed by the seed and the part number alone (independent of catalog order)."""
    return random.Random(f"{seed}:{purpose}:{part}")


def fill_new_world(draft: Draft, seed: int, anchor: datetime) -> History:
    """Complete a world built from files only: the seed supplies what they leave out."""
    world = build_world(seed, max(1, len(draft.catalog)), anchor)
    if not draft.catalog:
        draft.catalog = {e.part_number: e for e in world.catalog}
        draft.stock.update(((s.part_number, s.fc_id), s) for s in world.stock)
    draft.online_stores = draft.online_stores or {s.store_id: s for s in world.online_stores}
    draft.centers = draft.centers or {c.fc_id: c for c in world.fulfillment_centers}
    if not draft.physical_stores:
        fcs = sorted(draft.centers)
        draft.physical_stores = {s.store_id: replace(s, fc_id=fcs[i % len(fcs)])
                                 for i, s in enumerate(world.physical_stores)}  # fmt: skip
    if not draft.organizations and not draft.buyers:
        draft.organizations = {o.dn: o for o in world.organizations}
        draft.buyers = {b.logon_id: b for b in world.buyers}
    fill_common(draft, seed, anchor)
    if not any(pl.org_dn for pl in draft.price_lists.values()):
        _contracts(world, draft)
    return _history(world, draft)


def _contracts(world: World, draft: Draft) -> None:
    """The seed's contract price lists mapped onto the world's organizations and parts (in key order), each price
    scaled by the ratio of the part's list price to the seeded part's."""
    orgs = sorted(draft.organizations)
    if not orgs or not draft.catalog:
        return
    seeded_orgs = sorted(o.dn for o in world.organizations)
    owner = {dn: orgs[i] for i, dn in enumerate(seeded_orgs) if i < len(orgs)}
    parts = _mapping(sorted(e.part_number for e in world.catalog), sorted(draft.catalog))
    seeded_price = {e.part_number: e.list_price for e in world.catalog}
    taken = next_id(draft.price_lists, 30000)
    for pl in world.price_lists:
        if pl.org_dn is None or pl.org_dn not in owner:
            continue
        prices = {}
        for part, breaks in pl.prices.items():
            ratio = draft.catalog[parts[part]].list_price / seeded_price[part]
            prices[parts[part]] = tuple(PriceBreak(b.min_quantity, _scaled(b.price, ratio)) for b in breaks)
        key = taken()
        name = f"{draft.organizations[owner[pl.org_dn]].name} Contract Price List"
        draft.price_lists[key] = PriceList(key, name, pl.contract_id, pl.currency, owner[pl.org_dn], prices)


def _scaled(price: Decimal, ratio: Decimal) -> Decimal:
    return max(CENT, (price * ratio).quantize(CENT))


def fill_common(draft: Draft, seed: int, anchor: datetime) -> None:
    """List prices, default offer prices and stock for parts the files gave none."""
    for part, entry in draft.catalog.items():
        if entry.list_price == NO_PRICE:
            draft.catalog[part] = replace(entry, list_price=_list_price(seed, part))
    default = draft.default_list()
    if default is None and draft.catalog:
        store = min(draft.online_stores.values(), key=lambda s: s.store_id, default=None)
        key = next_id(draft.price_lists, 30000)()
        name = f"{store.identifier if store else 'Store'} Default Price List"
        default = PriceList(key, name, f"C-{key}", store.currency if store else "USD", None, {})
        draft.price_lists[key] = default
    if default is not None:
        for part, entry in draft.catalog.items():
            default.prices.setdefault(part, (PriceBreak(1, entry.list_price),))
    stocked = {part for part, _ in draft.stock}
    fc_ids = sorted(draft.centers)
    if not fc_ids:
        return
    source = Source.seeded(seed, anchor)
    for part in sorted(set(draft.catalog) - stocked):
        for level in seed_catalog._stock(replace(source, rng=part_random(seed, part, "stock")), part, fc_ids):
            draft.stock[(part, level.fc_id)] = level


def _list_price(seed: int, part: str) -> Decimal:
    rng = part_random(seed, part, "price")
    low, high = seed_catalog.MIN_CENTS, seed_catalog.MAX_CENTS
    cents = min(high, max(low, round(math.exp(rng.uniform(math.log(low), math.log(high))))))
    return Decimal(cents).scaleb(-2)


def _history(world: World, draft: Draft) -> History:
    """The seed's order history, its parts, buyers, centers and store mapped onto the world's, in key order."""
    buyers = [draft.buyers[key] for key in sorted(draft.buyers)]
    if not buyers or not draft.catalog or not draft.centers:
        return (), ()
    parts = _mapping(sorted(e.part_number for e in world.catalog), sorted(draft.catalog))
    centers = _mapping(sorted(c.fc_id for c in world.fulfillment_centers), sorted(draft.centers))
    people = _mapping(sorted(b.logon_id for b in world.buyers), [b.logon_id for b in buyers])
    store_id = min(draft.online_stores)

    def line(item: OrderLine) -> OrderLine:
        return replace(item, part_number=parts[item.part_number],
                       fc_id=centers[item.fc_id] if item.fc_id else None)  # fmt: skip

    def order(item: Order) -> Order:
        buyer = draft.buyers[people[item.buyer_logon_id]]
        return replace(item, store_id=store_id, buyer_logon_id=buyer.logon_id, buyer_dn=buyer.dn,
                       org_dn=buyer.org_dn, lines=tuple(map(line, item.lines)))  # fmt: skip

    def quote(item: Quote) -> Quote:
        buyer = draft.buyers[people[item.buyer_logon_id]]
        return replace(item, store_id=store_id, buyer_logon_id=buyer.logon_id, buyer_dn=buyer.dn,
                       org_dn=buyer.org_dn, lines=tuple(map(line, item.lines)))  # fmt: skip

    return tuple(map(order, world.orders)), tuple(map(quote, world.quotes))


def _mapping(seeded: list[str], imported: list[str]) -> dict[str, str]:
    return {key: imported[i % len(imported)] for i, key in enumerate(seeded)}
