"""A client transport that reports every SOAP call to Locust: request type "soap", the operation as its name."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from simulator.bod.messages import BusinessError
from simulator.client import BusinessFault, Exchange, HttpResponse, HttpTransport, ProtocolError, SoapFault, Transport
from simulator.client.soap import response_bod

SOAP = "soap"
CACHE = "cache"


@dataclass(slots=True)
class _Pending:
    """A POST whose answer has not been named by the client yet."""

    url: str
    started: float
    elapsed_ms: float
    length: int
    response: HttpResponse


class LocustTransport:
    """Times each POST; the client's `on_exchange` hook then names it and fires Locust's request event.

    A SOAP Fault, a business error (ResponseCriteria/ChangeStatus), a non-SOAP answer or a connection error is
    reported as a failure. State is per thread, that is per greenlet under Locust (gevent patches threading.local),
    so one client and its transport can be shared by every user of a Locust process.
    """

    def __init__(self, request_event: Any, inner: Transport | None = None) -> None:
        self._event = request_event
        self._inner = inner or HttpTransport()
        self._local = threading.local()

    def calls_here(self) -> int:
        """Outbound calls made so far by the calling greenlet (tells a cache hit from a miss)."""
        return int(getattr(self._local, "calls", 0))

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> HttpResponse:
        self._flush()
        self._local.calls = self.calls_here() + 1
        started = time.perf_counter()
        try:
            response = self._inner.post(url, body, headers, timeout)
        except Exception as exc:
            self._fire(service(url), started, _ms(started), 0, exc)
            raise
        elapsed = _ms(started)
        if response.status not in (200, 500) or "xml" not in response.content_type:
            problem = ProtocolError(f"HTTP {response.status} {response.content_type or 'no content type'}",
                                    response.status)
            self._fire(service(url), started, elapsed, len(response.body), problem)
        else:
            self._local.pending = _Pending(url, started, elapsed, len(response.body), response)
        return response

    def on_exchange(self, exchange: Exchange) -> None:
        """BackOfficeClient's hook: report the call under its operation name, a failure when it is not a success."""
        pending: _Pending | None = getattr(self._local, "pending", None)
        self._local.pending = None
        if pending is None:
            return
        problem: Exception | None
        if exchange.bod is None:
            problem = fault(pending.response)
        else:
            errors = business_errors(exchange.bod)
            problem = BusinessFault(errors) if errors else None
        self._fire(exchange.operation, pending.started, pending.elapsed_ms, pending.length, problem)

    def close(self) -> None:
        """Close the calling greenlet's keep-alive connection."""
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()

    def _flush(self) -> None:
        """A previous answer the client could not parse (it never reached on_exchange) is a failure."""
        pending: _Pending | None = getattr(self._local, "pending", None)
        if pending is not None:
            self._local.pending = None
            problem = ProtocolError("unusable SOAP answer", pending.response.status)
            self._fire(service(pending.url), pending.started, pending.elapsed_ms, pending.length, problem)

    def _fire(self, name: str, started: float, elapsed_ms: float, length: int, problem: Exception | None) -> None:
        self._event.fire(request_type=SOAP, name=name, response_time=elapsed_ms, response_length=length,
                         exception=problem, context={}, start_time=started)


def business_errors(bod: etree._Element) -> tuple[BusinessError, ...]:
    """The ChangeStatus errors of a response BOD's verb (DataArea/<verb>/ResponseCriteria/ChangeStatus)."""
    found = []
    for status in bod.iterfind("{*}DataArea/{*}*/{*}ResponseCriteria/{*}ChangeStatus"):
        found.append(BusinessError(
            reason_code=status.findtext("{*}ReasonCode") or "",
            reason=" ".join(r.text or "" for r in status.iterfind("{*}Reason")).strip(),
            code=status.findtext("{*}Code") or "",
        ))
    return tuple(found)


def fault(response: HttpResponse) -> Exception:
    """The SoapFault (or ProtocolError) an answer without a BOD stands for."""
    try:
        response_bod(response)
    except (SoapFault, ProtocolError) as exc:
        return exc
    return ProtocolError("answer without a BOD", response.status)


def service(url: str) -> str:
    """A name for a call that failed before its operation was known: the service, e.g. InventoryServices."""
    return urlsplit(url).path.rstrip("/").rpartition("/")[2] or "services"


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
