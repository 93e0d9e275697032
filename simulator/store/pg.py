"""The PostgreSQL store: one world per schema, shared by every process on every host that opens it.

Writers are serialized by a transaction-scoped advisory lock per schema (what BEGIN IMMEDIATE is on SQLite), so
every read-then-write use case sees the last committed state on any host and available-to-promise cannot go
negative. Each write bumps a change counter row in the same transaction; data_version() reads it, so a memo built
on one host is dropped on the next call after a commit on any other.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final, cast

import psycopg
from psycopg import sql as pgsql

from simulator.store import pg_sql
from simulator.store.errors import IncompatibleDatabase, StoreError
from simulator.store.pg_conn import Connection, Pools, connect_once, one_line
from simulator.store.pg_url import PgTarget
from simulator.store.schema import LIFECYCLE_SCHEMA, SCHEMA, SCHEMA_VERSION
from simulator.store.sqlite import SqliteSession

WORLD_SCHEMA: Final = (*SCHEMA, *LIFECYCLE_SCHEMA)
"""Every table of the world, in the SQLite dialect: the same definitions as the SQLite store's."""
_BOOKKEEPING: Final = (
    "CREATE TABLE IF NOT EXISTS sim_schema (version INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sim_changes (n BIGINT NOT NULL)",
)
READ_BEGIN: Final = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"


def prepare_schema(target: PgTarget, statements: tuple[str, ...], version: int) -> pg_sql.Catalog:
    """Create the schema and its tables if new (once, whoever comes first), check the version; the catalog."""
    conn = connect_once(target)
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (target.lock_key(),))
            conn.execute(pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(pgsql.Identifier(target.schema)))
            conn.execute(pgsql.SQL("SET LOCAL search_path TO {}").format(pgsql.Identifier(target.schema)))
            for statement in (*_BOOKKEEPING, *statements):
                conn.execute(pg_sql.ddl(statement).encode())
            _check_version(conn, target, version)
            rows = conn.execute(pg_sql.catalog_sql()).fetchall()
        return pg_sql.build_catalog(rows)
    except psycopg.Error as error:
        raise StoreError(f"cannot prepare {target.display()}: {one_line(error)}") from error
    finally:
        conn.close()


def _check_version(conn: psycopg.Connection[Any], target: PgTarget, version: int) -> None:
    row = conn.execute("SELECT version FROM sim_schema").fetchone()
    if row is None:
        conn.execute("INSERT INTO sim_schema VALUES (%s)", (version,))
        conn.execute("INSERT INTO sim_changes VALUES (0)")
    elif int(row[0]) != version:
        raise IncompatibleDatabase(f"{target.display()} has schema version {row[0]}, this simulator needs {version}")


class PgSession(SqliteSession):
    """The SQLite session's SQL, run through the dialect translation; snapshots keep identity counters right."""

    def __init__(self, conn: Connection, writable: bool) -> None:
        super().__init__(cast(sqlite3.Connection, conn), writable)
        self._pg = conn

    def load_tables(self, document: dict[str, Any]) -> None:
        """Replace the whole world with a snapshot document; identity columns continue after the loaded rows."""
        super().load_tables(document)
        for table, info in self._pg.catalog.items():
            if info.identity is not None and not table.startswith(pg_sql.INTERNAL_PREFIX):
                self._resync(table, info.identity)

    def _resync(self, table: str, column: str) -> None:
        raw = self._pg.raw
        row = raw.execute("SELECT pg_get_serial_sequence(%s, %s)", (table, column)).fetchone()
        if row is None or row[0] is None:
            raise StoreError(f"table {table} has no sequence behind {column}")
        sequence = pgsql.SQL(str(row[0]))  # already quoted by PostgreSQL
        highest = pgsql.SQL("SELECT coalesce(max({c}), 0) FROM {t}").format(
            c=pgsql.Identifier(column), t=pgsql.Identifier(table)
        )
        raw.execute(
            pgsql.SQL("SELECT setval({s}::regclass, GREATEST(({h}), (SELECT last_value FROM {q})), true)").format(
                s=pgsql.Literal(str(row[0])), h=highest, q=sequence
            )
        )


class PgStore:
    """A Store in one PostgreSQL schema, safe for any number of processes and hosts at once."""

    def __init__(self, target: PgTarget | str, statements: tuple[str, ...] = WORLD_SCHEMA) -> None:
        self._target = target if isinstance(target, PgTarget) else PgTarget.parse(target)
        self._catalog = prepare_schema(self._target, statements, SCHEMA_VERSION)
        self._pools = Pools(self._target)
        self._local = threading.local()
        self._begin_write = (
            f"BEGIN; SELECT pg_advisory_xact_lock({self._target.lock_key()}); UPDATE sim_changes SET n = n + 1"
        )

    @property
    def target(self) -> PgTarget:
        """The database and schema."""
        return self._target

    @contextmanager
    def read(self) -> Iterator[PgSession]:
        """A read-only session over one snapshot of the database."""
        with self._transaction(READ_BEGIN) as conn:
            yield PgSession(conn, writable=False)

    @contextmanager
    def write(self) -> Iterator[PgSession]:
        """A read-write session, serialized against every other writer of this schema on every host."""
        with self._transaction(self._begin_write) as conn:
            yield PgSession(conn, writable=True)

    def peek_meta(self, key: str) -> str | None:
        """One meta value, inside this thread's open transaction if there is one."""
        active: Connection | None = getattr(self._local, "conn", None)
        if active is not None:
            row = active.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        else:
            with self._pools.connection() as conn:
                row = conn.execute("SELECT value FROM meta WHERE key = %s", (key,)).fetchone()
        return None if row is None else str(row[0])

    def data_version(self) -> int:
        """The change counter: it moves with every committed write, from any process on any host."""
        active: Connection | None = getattr(self._local, "conn", None)
        if active is not None:
            row = active.raw.execute("SELECT n FROM sim_changes").fetchone()
        else:
            with self._pools.connection() as conn:
                row = conn.execute("SELECT n FROM sim_changes").fetchone()
        return 0 if row is None else int(row[0])

    def close(self) -> None:
        """Close this process's connections; the store cannot be used afterwards."""
        self._pools.close()

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[Connection]:
        if getattr(self._local, "conn", None) is not None:
            raise StoreError("transactions cannot be nested: finish the current read() or write() first")
        with self._pools.connection() as raw:
            conn = Connection(raw, self._catalog)
            self._local.conn = conn
            try:
                raw.execute(begin.encode())
                yield conn
            except BaseException:
                if not raw.closed and conn.in_transaction:
                    raw.execute("ROLLBACK")
                raise
            else:
                raw.execute("COMMIT")
            finally:
                self._local.conn = None
