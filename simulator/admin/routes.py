"""The /_admin blueprint: health, reset and read-only inspection of every entity."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask_openapi3.openapi import OpenAPI
from flask_openapi3.types import ResponseDict
from pydantic import BaseModel, Field

from simulator.admin import changes
from simulator.admin.api import OPEN, Anything, Maybe, Page, Paging, Text, blueprint
from simulator.admin.present import jsonable, page
from simulator.admin.world import attach, backend
from simulator.backend.ports import OrderFilter
from simulator.backend.service import Backend

bp = blueprint("admin", __name__)


class World(BaseModel):
    """The status of the simulator and the world it holds."""

    status: str
    world: dict[str, Any]


class BuyerQuery(Paging):
    """Buyers, optionally of one organization."""

    organization: Text | Maybe = Field(None, description="organization DN")


class DocumentQuery(Paging):
    """Orders and quotes filtered by who, where, which channel and which status (repeatable)."""

    buyer: Text | Maybe = None
    buyer_dn: Text | Maybe = None
    organization: Text | Maybe = None
    store: Text | Maybe = None
    channel: Text | Maybe = None
    status: list[Text] | Maybe = None


class OrderPath(BaseModel):
    """An order by its external id."""

    external_order_id: Text


class QuotePath(BaseModel):
    """A quote by its external id."""

    external_quote_id: Text


PAGE: ResponseDict = {200: Page[Anything]}


@bp.get("/health", responses={200: World}, openapi_extensions=OPEN)
def health() -> Response:
    """Liveness and the loaded world."""
    return jsonify(status="ok", world=backend().inspect.world())


@bp.post("/reset", responses={200: World})
def reset() -> Response:
    """Back to the seeded world (this tenant's)."""
    backend().reset()
    return jsonify(status="reset", world=backend().inspect.world())


@bp.get("/stores", responses={200: Anything})
def stores() -> Response:
    """Online stores, physical stores and fulfillment centers."""
    return jsonify(jsonable(backend().inspect.locations()))


@bp.get("/catalog", responses=PAGE)
def catalog(query: Paging) -> Response:
    """Catalog entries."""
    return jsonify(page(backend().inspect.catalog(query.offset, query.limit), query.offset, query.limit))


@bp.get("/organizations", responses=PAGE)
def organizations(query: Paging) -> Response:
    """B2B organizations."""
    return jsonify(page(backend().inspect.organizations(query.offset, query.limit), query.offset, query.limit))


@bp.get("/buyers", responses=PAGE)
def buyers(query: BuyerQuery) -> Response:
    """Buyers; `organization` filters by organization DN."""
    found = backend().inspect.buyers(query.offset, query.limit, query.organization)
    return jsonify(page(found, query.offset, query.limit))


@bp.get("/reservations", responses=PAGE)
def reservations(query: Paging) -> Response:
    """Reservations held."""
    return jsonify(page(backend().inspect.reservations(query.offset, query.limit), query.offset, query.limit))


@bp.get("/orders", responses=PAGE)
def orders(query: DocumentQuery) -> Response:
    """Orders of every channel."""
    return jsonify(page(backend().orders.find(order_filter(query), query.offset, query.limit), query.offset,
                        query.limit))


@bp.get("/orders/<external_order_id>", responses={200: Anything})
def order(path: OrderPath) -> Response:
    """One order, with Commerce's pricing of it (flagged when preprocessing failed) and its payment."""
    shown: dict[str, Any] = jsonable(backend().orders.get(path.external_order_id))
    shown.update(backend().inbound.state(path.external_order_id).to_json())
    return jsonify(shown)


@bp.get("/quotes", responses=PAGE)
def quotes(query: DocumentQuery) -> Response:
    """Quotes of every channel."""
    return jsonify(page(backend().quotes.find(order_filter(query), query.offset, query.limit), query.offset,
                        query.limit))


@bp.get("/quotes/<external_quote_id>", responses={200: Anything})
def quote(path: QuotePath) -> Response:
    """One quote."""
    return jsonify(jsonable(backend().quotes.get(path.external_quote_id)))


def order_filter(query: DocumentQuery) -> OrderFilter:
    """Order and quote filters from the query string."""
    return OrderFilter(
        store_id=query.store,
        buyer_logon_id=query.buyer,
        buyer_dn=query.buyer_dn,
        org_dn=query.organization,
        channel=query.channel,
        statuses=tuple(query.status or ()),
    )


def init_app(app: OpenAPI, simulator: Backend) -> None:
    """Mount the control plane on an app."""
    attach(app, simulator)
    app.register_api(bp)
    app.register_api(changes.bp)
