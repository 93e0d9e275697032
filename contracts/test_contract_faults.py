"""Malformed requests: a SOAP 1.1 Fault with HTTP 500, never a BOD and never a dropped connection."""

from __future__ import annotations

import pytest

from conformance import requests as rq
from conformance.checks import check_fault
from conformance.data import Needs
from conformance.target import Target

MALFORMED = {
    "unclosed-tags": b'<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/'
                     b'envelope/"><soapenv:Body><_inv:GetInventoryAvailability',
    "not-xml": b"this is not XML",
    "empty-body": b"",
}


@pytest.mark.parametrize("service", ["InventoryServices", "PriceServices", "OrderServices"])
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_xml_is_a_soap_fault(target: Target, service: str, case: str) -> None:
    check_fault(target.post_soap(service, MALFORMED[case]))


def test_a_bod_missing_its_application_area_is_a_soap_fault(target: Target, needs: Needs) -> None:
    data = needs("store_id", "store_name", "part")
    request = rq.availability_request(data, [rq.by_part_and_store_name(data, data.part or "")])
    area = request.bod.find(rq.paths("ApplicationArea"))
    assert area is not None
    request.bod.remove(area)
    check_fault(target.post_soap(request.service, request.to_bytes()))
