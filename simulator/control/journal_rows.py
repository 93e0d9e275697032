"""The SQLite journal: exchanges stored a flush at a time, one row per batch, read back as a ring of the newest.

One row per exchange cost a B-tree insert and a delete per SOAP call; one JSON row per batch (a flush every few
milliseconds) costs one of each per batch, and the writing is the request path's price. Reads are rare (the admin
API): they decode the ring (at most `capacity` exchanges plus one batch) and filter it in Python, with the same
JournalQuery the in-memory store uses.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any, Final

from simulator.control.records import ANY_TENANT, Exchange

SCHEMA: Final = (
    """CREATE TABLE IF NOT EXISTS journal_batches (
        first_seq INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, entries TEXT NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
)
_FIELDS: Final = (
    "seq", "at", "tenant", "method", "path", "service", "operation", "action_code", "status", "duration_ms", "fault",
    "rule_id", "bod_id", "commerce_order_id", "store_id", "part_numbers", "organizations",
)  # fmt: skip
_SEQUENCE: Final = "journal"


def append(conn: sqlite3.Connection, exchanges: Sequence[Exchange], capacity: int) -> None:
    """Number and store a batch (inside the caller's write transaction); forget batches that left the ring."""
    if capacity <= 0 or not exchanges:
        return
    first = _high_water(conn) + 1
    last = first + len(exchanges) - 1
    conn.execute(
        "INSERT INTO sequences VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value", (_SEQUENCE, last)
    )
    entries = json.dumps([_row(seq, exchange) for seq, exchange in enumerate(exchanges, first)])
    conn.execute("INSERT INTO journal_batches VALUES (?, ?, ?)", (first, last, entries))
    conn.execute("DELETE FROM journal_batches WHERE last_seq <= ?", (last - capacity,))


def read(conn: sqlite3.Connection, capacity: int) -> list[Exchange]:
    """The exchanges still in the ring, oldest first."""
    oldest = _high_water(conn) - capacity
    sql = "SELECT entries FROM journal_batches WHERE last_seq > ? ORDER BY first_seq"
    found: list[Exchange] = []
    for (entries,) in conn.execute(sql, (oldest,)):
        found.extend(_exchange(row) for row in json.loads(entries) if row[0] > oldest)
    return found


def clear(conn: sqlite3.Connection, tenant: str, capacity: int) -> int:
    """Forget the exchanges of a tenant (or all); how many of those in the ring went."""
    oldest = _high_water(conn) - capacity
    removed = 0
    batches = conn.execute("SELECT first_seq, entries FROM journal_batches").fetchall()
    for first, entries in batches:
        rows = json.loads(entries)
        kept = [row for row in rows if tenant != ANY_TENANT and row[2] != tenant]
        removed += sum(1 for row in rows if row[0] > oldest) - sum(1 for row in kept if row[0] > oldest)
        if not kept:
            conn.execute("DELETE FROM journal_batches WHERE first_seq = ?", (first,))
        elif len(kept) != len(rows):
            conn.execute("UPDATE journal_batches SET entries = ? WHERE first_seq = ?", (json.dumps(kept), first))
    return removed


def _high_water(conn: sqlite3.Connection) -> int:
    """The last sequence number given out (kept apart from the rows, so a clear never reuses a number)."""
    row = conn.execute("SELECT value FROM sequences WHERE name = ?", (_SEQUENCE,)).fetchone()
    return int(row[0]) if row else 0


def _row(seq: int, e: Exchange) -> list[Any]:
    return [
        seq, e.at, e.tenant, e.method, e.path, e.service, e.operation, e.action_code, e.status, e.duration_ms,
        e.fault, e.rule_id, e.bod_id, e.commerce_order_id, e.store_id, e.part_numbers, e.organizations,
    ]  # fmt: skip


def _exchange(row: list[Any]) -> Exchange:
    values = dict(zip(_FIELDS, row, strict=True))
    values["part_numbers"] = tuple(values["part_numbers"])
    values["organizations"] = tuple(values["organizations"])
    return Exchange(**values)
