"""The /services endpoints as a lean WSGI app: size check, safe parse, dispatch on the BOD root, validate, answer.

Dispatch looks only at the BOD root element and its action code or access profile, never at SOAPAction, the
URL path below /services or envelope prefixes, so any service path (and plain /services) accepts any BOD.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from simulator.bod import schema, xmlsafe
from simulator.bod.dispatch import Operation, identify
from simulator.bod.envelope import (
    SoapVersion,
    Unwrapped,
    envelope_bytes,
    fault_bytes,
    fault_for,
    unwrap,
)
from simulator.bod.errors import BodError, MalformedMessage
from simulator.bod.parsed import take_parsed
from simulator.bod.wsdl import SERVICES, schema_files, schema_text, wsdl_text
from simulator.faults.effects import Reply, call_wsgi
from simulator.soap.calls import Call
from simulator.soap.express import ExpressLane
from simulator.soap.operations import Operations
from simulator.soap.spyne_services import Answer, SpyneOrderServices

log = logging.getLogger(__name__)

SPYNE_OPERATIONS = frozenset(
    {
        Operation.CALCULATE_ORDER,
        Operation.TRANSFER_ORDER,
        Operation.GET_ORDER_SUMMARY,
        Operation.GET_ORDER_DETAILS,
        Operation.SUBMIT_QUOTE,
        Operation.GET_QUOTE_SUMMARY,
        Operation.GET_QUOTE_DETAILS,
    }
)

PREFIX = "/services"
SCHEMA_PREFIX = "/services/xsd/"
StartResponse = Callable[..., Any]
Environ = dict[str, Any]


@dataclass(frozen=True, slots=True)
class GatewaySettings:
    """How strictly requests are checked."""

    max_body_bytes: int = 1024 * 1024
    validation: str = "strict"
    schema_dir: str | None = None


class SoapGateway:
    """WSGI app for every path under /services."""

    def __init__(self, operations: Operations, settings: GatewaySettings) -> None:
        self._operations = operations
        self._settings = settings
        self._spyne = SpyneOrderServices()
        bundled_strict = settings.validation == "strict" and not settings.schema_dir
        self.express = ExpressLane(operations.get_inventory_availability, bundled_strict)
        """GetInventoryAvailability answered without the general dispatch, for the fault layer to offer it."""

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        headers: list[tuple[str, str]] = []
        if method == "POST":
            outcome = self.post(environ)
            if isinstance(outcome, SpyneRoute):
                return self._through_spyne(environ, start_response, outcome)
            status, content_type, body = outcome
        elif method in ("GET", "HEAD"):
            status, content_type, body = self.get(path, environ)
        else:
            status, content_type, body = "405 Method Not Allowed", "text/plain", b"use POST for SOAP requests\n"
            headers.append(("Allow", "GET, HEAD, POST"))
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))), *headers])
        return [b"" if method == "HEAD" else body]

    def answer(self, environ: Environ) -> Reply:
        """A POST answered as one complete Reply, as __call__ would answer it (the fault middleware's fast way in)."""
        outcome = self.post(environ)
        if isinstance(outcome, SpyneRoute):
            route = outcome
            return call_wsgi(lambda env, start: self._through_spyne(env, start, route), environ)
        status, content_type, body = outcome
        return Reply(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))], body)

    def _through_spyne(self, environ: Environ, start_response: StartResponse, route: SpyneRoute) -> Iterable[bytes]:
        environ = {**environ, "wsgi.input": io.BytesIO(route.body), "CONTENT_LENGTH": str(len(route.body))}
        return self._spyne(environ, start_response, route.soap12, route.answer)

    def post(self, environ: Environ) -> tuple[str, str, bytes] | SpyneRoute:
        """Answer one SOAP request; a fault for anything malformed or invalid, never an exception."""
        version = SoapVersion.declared_by(str(environ.get("CONTENT_TYPE", "")))  # until the envelope says otherwise
        try:
            parsed = take_parsed(environ)
            if parsed is None:
                body = self._read_body(environ)
                unwrapped, known, area = self._parse(body), None, None
            else:
                body, unwrapped, known, area = parsed.body, parsed.unwrapped, parsed.key, parsed.area
            version = unwrapped.version if unwrapped.version is not SoapVersion.NONE else version
            key = known or identify(unwrapped.bod)
            self._validate(unwrapped.bod)
            call = Call(unwrapped.bod, unwrapped.version, area, key.expression)
            handler = self._operations.handlers[key.operation]
            if key.operation in SPYNE_OPERATIONS and unwrapped.version is not SoapVersion.NONE:
                return SpyneRoute(body, version is SoapVersion.SOAP12, lambda: handler(call))
            return "200 OK", version.content_type, envelope_bytes(handler(call), unwrapped.version)
        except TooLarge as exc:
            return "413 Request Entity Too Large", version.content_type, fault_for(exc.error, version)
        except BodError as exc:
            return "500 Internal Server Error", version.content_type, fault_for(exc, version)
        except Exception:
            log.exception("unexpected failure answering a SOAP request")
            fault = fault_bytes("Server", "the simulator failed to process the request", version)
            return "500 Internal Server Error", version.content_type, fault

    def _parse(self, body: bytes) -> Unwrapped:
        return unwrap(xmlsafe.parse(body, self._settings.max_body_bytes))

    def _read_body(self, environ: Environ) -> bytes:
        limit = self._settings.max_body_bytes
        declared = environ.get("CONTENT_LENGTH") or ""
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(MalformedMessage(f"the request body of {declared} bytes is over the {limit} byte limit"))
        # Ask for exactly the declared length: servers allocate what read() asks for.
        wanted = int(declared) if declared.isdigit() else limit + 1
        body: bytes = environ["wsgi.input"].read(wanted)
        if len(body) > limit:
            raise TooLarge(MalformedMessage(f"the request body is over the {limit} byte limit"))
        return body

    def _validate(self, bod: etree._Element) -> None:
        if self._settings.validation != "strict":
            return
        if self._settings.schema_dir:
            schema.validate_with_toolkit(bod, self._settings.schema_dir)
        else:
            schema.validate(bod)

    def get(self, path: str, environ: Environ) -> tuple[str, str, bytes]:
        """WSDLs (`?wsdl`) and the schemas they import."""
        base = _base_url(environ)
        if path.startswith(SCHEMA_PREFIX):
            name = path.removeprefix(SCHEMA_PREFIX)
            if name in schema_files():
                return "200 OK", "application/xml; charset=utf-8", schema_text(name, base + SCHEMA_PREFIX).encode()
            return "404 Not Found", "text/plain", f"no schema named {name}\n".encode()
        service = path.removeprefix(PREFIX).strip("/")
        if environ.get("QUERY_STRING", "").lower() in ("wsdl", "wsdl=") and service in SERVICES:
            text = wsdl_text(service, base + SCHEMA_PREFIX, f"{base}{PREFIX}/{service}")
            return "200 OK", "text/xml; charset=utf-8", text.encode()
        return "404 Not Found", "text/plain", f"GET {PREFIX}/<{'|'.join(SERVICES)}>?wsdl for a WSDL\n".encode()


@dataclass(frozen=True, slots=True)
class SpyneRoute:
    """A checked request that Spyne's OrderServices answers."""

    body: bytes
    soap12: bool
    answer: Answer


class TooLarge(Exception):
    """The body is over the configured limit."""

    def __init__(self, error: BodError) -> None:
        super().__init__(str(error))
        self.error = error


def _base_url(environ: Environ) -> str:
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
