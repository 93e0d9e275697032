"""The /_admin push endpoints: the delivery log, pending pushes and dead letters; redelivery; pushes on demand."""

from __future__ import annotations

import json
from typing import Any, Literal

from flask import Response, jsonify
from pydantic import BaseModel, Field

from simulator.admin.api import Anything, Body, Maybe, Page, Paging, StrictText, blueprint
from simulator.admin.present import jsonable
from simulator.admin.world import backend
from simulator.domain.outbox import PushRecord, PushState

bp = blueprint("admin_pushes", __name__)


class PushQuery(Paging):
    """Pushes in these states (repeatable; every state without)."""

    state: list[Literal["pending", "delivering", "delivered", "dead"]] | Maybe = None


class PushPath(BaseModel):
    """A push by its id."""

    push_id: int = Field(ge=0, le=2**62)


class PushPage(Page[Anything]):
    """Pushes with the count in each state and whether pushing is on."""

    counts: dict[str, int]
    enabled: bool


class Parts(Body):
    """The parts whose availability to push."""

    parts: list[StrictText] = Field(min_length=1, max_length=500)


class Pushed(BaseModel):
    """The pushes queued."""

    items: list[Anything]


class Organization(Body):
    """An organization to add or change (named in full either way)."""

    dn: StrictText
    name: StrictText
    parent_dn: StrictText | Maybe = None


class Buyer(Body):
    """A buyer to add or change (every field, either way)."""

    logon_id: StrictText
    dn: StrictText
    org_dn: StrictText
    first_name: StrictText
    last_name: StrictText
    email: StrictText


def present(record: PushRecord) -> dict[str, Any]:
    """A push as JSON, its payload parsed."""
    shown: dict[str, Any] = jsonable(record)
    shown["payload"] = json.loads(record.payload)
    return shown


@bp.get("/pushes", responses={200: PushPage})
def pushes(query: PushQuery) -> Response:
    """Pushes to Commerce, oldest first, with the count in each state."""
    outbox = backend().outbox
    found = outbox.listing([PushState(s) for s in query.state or ()], query.offset, query.limit)
    counts = {state.value: outbox.listing([state], 0, 1).total for state in PushState}
    return jsonify(
        items=[present(r) for r in found.items], total=found.total, offset=query.offset, limit=query.limit,
        counts=counts, enabled=outbox.policy.enabled,
    )


@bp.get("/pushes/<int:push_id>", responses={200: Anything})
def push(path: PushPath) -> Response:
    """One push."""
    return jsonify(present(backend().outbox.get(path.push_id)))


@bp.post("/pushes/<int:push_id>/redeliver", responses={200: Anything})
def redeliver(path: PushPath) -> Response:
    """Queue a dead (or delivered) push again."""
    return jsonify(present(backend().outbox.redeliver(path.push_id)))


@bp.post("/pushes/inventory", responses={200: Pushed})
def push_inventory(body: Parts) -> Response:
    """SyncInventoryAvailability of each part, now."""
    return jsonify(items=[present(r) for r in backend().outbox.push_inventory(body.parts)])


@bp.post("/members/organizations", responses={200: Anything})
def save_organization(body: Organization) -> Response:
    """Add or change an organization (pushed as SyncOrganization)."""
    return jsonify(jsonable(backend().master_data.save_organization(body.dn, body.name, body.parent_dn)))


@bp.post("/members/buyers", responses={200: Anything})
def save_buyer(body: Buyer) -> Response:
    """Add or change a buyer (pushed as SyncPerson)."""
    fields = body.model_dump(exclude={"logon_id"})
    return jsonify(jsonable(backend().master_data.save_buyer(body.logon_id, fields)))
