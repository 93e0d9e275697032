"""Reads and discards the rest of a refused oversize body, so a plain client reads the answer instead of a reset."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

CHUNK = 64 * 1024
# How much of a refused body is read before giving up on the client and closing: beyond this a client sending
# garbage forever would hold a worker, so it gets the answer after a reset like any server would give it.
DRAIN_LIMIT = 64 * 1024 * 1024


class DrainRefusedBodies:
    """WSGI layer: after refusing a body over the limit (or a chunked one), what the client is still sending is
    read to its end and dropped.

    A server that answers before reading and then closes makes the kernel reset the connection while the client
    is still writing, and the client sees a broken pipe instead of the answer; draining first lets it finish."""

    def __init__(self, app: WsgiApp, max_body_bytes: int, limit: int = DRAIN_LIMIT) -> None:
        self._app = app
        self._max_body_bytes = max_body_bytes
        self._limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        declared = environ.get("CONTENT_LENGTH")
        if not declared and not environ.get("HTTP_TRANSFER_ENCODING"):
            return self._app(environ, start_response)
        if declared and declared.isdigit() and int(declared) <= self._max_body_bytes:
            return self._app(environ, start_response)  # the common case: nothing can be refused for its size
        if "100-continue" in str(environ.get("HTTP_EXPECT", "")).lower():
            return self._app(environ, start_response)  # the client waits for a word before it sends the body
        refused: list[bool] = []

        def watching(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            refused.append(status[:1] in ("4", "5"))
            return start_response(status, headers, *rest)

        answer = self._app(environ, watching)
        if refused and refused[0]:
            answer = list(answer)  # the answer is complete before the socket is read again
            drain(environ, self._limit)
        return answer


def drain(environ: dict[str, Any], limit: int) -> int:
    """Read what is left of the request body, at most `limit` bytes; the count read."""
    stream = environ.get("wsgi.input")
    if stream is None:
        return 0
    declared = str(environ.get("CONTENT_LENGTH") or "")
    remaining = min(int(declared), limit) if declared.isdigit() else limit
    total = 0
    try:
        while total < remaining:
            piece = stream.read(min(CHUNK, remaining - total))
            if not piece:
                break
            total += len(piece)
    except (OSError, ValueError):  # the client went away: nothing left to protect
        pass
    return total
