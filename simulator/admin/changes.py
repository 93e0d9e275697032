"""The /_admin change endpoints: set a contract price or a stock level behind Commerce's back; read a price."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, Response, jsonify, request

from simulator.admin.errors import BadParameter
from simulator.admin.present import jsonable
from simulator.admin.world import backend

bp = Blueprint("admin_changes", __name__, url_prefix="/_admin")


@bp.get("/prices/<part_number>")
def price(part_number: str) -> Response:
    """The offer price of a part for `organization` (a DN; the store default without) and `quantity`."""
    raw = request.args.get("quantity", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise BadParameter(f"quantity must be a positive whole number, not {raw!r}")
    offer = backend().changes.price_of(part_number, request.args.get("organization"), int(raw))
    return jsonify(jsonable(offer))


@bp.post("/prices")
def set_price() -> Response:
    """{"part_number", "price", and "organization" (a DN) or "price_list_id"}: the part's new price there."""
    body = _body()
    change = backend().changes.set_price(
        _text(body, "part_number"),
        _decimal(body, "price"),
        price_list_id=_optional_text(body, "price_list_id"),
        org_dn=_optional_text(body, "organization"),
    )
    return jsonify(jsonable(change))


@bp.post("/stock/<part_number>")
def set_stock(part_number: str) -> Response:
    """{"fc_id", "on_hand"}: what that fulfillment center now has on hand of the part."""
    body = _body()
    on_hand = body.get("on_hand")
    if not isinstance(on_hand, int) or isinstance(on_hand, bool):
        raise BadParameter("on_hand must be a whole number")
    return jsonify(jsonable(backend().changes.set_stock(part_number, _text(body, "fc_id"), on_hand)))


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadParameter("the body must be a JSON object")
    return body


def _optional_text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and (not isinstance(value, str) or not value):
        raise BadParameter(f"{name} must be a non-empty string")
    return value


def _text(body: dict[str, Any], name: str) -> str:
    value = _optional_text(body, name)
    if value is None:
        raise BadParameter(f"{name} is required")
    return value


def _decimal(body: dict[str, Any], name: str) -> Decimal:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadParameter(f"{name} must be a number or a decimal string")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise BadParameter(f"{name} must be a number, not {value!r}") from None
