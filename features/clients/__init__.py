"""Scenario clients: built-in names, `package.module:factory` specs and the `backoffice_sim.clients` entry points."""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import cast

from simulator.client.adapter import AdapterFactory

ENTRY_POINT_GROUP = "backoffice_sim.clients"
INPROCESS = "inprocess"
"""Built in: the use cases called directly on an in-memory back office (no server)."""
BUILT_IN = {
    "reference": "simulator.client.adapter:reference",
    "example": "features.clients.example_http:factory",
}
DEFAULT_CLIENTS = ("reference", INPROCESS)


def load_factory(spec: str) -> AdapterFactory:
    """The adapter factory a `--client` value names: built-in, `module:attribute`, or an entry point name."""
    if spec in BUILT_IN:
        spec = BUILT_IN[spec]
    if ":" in spec:
        module, _, attribute = spec.partition(":")
        return cast(AdapterFactory, getattr(importlib.import_module(module), attribute))
    found = entry_points(group=ENTRY_POINT_GROUP, name=spec)
    if not found:
        known = sorted({*BUILT_IN, INPROCESS, *(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))})
        raise LookupError(f"unknown client {spec!r}: use one of {', '.join(known)} or package.module:factory")
    return cast(AdapterFactory, next(iter(found)).load())
