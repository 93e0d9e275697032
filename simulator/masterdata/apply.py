"""Imported rows applied to a draft of the world, file by file in load order; every problem recorded."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal

from simulator.domain.model import (
    UNIT_EACH,
    Buyer,
    CatalogEntry,
    FulfillmentCenter,
    FutureReceipt,
    OnlineStore,
    Organization,
    PhysicalStore,
    PriceBreak,
    PriceList,
    StockLevel,
)
from simulator.masterdata import layouts as L
from simulator.masterdata.cells import Cells
from simulator.masterdata.draft import Draft
from simulator.masterdata.problems import Problem
from simulator.masterdata.reader import Table

TYPES = ("Item", "Product", "Bundle", "Package", "DynamicKit")
CURRENCY = "USD"
NO_PRICE = Decimal(-1)


def next_id(taken: Iterable[str], first: int) -> Callable[[], str]:
    """Numeric ids after the largest numeric one taken (first when none is)."""
    numbers = [int(key) for key in taken if key.isdigit()]
    state = [max([first - 1, *numbers])]

    def allocate() -> str:
        state[0] += 1
        return str(state[0])

    return allocate


class Applier:
    """Applies tables to a draft; `finish` resolves what rows left open (ids, references, prices)."""

    def __init__(self, draft: Draft, problems: list[Problem]) -> None:
        self.d = draft
        self.problems = problems
        self.touched_prices: set[tuple[str, str]] = set()
        self.touched_receipts: set[tuple[str, str]] = set()
        self.parents: list[tuple[Cells, str]] = []
        self.members: list[tuple[Cells, str]] = []
        self.unentitled: dict[str, Cells] = {}
        self.new_parts: list[str] = []
        self.new_orgs: list[str] = []
        self.ids = {entry.catentry_id: part for part, entry in draft.catalog.items()}

    def apply(self, table: Table) -> None:
        """Apply every row of one table."""
        handler = getattr(self, "_" + table.layout.kind)
        for line, row in table.rows:
            cells = Cells(table.name, line, row, self.problems)
            cells.no_delete()
            if cells.ok:
                handler(cells)

    # locations
    def _SimulatorLocation(self, c: Cells) -> None:
        kind, key = c.required("Kind"), c.required("UniqueId")
        if kind == "OnlineStore":
            self.d.online_stores[key] = OnlineStore(key, c.required("Identifier"), c.get("CurrencyCode") or CURRENCY)
        elif kind == "FulfillmentCenter":
            self.d.centers[key] = FulfillmentCenter(key, c.required("Name"))
        elif kind == "PhysicalStore":
            fc_id = c.required("FulfillmentCenterId")
            if fc_id and fc_id not in self.d.centers:
                c.fail("FulfillmentCenterId", "unknown fulfillment center")
            if c.ok:
                self.d.physical_stores[key] = PhysicalStore(key, c.required("Identifier"), c.get("Name") or key, fc_id)
        elif kind:
            c.fail("Kind", "must be OnlineStore, FulfillmentCenter or PhysicalStore")

    def _store(self, c: Cells, column: str) -> OnlineStore | None:
        identifier = c.get(column)
        if not identifier:
            return None
        store = self.d.store_by_identifier(identifier)
        if store is None:
            store = OnlineStore(next_id(self.d.online_stores, 10101)(), identifier, CURRENCY)
            self.d.online_stores[store.store_id] = store
        return store

    # catalog
    def _CatalogEntry(self, c: Cells) -> None:
        part = c.required("PartNumber")
        kind = c.get("Type")
        if kind and kind not in TYPES:
            c.fail("Type", f"must be one of {', '.join(TYPES)}")
        price = c.money("ListPrice")
        catentry_id = c.get("CatalogEntryUniqueId")
        existing = self.d.catalog.get(part)
        if catentry_id and existing is not None and existing.catentry_id not in ("", catentry_id):
            c.fail("CatalogEntryUniqueId", f"part {part} already has catalog entry id {existing.catentry_id}")
        elif catentry_id and self.ids.get(catentry_id, part) != part:
            c.fail("CatalogEntryUniqueId", "already the id of another part")
        store = self._store(c, "ParentStoreIdentifier")
        if not c.ok:
            return
        if catentry_id:
            self.ids[catentry_id] = part
        if existing is None:
            self.new_parts.append(part)
            currency = c.get("CurrencyCode") or (store.currency if store else CURRENCY)
            self.d.catalog[part] = CatalogEntry(part, catentry_id, c.get("Name") or part,
                                                c.get("QuantityMeasure") or UNIT_EACH,
                                                NO_PRICE if price is None else price, currency)  # fmt: skip
            return
        self.d.catalog[part] = replace(existing, catentry_id=catentry_id or existing.catentry_id,
                                       name=c.get("Name") or existing.name,
                                       uom=c.get("QuantityMeasure") or existing.uom,
                                       list_price=existing.list_price if price is None else price,
                                       currency=c.get("CurrencyCode") or existing.currency)  # fmt: skip

    def _part(self, c: Cells, part_column: str = "PartNumber", id_column: str = "CatalogEntryUniqueId") -> str:
        part, catentry_id = c.get(part_column), c.get(id_column)
        if part:
            if part not in self.d.catalog:
                c.fail(part_column, "unknown part number (load its CatalogEntry first)")
            return part
        if catentry_id:
            found = self.ids.get(catentry_id, "")
            if not found:
                c.fail(id_column, "unknown catalog entry id")
            return found
        c.fail(part_column, f"{part_column} or {id_column} is required")
        return ""

    def _CatalogEntryDescription(self, c: Cells) -> None:
        part = self._part(c)
        if not c.ok:
            return
        if c.get("LanguageId") not in ("", "-1") or c.get("Language") not in ("", "en_US"):
            c.warn("LanguageId", "only the English (-1) description is kept")
            return
        if c.get("Name"):
            self.d.catalog[part] = replace(self.d.catalog[part], name=c.get("Name"))

    def _CatalogEntryListPrice(self, c: Cells) -> None:
        part = self._part(c)
        price = c.money("ListPrice", required=True)
        if c.ok and price is not None:
            entry = self.d.catalog[part]
            self.d.catalog[part] = replace(entry, list_price=price, currency=c.get("CurrencyCode") or entry.currency)

    # members
    def _Organization(self, c: Cells) -> None:
        dn = c.required("distinguishedName")
        existing = self.d.organizations.get(dn)
        name = c.get("orgEntityName") if existing else c.required("orgEntityName")
        kind = c.get("orgEntityType")
        if kind and kind not in ("O", "OU"):
            c.fail("orgEntityType", "must be O or OU")
        if not c.ok:
            return
        if existing is None:
            self.new_orgs.append(dn)
            existing = Organization(c.get("organizationId"), dn, name)
        parent = c.get("parentDN")
        if parent:
            self.parents.append((c, parent))
        self.d.organizations[dn] = replace(
            existing, org_id=c.get("organizationId") or existing.org_id, name=name or existing.name,
            parent_dn=parent or existing.parent_dn, org_type=kind or existing.org_type,
            business_category=c.get("businessCategory") or existing.business_category,
            description=c.get("description") or existing.description)  # fmt: skip

    def _Person(self, c: Cells) -> None:
        logon = c.required("logonId")
        existing = self.d.buyers.get(logon)
        email = c.email("email1")
        need = c.get if existing else c.required
        first, last, org = need("firstName"), need("lastName"), need("parentDN")
        if existing is None and not email:
            c.fail("email1", "a value is required")
        if not c.ok:
            return
        org = org or (existing.org_dn if existing else "")
        self.members.append((c, org))
        dn = c.get("distinguishedName") or (existing.dn if existing else f"uid={logon},{org}")
        self.d.buyers[logon] = Buyer(logon, dn, org, first or (existing.first_name if existing else ""),
                                     last or (existing.last_name if existing else ""),
                                     email or (existing.email if existing else ""))  # fmt: skip

    # prices
    def _PriceList(self, c: Cells) -> None:
        key = c.required("UniqueID")
        if not c.ok:
            return
        existing = self.d.price_lists.get(key)
        if existing is None:
            existing = PriceList(key, c.get("Name") or key, f"C-{key}", CURRENCY, None, {})
            self.unentitled[key] = c
        self.d.price_lists[key] = replace(existing, name=c.get("Name") or existing.name)

    def _SimulatorContract(self, c: Cells) -> None:
        key = c.required("PriceListUniqueId")
        if key and key not in self.d.price_lists:
            c.fail("PriceListUniqueId", "unknown price list (load it in PriceList first)")
        org = c.get("OrganizationDN")
        if org:
            self.members.append((c, org))
        if not c.ok:
            return
        self.unentitled.pop(key, None)
        pl = self.d.price_lists[key]
        contract, currency = c.get("ContractId") or pl.contract_id, c.get("CurrencyCode") or pl.currency
        self.d.price_lists[key] = replace(pl, contract_id=contract, currency=currency, org_dn=org or None)

    def _break(self, c: Cells, list_id: str, part: str, price: Decimal, minimum: int) -> None:
        prices = self.d.price_lists[list_id].prices
        if (list_id, part) not in self.touched_prices:
            self.touched_prices.add((list_id, part))
            prices[part] = ()
        kept = [b for b in prices[part] if b.min_quantity != minimum]
        prices[part] = tuple(sorted([*kept, PriceBreak(minimum, price)], key=lambda b: b.min_quantity))

    def _CatalogEntryOfferPrice(self, c: Cells) -> None:
        part = self._part(c)
        price = c.money("Price", required=True)
        minimum = c.quantity("MinimumQuantity", default=1)
        if not c.ok or price is None or minimum is None:
            return
        default = self.d.default_list() or self._new_default()
        self._break(c, default.price_list_id, part, price, max(1, minimum))

    def _new_default(self) -> PriceList:
        store = next(iter(sorted(self.d.online_stores.items())), (None, None))[1]
        name = f"{store.identifier if store else 'Store'} Default Price List"
        key = next_id(self.d.price_lists, 30000)()
        default = PriceList(key, name, f"C-{key}", store.currency if store else CURRENCY, None, {})
        self.d.price_lists[key] = default
        return default

    def _Offer(self, c: Cells) -> None:
        key, name = c.get("PriceListUniqueId"), c.get("PriceListName")
        pl = self.d.price_lists.get(key) if key else next(
            (p for p in self.d.price_lists.values() if p.name == name), None) if name else None  # fmt: skip
        if pl is None:
            c.fail("PriceListUniqueId" if key or not name else "PriceListName", "unknown price list")
        part = self._part(c, "CatentryPartNumber", "CatentryUniqueId")
        filled = [col for col in L.OFFER.columns if col.startswith("PriceIn") and c.get(col)]
        if len(filled) != 1:
            c.fail(filled[1] if filled[1:] else "PriceInUSD", "exactly one PriceIn<currency> cell must hold the price")
        price = c.money(filled[0]) if len(filled) == 1 else None
        minimum = c.quantity("MinimumQuantity", default=1)
        if c.ok and pl is not None and price is not None and minimum is not None:
            self._break(c, pl.price_list_id, part, price, max(1, minimum))

    # inventory
    def _center(self, c: Cells, id_column: str, name_column: str) -> str:
        fc_id, name = c.get(id_column), c.get(name_column)
        center = self.d.center(fc_id, name)
        if center is None:
            if not fc_id and not name:
                c.fail(name_column, f"{id_column} or {name_column} is required")
                return ""
            center = FulfillmentCenter(fc_id or next_id(self.d.centers, 11001)(), name or fc_id)
            self.d.centers[center.fc_id] = center
        return center.fc_id

    def _level(self, part: str, fc_id: str, on_hand: int | None, receipt: FutureReceipt | None = None) -> None:
        key = (part, fc_id)
        level = self.d.stock.get(key) or StockLevel(part, fc_id, 0)
        if on_hand is not None:
            level = replace(level, on_hand=on_hand, safety_stock=0)
        if receipt is not None:
            receipts = () if key not in self.touched_receipts else level.receipts
            self.touched_receipts.add(key)
            level = replace(level, receipts=(*receipts, receipt))
        self.d.stock[key] = level

    def _CatalogEntryInventory(self, c: Cells) -> None:
        part = self._part(c)
        fc_id = self._center(c, "FulfillmentCenterId", "FulfillmentCenterName")
        quantity = c.quantity("Quantity", required=True)
        if c.ok and quantity is not None:
            self._level(part, fc_id, quantity)

    def _CatalogEntryInventoryESite(self, c: Cells) -> None:
        self._store(c, "CurrentStoreIdentifier")
        self._CatalogEntryInventory(c)

    def _InventoryCache(self, c: Cells) -> None:
        part = self._part(c)
        where = c.required("PhysicalStoreIdentifier")
        branch = next((s for s in self.d.physical_stores.values() if s.external_id == where), None)
        center = self.d.center(where, "") or self.d.center("", where)
        fc_id = branch.fc_id if branch else center.fc_id if center else ""
        if where and not fc_id:
            c.fail("PhysicalStoreIdentifier", "not a physical store or fulfillment center of the world")
        status = c.required("InventoryStatus")
        quantity = c.quantity("AvailableQuantity", required=status != "Unavailable", default=0)
        if status == "Backorderable":
            when = c.moment("AvailabilityTime")
            if c.ok and when is not None and quantity is not None:
                self._level(part, fc_id, None, FutureReceipt(when, quantity))
        elif status in ("Available", "Unavailable"):
            if c.ok and quantity is not None:
                self._level(part, fc_id, quantity if status == "Available" else 0)
        elif status:
            c.fail("InventoryStatus", "must be Available, Backorderable or Unavailable")

    def _in_cycle(self, dn: str) -> bool:
        seen = {dn}
        parent = self.d.organizations[dn].parent_dn if dn in self.d.organizations else None
        while parent is not None and parent in self.d.organizations:
            if parent in seen:
                return True
            seen.add(parent)
            parent = self.d.organizations[parent].parent_dn
        return False

    def finish(self) -> None:
        """Check references to organizations, give new parts and organizations their ids."""
        for c, dn in [*self.parents, *self.members]:
            if dn not in self.d.organizations:
                column = "parentDN" if "parentDN" in c.row else "OrganizationDN"
                c.fail(column, "unknown organization", dn)
        for c, _ in self.parents:
            if self._in_cycle(c.get("distinguishedName")):
                c.fail("parentDN", "the organization would be its own ancestor")
        defaults = [key for key, pl in self.d.price_lists.items() if pl.org_dn is None]
        for key, c in self.unentitled.items():
            if len(defaults) > 1 and key != min(defaults):
                c.fail("UniqueID", "a second price list entitling no organization (add it to SimulatorContract)")
        allocate = next_id([e.catentry_id for e in self.d.catalog.values()], 10001)
        for part in sorted(self.new_parts):
            if not self.d.catalog[part].catentry_id:
                self.d.catalog[part] = replace(self.d.catalog[part], catentry_id=allocate())
        allocate = next_id([o.org_id for o in self.d.organizations.values()], 7001)
        for dn in sorted(self.new_orgs):
            if not self.d.organizations[dn].org_id:
                self.d.organizations[dn] = replace(self.d.organizations[dn], org_id=allocate())
