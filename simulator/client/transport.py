"""HTTP transports for the client: stdlib keep-alive connections per thread, or an in-process WSGI app."""

from __future__ import annotations

import http.client
import io
import select
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """What came back for one POST: status, headers (lower-case names) and body."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class Transport(Protocol):
    """Posts one request body to a URL and returns the response."""

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> HttpResponse: ...


class HttpTransport:
    """http.client with one persistent keep-alive connection per (thread, host).

    A kept-alive connection the server has closed while it sat idle is noticed before it is used again (its socket
    reads as ready: the server's close is waiting there) and replaced. A request is never sent twice: a connection
    that drops after the request went out may have been processed (a reservation made, an order transferred), so
    the failure is the caller's to see, as Commerce would see it.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> HttpResponse:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        key = (parts.scheme, parts.netloc)
        connection = self._connection(key, timeout)
        try:
            connection.request("POST", target or "/", body=body, headers=dict(headers))
            response = connection.getresponse()
            payload = response.read()
        except BaseException:
            self._drop(key)
            raise
        received = {name.lower(): value for name, value in response.getheaders()}
        if received.get("connection", "").lower() == "close":
            self._drop(key)
        return HttpResponse(response.status, received, payload)

    def close(self) -> None:
        """Close this thread's connections."""
        for connection in self._connections().values():
            connection.close()
        self._connections().clear()

    def _connections(self) -> dict[tuple[str, str], http.client.HTTPConnection]:
        found: dict[tuple[str, str], http.client.HTTPConnection] | None = getattr(self._local, "connections", None)
        if found is None:
            found = {}
            self._local.connections = found
        return found

    def _connection(self, key: tuple[str, str], timeout: float) -> http.client.HTTPConnection:
        connections = self._connections()
        existing = connections.get(key)
        if existing is not None and not _closed_by_peer(existing):
            return existing
        self._drop(key)
        scheme, netloc = key
        factory = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        connection = factory(netloc, timeout=timeout)
        connections[key] = connection
        return connection

    def _drop(self, key: tuple[str, str]) -> None:
        connection = self._connections().pop(key, None)
        if connection is not None:
            connection.close()


def _closed_by_peer(connection: http.client.HTTPConnection) -> bool:
    """Whether an idle kept-alive connection can no longer be used: nothing should be waiting to be read on it."""
    sock = connection.sock
    if sock is None:
        return False  # not connected yet (or closed by us): http.client connects on the next request
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


class WsgiTransport:
    """Calls a WSGI app in-process (for tests and scenario runs without a server)."""

    def __init__(self, app: WsgiApp) -> None:
        self._app = app

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> HttpResponse:
        parts = urlsplit(url)
        captured: dict[str, Any] = {}

        def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: object = None) -> None:
            captured["status"] = int(status.split(" ", 1)[0])
            captured["headers"] = {name.lower(): value for name, value in response_headers}

        chunks = self._app(_environ(parts.path, parts.query, parts.hostname, parts.port, body, headers), start_response)
        try:
            payload = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        return HttpResponse(captured["status"], captured["headers"], payload)


def _environ(
    path: str, query: str, host: str | None, port: int | None, body: bytes, headers: Mapping[str, str]
) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": path or "/",
        "QUERY_STRING": query,
        "SERVER_NAME": host or "localhost",
        "SERVER_PORT": str(port or 80),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key != "CONTENT_LENGTH":
            environ[f"HTTP_{key}"] = value
    return environ
