"""utc_stamp of now: the same text as writing the clock's moment out in full, across second boundaries too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from simulator.control import records
from simulator.control.records import utc_stamp

MOMENTS_NS = [
    1_795_000_000_000_000_000,  # a whole second
    1_795_000_000_999_999_999,  # its last microsecond
    1_795_000_001_000_000_500,  # the next second
    1_795_000_001_000_001_000,
    1_795_000_000_500_000_000,  # back to an earlier second
    1_798_761_599_999_999_000,  # the last microsecond of 2026
    1_798_761_600_000_000_000,
]


@pytest.mark.parametrize("nanoseconds", MOMENTS_NS)
def test_now_is_written_as_its_full_moment(monkeypatch: pytest.MonkeyPatch, nanoseconds: int) -> None:
    monkeypatch.setattr(records.time, "time_ns", lambda: nanoseconds)
    moment = datetime.fromtimestamp(nanoseconds // 1000 / 1_000_000, UTC)
    assert utc_stamp() == utc_stamp(moment) == moment.isoformat(timespec="microseconds")[:26] + "Z"


def test_stamps_of_one_second_in_turn_with_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    stamps = []
    for nanoseconds in MOMENTS_NS[:4]:
        monkeypatch.setattr(records.time, "time_ns", lambda value=nanoseconds: value)
        stamps.append(utc_stamp())
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert stamps[1] == "2026-11-18T11:06:40.999999Z" and stamps[2] == "2026-11-18T11:06:41.000000Z"


def test_the_real_clock_gives_a_stamp_between_two_readings_of_it() -> None:
    before = utc_stamp(datetime.now(UTC))
    stamp = utc_stamp()
    assert before <= stamp <= utc_stamp(datetime.now(UTC))
    assert len(stamp) == 27 and stamp.endswith("Z")
