"""Outbox entries of the legacy kinds rendered as the message family a site's Commerce reads."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from simulator.domain.outbox import PushKind, PushRecord
from simulator.legacy import outbound_legacy, outbound_xml
from simulator.legacy.outbound_model import (
    Credentials,
    CustomerUpdate,
    Family,
    InventoryUpdate,
    PriceUpdate,
    ShipmentConfirmation,
    StatusForm,
    StatusItem,
    StatusUpdate,
)

LEGACY_KINDS: Final = frozenset({
    PushKind.LEGACY_ORDER_STATUS, PushKind.LEGACY_INVENTORY, PushKind.LEGACY_PRICE, PushKind.LEGACY_CUSTOMER,
    PushKind.LEGACY_SHIPMENT,
})
_CONDITION: Final = {"S": ("S", "Shipped"), "D": ("I", "Invoiced"), "X": ("X", "Cancelled"),
                     "B": ("BP", "Backordered"), "C": ("C", "Confirmed"), "R": ("C", "Released"),
                     "M": ("C", "Pending")}


@dataclass(frozen=True, slots=True)
class Rendered:
    """One message ready for a sink: its bytes, content type, and a name for a file."""

    body: bytes
    content_type: str
    name: str


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """The family to write, the credentials to put in ControlArea, and the catalog owner for prices."""

    family: Family = Family.WCS
    credentials: Credentials = field(default_factory=Credentials)
    catalog_owner: str = ""


def render(record: PushRecord, options: RenderOptions) -> Rendered:
    """The message an outbox entry stands for."""
    payload: dict[str, Any] = json.loads(record.payload)
    kind = record.kind
    if kind is PushKind.LEGACY_ORDER_STATUS:
        body = _status(status_update(payload), options)
    elif kind is PushKind.LEGACY_INVENTORY:
        body = _inventory(inventory_updates(payload), options)
    elif kind is PushKind.LEGACY_PRICE:
        body = _price(price_update(payload, options.catalog_owner), options)
    elif kind is PushKind.LEGACY_CUSTOMER:
        body = _customer(customer_update(payload), options)
    elif kind is PushKind.LEGACY_SHIPMENT:
        body = outbound_xml.shipment_confirmation(shipment(payload), options.credentials)
    else:
        raise ValueError(f"{kind} is not a legacy messaging kind")
    legacy = body.startswith(b"<ECEDOC>")
    suffix = "txt" if legacy else "xml"
    return Rendered(body, "text/plain; charset=UTF-8" if legacy else "text/xml; charset=UTF-8",
                    f"{record.push_id:010d}-{kind.value}.{suffix}")


def status_update(payload: dict[str, Any]) -> StatusUpdate:
    """The status of a message-borne order at one step."""
    amounts = payload["amounts"]
    condition, text = _CONDITION.get(payload["status"], ("C", payload["status"]))
    form = StatusForm(payload.get("form", StatusForm.STATUS.value))
    if form is StatusForm.CONFIRM:
        condition, text = "C", "Confirmed"
    shipped = [line["time_shipped"] for line in payload.get("lines", []) if line.get("time_shipped")]
    items = tuple(
        StatusItem(line["item_id"] or "", line["external_item_id"], line["part_number"], Decimal(line["quantity"]),
                   Decimal(line["quantity"]) if line.get("time_shipped") else Decimal(0),
                   *_CONDITION.get(line["status"], ("C", line["status"])))
        for line in payload.get("lines", [])
    )
    return StatusUpdate(
        form=form, order_id=payload["order_id"] or "", backend_order=payload["external_order_id"],
        condition=condition, text=text, currency=payload["currency"], total_net=Decimal(amounts["product"]),
        total_tax=Decimal(amounts["sales_tax"]), total_shipping=Decimal(amounts["shipping"]),
        total_tax_shipping=Decimal(amounts["shipping_tax"]), sequence=int(payload.get("sequence", 0)),
        timestamp=datetime.fromisoformat(payload.get("at", payload["last_update"])),
        placed=datetime.fromisoformat(payload["placed"]),
        shipped_at=datetime.fromisoformat(max(shipped)) if shipped else None,
        invoice_value=Decimal(amounts["grand_total"]) if form is StatusForm.INVOICE else None, items=items,
    )


def inventory_updates(payload: dict[str, Any]) -> list[InventoryUpdate]:
    """A part's quantity at each online store."""
    return [InventoryUpdate(payload["part_number"], store_id, int(payload["quantity"]), payload["catentry_id"])
            for store_id in payload["store_ids"]]


def price_update(payload: dict[str, Any], catalog_owner: str) -> PriceUpdate:
    """An offer price; MerchantID is the catalog owner's member id (a setting)."""
    return PriceUpdate(payload["part_number"], catalog_owner, payload["currency"], Decimal(payload["price"]),
                       "0", payload.get("catentry_id", ""), datetime.fromisoformat(payload["as_of"]))


def customer_update(payload: dict[str, Any]) -> CustomerUpdate:
    """A buyer created or changed."""
    return CustomerUpdate(bool(payload["create"]), payload["logon_id"], payload.get("last_name") or "-",
                          payload.get("store_id") or "", payload.get("first_name") or "",
                          email=payload.get("email") or "")


def shipment(payload: dict[str, Any]) -> ShipmentConfirmation:
    """A shipped order as one release."""
    amounts = payload["amounts"]
    return ShipmentConfirmation(payload["order_id"] or "", "1", "1", datetime.fromisoformat(payload["at"]),
                                Decimal(amounts["shipping"]), payload["currency"], Decimal(0))


def _status(update: StatusUpdate, options: RenderOptions) -> bytes:
    if options.family is Family.LEGACY:
        return outbound_legacy.order_status(update).encode()
    if options.family is Family.NC:
        return outbound_xml.nc_order_status(update, options.credentials)
    return outbound_xml.wcs_order_status(update, options.credentials)


def _inventory(updates: list[InventoryUpdate], options: RenderOptions) -> bytes:
    if options.family is Family.LEGACY:
        return "".join(outbound_legacy.quantity(update) for update in updates).encode()
    if options.family is Family.NC:
        return outbound_xml.nc_inventory(updates, options.credentials)
    return outbound_xml.wcs_inventory(updates, options.credentials)


def _price(update: PriceUpdate, options: RenderOptions) -> bytes:
    if options.family is Family.LEGACY:
        return outbound_legacy.price(update).encode()
    if options.family is Family.NC:
        return outbound_xml.nc_price([update], options.credentials)
    return outbound_xml.wcs_price([update], options.credentials)


def _customer(update: CustomerUpdate, options: RenderOptions) -> bytes:
    if options.family is Family.LEGACY:
        return outbound_legacy.customer(update).encode()
    return outbound_xml.wcs_customer(update, options.credentials)
