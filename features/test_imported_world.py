"""Scenarios on a world that imported the sample Data Load files."""

from __future__ import annotations

from pytest_bdd import scenarios

from features.steps_imported import *  # noqa: F403  (the import steps)

scenarios("imported_world.feature")
