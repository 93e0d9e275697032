"""Gen-B BOD skeletons: root, ApplicationArea in the gen-B foundation namespace, response verbs, identifiers."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from simulator.bod import verbs
from simulator.bod._xml import find, sub, text
from simulator.bod.application_area import build_application_area
from simulator.bod.errors import InvalidMessage
from simulator.bod.genb.namespaces import PREFIXES, WCF
from simulator.bod.messages import ApplicationArea, BusinessError, RecordSet
from simulator.bod.namespaces import OA, namespace_of, qname

RELEASE_ID = "9.0"
XPATH_LANGUAGE = "XPath"


def new_bod(tag: str, area: ApplicationArea) -> tuple[etree._Element, etree._Element]:
    """A gen-B BOD root (every gen-B prefix declared) with its ApplicationArea and an empty DataArea."""
    root = etree.Element(tag, nsmap=PREFIXES)
    root.set("releaseID", RELEASE_ID)
    build_area(root, area)
    return root, sub(root, qname(namespace_of(tag), "DataArea"))


def build_area(parent: etree._Element, area: ApplicationArea, local: str = "ApplicationArea") -> etree._Element:
    """Append an ApplicationArea in the gen-B foundation namespace."""
    return build_application_area(parent, area, qname(OA, local), foundation=WCF, foundation_prefix="wcf")


def build_response_verb(
    data_area: etree._Element,
    verb: str,
    original: ApplicationArea | None,
    errors: Sequence[BusinessError] = (),
    record_set: RecordSet | None = None,
) -> etree._Element:
    """Append Show, Acknowledge or Confirm: the gen-C verb with the gen-B foundation namespace."""
    return verbs.build_response_verb(
        data_area, verb, original, errors, record_set, foundation=WCF, foundation_prefix="wcf"
    )


def numeric(value: str | None, element: str) -> str | None:
    """A gen-B id typed int or long: digits only, else InvalidMessage naming the element."""
    if value is None:
        return None
    if not value.isdigit() or len(value) > 19:
        raise InvalidMessage(f"not a numeric id: {value[:40]!r}", element)
    return value


def sub_numeric(parent: etree._Element, tag: str, value: str | None) -> None:
    """Append an int/long id only when the value is one (ids from other channels may not be)."""
    if value is not None and value.isdigit() and len(value) <= 18:
        sub(parent, tag, value)


def product_identifier(parent: etree._Element) -> tuple[str | None, str | None]:
    """(SKU, CatalogEntryID) of a wcf:ProductIdentifier child."""
    identifier = find(parent, "ProductIdentifier")
    sku = text(identifier, "SKU")
    catentry = numeric(text(identifier, "CatalogEntryID"), "ProductIdentifier/CatalogEntryID")
    if sku is None and catentry is None:
        raise InvalidMessage("a product needs ProductIdentifier/SKU or CatalogEntryID", "ProductIdentifier")
    return sku, catentry


def build_product_identifier(parent: etree._Element, sku: str, catentry_id: str | None) -> None:
    """Append wcf:ProductIdentifier{CatalogEntryID?, SKU}."""
    identifier = sub(parent, qname(WCF, "ProductIdentifier"))
    sub_numeric(identifier, qname(WCF, "CatalogEntryID"), catentry_id)
    sub(identifier, qname(WCF, "SKU"), sku)
