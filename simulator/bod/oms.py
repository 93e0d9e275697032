"""Commerce's OMS port (protocol.md 5.5, 5.6): PreprocessSalesOrder -> ShowSalesOrder, ProcessPaymentAction ->
AcknowledgePaymentAction, built and parsed on both sides, and validated against our XSD subset (oms_bods.xsd)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Final

from lxml import etree

from simulator.bod._xml import find, findall, sub, sub_text, text
from simulator.bod.application_area import parse_application_area
from simulator.bod.errors import InvalidMessage
from simulator.bod.genb.common import build_area, build_response_verb
from simulator.bod.genb.namespaces import PREFIXES
from simulator.bod.messages import ApplicationArea
from simulator.bod.namespaces import OA, local_name, qname
from simulator.bod.verbs import action_code, build_process

WC: Final = "http://www.ibm.com/xmlns/prod/WebSphereCommerce"
OMS_SOAP_ACTION: Final = "http://www.ibm.com/xmlns/prod/WebSphereCommerce/WebSphereCommerce-OMS.wsdl"
PREPROCESS_SALES_ORDER: Final = qname(WC, "PreprocessSalesOrder")
SHOW_SALES_ORDER: Final = qname(OA, "ShowSalesOrder")
PROCESS_PAYMENT_ACTION: Final = qname(WC, "ProcessPaymentAction")
ACKNOWLEDGE_PAYMENT_ACTION: Final = qname(WC, "AcknowledgePaymentAction")
OMS_SCHEMA: Final = Path(__file__).parent / "schemas" / "oms_bods.xsd"
RELEASE_ID: Final = "9.1"
PAYMENT_SUCCESS: Final = "Success"
PAYMENT_FAILED: Final = "Failed"
PAYMENT_ACTIONS: Final = frozenset({
    "approve", "approveAndDeposit", "checkPaymentInstruction", "closePaymentInstruction", "createCredit",
    "createPayment", "createPaymentInstruction", "credit", "deletePaymentInstruction", "deposit", "editCredit",
    "editPayment", "editPaymentInstruction", "reverseApprovedPayment", "reverseCredit", "reverseDepositedPayment",
    "validatePaymentInstruction",
})


@dataclass(frozen=True, slots=True)
class SalesCharge:
    """A price adjustment Commerce computed (order level when on the header)."""

    code: str
    amount: Decimal
    description: str | None = None


@dataclass(frozen=True, slots=True)
class SalesLine:
    """One SalesOrderLine: LineNumber is the order item id; prices are Commerce's in an answer."""

    line_number: str
    part_number: str
    quantity: Decimal
    uom: str
    currency: str
    unit_price: Decimal | None = None
    extended_amount: Decimal | None = None
    charges: tuple[SalesCharge, ...] = ()


@dataclass(frozen=True, slots=True)
class SalesOrder:
    """The SalesOrder noun: DocumentID (order id), CustomerParty (buyer), SalesOrganizationIDs (store), lines."""

    order_id: str
    customer_id: str
    store_id: str
    currency: str
    lines: tuple[SalesLine, ...]
    total: Decimal | None = None
    charges: tuple[SalesCharge, ...] = ()


@dataclass(frozen=True, slots=True)
class PaymentAction:
    """One PaymentAction: what to do (Action) for how much; Status/ResponseCode/Message come back."""

    action: str
    amount: Decimal
    currency: str
    order_id: str
    store_id: str
    reference: str
    status: str | None = None
    response_code: str | None = None
    message: str | None = None
    reason_code: str | None = None


def _root(tag: str, area: ApplicationArea, data_namespace: str) -> tuple[etree._Element, etree._Element]:
    root = etree.Element(tag, nsmap={**PREFIXES, "wc": WC})
    root.set("releaseID", RELEASE_ID)
    build_area(root, area)
    return root, sub(root, qname(data_namespace, "DataArea"))


def _money(value: Decimal) -> str:
    return format(value, "f")


# -- order preprocessing ------------------------------------------------------------------------------------------


def build_preprocess_sales_order(area: ApplicationArea, order: SalesOrder) -> etree._Element:
    """PreprocessSalesOrder (wc:Preprocess, actionCode Preprocess, expression /SalesOrder)."""
    root, data = _root(PREPROCESS_SALES_ORDER, area, WC)
    build_process(data, "Preprocess", "/SalesOrder", verb="Preprocess", language="XPath")
    data[-1].tag = qname(WC, "Preprocess")
    _sales_order(data, order)
    return root


def build_show_sales_order(
    area: ApplicationArea, original: ApplicationArea | None, order: SalesOrder
) -> etree._Element:
    """ShowSalesOrder: the order as Commerce priced it."""
    root, data = _root(SHOW_SALES_ORDER, area, OA)
    build_response_verb(data, "Show", original)
    _sales_order(data, order)
    return root


def _sales_order(parent: etree._Element, order: SalesOrder) -> None:
    noun = sub(parent, qname(OA, "SalesOrder"))
    header = sub(noun, qname(OA, "SalesOrderHeader"))
    sub(sub(header, qname(OA, "DocumentID")), qname(OA, "ID"), order.order_id)
    if order.total is not None:
        sub(header, qname(OA, "TotalAmount"), _money(order.total), currencyID=order.currency)
    sub(sub(sub(header, qname(OA, "CustomerParty")), qname(OA, "PartyIDs")), qname(OA, "ID"), order.customer_id)
    sub(sub(header, qname(OA, "SalesOrganizationIDs")), qname(OA, "ID"), order.store_id)
    _charges(header, order.charges, order.currency)
    for line in order.lines:
        _sales_line(noun, line)


def _sales_line(noun: etree._Element, line: SalesLine) -> None:
    element = sub(noun, qname(OA, "SalesOrderLine"))
    sub(element, qname(OA, "LineNumber"), line.line_number)
    item = sub(element, qname(OA, "Item"))
    sub(sub(item, qname(OA, "SupplierItemID")), qname(OA, "ID"), line.part_number)
    sub(element, qname(OA, "Quantity"), _money(line.quantity), unitCode=line.uom)
    if line.unit_price is not None:
        price = sub(element, qname(OA, "UnitPrice"))
        sub(price, qname(OA, "Amount"), _money(line.unit_price), currencyID=line.currency)
        sub(price, qname(OA, "PerQuantity"), "1", unitCode=line.uom)
    if line.extended_amount is not None:
        sub(element, qname(OA, "ExtendedAmount"), _money(line.extended_amount), currencyID=line.currency)
    _charges(element, line.charges, line.currency)


def _charges(parent: etree._Element, charges: tuple[SalesCharge, ...], currency: str) -> None:
    for charge in charges:
        element = sub(parent, qname(OA, "Charge"))
        sub(element, qname(OA, "ID"), charge.code)
        sub(element, qname(OA, "Total"), _money(charge.amount), currencyID=currency)
        sub_text(element, qname(OA, "Description"), charge.description)


def parse_sales_order(bod: etree._Element) -> SalesOrder:
    """The SalesOrder of a PreprocessSalesOrder or ShowSalesOrder."""
    noun = find(bod, "DataArea/SalesOrder")
    if noun is None:
        raise InvalidMessage("the BOD has no SalesOrder", "DataArea/SalesOrder")
    header = find(noun, "SalesOrderHeader")
    order_id = text(header, "DocumentID/ID")
    if header is None or order_id is None:
        raise InvalidMessage("the SalesOrder has no DocumentID", "SalesOrderHeader/DocumentID/ID")
    lines = tuple(_parse_line(element) for element in findall(noun, "SalesOrderLine"))
    currency = next((line.currency for line in lines if line.currency), "")
    total = find(header, "TotalAmount")
    return SalesOrder(
        order_id=order_id,
        customer_id=text(header, "CustomerParty/PartyIDs/ID") or "",
        store_id=text(header, "SalesOrganizationIDs/ID") or "",
        currency=currency or ("" if total is None else total.get("currencyID", "")),
        lines=lines,
        total=None if total is None else _decimal(total, "TotalAmount"),
        charges=_parse_charges(header),
    )


def _parse_line(element: etree._Element) -> SalesLine:
    number = text(element, "LineNumber")
    part = text(element, "Item/SupplierItemID/ID")
    quantity = find(element, "Quantity")
    if number is None or part is None or quantity is None:
        raise InvalidMessage("a SalesOrderLine lacks LineNumber, SupplierItemID or Quantity", "SalesOrderLine")
    amount = find(element, "UnitPrice/Amount")
    extended = find(element, "ExtendedAmount")
    currency = next((e.get("currencyID") for e in (amount, extended) if e is not None and e.get("currencyID")), "")
    return SalesLine(
        line_number=number,
        part_number=part,
        quantity=_decimal(quantity, "Quantity"),
        uom=quantity.get("unitCode", "C62"),
        currency=currency or "",
        unit_price=None if amount is None else _decimal(amount, "UnitPrice/Amount"),
        extended_amount=None if extended is None else _decimal(extended, "ExtendedAmount"),
        charges=_parse_charges(element),
    )


def _parse_charges(parent: etree._Element | None) -> tuple[SalesCharge, ...]:
    if parent is None:
        return ()
    found = []
    for element in parent.findall(qname(OA, "Charge")):
        total = find(element, "Total")
        if total is None:
            raise InvalidMessage("a Charge has no Total", "Charge/Total")
        amount = _decimal(total, "Charge/Total")
        found.append(SalesCharge(text(element, "ID") or "", amount, text(element, "Description")))
    return tuple(found)


def _decimal(element: etree._Element, where: str) -> Decimal:
    try:
        return Decimal((element.text or "").strip())
    except ArithmeticError:
        raise InvalidMessage(f"not a number: {(element.text or '')[:40]!r}", where) from None


# -- payment processing -------------------------------------------------------------------------------------------


def build_process_payment_action(area: ApplicationArea, actions: tuple[PaymentAction, ...]) -> etree._Element:
    """ProcessPaymentAction (oa:Process, actionCode Process, expression /PaymentAction), one noun per action."""
    root, data = _root(PROCESS_PAYMENT_ACTION, area, WC)
    build_process(data, "Process", "/PaymentAction", language="XPath")
    for action in actions:
        _payment_action(data, action)
    return root


def build_acknowledge_payment_action(
    area: ApplicationArea, original: ApplicationArea | None, actions: tuple[PaymentAction, ...]
) -> etree._Element:
    """AcknowledgePaymentAction: each action with its Status, ResponseCode and Message."""
    root, data = _root(ACKNOWLEDGE_PAYMENT_ACTION, area, WC)
    build_response_verb(data, "Acknowledge", original)
    for action in actions:
        _payment_action(data, action)
    return root


def _payment_action(parent: etree._Element, action: PaymentAction) -> None:
    noun = sub(parent, qname(WC, "PaymentAction"))
    context = sub(noun, qname(WC, "PaymentContext"))
    sub(context, qname(WC, "StoreId"), action.store_id)
    sub(noun, qname(WC, "Action"), action.action)
    sub(noun, qname(WC, "Amount"), _money(action.amount))
    sub_text(noun, qname(WC, "Message"), action.message)
    sub_text(noun, qname(WC, "ReasonCode"), action.reason_code)
    sub(noun, qname(WC, "ReferenceNumber"), action.reference)
    sub_text(noun, qname(WC, "ResponseCode"), action.response_code)
    sub_text(noun, qname(WC, "Status"), action.status)
    instruction = sub(sub(noun, qname(WC, "PaymentEntity")), qname(WC, "PaymentInstruction"))
    sub(instruction, qname(WC, "Amount"), _money(action.amount))
    sub(instruction, qname(WC, "Currency"), action.currency)
    sub(instruction, qname(WC, "OrderId"), action.order_id)
    sub(instruction, qname(WC, "StoreId"), action.store_id)


def parse_payment_actions(bod: etree._Element) -> tuple[PaymentAction, ...]:
    """The PaymentActions of a ProcessPaymentAction or AcknowledgePaymentAction."""
    found = []
    for noun in findall(bod, "DataArea/PaymentAction"):
        action = text(noun, "Action")
        amount = find(noun, "Amount")
        if action not in PAYMENT_ACTIONS or amount is None:
            raise InvalidMessage(f"a PaymentAction needs a known Action and an Amount, not {action!r}", "PaymentAction")
        found.append(PaymentAction(
            action=action,
            amount=_decimal(amount, "PaymentAction/Amount"),
            currency=text(noun, "PaymentEntity/PaymentInstruction/Currency") or "",
            order_id=text(noun, "PaymentEntity/PaymentInstruction/OrderId") or "",
            store_id=text(noun, "PaymentContext/StoreId") or "",
            reference=text(noun, "ReferenceNumber") or "",
            status=text(noun, "Status"),
            response_code=text(noun, "ResponseCode"),
            message=text(noun, "Message"),
            reason_code=text(noun, "ReasonCode"),
        ))
    if not found:
        raise InvalidMessage("the BOD has no PaymentAction", "DataArea/PaymentAction")
    return tuple(found)


# -- both sides -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OmsRequest:
    """A request to the OMS port as Commerce reads it."""

    kind: str
    area: ApplicationArea
    action: str
    sales_order: SalesOrder | None = None
    payments: tuple[PaymentAction, ...] = ()


def parse_oms_request(bod: etree._Element) -> OmsRequest:
    """Parse PreprocessSalesOrder or ProcessPaymentAction by its root."""
    area = parse_application_area(bod)
    if bod.tag == PREPROCESS_SALES_ORDER:
        expression = find(bod, "DataArea/Preprocess/ActionCriteria/ActionExpression")
        code = "" if expression is None else expression.get("actionCode", "")
        return OmsRequest("PreprocessSalesOrder", area, code, parse_sales_order(bod))
    if bod.tag == PROCESS_PAYMENT_ACTION:
        return OmsRequest("ProcessPaymentAction", area, action_code(bod), payments=parse_payment_actions(bod))
    raise InvalidMessage(f"{local_name(str(bod.tag))} is not an OMS request", local_name(str(bod.tag)))


def is_oms_request(bod: etree._Element) -> bool:
    """Whether a BOD is one of the two OMS requests."""
    return bod.tag in (PREPROCESS_SALES_ORDER, PROCESS_PAYMENT_ACTION)


@lru_cache(maxsize=1)
def oms_schema() -> etree.XMLSchema:
    """Our XSD subset of the four OMS messages."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(OMS_SCHEMA), parser))


def validate_oms(bod: etree._Element) -> None:
    """Raise InvalidMessage when an OMS message does not validate against the subset."""
    schema = oms_schema()
    if not schema.validate(bod):
        error = schema.error_log.last_error
        message = error.message if error else "invalid"
        raise InvalidMessage(f"schema violation: {message}", error.path if error else None)
