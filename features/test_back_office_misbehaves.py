"""The storefront when the back office misbehaves (the fault API's domain scenarios)."""

from __future__ import annotations

from pytest_bdd import scenarios

from features.misbehaves import *  # noqa: F403 (the steps of this feature)

scenarios("back_office_misbehaves.feature")
