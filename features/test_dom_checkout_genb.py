"""The DOM checkout through the older (gen-B) services."""

from __future__ import annotations

from pytest_bdd import scenarios

from features.steps_genb import *  # noqa: F403  (the gen-B steps and their fixtures)

scenarios("dom_checkout_genb.feature")
