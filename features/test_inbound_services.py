"""Commerce's inbound services for orders the back office takes (order preprocessing, payment processing)."""

from __future__ import annotations

import pytest
from pytest_bdd import scenarios

from features.inbound_steps import *  # noqa: F403 (the steps of this feature)


@pytest.fixture(autouse=True)
def _capability_gate() -> None:
    """No storefront client takes part: the scenario drives the back office's admin API and Commerce's side."""


scenarios("inbound_services.feature")
