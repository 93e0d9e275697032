"""Raw HTTP helpers for the fault tests: admin calls, SOAP posts that tolerate broken answers, captured requests."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from support.commerce import client_for
from support.process import Simulator

from simulator.client import BackOfficeClient
from simulator.client.transport import HttpResponse


@dataclass
class Raw:
    """An HTTP answer read by hand (status, headers, body), or the error reading it raised."""

    status: int = 0
    body: bytes = b""
    headers: dict[str, str] | None = None
    error: BaseException | None = None


class Wire:
    """Raw HTTP to the simulator: admin JSON calls and SOAP posts that tolerate broken answers."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.url = sim.url

    def admin(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        raw = self.request(method, path, None if body is None else json.dumps(body).encode(),
                           {"Content-Type": "application/json", **(headers or {})})
        assert raw.error is None, raw.error
        assert raw.status < 400, (raw.status, raw.body)
        return json.loads(raw.body) if raw.body else None

    def get(self, path: str) -> Any:
        return self.admin("GET", path)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                timeout: float = 30) -> Raw:
        conn = http.client.HTTPConnection("127.0.0.1", self.sim.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            raw = Raw(response.status, headers=dict(response.getheaders()))
            raw.body = response.read()
            return raw
        except (OSError, http.client.HTTPException) as exc:
            return Raw(error=exc)
        finally:
            conn.close()

    def rule(self, rule: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = self.admin("POST", "/_admin/faults", rule)
        return found


class Captured(Exception):
    """Carries a request body the recording transport refused to send."""

    def __init__(self, body: bytes, headers: Mapping[str, str]) -> None:
        super().__init__("captured")
        self.body = body
        self.headers = dict(headers)


class Recording:
    """A transport that sends nothing: it hands the SOAP request back as Captured."""

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> HttpResponse:
        raise Captured(body, headers)


def soap_request(wire: Wire, call: Callable[[BackOfficeClient], object]) -> tuple[bytes, dict[str, str]]:
    """The bytes and headers the reference client would post for `call`."""
    recorder = client_for(wire.sim, transport=Recording())
    try:
        call(recorder)
    except Captured as captured:
        return captured.body, captured.headers
    raise AssertionError("the call sent nothing")


def post_soap(wire: Wire, request: tuple[bytes, dict[str, str]], timeout: float = 30,
              headers: dict[str, str] | None = None) -> Raw:
    """POST a captured SOAP request to InventoryServices."""
    body, sent = request
    return wire.request("POST", "/services/InventoryServices", body, {**sent, **(headers or {})}, timeout)
