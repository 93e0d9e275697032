"""Quote use cases: submit (idempotent per Commerce quote id), list and get."""

from __future__ import annotations

from datetime import datetime, timedelta

from simulator.backend.commands import QuoteDraft
from simulator.backend.context import Deps, resolve_buyer, resolve_online_store
from simulator.backend.ids import external_quote_id
from simulator.backend.orders import CalculatedOrder, calculate_in
from simulator.backend.ports import OrderFilter, Page
from simulator.domain import status
from simulator.domain.errors import InvalidRequest, UnknownQuote
from simulator.domain.model import Buyer, Channel, OrderLine, Quote

DEFAULT_QUOTE_VALIDITY = timedelta(days=30)
MAX_PAGE = 500


class QuoteService:
    """Quotes, each call one transaction."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def submit(self, draft: QuoteDraft) -> tuple[Quote, bool]:
        """Accept a quote request; returns the quote and whether this call created it."""
        now = self._deps.clock.now()
        with self._deps.store.write() as session:
            resolve_online_store(session, draft.order.store_id)
            existing = session.find_quote_by_commerce_id(draft.order.store_id, draft.commerce_quote_id)
            if existing is not None:
                return existing, False
            buyer = resolve_buyer(session, draft.order.buyer)
            calculated = calculate_in(session, self._deps.charges, draft.order, buyer)
            number = external_quote_id(session.next_value("quote"))
            quote = _new_quote(number, draft, buyer, calculated, now)
            session.put_quote(quote)
            return self._deps.hooks.quote_submitted(session, quote, now), True

    def get(self, external_quote_id: str) -> Quote:
        """One quote by the back office's quote id."""
        with self._deps.store.read() as session:
            quote = session.get_quote(external_quote_id)
            if quote is None:
                raise UnknownQuote(f"unknown quote {external_quote_id}")
            return quote

    def find(self, criteria: OrderFilter, offset: int = 0, limit: int = 50) -> Page[Quote]:
        """Quotes matching the criteria, newest first, whatever channel created them."""
        if limit <= 0:
            raise InvalidRequest(f"page size {limit} must be positive")
        with self._deps.store.read() as session:
            return session.list_quotes(criteria, max(offset, 0), min(limit, MAX_PAGE))


def _new_quote(number: str, draft: QuoteDraft, buyer: Buyer, calculated: CalculatedOrder, now: datetime) -> Quote:
    lines = tuple(
        OrderLine(
            line_id=f"{number}-{index}",
            part_number=line.part_number,
            quantity=line.quantity,
            unit_price=line.unit_price,
            shipping=line.shipping,
            sales_tax=line.sales_tax,
            shipping_tax=line.shipping_tax,
            status=status.QUOTE_SUBMITTED,
            uom=line.uom,
            commerce_item_id=line.order_item_id,
        )
        for index, line in enumerate(calculated.lines, start=1)
    )
    expiration = draft.expiration or now + DEFAULT_QUOTE_VALIDITY
    if expiration <= now:
        raise InvalidRequest(f"quote {draft.commerce_quote_id} expires at {expiration.isoformat()}, in the past")
    return Quote(
        external_quote_id=number,
        store_id=draft.order.store_id,
        channel=Channel.WEB,
        buyer_logon_id=buyer.logon_id,
        buyer_dn=buyer.dn,
        org_dn=buyer.org_dn,
        lines=lines,
        amounts=calculated.amounts,
        status=status.QUOTE_SUBMITTED,
        placed=draft.order.placed or now,
        last_update=now,
        expiration=expiration,
        commerce_quote_id=draft.commerce_quote_id,
        commerce_order_id=draft.order.commerce_order_id,
    )
