"""What a SOAP request is about, read once from its bytes: operation, action code, parts, organizations, stores."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from lxml import etree

from simulator.bod import xmlsafe
from simulator.bod.dispatch import OperationKey, identify
from simulator.bod.envelope import Credentials, SoapVersion, Unwrapped, credentials, unwrap
from simulator.bod.errors import BodError

_PART_IN_EXPRESSION: Final = re.compile(r"PartNumber\s*=\s*'([^']*)'")
_SERVICES: Final = {
    "GetInventoryAvailability": "InventoryServices",
    "ReserveInventory": "InventoryServices",
    "CancelInventoryReservation": "InventoryServices",
    "CheckInventory": "InventoryServices",
    "GetProductAvailability": "InventoryServices",
    "CheckOrderInventory": "InventoryServices",
    "ReserveOrderInventory": "InventoryServices",
    "CancelOrderInventory": "InventoryServices",
    "GetPriceList": "PriceServices",
    "CreateOrganization": "MemberServices",
    "UpdateOrganization": "MemberServices",
}
_LOCAL: Final = "local-name()"


@dataclass(frozen=True, slots=True)
class Facts:
    """A request as fault rules, the journal and the credential check see it."""

    tenant: str
    path: str
    service: str = ""
    operation: str = ""
    action_code: str = ""
    bod_id: str | None = None
    commerce_order_id: str | None = None
    part_numbers: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    stores: tuple[str, ...] = ()
    version: SoapVersion = SoapVersion.SOAP11
    token: Credentials | None = None
    bod: etree._Element | None = None

    @property
    def store_id(self) -> str | None:
        """The first store named."""
        return self.stores[0] if self.stores else None


def read_facts(body: bytes, path: str, tenant: str, content_type: str, max_bytes: int) -> Facts:
    """The facts of a request; a request the gateway will refuse gives facts with an empty operation."""
    version = SoapVersion.SOAP12 if "application/soap+xml" in content_type.lower() else SoapVersion.SOAP11
    base = Facts(tenant, path, service=_path_service(path), version=version)
    try:
        unwrapped = unwrap(xmlsafe.parse(body, max_bytes))
    except (BodError, ValueError):
        return base
    try:
        key: OperationKey | None = identify(unwrapped.bod)
    except BodError:
        key = None
    return _facts(base, unwrapped, key)


def _facts(base: Facts, unwrapped: Unwrapped, key: OperationKey | None) -> Facts:
    bod = unwrapped.bod
    operation = str(key.operation) if key else ""
    version = unwrapped.version if unwrapped.version is not SoapVersion.NONE else base.version
    return Facts(
        tenant=base.tenant,
        path=base.path,
        service=_SERVICES.get(operation, "OrderServices" if operation else "") or base.service,
        operation=operation,
        action_code=key.code if key else "",
        bod_id=_first(_texts(bod, "BODID")),
        commerce_order_id=_order_id(bod),
        part_numbers=_parts(bod),
        organizations=_organizations(bod),
        stores=_stores(bod),
        version=version,
        token=credentials(unwrapped.header),
        bod=bod,
    )


def _texts(element: etree._Element, local: str) -> list[str]:
    found = element.xpath(f".//*[{_LOCAL}=$name]", name=local)
    assert isinstance(found, list)
    return [str(e.text).strip() for e in found if isinstance(e, etree._Element) and e.text and e.text.strip()]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _order_id(bod: etree._Element) -> str | None:
    found = bod.xpath(f".//*[{_LOCAL}='OrderIdentifier' or {_LOCAL}='QuoteIdentifier']/*[{_LOCAL}='UniqueID']")
    assert isinstance(found, list)
    ids = [str(e.text).strip() for e in found if isinstance(e, etree._Element) and e.text and e.text.strip()]
    return _first(ids) or _first(_texts(bod, "OrderID"))


def _parts(bod: etree._Element) -> tuple[str, ...]:
    parts = _texts(bod, "PartNumber")
    for expression in _texts(bod, "Expression") + _texts(bod, "ActionExpression"):
        parts.extend(_PART_IN_EXPRESSION.findall(expression))
    return tuple(dict.fromkeys(parts))


def _organizations(bod: etree._Element) -> tuple[str, ...]:
    found = bod.xpath(f".//*[{_LOCAL}='OrganizationIdentifier']/*[{_LOCAL}='DistinguishedName']")
    assert isinstance(found, list)
    orgs = [str(e.text).strip() for e in found if isinstance(e, etree._Element) and e.text]
    users = _context(bod, "forUser") + [dn for dn in _texts(bod, "DistinguishedName") if dn.lower().startswith("uid=")]
    orgs.extend(dn.split(",", 1)[1].strip() for dn in users if "," in dn)
    return tuple(dict.fromkeys(o for o in orgs if o))


def _stores(bod: etree._Element) -> tuple[str, ...]:
    stores = _context(bod, "storeId") + _context(bod, "storeIdentifier")
    found = bod.xpath(f".//*[{_LOCAL}='StoreIdentifier']/*[{_LOCAL}='UniqueID']")
    assert isinstance(found, list)
    stores.extend(str(e.text).strip() for e in found if isinstance(e, etree._Element) and e.text)
    stores.extend(_texts(bod, "StoreUniqueID"))
    return tuple(dict.fromkeys(s for s in stores if s))


def _context(bod: etree._Element, name: str) -> list[str]:
    found = bod.xpath(f".//*[{_LOCAL}='ContextData'][@name=$name]", name=name)
    assert isinstance(found, list)
    return [str(e.text).strip() for e in found if isinstance(e, etree._Element) and e.text and e.text.strip()]


def _path_service(path: str) -> str:
    return path.removeprefix("/services").strip("/").split("/")[0]
