"""What the control-plane blueprints share: the control store, this app's tenant, and query-string parsing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app, request

from simulator.admin.errors import BadParameter
from simulator.control.ports import ControlStore
from simulator.control.records import ANY_TENANT, utc_stamp

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


def scope_arg() -> str:
    """The tenant a listing is about: fixed in a tenant's app, else `?tenant=` (default: every tenant)."""
    ctx = context()
    if ctx.tenanted:
        return ctx.tenant
    given = request.args.get("tenant")
    return ANY_TENANT if given is None else given


def int_arg(name: str, default: int | None, low: int, high: int) -> int | None:
    """A bounded whole number from the query string."""
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be between {low} and {high}, not {value}")
    return value


def bool_arg(name: str) -> bool | None:
    """true or false from the query string."""
    raw = request.args.get(name)
    if raw is None:
        return None
    if raw not in ("true", "false"):
        raise BadParameter(f"{name} must be true or false, not {raw!r}")
    return raw == "true"


def instant_arg(name: str) -> str | None:
    """An ISO 8601 date-time from the query string, as the journal's fixed-width UTC text."""
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise BadParameter(f"{name} must be an ISO 8601 date-time, not {raw!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return utc_stamp(moment)
