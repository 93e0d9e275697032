"""A small gen-B client: the older services called exactly as Commerce's gen-B request builders write them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from lxml import etree

from simulator.bod.envelope import SoapVersion
from simulator.bod.genb import member as gm
from simulator.bod.genb import order as go
from simulator.bod.genb import order_inventory as gi
from simulator.bod.genb import product_availability as gp
from simulator.bod.messages import ApplicationArea, RecordSet, ResponseHeader
from simulator.client.errors import BusinessFault
from simulator.client.soap import envelope, response_bod
from simulator.client.transport import HttpTransport, Transport

INVENTORY = "/services/InventoryServices"
ORDERS = "/services/OrderServices"
MEMBERS = "/services/MemberServices"
SOAP_ACTION = '"http://www.ibm.com/xmlns/prod/WebSphereCommerce/WebSphereCommerce-{}.wsdl"'


@dataclass(frozen=True, slots=True)
class Line:
    """One order line: Commerce order item id, part number (SKU) and quantity."""

    item_id: str
    sku: str
    quantity: int


def commerce_timestamp(now: datetime | None = None) -> str:
    """CreationDateTime as the gen-B builders write it: nine fractional digits and Z."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}000Z"


class GenBClient:
    """Calls GetProductAvailability, ProcessOrderInventory, ProcessOrder, GetOrder and SyncOrganization."""

    def __init__(
        self, base_url: str, store_id: str, *, transport: Transport | None = None, timeout: float = 30.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.store_id = store_id
        self.calls: Counter[str] = Counter()
        self._transport = transport or HttpTransport()
        self._timeout = timeout

    def area(self) -> ApplicationArea:
        """BODID `???`, a BusinessContext with only storeId and langId, nine fractional digits."""
        return ApplicationArea(commerce_timestamp(), "???", (("storeId", self.store_id), ("langId", "-1")))

    def product_availability(self, sku: str) -> gp.ProductAvailability:
        """One SKU per request, inside the ProductAvailability noun."""
        request = gp.build_get_product_availability(self.area(), [gp.ProductKey(sku)])
        header, records = gp.parse_show_product_availability(self._call(INVENTORY, "GetProductAvailability", request))
        _raise_for(header)
        return records[0]

    def order_inventory(
        self, action: gi.OrderInventoryAction, order_id: str, lines: Sequence[Line] = ()
    ) -> list[gi.ItemInventory]:
        """Check, Reserve or Cancel the inventory of a Commerce order."""
        items = [gi.ItemInventory(line.item_id, line.sku, None, Decimal(line.quantity), "C62") for line in lines]
        request = gi.build_process_order_inventory(self.area(), action, order_id, items)
        name = f"{action.value}OrderInventory"
        header, answered = gi.parse_acknowledge_order_inventory(self._call(INVENTORY, name, request))
        _raise_for(header)
        return answered

    def transfer(self, order_id: str, customer_dn: str, lines: Sequence[Line], currency: str = "USD") -> go.Order:
        """TransferOrder: ProcessOrder Transfer with the OrderHeader/OrderItem noun; the acknowledged order."""
        header = go.Header(order_id=order_id, store_id=self.store_id, customer_dn=customer_dn, status="M")
        items = tuple(
            go.Item(line.item_id, line.sku, None, Decimal(line.quantity), "C62", currency=currency) for line in lines
        )
        request = go.build_process_order(self.area(), go.Order(header, items))
        response_header, order = go.parse_acknowledge_order(self._call(ORDERS, "TransferOrder", request))
        _raise_for(response_header)
        if order is None:
            raise BusinessFault(())
        return order

    def orders(
        self, *, order_id: str | None = None, customer_dn: str | None = None, start: int = 1, max_items: int = 10
    ) -> tuple[RecordSet | None, list[go.Order]]:
        """GetOrder with an empty Get and the selection in OrderHeader; the record set and the orders."""
        selection = go.Header(order_id=order_id, store_id=self.store_id, customer_dn=customer_dn)
        request = go.build_get_order(self.area(), selection, start, max_items)
        header, found = go.parse_show_order(self._call(ORDERS, "GetOrder", request))
        _raise_for(header)
        return header.record_set, found

    def sync_organization(self, action: str, organizations: Sequence[gm.OrganizationNoun]) -> gm.Confirmation:
        """CreateOrganization / UpdateOrganization: the ConfirmBOD, success or failure (not raised)."""
        request = gm.build_sync_organization(self.area(), action, organizations)
        return gm.parse_confirm_bod(self._call(MEMBERS, "SyncOrganization", request))

    def close(self) -> None:
        """Close the HTTP connections."""
        close = getattr(self._transport, "close", None)
        if callable(close):
            close()

    def _call(self, path: str, operation: str, request: etree._Element) -> etree._Element:
        self.calls[operation] += 1
        service = path.rsplit("/", 1)[1]
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": SOAP_ACTION.format(service)}
        body = envelope(request, SoapVersion.SOAP11)
        return response_bod(self._transport.post(self.base_url + path, body, headers, self._timeout))


def _raise_for(header: ResponseHeader) -> None:
    if header.errors:
        raise BusinessFault(header.errors)
