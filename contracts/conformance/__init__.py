"""Helpers of the conformance suite: the target under test, its data, Commerce-shaped requests and checks."""

from __future__ import annotations
