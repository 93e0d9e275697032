"""A loopback HTTP proxy adding lognormal latency per request: stands in for back-office latency."""

from __future__ import annotations

import argparse
import http.client
import math
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


class DelayProxy(ThreadingHTTPServer):
    """Forwards each request to `upstream` after sleeping a lognormal time (median `median_ms`, shape `sigma`)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, upstream: str, median_ms: float, sigma: float, max_ms: float,
                 seed: int | None = None) -> None:
        parts = urlsplit(upstream)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1") or parts.scheme != "http":
            raise ValueError(f"the upstream must be a loopback http URL, not {upstream!r}")
        super().__init__(("127.0.0.1", port), _Handler)
        self.upstream = (parts.hostname, parts.port or 80)
        self.mu = math.log(median_ms / 1000) if median_ms > 0 else None
        self.sigma = sigma
        self.max_s = max_ms / 1000
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def delay(self) -> float:
        """One latency draw in seconds (bounded by max_ms)."""
        if self.mu is None:
            return 0.0
        with self._lock:
            return min(self._random.lognormvariate(self.mu, self.sigma), self.max_s)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: DelayProxy

    def do_GET(self) -> None:
        self._forward()

    def do_POST(self) -> None:
        self._forward()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        time.sleep(self.server.delay())
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        try:
            status, received, payload = self._upstream(headers, body)
        except (OSError, http.client.HTTPException):
            self._upstream_connection(reset=True)
            self.send_error(502, "upstream unreachable")
            return
        self.send_response(status)
        for name, value in received:
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _upstream(self, headers: dict[str, str], body: bytes | None) -> tuple[int, list[tuple[str, str]], bytes]:
        for attempt in (1, 2):
            connection = self._upstream_connection()
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                return response.status, response.getheaders(), response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self._upstream_connection(reset=True)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _upstream_connection(self, reset: bool = False) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection | None = getattr(self, "_connection", None)
        if reset and connection is not None:
            connection.close()
            connection = None
        if connection is None:
            host, port = self.server.upstream
            connection = http.client.HTTPConnection(host, port, timeout=30)
            self._connection = connection
        return connection

    def finish(self) -> None:
        super().finish()
        connection = getattr(self, "_connection", None)
        if connection is not None:
            connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load.delay_proxy", description=__doc__)
    parser.add_argument("--upstream", required=True, help="the simulator's base URL (loopback)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: a free one, printed)")
    parser.add_argument("--median-ms", type=float, default=20.0)
    parser.add_argument("--sigma", type=float, default=0.6)
    parser.add_argument("--max-ms", type=float, default=2000.0, help="no delay is longer than this")
    parser.add_argument("--lifetime", type=float, required=True, help="seconds after which the proxy stops itself")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    proxy = DelayProxy(args.port, args.upstream, args.median_ms, args.sigma, args.max_ms, args.seed)
    stopper = threading.Timer(args.lifetime, proxy.shutdown)
    stopper.daemon = True
    stopper.start()
    print(f"listening {proxy.url}", flush=True)
    try:
        proxy.serve_forever(poll_interval=0.2)
    finally:
        proxy.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
