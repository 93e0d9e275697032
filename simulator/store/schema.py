"""The SQLite schema of the store, its version in PRAGMA user_version, and the check made at open time."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

from simulator.store.errors import IncompatibleDatabase

APPLICATION_ID: Final = 0x42534D31  # "BSM1": marks the file as a backoffice-sim store
SCHEMA_VERSION: Final = 2

_DOCUMENTS: Final = """
    external_id TEXT PRIMARY KEY,
    commerce_id TEXT,
    store_id TEXT NOT NULL,
    buyer_logon_id TEXT NOT NULL,
    buyer_dn TEXT NOT NULL,
    org_dn TEXT NOT NULL,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    placed INTEGER NOT NULL,
    doc TEXT NOT NULL
"""

SCHEMA: Final = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE catalog (part_number TEXT PRIMARY KEY, catentry_id TEXT NOT NULL, doc TEXT NOT NULL)",
    "CREATE INDEX catalog_catentry ON catalog (catentry_id, part_number)",
    "CREATE TABLE online_stores (store_id TEXT PRIMARY KEY, identifier TEXT NOT NULL, doc TEXT NOT NULL)",
    "CREATE INDEX online_stores_identifier ON online_stores (identifier, store_id)",
    "CREATE TABLE physical_stores (store_id TEXT PRIMARY KEY, external_id TEXT NOT NULL, doc TEXT NOT NULL)",
    "CREATE INDEX physical_stores_external ON physical_stores (external_id, store_id)",
    "CREATE TABLE fulfillment_centers (fc_id TEXT PRIMARY KEY, doc TEXT NOT NULL)",
    """CREATE TABLE stock_levels (
        part_number TEXT NOT NULL, fc_id TEXT NOT NULL, on_hand INTEGER NOT NULL,
        safety_stock INTEGER NOT NULL, receipts TEXT NOT NULL,
        PRIMARY KEY (part_number, fc_id)) WITHOUT ROWID""",
    "CREATE TABLE reservations (order_id TEXT PRIMARY KEY, store_id TEXT NOT NULL, created TEXT NOT NULL)",
    """CREATE TABLE reservation_chunks (
        order_id TEXT NOT NULL, seq INTEGER NOT NULL, order_item_id TEXT NOT NULL,
        part_number TEXT NOT NULL, fc_id TEXT, status TEXT NOT NULL, quantity INTEGER NOT NULL,
        available_date TEXT, expected_ship_date TEXT,
        PRIMARY KEY (order_id, seq)) WITHOUT ROWID""",
    """CREATE TABLE held (
        part_number TEXT NOT NULL, fc_id TEXT NOT NULL, allocated INTEGER NOT NULL,
        backordered INTEGER NOT NULL, chunks INTEGER NOT NULL,
        PRIMARY KEY (part_number, fc_id)) WITHOUT ROWID""",
    "CREATE TABLE organizations (dn TEXT PRIMARY KEY, doc TEXT NOT NULL)",
    """CREATE TABLE buyers (
        logon_id TEXT PRIMARY KEY, dn TEXT NOT NULL, org_dn TEXT NOT NULL, doc TEXT NOT NULL)""",
    "CREATE INDEX buyers_dn ON buyers (dn, logon_id)",
    "CREATE INDEX buyers_org ON buyers (org_dn, logon_id)",
    "CREATE TABLE price_lists (price_list_id TEXT PRIMARY KEY, org_dn TEXT, doc TEXT NOT NULL)",
    "CREATE INDEX price_lists_org ON price_lists (org_dn, price_list_id)",
    """CREATE TABLE prices (
        price_list_id TEXT NOT NULL, part_number TEXT NOT NULL, breaks TEXT NOT NULL,
        PRIMARY KEY (price_list_id, part_number)) WITHOUT ROWID""",
    f"CREATE TABLE orders ({_DOCUMENTS})",
    "CREATE INDEX orders_commerce ON orders (store_id, commerce_id, external_id)",
    "CREATE INDEX orders_placed ON orders (placed DESC, external_id)",
    "CREATE INDEX orders_buyer ON orders (buyer_logon_id)",
    "CREATE INDEX orders_buyer_dn ON orders (buyer_dn)",
    "CREATE INDEX orders_org ON orders (org_dn)",
    f"CREATE TABLE quotes ({_DOCUMENTS})",
    "CREATE INDEX quotes_commerce ON quotes (store_id, commerce_id, external_id)",
    "CREATE INDEX quotes_placed ON quotes (placed DESC, external_id)",
    "CREATE INDEX quotes_buyer ON quotes (buyer_logon_id)",
    "CREATE INDEX quotes_buyer_dn ON quotes (buyer_dn)",
    "CREATE INDEX quotes_org ON quotes (org_dn)",
)


LIFECYCLE_SCHEMA: Final = (
    """CREATE TABLE IF NOT EXISTS timers (
        kind TEXT NOT NULL, key TEXT NOT NULL, due INTEGER, due_text TEXT,
        PRIMARY KEY (kind, key)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS timers_due ON timers (due, kind, key) WHERE due IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS outbox (
        push_id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, key TEXT NOT NULL,
        state TEXT NOT NULL, next_attempt INTEGER NOT NULL, doc TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS outbox_key ON outbox (key, push_id)",
    "CREATE INDEX IF NOT EXISTS outbox_state ON outbox (state, next_attempt, push_id)",
)
"""Version 2: lifecycle timers and the push outbox (created on a version-1 database when it is opened)."""


def create_or_check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Create the schema in an empty database, or check it is ours; either way prove the file writable.

    Runs in a BEGIN IMMEDIATE transaction so that processes opening a fresh file together create it once.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        _create_or_check(conn, path)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")  # a real write, even when nothing changed
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _create_or_check(conn: sqlite3.Connection, path: Path) -> None:
    application_id = _pragma(conn, "application_id")
    version = _pragma(conn, "user_version")
    if application_id == 0 and version == 0:
        if conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
            raise IncompatibleDatabase(f"{path} is a SQLite database of another application")
        for statement in (*SCHEMA, *LIFECYCLE_SCHEMA):
            conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    elif application_id != APPLICATION_ID:
        raise IncompatibleDatabase(f"{path} is a SQLite database of another application")
    elif version in (1, SCHEMA_VERSION):
        for statement in LIFECYCLE_SCHEMA:
            conn.execute(statement)
    else:
        raise IncompatibleDatabase(f"{path} has schema version {version}, this simulator needs {SCHEMA_VERSION}")


def _pragma(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])
