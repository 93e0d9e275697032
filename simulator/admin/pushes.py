"""The /_admin push endpoints: the delivery log, pending pushes and dead letters; redelivery; pushes on demand."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, jsonify, request

from simulator.admin.errors import BadParameter
from simulator.admin.lifecycle import body, text
from simulator.admin.present import jsonable
from simulator.admin.routes import paging
from simulator.admin.world import backend
from simulator.domain.outbox import PushRecord, PushState

bp = Blueprint("admin_pushes", __name__, url_prefix="/_admin")


def present(record: PushRecord) -> dict[str, Any]:
    """A push as JSON, its payload parsed."""
    shown: dict[str, Any] = jsonable(record)
    shown["payload"] = json.loads(record.payload)
    return shown


@bp.get("/pushes")
def pushes() -> Response:
    """Pushes oldest first: `state` (pending, delivering, delivered, dead; repeatable) filters; counts per state."""
    offset, limit = paging()
    try:
        states = [PushState(value) for value in request.args.getlist("state")]
    except ValueError:
        raise BadParameter(f"state must be one of {', '.join(s.value for s in PushState)}") from None
    outbox = backend().outbox
    found = outbox.listing(states, offset, limit)
    counts = {state.value: outbox.listing([state], 0, 1).total for state in PushState}
    return jsonify(
        items=[present(r) for r in found.items], total=found.total, offset=offset, limit=limit, counts=counts,
        enabled=outbox.policy.enabled,
    )


@bp.get("/pushes/<int:push_id>")
def push(push_id: int) -> Response:
    """One push."""
    return jsonify(present(backend().outbox.get(push_id)))


@bp.post("/pushes/<int:push_id>/redeliver")
def redeliver(push_id: int) -> Response:
    """Queue a dead (or delivered) push again."""
    return jsonify(present(backend().outbox.redeliver(push_id)))


@bp.post("/pushes/inventory")
def push_inventory() -> Response:
    """{"parts": [part numbers]}: SyncInventoryAvailability of each, now."""
    parts = body().get("parts")
    if not isinstance(parts, list) or not parts or not all(isinstance(p, str) and p for p in parts):
        raise BadParameter("parts must be a non-empty list of part numbers")
    return jsonify(items=[present(r) for r in backend().outbox.push_inventory(parts)])


@bp.post("/members/organizations")
def save_organization() -> Response:
    """{"dn", "name"?, "parent_dn"?}: add or change an organization (pushed as SyncOrganization)."""
    data = body()
    saved = backend().master_data.save_organization(
        text(data, "dn") or "", text(data, "name", required=False), text(data, "parent_dn", required=False)
    )
    return jsonify(jsonable(saved))


@bp.post("/members/buyers")
def save_buyer() -> Response:
    """{"logon_id", "dn", "org_dn", "first_name", "last_name", "email"}: add or change a buyer (SyncPerson)."""
    data = body()
    logon_id = text(data, "logon_id") or ""
    fields = {k: v for k, v in data.items() if k in ("dn", "org_dn", "first_name", "last_name", "email")}
    if not all(isinstance(v, str) for v in fields.values()):
        raise BadParameter("buyer fields must be strings")
    return jsonify(jsonable(backend().master_data.save_buyer(logon_id, fields)))
