"""zeep loads the gen-B WSDLs and calls every gen-B operation of a real running server with the golden samples."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zeep
from lxml import etree
from support.process import Simulator
from zeep.plugins import HistoryPlugin

from conformance import requests as rq
from conformance.checks import check_schema
from conformance.data import ContractData, with_discovery
from conformance.target import Target
from simulator.bod import samples

pytestmark = pytest.mark.slow

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICES = ("InventoryServicesGenB", "OrderServicesGenB", "MemberServices")


class GenBZeep:
    """One zeep client per gen-B WSDL; requests are the golden samples read into WSDL-typed objects."""

    def __init__(self, url: str, data: ContractData) -> None:
        self.data = data
        self.history = HistoryPlugin()
        self.clients = {name: zeep.Client(f"{url}/services/{name}?wsdl", plugins=[self.history]) for name in SERVICES}

    def sample(self, name: str, order_id: str | None = None) -> etree._Element:
        data = self.data
        text = samples.load(name).decode()
        for old, new in (
            (">553<", f">{data.store_id}<"),
            ("FULO-0101", data.part or ""),
            ("TOOL-0202", data.part_2 or ""),
            (">10251<", f">{data.catentry_id}<"),
            ("<wcf:CatalogEntryID>10252</wcf:CatalogEntryID>", ""),
            ("uid=buyer1,o=acme industrial,o=root organization", data.buyer_dn or ""),
            ("o=acme industrial,o=root organization", data.organization_dn or ""),
            (">21001<", f">{order_id or rq.new_commerce_id()}<"),
        ):
            text = text.replace(old, new)
        envelope = etree.fromstring(text.encode())
        return next(child for child in envelope.find(f"{{{SOAP11}}}Body") if isinstance(child.tag, str))

    def call(self, service: str, bod: etree._Element) -> Any:
        """Read the BOD into zeep's objects, call the operation named like the root, check what went out."""
        client = self.clients[service]
        value = client.get_element(bod.tag).parse(bod, client.wsdl.types)
        method = getattr(client.service, etree.QName(bod).localname)
        answer = method(ApplicationArea=value.ApplicationArea, DataArea=value.DataArea, releaseID=value.releaseID,
                        versionID=value.versionID)
        sent = self.history.last_sent["envelope"].find(f"{{{SOAP11}}}Body")[0]
        check_schema(etree.fromstring(etree.tostring(sent)))
        received = self.history.last_received["envelope"].find(f"{{{SOAP11}}}Body")[0]
        check_schema(etree.fromstring(etree.tostring(received)))
        return answer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(Path(tmp_path_factory.mktemp("zeep-genb")) / "world.db") as simulator:
        yield simulator


@pytest.fixture(scope="module")
def client(server: Simulator) -> GenBZeep:
    data = with_discovery(ContractData(), Target(server.url))
    assert data.part and data.part_2 and data.buyer_dn and data.catentry_id, "discovery through /_admin failed"
    return GenBZeep(server.url, data)


def no_errors(verb: Any) -> bool:
    return not (verb.ResponseCriteria or [])


def test_zeep_sees_every_gen_b_operation(client: GenBZeep) -> None:
    names = {
        name
        for proxy in client.clients.values()
        for service in proxy.wsdl.services.values()
        for port in service.ports.values()
        for name in port.binding._operations
    }
    assert names == {"GetProductAvailability", "ProcessOrderInventory", "ProcessOrder", "GetOrder",
                     "SyncOrganization"}


def test_get_product_availability(client: GenBZeep) -> None:
    show = client.call("InventoryServicesGenB", client.sample("genb_GetProductAvailability.xml"))
    assert no_errors(show.DataArea.Show)
    (record,) = show.DataArea.ProductAvailability
    assert client.data.part == record.ProductIdentifier.SKU
    assert record.InventoryStatus == "Available"
    assert record.QuantityOnHand._value_1 >= 20
    assert record.FulfillmentCenterInventory and all(c.fulfillmentCenterID for c in record.FulfillmentCenterInventory)


@pytest.mark.parametrize("action", ["Check", "Reserve", "Cancel"])
def test_process_order_inventory(client: GenBZeep, action: str) -> None:
    order_id = rq.new_commerce_id()
    acknowledged = client.call("InventoryServicesGenB", client.sample(f"genb_{action}OrderInventory.xml", order_id))
    assert no_errors(acknowledged.DataArea.Acknowledge)
    noun = acknowledged.DataArea.OrderInventory
    assert str(noun.OrderIdentifier.OrderID) == order_id
    expected = {"Check": "Allocated", "Reserve": "Allocated", "Cancel": None}[action]
    assert [item.InventoryStatus for item in noun.OrderItemInventory] == ([expected] * 2 if expected else [])


@pytest.fixture(scope="module")
def transferred(client: GenBZeep) -> tuple[str, str]:
    order_id = rq.new_commerce_id()
    acknowledged = client.call("OrderServicesGenB", client.sample("genb_TransferOrder.xml", order_id))
    assert no_errors(acknowledged.DataArea.Acknowledge)
    identifier = acknowledged.DataArea.Order.OrderHeader.OrderIdentifier
    assert str(identifier.OrderID) == order_id and identifier.ExternalOrderID
    return order_id, identifier.ExternalOrderID


def test_process_order_transfer_is_idempotent(client: GenBZeep, transferred: tuple[str, str]) -> None:
    order_id, external = transferred
    again = client.call("OrderServicesGenB", client.sample("genb_TransferOrder.xml", order_id))
    assert again.DataArea.Order.OrderHeader.OrderIdentifier.ExternalOrderID == external


def test_get_order_with_the_empty_get(client: GenBZeep, transferred: tuple[str, str]) -> None:
    order_id, external = transferred
    show = client.call("OrderServicesGenB", client.sample("genb_GetOrder_by_id.xml", order_id))
    assert no_errors(show.DataArea.Show) and show.DataArea.Show.recordSetStartNumber == 1
    (order,) = show.DataArea.Order
    assert order.OrderHeader.OrderIdentifier.ExternalOrderID == external
    assert [item.ProductIdentifier.SKU for item in order.OrderItem] == [client.data.part, client.data.part_2]


def test_sync_organization_create_and_change(client: GenBZeep) -> None:
    for name in ("genb_CreateOrganization.xml", "genb_UpdateOrganization.xml"):
        confirmed = client.call("MemberServices", client.sample(name))
        assert confirmed.DataArea.BOD[0].BODFailureMessage is None
        received = client.history.last_received["envelope"]
        assert received.find(".//{*}BOD/{*}BODSuccessMessage") is not None
