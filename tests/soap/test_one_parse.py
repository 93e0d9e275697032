"""One parse per SOAP call: the fault layer parses the body once and hands it on; the direct answer is the WSGI one."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.app import Simulator, create_app
from simulator.bod import xmlsafe
from simulator.config import Settings

SAMPLES = Path(xmlsafe.__file__).parent / "samples"


@pytest.fixture(scope="module")
def app() -> Iterator[Simulator]:
    yield create_app(Settings(db=":memory:", products=20, anchor="2026-11-23"))


def _environ(body: bytes) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/services", "CONTENT_TYPE": "text/xml; charset=utf-8",
        "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8080", "REMOTE_ADDR": "127.0.0.1",
    }  # fmt: skip


def _post(app: Callable[..., Any], body: bytes) -> tuple[str, bytes]:
    seen: list[str] = []
    chunks = app(_environ(body), lambda status, headers, exc_info=None: seen.append(status))
    return seen[0], b"".join(chunks)


AVAILABILITY = "GetInventoryAvailability_partnumber_store_name.xml"
NOUN_BESIDE_THE_GET = (SAMPLES / AVAILABILITY).read_bytes().replace(
    b"</oa:Get>", b"</oa:Get><_inv:InventoryAvailability/>"
)  # valid, but not the shape the express lane answers: the general path takes it


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The bodies xmlsafe.parse was given, by length."""
    calls: list[int] = []
    real = xmlsafe.parse

    def counting(body: bytes, max_bytes: int = xmlsafe.DEFAULT_MAX_BYTES) -> Any:
        calls.append(len(body))
        return real(body, max_bytes)

    monkeypatch.setattr(xmlsafe, "parse", counting)
    return calls


@pytest.mark.parametrize("sample", [AVAILABILITY, "GetPriceList.xml", "GetOrder_oqc_list.xml"])
def test_the_body_is_parsed_once_per_call(app: Simulator, sample: str, parses: list[int]) -> None:
    status, answer = _post(app, (SAMPLES / sample).read_bytes())
    assert status == "200 OK", answer[:300]
    assert b"Fault" not in answer
    assert len(parses) == 1


def test_an_availability_request_the_express_lane_leaves_is_parsed_once(app: Simulator, parses: list[int]) -> None:
    status, answer = _post(app, NOUN_BESIDE_THE_GET)
    assert status == "200 OK", answer[:300]
    assert b"ShowInventoryAvailability" in answer
    assert len(parses) == 1


def test_a_body_the_fault_layer_cannot_parse_is_still_answered_with_a_fault(app: Simulator) -> None:
    status, answer = _post(app, b"<soapenv:Envelope xmlns:soapenv='http://schemas.xmlsoap.org/soap/envelope/'>")
    assert status.startswith("500")
    assert b"Fault" in answer and b"well-formed" in answer


def test_the_direct_answer_is_the_wsgi_answer(app: Simulator) -> None:
    gateway = app.services._app  # type: ignore[attr-defined]
    body = (SAMPLES / "GetInventoryAvailability_partnumber_store_name.xml").read_bytes()
    direct = gateway.answer(_environ(body))
    status, wsgi_body = _post(gateway, body)
    assert direct.status == status == "200 OK"
    strip = [b"<oa:BODID>", b"<oa:CreationDateTime>"]  # new on every answer
    assert _without(direct.body, strip) == _without(wsgi_body, strip)


def _without(body: bytes, starts: list[bytes]) -> bytes:
    for start in starts:
        head, found, rest = body.partition(start)
        if found:
            body = head + start + rest.partition(b"<")[2]
    return body
