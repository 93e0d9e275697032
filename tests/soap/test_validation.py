"""Schema validation through real servers: strict (default), lenient, and a Commerce toolkit folder (--schema-dir)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from support.process import Simulator

from simulator.bod import samples
from simulator.bod.namespaces import OA, SOAP11, SOAP12

pytestmark = pytest.mark.slow

SERVICES = "/services/InventoryServices"
SOAP11_TYPE = "text/xml; charset=utf-8"
TOOLKIT = Path(__file__).parent / "toolkit_schemas" / "component-services" / "xsd"
AVAILABILITY = "GetInventoryAvailability_partnumber_store_name.xml"
CREATION = "<oa:CreationDateTime>2024-05-14T10:15:30.123Z</oa:CreationDateTime>"
BODID = "<oa:BODID>6b0e3c1a-0003-4a55-9f30-000000000003</oa:BODID>"


def start(tmp_path_factory: pytest.TempPathFactory, name: str, *extra: str) -> Simulator:
    return Simulator(tmp_path_factory.mktemp(name) / "sim.db", workers=2, extra=extra).start()


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    running = start(tmp_path_factory, "strict")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def lenient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    running = start(tmp_path_factory, "lenient", "--validation", "lenient")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def toolkit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    running = start(tmp_path_factory, "toolkit", "--schema-dir", str(TOOLKIT))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def replacements(strict: Simulator) -> list[tuple[bytes, bytes]]:
    """The golden samples' ids (store 553 / AuroraB2B / FULO-0101...) mapped to the seeded world's."""
    stores = strict.get("/_admin/stores")
    online, physical = stores["online_stores"][0], stores["physical_stores"][0]
    first, second = strict.get("/_admin/catalog?limit=2")["items"]
    buyer = strict.get("/_admin/buyers?limit=1")["items"][0]
    order = strict.get(f"/_admin/orders?limit=1&buyer_dn={buyer['dn'].replace(' ', '%20')}")["items"]
    external_order = order[0]["external_order_id"] if order else "EXT-000042"
    store_id = online["store_id"]
    pairs = [
        (">553<", f">{store_id}<"),
        ("'553'", f"'{store_id}'"),
        ("AuroraB2B", online["identifier"]),
        ("FULO-0101", first["part_number"]),
        ("TOOL-0202", second["part_number"]),
        ("TOOL-[0202]", second["part_number"]),
        (">10251<", f">{first['catentry_id']}<"),
        (">10252<", f">{second['catentry_id']}<"),
        ("Store_Toronto_01", physical["external_id"]),
        (">10501<", f">{physical['store_id']}<"),
        ("'10501'", f"'{physical['store_id']}'"),
        ("uid=buyer1,o=acme industrial,o=root organization", buyer["dn"]),
        ("o=acme industrial,o=root organization", buyer["org_dn"]),
        ("'buyer1'", f"'{buyer['logon_id']}'"),
        ("EXT-000042", external_order),
    ]
    return [(old.encode(), new.encode()) for old, new in pairs]


def sample(name: str, replacements: list[tuple[bytes, bytes]]) -> bytes:
    body = samples.load(name)
    for old, new in replacements:
        body = body.replace(old, new)
    return body


def swap(body: bytes, old: str, new: str) -> bytes:
    assert old.encode() in body, old
    return body.replace(old.encode(), new.encode())


def fault_reason(body: bytes) -> str:
    root = etree.fromstring(body)
    reason = root.findtext(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault/faultstring")
    if reason is None:
        reason = root.findtext(f".//{{{SOAP12}}}Reason/{{{SOAP12}}}Text")
    assert reason is not None, body[:400]
    return reason


def answered(body: bytes, response_root: str) -> etree._Element:
    """The BOD of a successful answer (no Fault, no ResponseCriteria error)."""
    root = etree.fromstring(body)
    bod = root.find(f"{{{SOAP11}}}Body/*")
    assert bod is not None and etree.QName(bod).localname == response_root, body[:400]
    assert bod.find(f".//{{{OA}}}ReasonCode") is None, body[:800]
    return bod


SCHEMA_VIOLATIONS = {
    "unknown element in ApplicationArea": ((BODID, BODID + "<oa:Frobnicator>1</oa:Frobnicator>"), "Frobnicator"),
    "elements out of order": ((CREATION + "\n      " + BODID, BODID + CREATION), "BODID"),
    "missing CreationDateTime": ((CREATION, ""), "CreationDateTime"),
}


@pytest.mark.parametrize("case", sorted(SCHEMA_VIOLATIONS))
def test_strict_refuses_a_schema_violation_naming_the_element(
    strict: Simulator, replacements: list[tuple[bytes, bytes]], case: str
) -> None:
    (old, new), element = SCHEMA_VIOLATIONS[case]
    status, body = strict.post(SERVICES, swap(sample(AVAILABILITY, replacements), old, new), SOAP11_TYPE)
    assert status == 500
    reason = fault_reason(body)
    assert "schema violation" in reason and element in reason, reason
    assert b"Client.InvalidMessage" in body


@pytest.mark.parametrize("case", sorted(set(SCHEMA_VIOLATIONS) - {"missing CreationDateTime"}))
def test_lenient_accepts_and_answers_the_same_request(
    lenient: Simulator, replacements: list[tuple[bytes, bytes]], case: str
) -> None:
    (old, new), _ = SCHEMA_VIOLATIONS[case]
    status, body = lenient.post(SERVICES, swap(sample(AVAILABILITY, replacements), old, new), SOAP11_TYPE)
    assert status == 200, body[:600]
    show = answered(body, "ShowInventoryAvailability")
    assert show.findall(".//{*}InventoryAvailability"), body[:800]


def test_lenient_still_needs_the_creation_date_time_it_echoes(
    lenient: Simulator, replacements: list[tuple[bytes, bytes]]
) -> None:
    # Not a schema check: the codec copies it into OriginalApplicationArea, so even lenient refuses, clearly.
    status, body = lenient.post(SERVICES, swap(sample(AVAILABILITY, replacements), CREATION, ""), SOAP11_TYPE)
    assert status == 500
    reason = fault_reason(body)
    assert "CreationDateTime" in reason and "schema violation" not in reason, reason


def test_lenient_still_refuses_what_it_cannot_read(lenient: Simulator) -> None:
    status, body = lenient.post(SERVICES, b"<!DOCTYPE x []><x/>", SOAP11_TYPE)
    assert status == 500 and "DTD" in fault_reason(body)


@pytest.mark.parametrize("name", samples.names())
def test_every_golden_sample_passes_strict_validation(
    strict: Simulator, replacements: list[tuple[bytes, bytes]], name: str
) -> None:
    status, body = strict.post(SERVICES, sample(name, replacements), SOAP11_TYPE)
    assert status == 200, f"{name}: {body[:600]!r}"
    assert b"Fault>" not in body
    assert b"schema violation" not in body


def test_toolkit_schema_refuses_what_the_bundled_schema_allows(
    strict: Simulator, toolkit: Simulator, replacements: list[tuple[bytes, bytes]]
) -> None:
    without_bodid = swap(sample(AVAILABILITY, replacements), BODID, "")
    status, body = strict.post(SERVICES, without_bodid, SOAP11_TYPE)
    assert status == 200, body[:600]
    answered(body, "ShowInventoryAvailability")

    status, body = toolkit.post(SERVICES, without_bodid, SOAP11_TYPE)
    assert status == 500
    reason = fault_reason(body)
    assert "schema violation" in reason and "BODID" in reason, reason


def test_toolkit_requires_its_business_context(toolkit: Simulator, replacements: list[tuple[bytes, bytes]]) -> None:
    body = sample(AVAILABILITY, replacements)
    start, end = body.index(b"<_wcf:BusinessContext>"), body.index(b"</_wcf:BusinessContext>")
    status, answer = toolkit.post(SERVICES, body[:start] + body[end + len(b"</_wcf:BusinessContext>"):], SOAP11_TYPE)
    assert status == 500 and "BusinessContext" in fault_reason(answer)


def test_toolkit_schema_answers_a_valid_request(toolkit: Simulator, replacements: list[tuple[bytes, bytes]]) -> None:
    status, body = toolkit.post(SERVICES, sample(AVAILABILITY, replacements), SOAP11_TYPE)
    assert status == 200, body[:600]
    show = answered(body, "ShowInventoryAvailability")
    assert show.findall(".//{*}InventoryAvailability")


def test_a_bod_missing_from_the_toolkit_folder_gets_a_clear_fault(
    toolkit: Simulator, replacements: list[tuple[bytes, bytes]]
) -> None:
    assert not (TOOLKIT / "OAGIS/9.0/Overlays/IBM/Commerce/BODs/GetPriceList.xsd").exists()
    status, body = toolkit.post("/services/PriceServices", sample("GetPriceList.xml", replacements), SOAP11_TYPE)
    assert status == 500
    reason = fault_reason(body)
    assert "no schema for GetPriceList" in reason and "GetPriceList.xsd" in reason, reason


def test_a_toolkit_schema_that_does_not_compile_gets_a_clear_fault(
    toolkit: Simulator, replacements: list[tuple[bytes, bytes]]
) -> None:
    status, body = toolkit.post("/services/OrderServices", sample("GetQuote_oqc_list.xml", replacements), SOAP11_TYPE)
    assert status == 500
    reason = fault_reason(body)
    assert "GetQuote.xsd" in reason and "does not compile" in reason, reason
