"""Payment processing as lifecycle steps, inside the order's transaction: approve at receipt, deposit at shipment,
reverse on cancellation, each a ProcessPaymentAction in the outbox; an order whose payment is on hold waits."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Final

from simulator.backend import pushes
from simulator.backend.ports import Session
from simulator.domain import status
from simulator.domain.inbound import (
    APPROVE,
    APPROVE_AND_DEPOSIT,
    DEPOSIT,
    REVERSE_APPROVED,
    Payment,
    PaymentStep,
)
from simulator.domain.model import Order, OrderLine
from simulator.domain.outbox import PushKind, PushRecord

PAYMENT_PREFIX: Final = "order.payment:"
PRICING_PREFIX: Final = "order.pricing:"
"""An order sent to Commerce for preprocessing keeps its pricing state under this key (backend.inbound)."""


def load(session: Session, external_order_id: str) -> Payment:
    """The payment of an order (empty when none was requested)."""
    stored = session.get_meta(PAYMENT_PREFIX + external_order_id)
    return Payment.from_json(json.loads(stored)) if stored else Payment()


def save(session: Session, external_order_id: str, payment: Payment) -> None:
    """Keep the payment of an order."""
    session.set_meta(PAYMENT_PREFIX + external_order_id, json.dumps(payment.to_json(), sort_keys=True))


def on_hold(session: Session, external_order_id: str) -> bool:
    """Whether a declined payment holds the order."""
    stored = session.get_meta(PAYMENT_PREFIX + external_order_id)
    return bool(stored) and load(session, external_order_id).hold is not None


def line_total(line: OrderLine) -> Decimal:
    """What the buyer pays for a line: price, shipping and taxes."""
    return line.price + line.shipping + line.sales_tax + line.shipping_tax


def request(session: Session, order: Order, action: str, amount: Decimal, at: datetime) -> PushRecord:
    """Write one ProcessPaymentAction to the outbox and note the step on the order's payment."""
    payment = load(session, order.external_order_id)
    reference = f"{order.external_order_id}-P{len(payment.steps) + 1}"
    save(session, order.external_order_id, payment.requested(action, amount, reference, at))
    return enqueue(session, order, PaymentStep(action, amount, reference, at))


def enqueue(session: Session, order: Order, step: PaymentStep) -> PushRecord:
    """The push of one payment step."""
    payload = {
        "order_id": order.external_order_id,
        "document_id": order.commerce_order_id or order.external_order_id,
        "store_id": order.store_id,
        "currency": order.amounts.currency,
        "action": step.action,
        "amount": format(step.amount, "f"),
        "reference": step.reference,
    }
    return pushes.enqueue(session, PushKind.PROCESS_PAYMENT_ACTION, pushes.order_key(order), payload, step.requested)


def order_received(session: Session, order: Order, at: datetime) -> None:
    """Approve the order's total when it is received; an order Commerce is pricing is approved once priced."""
    if session.get_meta(PRICING_PREFIX + order.external_order_id) is None:
        request(session, order, APPROVE, order.amounts.grand_total, at)


def order_moved(session: Session, before: Order | None, after: Order, at: datetime) -> None:
    """Deposit what was shipped, reverse the approval of what was cancelled."""
    previous = {} if before is None else {line.line_id: line.status for line in before.lines}
    shipped = _newly(after.lines, previous, status.ORDER_SHIPPED)
    cancelled = _newly(after.lines, previous, status.ORDER_CANCELLED)
    asked = any(step.action in (APPROVE, APPROVE_AND_DEPOSIT) for step in load(session, after.external_order_id).steps)
    if shipped:
        action = DEPOSIT if asked else APPROVE_AND_DEPOSIT  # shipped before Commerce priced it: both at once
        request(session, after, action, sum((line_total(line) for line in shipped), Decimal(0)), at)
    if cancelled and asked:
        request(session, after, REVERSE_APPROVED, sum((line_total(line) for line in cancelled), Decimal(0)), at)


def _newly(lines: Iterable[OrderLine], previous: dict[str, str], target: str) -> list[OrderLine]:
    return [line for line in lines if line.status == target and previous.get(line.line_id) != target]
