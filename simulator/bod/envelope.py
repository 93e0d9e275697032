"""SOAP 1.1 / 1.2 envelopes: unwrap a request, wrap a response, build Faults, read a UsernameToken."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final
from xml.sax.saxutils import escape

from lxml import etree

from simulator.bod._xml import child, find, text
from simulator.bod.errors import BodError, InvalidMessage
from simulator.bod.namespaces import FAULT, SOAP11, SOAP12, qname

XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"


PARSED_ENVIRON_KEY = "backoffice_sim.parsed"
"""WSGI environ key where a middleware leaves the request it already parsed (a simulator.bod.parsed.Parsed)."""


class SoapVersion(Enum):
    """The envelope a message came in (NONE: a bare BOD was posted)."""

    NONE = ""
    SOAP11 = SOAP11
    SOAP12 = SOAP12

    @property
    def content_type(self) -> str:
        if self is SoapVersion.SOAP12:
            return "application/soap+xml; charset=utf-8"
        return "text/xml; charset=utf-8"

    @classmethod
    def declared_by(cls, content_type: str) -> SoapVersion:
        """The version a request's Content-Type names before its envelope is read (SOAP 1.2: application/soap+xml)."""
        return cls.SOAP12 if "application/soap+xml" in content_type.lower() else cls.SOAP11


_ENVELOPES = {qname(SOAP11, "Envelope"): SoapVersion.SOAP11, qname(SOAP12, "Envelope"): SoapVersion.SOAP12}
_HEADER_AND_BODY = {v: (qname(v.value, "Header"), qname(v.value, "Body")) for v in _ENVELOPES.values()}


@dataclass(frozen=True, slots=True)
class Credentials:
    """A WS-Security UsernameToken."""

    username: str
    password: str | None


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """The BOD root found in a request, its envelope version and the SOAP Header (if any)."""

    bod: etree._Element
    version: SoapVersion
    header: etree._Element | None = None


def unwrap(root: etree._Element) -> Unwrapped:
    """Find the BOD inside a SOAP 1.1 or 1.2 envelope, or accept a bare BOD."""
    version = _ENVELOPES.get(str(root.tag))
    if version is None:
        return Unwrapped(root, SoapVersion.NONE)
    header_tag, body_tag = _HEADER_AND_BODY[version]
    header = child(root, header_tag)
    body = child(root, body_tag)
    if body is None:
        raise InvalidMessage("the SOAP envelope has no Body", "Envelope/Body")
    parts = [part for part in body if isinstance(part.tag, str)]
    if len(parts) != 1:
        raise InvalidMessage(f"the SOAP Body must hold exactly one BOD, found {len(parts)}", "Envelope/Body")
    return Unwrapped(parts[0], version, header)


def credentials(header: etree._Element | None) -> Credentials | None:
    """Return the WS-Security UsernameToken of a SOAP Header, if one is present."""
    if header is None:
        return None
    token = find(header, "Security/UsernameToken")
    username = text(token, "Username")
    if token is None or username is None:
        return None
    return Credentials(username, text(token, "Password"))


def envelope_bytes(bod_xml: bytes, version: SoapVersion) -> bytes:
    """Wrap an already serialized BOD (no XML declaration) in the given envelope."""
    opening, closing = _ENVELOPE_BYTES[version]
    return b"".join((opening, bod_xml, closing))


def serialize(bod: etree._Element, version: SoapVersion) -> bytes:
    """Serialize a BOD element inside the given envelope."""
    return envelope_bytes(bod_bytes(bod), version)


def bod_bytes(bod: etree._Element) -> bytes:
    """A BOD serialized on its own: UTF-8, no XML declaration (what envelope_bytes wraps)."""
    return etree.tostring(bod, encoding="UTF-8", xml_declaration=False)


def wrap(bod: etree._Element, version: SoapVersion) -> etree._Element:
    """Return an Envelope element holding (a copy of) the BOD; the BOD itself for NONE."""
    if version is SoapVersion.NONE:
        return bod
    envelope = etree.Element(qname(version.value, "Envelope"), nsmap={_prefix(version): version.value})
    body = etree.SubElement(envelope, qname(version.value, "Body"))
    body.append(etree.fromstring(etree.tostring(bod)))
    return envelope


def fault_bytes(code: str, message: str, version: SoapVersion, detail: str | None = None) -> bytes:
    """Build a SOAP Fault (SOAP 1.1 when the request had no envelope)."""
    if version is SoapVersion.SOAP12:
        return _fault12(code, message, detail)
    return _fault11(code, message, detail)


def fault_for(error: BodError, version: SoapVersion) -> bytes:
    """Build the SOAP Fault for a codec error."""
    element = getattr(error, "element", None)
    return fault_bytes(error.fault_code, error.message, version, element)


def _envelope_bytes(version: SoapVersion) -> tuple[bytes, bytes]:
    if version is SoapVersion.NONE:
        return XML_DECLARATION, b""
    prefix = _prefix(version)
    opening = f'<{prefix}:Envelope xmlns:{prefix}="{version.value}"><{prefix}:Body>'.encode()
    return XML_DECLARATION + opening, f"</{prefix}:Body></{prefix}:Envelope>".encode()


def _prefix(version: SoapVersion) -> str:
    return "soapenv" if version is SoapVersion.SOAP11 else "env"


def _fault11(code: str, message: str, detail: str | None) -> bytes:
    detail_xml = (
        f'<detail><bs:error xmlns:bs="{FAULT}">{escape(detail)}</bs:error></detail>' if detail else ""
    )
    body = (
        f"<soapenv:Fault><faultcode>soapenv:{escape(code)}</faultcode>"
        f"<faultstring>{escape(message)}</faultstring>{detail_xml}</soapenv:Fault>"
    )
    return envelope_bytes(body.encode(), SoapVersion.SOAP11)


def _fault12(code: str, message: str, detail: str | None) -> bytes:
    top, _, sub_code = code.partition(".")
    value = "env:Receiver" if top == "Server" else "env:Sender"
    subcode = f"<env:Subcode><env:Value>bs:{escape(sub_code)}</env:Value></env:Subcode>" if sub_code else ""
    detail_xml = f"<env:Detail><bs:error>{escape(detail)}</bs:error></env:Detail>" if detail else ""
    body = (
        f'<env:Fault xmlns:bs="{FAULT}"><env:Code><env:Value>{value}</env:Value>{subcode}</env:Code>'
        f'<env:Reason><env:Text xml:lang="en">{escape(message)}</env:Text></env:Reason>{detail_xml}</env:Fault>'
    )
    return envelope_bytes(body.encode(), SoapVersion.SOAP12)


_ENVELOPE_BYTES: Final = {version: _envelope_bytes(version) for version in SoapVersion}
"""What goes before and after a serialized BOD, per envelope (written once: it is the same on every answer)."""
