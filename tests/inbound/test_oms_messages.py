"""The four OMS messages against our XSD subset: everything we send (and the reference receiver answers)
validates, and the subset refuses what Commerce's schema would refuse."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lxml import etree

from simulator.bod import oms
from simulator.bod.envelope import unwrap
from simulator.bod.errors import InvalidMessage
from simulator.bod.xmlsafe import parse
from simulator.client.oms_port import OmsPort
from simulator.client.receiver import ReceiverServer
from simulator.domain.outbox import PushKind
from simulator.push.render import render
from simulator.push.runner import push_target
from simulator.push.sender import Sender

from .conftest import dispatcher_for, drain, make_backend, phone_order, settings_for, stocked_parts

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)


def sent_bods(receiver: ReceiverServer) -> list[etree._Element]:
    """The BODs of every OMS push a phone order with payments makes: preprocess, approve, deposit, reverse."""
    settings = settings_for(receiver, payments=True)
    backend = make_backend(settings)
    order = phone_order(backend, stocked_parts(backend, 2))
    drain(dispatcher_for(backend, settings))  # priced, then approved
    backend.lifecycle.change_order(order.external_order_id, "ship", [order.lines[0].line_id])
    backend.lifecycle.change_order(order.external_order_id, "cancel")
    records = [r for r in backend.outbox.listing([]).items
               if r.kind in (PushKind.PREPROCESS_SALES_ORDER, PushKind.PROCESS_PAYMENT_ACTION)]
    return [render(record, NOW) for record in records]


def test_every_message_we_send_validates(receiver: ReceiverServer) -> None:
    bods = sent_bods(receiver)
    names = [etree.QName(str(b.tag)).localname for b in bods]
    assert names == ["PreprocessSalesOrder", "ProcessPaymentAction", "ProcessPaymentAction", "ProcessPaymentAction"]
    actions = [oms.parse_payment_actions(b)[0].action for b in bods[1:]]
    assert actions == ["approve", "deposit", "reverseApprovedPayment"]
    for bod in bods:
        oms.validate_oms(bod)


def test_the_reference_receivers_answers_validate(receiver: ReceiverServer) -> None:
    port = OmsPort(list_prices={})
    for bod in sent_bods(receiver):
        kind, _, _, answer = port.answer(bod)
        assert answer is not None
        expected = "ShowSalesOrder" if kind == "PreprocessSalesOrder" else "AcknowledgePaymentAction"
        assert etree.QName(str(answer.tag)).localname == expected
        oms.validate_oms(answer)


def test_the_request_goes_to_the_oms_port_with_credentials(receiver: ReceiverServer) -> None:
    settings = settings_for(receiver, push_user="wcsadmin", push_password="pw")
    backend = make_backend(settings)
    phone_order(backend, stocked_parts(backend, 1))
    (record,) = backend.outbox.listing([]).items
    target = push_target(settings)
    assert target is not None
    request = Sender(target).request(record)
    assert request.full_url == receiver.url + "/webapp/wcs/services/OMSWebServiceEngine"
    assert request.get_header("Soapaction") == f'"{oms.OMS_SOAP_ACTION}"'
    envelope = parse(request.data)  # type: ignore[arg-type]
    assert unwrap(envelope).bod.tag == oms.PREPROCESS_SALES_ORDER
    assert b"<wsse:Username>wcsadmin</wsse:Username>" in request.data  # type: ignore[operator]


def _preprocess() -> etree._Element:
    from simulator.bod.application_area import new_area

    area = new_area("b1", NOW, (("storeId", "10001"),))
    line = oms.SalesLine("1", "P-1", Decimal(2), "C62", "USD", Decimal("1.50"))
    return oms.build_preprocess_sales_order(area, oms.SalesOrder("O1", "buyer", "10001", "USD", (line,)))


def test_the_subset_refuses_a_sales_order_without_its_document_id() -> None:
    bod = _preprocess()
    oms.validate_oms(bod)
    broken = copy.deepcopy(bod)
    document = broken.find(".//{*}SalesOrderHeader/{*}DocumentID")
    assert document is not None
    document.getparent().remove(document)  # type: ignore[union-attr]
    with pytest.raises(InvalidMessage, match="schema violation"):
        oms.validate_oms(broken)


def test_the_subset_refuses_lines_out_of_order_and_unknown_actions() -> None:
    bod = copy.deepcopy(_preprocess())
    line = bod.find(".//{*}SalesOrderLine")
    assert line is not None
    quantity = line.find("{*}Quantity")
    assert quantity is not None
    line.remove(quantity)
    line.insert(0, quantity)
    with pytest.raises(InvalidMessage):
        oms.validate_oms(bod)
    from simulator.bod.application_area import new_area

    payment = oms.build_process_payment_action(
        new_area("b2", NOW), (oms.PaymentAction("approve", Decimal(1), "USD", "O1", "10001", "R1"),)
    )
    oms.validate_oms(payment)
    action = payment.find(".//{*}PaymentAction/{*}Action")
    assert action is not None
    action.text = "refund"
    with pytest.raises(InvalidMessage):
        oms.validate_oms(payment)
