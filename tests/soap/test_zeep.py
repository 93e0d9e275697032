"""zeep, an independent SOAP client, loads every served WSDL and calls every operation of a real running server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import zeep
from lxml import etree
from support.process import Simulator
from zeep.plugins import HistoryPlugin
from zeep.proxy import ServiceProxy

from conformance import requests as rq
from conformance.checks import check_schema
from conformance.data import ContractData, with_discovery
from conformance.target import Target
from simulator.bod.messages import PriceKey

pytestmark = pytest.mark.slow

WCF = "http://www.ibm.com/xmlns/prod/commerce/9/foundation"
INV = "http://www.ibm.com/xmlns/prod/commerce/9/inventory"
ORD = "http://www.ibm.com/xmlns/prod/commerce/9/order"
XPATH = "_wcf:XPath"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
OA = "http://www.openapplications.org/oagis/9"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


class Zeep:
    """One zeep client per served WSDL, and the ids of the seeded world."""

    def __init__(self, url: str, data: ContractData) -> None:
        self.data = data
        self.history = HistoryPlugin()
        self.clients = {
            name: zeep.Client(f"{url}/services/{name}?wsdl", plugins=[self.history])
            for name in set(rq.SERVICE_OF_ROOT.values())
        }

    def sent_bod(self) -> etree._Element:
        """The BOD zeep put on the wire last; it must be valid against our XSD."""
        body = self.history.last_sent["envelope"].find(f"{{{SOAP11}}}Body")
        bod = etree.fromstring(etree.tostring(body[0]))
        check_schema(bod)
        return bod

    def service(self, name: str) -> ServiceProxy:
        return self.clients[name].service

    def area(self, client: str, **context: str | None) -> Any:
        """An ApplicationArea of the Commerce type (_wcf:ApplicationAreaType, sent with xsi:type)."""
        area_type = self.clients[client].get_type(f"{{{WCF}}}ApplicationAreaType")
        values = {"storeId": self.data.store_id, "langId": "-1", **context}
        pairs = [{"_value_1": value, "name": name} for name, value in values.items() if value is not None]
        return area_type(CreationDateTime=rq.timestamp(), BODID=str(uuid.uuid4()),
                         BusinessContext={"ContextData": pairs})

    def get(self, client: str, operation: str, expression: str, **context: str | None) -> Any:
        """A Get BOD built from the WSDL's types: ApplicationArea + DataArea/Get/Expression."""
        data_area = {"Get": {"Expression": [{"_value_1": expression, "expressionLanguage": XPATH}],
                             "maxItems": 50}}
        method = getattr(self.service(client), operation)
        answer = method(ApplicationArea=self.area(client, **context), DataArea=data_area, releaseID="9.0",
                        versionID="7.0.0.0")
        self.sent_bod()
        return answer

    def process(self, client: str, request: rq.Request) -> Any:
        """A Process BOD: zeep reads the Commerce-shaped sample into WSDL-typed objects and serializes them again."""
        element = self.clients[client].get_element(request.bod.tag)
        value = element.parse(_typed_area(request.bod), self.clients[client].wsdl.types)
        method = getattr(self.service(client), request.root_name)
        answer = method(ApplicationArea=value.ApplicationArea, DataArea=value.DataArea, releaseID=value.releaseID,
                        versionID=value.versionID)
        sent = self.sent_bod()
        assert rq.item_ids(rq.Request(_envelope(sent))) == rq.item_ids(request), "zeep lost order items"
        return answer


def _typed_area(bod: etree._Element) -> etree._Element:
    """The same BOD with `<_wcf:ApplicationArea>` written as `<oa:ApplicationArea xsi:type=...>`.

    Both forms are valid (the Commerce element is in oa:ApplicationArea's substitution group), but zeep 4.3
    does not resolve substitution groups when it reads XML.
    """
    copy = etree.fromstring(etree.tostring(bod))
    area = copy[0]
    if area.tag == f"{{{WCF}}}ApplicationArea":
        prefix = area.prefix
        area.tag = f"{{{OA}}}ApplicationArea"
        area.set(f"{{{XSI}}}type", f"{prefix}:ApplicationAreaType")
    return copy


def _envelope(bod: etree._Element) -> etree._Element:
    envelope = etree.Element(f"{{{SOAP11}}}Envelope")
    etree.SubElement(envelope, f"{{{SOAP11}}}Body").append(bod)
    return envelope


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(Path(tmp_path_factory.mktemp("zeep")) / "world.db") as simulator:
        yield simulator


@pytest.fixture(scope="module")
def client(server: Simulator) -> Zeep:
    data = with_discovery(ContractData(), Target(server.url))
    assert data.part and data.buyer_dn and data.store_name, "discovery through /_admin failed"
    return Zeep(server.url, data)


def errors(verb: Any) -> list[Any]:
    return [criteria.ChangeStatus for criteria in verb.ResponseCriteria or []]


def test_zeep_sees_every_operation_in_the_served_wsdls(client: Zeep) -> None:
    names = {
        name
        for proxy in client.clients.values()
        for service in proxy.wsdl.services.values()
        for port in service.ports.values()
        for name in port.binding._operations
    }
    assert names == {"GetInventoryAvailability", "ProcessInventoryRequirement", "GetPriceList", "ProcessOrder",
                     "GetOrder", "ProcessQuote", "GetQuote"}


def test_get_inventory_availability(client: Zeep) -> None:
    data = client.data
    expression = rq.availability_expression([rq.by_part_and_store_name(data, data.part or "")])
    show = client.get("InventoryServices", "GetInventoryAvailability", expression)
    assert show.DataArea.Show.recordSetCount == 1
    (record,) = show.DataArea.InventoryAvailability
    identifier = record.InventoryAvailabilityIdentifier.ExternalIdentifier
    assert identifier.CatalogEntryIdentifier.ExternalIdentifier.PartNumber == data.part
    assert identifier.OnlineStoreIdentifier.ExternalIdentifier.NameIdentifier == data.store_name
    assert record.InventoryStatus == "Available"
    assert record.AvailableQuantity._value_1 >= 20
    assert record.AvailableQuantity.uom == "C62"


def test_process_inventory_requirement_reserve_and_cancel(client: Zeep) -> None:
    order_id = rq.new_commerce_id()
    reserve = rq.reserve_request(client.data, order_id)
    acknowledged = client.process("InventoryServices", reserve)
    assert not errors(acknowledged.DataArea.Acknowledge)
    (requirement,) = acknowledged.DataArea.InventoryRequirement
    assert requirement.OrderIdentifier.UniqueID == order_id
    statuses = {item.CorrelationGroup: item.OrderItemStatus.InventoryStatus for item in requirement.OrderItem}
    assert statuses == dict.fromkeys(rq.item_ids(reserve), "Allocated")
    assert requirement.OrderItem[0].Quantity._value_1 == 2
    cancelled = client.process("InventoryServices", rq.cancel_request(client.data, order_id))
    assert not errors(cancelled.DataArea.Acknowledge)
    assert cancelled.DataArea.InventoryRequirement[0].OrderIdentifier.UniqueID == order_id


def test_get_price_list(client: Zeep) -> None:
    data = client.data
    expression = rq.price_expression([PriceKey(data.part or "", data.currency, Decimal("1.0"), "C62")])
    show = client.get("PriceServices", "GetPriceList", expression, storeIdentifier=data.store_name,
                      forUser=data.buyer_dn)
    assert not errors(show.DataArea.Show)
    (entry,) = show.DataArea.PriceList[0].PriceEntry
    assert entry.CatalogEntryIdentifier.ExternalIdentifier.PartNumber == data.part
    assert entry.Price.Price._value_1 > 0
    assert entry.Price.Price.currency == data.currency


def test_process_order_calculate(client: Zeep) -> None:
    acknowledged = client.process("OrderServices", rq.calculate_request(client.data, rq.new_commerce_id()))
    assert not errors(acknowledged.DataArea.Acknowledge)
    (order,) = acknowledged.DataArea.Order
    amount = order.OrderAmount
    parts = (amount.TotalProductPrice, amount.TotalAdjustment, amount.TotalShippingCharge, amount.TotalSalesTax,
             amount.TotalShippingTax)
    assert amount.GrandTotal._value_1 == sum(part._value_1 for part in parts if part is not None)
    assert amount.GrandTotal.currency == client.data.currency


@pytest.fixture(scope="module")
def transferred(client: Zeep) -> tuple[str, str]:
    """(Commerce order id, ExternalOrderID) of an order transferred through zeep."""
    order_id = rq.new_commerce_id()
    acknowledged = client.process("OrderServices", rq.transfer_request(client.data, order_id))
    assert not errors(acknowledged.DataArea.Acknowledge)
    external_id = acknowledged.DataArea.Order[0].OrderIdentifier.ExternalOrderID
    assert external_id
    return order_id, external_id


def test_process_order_transfer_is_idempotent(client: Zeep, transferred: tuple[str, str]) -> None:
    order_id, external_id = transferred
    again = client.process("OrderServices", rq.transfer_request(client.data, order_id))
    assert again.DataArea.Order[0].OrderIdentifier.ExternalOrderID == external_id
    assert again.DataArea.Order[0].OrderIdentifier.UniqueID == order_id


def test_get_order_details(client: Zeep, transferred: tuple[str, str]) -> None:
    _, external_id = transferred
    expression = rq.document_query("Order", access_profile="IBM_External_Details", external_ids=(external_id,),
                                   store_name=client.data.store_name)
    show = client.get("OrderServices", "GetOrder", expression)
    (order,) = show.DataArea.Order
    assert order.OrderIdentifier.ExternalOrderID == external_id
    assert order.OrderItem[0].CatalogEntryIdentifier.ExternalIdentifier.PartNumber == client.data.part
    assert order.OrderStatus.Status == "C"


def test_get_order_summary(client: Zeep, transferred: tuple[str, str]) -> None:
    data = client.data
    expression = rq.document_query("Order", access_profile="IBM_External_Summary", buyer_dn=data.buyer_dn,
                                   statuses=("C",), store_name=data.store_name)
    show = client.get("OrderServices", "GetOrder", expression)
    listed = [order.OrderIdentifier.ExternalOrderID for order in show.DataArea.Order]
    assert transferred[1] in listed
    assert show.DataArea.Show.recordSetCount == len(listed)


def test_get_order_of_an_unknown_id_is_a_business_error(client: Zeep) -> None:
    expression = rq.document_query("Order", access_profile="IBM_External_Details", external_ids=("NO-SUCH-ORDER",))
    show = client.get("OrderServices", "GetOrder", expression)
    (status,) = errors(show.DataArea.Show)
    assert status.ReasonCode
    assert not show.DataArea.Order


@pytest.fixture(scope="module")
def submitted(client: Zeep) -> str:
    """ExternalQuoteID of a quote submitted through zeep."""
    request = rq.submit_quote_request(client.data, rq.new_commerce_id(), rq.new_commerce_id())
    acknowledged = client.process("OrderServices", request)
    assert not errors(acknowledged.DataArea.Acknowledge)
    external_id: str = acknowledged.DataArea.Quote[0].QuoteIdentifier.ExternalQuoteID
    assert external_id
    return external_id


def test_get_quote_details(client: Zeep, submitted: str) -> None:
    expression = rq.document_query("Quote", access_profile="IBM_External_Details", external_ids=(submitted,),
                                   store_name=client.data.store_name)
    show = client.get("OrderServices", "GetQuote", expression)
    (quote,) = show.DataArea.Quote
    assert quote.QuoteIdentifier.ExternalQuoteID == submitted
    assert quote.ExpirationDate is not None
    assert quote.OrderTemplate.OrderItem[0].CatalogEntryIdentifier.ExternalIdentifier.PartNumber == client.data.part


def test_get_quote_summary(client: Zeep, submitted: str) -> None:
    data = client.data
    expression = rq.document_query("Quote", access_profile="IBM_External_Summary", buyer_dn=data.buyer_dn,
                                   statuses=("M",), store_name=data.store_name)
    show = client.get("OrderServices", "GetQuote", expression)
    assert submitted in [quote.QuoteIdentifier.ExternalQuoteID for quote in show.DataArea.Quote]
