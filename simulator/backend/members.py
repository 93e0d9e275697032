"""Member use cases: organizations Commerce creates or updates (SyncOrganization) become B2B customers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from simulator.backend.context import Deps
from simulator.backend.ports import Session
from simulator.domain.errors import InvalidRequest, UnknownOrganization
from simulator.domain.model import Contact, Organization


@dataclass(frozen=True, slots=True)
class OrganizationData:
    """An organization as Commerce sends it; None (or empty) fields leave an existing value as it is."""

    dn: str
    unique_id: str | None = None
    parent_dn: str | None = None
    name: str | None = None
    org_type: str | None = None
    business_category: str | None = None
    description: str | None = None
    primary_contact: Contact | None = None
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True, slots=True)
class SyncedOrganization:
    """The organization held after a sync, and whether this call created it."""

    organization: Organization
    created: bool


class MemberService:
    """Organizations, each call one write transaction."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def sync_organizations(self, organizations: Sequence[OrganizationData], create: bool) -> list[SyncedOrganization]:
        """Create (upsert) or update organizations, all or none; updating an unknown one is UnknownOrganization.

        An organization without a contract price list of its own is priced along its parent chain, then at the
        store's default list (see backend.context.entitlement_chain).
        """
        if not organizations:
            raise InvalidRequest("no organization to synchronize")
        with self._deps.store.write() as session:
            return [_sync_one(session, data, create) for data in organizations]


def _sync_one(session: Session, data: OrganizationData, create: bool) -> SyncedOrganization:
    dn = data.dn.strip()
    if not dn:
        raise InvalidRequest("an organization needs a distinguished name")
    if data.parent_dn is not None and data.parent_dn.strip().lower() == dn.lower():
        raise InvalidRequest(f"organization {dn} cannot be its own parent")
    existing = session.get_organization(dn)
    if existing is None and not create:
        raise UnknownOrganization(f"unknown organization {dn}: create it before updating it")
    held = _merged(existing, data) if existing is not None else _created(session, data, dn)
    session.put_organization(held)
    return SyncedOrganization(held, created=existing is None)


def _created(session: Session, data: OrganizationData, dn: str) -> Organization:
    org_id = data.unique_id or f"ORG-{session.next_value('organization'):06d}"
    return Organization(
        org_id=org_id,
        dn=dn,
        name=data.name or _first_rdn_value(dn),
        parent_dn=data.parent_dn,
        org_type=data.org_type,
        business_category=data.business_category,
        description=data.description,
        primary_contact=data.primary_contact,
        contacts=data.contacts,
    )


def _merged(existing: Organization, data: OrganizationData) -> Organization:
    return replace(
        existing,
        name=data.name or existing.name,
        parent_dn=data.parent_dn or existing.parent_dn,
        org_type=data.org_type or existing.org_type,
        business_category=data.business_category or existing.business_category,
        description=data.description or existing.description,
        primary_contact=data.primary_contact or existing.primary_contact,
        contacts=data.contacts or existing.contacts,
    )


def _first_rdn_value(dn: str) -> str:
    """`o=Acme West,o=Acme,...` -> `Acme West`."""
    first = dn.split(",", 1)[0]
    return first.split("=", 1)[1].strip() if "=" in first else first.strip()
