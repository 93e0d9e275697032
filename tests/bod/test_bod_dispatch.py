"""Operation dispatch on root QName plus action code or access profile."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from simulator.bod import samples
from simulator.bod.dispatch import Operation, describe, identify
from simulator.bod.errors import BadExpression, InvalidMessage, UnsupportedOperation
from simulator.bod.xmlsafe import parse

Loader = Callable[[str], etree._Element]

EXPECTED = {
    "GetInventoryAvailability_catentry_online_id.xml": Operation.GET_INVENTORY_AVAILABILITY,
    "ReserveInventory.xml": Operation.RESERVE_INVENTORY,
    "CancelInventoryReservation.xml": Operation.CANCEL_INVENTORY_RESERVATION,
    "GetPriceList.xml": Operation.GET_PRICE_LIST,
    "CalculateOrder.xml": Operation.CALCULATE_ORDER,
    "TransferOrder.xml": Operation.TRANSFER_ORDER,
    "Transfer_dom.xml": Operation.TRANSFER_ORDER,
    "GetOrder_oqc_list.xml": Operation.GET_ORDER_SUMMARY,
    "GetOrder_summary_status_total.xml": Operation.GET_ORDER_SUMMARY,
    "GetOrder_external_details.xml": Operation.GET_ORDER_DETAILS,
    "SubmitQuote.xml": Operation.SUBMIT_QUOTE,
    "GetQuote_oqc_list.xml": Operation.GET_QUOTE_SUMMARY,
    "GetQuote_external_details.xml": Operation.GET_QUOTE_DETAILS,
    "GetInventoryAvailability_catentry_online_or_physical_id.xml": Operation.GET_INVENTORY_AVAILABILITY,
    "GetInventoryAvailability_partnumber_store_name.xml": Operation.GET_INVENTORY_AVAILABILITY,
    "GetInventoryAvailability_partnumber_store_name_or_physical.xml": Operation.GET_INVENTORY_AVAILABILITY,
    "GetOrder_dom_history.xml": Operation.GET_ORDER_SUMMARY,
    "ReserveInventory_partial.xml": Operation.RESERVE_INVENTORY,
    "genb_CancelOrderInventory.xml": Operation.CANCEL_ORDER_INVENTORY,
    "genb_CheckOrderInventory.xml": Operation.CHECK_ORDER_INVENTORY,
    "genb_CreateOrganization.xml": Operation.CREATE_ORGANIZATION,
    "genb_GetOrder_by_id.xml": Operation.GENB_GET_ORDER,
    "genb_GetOrder_customer.xml": Operation.GENB_GET_ORDER,
    "genb_GetProductAvailability.xml": Operation.GET_PRODUCT_AVAILABILITY,
    "genb_ReserveOrderInventory.xml": Operation.RESERVE_ORDER_INVENTORY,
    "genb_TransferOrder.xml": Operation.GENB_TRANSFER_ORDER,
    "genb_UpdateOrganization.xml": Operation.UPDATE_ORGANIZATION,
}


@pytest.mark.parametrize(("name", "operation"), EXPECTED.items())
def test_identifies_every_sample(load_bod: Loader, name: str, operation: Operation) -> None:
    assert identify(load_bod(name)).operation is operation


def test_every_sample_has_its_expected_operation() -> None:
    assert set(EXPECTED) == set(samples.names())


def test_key_names_root_and_code(load_bod: Loader) -> None:
    key = identify(load_bod("Transfer_dom.xml"))
    assert (key.root, key.code) == ("ProcessOrder", "Transfer")
    assert describe(load_bod("Transfer_dom.xml")) == "ProcessOrder 6b0e3c1a-0203-4a55-9f30-000000000203"


def test_wrong_namespace_is_unsupported(load_bod: Loader) -> None:
    text = samples.load("CalculateOrder.xml").replace(
        b'xmlns:_ord="http://www.ibm.com/xmlns/prod/commerce/9/order"',
        b'xmlns:_ord="http://www.ibm.com/xmlns/prod/commerce/order"')
    bod = parse(text)[0][0]
    with pytest.raises(UnsupportedOperation):
        identify(bod)


def test_unknown_root_is_unsupported() -> None:
    with pytest.raises(UnsupportedOperation, match="root element"):
        identify(parse(b'<x:SyncThing xmlns:x="http://www.ibm.com/xmlns/prod/commerce/9/order"/>'))


def test_unknown_action_code_and_profile(load_bod: Loader) -> None:
    bod = load_bod("ReserveInventory.xml")
    bod.find(".//{*}ActionExpression").set("actionCode", "Bogus")
    with pytest.raises(UnsupportedOperation, match="action code"):
        identify(bod)
    bod = load_bod("GetOrder_oqc_list.xml")
    expression = bod.find(".//{*}Expression")
    expression.text = "{_wcf.ap=IBM_Nope}/Order"
    with pytest.raises(UnsupportedOperation, match="access profile"):
        identify(bod)


def test_missing_verb_and_bad_prefix(load_bod: Loader) -> None:
    bod = load_bod("GetOrder_oqc_list.xml")
    bod.find(".//{*}Expression").text = "{_wcf.ap=IBM_Summary/Order"
    with pytest.raises(BadExpression):
        identify(bod)
    process = load_bod("CalculateOrder.xml")
    verb = process.find(".//{*}Process")
    verb.getparent().remove(verb)
    with pytest.raises(InvalidMessage):
        identify(process)
