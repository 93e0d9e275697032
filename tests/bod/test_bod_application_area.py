"""The response ApplicationArea's CreationDateTime: the text of one second is reused, never across seconds or zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from simulator.bod.application_area import new_area
from simulator.bod.messages import ApplicationArea


def test_times_within_one_second_share_its_text_and_the_next_second_gets_its_own() -> None:
    start = datetime(2031, 3, 9, 23, 59, 59, 0, tzinfo=UTC)
    stamps = [new_area("b", start + timedelta(microseconds=step)).creation_date_time for step in (0, 1, 999_999)]
    assert stamps == ["2031-03-09T23:59:59"] * 3
    assert new_area("b", start + timedelta(seconds=1)).creation_date_time == "2031-03-10T00:00:00"
    assert new_area("b", start - timedelta(microseconds=1)).creation_date_time == "2031-03-09T23:59:58"


def test_the_same_instant_in_another_zone_or_without_one_is_written_in_its_own_terms() -> None:
    utc = datetime(2031, 3, 9, 10, 15, 30, 500, tzinfo=UTC)
    assert new_area("b", utc).creation_date_time == "2031-03-09T10:15:30"
    plus_two = utc.astimezone(timezone(timedelta(hours=2)))
    assert new_area("b", plus_two).creation_date_time == "2031-03-09T12:15:30"
    assert new_area("b", utc.replace(tzinfo=None)).creation_date_time == "2031-03-09T10:15:30"
    assert new_area("b", utc).creation_date_time == "2031-03-09T10:15:30"


def test_store_id_is_the_last_store_id_of_the_context() -> None:
    area = ApplicationArea("t", "b", (("storeId", "1"), ("langId", "-1"), ("storeId", "2")))
    assert area.store_id == "2" == area.context["storeId"]
    assert ApplicationArea("t", "b", (("langId", "-1"),)).store_id is None
