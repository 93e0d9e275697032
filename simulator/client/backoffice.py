"""BackOfficeClient: one method per outbound call, each BOD built the way WebSphere Commerce builds it.

Every method returns the parsed response DTO of simulator.bod. A SOAP Fault raises SoapFault. A business error
(ResponseCriteria/ChangeStatus) is returned in `result.header.errors`; pass `raise_business_errors=True` to the
client, or call `raise_for_errors(result)`, to get a BusinessFault exception instead.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TypeVar

from lxml import etree

from simulator.bod import availability, order, price, quote, reservation
from simulator.bod.dispatch import Operation
from simulator.bod.envelope import SoapVersion
from simulator.bod.errors import BodError
from simulator.bod.messages import (
    ApplicationArea,
    AvailabilityKey,
    AvailabilityQuery,
    AvailabilityResult,
    DocumentQuery,
    InventoryAction,
    ItemForm,
    LocationForm,
    OrderAcknowledgement,
    OrderAction,
    OrderDocument,
    OrderList,
    PriceKey,
    PriceListResult,
    PriceQuery,
    ProcessOrderRequest,
    QuoteAcknowledgement,
    QuoteDocument,
    QuoteList,
    ReservationRequest,
    ReservationResult,
    SubmitQuoteRequest,
)
from simulator.client.errors import HasHeader, ProtocolError, SoapFault, raise_for_errors
from simulator.client.model import (
    Buyer,
    Line,
    Order,
    Quote,
    Store,
    commerce_quantity,
    order_document,
    quote_document,
    requirement,
)
from simulator.client.soap import UsernameToken, envelope, response_bod
from simulator.client.transport import HttpResponse, HttpTransport, Transport

INVENTORY_SERVICES = "/services/InventoryServices"
PRICE_SERVICES = "/services/PriceServices"
ORDER_SERVICES = "/services/OrderServices"
SUMMARY = "IBM_External_Summary"
DETAILS = "IBM_External_Details"
DEFAULT_STATUSES = ("M", "C")
R = TypeVar("R", bound=HasHeader)
PriceItem = str | tuple[str, int | Decimal] | PriceKey
AvailabilityItem = str | AvailabilityKey


@dataclass(frozen=True, slots=True)
class Exchange:
    """One outbound call as it went over the wire; `bod` is the response BOD (None for a Fault)."""

    operation: str
    url: str
    request: bytes
    response: HttpResponse
    bod: etree._Element | None


class BackOfficeClient:
    """Commerce's outbound calls to the back office (gen C: DOM and Order & Quote Capture)."""

    def __init__(
        self,
        base_url: str,
        *,
        store_id: str,
        store_name: str,
        timeout: float = 30,
        username: str | None = None,
        password: str | None = None,
        transport: Transport | None = None,
        soap_version: SoapVersion = SoapVersion.SOAP11,
        lang_id: str = "-1",
        catalog_id: str | None = None,
        currency: str = "USD",
        locale: str = "en_US",
        raise_business_errors: bool = False,
        on_exchange: Callable[[Exchange], None] | None = None,
        clock: Callable[[], datetime] | None = None,
        bod_ids: Callable[[], str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.store = Store(store_id, store_name)
        self.timeout = timeout
        self.token = UsernameToken(username, password) if username is not None else None
        self.soap_version = soap_version
        self.currency = currency
        self.raise_business_errors = raise_business_errors
        self.on_exchange = on_exchange
        self.calls: Counter[str] = Counter()
        self._context = _context(store_id, lang_id, catalog_id, currency, locale)
        self._transport = transport or HttpTransport()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._bod_ids = bod_ids or (lambda: str(uuid.uuid4()))
        self._lock = threading.Lock()

    # -- inventory -------------------------------------------------------------------------------------------

    def online(self, item: str, by: ItemForm = ItemForm.PART_NUMBER) -> AvailabilityKey:
        """A key for the online store: by part number + store name, or by catalog entry id + store id."""
        if by is ItemForm.PART_NUMBER:
            return AvailabilityKey(item, by, self.store.name, LocationForm.ONLINE_NAME)
        return AvailabilityKey(item, by, self.store.store_id, LocationForm.ONLINE_UNIQUE_ID)

    @staticmethod
    def physical(item: str, store: str, by: ItemForm = ItemForm.PART_NUMBER) -> AvailabilityKey:
        """A key for a physical store: its ExternalIdentifier (with a part number) or UniqueID (with a catentry id)."""
        form = LocationForm.PHYSICAL_EXTERNAL if by is ItemForm.PART_NUMBER else LocationForm.PHYSICAL_UNIQUE_ID
        return AvailabilityKey(item, by, store, form)

    def get_inventory_availability(
        self, items: Iterable[AvailabilityItem], *, by: ItemForm = ItemForm.PART_NUMBER,
        physical_stores: Sequence[str] = (),
    ) -> AvailabilityResult:
        """GetInventoryAvailability (IBM_Store_Details): one record per (item, location) asked about.

        A plain string item is asked about at the online store and at each of `physical_stores` (the "or
        physical store" expression shape), identified `by` part number (store name, physical store external id)
        or by catalog entry UniqueID (store UniqueID, physical store UniqueID).
        """
        keys: list[AvailabilityKey] = []
        for item in items:
            if isinstance(item, AvailabilityKey):
                keys.append(item)
                continue
            keys.append(self.online(item, by))
            keys.extend(self.physical(item, store, by) for store in physical_stores)
        query = AvailabilityQuery(self._area(), tuple(keys))
        bod = availability.build_get_inventory_availability_request(query)
        return self._call(Operation.GET_INVENTORY_AVAILABILITY, INVENTORY_SERVICES, bod,
                          availability.parse_show_inventory_availability_response)

    def reserve_inventory(
        self, order_id: str, items: Sequence[Line], *, allow_partial: bool = False, buyer: Buyer | None = None
    ) -> ReservationResult:
        """ProcessInventoryRequirement ReserveInventory (IBM_AllowPartialReservation Y/N); a repeat replaces."""
        return self._inventory(InventoryAction.RESERVE, order_id, items, allow_partial, buyer)

    def cancel_inventory_reservation(
        self, order_id: str, items: Sequence[Line] = (), *, buyer: Buyer | None = None
    ) -> ReservationResult:
        """ProcessInventoryRequirement CancelInventoryReservation: release the order's reservation."""
        return self._inventory(InventoryAction.CANCEL, order_id, items, None, buyer)

    def check_inventory(
        self, order_id: str, items: Sequence[Line], *, buyer: Buyer | None = None
    ) -> ReservationResult:
        """ProcessInventoryRequirement CheckInventory: what a reservation would hold now, holding nothing."""
        return self._inventory(InventoryAction.CHECK, order_id, items, None, buyer)

    def _inventory(self, action: InventoryAction, order_id: str, items: Sequence[Line], partial: bool | None,
                   buyer: Buyer | None) -> ReservationResult:
        area = self._area()
        document = requirement(order_id, items, buyer, self.store, self._clock(), partial)
        bod = reservation.build_process_inventory_requirement_request(ReservationRequest(area, action, document))
        return self._call(Operation(action.value), INVENTORY_SERVICES, bod,
                          reservation.parse_acknowledge_inventory_requirement_response)

    # -- price -----------------------------------------------------------------------------------------------

    def get_price_list(self, buyer_dn: str, items: Iterable[PriceItem], *, currency: str | None = None,
                       ) -> PriceListResult:
        """GetPriceList (IBM_Store_PriceEntry_DetailProfile) for a shopper: items as part, (part, qty) or PriceKey."""
        keys = tuple(self._price_key(item, currency or self.currency) for item in items)
        context = (("storeIdentifier", self.store.name), ("forUser", buyer_dn), ("storeId", self.store.store_id))
        query = PriceQuery(self._area(context), keys)
        return self._call(Operation.GET_PRICE_LIST, PRICE_SERVICES, price.build_get_price_list_request(query),
                          price.parse_show_price_list_response)

    @staticmethod
    def _price_key(item: PriceItem, currency: str) -> PriceKey:
        if isinstance(item, PriceKey):
            return item
        part, quantity = (item, Decimal(1)) if isinstance(item, str) else (item[0], Decimal(item[1]))
        return PriceKey(part, currency, commerce_quantity(quantity), "C62")

    # -- orders ----------------------------------------------------------------------------------------------

    def calculate_order(self, order_in: Order | OrderDocument) -> OrderAcknowledgement:
        """ProcessOrder CalculateOrder: the back office's totals and per-item amounts."""
        return self._process_order(OrderAction.CALCULATE, order_in)

    def transfer_order(self, order_in: Order | OrderDocument, action: str = "TransferOrder") -> OrderAcknowledgement:
        """ProcessOrder TransferOrder (OQC) or Transfer (DOM): the back office's ExternalOrderID."""
        code = OrderAction(action)
        if not code.is_transfer:
            raise ValueError(f"{action!r} is not a transfer action code (TransferOrder or Transfer)")
        return self._process_order(code, order_in)

    def _process_order(self, action: OrderAction, order_in: Order | OrderDocument) -> OrderAcknowledgement:
        request = ProcessOrderRequest(self._area(), action, self._document(order_in))
        operation = Operation.CALCULATE_ORDER if action is OrderAction.CALCULATE else Operation.TRANSFER_ORDER
        return self._call(operation, ORDER_SERVICES, order.build_process_order_request(request),
                          order.parse_acknowledge_order_response)

    def get_orders(self, buyer_dn: str, statuses: Sequence[str] = DEFAULT_STATUSES, *, max_items: int | None = None,
                   start: int | None = None) -> OrderList:
        """GetOrder IBM_External_Summary, OQC form: the buyer's orders in the store with those statuses."""
        query = DocumentQuery(self._area(), SUMMARY, statuses=tuple(statuses), buyer_dn=buyer_dn,
                              store_name=self.store.name, max_items=max_items, start=start)
        return self._call(Operation.GET_ORDER_SUMMARY, ORDER_SERVICES, order.build_get_order_request(query),
                          order.parse_show_order_response)

    def get_order_history(self, logon_id: str, *, store_id: str | None = None, order_ids: Sequence[str] = (),
                          after: str | None = None, max_items: int | None = None) -> OrderList:
        """GetOrder IBM_External_Summary, DOM form: by logon id and store UniqueID, `after` an ExternalOrderID."""
        query = DocumentQuery(self._area(), SUMMARY, buyer_logon=logon_id, store_id=store_id or self.store.store_id,
                              unique_ids=tuple(order_ids), after_external_id=after, max_items=max_items)
        return self._call(Operation.GET_ORDER_SUMMARY, ORDER_SERVICES, order.build_get_order_request(query),
                          order.parse_show_order_response)

    def get_order_details(self, external_order_id: str) -> OrderList:
        """GetOrder IBM_External_Details: one full order with its items."""
        query = DocumentQuery(self._area(), DETAILS, external_ids=(external_order_id,), store_name=self.store.name)
        return self._call(Operation.GET_ORDER_DETAILS, ORDER_SERVICES, order.build_get_order_request(query),
                          order.parse_show_order_response)

    # -- quotes ----------------------------------------------------------------------------------------------

    def submit_quote(self, quote_in: Quote | QuoteDocument) -> QuoteAcknowledgement:
        """ProcessQuote SubmitQuote: the back office's ExternalQuoteID."""
        document = quote_in if isinstance(quote_in, QuoteDocument) else quote_document(quote_in, self.store,
                                                                                        self._clock())
        bod = quote.build_process_quote_request(SubmitQuoteRequest(self._area(), document))
        return self._call(Operation.SUBMIT_QUOTE, ORDER_SERVICES, bod, quote.parse_acknowledge_quote_response)

    def get_quotes(self, buyer_dn: str, statuses: Sequence[str] = DEFAULT_STATUSES, *, max_items: int | None = None,
                   start: int | None = None) -> QuoteList:
        """GetQuote IBM_External_Summary (OQC form): the buyer's quotes in the store with those statuses."""
        query = DocumentQuery(self._area(), SUMMARY, statuses=tuple(statuses), buyer_dn=buyer_dn,
                              store_name=self.store.name, max_items=max_items, start=start)
        return self._call(Operation.GET_QUOTE_SUMMARY, ORDER_SERVICES, quote.build_get_quote_request(query),
                          quote.parse_show_quote_response)

    def get_quote_details(self, external_quote_id: str) -> QuoteList:
        """GetQuote IBM_External_Details: one full quote with its order template items."""
        query = DocumentQuery(self._area(), DETAILS, external_ids=(external_quote_id,), store_name=self.store.name)
        return self._call(Operation.GET_QUOTE_DETAILS, ORDER_SERVICES, quote.build_get_quote_request(query),
                          quote.parse_show_quote_response)

    # -- plumbing --------------------------------------------------------------------------------------------

    def _document(self, order_in: Order | OrderDocument) -> OrderDocument:
        return order_in if isinstance(order_in, OrderDocument) else order_document(order_in, self.store,
                                                                                   self._clock())

    def _area(self, context: tuple[tuple[str, str], ...] | None = None) -> ApplicationArea:
        now = self._clock().astimezone(UTC)
        stamp = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
        return ApplicationArea(stamp, self._bod_ids(), self._context if context is None else context)

    def _call(self, operation: Operation, service: str, bod: etree._Element,
              parse: Callable[[etree._Element], R]) -> R:
        url = self.base_url + service
        body = envelope(bod, self.soap_version, self.token)
        with self._lock:
            self.calls[operation.value] += 1
        response = self._transport.post(url, body, _headers(self.soap_version, service), self.timeout)
        try:
            answer = response_bod(response)
        except SoapFault:
            self._notify(Exchange(operation.value, url, body, response, None))
            raise
        self._notify(Exchange(operation.value, url, body, response, answer))
        try:
            result = parse(answer)
        except BodError as exc:
            raise ProtocolError(f"unexpected {operation.value} response: {exc.message}", response.status) from None
        return raise_for_errors(result) if self.raise_business_errors else result

    def _notify(self, exchange: Exchange) -> None:
        if self.on_exchange is not None:
            self.on_exchange(exchange)

    def close(self) -> None:
        """Close the calling thread's keep-alive connections (when the transport has any)."""
        close = getattr(self._transport, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> BackOfficeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _context(store_id: str, lang_id: str, catalog_id: str | None, currency: str,
             locale: str) -> tuple[tuple[str, str], ...]:
    pairs = [("storeId", store_id), ("langId", lang_id)]
    if catalog_id is not None:
        pairs.append(("catalogId", catalog_id))
    pairs += [("currency", currency), ("locale", locale), ("partialAuthentication", "false")]
    return tuple(pairs)


def _headers(version: SoapVersion, service: str) -> dict[str, str]:
    action = f"http://localhost{service}.wsdl"
    if version is SoapVersion.SOAP12:
        return {"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'}
    return {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
