"""The /_admin endpoints of orders from other channels: place one, change its lines (each sent to Commerce for
preprocessing), and retry a declined payment. Request and response bodies are pydantic models."""

from __future__ import annotations

from typing import Annotated, Any, Final, Self

from flask import Response, jsonify
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, WithJsonSchema, model_validator

from simulator.admin.api import Body, Maybe, problem_responses
from simulator.admin.present import jsonable
from simulator.admin.routes import OrderPath, bp
from simulator.admin.world import backend
from simulator.backend.inbound import ChannelLine, LineChange
from simulator.domain.errors import UnknownStore
from simulator.domain.model import Channel, Order

# Declared on the admin blueprint itself: GET /_admin/orders and /_admin/orders/<id> live there, and a URL is
# declared by one blueprint only (flask-openapi3 keeps one path item per blueprint and URL).
MAX_LINES: Final = 200
MAX_QUANTITY: Final = 1_000_000
PartNumber = Annotated[StrictStr, Field(min_length=1, max_length=64)]
OTHER_CHANNELS: Final = [channel.value for channel in Channel if channel is not Channel.WEB]
OtherChannel = Annotated[Channel, WithJsonSchema({"type": "string", "enum": OTHER_CHANNELS})]


class _Body(Body):
    model_config = ConfigDict(extra="forbid")


class ChannelLineIn(_Body):
    """A line of a new order."""

    part_number: PartNumber
    quantity: StrictInt = Field(ge=1, le=MAX_QUANTITY)


class PlaceOrderIn(_Body):
    """An order placed in another channel (phone, fax, EDI, a physical store...)."""

    buyer: StrictStr = Field(min_length=1, max_length=254, description="the buyer's logon id")
    store_id: Annotated[StrictStr, Field(min_length=1, max_length=32)] | Maybe = Field(
        None, description="default: the first store")
    channel: OtherChannel = Field(Channel.PHONE, description="Commerce's ChannelName; not the Web Channel")
    lines: list[ChannelLineIn] = Field(min_length=1, max_length=MAX_LINES)

    @model_validator(mode="after")
    def _not_web(self) -> Self:
        if self.channel is Channel.WEB:
            raise ValueError("web orders come from Commerce's TransferOrder: name another channel")
        return self


class LineChangeIn(_Body):
    """A new quantity for an existing line (0 cancels it), or a new line for a part."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"oneOf": [{"required": ["line_id"]},
                                                                           {"required": ["part_number"]}]})

    quantity: StrictInt = Field(ge=0, le=MAX_QUANTITY)
    line_id: PartNumber | Maybe = None
    part_number: PartNumber | Maybe = None

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


def order_extras(external_order_id: str) -> dict[str, Any]:
    """Commerce's pricing and payment of an order, for GET /_admin/orders/<id>."""
    return backend().inbound.state(external_order_id).to_json()


def _first_store() -> str:
    """The default store of an order: the first online store (an import replacing the world may leave none)."""
    stores = backend().inspect.locations().online_stores
    if not stores:
        raise UnknownStore("the world has no online store")
    return stores[0].store_id


def _answer(order: Order, status: int = 200) -> Response:
    shown = ChannelOrderOut(order=jsonable(order), **order_extras(order.external_order_id))
    response = jsonify(shown.model_dump(mode="json"))
    response.status_code = status
    return response


@bp.post("/orders", responses={201: ChannelOrderOut})
def place_order(body: PlaceOrderIn) -> Response:
    """Place an order in another channel; it is sent to Commerce for preprocessing (PreprocessSalesOrder)."""
    sim = backend()
    store_id = body.store_id or _first_store()
    lines = [ChannelLine(line.part_number, line.quantity) for line in body.lines]
    return _answer(sim.inbound.place(store_id, body.buyer, body.channel, lines), 201)


@bp.patch("/orders/<external_order_id>", responses={200: ChannelOrderOut})
def change_lines(path: OrderPath, body: ChangeLinesIn) -> Response:
    """Change an order's lines; the order is sent to Commerce for preprocessing again."""
    changes = [LineChange(line.quantity, line.line_id, line.part_number) for line in body.lines]
    return _answer(backend().inbound.change_lines(path.external_order_id, changes))


@bp.post("/orders/<external_order_id>/payment/retry", responses={200: ChannelOrderOut, **problem_responses(409)})
def retry_payment(path: OrderPath) -> Response:
    """Send the declined payment step again and let the order's lifecycle go on."""
    backend().inbound.retry_payment(path.external_order_id)
    return _answer(backend().orders.get(path.external_order_id))
