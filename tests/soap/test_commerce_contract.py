"""Our contract against Commerce's: what Commerce sends is accepted in strict mode, what we answer validates."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from lxml import etree
from support.process import Simulator

from simulator.bod import availability, order, price, quote, samples
from simulator.bod.application_area import new_area
from simulator.bod.genb import order as genb_order
from simulator.bod.genb import product_availability
from simulator.bod.messages import ApplicationArea, RecordSet
from simulator.bod.namespaces import OA, SOAP11, XSI
from simulator.bod.schema import SCHEMA_DIR, bundled_schema

pytestmark = pytest.mark.slow

SOAP11_TYPE = "text/xml; charset=utf-8"
ORDERS = "/services/OrderServices"
MEMBERS = "/services/MemberServices"
SHIP_TO = b"""<wcf:ContactEntry>
            <wcf:ContactInfo>
              <wcf:Address type="S">
                <wcf:AddressLine>100 Main Street</wcf:AddressLine>
                <wcf:City>Toronto</wcf:City>
                <wcf:StateOrProvinceName>ON</wcf:StateOrProvinceName>
                <wcf:Country>CA</wcf:Country>
                <wcf:PostalCode>M5V 2T6</wcf:PostalCode>
              </wcf:Address>
              <wcf:Email>buyer1@acme.example.com</wcf:Email>
            </wcf:ContactInfo>
            <wcf:ContactName>Buyer One</wcf:ContactName>
          </wcf:ContactEntry>"""
# The contact as Commerce's ProcessOrder mapping reads it: Address (and phones, e-mail) straight under ContactEntry.
SHIP_TO_AS_COMMERCE_SENDS = {
    "address directly under the entry": b"""<wcf:ContactEntry>
            <wcf:Address type="S">
              <wcf:AddressLine>100 Main Street</wcf:AddressLine>
              <wcf:AddressLine>Suite 4</wcf:AddressLine>
              <wcf:City>Toronto</wcf:City>
              <wcf:Country>CA</wcf:Country>
              <wcf:PostalCode>M5V 2T6</wcf:PostalCode>
            </wcf:Address>
            <wcf:Telephone>416-555-0100</wcf:Telephone>
            <wcf:Email>buyer1@acme.example.com</wcf:Email>
            <wcf:ContactName>Buyer One</wcf:ContactName>
          </wcf:ContactEntry>""",
    "Commerce's own AcknowledgeOrder shape": b"""<wcf:ContactEntry>
            <wcf:Address>
              <wcf:AddressLine>100 Main Street</wcf:AddressLine><wcf:AddressLine></wcf:AddressLine>
              <wcf:AddressLine></wcf:AddressLine><wcf:City>Toronto</wcf:City>
              <wcf:StateOrProvinceName>ON</wcf:StateOrProvinceName><wcf:Country>CA</wcf:Country>
              <wcf:PostalCode>M5V 2T6</wcf:PostalCode>
            </wcf:Address>
            <wcf:ContactName />
          </wcf:ContactEntry>""",
    "a person name after the address": b"""<wcf:ContactEntry>
            <wcf:Address><wcf:AddressLine>100 Main Street</wcf:AddressLine><wcf:City>Toronto</wcf:City></wcf:Address>
            <wcf:ContactName><wcf:FirstName>Buyer</wcf:FirstName><wcf:LastName>One</wcf:LastName></wcf:ContactName>
          </wcf:ContactEntry>""",
    "address only, no name": b"""<wcf:ContactEntry>
            <wcf:Address><wcf:AddressLine>100 Main Street</wcf:AddressLine></wcf:Address>
          </wcf:ContactEntry>""",
}


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(tmp_path_factory.mktemp("commerce-contract") / "sim.db") as running:  # strict by default
        yield running


def answer(body: bytes, root: str) -> etree._Element:
    """The response BOD, after checking it is no Fault and validates against our bundled schema."""
    envelope = etree.fromstring(body)
    bod = envelope.find(f"{{{SOAP11}}}Body/*")
    assert bod is not None and etree.QName(bod).localname == root, body[:800]
    assert bundled_schema().validate(bod), bundled_schema().error_log.last_error
    return bod


def show_verb(bod: etree._Element) -> etree._Element:
    show = bod.find(f".//{{{OA}}}Show")
    assert show is not None
    return show


@pytest.mark.parametrize("case", sorted(SHIP_TO_AS_COMMERCE_SENDS))
def test_strict_mode_accepts_a_genb_transfer_whose_ship_to_carries_the_address_itself(
    sim: Simulator, case: str
) -> None:
    body = samples.load("genb_TransferOrder.xml")
    assert SHIP_TO in body
    status, answered = sim.post(ORDERS, body.replace(SHIP_TO, SHIP_TO_AS_COMMERCE_SENDS[case]), SOAP11_TYPE)
    assert status == 200 and b"Fault>" not in answered, answered[:800]
    answer(answered, "AcknowledgeOrder")


@pytest.mark.parametrize(
    ("bogus", "named"),
    [
        (SHIP_TO.replace(b"<wcf:ContactInfo>", b"<wcf:Frobnicator/><wcf:ContactInfo>"), b"Frobnicator"),
        (b"<wcf:ContactEntry><wcf:ContactName>x</wcf:ContactName><wcf:Address/></wcf:ContactEntry>", b"Address"),
    ],
    ids=["unknown element", "ContactName before the address"],
)
def test_strict_mode_still_refuses_a_contact_entry_commerce_would_not_send(
    sim: Simulator, bogus: bytes, named: bytes
) -> None:
    body = samples.load("genb_TransferOrder.xml")
    status, answered = sim.post(ORDERS, body.replace(SHIP_TO, bogus), SOAP11_TYPE)
    assert status == 500 and named in answered, answered[:800]


def test_strict_mode_accepts_context_data_without_a_name(sim: Simulator) -> None:
    body = samples.load("genb_GetOrder_customer.xml")
    old = b'<wcf:ContextData name="langId">-1</wcf:ContextData>'
    assert old in body
    status, answered = sim.post(ORDERS, body.replace(old, old + b"<wcf:ContextData>x</wcf:ContextData>"), SOAP11_TYPE)
    assert status == 200 and b"Fault>" not in answered, answered[:800]


def test_an_empty_genb_order_history_carries_no_record_count(sim: Simulator) -> None:
    body = samples.load("genb_GetOrder_customer.xml")
    old = b"uid=buyer1,o=acme industrial"
    assert old in body
    nobody = f"uid=nobody{os.getpid()},o=acme industrial".encode()
    status, answered = sim.post(ORDERS, body.replace(old, nobody), SOAP11_TYPE)
    assert status == 200, answered[:800]
    bod = answer(answered, "ShowOrder")
    assert bod.find(".//{*}OrderHeader") is None, "the unknown customer has no orders"
    show = show_verb(bod)
    assert show.get("recordSetCount") is None and show.get("recordSetTotal") is None, dict(show.attrib)
    assert show.get("recordSetCompleteIndicator") == "true"


def test_confirm_bod_validates_against_oagis_alone(sim: Simulator) -> None:
    # ConfirmBOD's schema imports OAGIS only: an xsi:type naming the gen-B foundation cannot be resolved there.
    status, answered = sim.post(MEMBERS, samples.load("genb_CreateOrganization.xml"), SOAP11_TYPE)
    assert status == 200, answered[:800]
    bod = answer(answered, "ConfirmBOD")
    original = bod.find(f".//{{{OA}}}OriginalApplicationArea")
    assert original is not None and original.get(f"{{{XSI}}}type") is None
    oagis = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "oagis.xsd")))
    assert oagis.validate(bod), oagis.error_log.last_error


def test_our_schema_refuses_a_zero_record_count() -> None:
    bod = etree.fromstring(_price_list_show(RecordSet(count=1, total=1)))
    assert bundled_schema().validate(bod)
    show_verb(bod).set("recordSetCount", "0")
    assert not bundled_schema().validate(bod)
    assert "recordSetCount" in str(bundled_schema().error_log.last_error)


def _price_list_show(record_set: RecordSet) -> bytes:
    built = price.build_show_price_list_response([], _area(), _area())
    show_verb(built).attrib.update({"recordSetCount": str(record_set.count), "recordSetTotal": str(record_set.total)})
    return etree.tostring(built)


def _area() -> ApplicationArea:
    return new_area("6b0e3c1a-0003-4a55-9f30-000000000009", datetime(2024, 5, 14, 10, 15, 30, tzinfo=UTC))


EMPTY_SHOWS: dict[str, Callable[[], etree._Element]] = {
    "gen-C ShowOrder": lambda: order.build_show_order_response([], _area(), _area(), detail=False),
    "gen-C ShowQuote": lambda: quote.build_show_quote_response([], _area(), _area(), detail=True),
    "gen-C ShowPriceList": lambda: price.build_show_price_list_response([], _area(), _area()),
    "gen-C ShowInventoryAvailability": lambda: availability.build_show_inventory_availability_response(
        [], _area(), _area()
    ),
    "gen-B ShowProductAvailability": lambda: product_availability.build_show_product_availability(
        [], _area(), _area()
    ),
    "gen-B ShowOrder": lambda: genb_order.build_show_order([], _area(), _area(), RecordSet(0, 0, 1, True)),
}


@pytest.mark.parametrize("name", sorted(EMPTY_SHOWS))
def test_every_empty_show_omits_its_counts_and_validates(name: str) -> None:
    bod = EMPTY_SHOWS[name]()
    show = show_verb(bod)
    assert show.get("recordSetCount") is None and show.get("recordSetTotal") is None, dict(show.attrib)
    assert bundled_schema().validate(bod), bundled_schema().error_log.last_error


OPTIONAL_IN_COMMERCE_SCHEMA = {
    "gen-C unit price without a Price": (
        "TransferOrder.xml",
        b'<_wcf:UnitPrice><_wcf:Price currency="USD">40.00000</_wcf:Price>',
        b"<_wcf:UnitPrice>",
    ),
    "gen-B business context with an intent": (
        "genb_TransferOrder.xml",
        b"<wcf:BusinessContext>",
        b'<wcf:BusinessContext intent="Store">',
    ),
}


@pytest.mark.parametrize("case", sorted(OPTIONAL_IN_COMMERCE_SCHEMA))
def test_strict_mode_accepts_what_commerce_schema_leaves_optional(sim: Simulator, case: str) -> None:
    name, old, new = OPTIONAL_IN_COMMERCE_SCHEMA[case]
    body = samples.load(name)
    assert old in body
    status, answered = sim.post(ORDERS, body.replace(old, new, 1), SOAP11_TYPE)
    assert b"Fault>" not in answered and b"schema violation" not in answered, answered[:800]
    assert status == 200


def test_a_change_verb_takes_oagis_response_code_not_process_acknowledge_code() -> None:
    template = (
        '<_ord:ChangeOrder xmlns:_ord="http://www.ibm.com/xmlns/prod/commerce/9/order" '
        'xmlns:oa="http://www.openapplications.org/oagis/9" releaseID="9.0">'
        "<oa:ApplicationArea><oa:CreationDateTime>2024-05-14T10:15:30Z</oa:CreationDateTime></oa:ApplicationArea>"
        "<_ord:DataArea><oa:Change {attribute}><oa:ActionCriteria>"
        '<oa:ActionExpression actionCode="Change" expressionLanguage="XPath">/Order/OrderStatus</oa:ActionExpression>'
        "</oa:ActionCriteria></oa:Change><_ord:Order/></_ord:DataArea></_ord:ChangeOrder>"
    )
    assert bundled_schema().validate(etree.fromstring(template.format(attribute='responseCode="Always"')))
    assert not bundled_schema().validate(etree.fromstring(template.format(attribute='acknowledgeCode="Always"')))
