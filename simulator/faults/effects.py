"""What each fault effect does to an answer: a replacement reply, a transformed body, or a stream that misbehaves."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from simulator.bod.envelope import SoapVersion, envelope_bytes, fault_bytes
from simulator.bod.messages import ApplicationArea
from simulator.faults.business import business_error_bod
from simulator.faults.facts import Facts
from simulator.faults.rules import Effect, rng_for

PLACEHOLDER_BYTES = 1024


class InjectedDisconnect(Exception):
    """Raised inside a response body on purpose: the server then drops the connection mid-response."""


@dataclass(frozen=True, slots=True)
class Reply:
    """A complete HTTP answer."""

    status: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    @property
    def code(self) -> int:
        """The numeric status."""
        return int(self.status.split(" ", 1)[0])

    def with_body(self, body: bytes) -> Reply:
        """The same answer with another body (Content-Length follows)."""
        return replace(self, headers=self.headers_announcing(len(body)), body=body)

    def headers_announcing(self, length: int) -> list[tuple[str, str]]:
        """Its headers with Content-Length set to `length`."""
        return [*((k, v) for k, v in self.headers if k.lower() != "content-length"), ("Content-Length", str(length))]


def call_wsgi(app: Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]], environ: dict[str, Any]) -> Reply:
    """Run a WSGI app to completion and keep its whole answer."""
    captured: list[Any] = []
    written: list[bytes] = []

    def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        captured[:] = [status, list(headers)]
        return written.append

    result = app(environ, start)
    try:
        body = b"".join([*written, *result])
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return Reply(captured[0], captured[1], body)


@dataclass(frozen=True, slots=True)
class Streamed:
    """An answer whose body is produced slowly or cut short."""

    status: str
    headers: list[tuple[str, str]]
    chunks: Iterator[bytes]


def _content_type(version: SoapVersion) -> list[tuple[str, str]]:
    return [("Content-Type", version.content_type)]


def refusal(effect: Effect, facts: Facts, area: Callable[[], ApplicationArea]) -> Reply | None:
    """The answer of an effect that stops the request before the back office sees it, else None.

    `area` makes the response ApplicationArea (a new BODID): called only by an effect that answers with a BOD, so
    other faults leave the BODID sequence alone.
    """
    version = facts.version
    retry = [("Retry-After", str(effect.retry_after))] if effect.retry_after is not None else []
    if effect.type == "http_status":
        body = f"{effect.message}\n".encode()
        return Reply(_status_line(effect.status), [("Content-Type", "text/plain; charset=utf-8"), *retry], body)
    if effect.type == "soap_fault":
        body = fault_bytes(effect.code, effect.message, version)
        return Reply(_status_line(effect.status), [*_content_type(version), *retry], body)
    if effect.type == "business_error" and facts.bod is not None:
        bod = business_error_bod(facts.operation, facts.bod, area(), effect.reason_code, effect.message)
        if bod is not None:
            return Reply("200 OK", _content_type(version), envelope_bytes(bod, version))
        fault = fault_bytes("Server." + effect.reason_code, effect.message, version)
        return Reply("500 Internal Server Error", _content_type(version), fault)
    if effect.type == "business_error":
        fault = fault_bytes("Client", "the request is not a BOD this back office answers", version)
        return Reply("500 Internal Server Error", _content_type(version), fault)
    return None


def transform(effect: Effect, reply: Reply, draw: int, seed: int) -> Reply | Streamed:
    """An answer the back office produced, spoiled the way the effect says."""
    body = reply.body
    if effect.type == "truncated_body":
        return reply.with_body(body[: int(len(body) * effect.fraction)])
    if effect.type == "malformed_body":
        noise = rng_for(seed, draw, "noise").randbytes(max(64, len(body) // 2))
        return replace(reply, status="200 OK").with_body(body[: len(body) // 3] + noise)
    if effect.type == "dribble":
        return _dribble(reply, effect)
    if effect.type == "connection_reset":
        return cut(reply, keep=len(body) // 2)
    if effect.type == "empty_response":
        return cut(reply, keep=0)
    return reply


def unprocessed_cut(effect: Effect, facts: Facts) -> Streamed:
    """A connection dropped before the back office saw the request (headers are all a WSGI server lets out)."""
    planned = Reply("200 OK", _content_type(facts.version), b" " * PLACEHOLDER_BYTES)
    return cut(planned, keep=PLACEHOLDER_BYTES // 2 if effect.type == "connection_reset" else 0)


def cut(reply: Reply, keep: int) -> Streamed:
    """Announce the whole body, send `keep` bytes of it, then drop the connection."""
    headers = reply.headers_announcing(max(len(reply.body), keep + 1))

    def chunks() -> Iterator[bytes]:
        if keep:
            yield reply.body[:keep]
        raise InjectedDisconnect("fault injected by backoffice-sim: connection dropped mid-response")

    return Streamed(reply.status, headers, chunks())


def _dribble(reply: Reply, effect: Effect) -> Streamed:
    body = reply.body
    count = max(1, min(effect.chunks, len(body)))
    size = -(-len(body) // count)
    pause = effect.duration_ms / 1000.0 / count
    headers = reply.headers_announcing(len(body))

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), size):
            time.sleep(pause)
            yield body[start : start + size]

    return Streamed(reply.status, headers, chunks())


def _status_line(status: int) -> str:
    from http import HTTPStatus

    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Injected Fault"
