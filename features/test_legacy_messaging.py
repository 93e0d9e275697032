"""The legacy messaging scenarios, one per transport row."""

from __future__ import annotations

import pytest
from pytest_bdd import scenarios

from features.steps_legacy import *  # noqa: F403  (the legacy messaging steps and their fixture)

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _capability_gate() -> None:
    """These scenarios drive Commerce's messaging, not a storefront adapter: no client matrix, no gate."""


scenarios("legacy_messaging.feature")
