"""A plain client that POSTs a body over the limit reads the 413, never a broken pipe or a reset."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator

import pytest
from support.process import Simulator

from simulator.drain import drain

pytestmark = pytest.mark.slow

TWO_MIB = b"<a>" + b"x" * (2 * 1024 * 1024) + b"</a>"
TRIES = 40  # without the drain, about one try in three ended in a broken pipe


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(tmp_path_factory.mktemp("oversize") / "sim.db", workers=2) as running:
        yield running


def post_plainly(port: int, path: str, content_type: str) -> tuple[int, bytes]:
    """What http.client, with no retry and no special care, makes of a 2 MiB POST."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", path, body=TWO_MIB, headers={"Content-Type": content_type})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("path", "content_type", "marker"),
    [
        ("/services/InventoryServices", "text/xml; charset=utf-8", b"MalformedMessage"),
        ("/_admin/faults", "application/json", b"413"),
    ],
    ids=["soap", "admin"],
)
def test_every_try_reads_the_413(sim: Simulator, path: str, content_type: str, marker: bytes) -> None:
    outcomes = []
    for _ in range(TRIES):
        try:
            outcomes.append(post_plainly(sim.port, path, content_type))
        except (BrokenPipeError, ConnectionResetError) as exc:
            outcomes.append((0, repr(exc).encode()))
    assert [status for status, _ in outcomes] == [413] * TRIES, outcomes
    assert all(marker in body for _, body in outcomes)


def test_a_chunked_oversize_body_is_answered_413_too(sim: Simulator) -> None:
    pieces = [TWO_MIB[n : n + 65536] for n in range(0, len(TWO_MIB), 65536)]
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"
    head = (
        b"POST /services/InventoryServices HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", sim.port), timeout=30) as conn:
        conn.sendall(head + chunked)
        answer = b"".join(iter(lambda: conn.recv(65536), b""))
    assert answer.split()[1] == b"413", answer[:200]


def test_the_server_still_answers_after_the_refusals(sim: Simulator) -> None:
    assert sim.get("/_admin/health")["status"] == "ok"


class Stream:
    def __init__(self, size: int) -> None:
        self.left = size
        self.reads = 0

    def read(self, size: int) -> bytes:
        self.reads += 1
        piece = min(size, self.left)
        self.left -= piece
        return b"x" * piece


def test_drain_reads_what_was_declared_and_stops_at_its_limit() -> None:
    declared = Stream(300_000)
    assert drain({"wsgi.input": declared, "CONTENT_LENGTH": "300000"}, limit=10**9) == 300_000
    endless = Stream(10**9)
    assert drain({"wsgi.input": endless}, limit=200_000) == 200_000
    assert endless.left == 10**9 - 200_000


def test_drain_without_a_body_reads_nothing() -> None:
    assert drain({}, limit=100) == 0


def test_a_client_waiting_to_continue_gets_the_413_without_sending_the_body(sim: Simulator) -> None:
    head = (
        "POST /services/InventoryServices HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
        f"Content-Length: {len(TWO_MIB)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", sim.port), timeout=10) as conn:
        conn.sendall(head)
        answer = b"".join(iter(lambda: conn.recv(65536), b""))
    assert answer.split()[1] == b"413", answer[:200]
