"""The store default price list and one contract per organization, with discounts and quantity breaks."""

from __future__ import annotations

from simulator.seed import World


def test_default_list_prices_every_part_at_list_price(world: World) -> None:
    defaults = [pl for pl in world.price_lists if pl.org_dn is None]
    assert len(defaults) == 1
    assert defaults[0].prices == {e.part_number: defaults[0].prices[e.part_number] for e in world.catalog}
    for entry in world.catalog:
        (only,) = defaults[0].prices[entry.part_number]
        assert (only.min_quantity, only.price) == (1, entry.list_price)


def test_one_contract_per_organization(world: World) -> None:
    contracts = [pl.org_dn for pl in world.price_lists if pl.org_dn is not None]
    assert sorted(contracts) == sorted(org.dn for org in world.organizations)
    assert len({pl.price_list_id for pl in world.price_lists}) == len(world.price_lists)
    assert len({pl.contract_id for pl in world.price_lists}) == len(world.price_lists)
    assert {pl.currency for pl in world.price_lists} == {"USD"}


def test_contract_prices_differ_between_organizations(world: World) -> None:
    first, second = [pl for pl in world.price_lists if pl.org_dn is not None][:2]
    shared = sorted(set(first.prices) & set(second.prices))
    assert shared
    assert any(first.prices[part][0].price != second.prices[part][0].price for part in shared)


def test_contract_prices_are_discounts_with_decreasing_breaks(world: World) -> None:
    list_price = {e.part_number: e.list_price for e in world.catalog}
    with_breaks = 0
    for price_list in (pl for pl in world.price_lists if pl.org_dn is not None):
        for part, breaks in price_list.prices.items():
            assert breaks[0].min_quantity == 1
            assert 0 < breaks[0].price <= list_price[part]
            minimums = [b.min_quantity for b in breaks]
            assert minimums == sorted(set(minimums))
            assert [b.price for b in breaks] == sorted((b.price for b in breaks), reverse=True)
            with_breaks += len(breaks) > 1
    assert with_breaks > 0
