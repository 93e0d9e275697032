"""The /_admin lifecycle endpoints: the shared clock, lifecycle settings, orders, quotes and stock by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request

from simulator.admin.errors import BadParameter
from simulator.admin.present import jsonable
from simulator.admin.world import backend

bp = Blueprint("admin_lifecycle", __name__, url_prefix="/_admin")
ORDER_TRANSITIONS = ("release", "ship", "deposit", "backorder", "cancel")
MAX_ADVANCE = 100 * 366 * 86400  # a century: far enough for any test, short of datetime's range


def body() -> dict[str, Any]:
    """The JSON object body (an empty body counts as {})."""
    if not request.get_data():
        return {}
    found = request.get_json(silent=True)
    if not isinstance(found, dict):
        raise BadParameter("the body must be a JSON object")
    return found


def instant(data: dict[str, Any], name: str) -> datetime | None:
    """An ISO 8601 instant field (UTC when it has no offset)."""
    value = data.get(name)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise BadParameter(f"{name} must be an ISO 8601 date-time, not {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def whole(data: dict[str, Any], name: str) -> int:
    """A required whole-number field."""
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadParameter(f"{name} must be a whole number")
    return value


def text(data: dict[str, Any], name: str, required: bool = True) -> str | None:
    """A string field."""
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise BadParameter(f"{name} must be a non-empty string")
    return value


# clock


@bp.get("/clock")
def clock() -> Response:
    """The shared clock: its time and mode (system, offset or frozen)."""
    return jsonify(jsonable(backend().clock.read()))


@bp.post("/clock/advance")
def advance() -> Response:
    """{"seconds": N}: move the clock forward and run every transition that falls due, before answering."""
    seconds = body().get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 <= seconds <= MAX_ADVANCE:
        raise BadParameter(f"seconds must be a number from 0 to {MAX_ADVANCE}")
    return jsonify(jsonable(backend().clock.advance(float(seconds))))


@bp.post("/clock/freeze")
def freeze() -> Response:
    """Stop the clock at its current time, or at {"at": ISO instant}."""
    return jsonify(jsonable(backend().clock.freeze(instant(body(), "at"))))


@bp.post("/clock/unfreeze")
def unfreeze() -> Response:
    """Let the clock run again from where it stands."""
    return jsonify(jsonable(backend().clock.unfreeze()))


@bp.post("/clock/system")
def system() -> Response:
    """Back to the system clock."""
    return jsonify(jsonable(backend().clock.system()))


# lifecycle settings


@bp.get("/lifecycle")
def lifecycle() -> Response:
    """The lifecycle settings in force."""
    return jsonify(backend().lifecycle.settings().to_dict())


@bp.put("/lifecycle")
def change_lifecycle() -> Response:
    """Change some settings (e.g. {"ship": "manual", "release": 0}); open entities are rescheduled."""
    return jsonify(backend().lifecycle.update_settings(body()).to_dict())


@bp.post("/lifecycle/run")
def run_due() -> Response:
    """Run every transition due now (the ticker does this every second anyway)."""
    return jsonify(jsonable(backend().lifecycle.advance_due()))


# orders, quotes, stock


@bp.post("/orders/<external_order_id>/<transition>")
def change_order(external_order_id: str, transition: str) -> Response:
    """release | ship | deposit | backorder | cancel: {"lines": [line or Commerce item ids], "ship_date"}."""
    if transition not in ORDER_TRANSITIONS:
        raise BadParameter(f"an order can {', '.join(ORDER_TRANSITIONS)}, not {transition!r}")
    data = body()
    lines = data.get("lines")
    if lines is not None and (not isinstance(lines, list) or not all(isinstance(x, str) for x in lines) or not lines):
        raise BadParameter("lines must be a non-empty list of line ids")
    order = backend().lifecycle.change_order(external_order_id, transition, lines, instant(data, "ship_date"))
    return jsonify(jsonable(order))


@bp.post("/quotes/<external_quote_id>/<decision>")
def decide_quote(external_quote_id: str, decision: str) -> Response:
    """approve | reject a submitted quote."""
    return jsonify(jsonable(backend().lifecycle.decide_quote(external_quote_id, decision)))


@bp.post("/stock/<part_number>/receive")
def receive(part_number: str) -> Response:
    """{"fc_id", "quantity", "date"?}: stock received now, or a receipt expected at a future date."""
    data = body()
    level = backend().lifecycle.receive_stock(
        part_number, text(data, "fc_id") or "", whole(data, "quantity"), instant(data, "date")
    )
    return jsonify(jsonable(level))
