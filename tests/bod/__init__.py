"""Tests of the BOD wire codec."""

from __future__ import annotations
