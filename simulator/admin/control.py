"""What the control-plane blueprints share: the control store and this app's tenant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from simulator.control.ports import ControlStore
from simulator.control.records import ANY_TENANT

EXTENSION = "backoffice_sim.control"


@dataclass(frozen=True, slots=True)
class ControlContext:
    """The control plane as one tenant's admin app sees it."""

    store: ControlStore
    tenant: str
    now: Callable[[], datetime]
    admin_token: str | None = None
    tenanted: bool = False

    @property
    def scope(self) -> str:
        """The tenant listings and clears are limited to: this tenant's, or every tenant from the default one."""
        return self.tenant if self.tenanted else ANY_TENANT


def context() -> ControlContext:
    """The control context of the current app."""
    found: ControlContext = current_app.extensions[EXTENSION]
    return found


def scope(given: str | None) -> str:
    """The tenant a listing is about: fixed in a tenant's app, else `?tenant=` (default: every tenant)."""
    ctx = context()
    if ctx.tenanted:
        return ctx.tenant
    return ANY_TENANT if given is None else given
