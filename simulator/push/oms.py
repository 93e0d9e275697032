"""Pushes with an answer to process: PreprocessSalesOrder's ShowSalesOrder and ProcessPaymentAction's
AcknowledgePaymentAction are read and applied to the order (one transaction each); other pushes pass through."""

from __future__ import annotations

import json
from typing import Protocol

from lxml import etree

from simulator.backend.inbound import InboundService, PaymentAnswer, PricedLine, PricedOrder
from simulator.bod import oms
from simulator.bod.errors import BodError
from simulator.domain.inbound import Adjustment
from simulator.domain.outbox import PushKind, PushRecord
from simulator.push.oms_render import OMS_KINDS
from simulator.push.sender import Exchange


class Exchanging(Protocol):
    """A sender that hands back the answer (simulator.push.sender.Sender)."""

    def deliver(self, record: PushRecord) -> str | None: ...

    def exchange(self, record: PushRecord) -> Exchange: ...


class AnsweredDelivery:
    """The dispatcher's Delivery: OMS pushes are exchanged and their answers applied; the rest is delivered."""

    def __init__(self, sender: Exchanging, inbound: InboundService) -> None:
        self._sender = sender
        self._inbound = inbound

    def deliver(self, record: PushRecord) -> str | None:
        """None when the push was answered and the answer applied; else why not (the outbox retries)."""
        if record.kind not in OMS_KINDS:
            return self._sender.deliver(record)
        order_id = str(json.loads(record.payload)["order_id"])
        exchange = self._sender.exchange(record)
        if record.kind is PushKind.PREPROCESS_SALES_ORDER:
            return self._preprocessed(order_id, exchange)
        return self._paid(order_id, exchange)

    def _preprocessed(self, order_id: str, exchange: Exchange) -> str | None:
        error = exchange.error
        priced = None
        if error is None:
            try:
                priced = priced_order(_expect(exchange.answer, oms.SHOW_SALES_ORDER))
            except BodError as exc:
                error = f"unreadable ShowSalesOrder: {exc.message}"
        if priced is None:
            self._inbound.pricing_failed(order_id, error or "no answer")
            return error or "no answer"
        self._inbound.priced(order_id, priced)
        return None

    def _paid(self, order_id: str, exchange: Exchange) -> str | None:
        if exchange.error is not None:
            return exchange.error
        try:
            answers = payment_answers(_expect(exchange.answer, oms.ACKNOWLEDGE_PAYMENT_ACTION))
        except BodError as exc:
            return f"unreadable AcknowledgePaymentAction: {exc.message}"
        self._inbound.payment_answered(order_id, answers)
        return None


def _expect(answer: etree._Element | None, tag: str) -> etree._Element:
    if answer is None or answer.tag != tag:
        found = "nothing" if answer is None else etree.QName(str(answer.tag)).localname
        raise BodError(f"expected {etree.QName(tag).localname}, got {found}")
    return answer


def priced_order(bod: etree._Element) -> PricedOrder:
    """ShowSalesOrder's unit prices and charges (header charges are order level)."""
    order = oms.parse_sales_order(bod)
    adjustments = [Adjustment(c.code, c.amount, c.description) for c in order.charges]
    lines = []
    for line in order.lines:
        if line.unit_price is None:
            raise BodError(f"SalesOrderLine {line.line_number} has no UnitPrice")
        lines.append(PricedLine(line.line_number, line.unit_price))
        adjustments.extend(Adjustment(c.code, c.amount, c.description, line.line_number) for c in line.charges)
    return PricedOrder(tuple(lines), tuple(adjustments), order.total)


def payment_answers(bod: etree._Element) -> list[PaymentAnswer]:
    """AcknowledgePaymentAction's verdicts: Status Success, anything else is a decline."""
    return [
        PaymentAnswer(action.reference, (action.status or "") == oms.PAYMENT_SUCCESS, action.response_code,
                      action.message)
        for action in oms.parse_payment_actions(bod)
    ]
