"""Request facts: reading the ApplicationArea once gives exactly what a walk of the whole BOD gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.bod import xmlsafe
from simulator.bod.dispatch import identify
from simulator.bod.envelope import SoapVersion, unwrap
from simulator.faults import facts as facts_module
from simulator.faults.facts import read_facts

SAMPLES = sorted((Path(facts_module.__file__).parents[1] / "bod" / "samples").glob("*.xml"))
FIELDS = ("operation", "action_code", "bod_id", "commerce_order_id", "part_numbers", "organizations", "stores")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_facts_from_the_parsed_area_match_a_full_walk(sample: Path) -> None:
    body = sample.read_bytes()
    fast = read_facts(body, "/services", "", "text/xml", 1 << 20)
    unwrapped = unwrap(xmlsafe.parse(body))
    walked = facts_module._facts("", "/services", SoapVersion.SOAP11, unwrapped, identify(unwrapped.bod), None)
    assert fast.area is not None, "every sample has a readable ApplicationArea"
    assert {f: getattr(fast, f) for f in FIELDS} == {f: getattr(walked, f) for f in FIELDS}
    assert fast.bod_id, "every sample names its BODID"


def test_availability_facts_name_the_part_store_and_bodid() -> None:
    sample = next(p for p in SAMPLES if p.stem == "GetInventoryAvailability_partnumber_store_name")
    facts = read_facts(sample.read_bytes(), "/services/InventoryServices", "t1", "text/xml", 1 << 20)
    assert facts.operation == "GetInventoryAvailability"
    assert facts.service == "InventoryServices"
    assert facts.part_numbers and all(facts.part_numbers)
    assert facts.store_id is not None
    assert facts.tenant == "t1"


def test_unreadable_body_gives_facts_without_an_operation() -> None:
    facts = read_facts(b"<not-closed>", "/services/OrderServices", "", "text/xml", 1 << 20)
    assert facts.operation == ""
    assert facts.service == "OrderServices"
    assert facts.unwrapped is None
