"""What a SOAP request is about, read once from its bytes: operation, action code, parts, organizations, stores."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from lxml import etree

from simulator.bod import xmlsafe
from simulator.bod.dispatch import OperationKey, identify
from simulator.bod.envelope import Credentials, SoapVersion, Unwrapped, credentials, unwrap
from simulator.bod.errors import BodError
from simulator.bod.messages import ApplicationArea
from simulator.bod.parsed import area_or_none

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


@dataclass(slots=True)
class Facts:
    """A request as fault rules, the journal and the credential check see it.

    Not frozen, like the other records built on every SOAP call: a frozen dataclass of this size takes five times
    as long to construct. Nothing changes one after it is built.
    """

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
    unwrapped: Unwrapped | None = None
    key: OperationKey | None = None
    area: ApplicationArea | None = None

    def credentials(self) -> Credentials | None:
        """The WS-Security UsernameToken in the request's SOAP Header, if any (read only when asked for)."""
        return None if self.unwrapped is None else credentials(self.unwrapped.header)

    @property
    def bod(self) -> etree._Element | None:
        """The BOD of the request (None when it could not be read)."""
        return None if self.unwrapped is None else self.unwrapped.bod

    @property
    def store_id(self) -> str | None:
        """The first store named."""
        return self.stores[0] if self.stores else None


def read_facts(body: bytes, path: str, tenant: str, content_type: str, max_bytes: int) -> Facts:
    """The facts of a request; a request the gateway will refuse gives facts with an empty operation."""
    return facts_of(open_envelope(body, max_bytes), path, tenant, content_type)


def open_envelope(body: bytes, max_bytes: int) -> Unwrapped | None:
    """The BOD in a request body and its envelope, or None when the body cannot be read as one."""
    try:
        return unwrap(xmlsafe.parse(body, max_bytes))
    except (BodError, ValueError):
        return None


def facts_of(unwrapped: Unwrapped | None, path: str, tenant: str, content_type: str) -> Facts:
    """The facts of a request already opened with open_envelope (None: it could not be)."""
    version = SoapVersion.declared_by(content_type)
    if unwrapped is None:
        return Facts(tenant, path, service=_path_service(path), version=version)
    try:
        key: OperationKey | None = identify(unwrapped.bod)
    except BodError:
        key = None
    return _facts(tenant, path, version, unwrapped, key, area_or_none(unwrapped))


def lone_expression_facts(
    tenant: str, path: str, unwrapped: Unwrapped, key: OperationKey, area: ApplicationArea
) -> Facts:
    """The facts of a Get BOD whose DataArea holds only its verb and the one Expression `key` carries (see
    verbs.lone_get_expression): the same as walking it, read from the parsed area and the expression alone."""
    seen = _Seen()
    seen.area(area)
    if key.expression:
        seen.expression(key.expression)
    return _facts(tenant, path, unwrapped.version, unwrapped, key, area, seen)


def _facts(
    tenant: str,
    path: str,
    version: SoapVersion,
    unwrapped: Unwrapped,
    key: OperationKey | None,
    area: ApplicationArea | None,
    seen: _Seen | None = None,
) -> Facts:
    """The facts of an opened request; `seen`, when given, already holds what walking its BOD would find."""
    if seen is None:
        seen = _walked(unwrapped.bod, key, area)
    operation = str(key.operation) if key else ""
    return Facts(
        tenant=tenant,
        path=path,
        service=_SERVICES.get(operation, "OrderServices" if operation else "") or _path_service(path),
        operation=operation,
        action_code=key.code if key else "",
        bod_id=seen.bod_id,
        commerce_order_id=seen.order_id or seen.order_id_element,
        part_numbers=_distinct(seen.parts),
        organizations=_distinct(seen.organizations),
        stores=_distinct(seen.stores),
        version=unwrapped.version if unwrapped.version is not SoapVersion.NONE else version,
        unwrapped=unwrapped,
        key=key,
        area=area,
    )


def _walked(bod: etree._Element, key: OperationKey | None, area: ApplicationArea | None) -> _Seen:
    seen = _Seen()
    if area is None:
        seen.walk(bod)
        return seen
    seen.area(area)
    small = key is not None and key.expression is not None  # a Get: its DataArea is a verb and an expression
    for part in list(bod.iterchildren("{*}*"))[1:]:  # the first child is the ApplicationArea just read
        seen.walk(part, small)
    return seen


_INTERESTING = frozenset(
    {
        "PartNumber",
        "Expression",
        "ActionExpression",
        "BODID",
        "UniqueID",
        "OrderID",
        "DistinguishedName",
        "ContextData",
        "StoreUniqueID",
    }
)


_CONTEXT_NAMES = frozenset({"storeId", "storeIdentifier", "forUser"})
"""The ContextData names _Seen._context acts on (an area's other context entries are skipped unvisited)."""
_INTERESTING_TAGS = tuple(f"{{*}}{name}" for name in sorted(_INTERESTING))


class _Seen:
    """Everything the facts need, gathered in one pass over the BOD."""

    def __init__(self) -> None:
        self.bod_id: str | None = None
        self.order_id: str | None = None
        self.order_id_element: str | None = None
        self.parts: list[str] = []
        self.organizations: list[str] = []
        self.stores: list[str] = []

    def area(self, area: ApplicationArea) -> None:
        """What the ApplicationArea, already parsed, says: the BODID and the store and user of its context."""
        self.bod_id = area.bod_id
        for name, value in area.context_data:
            if value and name in _CONTEXT_NAMES:
                self._context(name, value)

    def walk(self, bod: etree._Element, small: bool = False) -> None:
        """Visit, in document order, only the elements whose local names matter.

        lxml filters them in C, but setting up its nine-name filter costs more than looking at every element of a
        small tree, so a small one is filtered here instead (the same elements, in the same order).
        """
        for element in bod.iter() if small else bod.iter(*_INTERESTING_TAGS):
            tag, text = element.tag, element.text
            if not text or text.isspace() or not isinstance(tag, str):
                continue
            local = _local_name(tag)
            if local in _INTERESTING:
                self._visit(element, local, text.strip())

    def _visit(self, element: etree._Element, local: str, value: str) -> None:
        if local == "ContextData":
            self._context(element.get("name"), value)
        elif local == "PartNumber":
            self.parts.append(value)
        elif local == "Expression" or local == "ActionExpression":
            self.expression(value)
        elif local == "BODID":
            self.bod_id = self.bod_id or value
        elif local == "OrderID":
            self.order_id_element = self.order_id_element or value
        elif local == "StoreUniqueID":
            self.stores.append(value)
        else:
            parent = element.getparent()
            self._by_parent("" if parent is None else _local_name(str(parent.tag)), local, value)

    def expression(self, value: str) -> None:
        """The part numbers an expression names."""
        if "PartNumber" in value:
            self.parts.extend(_PART_IN_EXPRESSION.findall(value))

    def _by_parent(self, parent_local: str, local: str, value: str) -> None:
        if local == "DistinguishedName":
            self._distinguished_name(parent_local, value)
        elif parent_local in ("OrderIdentifier", "QuoteIdentifier"):
            self.order_id = self.order_id or value
        elif parent_local == "StoreIdentifier":
            self.stores.append(value)

    def _distinguished_name(self, parent_local: str, value: str) -> None:
        if parent_local == "OrganizationIdentifier":
            self.organizations.append(value)
        elif value.lower().startswith("uid=") and "," in value:
            self.organizations.append(value.split(",", 1)[1].strip())

    def _context(self, name: str | None, value: str) -> None:
        if name == "storeId":
            self.stores.insert(0, value)
        elif name == "storeIdentifier":
            self.stores.append(value)
        elif name == "forUser" and "," in value:
            self.organizations.append(value.split(",", 1)[1].strip())


def _distinct(values: list[str]) -> tuple[str, ...]:
    """The values in first-seen order, each once."""
    return tuple(values) if len(values) < 2 else tuple(dict.fromkeys(values))


@lru_cache(maxsize=512)
def _local_name(tag: str) -> str:
    return str(tag).rpartition("}")[2]


def _path_service(path: str) -> str:
    return path.removeprefix("/services").strip("/").split("/")[0]
