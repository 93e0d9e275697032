"""Steps for back_office_misbehaves.feature: arm the fault API's domain scenarios and watch the storefront cope."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from pytest_bdd import parsers, then, when

from features.conftest import Environment, Scene
from features.drivers.admin import BuyerRecord, World
from simulator.client.storefront import Shopper


@dataclass
class Trouble:
    """What went wrong in the last step that was allowed to fail."""

    error: BaseException | None = None
    seen: list[str] = field(default_factory=list)


@pytest.fixture
def trouble() -> Trouble:
    """A fresh record of failures."""
    return Trouble()


@pytest.fixture(autouse=True)
def over_the_wire(client_name: str, environment: Environment) -> Iterator[None]:
    """Faults live in front of the SOAP services, so these scenarios need a client that talks HTTP; they clean up."""
    if environment.target.base_url is None:
        pytest.skip(f"client {client_name!r} does not go over the wire, where faults are injected")
    yield
    _admin(environment, "DELETE", "/_admin/faults")
    _admin(environment, "POST", "/_admin/clock/system", {})


def _admin(environment: Environment, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(str(environment.target.base_url).rstrip("/") + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
    return json.loads(text) if text else None


def _play(environment: Environment, name: str, params: dict[str, Any]) -> None:
    _admin(environment, "POST", f"/_admin/faults/scenarios/{name}", params)


## When

@when("the back office loses the answer to the next reservation")
def _(environment: Environment) -> None:
    """reservation-response-lost: the next ReserveInventory commits, then the connection drops."""
    _play(environment, "reservation-response-lost", {})


@when(parsers.parse("the back office raises its prices by {percent:d} percent when the checkout starts"))
def _(environment: Environment, sim: World, scene: Scene, buyer: BuyerRecord, percent: int) -> None:
    """price-changed-at-checkout: the first checkout call raises the contract prices."""
    factor = 1 + Decimal(percent) / 100
    for record in scene.parts.values():
        part = record.part_number
        scene.raised[part] = (sim.price(part, buyer.org_dn) * factor).quantize(Decimal("0.01"), ROUND_HALF_UP)
    _play(environment, "price-changed-at-checkout", {"factor": str(factor)})


@when(parsers.parse("the back office enters a batch window of {seconds:d} seconds"))
def _(environment: Environment, seconds: int) -> None:
    """batch-window: every call fails for that long on the simulator's clock."""
    _play(environment, "batch-window", {"seconds": seconds})


@when("the clock moves past the batch window")
def _(environment: Environment) -> None:
    """Advance the shared clock past any window."""
    _admin(environment, "POST", "/_admin/clock/advance", {"seconds": 86400})


@when(parsers.parse("the back office has only {available:d} of the {kind} part left when the checkout starts"))
def _(environment: Environment, scene: Scene, available: int, kind: str) -> None:
    """partial-availability: stock drops to `available` when the reservation arrives."""
    _play(environment, "partial-availability", {"part_number": scene.parts[kind].part_number, "available": available})


@when("the buyer tries to prepare the checkout")
def _(shopper: Shopper, trouble: Trouble) -> None:
    """Order preparation that may fail."""
    try:
        shopper.prepare_checkout()
    except Exception as exc:  # the storefront's own error for a broken back office
        trouble.error = exc


@when(parsers.parse("the buyer tries to browse the {kind} part"))
def _(shopper: Shopper, scene: Scene, trouble: Trouble, kind: str) -> None:
    """A catalog page that may fail."""
    try:
        shopper.browse(scene.parts[kind].part_number)
    except Exception as exc:  # the storefront's own error for a broken back office
        trouble.error = exc


## Then

@then("the checkout failed on the connection")
def _(trouble: Trouble) -> None:
    """The reservation's answer never arrived."""
    assert trouble.error is not None
    assert isinstance(trouble.error, OSError | ConnectionError) or "connection" in repr(trouble.error).lower() \
        or "incomplete" in repr(trouble.error).lower(), repr(trouble.error)


@then("the storefront was refused with a batch window fault")
def _(trouble: Trouble) -> None:
    """The back office answered with its batch-window SOAP Fault."""
    assert trouble.error is not None
    assert "batch window" in str(trouble.error).lower() or "BatchWindow" in repr(trouble.error), repr(trouble.error)


@then(parsers.parse("the back office allocates {quantity:d} of the {kind} part"))
def _(sim: World, scene: Scene, quantity: int, kind: str) -> None:
    """Allocated in the back office (whatever else stays unallocated)."""
    assert sim.reserved(scene.parts[kind].part_number).get("Allocated") == quantity
