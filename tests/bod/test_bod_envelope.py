"""SOAP envelopes: unwrap 1.1, 1.2 and bare BODs; credentials; faults; wrapping."""

from __future__ import annotations

import pytest
from lxml import etree

from simulator.bod import envelope, samples
from simulator.bod.errors import BadExpression, InvalidMessage
from simulator.bod.namespaces import SOAP11, SOAP12
from simulator.bod.xmlsafe import parse

BOD = b'<x:Bod xmlns:x="urn:x"><x:Part/></x:Bod>'


def _envelope(namespace: str, body: bytes, header: bytes = b"") -> bytes:
    return b"".join((f'<e:Envelope xmlns:e="{namespace}">'.encode(), header, b"<e:Body>", body,
                     b"</e:Body></e:Envelope>"))


@pytest.mark.parametrize(("namespace", "version"), [(SOAP11, envelope.SoapVersion.SOAP11),
                                                     (SOAP12, envelope.SoapVersion.SOAP12)])
def test_unwraps_both_soap_versions(namespace: str, version: envelope.SoapVersion) -> None:
    unwrapped = envelope.unwrap(parse(_envelope(namespace, BOD)))
    assert unwrapped.version is version
    assert etree.QName(unwrapped.bod).localname == "Bod"


def test_accepts_bare_bod() -> None:
    unwrapped = envelope.unwrap(parse(BOD))
    assert unwrapped.version is envelope.SoapVersion.NONE
    assert unwrapped.header is None


def test_refuses_body_with_two_children() -> None:
    with pytest.raises(InvalidMessage, match="exactly one"):
        envelope.unwrap(parse(_envelope(SOAP11, BOD + BOD)))


def test_reads_username_token() -> None:
    unwrapped = envelope.unwrap(parse(samples.load("GetInventoryAvailability_catentry_online_id.xml")))
    assert envelope.credentials(unwrapped.header) == envelope.Credentials("wcsadmin", "passw0rd")
    assert envelope.credentials(None) is None


@pytest.mark.parametrize("version", list(envelope.SoapVersion))
def test_wraps_in_the_same_version(version: envelope.SoapVersion) -> None:
    bod = parse(BOD)
    again = envelope.unwrap(parse(envelope.serialize(bod, version)))
    assert again.version is version
    assert etree.tostring(again.bod, method="c14n", exclusive=True) == etree.tostring(bod, method="c14n")
    assert envelope.unwrap(envelope.wrap(bod, version)).version is version


def test_soap11_fault_carries_code_string_and_detail() -> None:
    fault = parse(envelope.fault_for(InvalidMessage("bad", "Order"), envelope.SoapVersion.SOAP11))
    assert fault.findtext(".//faultcode") == "soapenv:Client.InvalidMessage"
    assert "bad" in (fault.findtext(".//faultstring") or "")
    assert fault.find(".//detail") is not None


def test_soap12_fault_uses_sender_and_subcode() -> None:
    fault = parse(envelope.fault_for(BadExpression("nope"), envelope.SoapVersion.SOAP12))
    values = [v.text for v in fault.iter(f"{{{SOAP12}}}Value")]
    assert values == ["env:Sender", "bs:BadExpression"]
    assert envelope.SoapVersion.SOAP12.content_type.startswith("application/soap+xml")
