"""Commerce's inbound side for the reference client: a small WSGI app taking the back office's pushes.

SyncOrder, ChangeOrder, SyncInventoryAvailability, SyncOrganization and SyncPerson update a client-side order
view, availability cache and member view, and are answered with ConfirmBOD. Tests can make it fail (HTTP 500
with a SOAP Fault, or a ConfirmBOD failure) and read everything it received, in arrival order.
The OMS port (PreprocessSalesOrder, ProcessPaymentAction) is answered by `oms_port.OmsPort`.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Self
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from lxml import etree

from simulator.bod.application_area import new_area
from simulator.bod.envelope import SoapVersion, credentials, fault_bytes, serialize, unwrap
from simulator.bod.errors import BodError
from simulator.bod.genb.member import build_confirm_bod
from simulator.bod.messages import BusinessError
from simulator.bod.oms import is_oms_request
from simulator.bod.push import ReceivedPush, parse_push
from simulator.bod.xmlsafe import parse
from simulator.client.oms_port import OmsPort

InventoryCallback = Callable[[str, str, str, Decimal], None]
"""on_inventory(part_number, store_id, status, quantity)."""
MAX_BODY = 1024 * 1024


@dataclass
class OrderView:
    """What the storefront shows of an order: its statuses as the back office last reported them."""

    order_id: str
    external_order_id: str | None = None
    status: str | None = None
    line_status: dict[str, str] = field(default_factory=dict)
    time_shipped: dict[str, datetime] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Received:
    """One push as it arrived."""

    kind: str
    bod_id: str | None
    action: str
    username: str | None
    authorization: str | None


class CommerceReceiver:
    """The WSGI app. `fail_next(n)` answers the next n pushes with HTTP 500; `down = True` fails all of them."""

    def __init__(self, on_inventory: InventoryCallback | None = None, require_user: str | None = None) -> None:
        self.on_inventory = on_inventory
        self.require_user = require_user
        self.down = False
        self.refuse = False  # answer ConfirmBOD with a BODFailureMessage instead of success
        self.orders: dict[str, OrderView] = {}
        self.availability: dict[tuple[str, str], tuple[str, Decimal]] = {}
        self.organizations: dict[str, dict[str, Any]] = {}
        self.persons: dict[str, dict[str, Any]] = {}
        self.received: list[Received] = []
        self.failed = 0
        self._fail_next = 0
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self.oms = OmsPort()

    def fail_next(self, count: int) -> None:
        """Answer the next `count` pushes with HTTP 500."""
        with self._lock:
            self._fail_next = count

    def wait_for(self, predicate: Callable[[CommerceReceiver], bool], timeout: float = 10.0) -> bool:
        """Wait (bounded) until the predicate holds over what was received."""
        with self._arrived:
            return self._arrived.wait_for(lambda: predicate(self), timeout)

    def kinds(self) -> list[str]:
        """The kinds of every push accepted so far, in order."""
        with self._lock:
            return [r.kind for r in self.received]

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(min(length, MAX_BODY)) if length else b""
        status, answer = self.handle(body, environ.get("HTTP_AUTHORIZATION"))
        start_response(status, [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(answer)))])
        return [answer]

    def handle(self, body: bytes, authorization: str | None = None) -> tuple[str, bytes]:
        """Apply one push; returns the HTTP status line and the answer."""
        with self._lock:
            if self.down or self._fail_next > 0:
                self._fail_next = max(0, self._fail_next - 1)
                self.failed += 1
                return "500 Internal Server Error", fault_bytes("Server", "Commerce is down", SoapVersion.SOAP11)
        try:
            unwrapped = unwrap(parse(body))
            if is_oms_request(unwrapped.bod):
                return self._oms(unwrapped.bod, unwrapped.header, authorization)
            push = parse_push(unwrapped.bod)
        except (BodError, etree.XMLSyntaxError) as exc:
            return "500 Internal Server Error", fault_bytes("Client", str(exc), SoapVersion.SOAP11)
        token = credentials(unwrapped.header)
        username = token.username if token else None
        errors = self._errors(username)
        if not errors:
            self._apply(push, username, authorization)
        area = new_area(str(uuid.uuid4()), datetime.now(UTC))
        return "200 OK", serialize(build_confirm_bod(area, push.area, errors), SoapVersion.SOAP11)

    def _oms(
        self, bod: etree._Element, header: etree._Element | None, authorization: str | None
    ) -> tuple[str, bytes]:
        token = credentials(header)
        username = token.username if token else None
        if self.require_user is not None and username != self.require_user:
            return "500 Internal Server Error", fault_bytes(
                "Client", f"user {username!r} may not call the OMS port", SoapVersion.SOAP11
            )
        kind, bod_id, action, answer = self.oms.answer(bod)
        with self._arrived:
            self.received.append(Received(kind, bod_id, action, username, authorization))
            self._arrived.notify_all()
        if answer is None:
            return "500 Internal Server Error", fault_bytes("Server", f"{kind} failed in Commerce", SoapVersion.SOAP11)
        return "200 OK", serialize(answer, SoapVersion.SOAP11)

    def _errors(self, username: str | None) -> list[BusinessError]:
        if self.refuse:
            return [BusinessError("_ERR_REFUSED", "the receiver refuses pushes", "Refused")]
        if self.require_user is not None and username != self.require_user:
            return [BusinessError("_ERR_AUTHENTICATION", f"user {username!r} may not push", "Auth")]
        return []

    def _apply(self, push: ReceivedPush, username: str | None, authorization: str | None) -> None:
        updates: list[tuple[str, str, str, Decimal]] = []
        with self._arrived:
            for order in push.orders:
                self._order(order.order_id or order.external_order_id or "", order)
            for record in push.availability:
                key = (record.key.item, record.key.location)
                self.availability[key] = (record.status, record.quantity)
                updates.append((*key, record.status, record.quantity))
            for organization in push.organizations:
                self.organizations[organization.dn] = {"action": push.action, "name": organization.name}
            for person in push.persons:
                self.persons[person.logon_id] = {"action": push.action, "dn": person.dn, "email": person.email}
            self.received.append(Received(push.kind, push.area.bod_id, push.action, username, authorization))
            self._arrived.notify_all()
        if self.on_inventory is not None:
            for update in updates:
                self.on_inventory(*update)

    def _order(self, key: str, order: Any) -> None:
        view = self.orders.setdefault(key, OrderView(key))
        view.external_order_id = order.external_order_id or view.external_order_id
        view.status = order.status or view.status
        for line in order.lines:
            item = line.item_id or line.external_item_id or ""
            if line.status:
                view.line_status[item] = line.status
            if line.time_shipped is not None:
                view.time_shipped[item] = line.time_shipped


def cache_updater(cache: Any, availability_type: Callable[..., Any]) -> InventoryCallback:
    """An on_inventory callback writing into a storefront's availability cache keyed (part, store)."""

    def update(part_number: str, store_id: str, status: str, quantity: Decimal) -> None:
        cache.put((part_number, store_id), availability_type(part_number, status, quantity))

    return update


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""


class LoopbackServer:
    """A WSGI app on a real HTTP server (wsgiref, a thread), on loopback."""

    def __init__(self, app: Callable[..., Iterable[bytes]], host: str = "127.0.0.1", port: int = 0) -> None:
        self._server: WSGIServer = make_server(host, port, app, handler_class=_Quiet)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        """http://host:port of the server."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        """Serve in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


class ReceiverServer(LoopbackServer):
    """The receiver of pushes on loopback."""

    def __init__(self, receiver: CommerceReceiver, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(receiver, host, port)
        self.receiver = receiver

    @property
    def url(self) -> str:
        """The base URL to give the simulator as --push-url."""
        return self.base_url
