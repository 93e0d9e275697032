"""HttpTransport: one keep-alive connection per thread, replaced when the server closed it, no request sent twice."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from simulator.client import HttpTransport


class Echo(BaseHTTPRequestHandler):
    """Answers every POST with the client's port; closes the connection when asked to."""

    protocol_version = "HTTP/1.1"
    peers: list[int] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.peers.append(self.client_address[1])
        if body == b"vanish":  # processed, then the connection drops before any answer
            self.close_connection = True
            return
        answer = str(self.client_address[1]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(answer)))
        if body == b"close":
            self.send_header("Connection", "close")
        self.close_connection = body in (b"close", b"drop")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    Echo.peers = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/services/InventoryServices"
    httpd.shutdown()
    httpd.server_close()


def test_requests_of_one_thread_share_one_connection(server: str) -> None:
    transport = HttpTransport()
    answers = [transport.post(server, b"x", {"Content-Type": "text/plain"}, 5) for _ in range(3)]
    assert {a.status for a in answers} == {200} and len(set(Echo.peers)) == 1
    assert answers[0].content_type == "text/plain"
    transport.close()


def test_a_connection_the_server_closed_is_replaced(server: str) -> None:
    transport = HttpTransport()
    transport.post(server, b"close", {}, 5)
    transport.post(server, b"x", {}, 5)
    assert len(set(Echo.peers)) == 2


def test_a_connection_the_server_dropped_while_idle_is_replaced_before_the_next_request(server: str) -> None:
    transport = HttpTransport()
    transport.post(server, b"drop", {}, 5)
    time.sleep(0.2)  # idle: the server's close has arrived
    answer = transport.post(server, b"x", {}, 5)
    assert answer.status == 200 and len(set(Echo.peers)) == 2


def test_a_request_whose_answer_never_comes_is_not_sent_again(server: str) -> None:
    transport = HttpTransport()
    transport.post(server, b"x", {}, 5)  # the next request goes out on a kept-alive connection
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        transport.post(server, b"vanish", {}, 5)
    assert len(Echo.peers) == 2, "the request was sent twice"
    assert transport.post(server, b"x", {}, 5).status == 200


def test_each_thread_has_its_own_connection(server: str) -> None:
    transport = HttpTransport()
    threads = [threading.Thread(target=lambda: [transport.post(server, b"x", {}, 5) for _ in range(2)])
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(Echo.peers) == 4 and len(set(Echo.peers)) == 2
