"""Outbox records of the OMS port (PreprocessSalesOrder, ProcessPaymentAction) rendered as BODs."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from lxml import etree

from simulator.bod import oms
from simulator.domain.outbox import PushKind, PushRecord
from simulator.push.render import area_for

OMS_KINDS: Final = frozenset({PushKind.PREPROCESS_SALES_ORDER, PushKind.PROCESS_PAYMENT_ACTION})


def render_oms(record: PushRecord, now: datetime) -> etree._Element:
    """The BOD of an OMS push."""
    payload: dict[str, Any] = json.loads(record.payload)
    area = area_for(record, payload, now)
    if record.kind is PushKind.PREPROCESS_SALES_ORDER:
        return oms.build_preprocess_sales_order(area, sales_order(payload))
    return oms.build_process_payment_action(area, (payment_action(payload),))


def sales_order(payload: dict[str, Any]) -> oms.SalesOrder:
    """The SalesOrder noun of PreprocessSalesOrder, with the back office's current unit prices."""
    currency = payload["currency"]
    return oms.SalesOrder(
        order_id=payload["document_id"],
        customer_id=payload["customer_id"],
        store_id=payload["store_id"],
        currency=currency,
        lines=tuple(
            oms.SalesLine(
                line_number=line["line_number"], part_number=line["part_number"],
                quantity=Decimal(line["quantity"]), uom=line["uom"], currency=currency,
                unit_price=Decimal(line["unit_price"]),
            )
            for line in payload["lines"]
        ),
    )


def payment_action(payload: dict[str, Any]) -> oms.PaymentAction:
    """The PaymentAction noun of ProcessPaymentAction."""
    return oms.PaymentAction(
        action=payload["action"], amount=Decimal(payload["amount"]), currency=payload["currency"],
        order_id=payload["document_id"], store_id=payload["store_id"], reference=payload["reference"],
    )
