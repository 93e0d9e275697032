"""PostgreSQL connections for the stores: the target (URL and schema), a pool per process, a sqlite3-like facade."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Final

import psycopg
from psycopg import sql as pgsql
from psycopg_pool import ConnectionPool

from simulator.store import pg_sql
from simulator.store.errors import StoreError
from simulator.store.pg_url import PgTarget
from simulator.store.process import current_pid

POOL_SIZE: Final = 8


class Cursor:
    """The part of sqlite3.Cursor the stores use, over a psycopg cursor."""

    def __init__(self, cursor: psycopg.Cursor[Any], lastrowid: int | None = None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        """Rows changed by the statement."""
        return self._cursor.rowcount

    def fetchone(self) -> tuple[Any, ...] | None:
        """The next row."""
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        """Every remaining row."""
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.fetchall())


class Connection:
    """The part of sqlite3.Connection the stores use: execute/executemany in the SQLite dialect, translated."""

    def __init__(self, conn: psycopg.Connection[Any], catalog: pg_sql.Catalog) -> None:
        self.raw = conn
        self.catalog = catalog

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | Iterable[Any] = ()) -> Cursor:
        """Run one statement."""
        text, returns = _translated(sql, _CatalogKey(self.catalog))
        cursor = self.raw.execute(text.encode(), tuple(params))
        if returns:
            row = cursor.fetchone()
            return Cursor(cursor, None if row is None else int(row[0]))
        return Cursor(cursor)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        """Run one statement per row."""
        text = pg_sql.translate(sql, self.catalog)
        cursor = self.raw.cursor()
        batch = [tuple(row) for row in rows]
        if batch:
            cursor.executemany(text.encode(), batch)
        return Cursor(cursor)


class _CatalogKey:
    """Hashes as the catalog's identity, so translations are cached per catalog."""

    __slots__ = ("catalog",)

    def __init__(self, catalog: pg_sql.Catalog) -> None:
        self.catalog = catalog

    def __hash__(self) -> int:
        return id(self.catalog)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _CatalogKey) and other.catalog is self.catalog


@lru_cache(maxsize=1024)
def _translated(sql: str, key: _CatalogKey) -> tuple[str, bool]:
    text, returns = pg_sql.returning_identity(sql, key.catalog)
    return pg_sql.translate(text, key.catalog), returns


class Pools:
    """One connection pool per process (pools hold threads and sockets a forked child cannot share)."""

    def __init__(self, target: PgTarget, size: int = POOL_SIZE) -> None:
        self._target = target
        self._size = size
        self._lock = threading.Lock()
        self._pool: ConnectionPool[psycopg.Connection[Any]] | None = None
        self._pid = 0

    def _current(self) -> ConnectionPool[psycopg.Connection[Any]]:
        pool, pid = self._pool, current_pid()
        if pool is not None and self._pid == pid:
            return pool
        with self._lock:
            if self._pool is None or self._pid != pid:
                self._pool = ConnectionPool(
                    self._target.conninfo,
                    min_size=1,
                    max_size=self._size,
                    kwargs={"autocommit": True},
                    configure=self._configure,
                    open=True,
                    name=f"backoffice-sim-{self._target.schema}",
                )
                self._pid = pid
            return self._pool

    def _configure(self, conn: psycopg.Connection[Any]) -> None:
        conn.execute(pgsql.SQL("SET search_path TO {}").format(pgsql.Identifier(self._target.schema)))

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A connection of this process's pool, in autocommit mode with the schema on its search path."""
        try:
            pool = self._current()
            with pool.connection(timeout=60) as conn:
                yield conn
        except psycopg.Error as error:
            raise StoreError(f"database {self._target.display()}: {one_line(error)}") from error

    def close(self) -> None:
        """Close this process's pool (a pool inherited through fork is left alone)."""
        with self._lock:
            pool, self._pool = self._pool, None
            if pool is not None and self._pid == current_pid():
                pool.close()


def connect_once(target: PgTarget) -> psycopg.Connection[Any]:
    """A single autocommit connection (to create schemas); StoreError when the database does not answer."""
    try:
        return psycopg.connect(target.conninfo, autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        raise StoreError(f"cannot connect to {target.display()}: {one_line(error)}") from error


def one_line(error: Exception) -> str:
    """libpq's message (often several lines) as one line."""
    return " ".join(str(error).split())
