"""The /_admin price and stock endpoints: read them, or change them behind Commerce's back."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from flask import Response, jsonify
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictStr, model_validator

from simulator.admin.api import Anything, Body, Maybe, Query, StrictText, Text, Whole, blueprint
from simulator.admin.present import jsonable
from simulator.admin.world import backend

bp = blueprint("admin_changes", __name__)
PRICE = r"^([1-9][0-9]{0,8}(\.[0-9]+)?|0\.[0-9]*[1-9][0-9]*)$"  # a positive decimal below 10^9


class PartPath(BaseModel):
    """A part by its number."""

    part_number: Text


class PriceQuery(Query):
    """Whose price, for how many."""

    organization: Text | Maybe = Field(None, description="organization DN (the store default without)")
    quantity: int = Field(1, ge=1, le=10**9)


class NewPrice(Body):
    """A part's new price in a price list, or in the contract of an organization (one of the two)."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["organization"]},
                                                           {"required": ["price_list_id"]}]})

    part_number: StrictText
    price: Annotated[StrictStr, Field(pattern=PRICE)] | Annotated[StrictFloat, Field(gt=0, le=1e9)] = Field(
        description="a positive number, or a decimal text of one")
    organization: StrictText | Maybe = Field(None, description="organization DN")
    price_list_id: StrictText | Maybe = None

    @model_validator(mode="after")
    def _one_place(self) -> NewPrice:
        if (self.organization is None) == (self.price_list_id is None):
            raise ValueError("name either a price list id or an organization, not both or neither")
        return self


class NewStock(Body):
    """What a fulfillment center now has on hand of a part."""

    fc_id: StrictText
    on_hand: Whole = Field(ge=0, le=2**62)


@bp.get("/stock/<part_number>", responses={200: Anything})
def stock(path: PartPath) -> Response:
    """Stock of a part per fulfillment center and its availability."""
    return jsonify(jsonable(backend().inspect.stock(path.part_number)))


@bp.post("/stock/<part_number>", responses={200: Anything})
def set_stock(path: PartPath, body: NewStock) -> Response:
    """Set what a fulfillment center has on hand."""
    return jsonify(jsonable(backend().changes.set_stock(path.part_number, body.fc_id, body.on_hand)))


@bp.get("/prices/<part_number>", responses={200: Anything})
def price(path: PartPath, query: PriceQuery) -> Response:
    """The entitled offer price of a part for `organization` and `quantity`."""
    return jsonify(jsonable(backend().changes.price_of(path.part_number, query.organization, query.quantity)))


@bp.post("/prices", responses={200: Anything})
def set_price(body: NewPrice) -> Response:
    """Give a part a new contract price ("organization" or "price_list_id" says where)."""
    change = backend().changes.set_price(
        body.part_number, Decimal(str(body.price)), price_list_id=body.price_list_id, org_dn=body.organization
    )
    return jsonify(jsonable(change))
