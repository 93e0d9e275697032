"""The ControlStore in a PostgreSQL schema beside the world's, shared by every process on every host.

The SQLite control store's SQL runs through the same dialect translation as the world's; writers take an advisory
lock of the control schema (not the world's, so journal writes never queue behind reservations), and the rules
version is a counter row every host reads.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final, cast

from simulator.control import journal_rows
from simulator.control.sqlite import SCHEMA, SqliteControlStore, _Batch
from simulator.store.pg import READ_BEGIN, prepare_schema
from simulator.store.pg_conn import Connection, Pools
from simulator.store.pg_url import PgTarget
from simulator.store.version import ChangeCounter

CONTROL_SUFFIX: Final = "_control"
CONTROL_VERSION: Final = 1


def control_target(world: PgTarget) -> PgTarget:
    """The schema of a world's control store."""
    return world.beside(CONTROL_SUFFIX)


class PgRulesVersion(ChangeCounter):
    """The rules version as a counter row in the control schema (read by every host)."""

    def __init__(self, pools: Pools) -> None:
        super().__init__(Path("/nonexistent"))
        self._pools = pools

    def value(self) -> int:
        """The current count."""
        with self._pools.connection() as conn:
            row = conn.execute("SELECT n FROM sim_changes").fetchone()
        return 0 if row is None else int(row[0])

    def bump(self) -> None:
        """Record that the rules changed."""
        with self._pools.connection() as conn:
            conn.execute("UPDATE sim_changes SET n = n + 1")

    def close(self) -> None:
        """Nothing is mapped."""


class PgControlStore(SqliteControlStore):
    """A ControlStore in one PostgreSQL schema."""

    def __init__(self, target: PgTarget | str, capacity: int = 10_000) -> None:
        # The parent's state, without its SQLite file.
        self._target = target if isinstance(target, PgTarget) else PgTarget.parse(target)
        self._path = Path(self._target.schema)
        self._capacity = capacity
        self._lock = threading.Lock()
        self._connections: list[tuple[int, sqlite3.Connection]] = []
        self._idle: list[tuple[int, sqlite3.Connection]] = []
        self._pending = _Batch()
        self._pending_lock = threading.Lock()
        self._flusher_pid = 0
        self._stopped = False
        self._catalog = prepare_schema(self._target, (*SCHEMA, *journal_rows.SCHEMA), CONTROL_VERSION)
        self._pools = Pools(self._target, size=4)
        self._version = PgRulesVersion(self._pools)
        self._begin_write = f"BEGIN; SELECT pg_advisory_xact_lock({self._target.lock_key()})"

    @contextmanager
    def _transaction(self, immediate: bool = False) -> Iterator[sqlite3.Connection]:
        with self._pools.connection() as raw:
            raw.execute((self._begin_write if immediate else READ_BEGIN).encode())
            try:
                yield cast(sqlite3.Connection, Connection(raw, self._catalog))
            except BaseException:
                if not raw.closed:
                    raw.execute("ROLLBACK")
                raise
            raw.execute("COMMIT")

    def close(self) -> None:
        """Write what is queued, then close this process's connections."""
        super().close()
        self._pools.close()
