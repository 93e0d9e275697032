"""Hostile and malformed SOAP requests, through a real server: clear Faults, no state change, no dead worker."""

from __future__ import annotations

import http.client
import re
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from support.process import Simulator

from simulator.bod import samples
from simulator.bod.namespaces import INV, SOAP11, SOAP12

pytestmark = pytest.mark.slow

INVENTORY = "/services/InventoryServices"
ORDERS = "/services/OrderServices"
SOAP11_TYPE = "text/xml; charset=utf-8"
SOAP12_TYPE = "application/soap+xml; charset=utf-8"
LIMIT = 1024 * 1024
SECRET = "TOP-SECRET-7f3c9e-do-not-leak"
SAMPLE_QUANTITY = b'<_ord:Quantity uom="C62">2.0</_ord:Quantity>'


@dataclass(frozen=True)
class World:
    """Ids of the seeded world, as bytes replacements for the golden samples' store 553 / AuroraB2B ids."""

    replacements: tuple[tuple[bytes, bytes], ...]
    part: str

    def substitute(self, sample: bytes) -> bytes:
        for old, new in self.replacements:
            sample = sample.replace(old, new)
        return sample

    def sample(self, name: str) -> bytes:
        return self.substitute(samples.load(name))


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    with Simulator(tmp_path_factory.mktemp("bad-input") / "sim.db", workers=2) as running:
        yield running


def stocked_parts(sim: Simulator, fc_id: str, count: int) -> list[str]:
    """Parts with at least 10 available online and at the given fulfillment center (bounded search)."""
    found: list[str] = []
    for entry in sim.get("/_admin/catalog?limit=60")["items"]:
        availability = sim.get(f"/_admin/stock/{entry['part_number']}")["availability"]
        at_center = {c["fc_id"]: c["quantity"] for c in availability["centers"]}
        if availability["quantity"] >= 10 and at_center.get(fc_id, 0) >= 10:
            found.append(entry["part_number"])
        if len(found) == count:
            return found
    raise LookupError("no stocked parts in the first 60 catalog entries")


def seeded_world(sim: Simulator) -> World:
    stores = sim.get("/_admin/stores")
    online, physical = stores["online_stores"][0], stores["physical_stores"][0]
    first, second = stocked_parts(sim, physical["fc_id"], 2)
    catentry = {e["part_number"]: e["catentry_id"] for e in sim.get("/_admin/catalog?limit=60")["items"]}
    buyer = sim.get("/_admin/buyers?limit=1")["items"][0]
    store_id = online["store_id"].encode()
    return World(
        (
            (b">553<", b">" + store_id + b"<"),
            (b"'553'", b"'" + store_id + b"'"),
            (b"AuroraB2B", online["identifier"].encode()),
            (b"FULO-0101", first.encode()),
            (b"TOOL-0202", second.encode()),
            (b"TOOL-[0202]", second.encode()),
            (b">10251<", f">{catentry[first]}<".encode()),
            (b">10252<", f">{catentry[second]}<".encode()),
            (b"Store_Toronto_01", physical["external_id"].encode()),
            (b">10501<", f">{physical['store_id']}<".encode()),
            (b"uid=buyer1,o=acme industrial,o=root organization", buyer["dn"].encode()),
            (b"o=acme industrial,o=root organization", buyer["org_dn"].encode()),
            (b"'buyer1'", f"'{buyer['logon_id']}'".encode()),
        ),
        first,
    )


@pytest.fixture(scope="module")
def world(sim: Simulator) -> World:
    return seeded_world(sim)


@dataclass(frozen=True)
class Fault:
    envelope: str
    code: str
    reason: str


def fault_of(body: bytes) -> Fault:
    """Read a SOAP 1.1 or 1.2 Fault; fail when the body is not one."""
    root = etree.fromstring(body)
    envelope = etree.QName(root).namespace or ""
    if envelope == SOAP11:
        fault = root.find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
        assert fault is not None, body[:300]
        code = fault.find("faultcode")
        assert code is not None, body[:300]
        return Fault(envelope, local_code(code), fault.findtext("faultstring") or "")
    assert envelope == SOAP12, body[:300]
    fault = root.find(f"{{{SOAP12}}}Body/{{{SOAP12}}}Fault")
    assert fault is not None, body[:300]
    codes = " ".join(local_code(value) for value in fault.iter(f"{{{SOAP12}}}Value"))
    return Fault(envelope, codes, fault.findtext(f"{{{SOAP12}}}Reason/{{{SOAP12}}}Text") or "")


def local_code(element: etree._Element) -> str:
    """A fault code QName without its prefix; a soapenv-level code must be in the envelope's namespace."""
    prefix, _, local = (element.text or "").strip().rpartition(":")
    if local.split(".")[0] in ("Client", "Server", "Sender", "Receiver"):
        assert element.nsmap.get(prefix or None) in (SOAP11, SOAP12), element.text
    return local


def raw_answer(port: int, head: bytes, body: bytes = b"") -> bytes:
    """The answer to a request the server may refuse before reading it all.

    The server then closes with unread bytes, which resets the connection; the reset can race the answer on
    the client side, so a lost answer (nothing read) is tried again, at most three times.
    """
    answer = b""
    for _ in range(3):
        answer = raw_request(port, head, body)
        if answer:
            break
    return answer


def raw_request(port: int, head: bytes, body: bytes = b"", shutdown: bool = False) -> bytes:
    """Send raw bytes on one connection and read the whole answer (the connection asks to be closed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as conn:
        try:
            conn.sendall(head + body)
            if shutdown:
                conn.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading it all
        chunks = []
        for _ in range(10_000):
            try:
                chunk = conn.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def envelope(inner: str, version: str = SOAP11) -> bytes:
    return f'<e:Envelope xmlns:e="{version}"><e:Body>{inner}</e:Body></e:Envelope>'.encode()


def swap(body: bytes, old: bytes, new: bytes) -> bytes:
    """Replace text that must be there (so a broken request can never pass as a valid one)."""
    assert old in body, old
    return body.replace(old, new)


def doctype_request(sample: bytes, declaration: str) -> bytes:
    """The sample with a DOCTYPE inserted after the XML declaration."""
    head, _, rest = sample.partition(b"?>")
    return head + b"?>" + declaration.encode() + rest


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + "]><lolz>&lol9;</lolz>"
).encode()


def bad_requests(world: World, secret_file: Path) -> dict[str, tuple[bytes, str, str]]:
    """Name: (body, fault code it must carry, words its faultstring must hold)."""
    availability = world.sample("GetInventoryAvailability_partnumber_store_name.xml")
    reserve = world.sample("ReserveInventory.xml")
    transfer = world.sample("TransferOrder.xml")
    order_list = world.sample("GetOrder_oqc_list.xml")
    part_clause = f"(PartNumber='{world.part}')]".encode()
    assert part_clause in availability
    return {
        "not XML": (b"this is not XML at all", "MalformedMessage", "not well-formed"),
        "truncated XML": (transfer[: len(transfer) // 2], "MalformedMessage", "not well-formed"),
        "internal DTD": (
            doctype_request(availability, "<!DOCTYPE x [<!ELEMENT x ANY>]>"), "MalformedMessage", "DTD"),
        "external entity": (
            f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret_file}">]><x>&s;</x>'.encode(),
            "MalformedMessage", "DTD"),
        "external entity in UTF-16": (
            f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret_file}">]>'
            "<x>&s;</x>".encode("utf-16"),
            "MalformedMessage", "DTD"),
        "billion laughs": (BILLION_LAUGHS, "MalformedMessage", "DTD"),
        "undeclared entity": (b"<x>&lol9;</x>", "MalformedMessage", "lol9"),
        "empty body": (b"", "MalformedMessage", "empty"),
        "whitespace body": (b"  \r\n ", "MalformedMessage", "empty"),
        "empty SOAP Body": (envelope(""), "InvalidMessage", "Body"),
        "two BODs in the Body": (envelope("<a/><b/>"), "InvalidMessage", "Body"),
        "unknown BOD root": (
            envelope(f'<i:FrobnicateInventory xmlns:i="{INV}"/>'), "UnsupportedOperation", "FrobnicateInventory"),
        "unknown action code": (
            swap(transfer, b'actionCode="TransferOrder"', b'actionCode="Frobnicate"'),
            "UnsupportedOperation", "Frobnicate"),
        "unknown access profile": (
            swap(order_list, b"IBM_External_Summary", b"IBM_No_Such_Profile"),
            "UnsupportedOperation", "IBM_No_Such_Profile"),
        "made-up namespace": (
            swap(availability, INV.encode(), b"urn:made-up:inventory"), "UnsupportedOperation", "urn:made-up"),
        "gen-B namespace": (
            swap(availability, INV.encode(), b"http://www.ibm.com/xmlns/prod/commerce/inventory"),
            "UnsupportedOperation", "GetInventoryAvailability"),
        "unbalanced bracket": (
            swap(availability, part_clause, part_clause[:-1]), "BadExpression", "expected"),
        "unbalanced quote": (
            swap(availability, part_clause, part_clause.replace(b"')", b")")), "BadExpression", "unexpected"),
        "nested too deeply": (
            swap(availability, part_clause, b"(" * 3000 + part_clause[:-1] + b")" * 3000 + b"]"),
            "BadExpression", "nests too deeply"),
        "position out of range": (
            swap(availability, part_clause, b"(" + b"9" * 400 + b")]"), "BadExpression", "out of range"),
        "quantity not a number": (
            swap(reserve, SAMPLE_QUANTITY, b'<_ord:Quantity uom="C62">abc</_ord:Quantity>'),
            "InvalidMessage", "Quantity"),
        "quantity infinite": (
            swap(reserve, SAMPLE_QUANTITY, b'<_ord:Quantity uom="C62">INF</_ord:Quantity>'),
            "InvalidMessage", "Quantity"),
        "quantity astronomical": (
            swap(reserve, SAMPLE_QUANTITY, b'<_ord:Quantity uom="C62">1e1000000</_ord:Quantity>'),
            "InvalidMessage", "Quantity"),
        "record set start out of range": (
            re.sub(rb"<oa:Get [^>]*>", b'<oa:Get recordSetStartNumber="99999999999999999999999">', order_list),
            "InvalidMessage", "recordSetStartNumber"),
        "schema violation in a reservation": (
            swap(reserve, b"<_ord:OrderStatus>", b"<_ord:Bogus>1</_ord:Bogus><_ord:OrderStatus>"),
            "InvalidMessage", "Bogus"),
    }


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(SECRET + "\n")
    return path


@pytest.fixture(scope="module")
def hostile(world: World, secret_file: Path) -> dict[str, tuple[bytes, str, str]]:
    return bad_requests(world, secret_file)


CASES = sorted(bad_requests(World((), "FULO-0101"), Path("/nonexistent")))


@pytest.mark.parametrize("name", CASES)
def test_bad_request_gets_a_clear_soap_fault(
    sim: Simulator, hostile: dict[str, tuple[bytes, str, str]], name: str
) -> None:
    body, code, words = hostile[name]
    started = time.monotonic()
    status, answer = sim.post(INVENTORY, body, SOAP11_TYPE)
    assert time.monotonic() - started < 5, "a hostile request must be refused quickly"
    assert status == 500, answer[:300]
    fault = fault_of(answer)
    assert fault.envelope == SOAP11
    assert fault.code.startswith("Client") and code in fault.code, fault
    assert words in fault.reason, fault
    assert SECRET.encode() not in answer


@pytest.mark.parametrize("name", ["not XML", "truncated XML", "internal DTD", "empty body", "unknown action code"])
@pytest.mark.parametrize(("content_type", "version"), [(SOAP11_TYPE, SOAP11), (SOAP12_TYPE, SOAP12)])
def test_a_fault_answers_in_the_request_soap_version(
    sim: Simulator, hostile: dict[str, tuple[bytes, str, str]], name: str, content_type: str, version: str
) -> None:
    body, code, words = hostile[name]
    if version == SOAP12:
        body = body.replace(SOAP11.encode(), SOAP12.encode())
    request = urlopen_post(sim, INVENTORY, body, content_type)
    assert request.status == 500
    assert request.content_type.split(";")[0] == content_type.split(";")[0]
    fault = fault_of(request.body)
    assert fault.envelope == version
    assert code in fault.code and words in fault.reason, fault
    if version == SOAP12:
        assert "Sender" in fault.code.split()


def test_a_soap12_envelope_posted_as_text_xml_is_answered_in_soap12(sim: Simulator, world: World) -> None:
    body = swap(world.sample("TransferOrder.xml"), b'actionCode="TransferOrder"', b'actionCode="Frobnicate"')
    status, answer = sim.post(ORDERS, swap(body, SOAP11.encode(), SOAP12.encode()), SOAP11_TYPE)
    assert status == 500
    fault = fault_of(answer)
    assert fault.envelope == SOAP12 and "Frobnicate" in fault.reason


def test_external_entity_never_leaks_the_file(sim: Simulator, hostile: dict[str, tuple[bytes, str, str]]) -> None:
    for name in ("external entity", "external entity in UTF-16"):
        for path in (INVENTORY, ORDERS, "/services"):
            status, answer = sim.post(path, hostile[name][0], SOAP11_TYPE)
            assert status == 500 and SECRET.encode() not in answer
            assert "DTD" in fault_of(answer).reason


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]


def urlopen_post(sim: Simulator, path: str, body: bytes, content_type: str, method: str = "POST") -> Answer:
    conn = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=15)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": content_type})
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Answer(response.status, headers.get("content-type", ""), response.read(), headers)
    finally:
        conn.close()


def oversized_head(content_type: str = SOAP11_TYPE) -> bytes:
    return (
        f"POST {INVENTORY} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {LIMIT + 1}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
    ).encode()


def test_a_body_over_one_mebibyte_is_refused_with_413_before_it_is_read(sim: Simulator) -> None:
    # Only the headers are sent, and the client waits for a word before sending the body (Expect: 100-continue):
    # the answer can only come from the declared length, before any parsing.
    answer = raw_answer(sim.port, oversized_head())
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split()[1] == b"413", head
    fault = fault_of(body)
    assert fault.envelope == SOAP11 and "MalformedMessage" in fault.code and "limit" in fault.reason
    answer = raw_answer(sim.port, oversized_head(SOAP12_TYPE))
    assert fault_of(answer.partition(b"\r\n\r\n")[2]).envelope == SOAP12


def test_a_chunked_body_over_the_limit_is_refused_with_413(sim: Simulator) -> None:
    payload = b"<a>" + b"x" * (LIMIT - 6) + b"</a>"
    assert len(payload) == LIMIT + 1
    pieces = [payload[n : n + 65536] for n in range(0, len(payload), 65536)]
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"
    head = (
        f"POST {INVENTORY} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {SOAP12_TYPE}\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    ).encode()
    answer = raw_answer(sim.port, head, chunked)
    status_line, _, _ = answer.partition(b"\r\n")
    assert status_line.split()[1] == b"413", answer[:300]
    fault = fault_of(answer.partition(b"\r\n\r\n")[2])
    assert fault.envelope == SOAP12 and "limit" in fault.reason


def test_a_content_length_lying_small_only_reads_what_was_declared(sim: Simulator) -> None:
    body = b"<a>" + b"x" * LIMIT + b"</a>"
    head = (
        f"POST {INVENTORY} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
        "Content-Length: 100\r\nConnection: close\r\n\r\n"
    ).encode()
    answer = raw_answer(sim.port, head, body)
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split()[1] in (b"400", b"413", b"500"), status_line
    if status_line.split()[1] == b"500":
        assert b"not well-formed" in rest


def test_a_content_length_lying_large_does_not_hang(sim: Simulator) -> None:
    head = (
        f"POST {INVENTORY} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
        "Content-Length: 5000\r\nConnection: close\r\n\r\n"
    ).encode()
    started = time.monotonic()
    answer = raw_request(sim.port, head, b"<a>short</a>", shutdown=True)
    assert time.monotonic() - started < 10
    assert answer == b"" or answer.split()[1] in (b"400", b"500"), answer[:200]


def test_get_without_wsdl_is_404_and_other_methods_405(sim: Simulator) -> None:
    plain = urlopen_post(sim, INVENTORY, b"", SOAP11_TYPE, method="GET")
    assert plain.status == 404 and b"?wsdl" in plain.body
    wsdl = urlopen_post(sim, INVENTORY + "?wsdl", b"", SOAP11_TYPE, method="GET")
    assert wsdl.status == 200 and b"definitions" in wsdl.body
    for method in ("PUT", "DELETE", "PATCH"):
        refused = urlopen_post(sim, INVENTORY, b"<a/>", SOAP11_TYPE, method=method)
        assert refused.status == 405, method
        assert "POST" in refused.headers.get("allow", ""), refused.headers


def snapshot(sim: Simulator, part: str) -> dict[str, Any]:
    return {
        "reservations": sim.get("/_admin/reservations?limit=500"),
        "orders": sim.get("/_admin/orders?limit=1")["total"],
        "quotes": sim.get("/_admin/quotes?limit=1")["total"],
        "stock": sim.get(f"/_admin/stock/{part}"),
    }


def test_a_barrage_of_bad_requests_changes_no_state(
    sim: Simulator, world: World, hostile: dict[str, tuple[bytes, str, str]]
) -> None:
    before = snapshot(sim, world.part)
    reserve = world.sample("ReserveInventory.xml")
    barrage = [body for body, _, _ in hostile.values()] + [
        swap(reserve, SAMPLE_QUANTITY, b'<_ord:Quantity uom="C62">-5</_ord:Quantity>'),
        swap(reserve, SAMPLE_QUANTITY, b'<_ord:Quantity uom="C62">2.5</_ord:Quantity>'),
        swap(reserve, b'actionCode="ReserveInventory"', b'actionCode="Frobnicate"'),
        swap(world.sample("TransferOrder.xml"), b"<_ord:OrderStatus>", b"<_ord:Nope/><_ord:OrderStatus>"),
        swap(world.sample("SubmitQuote.xml"), b"releaseID=", b"junk=").replace(SAMPLE_QUANTITY, b""),
    ]
    for body in barrage:
        for path in (INVENTORY, ORDERS):
            status, answer = sim.post(path, body, SOAP11_TYPE)
            assert status in (200, 500), answer[:300]
            assert b"Allocated" not in answer and b"ExternalOrderID" not in answer
    assert snapshot(sim, world.part) == before

    status, answer = sim.post(INVENTORY, reserve, SOAP11_TYPE)
    assert status == 200 and b"Fault" not in answer and b"ReasonCode" not in answer, answer[:600]
    assert b"Allocated" in answer
    assert sim.get("/_admin/reservations?limit=500")["total"] == before["reservations"]["total"] + 1
    status, answer = sim.post(INVENTORY, world.sample("CancelInventoryReservation.xml"), SOAP11_TYPE)
    assert status == 200 and b"ReasonCode" not in answer, answer[:600]
    assert snapshot(sim, world.part) == before


def worker_pids(server_pid: int) -> set[int]:
    """The granian workers: children of the server process forked from it (same command line), from /proc.

    The lifecycle/push process and multiprocessing's resource tracker are spawned with another command line.
    """
    children: set[int] = set()
    for task in Path(f"/proc/{server_pid}/task").iterdir():
        children.update(int(pid) for pid in (task / "children").read_text().split())
    own = Path(f"/proc/{server_pid}/cmdline").read_bytes()
    return {pid for pid in children if _cmdline(pid) in (own, b"")}


def _cmdline(pid: int) -> bytes | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "\nState:\tZ" not in status.read_text()


def test_concurrent_hostile_requests_kill_no_worker(
    sim: Simulator, world: World, hostile: dict[str, tuple[bytes, str, str]]
) -> None:
    assert sim.process is not None
    server = sim.process.pid
    workers = worker_pids(server)
    assert len(workers) == 2, workers
    bodies = [body for body, _, _ in hostile.values()]
    jobs: list[Callable[[], tuple[int, bytes]]] = [
        partial(sim.post, (INVENTORY, ORDERS)[n % 2], bodies[n % len(bodies)], (SOAP11_TYPE, SOAP12_TYPE)[n % 3 > 0])
        for n in range(50)
    ]
    jobs += [lambda: (int(raw_answer(sim.port, oversized_head()).split()[1]), b"")] * 4
    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(lambda job: job(), jobs))
    assert all(status in (413, 500) for status, _ in results), [status for status, _ in results]
    assert all(SECRET.encode() not in answer for _, answer in results)

    assert sim.process.poll() is None and alive(server)
    assert worker_pids(server) == workers, "a worker died and was respawned"
    assert all(alive(pid) for pid in workers)
    valid = world.sample("GetInventoryAvailability_partnumber_store_name.xml")
    for _ in range(20):
        status, answer = sim.post(INVENTORY, valid, SOAP11_TYPE)
        assert status == 200 and b"ShowInventoryAvailability" in answer and b"Fault" not in answer
    assert worker_pids(server) == workers
