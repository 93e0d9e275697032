"""The Data Load CSV layouts the simulator reads and writes: keyword, exact column headers, export file name."""

from __future__ import annotations

from dataclasses import dataclass

_CALC = tuple(
    f"{kind}CalculationCode{suffix}"
    for kind in ("Discount", "Shipping", "SalesTax", "ShippingTax", "Coupon", "Surcharge", "ShippingAdjustment")
    for suffix in ("", "UniqueId")
)
_SEO = ("TradingId", "CalFlags", "URLKeyword", "PageTitle", "MetaDescription", "ImageAltText", "Delete")
_ANGLES = tuple(f"Angle{n}_{image}" for n in range(1, 6) for image in ("FullImage", "Thumbnail"))
_PRICE_TAIL = ("Precedence", "StartDate", "EndDate", "QuantityUnit", "MinimumQuantity", "MaximumQuantity",
               "Description", "Language", "LanguageId", "Delete")  # fmt: skip


def _prices(stem: str) -> tuple[str, ...]:
    return (stem, "CurrencyCode", *(c for n in range(2, 6) for c in (f"{stem}{n}", f"CurrencyCode{n}")))


@dataclass(frozen=True, slots=True)
class Layout:
    """One kind of Data Load file: the keyword of its two-line header and its known columns."""

    kind: str
    columns: tuple[str, ...]
    export_columns: tuple[str, ...]
    file_name: str
    headerless: bool = False


CATALOG_ENTRY = Layout(
    "CatalogEntry",
    (
        "CatalogEntryUniqueId", "PartNumber", "ParentCatalogEntryUniqueId", "ParentPartNumber", "ParentGroupUniqueId",
        "ParentGroupIdentifier", "ParentStoreUniqueId", "ParentStoreIdentifier", "Type", "CurrencyCode", "ListPrice",
        "Sequence", "Language", "LanguageId", "Name", "ShortDescription", "LongDescription", "Thumbnail",
        "AuxDescription1", "FullImage", "AuxDescription2", "Available", "Published", "AvailabilityDate_LocaleSpecific",
        "Keyword", "ManufacturerPartNumber", "Manufacturer", "OnSpecial", "Buyable", "StartDate", "EndDate",
        "OnAuction", "SUBSCPTYPE_ID", "DISALLOW_REC_ORDER", "URL", "Field1", "Field2", "Field3", "Field4", "Field5",
        "AvailabilityDate", "LastOrderDate", "EndOfServiceDate", "DiscontinueDate", "WeightMeasure", "Weight",
        "Length", "Width", "Height", "SizeMeasure", "NominalQuantity", "QuantityMultiple", "QuantityMeasure",
        "ParentToChildCatEntryRelField1", "ParentToChildCatEntryRelField2", "ParentToChildCatEntryRelField3",
        *_CALC, *_SEO, *_ANGLES, "Price", "Price2", "Price3", "Price4", "Price5", "CurrencyCode2", "CurrencyCode3",
        "CurrencyCode4", "CurrencyCode5", "Precedence", "QuantityUnit", "MinimumQuantity", "MaximumQuantity",
        "Description", "ListPrice2", "ListPrice3", "ListPrice4", "ListPrice5",
    ),
    ("CatalogEntryUniqueId", "PartNumber", "ParentStoreIdentifier", "Type", "CurrencyCode", "ListPrice", "Language",
     "LanguageId", "Name", "Published", "Buyable", "QuantityMeasure", "Delete"),
    "CatalogEntry.csv",
)  # fmt: skip
CATALOG_ENTRY_DESCRIPTION = Layout(
    "CatalogEntryDescription",
    (
        "CatalogEntryUniqueId", "PartNumber", "Language", "LanguageId", "Name", "ShortDescription", "LongDescription",
        "Thumbnail", "AuxDescription1", "FullImage", "AuxDescription2", "Available", "Published", "AvailabilityDate",
        "Keyword", "URLKeyword", "PageTitle", "MetaDescription", "ImageAltText", "Delete",
    ),
    ("CatalogEntryUniqueId", "PartNumber", "LanguageId", "Name", "ShortDescription", "Published", "Delete"),
    "CatalogEntryDescription.csv",
)  # fmt: skip
CATALOG_ENTRY_OFFER_PRICE = Layout(
    "CatalogEntryOfferPrice",
    ("CatalogEntryUniqueId", "PartNumber", *_prices("Price"), *_PRICE_TAIL),
    ("CatalogEntryUniqueId", "PartNumber", "Price", "CurrencyCode", "Precedence", "StartDate", "EndDate",
     "MinimumQuantity", "Delete"),
    "CatalogEntryOfferPrice.csv",
)  # fmt: skip
CATALOG_ENTRY_LIST_PRICE = Layout(
    "CatalogEntryListPrice",
    ("CatalogEntryUniqueId", "PartNumber", *_prices("ListPrice"), *_PRICE_TAIL),
    ("CatalogEntryUniqueId", "PartNumber", "ListPrice", "CurrencyCode", "Delete"),
    "CatalogEntryListPrice.csv",
)  # fmt: skip
_CURRENCIES = ("USD", "BRL", "CAD", "CNY", "EUR", "JPY", "KRW", "TWD")
OFFER = Layout(
    "Offer",
    ("PriceListUniqueId", "PriceListName", "CatentryUniqueId", "CatentryPartNumber", "Identifier", "Precedence",
     "StartDate", "EndDate", "LastUpdate", "QuantityUnitIdentifier", "MinimumQuantity", "MaximumQuantity",
     "Description", *(f"PriceIn{c}" for c in _CURRENCIES), "Field1", "Field2", "Delete"),
    ("PriceListUniqueId", "PriceListName", "CatentryUniqueId", "CatentryPartNumber", "MinimumQuantity",
     *(f"PriceIn{c}" for c in _CURRENCIES), "Delete"),
    "Offer.csv",
)  # fmt: skip
PRICE_LIST = Layout(
    "PriceList",
    ("UniqueID", "Name", "Description", "Precedence", "Type", "Delete"),
    ("UniqueID", "Name", "Description", "Precedence", "Type", "Delete"),
    "PriceList.csv",
)
INVENTORY = Layout(
    "CatalogEntryInventory",
    ("CatalogEntryUniqueId", "PartNumber", "FulfillmentCenterId", "FulfillmentCenterName", "Quantity",
     "QuantityMeasure", "Delete", "INVQuantityMeasure", "INVQuantityMultiple", "TrackingInventory", "BackOrderable",
     "ReleaseSeparately", "Creditable", "ForceBackorder", "ReturnNotDesired", "MinQTYForSplit", "PickingMethod",
     "Discontinued"),
    ("CatalogEntryUniqueId", "PartNumber", "FulfillmentCenterId", "FulfillmentCenterName", "Quantity",
     "QuantityMeasure", "Delete"),
    "CatalogEntryInventory.csv",
)  # fmt: skip
ESITE_INVENTORY = Layout(
    "CatalogEntryInventoryESite",
    ("CurrentStoreIdentifier", "PartNumber", "CatEntryStoreIdentifier", "FulfillmentCenterId",
     "FulfillmentCenterName", "Quantity", "QuantityUnit", "Delete"),
    (),
    "CatalogEntryInventoryESite.csv",
)  # fmt: skip
DOM_INVENTORY = Layout(
    "InventoryCache",
    ("PartNumber", "OnlineStoreUniqueID", "PhysicalStoreIdentifier", "InventoryStatus", "AvailableQuantity",
     "AvailableQuantityUOM", "AvailabilityTime", "AvailabilityOffset", "LastUpdate", "ContextStoreId", "Delete"),
    ("PartNumber", "OnlineStoreUniqueID", "PhysicalStoreIdentifier", "InventoryStatus", "AvailableQuantity",
     "AvailableQuantityUOM", "AvailabilityTime", "AvailabilityOffset", "LastUpdate", "ContextStoreId", "Delete"),
    "InventoryCache.csv",
    headerless=True,
)  # fmt: skip
ORGANIZATION = Layout(
    "Organization",
    ("organizationId", "distinguishedName", "orgEntityName", "orgEntityType", "parentDN", "businessCategory",
     "description", "Delete"),
    ("organizationId", "distinguishedName", "orgEntityName", "orgEntityType", "parentDN", "businessCategory",
     "description", "Delete"),
    "Organization.csv",
)  # fmt: skip
PERSON = Layout(
    "Person",
    ("logonId", "personTitle", "lastName", "firstName", "middleName", "displayName", "address1", "address2",
     "address3", "city", "state", "country", "zipCode", "phone1", "bestCallingTime", "email1", "distinguishedName",
     "parentDN", "Delete"),
    ("logonId", "lastName", "firstName", "displayName", "email1", "distinguishedName", "parentDN", "Delete"),
    "Person.csv",
)  # fmt: skip
STORE = Layout(
    "SimulatorLocation",
    ("Kind", "UniqueId", "Identifier", "Name", "CurrencyCode", "FulfillmentCenterId"),
    ("Kind", "UniqueId", "Identifier", "Name", "CurrencyCode", "FulfillmentCenterId"),
    "SimulatorLocation.csv",
)
CONTRACT = Layout(
    "SimulatorContract",
    ("PriceListUniqueId", "ContractId", "CurrencyCode", "OrganizationDN"),
    ("PriceListUniqueId", "ContractId", "CurrencyCode", "OrganizationDN"),
    "SimulatorContract.csv",
)

LAYOUTS: tuple[Layout, ...] = (
    STORE, CATALOG_ENTRY, CATALOG_ENTRY_DESCRIPTION, CATALOG_ENTRY_LIST_PRICE, ORGANIZATION, PERSON, PRICE_LIST,
    CONTRACT, CATALOG_ENTRY_OFFER_PRICE, OFFER, INVENTORY, ESITE_INVENTORY, DOM_INVENTORY,
)  # fmt: skip
"""In load order: what a row refers to is loaded before it."""
BY_KIND = {layout.kind: layout for layout in LAYOUTS}
ALIASES = {"CatalogEntryListPriceList": CATALOG_ENTRY_LIST_PRICE, "CatalogEntryInventoryCache": DOM_INVENTORY}
