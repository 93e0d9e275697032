"""The ids the requests need: given as options, else discovered through the target's /_admin API when it has one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import quote

import pytest

from conformance.target import Target

MIN_AVAILABLE = 20
SCAN_LIMIT = 400
PAGE = 100


@dataclass(frozen=True, slots=True)
class ContractData:
    """Values the conformance requests are built from; None means unknown (tests needing it are skipped)."""

    store_id: str | None = None
    store_name: str | None = None
    currency: str | None = None
    buyer_dn: str | None = None
    buyer_logon: str | None = None
    part: str | None = None
    catentry_id: str | None = None
    part_2: str | None = None
    part_unavailable: str | None = None
    physical_store: str | None = None
    physical_store_id: str | None = None
    unknown_part: str = "NO-SUCH-PART-0000"
    unknown_order: str = "NO-SUCH-ORDER-0000"
    unknown_quote: str = "NO-SUCH-QUOTE-0000"
    uom: str = "C62"
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def organization_dn(self) -> str | None:
        """The buyer's organization: its distinguished name without the first RDN."""
        if not self.buyer_dn or "," not in self.buyer_dn:
            return None
        return self.buyer_dn.split(",", 1)[1]


OPTIONS: dict[str, str] = {
    "store_id": "--store-id",
    "store_name": "--store-name",
    "currency": "--currency",
    "buyer_dn": "--buyer-dn",
    "buyer_logon": "--buyer-logon",
    "part": "--part",
    "catentry_id": "--catentry-id",
    "part_2": "--part-2",
    "part_unavailable": "--part-unavailable",
    "physical_store": "--physical-store",
    "physical_store_id": "--physical-store-id",
    "unknown_part": "--unknown-part",
    "unknown_order": "--unknown-order",
    "unknown_quote": "--unknown-quote",
    "uom": "--uom",
}

HELP: dict[str, str] = {
    "store_id": "online store UniqueID (BusinessContext storeId)",
    "store_name": "online store identifier (StoreIdentifier/ExternalIdentifier/NameIdentifier)",
    "currency": "currency of the store's prices",
    "buyer_dn": "distinguished name of a B2B buyer of the store",
    "buyer_logon": "logon id of that same buyer",
    "part": "part number with at least 20 available",
    "catentry_id": "catalog entry UniqueID of --part",
    "part_2": "a second available part number (another order line)",
    "part_unavailable": "part number known to the back office with nothing available",
    "physical_store": "physical store external identifier (pickup line, availability by store)",
    "physical_store_id": "physical store UniqueID",
    "unknown_part": "a part number the back office does not know",
    "unknown_order": "an external order id the back office does not know",
    "unknown_quote": "an external quote id the back office does not know",
    "uom": "unit of measure of the parts",
}


class Needs:
    """Values a test needs: skipped (naming the option to pass) when they are neither given nor discoverable."""

    def __init__(self, data: ContractData) -> None:
        self.data = data

    def __call__(self, *names: str) -> ContractData:
        missing = [OPTIONS[name] for name in names if getattr(self.data, name) in (None, "")]
        if missing:
            pytest.skip(f"pass {', '.join(missing)} (not given and not discoverable through /_admin)")
        return self.data


def field_names() -> list[str]:
    return [f.name for f in fields(ContractData) if f.name != "sources"]


def with_discovery(given: ContractData, target: Target) -> ContractData:
    """Fill what was not given from /_admin (stores, buyers, catalog, stock) when the target serves it."""
    if target.admin_json("/health") is None:
        return given
    found: dict[str, str | None] = {}
    found.update(_stores(target))
    found.update(_buyer(target))
    found.update(_parts(target))
    missing = {name: value for name, value in found.items() if value is not None and getattr(given, name) is None}
    sources = {**given.sources, **dict.fromkeys(missing, "/_admin")}
    return replace(given, **missing, sources=sources)


def _stores(target: Target) -> dict[str, str | None]:
    stores = target.admin_json("/stores") or {}
    online = (stores.get("online_stores") or [{}])[0]
    physical = (stores.get("physical_stores") or [{}])[0]
    return {
        "store_id": online.get("store_id"),
        "store_name": online.get("identifier"),
        "currency": online.get("currency"),
        "physical_store": physical.get("external_id"),
        "physical_store_id": physical.get("store_id"),
    }


def _buyer(target: Target) -> dict[str, str | None]:
    buyers = (target.admin_json("/buyers?limit=1") or {}).get("items") or [{}]
    return {"buyer_dn": buyers[0].get("dn"), "buyer_logon": buyers[0].get("logon_id")}


def _parts(target: Target) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    available: list[tuple[str, str | None]] = []
    for part, stock in _stock(target):
        status = stock.get("availability", {}).get("status")
        if status == "Available" and stock["availability"].get("quantity", 0) >= MIN_AVAILABLE:
            available.append((part, stock.get("entry", {}).get("catentry_id")))
        if status == "Unavailable":
            found.setdefault("part_unavailable", part)
        if len(available) >= 2 and "part_unavailable" in found:
            break
    if available:
        found["part"], found["catentry_id"] = available[0]
    if len(available) > 1:
        found["part_2"] = available[1][0]
    return found


def _stock(target: Target) -> Iterator[tuple[str, dict[str, Any]]]:
    for offset in range(0, SCAN_LIMIT, PAGE):
        items = (target.admin_json(f"/catalog?offset={offset}&limit={PAGE}") or {}).get("items") or []
        for item in items:
            part = item.get("part_number")
            stock = target.admin_json(f"/stock/{quote(str(part), safe='')}") if part else None
            if stock:
                yield str(part), stock
        if len(items) < PAGE:
            return
