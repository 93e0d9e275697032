"""Steps that put the sample Data Load files into the back office before a scenario."""

from __future__ import annotations

from pathlib import Path

from pytest_bdd import given, parsers

from features.conftest import Scene
from features.drivers.admin import BuyerRecord, World

SAMPLES = Path(__file__).resolve().parents[1] / "simulator" / "bod" / "samples" / "dataload"


@given("the back office holds the sample Data Load files")
def _(sim: World) -> None:
    """The reset world with the sample files merged in through POST /_admin/import."""
    files = [{"name": path.name, "content": path.read_text(encoding="utf-8")} for path in sorted(SAMPLES.glob("*.csv"))]
    answer = sim.admin.post("/_admin/import", {"files": files})
    assert answer["written"]["catalog"] == 3, answer


@given(parsers.parse("the imported buyer {logon_id}"), target_fixture="buyer")
def _(sim: World, logon_id: str) -> BuyerRecord:
    """A buyer the files brought."""
    return next(buyer for buyer in sim.buyers() if buyer.logon_id == logon_id)


@given(parsers.parse("the imported part {part_number}"))
def _(sim: World, scene: Scene, part_number: str) -> None:
    """A part the files brought, remembered as 'the imported part'."""
    scene.parts["imported"] = sim.stock(part_number)
