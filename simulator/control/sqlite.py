"""The ControlStore in a SQLite file beside the world's database, shared by every worker process.

It is a separate file so that journal writes (one per SOAP exchange) neither bump the world's change counter (which
would throw away the availability memo on every call) nor queue behind the world's writers. Rule changes bump a
memory-mapped counter of their own, so workers re-read rules only when they changed.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from simulator.control import journal_rows
from simulator.control.records import (
    ANY_TENANT,
    Decide,
    Event,
    EventQuery,
    Exchange,
    JournalQuery,
    SnapshotInfo,
    StoredRule,
)
from simulator.store.process import current_pid
from simulator.store.version import ChangeCounter

SCHEMA: Final = (
    """CREATE TABLE IF NOT EXISTS rules (
        rule_id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT, spec TEXT NOT NULL, remaining INTEGER,
        draws INTEGER NOT NULL DEFAULT 0, applied INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, tenant TEXT NOT NULL, type TEXT NOT NULL,
        subject TEXT NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID",
    """CREATE TABLE IF NOT EXISTS snapshots (
        tenant TEXT NOT NULL, name TEXT NOT NULL, created TEXT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (tenant, name)) WITHOUT ROWID""",
)
_RULE_COLUMNS: Final = "rule_id, tenant, spec, remaining, draws, applied, created"


def control_path(db: str | Path) -> Path:
    """Where the control store of a world database lives."""
    path = Path(db)
    return path.with_name(path.name + "-control")


MAX_IDLE = 16
FLUSH_EVERY = 0.02
MAX_PENDING = 5000
SETTLE = 0.08
log = logging.getLogger(__name__)


class SqliteControlStore:
    """A ControlStore in one SQLite file (WAL, a small pool of connections per process)."""

    def __init__(self, path: str | Path, capacity: int = 10_000) -> None:
        self._path = Path(path)
        self._capacity = capacity
        self._lock = threading.Lock()
        self._connections: list[tuple[int, sqlite3.Connection]] = []
        self._idle: list[tuple[int, sqlite3.Connection]] = []
        self._pending = _Batch()
        self._pending_lock = threading.Lock()
        self._flusher_pid = 0
        self._stopped = False
        self._version = ChangeCounter(self._path.with_name(self._path.name + "-rules"))
        with self._transaction(immediate=True) as conn:
            for statement in (*SCHEMA, *journal_rows.SCHEMA):
                conn.execute(statement)

    def _checkout(self) -> sqlite3.Connection:
        """An idle connection of this process, or a new one (pooled: server threads come and go)."""
        pid = current_pid()
        with self._lock:
            for index in range(len(self._idle) - 1, -1, -1):
                if self._idle[index][0] == pid:
                    return self._idle.pop(index)[1]
        conn = sqlite3.connect(self._path, timeout=30.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        with self._lock:
            self._connections.append((pid, conn))
        return conn

    def _checkin(self, conn: sqlite3.Connection) -> None:
        pid = current_pid()
        with self._lock:
            if sum(1 for owner, _ in self._idle if owner == pid) < MAX_IDLE:
                self._idle.append((pid, conn))
                return
            self._connections = [(owner, c) for owner, c in self._connections if c is not conn]
        conn.close()

    @contextmanager
    def _transaction(self, immediate: bool = False) -> Iterator[sqlite3.Connection]:
        conn = self._checkout()
        try:
            conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._checkin(conn)

    # fault rules

    def rules_version(self) -> int:
        """Changes whenever any process adds or removes a rule."""
        return self._version.value()

    def add_rule(self, tenant: str | None, spec: str, remaining: int | None, created: str) -> StoredRule:
        """Store a rule; ids increase."""
        with self._transaction(immediate=True) as conn:
            sql = "INSERT INTO rules (tenant, spec, remaining, created) VALUES (?, ?, ?, ?)"
            rule_id = conn.execute(sql, (tenant, spec, remaining, created)).lastrowid
        self._version.bump()
        return StoredRule(int(rule_id or 0), tenant, spec, remaining, created=created)

    def rules(self, tenant: str = ANY_TENANT) -> list[StoredRule]:
        """Rules by id; a tenant selects the rules scoped to it."""
        with self._transaction() as conn:
            if tenant == ANY_TENANT:
                rows = conn.execute(f"SELECT {_RULE_COLUMNS} FROM rules ORDER BY rule_id").fetchall()
            else:
                sql = f"SELECT {_RULE_COLUMNS} FROM rules WHERE tenant IS ? ORDER BY rule_id"
                rows = conn.execute(sql, (tenant,)).fetchall()
        return [StoredRule(*row) for row in rows]

    def get_rule(self, rule_id: int) -> StoredRule | None:
        """One rule with its current counters."""
        with self._transaction() as conn:
            row = conn.execute(f"SELECT {_RULE_COLUMNS} FROM rules WHERE rule_id = ?", (rule_id,)).fetchone()
        return None if row is None else StoredRule(*row)

    def delete_rule(self, rule_id: int) -> bool:
        """Remove a rule; False when there was none."""
        with self._transaction(immediate=True) as conn:
            gone = conn.execute("DELETE FROM rules WHERE rule_id = ?", (rule_id,)).rowcount
        self._version.bump()
        return gone > 0

    def clear_rules(self, tenant: str = ANY_TENANT) -> int:
        """Remove the rules of a tenant (or all); how many went."""
        with self._transaction(immediate=True) as conn:
            if tenant == ANY_TENANT:
                gone = conn.execute("DELETE FROM rules").rowcount
            else:
                gone = conn.execute("DELETE FROM rules WHERE tenant IS ?", (tenant,)).rowcount
        self._version.bump()
        return gone

    def draw(self, rule_id: int, decide: Decide) -> int | None:
        """Count one draw of a rule and, if `decide` says so and it has uses left, spend one; the draw number."""
        with self._transaction(immediate=True) as conn:
            row = conn.execute("SELECT remaining, draws FROM rules WHERE rule_id = ?", (rule_id,)).fetchone()
            if row is None or (row[0] is not None and row[0] <= 0):
                return None
            number = int(row[1])
            hit = decide(number)
            sql = (
                "UPDATE rules SET draws = draws + 1, applied = applied + ?,"
                " remaining = CASE WHEN remaining IS NULL THEN NULL ELSE remaining - ? END WHERE rule_id = ?"
            )
            conn.execute(sql, (int(hit), int(hit), rule_id))
        return number if hit else None

    # journal, events, counters

    def record(self, exchange: Exchange, events: Sequence[Event], counters: Sequence[tuple[str, float]]) -> None:
        """Queue an exchange with its events and counters; they are written in batches.

        One write transaction per SOAP call would serialize every worker on the database lock, so a background
        thread writes the queue every FLUSH_EVERY seconds; the request thread itself writes only if the queue
        ever reaches MAX_PENDING. Readers flush this process's queue and let the others' catch up first.
        Counters are summed in memory until then: a batch writes each counter key once, however many calls it holds.
        """
        with self._pending_lock:
            self._pending.add(exchange, events, counters)
            overflowing = len(self._pending.exchanges) >= MAX_PENDING
        self._start_flusher()
        if overflowing:
            self.flush()

    def flush(self) -> None:
        """Write everything queued in this process, in one transaction."""
        with self._pending_lock:
            batch, self._pending = self._pending, _Batch()
        if batch.exchanges or batch.events or batch.counters:
            with self._transaction(immediate=True) as conn:
                self._write(conn, batch)

    def _write(self, conn: sqlite3.Connection, batch: _Batch) -> None:
        journal_rows.append(conn, batch.exchanges, self._capacity)
        self._insert_events(conn, batch.events)
        sql = "INSERT INTO counters VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value"
        conn.executemany(sql, batch.counters.items())

    def _start_flusher(self) -> None:
        if self._flusher_pid == current_pid():
            return
        with self._pending_lock:
            if self._flusher_pid == current_pid():
                return
            self._flusher_pid = current_pid()
        threading.Thread(target=self._flush_forever, name="journal-flusher", daemon=True).start()

    def _flush_forever(self) -> None:
        while not self._stopped:
            time.sleep(FLUSH_EVERY)
            try:
                self.flush()
            except Exception:
                log.exception("could not write the journal")

    def _settle(self) -> None:
        """Before a read: write this process's queue and give the other workers' flushers time to run."""
        self.flush()
        time.sleep(SETTLE)

    def add_events(self, events: Sequence[Event]) -> None:
        """Append domain events."""
        with self._transaction(immediate=True) as conn:
            self._insert_events(conn, events)

    def _insert_events(self, conn: sqlite3.Connection, events: Sequence[Event]) -> None:
        if self._capacity <= 0:
            return
        last = 0
        for event in events:
            sql = "INSERT INTO events (at, tenant, type, subject) VALUES (?, ?, ?, ?)"
            subject = json.dumps(event.subject, sort_keys=True)
            last = conn.execute(sql, (event.at, event.tenant, event.type, subject)).lastrowid or 0
        if last:
            conn.execute("DELETE FROM events WHERE seq <= ?", (last - self._capacity,))

    def journal(self, query: JournalQuery, offset: int, limit: int) -> tuple[list[Exchange], int]:
        """Matching exchanges, oldest first, and how many match."""
        self._settle()
        with self._transaction() as conn:
            found = [exchange for exchange in journal_rows.read(conn, self._capacity) if query.matches(exchange)]
        return found[offset : offset + limit], len(found)

    def clear_journal(self, tenant: str = ANY_TENANT) -> int:
        """Forget the exchanges of a tenant (or all)."""
        self._settle()
        with self._transaction(immediate=True) as conn:
            return journal_rows.clear(conn, tenant, self._capacity)

    def events(self, query: EventQuery, offset: int, limit: int) -> tuple[list[Event], int]:
        """Matching events, oldest first, and how many match."""
        self._settle()
        clauses, params = _common_where(query.tenant, query.since, query.until)
        if query.type is not None:
            clauses.append("type = ?")
            params.append(query.type)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._transaction() as conn:
            total = int(conn.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0])
            sql = f"SELECT seq, at, tenant, type, subject FROM events{where} ORDER BY seq LIMIT ? OFFSET ?"
            rows = conn.execute(sql, [*params, limit, offset]).fetchall()
        return [Event(at, tenant, kind, json.loads(subject), seq) for seq, at, tenant, kind, subject in rows], total

    def clear_events(self, tenant: str = ANY_TENANT) -> int:
        """Forget the events of a tenant (or all)."""
        self._settle()
        return self._clear("events", tenant)

    def _clear(self, table: str, tenant: str) -> int:
        with self._transaction(immediate=True) as conn:
            if tenant == ANY_TENANT:
                return int(conn.execute(f"DELETE FROM {table}").rowcount)
            return int(conn.execute(f"DELETE FROM {table} WHERE tenant = ?", (tenant,)).rowcount)

    def counters(self) -> dict[str, float]:
        """Every metric counter by key."""
        self._settle()
        with self._transaction() as conn:
            return {str(key): float(value) for key, value in conn.execute("SELECT key, value FROM counters")}

    # snapshots

    def save_snapshot(self, tenant: str, name: str, body: str, created: str) -> SnapshotInfo:
        """Store (or replace) a named snapshot."""
        with self._transaction(immediate=True) as conn:
            conn.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?, ?)", (tenant, name, created, body))
        return SnapshotInfo(tenant, name, created, len(body.encode()))

    def snapshot(self, tenant: str, name: str) -> str | None:
        """A snapshot's JSON text."""
        with self._transaction() as conn:
            sql = "SELECT body FROM snapshots WHERE tenant = ? AND name = ?"
            row = conn.execute(sql, (tenant, name)).fetchone()
        return None if row is None else str(row[0])

    def snapshots(self, tenant: str) -> list[SnapshotInfo]:
        """A tenant's snapshots by name."""
        with self._transaction() as conn:
            sql = "SELECT name, created, length(CAST(body AS BLOB)) FROM snapshots WHERE tenant = ? ORDER BY name"
            rows = conn.execute(sql, (tenant,)).fetchall()
        return [SnapshotInfo(tenant, name, created, int(size)) for name, created, size in rows]

    def delete_snapshot(self, tenant: str, name: str) -> bool:
        """Remove a snapshot; False when there was none."""
        with self._transaction(immediate=True) as conn:
            sql = "DELETE FROM snapshots WHERE tenant = ? AND name = ?"
            return bool(conn.execute(sql, (tenant, name)).rowcount)

    def close(self) -> None:
        """Write what is queued, then close this process's connections."""
        self._stopped = True
        try:
            self.flush()
        except Exception:
            log.exception("could not write the journal")
        pid = current_pid()
        with self._lock:
            mine = [conn for owner, conn in self._connections if owner == pid]
            self._connections = [(owner, conn) for owner, conn in self._connections if owner != pid]
            self._idle = [(owner, conn) for owner, conn in self._idle if owner != pid]
        for conn in mine:
            conn.close()
        self._version.close()


class _Batch:
    """What one process has queued since its last flush: exchanges and events in order, counters summed."""

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []
        self.events: list[Event] = []
        self.counters: dict[str, float] = {}

    def add(self, exchange: Exchange, events: Sequence[Event], counters: Sequence[tuple[str, float]]) -> None:
        self.exchanges.append(exchange)
        self.events.extend(events)
        totals = self.counters
        for key, amount in counters:
            totals[key] = totals.get(key, 0.0) + amount


def _common_where(tenant: str, since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if tenant != ANY_TENANT:
        clauses.append("tenant = ?")
        params.append(tenant)
    if since is not None:
        clauses.append("at >= ?")
        params.append(since)
    if until is not None:
        clauses.append("at < ?")
        params.append(until)
    return clauses, params
