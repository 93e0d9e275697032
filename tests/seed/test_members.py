"""Organizations in a hierarchy under the root organization, and their buyers."""

from __future__ import annotations

from simulator.seed import World

ROOT = "o=Root Organization"


def test_organizations_form_a_hierarchy(world: World) -> None:
    orgs = {org.dn: org for org in world.organizations}
    assert len(orgs) >= 4
    tops = [org for org in orgs.values() if org.parent_dn is None]
    children = [org for org in orgs.values() if org.parent_dn is not None]
    assert tops and children
    for org in tops:
        assert org.dn == f"o={org.name},{ROOT}"
    for org in children:
        assert org.parent_dn in orgs
        assert org.dn == f"o={org.name},{org.parent_dn}"
    assert len({org.org_id for org in orgs.values()}) == len(orgs)


def test_every_organization_has_at_least_two_buyers(world: World) -> None:
    for org in world.organizations:
        assert len([b for b in world.buyers if b.org_dn == org.dn]) >= 2


def test_buyers_have_readable_unique_logons_and_dns(world: World) -> None:
    logons = [b.logon_id for b in world.buyers]
    assert len(set(logons)) == len(logons)
    for buyer in world.buyers:
        assert buyer.logon_id.replace(".", "").isalnum()
        assert buyer.logon_id.islower()
        assert buyer.dn == f"uid={buyer.logon_id},{buyer.org_dn}"
        assert buyer.email.startswith(f"{buyer.logon_id}@")
        assert buyer.first_name and buyer.last_name
