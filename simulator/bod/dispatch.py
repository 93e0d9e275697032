"""Name the operation a BOD asks for from its root QName and its action code or access profile."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from lxml import etree

from simulator.bod._xml import text
from simulator.bod.errors import UnsupportedOperation
from simulator.bod.expression import access_profile
from simulator.bod.genb import namespaces as genb
from simulator.bod.namespaces import INV, ORD, PRC, local_name, qname
from simulator.bod.verbs import action_code, get_expression


class Operation(StrEnum):
    """The operations of the gen-C minimal faithful set."""

    GET_INVENTORY_AVAILABILITY = "GetInventoryAvailability"
    RESERVE_INVENTORY = "ReserveInventory"
    CANCEL_INVENTORY_RESERVATION = "CancelInventoryReservation"
    CHECK_INVENTORY = "CheckInventory"
    GET_PRICE_LIST = "GetPriceList"
    CALCULATE_ORDER = "CalculateOrder"
    TRANSFER_ORDER = "TransferOrder"
    GET_ORDER_SUMMARY = "GetOrderSummary"
    GET_ORDER_DETAILS = "GetOrderDetails"
    SUBMIT_QUOTE = "SubmitQuote"
    GET_QUOTE_SUMMARY = "GetQuoteSummary"
    GET_QUOTE_DETAILS = "GetQuoteDetails"
    # gen B ("WebSphere Commerce integration"), non-/9/ namespaces
    GET_PRODUCT_AVAILABILITY = "GetProductAvailability"
    CHECK_ORDER_INVENTORY = "CheckOrderInventory"
    RESERVE_ORDER_INVENTORY = "ReserveOrderInventory"
    CANCEL_ORDER_INVENTORY = "CancelOrderInventory"
    GENB_TRANSFER_ORDER = "GenB.TransferOrder"
    GENB_GET_ORDER = "GenB.GetOrder"
    CREATE_ORGANIZATION = "CreateOrganization"
    UPDATE_ORGANIZATION = "UpdateOrganization"


@dataclass(frozen=True, slots=True)
class OperationKey:
    """The operation, the BOD root local name and the action code or access profile that chose it."""

    operation: Operation
    root: str
    code: str
    expression: str | None = None  # the Get expression, for a Get BOD (its access profile chose the operation)


_SUMMARY = ("IBM_Summary", "IBM_External_Summary")
_DETAILS = ("IBM_External_Details", "IBM_Details")

_GET: dict[str, dict[str, Operation]] = {
    qname(INV, "GetInventoryAvailability"): {"IBM_Store_Details": Operation.GET_INVENTORY_AVAILABILITY},
    qname(PRC, "GetPriceList"): {"IBM_Store_PriceEntry_DetailProfile": Operation.GET_PRICE_LIST},
    qname(ORD, "GetOrder"): {
        **dict.fromkeys(_SUMMARY, Operation.GET_ORDER_SUMMARY),
        **dict.fromkeys(_DETAILS, Operation.GET_ORDER_DETAILS),
    },
    qname(ORD, "GetQuote"): {
        **dict.fromkeys(_SUMMARY, Operation.GET_QUOTE_SUMMARY),
        **dict.fromkeys(_DETAILS, Operation.GET_QUOTE_DETAILS),
    },
}
_PROCESS: dict[str, dict[str, Operation]] = {
    qname(INV, "ProcessInventoryRequirement"): {
        "ReserveInventory": Operation.RESERVE_INVENTORY,
        "CancelInventoryReservation": Operation.CANCEL_INVENTORY_RESERVATION,
        "CheckInventory": Operation.CHECK_INVENTORY,
    },
    qname(ORD, "ProcessOrder"): {
        "CalculateOrder": Operation.CALCULATE_ORDER,
        "TransferOrder": Operation.TRANSFER_ORDER,
        "Transfer": Operation.TRANSFER_ORDER,
    },
    qname(ORD, "ProcessQuote"): {"SubmitQuote": Operation.SUBMIT_QUOTE},
}
# Gen B: the Get roots carry a bare-noun expression (or none: GetOrder), so the root alone names the operation.
_GENB_GET: dict[str, Operation] = {
    qname(genb.INV, "GetProductAvailability"): Operation.GET_PRODUCT_AVAILABILITY,
    qname(genb.ORD, "GetOrder"): Operation.GENB_GET_ORDER,
}
_GENB_ACTION: dict[str, tuple[str, dict[str, Operation]]] = {
    qname(genb.INV, "ProcessOrderInventory"): (
        "Process",
        {
            "Check": Operation.CHECK_ORDER_INVENTORY,
            "Reserve": Operation.RESERVE_ORDER_INVENTORY,
            "Cancel": Operation.CANCEL_ORDER_INVENTORY,
        },
    ),
    qname(genb.ORD, "ProcessOrder"): (
        "Process",
        {"Transfer": Operation.GENB_TRANSFER_ORDER, "TransferOrder": Operation.GENB_TRANSFER_ORDER},
    ),
    qname(genb.MBR, "SyncOrganization"): (
        "Sync",
        {
            **dict.fromkeys(("Create", "Add"), Operation.CREATE_ORGANIZATION),
            **dict.fromkeys(("Update", "Change"), Operation.UPDATE_ORGANIZATION),
        },
    ),
}
ROOTS = frozenset(_GET) | frozenset(_PROCESS) | frozenset(_GENB_GET) | frozenset(_GENB_ACTION)


def identify(bod: etree._Element) -> OperationKey:
    """Name the operation of a BOD root; raise UnsupportedOperation when it names none we serve."""
    tag = str(bod.tag)
    if tag in _GET:
        return get_operation(tag, get_expression(bod))
    if tag in _PROCESS:
        return _chosen(tag, action_code(bod))
    if tag in _GENB_GET:
        return OperationKey(_GENB_GET[tag], local_name(tag), "")
    if tag in _GENB_ACTION:
        return _chosen(tag, action_code(bod, _GENB_ACTION[tag][0]))
    raise UnsupportedOperation(f"no operation for root element {tag}")


def get_operation(tag: str, expression: str) -> OperationKey:
    """The operation a Get root names with the access profile of its expression (UnsupportedOperation if none)."""
    chosen = _chosen(tag, access_profile(expression) or "")
    return OperationKey(chosen.operation, chosen.root, chosen.code, expression)


@lru_cache(maxsize=256)
def _chosen(tag: str, code: str) -> OperationKey:
    """The operation a root's action code or access profile names (cached: a few pairs recur on every call)."""
    if tag in _GET:
        return _choose(_GET[tag], code, local_name(tag), "access profile")
    table = _PROCESS[tag] if tag in _PROCESS else _GENB_ACTION[tag][1]
    return _choose(table, code, local_name(tag), "action code")


def _choose(table: dict[str, Operation], code: str, root: str, what: str) -> OperationKey:
    operation = table.get(code)
    if operation is None:
        raise UnsupportedOperation(f"{root} {what} {code!r} is not supported")
    return OperationKey(operation, root, code)


def describe(bod: etree._Element) -> str:
    """A short label for logs: root local name plus BODID."""
    area = bod.find("{*}ApplicationArea")
    return f"{etree.QName(str(bod.tag)).localname} {text(area, 'BODID') or '-'}"
