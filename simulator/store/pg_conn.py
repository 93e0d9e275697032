"""PostgreSQL connections for the stores: the target (URL and schema), a pool per process, a sqlite3-like facade."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql as pgsql
from psycopg_pool import ConnectionPool

from simulator.store import pg_sql
from simulator.store.errors import StoreError
from simulator.store.process import current_pid

SCHEMES: Final = ("postgresql://", "postgres://")
DEFAULT_SCHEMA: Final = "public"
POOL_SIZE: Final = 8
MAX_IDENTIFIER: Final = 63
_SCHEMA_NAME: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,62}")


def is_postgres(db: str) -> bool:
    """Whether a --db value names a PostgreSQL database."""
    return db.startswith(SCHEMES)


@dataclass(frozen=True, slots=True)
class PgTarget:
    """A database (libpq URL, without our own parameters) and the schema that holds one world."""

    conninfo: str
    schema: str = DEFAULT_SCHEMA

    @classmethod
    def parse(cls, db: str) -> PgTarget:
        """`postgresql://user@host:port/db?schema=name` (schema defaults to public)."""
        parts = urlsplit(db)
        query = parse_qsl(parts.query, keep_blank_values=True)
        schema = next((value for key, value in query if key == "schema"), DEFAULT_SCHEMA)
        if not _SCHEMA_NAME.fullmatch(schema):
            raise StoreError(f"schema {schema!r}: 1 to 63 letters, digits, '_' or '-'")
        rest = urlencode([(key, value) for key, value in query if key != "schema"])
        return cls(urlunsplit(parts._replace(query=rest)), schema)

    def url(self) -> str:
        """Back to a --db value."""
        parts = urlsplit(self.conninfo)
        query = parse_qsl(parts.query, keep_blank_values=True)
        return urlunsplit(parts._replace(query=urlencode([*query, ("schema", self.schema)])))

    def beside(self, suffix: str) -> PgTarget:
        """Another schema of the same database, named after this one (shortened by a hash when too long)."""
        return PgTarget(self.conninfo, schema_name(f"{self.schema}{suffix}"))

    def lock_key(self) -> int:
        """The advisory lock that serializes the writers of this schema, on every host."""
        digest = hashlib.blake2b(f"backoffice-sim:{self.schema}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)

    def display(self) -> str:
        """For messages: the URL without a password."""
        parts = urlsplit(self.conninfo)
        host = parts.hostname or ""
        user = f"{parts.username}@" if parts.username else ""
        port = f":{parts.port}" if parts.port else ""
        return f"postgresql://{user}{host}{port}{parts.path} (schema {self.schema})"


def schema_name(name: str) -> str:
    """A schema name PostgreSQL keeps whole (at most 63 bytes)."""
    if len(name) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.blake2b(name.encode(), digest_size=6).hexdigest()
    return f"{name[: MAX_IDENTIFIER - len(digest) - 1]}_{digest}"


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
        cursor = self.raw.execute(text.encode(), tuple(params))  # type: ignore[call-overload]
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
            cursor.executemany(text.encode(), batch)  # type: ignore[arg-type]
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
            raise StoreError(f"database {self._target.display()}: {error}".strip()) from error

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
        raise StoreError(f"cannot connect to {target.display()}: {str(error).strip()}") from error
