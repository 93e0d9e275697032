"""BODIDs: valid version-4 UUIDs, the same sequence for the same seed."""

from __future__ import annotations

import uuid

from simulator.backend.ids import SeededIds


def test_bod_ids_are_version_4_uuids_in_canonical_form() -> None:
    ids = SeededIds(42)
    for _ in range(2000):
        text = ids.bod_id()
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122


def test_same_seed_same_ids_other_seed_other_ids() -> None:
    first, again, other = SeededIds(7), SeededIds(7), SeededIds(8)
    drawn = [first.bod_id() for _ in range(50)]
    assert drawn == [again.bod_id() for _ in range(50)]
    assert len(set(drawn)) == 50
    assert drawn != [other.bod_id() for _ in range(50)]
