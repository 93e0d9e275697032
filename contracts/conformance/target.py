"""The implementation under test over HTTP (stdlib only), and a starter for our own simulator when none is given."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SOAP_CONTENT_TYPE = "text/xml; charset=utf-8"
TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """Status, headers (lower-case names) and body of one HTTP exchange."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class Target:
    """An implementation of the contracts reachable at base_url (SOAP services below services_path)."""

    def __init__(self, base_url: str, services_path: str = "/services") -> None:
        self.base_url = base_url.rstrip("/")
        self.services_path = "/" + services_path.strip("/")

    def service_url(self, service: str) -> str:
        return f"{self.base_url}{self.services_path}/{service}"

    def wsdl_url(self, service: str) -> str:
        return self.service_url(service) + "?wsdl"

    def post_soap(self, service: str, body: bytes, soap_action: str = "") -> HttpResponse:
        """POST a SOAP 1.1 request as Commerce's HTTP-WS connector does."""
        headers = {"Content-Type": SOAP_CONTENT_TYPE, "SOAPAction": f'"{soap_action}"'}
        return request("POST", self.service_url(service), body, headers)

    def get(self, url: str) -> HttpResponse:
        return request("GET", url if "://" in url else self.base_url + url)

    def admin_json(self, path: str) -> Any | None:
        """GET an /_admin resource as JSON; None when the target has no such API or answers an error."""
        try:
            response = self.get("/_admin" + path)
        except OSError:
            return None
        if response.status != 200 or "json" not in response.content_type:
            return None
        return json.loads(response.body)


def request(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> HttpResponse:
    """One HTTP exchange; HTTP error statuses are returned, not raised."""
    prepared = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(prepared, timeout=TIMEOUT) as response:
            return HttpResponse(response.status, _headers(response.headers.items()), response.read())
    except urllib.error.HTTPError as exc:
        return HttpResponse(exc.code, _headers(exc.headers.items()), exc.read())


def _headers(items: Any) -> dict[str, str]:
    return {str(name).lower(): str(value) for name, value in items}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalSimulator:
    """Our own simulator in a subprocess (`python -m simulator serve`) on a free loopback port."""

    def __init__(self, workers: int = 2) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="contracts-")
        self.port = free_port()
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None
        self._log = Path(self._folder.name) / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> LocalSimulator:
        db = Path(self._folder.name) / "contracts.db"
        command = [sys.executable, "-m", "simulator", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--db", str(db), "--workers", str(self.workers)]
        with self._log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_healthy(timeout)
        return self

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"the simulator exited: {self._log.read_text(errors='replace')[-2000:]}")
            try:
                if request("GET", self.url + "/_admin/health").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"the simulator did not answer {self.url}/_admin/health within {timeout:.0f}s")

    def stop(self) -> None:
        """Stop the process group this starter created (by its own id), then remove the database."""
        process = self.process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        self._folder.cleanup()
