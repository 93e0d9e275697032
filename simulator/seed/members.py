"""B2B organizations (top-level companies and their divisions) and their buyers."""

from __future__ import annotations

import re

from simulator.domain.model import Buyer, Organization
from simulator.seed.randomness import Source

ROOT_DN = "o=Root Organization"
TOP_LEVEL_ORGS = 2
INDUSTRIES = ("Industrial", "Manufacturing", "Supply", "Engineering", "Logistics", "Machinery", "Fabrication")
DIVISIONS = ("West", "East", "Central", "North", "South", "Midwest", "Northeast", "Southwest", "Canada")


def organizations(source: Source) -> tuple[Organization, ...]:
    """Two top-level companies under the root organization, each with two or three divisions."""
    companies = source.unique_names(TOP_LEVEL_ORGS, lambda: _company_name(source))
    orgs: list[Organization] = []
    for company in companies:
        parent = Organization(org_id="", dn=f"o={company},{ROOT_DN}", name=company)
        orgs.append(parent)
        for division in source.rng.sample(DIVISIONS, source.rng.randint(2, 3)):
            name = f"{company} {division}"
            orgs.append(Organization(org_id="", dn=f"o={name},{parent.dn}", name=name, parent_dn=parent.dn))
    return tuple(
        Organization(org_id=str(7001 + i), dn=org.dn, name=org.name, parent_dn=org.parent_dn)
        for i, org in enumerate(orgs)
    )


def _company_name(source: Source) -> str:
    return f"{source.fake.last_name()} {source.rng.choice(INDUSTRIES)}"


def buyers(source: Source, orgs: tuple[Organization, ...]) -> tuple[Buyer, ...]:
    """Two to four buyers per organization, with readable unique logon ids (first.last)."""
    taken: set[str] = set()
    result: list[Buyer] = []
    for org in orgs:
        domain = _domain(org, orgs)
        for _ in range(source.rng.randint(2, 4)):
            first, last = source.fake.first_name(), source.fake.last_name()
            logon = _unique_logon(f"{first}.{last}", taken)
            result.append(
                Buyer(
                    logon_id=logon,
                    dn=f"uid={logon},{org.dn}",
                    org_dn=org.dn,
                    first_name=first,
                    last_name=last,
                    email=f"{logon}@{domain}",
                )
            )
    return tuple(result)


def _domain(org: Organization, orgs: tuple[Organization, ...]) -> str:
    top = org
    by_dn = {o.dn: o for o in orgs}
    while top.parent_dn is not None and top.parent_dn in by_dn:
        top = by_dn[top.parent_dn]
    return f"{_slug(top.name).replace('.', '')}.example.com"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]", "", text.lower())


def _unique_logon(base: str, taken: set[str]) -> str:
    logon = _slug(base)
    candidate, suffix = logon, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{logon}{suffix}"
    taken.add(candidate)
    return candidate
