"""Commerce's OMS port as use cases: orders placed or changed in another channel are sent for preprocessing, and
Commerce's answers (prices, adjustments, payment verdicts) are applied to the order, each in one transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from simulator.backend import payments, pushes
from simulator.backend.commands import BuyerRef, DraftLine, OrderDraft, PartRef
from simulator.backend.context import Deps, resolve_buyer, resolve_online_store, resolve_part
from simulator.backend.ids import external_order_id
from simulator.backend.lifecycle import LifecycleHooks
from simulator.backend.orders import _consume_stock, _new_order, calculate_in
from simulator.backend.payments import PRICING_PREFIX
from simulator.backend.ports import Session
from simulator.backend.pushes import PushPolicy
from simulator.domain import status
from simulator.domain.errors import Conflict, InvalidRequest, UnknownOrder
from simulator.domain.inbound import APPROVE, Adjustment, Payment, Pricing, PricingStatus, pricing_failed
from simulator.domain.lifecycle import header_status
from simulator.domain.model import Channel, Order, OrderAmounts, OrderLine
from simulator.domain.outbox import PushKind, PushRecord
from simulator.domain.pricing import LineCharges, charge_line, money, total

CHANGEABLE: Final = (status.ORDER_RECEIVED, status.ORDER_BACKORDERED)
"""Lines a change may touch: not yet released to the warehouse."""
MAX_LINES: Final = 200


@dataclass(frozen=True, slots=True)
class ChannelLine:
    """A line of an order placed in another channel."""

    part_number: str
    quantity: int


@dataclass(frozen=True, slots=True)
class LineChange:
    """A change to an order's lines: a new quantity for `line_id`, or a new line for `part_number`."""

    quantity: int
    line_id: str | None = None
    part_number: str | None = None


@dataclass(frozen=True, slots=True)
class PricedLine:
    """Commerce's unit price of one line (by its line number: the order item id)."""

    line_number: str
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class PricedOrder:
    """ShowSalesOrder as the back office reads it."""

    lines: tuple[PricedLine, ...]
    adjustments: tuple[Adjustment, ...] = ()
    total: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PaymentAnswer:
    """Commerce's verdict on one payment step."""

    reference: str
    success: bool
    response_code: str | None = None
    message: str | None = None


@dataclass(frozen=True, slots=True)
class InboundState:
    """An order's pricing and payment as Commerce last answered them."""

    pricing: Pricing | None
    payment: Payment

    def to_json(self) -> dict[str, Any]:
        """JSON form, flagged when the last preprocessing failed."""
        return {
            "pricing": None if self.pricing is None else self.pricing.to_json(),
            "flagged": self.pricing is not None and self.pricing.status is PricingStatus.FLAGGED,
            "payment": self.payment.to_json(),
        }


def load_pricing(session: Session, external_order_id: str) -> Pricing | None:
    """The preprocessing state of an order, None when it was never sent."""
    stored = session.get_meta(PRICING_PREFIX + external_order_id)
    return Pricing.from_json(json.loads(stored)) if stored else None


def save_pricing(session: Session, external_order_id: str, pricing: Pricing) -> None:
    """Keep the preprocessing state of an order."""
    session.set_meta(PRICING_PREFIX + external_order_id, json.dumps(pricing.to_json(), sort_keys=True))


def line_number(line: OrderLine) -> str:
    """The SalesOrderLine LineNumber of a line: Commerce's order item id, else the back office's line id."""
    return line.commerce_item_id or line.line_id


def enqueue_preprocess(session: Session, order: Order, at: datetime) -> PushRecord:
    """PreprocessSalesOrder of an order; its pricing becomes pending."""
    payload = {
        "order_id": order.external_order_id,
        "document_id": order.commerce_order_id or order.external_order_id,
        "customer_id": order.buyer_logon_id,
        "store_id": order.store_id,
        "currency": order.amounts.currency,
        "lines": [
            {"line_number": line_number(line), "part_number": line.part_number, "quantity": line.quantity,
             "uom": line.uom, "unit_price": format(line.unit_price, "f")}
            for line in order.lines if line.status != status.ORDER_CANCELLED
        ],
    }
    previous = load_pricing(session, order.external_order_id)
    save_pricing(session, order.external_order_id, Pricing(
        PricingStatus.PENDING, at, adjustments=() if previous is None else previous.adjustments,
    ))
    return pushes.enqueue(session, PushKind.PREPROCESS_SALES_ORDER, pushes.order_key(order), payload, at)


class InboundService:
    """Orders of other channels and Commerce's answers on its OMS port."""

    def __init__(self, deps: Deps, policy: PushPolicy) -> None:
        self._deps = deps
        self.policy = policy

    # orders from other channels

    def place(self, store_id: str, buyer: str, channel: Channel, lines: Sequence[ChannelLine]) -> Order:
        """An order placed by phone, fax, EDI...: stock taken, lifecycle started, sent for preprocessing."""
        _check_lines(len(lines), [line.quantity for line in lines])
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            shop = resolve_online_store(session, store_id)
            found = resolve_buyer(session, BuyerRef(logon_id=buyer))
            number = external_order_id(session.next_value("order"))
            draft = OrderDraft(number, store_id, BuyerRef(logon_id=found.logon_id), shop.currency, tuple(
                DraftLine(f"{number}-{i}", PartRef(part_number=line.part_number), line.quantity)
                for i, line in enumerate(lines, start=1)
            ))
            calculated = calculate_in(session, self._deps.charges, draft, found)
            order = _new_order(number, draft, found, calculated, _consume_stock(session, draft, now), channel, now)
            order = replace(order, commerce_order_id=None, lines=tuple(
                replace(line, commerce_item_id=None) for line in order.lines
            ))
            session.put_order(order)
            if self.policy.enabled:
                enqueue_preprocess(session, order, now)
            return self._deps.hooks.order_placed(session, order, now)

    def change_lines(self, external_order_id: str, changes: Sequence[LineChange]) -> Order:
        """New quantities for lines not yet released, or new lines; the order is sent for preprocessing again."""
        _check_lines(len(changes), [change.quantity for change in changes], allow_zero=True)
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            order = _order(session, external_order_id)
            lines = list(order.lines)
            for change in changes:
                lines = self._changed(session, order, lines, change)
            amounts = _amounts([line for line in lines if line.status != status.ORDER_CANCELLED], order.amounts)
            updated = replace(order, lines=tuple(lines), amounts=amounts, status=header_status(lines), last_update=now)
            self._engine_changed(session, updated, now)
            if self.policy.enabled:
                enqueue_preprocess(session, updated, now)
            return updated

    def _changed(self, session: Session, order: Order, lines: list[OrderLine], change: LineChange) -> list[OrderLine]:
        if change.line_id is not None:
            index = next((i for i, line in enumerate(lines) if change.line_id in (line.line_id, line.commerce_item_id)),
                         None)
            if index is None:
                raise InvalidRequest(f"order {order.external_order_id} has no line {change.line_id}")
            line = lines[index]
            if line.status not in CHANGEABLE:
                raise Conflict(f"line {line.line_id} is {line.status}: only lines not yet released can change")
            target = status.ORDER_CANCELLED if change.quantity == 0 else line.status
            lines[index] = self._priced(replace(line, quantity=change.quantity or line.quantity, status=target),
                                        line.unit_price)
            return lines
        if change.part_number is None or change.quantity == 0:
            raise InvalidRequest("a new line needs a part_number and a quantity of 1 or more")
        entry = resolve_part(session, PartRef(part_number=change.part_number))
        line_id = f"{order.external_order_id}-{len(lines) + 1}"
        new = OrderLine(line_id, entry.part_number, change.quantity, entry.list_price, Decimal(0), Decimal(0),
                        Decimal(0), status.ORDER_RECEIVED, entry.uom)
        return [*lines, self._priced(new, entry.list_price)]

    def _priced(self, line: OrderLine, unit_price: Decimal) -> OrderLine:
        charge = charge_line(self._deps.charges, unit_price, line.quantity)
        return replace(line, unit_price=unit_price, shipping=charge.shipping, sales_tax=charge.sales_tax,
                       shipping_tax=charge.shipping_tax)

    def _engine_changed(self, session: Session, order: Order, now: datetime) -> None:
        hooks = self._deps.hooks
        if isinstance(hooks, LifecycleHooks):
            engine = hooks.engine(session)
            engine.order_changed(session, order, now)
            engine.progress_order(session, order, now)
        else:
            session.put_order(order)

    # what Commerce answered

    def state(self, external_order_id: str) -> InboundState:
        """An order's pricing and payment."""
        with self._deps.store.read() as session:
            _order(session, external_order_id)
            return InboundState(load_pricing(session, external_order_id), payments.load(session, external_order_id))

    def priced(self, external_order_id: str, answer: PricedOrder) -> Order | None:
        """Store Commerce's prices and adjustments on the order (None when the order is gone)."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            order = session.get_order(external_order_id)
            if order is None:
                return None
            prices = {line.line_number: line.unit_price for line in answer.lines}
            lines = tuple(
                self._priced(line, prices[line_number(line)]) if line_number(line) in prices else line
                for line in order.lines
            )
            live = [line for line in lines if line.status != status.ORDER_CANCELLED]
            adjustment = money(sum((a.amount for a in answer.adjustments), Decimal(0)))
            amounts = replace(_amounts(live, order.amounts), adjustment=adjustment)
            updated = replace(order, lines=lines, amounts=amounts)
            session.put_order(updated)
            unpaid = not payments.load(session, external_order_id).steps and updated.status != status.ORDER_CANCELLED
            if self.policy.payments and unpaid:
                payments.request(session, updated, APPROVE, amounts.grand_total, now)
            pricing = load_pricing(session, external_order_id) or Pricing(PricingStatus.PENDING, now)
            save_pricing(session, external_order_id, replace(
                pricing, status=PricingStatus.PRICED, error=None, priced=now, total=answer.total,
                adjustments=answer.adjustments,
            ))
            return updated

    def pricing_failed(self, external_order_id: str, error: str) -> None:
        """Flag the order: its last preprocessing failed (the outbox retries it)."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            pricing = load_pricing(session, external_order_id) or Pricing(PricingStatus.PENDING, now)
            save_pricing(session, external_order_id, pricing_failed(pricing, error))

    def payment_answered(self, external_order_id: str, answers: Sequence[PaymentAnswer]) -> Payment:
        """Apply Commerce's verdicts: amounts on success; a decline holds the order, an approval lets it go on."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            payment = payments.load(session, external_order_id)
            for answer in answers:
                payment = payment.answered(answer.reference, answer.success, answer.response_code, answer.message)
            payments.save(session, external_order_id, payment)
            order = session.get_order(external_order_id)
            hooks = self._deps.hooks
            if order is not None and payment.hold is None and isinstance(hooks, LifecycleHooks):
                hooks.engine(session).progress_order(session, order, now)  # re-arms a timer a hold cleared
            return payment

    def retry_payment(self, external_order_id: str) -> InboundState:
        """Send the declined payment steps again; the order's lifecycle goes on once Commerce approves."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            order = _order(session, external_order_id)
            payment = payments.load(session, external_order_id)
            if payment.hold is None:
                raise Conflict(f"the payment of order {external_order_id} is not on hold")
            released, again = payment.released()
            payments.save(session, external_order_id, released)
            for step in again:
                payments.request(session, order, step.action, step.amount, now)
            return InboundState(load_pricing(session, external_order_id), payments.load(session, external_order_id))


def _order(session: Session, external_order_id: str) -> Order:
    order = session.get_order(external_order_id)
    if order is None:
        raise UnknownOrder(f"unknown order {external_order_id}")
    return order


def _amounts(lines: Sequence[OrderLine], before: OrderAmounts) -> OrderAmounts:
    charges = [LineCharges(line.unit_price, line.quantity, line.shipping, line.sales_tax, line.shipping_tax)
               for line in lines]
    return replace(total(charges, before.currency), adjustment=before.adjustment)


def _check_lines(count: int, quantities: Sequence[int], allow_zero: bool = False) -> None:
    if not 0 < count <= MAX_LINES:
        raise InvalidRequest(f"an order needs between 1 and {MAX_LINES} lines, not {count}")
    lowest = 0 if allow_zero else 1
    if any(quantity < lowest for quantity in quantities):
        raise InvalidRequest(f"quantities must be {lowest} or more")
