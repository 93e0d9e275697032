"""Commerce's OMS port for the reference receiver: prices a PreprocessSalesOrder with the buyer's contract prices
(ShowSalesOrder) and approves, deposits or reverses payments (AcknowledgePaymentAction), with knobs for faults and
declines."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal

from lxml import etree

from simulator.bod import oms
from simulator.bod.application_area import new_area


@dataclass
class OmsPort:
    """What Commerce answers on its OMS port, and what it received.

    `contract_prices[customer][part]` is a buyer's contract price, `list_prices[part]` the price without a
    contract; a part in neither keeps the unit price the back office sent. `adjustments` are order-level charges
    added to every priced order (code, amount).
    """

    contract_prices: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    list_prices: dict[str, Decimal] = field(default_factory=dict)
    adjustments: list[tuple[str, Decimal]] = field(default_factory=list)
    preprocessed: list[oms.SalesOrder] = field(default_factory=list)
    payments: list[oms.PaymentAction] = field(default_factory=list)
    _faults: int = 0
    _declines: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fault_next_preprocess(self, count: int) -> None:
        """Answer the next `count` PreprocessSalesOrder requests with a SOAP Fault."""
        with self._lock:
            self._faults = count

    def decline_next_payments(self, count: int) -> None:
        """Decline the next `count` payment actions (Status Failed)."""
        with self._lock:
            self._declines = count

    def answer(self, bod: etree._Element) -> tuple[str, str | None, str, etree._Element | None]:
        """(kind, BODID, actionCode, answer); the answer is None when a Fault is due."""
        request = oms.parse_oms_request(bod)
        area = new_area(str(uuid.uuid4()), datetime.now(UTC))
        if request.sales_order is not None:
            with self._lock:
                fault = self._faults > 0
                self._faults = max(0, self._faults - 1)
                if not fault:
                    self.preprocessed.append(request.sales_order)
            if fault:
                return request.kind, request.area.bod_id, request.action, None
            priced = self.price(request.sales_order)
            return request.kind, request.area.bod_id, request.action, oms.build_show_sales_order(
                area, request.area, priced
            )
        verdicts = tuple(self._verdict(action) for action in request.payments)
        answer = oms.build_acknowledge_payment_action(area, request.area, verdicts)
        return request.kind, request.area.bod_id, request.action, answer

    def price(self, order: oms.SalesOrder) -> oms.SalesOrder:
        """The order with each line at the buyer's contract price (else the list price, else as sent)."""
        contract = self.contract_prices.get(order.customer_id, {})
        lines = []
        for line in order.lines:
            unit = contract.get(line.part_number, self.list_prices.get(line.part_number, line.unit_price))
            unit = Decimal(0) if unit is None else unit
            lines.append(replace(line, currency=line.currency or order.currency, unit_price=unit,
                                 extended_amount=unit * line.quantity))
        charges = tuple(oms.SalesCharge(code, amount) for code, amount in self.adjustments)
        total = sum((line.extended_amount or Decimal(0) for line in lines), Decimal(0))
        total += sum((charge.amount for charge in charges), Decimal(0))
        return replace(order, lines=tuple(lines), charges=charges, total=total)

    def _verdict(self, action: oms.PaymentAction) -> oms.PaymentAction:
        with self._lock:
            declined = self._declines > 0
            self._declines = max(0, self._declines - 1)
            answered = replace(
                action,
                status=oms.PAYMENT_FAILED if declined else oms.PAYMENT_SUCCESS,
                response_code="DECLINED" if declined else "0",
                message="the payment was declined" if declined else None,
            )
            self.payments.append(answered)
        return answered

    def settled(self, order_id: str, action: str) -> Decimal:
        """The amount of successful payment actions of one kind for an order."""
        with self._lock:
            return sum(
                (p.amount for p in self.payments
                 if p.order_id == order_id and p.action == action and p.status == oms.PAYMENT_SUCCESS),
                Decimal(0),
            )
