"""The /_admin endpoints of orders from other channels: place one, change its lines (each sent to Commerce for
preprocessing), and retry a declined payment. Request and response bodies are pydantic models."""

from __future__ import annotations

from typing import Any, Self, TypeVar

from flask import Blueprint, Response, jsonify, request
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from simulator.admin.errors import BadParameter
from simulator.admin.present import jsonable
from simulator.admin.world import backend
from simulator.backend.inbound import ChannelLine, LineChange
from simulator.domain.model import Channel, Order

bp = Blueprint("admin_channel_orders", __name__, url_prefix="/_admin")
MAX_LINES = 200
MAX_QUANTITY = 1_000_000
M = TypeVar("M", bound=BaseModel)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ChannelLineIn(_Body):
    """A line of a new order."""

    part_number: str = Field(min_length=1, max_length=64)
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class PlaceOrderIn(_Body):
    """An order placed in another channel (phone, fax, EDI, a physical store...)."""

    buyer: str = Field(min_length=1, max_length=254, description="the buyer's logon id")
    store_id: str | None = Field(default=None, min_length=1, max_length=32, description="default: the first store")
    channel: Channel = Field(default=Channel.PHONE, description="Commerce's ChannelName; not the Web Channel")
    lines: list[ChannelLineIn] = Field(min_length=1, max_length=MAX_LINES)

    @model_validator(mode="after")
    def _not_web(self) -> Self:
        if self.channel is Channel.WEB:
            raise ValueError("web orders come from Commerce's TransferOrder: name another channel")
        return self


class LineChangeIn(_Body):
    """A new quantity for an existing line (0 cancels it), or a new line for a part."""

    quantity: int = Field(ge=0, le=MAX_QUANTITY)
    line_id: str | None = Field(default=None, min_length=1, max_length=64)
    part_number: str | None = Field(default=None, min_length=1, max_length=64)

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        if (self.line_id is None) == (self.part_number is None):
            raise ValueError("name either line_id (to change a line) or part_number (to add one)")
        return self


class ChangeLinesIn(_Body):
    """Changes to an order's lines."""

    lines: list[LineChangeIn] = Field(min_length=1, max_length=MAX_LINES)


class ChannelOrderOut(BaseModel):
    """An order with Commerce's pricing of it (flagged when the last preprocessing failed) and its payment."""

    order: dict[str, Any]
    pricing: dict[str, Any] | None
    flagged: bool
    payment: dict[str, Any]


def _parse(model: type[M]) -> M:
    data = request.get_json(silent=True) if request.get_data() else None
    if not isinstance(data, dict):
        raise BadParameter("the body must be a JSON object")
    try:
        return model.model_validate_json(request.get_data())
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'body'}: {error['msg']}" for error in exc.errors()
        )
        raise BadParameter(problems) from None


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON schema with its $defs inlined, for the OpenAPI document."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(defs[str(node["$ref"]).rsplit("/", 1)[-1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    return inlined


def order_extras(external_order_id: str) -> dict[str, Any]:
    """Commerce's pricing and payment of an order, for GET /_admin/orders/<id>."""
    return backend().inbound.state(external_order_id).to_json()


def _answer(order: Order, status: int = 200) -> Response:
    shown = ChannelOrderOut(order=jsonable(order), **order_extras(order.external_order_id))
    response = jsonify(shown.model_dump(mode="json"))
    response.status_code = status
    return response


@bp.post("/orders")
def place_order() -> Response:
    """Place an order in another channel; it is sent to Commerce for preprocessing (PreprocessSalesOrder)."""
    body = _parse(PlaceOrderIn)
    sim = backend()
    store_id = body.store_id or sim.inspect.locations().online_stores[0].store_id
    lines = [ChannelLine(line.part_number, line.quantity) for line in body.lines]
    return _answer(sim.inbound.place(store_id, body.buyer, body.channel, lines), 201)


@bp.patch("/orders/<external_order_id>")
def change_lines(external_order_id: str) -> Response:
    """Change an order's lines; the order is sent to Commerce for preprocessing again."""
    body = _parse(ChangeLinesIn)
    changes = [LineChange(line.quantity, line.line_id, line.part_number) for line in body.lines]
    return _answer(backend().inbound.change_lines(external_order_id, changes))


@bp.post("/orders/<external_order_id>/payment/retry")
def retry_payment(external_order_id: str) -> Response:
    """Send the declined payment step again and let the order's lifecycle go on."""
    backend().inbound.retry_payment(external_order_id)
    return _answer(backend().orders.get(external_order_id))
