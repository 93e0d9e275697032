"""Master data changed in the back office (organizations, buyers): stored, and pushed to Commerce."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from simulator.backend import legacy_messages, pushes
from simulator.backend.context import Deps
from simulator.backend.ports import Session
from simulator.domain.errors import InvalidRequest, UnknownOrganization
from simulator.domain.model import Buyer, Organization


class MasterDataService:
    """Add or change organizations and buyers; each change is a SyncOrganization or SyncPerson push."""

    def __init__(self, deps: Deps, policy: pushes.PushPolicy) -> None:
        self._deps = deps
        self.policy = policy

    def save_organization(self, dn: str, name: str | None = None, parent_dn: str | None = None) -> Organization:
        """Add an organization (name required) or change one; pushed as SyncOrganization Add or Change."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            existing = session.get_organization(dn)
            if parent_dn is not None and session.get_organization(parent_dn) is None:
                raise UnknownOrganization(f"unknown parent organization {parent_dn}")
            if existing is None:
                if not name:
                    raise InvalidRequest(f"a new organization {dn} needs a name")
                saved = Organization(f"org-{session.next_value('organization')}", dn, name, parent_dn)
            else:
                saved = replace(existing, name=name or existing.name, parent_dn=parent_dn or existing.parent_dn)
            organization_saved(session, saved, existing is None, self.policy, now)
            return saved

    def save_buyer(self, logon_id: str, fields: dict[str, Any]) -> Buyer:
        """Add a buyer (dn, organization, names and email required) or change one; pushed as SyncPerson."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            existing = session.get_buyer(logon_id)
            merged = {**({} if existing is None else _buyer_fields(existing)), **fields, "logon_id": logon_id}
            missing = [name for name in ("dn", "org_dn", "first_name", "last_name", "email") if not merged.get(name)]
            if missing:
                raise InvalidRequest(f"buyer {logon_id} needs {', '.join(missing)}")
            if session.get_organization(str(merged["org_dn"])) is None:
                raise UnknownOrganization(f"unknown organization {merged['org_dn']}")
            buyer = Buyer(**{name: str(merged[name]) for name in _buyer_fields(None)})
            person_saved(session, buyer, existing is None, self.policy, now)
            return buyer


def _buyer_fields(buyer: Buyer | None) -> dict[str, Any]:
    names = ("logon_id", "dn", "org_dn", "first_name", "last_name", "email")
    return {name: None if buyer is None else getattr(buyer, name) for name in names}


def organization_saved(
    session: Session, organization: Organization, created: bool, policy: pushes.PushPolicy, now: datetime
) -> None:
    """Store an organization and push it (the hook another members use case can call too)."""
    session.put_organization(organization)
    if policy.enabled:
        pushes.enqueue_organization(session, organization, pushes.ADD if created else pushes.CHANGE, now)


def person_saved(session: Session, buyer: Buyer, created: bool, policy: pushes.PushPolicy, now: datetime) -> None:
    """Store a buyer and push it."""
    session.put_buyer(buyer)
    if policy.enabled:
        pushes.enqueue_person(session, buyer, pushes.ADD if created else pushes.CHANGE, now)
    if policy.legacy:
        legacy_messages.enqueue_customer(session, buyer, created, now)
