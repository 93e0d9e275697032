"""The /_admin blueprint: health, reset and read-only inspection of every entity."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request

from simulator.admin import changes
from simulator.admin.errors import BadParameter
from simulator.admin.present import jsonable, page
from simulator.admin.world import attach, backend
from simulator.backend.ports import OrderFilter
from simulator.backend.service import Backend

bp = Blueprint("admin", __name__, url_prefix="/_admin")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def paging() -> tuple[int, int]:
    """offset and limit from the query string, validated."""
    offset = _int_arg("offset", 0)
    limit = _int_arg("limit", DEFAULT_LIMIT)
    if offset < 0:
        raise BadParameter(f"offset must be 0 or more, not {offset}")
    if not 1 <= limit <= MAX_LIMIT:
        raise BadParameter(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    return offset, limit


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, not {raw!r}") from None


@bp.get("/health")
def health() -> Response:
    """Liveness plus which world is loaded."""
    return jsonify(status="ok", world=backend().inspect.world())


@bp.post("/reset")
def reset() -> Response:
    """Back to the seeded world."""
    backend().reset()
    return jsonify(status="reset", world=backend().inspect.world())


@bp.get("/stores")
def stores() -> Response:
    """Online stores, physical stores and fulfillment centers."""
    return jsonify(jsonable(backend().inspect.locations()))


@bp.get("/catalog")
def catalog() -> Response:
    """Catalog entries, paged."""
    offset, limit = paging()
    return jsonify(page(backend().inspect.catalog(offset, limit), offset, limit))


@bp.get("/stock/<part_number>")
def stock(part_number: str) -> Response:
    """Stock of one part per fulfillment center, and its availability."""
    return jsonify(jsonable(backend().inspect.stock(part_number)))


@bp.get("/organizations")
def organizations() -> Response:
    """B2B organizations, paged."""
    offset, limit = paging()
    return jsonify(page(backend().inspect.organizations(offset, limit), offset, limit))


@bp.get("/buyers")
def buyers() -> Response:
    """Buyers, paged; `organization` filters by organization DN."""
    offset, limit = paging()
    return jsonify(page(backend().inspect.buyers(offset, limit, request.args.get("organization")), offset, limit))


@bp.get("/reservations")
def reservations() -> Response:
    """Reservations held, paged."""
    offset, limit = paging()
    return jsonify(page(backend().inspect.reservations(offset, limit), offset, limit))


@bp.get("/orders")
def orders() -> Response:
    """Orders of every channel, paged and filtered."""
    offset, limit = paging()
    return jsonify(page(backend().orders.find(order_filter(), offset, limit), offset, limit))


@bp.get("/orders/<external_order_id>")
def order(external_order_id: str) -> Response:
    """One order, with Commerce's pricing of it (flagged when preprocessing failed) and its payment."""
    shown: dict[str, Any] = jsonable(backend().orders.get(external_order_id))
    shown.update(backend().inbound.state(external_order_id).to_json())
    return jsonify(shown)


@bp.get("/quotes")
def quotes() -> Response:
    """Quotes of every channel, paged and filtered."""
    offset, limit = paging()
    return jsonify(page(backend().quotes.find(order_filter(), offset, limit), offset, limit))


@bp.get("/quotes/<external_quote_id>")
def quote(external_quote_id: str) -> Response:
    """One quote."""
    return jsonify(jsonable(backend().quotes.get(external_quote_id)))


def order_filter() -> OrderFilter:
    """Order and quote filters from the query string."""
    args: dict[str, Any] = {
        "store_id": request.args.get("store"),
        "buyer_logon_id": request.args.get("buyer"),
        "buyer_dn": request.args.get("buyer_dn"),
        "org_dn": request.args.get("organization"),
        "channel": request.args.get("channel"),
        "statuses": tuple(request.args.getlist("status")),
    }
    return OrderFilter(**args)


def init_app(app: Flask, simulator: Backend) -> None:
    """Mount the control plane on an app."""
    attach(app, simulator)
    app.register_blueprint(bp)
    app.register_blueprint(changes.bp)
