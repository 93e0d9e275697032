"""Snapshots of a whole SQLite world as reviewable JSON: every table, rows in primary-key order, JSON columns as JSON.

The format is generic over the schema (a table added to the store is in the next snapshot without a change here),
deterministic (same state, same bytes) and refuses to restore into another schema version.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Final

from simulator.store.errors import StoreError

FORMAT: Final = "backoffice-sim/snapshot"
FORMAT_VERSION: Final = 1
Tables = dict[str, Any]


class SnapshotError(StoreError):
    """A snapshot that cannot be restored into this store."""


def dump(conn: sqlite3.Connection) -> Tables:
    """Every table of the database as {"format", "version", "schema_version", "tables": {name: [row, ...]}}."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in _table_names(conn):
        columns = _columns(conn, name)
        order = ", ".join(str(i + 1) for i in range(len(columns)))
        rows = conn.execute(f'SELECT * FROM "{name}" ORDER BY {order}').fetchall()
        tables[name] = [{col: _readable(value) for col, value in zip(columns, row, strict=True)} for row in rows]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_version": int(conn.execute("PRAGMA user_version").fetchone()[0]),
        "tables": tables,
    }


def load(conn: sqlite3.Connection, snapshot: Any) -> None:
    """Replace every row of the database with the snapshot's (inside the caller's write transaction)."""
    tables = check(snapshot, int(conn.execute("PRAGMA user_version").fetchone()[0]))
    known = _table_names(conn)
    unknown = sorted(set(tables) - set(known))
    if unknown:
        raise SnapshotError(f"the snapshot has tables this store does not: {', '.join(unknown)}")
    for name in known:
        conn.execute(f'DELETE FROM "{name}"')
    for name, rows in tables.items():
        columns = _columns(conn, name)
        for row in rows:
            if not isinstance(row, dict) or set(row) - set(columns):
                raise SnapshotError(f"a row of {name} has columns this store does not have")
            names = list(row)
            sql = f'INSERT INTO "{name}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})'
            try:
                conn.execute(sql, [_stored(row[col]) for col in names])
            except sqlite3.Error as error:
                raise SnapshotError(f"a row of {name} cannot be restored: {error}") from error


def check(snapshot: Any, schema_version: int) -> dict[str, list[Any]]:
    """The tables of a snapshot, once its format and schema version are known to fit."""
    if not isinstance(snapshot, dict) or snapshot.get("format") != FORMAT:
        raise SnapshotError(f"not a backoffice-sim snapshot (format must be {FORMAT!r})")
    if snapshot.get("version") != FORMAT_VERSION:
        raise SnapshotError(f"snapshot format version {snapshot.get('version')!r} is not {FORMAT_VERSION}")
    if snapshot.get("schema_version") != schema_version:
        raise SnapshotError(
            f"the snapshot is of schema version {snapshot.get('schema_version')!r}, this store has {schema_version}"
        )
    tables = snapshot.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(rows, list) for rows in tables.values()):
        raise SnapshotError("the snapshot's tables must map table names to lists of rows")
    return tables


def dumps(snapshot: Tables) -> str:
    """The canonical text of a snapshot: sorted keys, one value per line."""
    return json.dumps(snapshot, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def _table_names(conn: sqlite3.Connection) -> list[str]:
    sql = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    return [str(row[0]) for row in conn.execute(sql)]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _readable(value: Any) -> Any:
    # JSON documents stored as text are shown as JSON; everything else as it is.
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return {"json": json.loads(value)}
        except ValueError:
            return value
    if isinstance(value, bytes):
        raise StoreError("binary columns cannot be snapshotted")
    return value


def _stored(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"json"}:
        return json.dumps(value["json"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if value is None or isinstance(value, str | int | float):
        return value
    raise SnapshotError(f"a snapshot value must be text, a number, null or {{'json': ...}}, not {value!r}")
