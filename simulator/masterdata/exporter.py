"""Export the world as Commerce's Data Load input (CSV files and their load order) or as massload XML."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

from simulator.domain.model import Organization
from simulator.masterdata import layouts as L
from simulator.masterdata.draft import Draft, MasterSession, in_key_order, read_draft

LOAD_ORDER = "wc-dataload.xml"
MASSLOAD = "massload.xml"


def export_files(session: MasterSession, massload: bool = False) -> dict[str, bytes]:
    """File name -> bytes; the same world always gives the same bytes."""
    draft = read_draft(session)
    if massload:
        return {MASSLOAD: _massload(draft).encode()}
    files = {layout.file_name: _csv(layout, rows, two_lines=not layout.headerless)
             for layout, rows in _tables(draft)}  # fmt: skip
    files[LOAD_ORDER] = _load_order(list(files)).encode()
    return files


def _tables(d: Draft) -> list[tuple[L.Layout, list[dict[str, str]]]]:
    stores = [d.online_stores[k] for k in sorted(d.online_stores)]
    default = d.default_list()
    return [
        (L.STORE, [*({"Kind": "OnlineStore", "UniqueId": s.store_id, "Identifier": s.identifier,
                      "CurrencyCode": s.currency} for s in stores),
                   *({"Kind": "FulfillmentCenter", "UniqueId": c.fc_id, "Name": c.name}
                     for c in in_key_order(d.centers)),
                   *({"Kind": "PhysicalStore", "UniqueId": p.store_id, "Identifier": p.external_id, "Name": p.name,
                      "FulfillmentCenterId": p.fc_id} for p in in_key_order(d.physical_stores))]),
        (L.CATALOG_ENTRY, [{"CatalogEntryUniqueId": e.catentry_id, "PartNumber": e.part_number,
                            "ParentStoreIdentifier": stores[0].identifier if stores else "", "Type": "Item",
                            "CurrencyCode": e.currency, "ListPrice": str(e.list_price), "Language": "en_US",
                            "LanguageId": "-1", "Name": e.name, "Published": "1", "Buyable": "1",
                            "QuantityMeasure": e.uom} for e in in_key_order(d.catalog)]),
        (L.CATALOG_ENTRY_DESCRIPTION, [{"CatalogEntryUniqueId": e.catentry_id, "PartNumber": e.part_number,
                                        "LanguageId": "-1", "Name": e.name, "ShortDescription": e.name,
                                        "Published": "1"} for e in in_key_order(d.catalog)]),
        (L.CATALOG_ENTRY_LIST_PRICE, [{"CatalogEntryUniqueId": e.catentry_id, "PartNumber": e.part_number,
                                       "ListPrice": str(e.list_price), "CurrencyCode": e.currency}
                                      for e in in_key_order(d.catalog)]),
        (L.ORGANIZATION, [{"organizationId": o.org_id, "distinguishedName": o.dn, "orgEntityName": o.name,
                           "orgEntityType": o.org_type or "",
                           "parentDN": o.parent_dn or "", "businessCategory": o.business_category or "",
                           "description": o.description or ""} for o in _parents_first(d)]),
        (L.PERSON, [{"logonId": b.logon_id, "lastName": b.last_name, "firstName": b.first_name,
                     "displayName": f"{b.first_name} {b.last_name}", "email1": b.email,
                     "distinguishedName": b.dn, "parentDN": b.org_dn} for b in in_key_order(d.buyers)]),
        (L.PRICE_LIST, [{"UniqueID": p.price_list_id, "Name": p.name, "Description": p.name, "Precedence": "0",
                         "Type": "S" if p.org_dn is None else "C"} for p in in_key_order(d.price_lists)]),
        (L.CONTRACT, [{"PriceListUniqueId": p.price_list_id, "ContractId": p.contract_id,
                       "CurrencyCode": p.currency, "OrganizationDN": p.org_dn or ""}
                      for p in in_key_order(d.price_lists)]),
        (L.CATALOG_ENTRY_OFFER_PRICE, [] if default is None else [
            {"CatalogEntryUniqueId": d.catalog[part].catentry_id, "PartNumber": part, "Price": str(b.price),
             "CurrencyCode": default.currency, "Precedence": "0", "MinimumQuantity": str(b.min_quantity)}
            for part in sorted(default.prices) if part in d.catalog for b in default.prices[part]]),
        (L.OFFER, [{"PriceListUniqueId": p.price_list_id, "PriceListName": p.name,
                    "CatentryUniqueId": d.catalog[part].catentry_id, "CatentryPartNumber": part,
                    "MinimumQuantity": str(b.min_quantity), f"PriceIn{p.currency}": str(b.price)}
                   for p in in_key_order(d.price_lists) if p is not default
                   for part in sorted(p.prices) if part in d.catalog for b in p.prices[part]]),
        (L.INVENTORY, [{"CatalogEntryUniqueId": d.catalog[s.part_number].catentry_id, "PartNumber": s.part_number,
                        "FulfillmentCenterId": s.fc_id, "FulfillmentCenterName": d.centers[s.fc_id].name,
                        "Quantity": str(max(0, s.on_hand - s.safety_stock)), "QuantityMeasure": "C62"}
                       for s in in_key_order(d.stock) if s.part_number in d.catalog and s.fc_id in d.centers]),
        (L.DOM_INVENTORY, [{"PartNumber": s.part_number, "OnlineStoreUniqueID": stores[0].store_id if stores else "",
                            "PhysicalStoreIdentifier": s.fc_id, "InventoryStatus": "Backorderable",
                            "AvailableQuantity": str(r.quantity), "AvailableQuantityUOM": "C62",
                            "AvailabilityTime": r.date.isoformat(),
                            "ContextStoreId": stores[0].store_id if stores else ""}
                           for s in in_key_order(d.stock) for r in s.receipts]),
    ]  # fmt: skip


def _parents_first(d: Draft) -> list[Organization]:
    def depth(dn: str) -> int:
        parent = d.organizations[dn].parent_dn
        return 0 if parent is None or parent not in d.organizations or parent == dn else 1 + depth(parent)

    return [d.organizations[dn] for dn in sorted(d.organizations, key=lambda dn: (depth(dn), dn))]


def _csv(layout: L.Layout, rows: Iterable[dict[str, str]], two_lines: bool) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    if two_lines:
        writer.writerow([layout.kind])
        writer.writerow(layout.export_columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in layout.export_columns])
    return out.getvalue().encode("utf-8")


def _load_order(names: list[str]) -> str:
    """The Data Load load-order file naming every CSV in load sequence (simulator-only files are not loaded)."""
    items = []
    for sequence, layout in enumerate((x for x in L.LAYOUTS if x.file_name in names and x.kind not in
                                       (L.STORE.kind, L.CONTRACT.kind)), start=1):  # fmt: skip
        items.append(
            f'    <_config:LoadItem name="{layout.kind}" loadSequence="{sequence}"'
            f' businessObjectConfigFile="{_config_file(layout)}">\n'
            f'      <_config:DataSourceLocation location="{layout.file_name}" />\n'
            "    </_config:LoadItem>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<_config:DataLoadConfiguration xmlns:_config="http://www.ibm.com/xmlns/prod/commerce/foundation/config">\n'
        '  <_config:DataLoadEnvironment configFile="wc-dataload-env.xml" />\n'
        '  <_config:LoadOrder commitCount="100" batchSize="1" dataLoadMode="Replace">\n'
        '    <_config:property name="firstTwoLinesAreHeader" value="true" />\n'
        '    <_config:property name="charset" value="UTF-8" />\n'
        + "".join(items)
        + "  </_config:LoadOrder>\n</_config:DataLoadConfiguration>\n"
    )


_CONFIG = {
    "CatalogEntry": "wc-loader-catalog-entry.xml",
    "CatalogEntryDescription": "wc-loader-catalog-entry-description.xml",
    "CatalogEntryListPrice": "wc-loader-catalog-entry-listprice-list.xml",
    "CatalogEntryOfferPrice": "wc-loader-catalog-entry-offerprice.xml",
    "Offer": "wc-loader-offer.xml",
    "PriceList": "wc-loader-pricelist.xml",
    "CatalogEntryInventory": "wc-loader-catalog-entry-inventory.xml",
    "InventoryCache": "wc-loader-dom.xml",
    "Organization": "wc-loader-organization.xml",
    "Person": "wc-loader-person.xml",
}


def _config_file(layout: L.Layout) -> str:
    return _CONFIG.get(layout.kind, f"wc-loader-{layout.kind.lower()}.xml")


def _massload(d: Draft) -> str:
    """The older massload format: one element per table row, one attribute per column."""
    rows: list[str] = []

    def row(table: str, **columns: str) -> None:
        rows.append(f"  <{table} " + " ".join(f"{k}={quoteattr(v)}" for k, v in columns.items()) + " />\n")

    for o in _parents_first(d):
        row(
            "orgentity",
            orgentity_id=o.org_id,
            dn=o.dn,
            orgentityname=o.name,
            orgentitytype=o.org_type or ("OU" if o.parent_dn else "O"),
            parentdn=o.parent_dn or "",
        )
    for b in in_key_order(d.buyers):
        row(
            "users",
            logonid=b.logon_id,
            dn=b.dn,
            parentdn=b.org_dn,
            firstname=b.first_name,
            lastname=b.last_name,
            email1=b.email,
        )
    for c in in_key_order(d.centers):
        row("ffmcenter", ffmcenter_id=c.fc_id, name=c.name)
    for e in in_key_order(d.catalog):
        row(
            "catentry",
            catentry_id=e.catentry_id,
            partnumber=e.part_number,
            catenttype_id="ItemBean",
            buyable="1",
            published="1",
        )
        row("catentdesc", catentry_id=e.catentry_id, language_id="-1", name=e.name, published="1")
        row("listprice", catentry_id=e.catentry_id, currency=e.currency, listprice=str(e.list_price))
    for p in in_key_order(d.price_lists):
        row("tradeposcn", tradeposcn_id=p.price_list_id, name=p.name, type="S" if p.org_dn is None else "C")
        for part in sorted(p.prices):
            if part in d.catalog:
                for brk in p.prices[part]:
                    row(
                        "offer",
                        tradeposcn_id=p.price_list_id,
                        catentry_id=d.catalog[part].catentry_id,
                        minimumquantity=str(brk.min_quantity),
                        price=str(brk.price),
                        currency=p.currency,
                    )
    for s in in_key_order(d.stock):
        if s.part_number in d.catalog:
            row(
                "inventory",
                catentry_id=d.catalog[s.part_number].catentry_id,
                ffmcenter_id=s.fc_id,
                quantity=str(max(0, s.on_hand - s.safety_stock)),
                quantitymeasure="C62",
            )
    return '<?xml version="1.0" encoding="UTF-8"?>\n<import>\n' + "".join(rows) + "</import>\n"
