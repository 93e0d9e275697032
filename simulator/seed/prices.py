"""Price lists: the store default at list price, and one contract per organization with its own discounts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from simulator.domain.model import CatalogEntry, Organization, PriceBreak, PriceList
from simulator.seed.locations import CURRENCY, STORE_IDENTIFIER
from simulator.seed.randomness import Source

CORE_ASSORTMENT = 20
TOP_LEVEL_COVERAGE = 0.5
DIVISION_COVERAGE = 0.2
BREAKS_SHARE = 0.3
JITTER = 0.03


@dataclass(slots=True)
class _Contract:
    org: Organization
    discount: float
    coverage: float
    prices: dict[str, tuple[PriceBreak, ...]] = field(default_factory=dict)


def price_lists(
    source: Source, catalog: tuple[CatalogEntry, ...], orgs: tuple[Organization, ...], tick: Callable[[], None]
) -> tuple[PriceList, ...]:
    """The default list, then one contract list per organization, in organization order.

    Every contract prices the first CORE_ASSORTMENT parts; beyond them, a top-level company's contract
    covers about half the catalog and a division's about a fifth (the rest falls back to the parent's
    contract, then to the default list).
    """
    rng = source.rng
    contracts = [
        _Contract(org, rng.uniform(0.03, 0.20), DIVISION_COVERAGE if org.parent_dn else TOP_LEVEL_COVERAGE)
        for org in orgs
    ]
    default: dict[str, tuple[PriceBreak, ...]] = {}
    for index, entry in enumerate(catalog):
        default[entry.part_number] = (PriceBreak(1, entry.list_price),)
        cents = int(entry.list_price.scaleb(2))
        for contract in contracts:
            if index < CORE_ASSORTMENT or rng.random() < contract.coverage:
                contract.prices[entry.part_number] = _contract_breaks(source, cents, contract.discount)
        tick()
    lists = [PriceList("30000", f"{STORE_IDENTIFIER} Default Price List", "40000", CURRENCY, None, default)]
    for number, contract in enumerate(contracts, start=1):
        lists.append(
            PriceList(
                price_list_id=str(30000 + number),
                name=f"{contract.org.name} Contract Price List",
                contract_id=str(40000 + number),
                currency=CURRENCY,
                org_dn=contract.org.dn,
                prices=contract.prices,
            )
        )
    return tuple(lists)


def _contract_breaks(source: Source, list_cents: int, discount: float) -> tuple[PriceBreak, ...]:
    rng = source.rng
    base = _cents(list_cents * (1 - discount) * (1 + rng.uniform(-JITTER, JITTER)))
    if rng.random() >= BREAKS_SHARE:
        return (PriceBreak(1, _money(base)),)
    ten = _cents(base * rng.uniform(0.95, 0.97))
    bulk = _cents(ten * rng.uniform(0.90, 0.95))
    return (PriceBreak(1, _money(base)), PriceBreak(10, _money(ten)), PriceBreak(rng.choice((50, 100)), _money(bulk)))


def _cents(value: float) -> int:
    return max(1, round(value))


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)
