"""Handlers of the gen-B operations: the older services answered on the same backend state as gen C."""

from __future__ import annotations

from collections.abc import Callable

from simulator.backend.inventory import ReservationResult
from simulator.backend.ports import OrderFilter
from simulator.backend.service import Backend
from simulator.bod.dispatch import Operation
from simulator.bod.envelope import bod_bytes
from simulator.bod.genb import member as gm
from simulator.bod.genb import order as go
from simulator.bod.genb import order_inventory as gi
from simulator.bod.genb import product_availability as gp
from simulator.bod.messages import ApplicationArea, RecordSet
from simulator.domain.errors import InvalidRequest, UnknownOrder
from simulator.domain.model import Order
from simulator.soap import genb_translate as t
from simulator.soap.calls import DEFAULT_PAGE, Call, Handler, attempt


class GenBOperations:
    """GetProductAvailability, ProcessOrderInventory, ProcessOrder Transfer, GetOrder and SyncOrganization."""

    def __init__(self, backend: Backend, area: Callable[[], ApplicationArea]) -> None:
        self._backend = backend
        self._area = area
        self.handlers: dict[Operation, Handler] = {
            Operation.GET_PRODUCT_AVAILABILITY: self.get_product_availability,
            Operation.CHECK_ORDER_INVENTORY: self.process_order_inventory,
            Operation.RESERVE_ORDER_INVENTORY: self.process_order_inventory,
            Operation.CANCEL_ORDER_INVENTORY: self.process_order_inventory,
            Operation.GENB_TRANSFER_ORDER: self.process_order,
            Operation.GENB_GET_ORDER: self.get_order,
            Operation.CREATE_ORGANIZATION: self.sync_organization,
            Operation.UPDATE_ORGANIZATION: self.sync_organization,
        }

    def get_product_availability(self, call: Call) -> bytes:
        """GetProductAvailability -> ShowProductAvailability, per SKU and fulfillment center."""
        query = gp.parse_get_product_availability(call.bod)
        records, errors = attempt(lambda: self._availability(query))
        response = gp.build_show_product_availability(records or [], self._area(), query.application_area, errors)
        return bod_bytes(response)

    def _availability(self, query: gp.ProductAvailabilityQuery) -> list[gp.ProductAvailability]:
        store_id = _store_id(query.application_area)
        results = self._backend.inventory.availability(t.product_keys(query, store_id))
        return [t.product_availability(result) for result in results]

    def process_order_inventory(self, call: Call) -> bytes:
        """ProcessOrderInventory Check / Reserve / Cancel -> AcknowledgeOrderInventory, on the gen-C reservations."""
        request = gi.parse_process_order_inventory(call.bod)
        items, errors = attempt(lambda: t.answered_items(request, self._inventory_action(request)))
        response = gi.build_acknowledge_order_inventory(
            request.order_id, items, self._area(), request.application_area, errors
        )
        return bod_bytes(response)

    def _inventory_action(self, request: gi.OrderInventoryRequest) -> ReservationResult:
        store_id = _store_id(request.application_area)
        inventory = self._backend.inventory
        if request.action is gi.OrderInventoryAction.CANCEL:
            return inventory.cancel(store_id, request.order_id)
        items = t.reserve_items(request)
        if not items:
            raise InvalidRequest(f"order {request.order_id} has no OrderItemInventory")
        if request.action is gi.OrderInventoryAction.CHECK:
            return inventory.check(store_id, request.order_id, items)
        return inventory.reserve(store_id, request.order_id, items, allow_partial=True)

    def process_order(self, call: Call) -> bytes:
        """ProcessOrder Transfer -> AcknowledgeOrder with OrderIdentifier{OrderID, ExternalOrderID}."""
        request = go.parse_process_order(call.bod)
        held, errors = attempt(lambda: self._backend.orders.transfer(t.transfer_draft(request)).order)
        order = t.genb_order(held) if held is not None else None
        return bod_bytes(go.build_acknowledge_order(order, self._area(), request.application_area, errors))

    def get_order(self, call: Call) -> bytes:
        """GetOrder (empty Get, selection in OrderHeader) -> ShowOrder in the gen-B noun shape."""
        selection = go.parse_get_order(call.bod)
        found, errors = attempt(lambda: self._orders(selection))
        orders, record_set = found or ([], None)
        response = go.build_show_order(
            [t.genb_order(o) for o in orders], self._area(), selection.application_area, record_set, errors
        )
        return bod_bytes(response)

    def _orders(self, selection: go.OrderSelection) -> tuple[list[Order], RecordSet]:
        header = selection.header
        if header.external_order_id:
            return [self._backend.orders.get(header.external_order_id)], RecordSet(1, 1, 1, True)
        criteria = _order_filter(selection)
        limit = selection.max_items if selection.max_items and selection.max_items > 0 else DEFAULT_PAGE
        offset = selection.start - 1
        page = self._backend.orders.find(criteria, offset, limit)
        if header.order_id and page.total == 0:
            raise UnknownOrder(f"unknown order {header.order_id}")
        count = len(page.items)
        return list(page.items), RecordSet(count, page.total, selection.start, offset + count >= page.total)

    def sync_organization(self, call: Call) -> bytes:
        """SyncOrganization Create / Update (Add / Change) -> ConfirmBOD."""
        request = gm.parse_sync_organization(call.bod)
        data = [t.organization_data(noun) for noun in request.organizations]
        _, errors = attempt(lambda: self._backend.members.sync_organizations(data, create=request.creates))
        return bod_bytes(gm.build_confirm_bod(self._area(), request.application_area, errors))


def _store_id(area: ApplicationArea) -> str:
    if not area.store_id:
        raise InvalidRequest("no storeId in the BusinessContext")
    return area.store_id


def _order_filter(selection: go.OrderSelection) -> OrderFilter:
    header = selection.header
    if not (header.order_id or header.customer_dn or header.organization_dn):
        raise InvalidRequest("GetOrder selects nothing: give OrderID, ExternalOrderID or a CustomerIdentifier")
    return OrderFilter(
        store_id=selection.application_area.store_id or header.store_id,
        buyer_dn=header.customer_dn,
        org_dn=header.organization_dn,
        commerce_ids=(header.order_id,) if header.order_id else (),
    )
