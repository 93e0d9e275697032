"""Snapshots of the whole world: export as a JSON document and restore one, each in one transaction."""

from __future__ import annotations

from typing import Any

from simulator.backend.context import Deps


class SnapshotService:
    """Export and restore the world (the store decides the document's form; SQLite only)."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def export(self) -> dict[str, Any]:
        """The whole world as a snapshot document."""
        with self._deps.store.read() as session:
            return session.dump_tables()

    def restore(self, document: dict[str, Any]) -> None:
        """Replace the whole world with a snapshot document (all or nothing)."""
        with self._deps.store.write() as session:
            session.load_tables(document)
