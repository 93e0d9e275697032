"""Wires the control plane onto a world: fault middleware, journal, snapshots, metrics, admin token.

Used by the composition root only; it holds no state of its own beyond what it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_openapi3.openapi import OpenAPI

from simulator.admin import faults as admin_faults
from simulator.admin import journal as admin_journal
from simulator.admin import metrics as admin_metrics
from simulator.admin import security as admin_security
from simulator.admin import snapshots as admin_snapshots
from simulator.admin.control import EXTENSION, ControlContext
from simulator.backend.service import Backend
from simulator.bod.application_area import new_area
from simulator.bod.messages import ApplicationArea
from simulator.config import Settings
from simulator.control.memory import MemoryControlStore
from simulator.control.ports import ControlStore
from simulator.control.sqlite import SqliteControlStore, control_path
from simulator.domain.errors import BackOfficeError
from simulator.faults.effects import Reply
from simulator.faults.engine import FaultEngine
from simulator.faults.middleware import ControlMiddleware, ControlSettings, Express, WsgiApp
from simulator.store.pg_url import is_postgres

CENT = Decimal("0.01")


def open_control(settings: Settings) -> ControlStore:
    """The control store beside the world's database or schema (in memory for ':memory:')."""
    if settings.db == ":memory:":
        return MemoryControlStore(settings.journal_size)
    if is_postgres(settings.db):
        from simulator.control.pg import PgControlStore, control_target
        from simulator.store.pg_url import PgTarget

        return PgControlStore(control_target(PgTarget.parse(settings.db)), settings.journal_size)
    return SqliteControlStore(control_path(settings.db), settings.journal_size)


class BackendWorld:
    """What fault effects may do to one tenant's world, through its backend's use cases."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    def now(self) -> datetime:
        """The world's clock."""
        return self._backend.deps.clock.now()

    def area(self) -> ApplicationArea:
        """A response ApplicationArea with a new BODID."""
        return new_area(self._backend.deps.ids.bod_id(), self.now())

    def raise_prices(self, parts: Sequence[str], organization: str | None, factor: Decimal) -> list[dict[str, str]]:
        """Multiply the entitled price of each part, for one organization or (None) every organization."""
        changes = self._backend.changes
        orgs = [organization] if organization else [o.dn for o in self._organizations()]
        changed: list[dict[str, str]] = []
        for part in parts:
            for org in orgs:
                try:
                    offer = changes.price_of(part, org, 1)
                    price = (offer.price * factor).quantize(CENT, ROUND_HALF_UP)
                    changes.set_price(part, price, org_dn=org)
                except BackOfficeError:
                    continue
                changed.append({"part_number": part, "organization": org, "price": str(price),
                                "was": str(offer.price)})
        return changed

    def _organizations(self) -> list[Any]:
        return list(self._backend.inspect.organizations(0, 500).items)

    def limit_availability(self, parts: Sequence[str], available: int) -> list[dict[str, str]]:
        """Take stock off hand until only `available` units of each part can be promised."""
        limited: list[dict[str, str]] = []
        for part in parts:
            try:
                view = self._backend.inspect.stock(part)
            except BackOfficeError:
                continue
            before = view.availability.quantity
            for level in view.levels:
                excess = view.availability.quantity - available
                if excess <= 0:
                    break
                self._backend.changes.set_stock(part, level.fc_id, max(0, level.on_hand - excess))
                view = self._backend.inspect.stock(part)
            limited.append({"part_number": part, "available": str(view.availability.quantity), "was": str(before)})
        return limited


def install(
    services: WsgiApp,
    admin: OpenAPI,
    backend: Backend,
    settings: Settings,
    control: ControlStore,
    tenant: str,
    direct: Callable[[dict[str, Any]], Reply] | None = None,
    express: Express | None = None,
) -> WsgiApp:
    """Mount the control-plane endpoints on a world's admin app; the SOAP services wrapped in the fault layer
    (`direct`: the services' own way of answering a POST as one Reply, skipping the WSGI round trip; `express`:
    their lane for the requests nothing intervenes in)."""
    admin.extensions[EXTENSION] = ControlContext(
        control, tenant, lambda: backend.deps.clock.now(), settings.admin_token, tenanted=bool(tenant)
    )
    for blueprint in (admin_faults.bp, admin_journal.bp, admin_snapshots.bp, admin_metrics.bp):
        admin.register_api(blueprint)
    admin_security.init_app(admin, settings.admin_token)
    control_settings = ControlSettings(settings.max_body_bytes, settings.soap_username, settings.soap_password)
    return ControlMiddleware(
        services, control, FaultEngine(control), BackendWorld(backend), control_settings, direct, express
    )

