"""The ControlStore in a PostgreSQL schema beside the world's, shared by every process on every host.

The SQLite control store's SQL runs through the same dialect translation as the world's; writers take an advisory
lock of the control schema (not the world's, so journal writes never queue behind reservations), and the rules
version is a counter row every host reads.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final, cast

from psycopg import sql as pgsql

from simulator.control import journal_rows
from simulator.control.sqlite import SCHEMA, SqliteControlStore, _Batch
from simulator.store.pg import READ_BEGIN, prepare_schema
from simulator.store.pg_conn import Connection, Pools, connect_once
from simulator.store.pg_url import PgTarget
from simulator.store.process import current_pid
from simulator.store.version import ChangeCounter

CONTROL_SUFFIX: Final = "_control"
CONTROL_VERSION: Final = 1
NOTIFY_POLL: Final = 1.0
log = logging.getLogger(__name__)


def control_target(world: PgTarget) -> PgTarget:
    """The schema of a world's control store."""
    return world.beside(CONTROL_SUFFIX)


class PgRulesVersion(ChangeCounter):
    """The rules version: a counter row in the control schema, followed by LISTEN in a thread of each process.

    Every SOAP call asks for the rules version, and a query per call would cost a round trip to the database;
    rule changes are rare, so each process listens for them instead and reads the row only until it listens.
    The process that changes the rules sees its own change at once; the others on the next notification.
    """

    def __init__(self, target: PgTarget, pools: Pools) -> None:
        super().__init__(Path("/nonexistent"))
        self._target = target
        self._pools = pools
        self._channel = f"rules_{target.lock_key() & 0xFFFFFFFF:x}"
        self._seen: int | None = None
        self._listener_pid = 0
        self._closed = threading.Event()
        self._guard = threading.Lock()

    def value(self) -> int:
        """The current count (as last notified, or read from the row while not listening)."""
        self._listen()
        seen = self._seen
        return self._read() if seen is None else seen

    def bump(self) -> None:
        """Record that the rules changed, and tell every listening process."""
        with self._pools.connection() as conn:
            row = conn.execute(
                "WITH u AS (UPDATE sim_changes SET n = n + 1 RETURNING n) SELECT pg_notify(%s, n::text), n FROM u",
                (self._channel,),
            ).fetchone()
        if row is not None and self._seen is not None:
            self._seen = max(self._seen, int(row[1]))

    def close(self) -> None:
        """Stop listening."""
        self._closed.set()

    def _read(self) -> int:
        with self._pools.connection() as conn:
            row = conn.execute("SELECT n FROM sim_changes").fetchone()
        return 0 if row is None else int(row[0])

    def _listen(self) -> None:
        if self._listener_pid == current_pid() or self._closed.is_set():
            return
        with self._guard:
            if self._listener_pid == current_pid():
                return
            self._listener_pid = current_pid()
            self._seen = None
        threading.Thread(target=self._follow, name="rules-listener", daemon=True).start()

    def _follow(self) -> None:
        while not self._closed.is_set():
            try:
                with connect_once(self._target) as conn:
                    conn.execute(pgsql.SQL("SET search_path TO {}").format(pgsql.Identifier(self._target.schema)))
                    conn.execute(pgsql.SQL("LISTEN {}").format(pgsql.Identifier(self._channel)))
                    self._seen = self._read()  # listening first, then reading: no change falls in between
                    while not self._closed.is_set():
                        for notice in conn.notifies(timeout=NOTIFY_POLL):
                            self._seen = max(self._seen or 0, int(notice.payload))
                        conn.execute("SELECT 1")  # notices a dropped connection
            except Exception:
                log.warning("the rules listener lost its connection; reading the rules version per call meanwhile")
                self._seen = None
                self._closed.wait(1.0)


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
        self._version = PgRulesVersion(self._target, self._pools)
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
