"""Deliver one push: a SOAP 1.1 POST to Commerce's inbound service, and the ConfirmBOD (or Fault) read back."""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

from lxml import etree

from simulator.bod import oms, push
from simulator.bod.envelope import unwrap
from simulator.bod.errors import BodError
from simulator.bod.genb.member import parse_confirm_bod
from simulator.bod.xmlsafe import parse
from simulator.domain.outbox import PushKind, PushRecord
from simulator.push.render import render

ORDER_PATH: Final = "/webapp/wcs/services/OrderServices"
INVENTORY_PATH: Final = "/webapp/wcs/component/inventory/services/InventoryServices"
MEMBER_PATH: Final = "/webapp/wcs/services/MemberServices"
OMS_PATH: Final = "/webapp/wcs/services/OMSWebServiceEngine"
_SOAP_ACTIONS: Final = {
    PushKind.SYNC_ORDER: "http://www.ibm.com/xmlns/prod/WebSphereCommerce/WebSphereCommerce-OrderServices.wsdl",
    PushKind.CHANGE_ORDER: "http://www.ibm.com/xmlns/prod/WebSphereCommerce/WebSphereCommerce-OrderServices.wsdl",
    PushKind.SYNC_INVENTORY: "http://localhost/services/InventoryServices.wsdl",
    PushKind.SYNC_ORGANIZATION: "http://www.ibm.com/xmlns/prod/WebSphereCommerce/WebSphereCommerce-MemberServices.wsdl",
    PushKind.SYNC_PERSON: "http://www.ibm.com/xmlns/prod/WebSphereCommerce/WebSphereCommerce-MemberServices.wsdl",
    PushKind.PREPROCESS_SALES_ORDER: oms.OMS_SOAP_ACTION,
    PushKind.PROCESS_PAYMENT_ACTION: oms.OMS_SOAP_ACTION,
}
MAX_ANSWER_BYTES: Final = 1024 * 1024


@dataclass(frozen=True, slots=True)
class PushTarget:
    """Where Commerce's inbound services are and how to authenticate to them."""

    base_url: str
    order_path: str = ORDER_PATH
    inventory_path: str = INVENTORY_PATH
    member_path: str = MEMBER_PATH
    username: str | None = None
    password: str | None = None
    auth: str = "wsse"
    timeout: float = 10.0
    validate: bool = True
    extra_headers: dict[str, str] = field(default_factory=dict)
    oms_path: str = OMS_PATH

    def url(self, kind: PushKind) -> str:
        """The service URL of a push kind."""
        path = {
            PushKind.SYNC_ORDER: self.order_path,
            PushKind.CHANGE_ORDER: self.order_path,
            PushKind.SYNC_INVENTORY: self.inventory_path,
            PushKind.PREPROCESS_SALES_ORDER: self.oms_path,
            PushKind.PROCESS_PAYMENT_ACTION: self.oms_path,
        }.get(kind, self.member_path)
        return self.base_url.rstrip("/") + path


class Sender:
    """Sends pushes over HTTP; `deliver` answers None on success, else what went wrong (one line)."""

    def __init__(self, target: PushTarget) -> None:
        self.target = target

    def request(self, record: PushRecord) -> urllib.request.Request:
        """The HTTP request of a push."""
        bod = render(record, datetime.now(UTC))
        if self.target.validate:
            if oms.is_oms_request(bod):
                oms.validate_oms(bod)
            else:
                push.validate_push(bod)
        wsse = self.target.username is not None and self.target.auth in ("wsse", "both")
        body = push.soap11_request(bod, self.target.username if wsse else None, self.target.password)
        headers = {
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": f'"{_SOAP_ACTIONS[record.kind]}"',
            **self.target.extra_headers,
        }
        if self.target.username is not None and self.target.auth in ("basic", "both"):
            token = f"{self.target.username}:{self.target.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        return urllib.request.Request(self.target.url(record.kind), data=body, headers=headers, method="POST")

    def deliver(self, record: PushRecord) -> str | None:
        """Send one push and read the answer."""
        return self.exchange(record).error

    def exchange(self, record: PushRecord) -> Exchange:
        """Send one push; the answer's BOD comes back with it when the push was accepted."""
        try:
            request = self.request(record)
        except BodError as exc:
            return Exchange(f"the push does not render as a valid BOD: {exc.message}")
        try:
            with urllib.request.urlopen(request, timeout=self.target.timeout) as response:
                status, body = response.status, response.read(MAX_ANSWER_BYTES)
        except urllib.error.HTTPError as exc:
            return Exchange(answer_error(exc.code, exc.read(MAX_ANSWER_BYTES)) or f"HTTP {exc.code}")
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return Exchange(f"cannot reach {request.full_url}: {reason}")
        error = answer_error(status, body)
        return Exchange(error, None if error is not None else answer_bod(body))


@dataclass(frozen=True, slots=True)
class Exchange:
    """How one push went: the error, or the BOD Commerce answered (None for an empty or unreadable answer)."""

    error: str | None
    answer: etree._Element | None = None


def answer_bod(body: bytes) -> etree._Element | None:
    """The BOD inside an answer's envelope, if there is one."""
    try:
        return unwrap(parse(body)).bod if body.strip() else None
    except (BodError, etree.XMLSyntaxError):
        return None


def answer_error(status: int, body: bytes) -> str | None:
    """None when the answer confirms the push; otherwise why not."""
    try:
        envelope = parse(body) if body.strip() else None
    except (BodError, etree.XMLSyntaxError):
        envelope = None
    if envelope is not None:
        fault = push.fault_string(envelope)
        if fault is not None:
            return f"HTTP {status}: SOAP Fault: {fault}"
        error = _confirm_error(envelope)
        if error is not None:
            return error
    if status >= 300:
        return f"HTTP {status}"
    return None


def _confirm_error(envelope: etree._Element) -> str | None:
    try:
        bod = unwrap(envelope).bod
        if etree.QName(str(bod.tag)).localname != "ConfirmBOD":
            return None  # another answer (e.g. an Acknowledge): the HTTP status decides
        confirmation = parse_confirm_bod(bod)
    except BodError as exc:
        return f"unreadable ConfirmBOD: {exc.message}"
    if confirmation.success:
        return None
    reasons = "; ".join(f"{e.reason_code}: {e.reason}" for e in confirmation.errors) or "BODFailureMessage"
    return f"ConfirmBOD failure: {reasons}"
