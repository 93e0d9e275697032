"""The /_admin lifecycle endpoints: the shared clock, lifecycle settings, orders, quotes and stock by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal

from flask import Response, jsonify
from flask_openapi3.types import ResponseDict
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictStr

from simulator.admin.api import Anything, Body, Instant, Maybe, OptionalBody, StrictText, Text, Whole, blueprint
from simulator.admin.present import jsonable
from simulator.admin.world import backend

bp = blueprint("admin_lifecycle", __name__)
MAX_ADVANCE: Final = 100 * 366 * 86400  # a century: far enough for any test, short of datetime's range
Seconds = Annotated[Whole, Field(ge=0, le=MAX_ADVANCE)]
Progression = Literal["immediate", "manual"] | Seconds


def utc(moment: datetime | None) -> datetime | None:
    """An instant, UTC when it was given without an offset."""
    if moment is None or moment.tzinfo:
        return moment
    return moment.replace(tzinfo=UTC)


class Advance(Body):
    """How far to move the clock."""

    seconds: StrictFloat = Field(ge=0, le=MAX_ADVANCE)


class Freeze(OptionalBody):
    """Where to stop the clock (default: where it stands)."""

    at: Instant | Maybe = Field(None, description="ISO 8601 instant (UTC without an offset)")


class LifecycleChanges(OptionalBody):
    """Lifecycle settings to change: timings are "immediate", "manual" or seconds."""

    model_config = ConfigDict(extra="forbid", openapi_extra={"required": False})  # type: ignore[typeddict-unknown-key]

    release: Progression | Maybe = None
    ship: Progression | Maybe = None
    deposit: Progression | Maybe = None
    quote_approval: Progression | Maybe = None
    reservation_ttl: Seconds | Maybe = None
    inventory_threshold: Annotated[Whole, Field(ge=0, le=2**62)] | Maybe = None
    async_transfer: StrictBool | Maybe = None


class OrderChangePath(BaseModel):
    """An order and what happens to it."""

    external_order_id: Text
    transition: Literal["release", "ship", "deposit", "backorder", "cancel"]


class OrderChange(OptionalBody):
    """Which lines (all that can without) and, for a shipment, when."""

    lines: Annotated[list[StrictText], Field(min_length=1, description="line or Commerce item ids")] | Maybe = None
    ship_date: Instant | Maybe = None


class QuoteDecisionPath(BaseModel):
    """A quote and the decision on it."""

    external_quote_id: Text
    decision: Literal["approve", "reject"]


class ReceivePath(BaseModel):
    """The part received."""

    part_number: Text


class Receipt(Body):
    """Stock received now, or expected at a future date."""

    fc_id: StrictText
    quantity: Whole = Field(ge=1, le=2**62)
    date: Instant | Maybe = None


class Settings(BaseModel):
    """The lifecycle settings in force."""

    release: StrictStr | int
    ship: StrictStr | int
    deposit: StrictStr | int
    quote_approval: StrictStr | int
    reservation_ttl: int
    inventory_threshold: int
    async_transfer: bool


OK: ResponseDict = {200: Anything}


@bp.get("/clock", responses=OK)
def clock() -> Response:
    """The shared clock: its time and mode (system, offset or frozen)."""
    return jsonify(jsonable(backend().clock.read()))


@bp.post("/clock/advance", responses=OK)
def advance(body: Advance) -> Response:
    """Move the clock forward and run every transition that falls due, before answering."""
    return jsonify(jsonable(backend().clock.advance(body.seconds)))


@bp.post("/clock/freeze", responses=OK)
def freeze(body: Freeze) -> Response:
    """Stop the clock at its current time, or at `at`."""
    return jsonify(jsonable(backend().clock.freeze(utc(body.at))))


@bp.post("/clock/unfreeze", responses=OK)
def unfreeze() -> Response:
    """Let the clock run again from where it stands."""
    return jsonify(jsonable(backend().clock.unfreeze()))


@bp.post("/clock/system", responses=OK)
def system() -> Response:
    """Back to the system clock."""
    return jsonify(jsonable(backend().clock.system()))


@bp.get("/lifecycle", responses={200: Settings})
def lifecycle() -> Response:
    """The lifecycle settings in force."""
    return jsonify(backend().lifecycle.settings().to_dict())


@bp.put("/lifecycle", responses={200: Settings})
def change_lifecycle(body: LifecycleChanges) -> Response:
    """Change some settings (e.g. {"ship": "manual", "release": 0}); open entities are rescheduled."""
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    return jsonify(backend().lifecycle.update_settings(changes).to_dict())


@bp.post("/lifecycle/run", responses=OK)
def run_due() -> Response:
    """Run every transition due now (the ticker does this every second anyway)."""
    return jsonify(jsonable(backend().lifecycle.advance_due()))


@bp.post("/orders/<external_order_id>/<transition>", responses=OK)
def change_order(path: OrderChangePath, body: OrderChange) -> Response:
    """Move an order through its lifecycle: release, ship, deposit, backorder or cancel."""
    order = backend().lifecycle.change_order(path.external_order_id, path.transition, body.lines, utc(body.ship_date))
    return jsonify(jsonable(order))


@bp.post("/quotes/<external_quote_id>/<decision>", responses=OK)
def decide_quote(path: QuoteDecisionPath) -> Response:
    """Approve or reject a submitted quote."""
    return jsonify(jsonable(backend().lifecycle.decide_quote(path.external_quote_id, path.decision)))


@bp.post("/stock/<part_number>/receive", responses=OK)
def receive(path: ReceivePath, body: Receipt) -> Response:
    """Stock received now, or a receipt expected at a future date."""
    level = backend().lifecycle.receive_stock(path.part_number, body.fc_id, body.quantity, utc(body.date))
    return jsonify(jsonable(level))
