"""One handler per operation: parse the BOD, make one backend call, build the paired response BOD."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar

from lxml import etree

from simulator.backend.commands import BuyerRef
from simulator.backend.inventory import AvailabilityResult
from simulator.backend.ports import OrderFilter, Page
from simulator.backend.service import Backend
from simulator.bod import availability, order, price, quote, reservation
from simulator.bod.application_area import new_area
from simulator.bod.dispatch import Operation
from simulator.bod.envelope import bod_bytes
from simulator.bod.messages import (
    ApplicationArea,
    BusinessError,
    DocumentQuery,
    InventoryAction,
    OrderDocument,
    PriceEntry,
    PriceQuery,
    ProcessOrderRequest,
    QuoteDocument,
    RecordSet,
    ReservationRequest,
    SubmitQuoteRequest,
)
from simulator.bod.messages import AvailabilityKey as AvailabilityKeyOut
from simulator.bod.messages import ReservationChunk as ReservationChunkOut
from simulator.domain.errors import BackOfficeError, InvalidRequest, UnknownOrder, UnknownQuote
from simulator.soap import translate as t
from simulator.soap.calls import DEFAULT_PAGE, Call, Handler, attempt
from simulator.soap.genb import GenBOperations

H = TypeVar("H")
D = TypeVar("D")
C = TypeVar("C", contravariant=True)
Listing = tuple[list[D], RecordSet | None]


class DocumentSource(Protocol[H]):
    """The order or quote use cases: one by id, or a page of a listing."""

    def get(self, external_id: str, /) -> H: ...
    def find(self, criteria: OrderFilter, offset: int = 0, limit: int = 50, /) -> Page[H]: ...


class ShowBuilder(Protocol[C]):
    """build_show_order_response or build_show_quote_response."""

    def __call__(
        self,
        documents: Sequence[C],
        area: ApplicationArea,
        original: ApplicationArea | None,
        /,
        *,
        detail: bool,
        record_set: RecordSet | None = None,
        errors: Sequence[BusinessError] = (),
    ) -> etree._Element: ...


class Operations:
    """The handlers of the ten operations, on one backend."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._fragments = RenderedAvailability()
        self.handlers: dict[Operation, Handler] = {
            Operation.GET_INVENTORY_AVAILABILITY: self.get_inventory_availability,
            Operation.RESERVE_INVENTORY: self.process_inventory_requirement,
            Operation.CANCEL_INVENTORY_RESERVATION: self.process_inventory_requirement,
            Operation.CHECK_INVENTORY: self.process_inventory_requirement,
            Operation.GET_PRICE_LIST: self.get_price_list,
            Operation.CALCULATE_ORDER: self.process_order,
            Operation.TRANSFER_ORDER: self.process_order,
            Operation.GET_ORDER_SUMMARY: self.get_order,
            Operation.GET_ORDER_DETAILS: self.get_order,
            Operation.SUBMIT_QUOTE: self.process_quote,
            Operation.GET_QUOTE_SUMMARY: self.get_quote,
            Operation.GET_QUOTE_DETAILS: self.get_quote,
        }
        self.handlers.update(GenBOperations(backend, self.area).handlers)

    def area(self) -> ApplicationArea:
        """A response ApplicationArea: new BODID, now."""
        deps = self._backend.deps
        return new_area(deps.ids.bod_id(), deps.clock.now())

    def get_inventory_availability(self, call: Call) -> bytes:
        """GetInventoryAvailability -> ShowInventoryAvailability."""
        query = availability.parse_get_inventory_availability_request(call.bod, call.area, call.expression)
        results, errors = attempt(lambda: self._backend.inventory.availability(t.availability_keys(query)))
        pairs = zip(query.items, results, strict=True) if results else ()
        fragments = [self._fragments.render(key, result) for key, result in pairs]
        xml = availability.show_inventory_availability_from_fragments(
            fragments, self.area(), query.application_area, errors
        )
        return xml.encode()

    def process_inventory_requirement(self, call: Call) -> bytes:
        """ProcessInventoryRequirement (Reserve, Cancel, Check) -> AcknowledgeInventoryRequirement."""
        request = reservation.parse_process_inventory_requirement_request(call.bod)
        chunks, errors = attempt(lambda: self._inventory_action(request))
        response = reservation.build_acknowledge_inventory_requirement_response(
            request.order_id, chunks or [], self.area(), request.application_area, errors
        )
        return bod_bytes(response)

    def _inventory_action(self, request: ReservationRequest) -> list[ReservationChunkOut]:
        store_id, order_id = self._order_key(request.application_area, request.order_id, request.order.store_id)
        inventory = self._backend.inventory
        if request.action is InventoryAction.CANCEL:
            inventory.cancel(store_id, order_id)
            return []
        items = t.reserve_items(request.order)
        if request.action is InventoryAction.CHECK:
            return t.reservation_chunks(inventory.check(store_id, order_id, items))
        return t.reservation_chunks(inventory.reserve(store_id, order_id, items, request.allow_partial))

    def get_price_list(self, call: Call) -> bytes:
        """GetPriceList -> ShowPriceList with the buyer organization's entitled prices."""
        query = price.parse_get_price_list_request(call.bod)
        entries, errors = attempt(lambda: self._prices(query))
        response = price.build_show_price_list_response(entries or [], self.area(), query.application_area, errors)
        return bod_bytes(response)

    def _prices(self, query: PriceQuery) -> list[PriceEntry]:
        store_id = self._store_id(query.store_id, query.store_name)
        offers = self._backend.prices.offer_prices(store_id, BuyerRef(dn=query.for_user), t.price_items(query))
        return t.price_entries(query, offers)

    def process_order(self, call: Call) -> bytes:
        """ProcessOrder (CalculateOrder, TransferOrder, Transfer) -> AcknowledgeOrder."""
        request = order.parse_process_order_request(call.bod)
        document, errors = attempt(lambda: self._process_order(request))
        response = order.build_acknowledge_order_response(document, self.area(), request.application_area, errors)
        return bod_bytes(response)

    def _process_order(self, request: ProcessOrderRequest) -> OrderDocument:
        draft = t.order_draft(request.order, request.application_area)
        if not request.action.is_transfer:
            return t.calculated_document(self._backend.orders.calculate(draft))
        held = self._backend.orders.transfer(draft).order
        document = t.order_document(held, detail=True, center_names=self._center_names())
        if self._backend.lifecycle.settings().async_transfer:
            # Asynchronous transfer: the external ids reach Commerce later, in a ChangeOrder push.
            lines = tuple(replace(line, external_item_id=None) for line in document.lines)
            return replace(document, external_order_id=None, lines=lines)
        return document

    def get_order(self, call: Call) -> bytes:
        """GetOrder (summary or details) -> ShowOrder."""
        query = order.parse_get_order_request(call.bod)
        found, errors = attempt(lambda: self._listing(query, self._backend.orders, t.order_document, UnknownOrder))
        return self._show(order.build_show_order_response, query, found, errors)

    def process_quote(self, call: Call) -> bytes:
        """ProcessQuote SubmitQuote -> AcknowledgeQuote with the external quote id."""
        request = quote.parse_process_quote_request(call.bod)
        document, errors = attempt(lambda: self._submit_quote(request))
        response = quote.build_acknowledge_quote_response(document, self.area(), request.application_area, errors)
        return bod_bytes(response)

    def _submit_quote(self, request: SubmitQuoteRequest) -> QuoteDocument:
        held, _ = self._backend.quotes.submit(t.quote_draft(request.quote, request.application_area))
        return t.quote_document(held, detail=True, center_names=self._center_names())

    def get_quote(self, call: Call) -> bytes:
        """GetQuote (summary or details) -> ShowQuote."""
        query = quote.parse_get_quote_request(call.bod)
        found, errors = attempt(lambda: self._listing(query, self._backend.quotes, t.quote_document, UnknownQuote))
        return self._show(quote.build_show_quote_response, query, found, errors)

    def _listing(
        self,
        query: DocumentQuery,
        source: DocumentSource[H],
        present: Callable[[H, bool, dict[str, str]], D],
        missing: type[BackOfficeError],
    ) -> Listing[D]:
        names = self._center_names()
        if query.is_detail:
            held = [source.get(i) for i in _detail_ids(query, missing)]
            return [present(doc, True, names) for doc in held], None
        offset, limit = _paging(query)
        page = source.find(self._filter(query), offset, limit)
        return [present(doc, False, names) for doc in page.items], _record_set(offset, len(page.items), page.total)

    def _show(
        self,
        build: ShowBuilder[D],
        query: DocumentQuery,
        found: Listing[D] | None,
        errors: tuple[BusinessError, ...],
    ) -> bytes:
        documents, record_set = found or ([], None)
        response = build(
            documents,
            self.area(),
            query.application_area,
            detail=query.is_detail,
            record_set=record_set,
            errors=errors,
        )
        return bod_bytes(response)

    def _order_key(self, area: ApplicationArea, order_id: str | None, store_id: str | None) -> tuple[str, str]:
        if not order_id:
            raise InvalidRequest("the InventoryRequirement has no OrderIdentifier/UniqueID")
        return self._store_id(area.store_id or store_id, None), order_id

    def _store_id(self, store_id: str | None, store_name: str | None) -> str:
        if store_id:
            return store_id
        if store_name:
            for store in self._backend.inspect.locations().online_stores:
                if store.identifier == store_name:
                    return store.store_id
            return store_name
        raise InvalidRequest("no storeId in the BusinessContext")

    def _filter(self, query: DocumentQuery) -> OrderFilter:
        store_id = self._store_id(query.store_id, query.store_name) if query.store_id or query.store_name else None
        if not (query.buyer_dn or query.buyer_logon or query.unique_ids or query.external_ids):
            raise InvalidRequest("an order or quote list needs a buyer (DistinguishedName or LogOnID) or ids")
        return OrderFilter(
            store_id=store_id,
            buyer_logon_id=query.buyer_logon,
            buyer_dn=query.buyer_dn,
            statuses=query.statuses,
            external_ids=query.external_ids,
            commerce_ids=query.unique_ids,
            after_external_id=query.after_external_id,
        )

    def _center_names(self) -> dict[str, str]:
        return {c.fc_id: c.name for c in self._backend.inspect.locations().fulfillment_centers}


class RenderedAvailability:
    """InventoryAvailability nouns already serialized, reused while the backend returns the same answer object.

    The backend memoizes availability per store data version and hands back the identical result object until
    something changes, so identity is a safe and cheap validity check here.
    """

    def __init__(self, capacity: int = 50_000) -> None:
        self._capacity = capacity
        self._rendered: dict[AvailabilityKeyOut, tuple[AvailabilityResult, str]] = {}

    def render(self, key: AvailabilityKeyOut, result: AvailabilityResult) -> str:
        """The noun for this request key and backend answer."""
        found = self._rendered.get(key)
        if found is not None and found[0] is result:
            return found[1]
        xml = availability.record_xml(t.availability_record(key, result))
        if len(self._rendered) >= self._capacity:
            self._rendered.clear()
        self._rendered[key] = (result, xml)
        return xml


def _detail_ids(query: DocumentQuery, missing: type[BackOfficeError]) -> tuple[str, ...]:
    ids = query.external_ids or query.unique_ids
    if not ids:
        raise missing("IBM_External_Details needs an ExternalOrderID or ExternalQuoteID")
    return ids


def _paging(query: DocumentQuery) -> tuple[int, int]:
    limit = query.max_items if query.max_items and query.max_items > 0 else DEFAULT_PAGE
    return max(query.start or 0, 0), limit


def _record_set(offset: int, count: int, total: int) -> RecordSet:
    return RecordSet(count=count, total=total, start=offset, complete=offset + count >= total)
