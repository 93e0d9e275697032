"""The express lane answers GetInventoryAvailability exactly as the general path does, and journals the same facts.

Two worlds from the same seed get the same requests in the same order: one with its lane open (no credentials, no
fault rule), one with a fault rule for another operation, so every request there goes the general way. Their
answers must be the same bytes (the BODID sequences are the same too) and their journal entries the same.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.app import Simulator, create_app
from simulator.bod import xmlsafe
from simulator.bod.envelope import Unwrapped
from simulator.config import Settings
from simulator.soap import express

SAMPLES = Path(xmlsafe.__file__).parent / "samples"
TOOLKIT = Path(__file__).parent / "toolkit_schemas" / "component-services" / "xsd"
AVAILABILITY_SAMPLES = sorted(SAMPLES.glob("GetInventoryAvailability_*.xml"))
BASE = SAMPLES / "GetInventoryAvailability_partnumber_store_name.xml"
_EXPRESSION = re.compile(rb"(<oa:Expression[^>]*>)[^<]*(</oa:Expression>)")
_STORE_ID = re.compile(rb'(<_wcf:ContextData name="storeId">)[^<]*(<)')
_BODID = re.compile(rb"<oa:BODID>([^<]*)</oa:BODID>")
_CREATED = re.compile(rb"<oa:CreationDateTime>[^<]*</oa:CreationDateTime>")
_SOAP12 = b"http://www.w3.org/2003/05/soap-envelope"
_SOAP11 = b"http://schemas.xmlsoap.org/soap/envelope/"
_VOLATILE = ("at", "duration_ms")


ELSEWHERE = b'{"match": {"operation": "GetPriceList"}, "effect": {"type": "soap_fault", "code": "Server.Busy"}}'


def _world(**settings: Any) -> Simulator:
    return create_app(Settings(db=":memory:", products=20, anchor="2026-11-23", seed=7, **settings))


def _closed(app: Simulator) -> Simulator:
    """The world with a fault rule that none of these requests match."""
    status, answer = _call(app, "POST", "/_admin/faults", ELSEWHERE, "application/json")
    assert status.startswith("201"), answer
    return app


@pytest.fixture
def worlds() -> Iterator[tuple[Simulator, Simulator]]:
    yield _world(), _closed(_world())


@pytest.fixture
def lane_answers(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The BODIDs of the requests the lane answered itself."""
    answered: list[str | None] = []
    real = express.ExpressLane._answer

    def counting(self: express.ExpressLane, unwrapped: Unwrapped, path: str, tenant: str) -> Any:
        found = real(self, unwrapped, path, tenant)
        if found is not None:
            answered.append(found.facts.bod_id)
        return found

    monkeypatch.setattr(express.ExpressLane, "_answer", counting)
    return answered


def _call(app: Simulator, method: str, path: str, body: bytes = b"", content_type: str = "") -> tuple[str, bytes]:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8080",
        "REMOTE_ADDR": "127.0.0.1",
    }  # fmt: skip
    seen: list[str] = []
    answer = b"".join(app(environ, lambda status, headers, exc_info=None: seen.append(status)))
    return seen[0], answer


def _soap(app: Simulator, body: bytes) -> tuple[str, bytes]:
    content_type = "application/soap+xml; charset=utf-8" if _SOAP12 in body else "text/xml; charset=utf-8"
    status, answer = _call(app, "POST", "/services/InventoryServices", body, content_type)
    return status, _CREATED.sub(b"", answer)  # the clock's second may tick between the two worlds


def _bod_id(body: bytes) -> str:
    found = _BODID.search(body)
    assert found is not None
    return found.group(1).decode()


def _last_exchange(app: Simulator) -> dict[str, Any]:
    _, answer = _call(app, "GET", "/_admin/journal/count")
    total = json.loads(answer)["count"]
    _, answer = _call(app, "GET", f"/_admin/journal?offset={total - 1}&limit=1")
    entry = dict(json.loads(answer)["items"][0])
    for volatile in _VOLATILE:
        entry.pop(volatile, None)
    return entry


def _asking(expression: str, store_id: str = "10101", template: Path = BASE) -> bytes:
    body = _EXPRESSION.sub(lambda m: m.group(1) + expression.encode() + m.group(2), template.read_bytes(), count=1)
    return _STORE_ID.sub(lambda m: m.group(1) + store_id.encode() + m.group(2), body, count=1)


def _by_name(*parts: str, store: str = "Elite") -> str:
    branches = [
        f"CatalogEntryIdentifier/ExternalIdentifier[(PartNumber='{part}')] and "
        f"OnlineStoreIdentifier/ExternalIdentifier[(NameIdentifier='{store}')]"
        for part in parts
    ]
    selection = branches[0] if len(branches) == 1 else " or ".join(f"({branch})" for branch in branches)
    identifier = f"InventoryAvailabilityIdentifier/ExternalIdentifier[{selection}]"
    return f"{{_wcf.ap=IBM_Store_Details}}/InventoryAvailability[{identifier}]"


def _physical(part: str, external_id: str) -> str:
    return (
        "{_wcf.ap=IBM_Store_Details}/InventoryAvailability[InventoryAvailabilityIdentifier/ExternalIdentifier["
        f"CatalogEntryIdentifier/ExternalIdentifier[(PartNumber='{part}')] and "
        f"PhysicalStoreIdentifier[(ExternalIdentifier='{external_id}')]]]"
    )


def _default_store(part: str) -> str:
    return (
        "{_wcf.ap=IBM_Store_Details}/InventoryAvailability[InventoryAvailabilityIdentifier/ExternalIdentifier["
        f"CatalogEntryIdentifier/ExternalIdentifier[(PartNumber='{part}')]]]"
    )


ANSWERED_BY_THE_LANE = {
    **{sample.stem: sample.read_bytes() for sample in AVAILABILITY_SAMPLES},
    "one part by store name": _asking(_by_name("BO-000001")),
    "three parts, one repeated": _asking(_by_name("BO-000002", "BO-000003", "BO-000002")),
    "physical store": _asking(_physical("BO-000004", "PS-002")),
    "the context's store": _asking(_default_store("BO-000005")),
    "unknown part": _asking(_by_name("NO-SUCH-PART")),
    "unknown store": _asking(_by_name("BO-000001", store="Nowhere")),
    "SOAP 1.2": _asking(_by_name("BO-000006")).replace(_SOAP11, _SOAP12),
}

LEFT_TO_THE_GENERAL_PATH = {
    "a noun beside the Get": _asking(_by_name("BO-000001")).replace(
        b"</oa:Get>", b"</oa:Get><_inv:InventoryAvailability/>"
    ),
    "two expressions": _asking(_by_name("BO-000001")).replace(
        b"</oa:Get>", b"<oa:Expression>x</oa:Expression></oa:Get>"
    ),
    "another access profile": _asking(_by_name("BO-000001").replace("IBM_Store_Details", "IBM_Other")),
    "not valid against the schema": _asking(_by_name("BO-000001")).replace(b"<oa:BODID>", b"<oa:Bogus/><oa:BODID>"),
    "a bare BOD": re.sub(rb"(?s)^.*?<soapenv:Body>|</soapenv:Body>.*$", b"", _asking(_by_name("BO-000001"))),
    "not well-formed": _asking(_by_name("BO-000001"))[:-40],
}


def _in_both(
    worlds: tuple[Simulator, Simulator], body: bytes, lane_answers: list[str | None]
) -> tuple[tuple[str, bytes], list[str | None]]:
    """Send one request to both worlds: the same answer and the same journal entry. Gives the answer and what the
    lane had answered once the first world was done."""
    laned, general = worlds
    first = _soap(laned, body)
    taken = list(lane_answers)
    assert _soap(general, body) == first
    assert _last_exchange(laned) == _last_exchange(general)
    return first, taken


@pytest.mark.parametrize("name", sorted(ANSWERED_BY_THE_LANE))
def test_the_lane_answers_and_journals_as_the_general_path_does(
    worlds: tuple[Simulator, Simulator], lane_answers: list[str | None], name: str
) -> None:
    body = ANSWERED_BY_THE_LANE[name]
    (status, answer), taken = _in_both(worlds, body, lane_answers)
    assert taken == [_bod_id(body)], "the lane did not answer it"
    assert len(lane_answers) == 1, "the world with a fault rule took the lane"
    assert status == "200 OK" and b"ShowInventoryAvailability" in answer


def test_the_answers_and_bodids_stay_in_step_over_many_calls(
    worlds: tuple[Simulator, Simulator], lane_answers: list[str | None]
) -> None:
    laned, general = worlds
    bodies = [_asking(_by_name(f"BO-{number:06d}")) for number in range(1, 21)] * 2
    assert [_soap(laned, body) for body in bodies] == [_soap(general, body) for body in bodies]
    assert len(lane_answers) == len(bodies)


@pytest.mark.parametrize("name", sorted(LEFT_TO_THE_GENERAL_PATH))
def test_what_the_lane_leaves_alone_is_answered_the_general_way(
    worlds: tuple[Simulator, Simulator], lane_answers: list[str | None], name: str
) -> None:
    _, taken = _in_both(worlds, LEFT_TO_THE_GENERAL_PATH[name], lane_answers)
    assert taken == [] == lane_answers


def test_the_lane_opens_again_once_the_rules_are_gone(lane_answers: list[str | None]) -> None:
    app = _closed(_world())
    body = ANSWERED_BY_THE_LANE["one part by store name"]
    answered = _soap(app, body)
    assert answered[0] == "200 OK" and b"ShowInventoryAvailability" in answered[1]
    assert lane_answers == []
    _call(app, "DELETE", "/_admin/faults")
    again = _soap(app, body)
    assert again[0] == "200 OK" and len(again[1]) == len(answered[1])  # the same answer, with the next BODID
    assert lane_answers == [_bod_id(body)]


def test_a_world_that_requires_credentials_checks_them_outside_the_lane(lane_answers: list[str | None]) -> None:
    app = _world(soap_username="wcsadmin", soap_password="passw0rd")
    body = ANSWERED_BY_THE_LANE["one part by store name"]
    assert _soap(app, body)[0] == "200 OK"
    assert _soap(app, body.replace(b">passw0rd<", b">wrong<"))[0] == "401 Unauthorized"
    assert lane_answers == []


@pytest.mark.parametrize("checking", [{"validation": "lenient"}, {"schema_dir": str(TOOLKIT)}])
def test_a_lenient_or_toolkit_world_never_takes_the_lane(lane_answers: list[str | None], checking: Any) -> None:
    app = create_app(Settings(db=":memory:", products=20, anchor="2026-11-23", **checking))
    status, answer = _soap(app, ANSWERED_BY_THE_LANE["one part by store name"])
    assert status == "200 OK" and b"ShowInventoryAvailability" in answer
    assert lane_answers == []
