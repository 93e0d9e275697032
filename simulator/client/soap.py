"""SOAP on the client side: wrap a request BOD (with an optional UsernameToken), unwrap the answer or its Fault."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from simulator.bod import xmlsafe
from simulator.bod.envelope import SoapVersion, unwrap
from simulator.bod.errors import BodError
from simulator.bod.namespaces import SOAP11, SOAP12, WSSE, qname
from simulator.client.errors import ProtocolError, SoapFault
from simulator.client.transport import HttpResponse

PASSWORD_TEXT = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText"
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
_PREFIX = {SoapVersion.SOAP11: "soapenv", SoapVersion.SOAP12: "env"}


@dataclass(frozen=True, slots=True)
class UsernameToken:
    """WS-Security UsernameToken credentials (PasswordText), as the HTTP-WS connector sends them."""

    username: str
    password: str | None = None


def envelope(bod: etree._Element, version: SoapVersion, token: UsernameToken | None = None) -> bytes:
    """Serialize a request BOD inside a SOAP 1.1 or 1.2 envelope, with a Security header when credentials are set."""
    if version is SoapVersion.NONE:
        return etree.tostring(bod, encoding="UTF-8", xml_declaration=True)
    soap = version.value
    root = etree.Element(qname(soap, "Envelope"), nsmap={_PREFIX[version]: soap})
    if token is not None:
        _security_header(etree.SubElement(root, qname(soap, "Header")), soap, token)
    etree.SubElement(root, qname(soap, "Body")).append(bod)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _security_header(header: etree._Element, soap: str, token: UsernameToken) -> None:
    security = etree.SubElement(header, qname(WSSE, "Security"), nsmap={"wsse": WSSE})
    security.set(qname(soap, "mustUnderstand"), "1" if soap == SOAP11 else "true")
    username_token = etree.SubElement(security, qname(WSSE, "UsernameToken"))
    etree.SubElement(username_token, qname(WSSE, "Username")).text = token.username
    if token.password is not None:
        password = etree.SubElement(username_token, qname(WSSE, "Password"), Type=PASSWORD_TEXT)
        password.text = token.password


def response_bod(response: HttpResponse) -> etree._Element:
    """The BOD inside a response envelope; raise SoapFault for a Fault, ProtocolError for anything unusable."""
    try:
        body = unwrap(xmlsafe.parse(response.body, MAX_RESPONSE_BYTES)).bod
    except BodError as exc:
        raise ProtocolError(f"unreadable response: {exc.message}", response.status) from None
    if body.tag in (qname(SOAP11, "Fault"), qname(SOAP12, "Fault")):
        raise fault_of(body, response.status)
    if response.status != 200:
        raise ProtocolError(f"HTTP {response.status} without a SOAP Fault", response.status)
    return body


def fault_of(fault: etree._Element, http_status: int) -> SoapFault:
    """A SoapFault from a SOAP 1.1 or 1.2 Fault element."""
    if fault.tag == qname(SOAP12, "Fault"):
        return _fault12(fault, http_status)
    code = _local(fault.findtext("faultcode") or "Server")
    return SoapFault(code, (fault.findtext("faultstring") or "").strip(), http_status, _detail(fault.find("detail")))


def _fault12(fault: etree._Element, http_status: int) -> SoapFault:
    value = _local(fault.findtext(f"{{{SOAP12}}}Code/{{{SOAP12}}}Value") or "Receiver")
    code = {"Sender": "Client", "Receiver": "Server"}.get(value, value)
    sub_code = fault.findtext(f"{{{SOAP12}}}Code/{{{SOAP12}}}Subcode/{{{SOAP12}}}Value")
    if sub_code:
        code = f"{code}.{_local(sub_code)}"
    message = fault.findtext(f"{{{SOAP12}}}Reason/{{{SOAP12}}}Text") or ""
    return SoapFault(code, message.strip(), http_status, _detail(fault.find(f"{{{SOAP12}}}Detail")))


def _local(value: str) -> str:
    return value.strip().rpartition(":")[2]


def _detail(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    value = "".join(element.itertext()).strip()
    return value or None
