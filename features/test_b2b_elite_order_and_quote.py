"""The B2B Elite Order and Quote Capture scenarios."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("b2b_elite_order_and_quote.feature")
