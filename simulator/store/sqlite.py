"""The SQLite store: WAL, one connection per thread, writes serialized across processes by BEGIN IMMEDIATE."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TypeVar

from simulator.domain.inventory import Holds
from simulator.domain.model import (
    AllocationStatus,
    Buyer,
    CatalogEntry,
    FulfillmentCenter,
    FutureReceipt,
    OnlineStore,
    Order,
    Organization,
    PhysicalStore,
    PriceBreak,
    PriceList,
    Quote,
    Reservation,
    ReservationChunk,
    StockLevel,
)
from simulator.domain.outbox import OPEN_STATES, PushRecord, PushState
from simulator.domain.query import OrderFilter, Page
from simulator.domain.schedule import Timer
from simulator.store import snapshot
from simulator.store.codec import decode_datetime, dumps, encode_datetime, instant_key, loads
from simulator.store.errors import CorruptDatabase, StoreError, UnwritableDatabase
from simulator.store.process import current_pid
from simulator.store.schema import create_or_check_schema
from simulator.store.tally import Tally, tally, without
from simulator.store.version import ChangeCounter

T = TypeVar("T")
BUSY_TIMEOUT_SECONDS: Final = 30.0
_CORRUPT_CODES: Final = frozenset({sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT})
_UNWRITABLE_CODES: Final = frozenset({sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM})


def translate(path: Path, error: sqlite3.Error) -> StoreError:
    """The StoreError (with a one-line message) for a sqlite3 failure on the database at `path`."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in _CORRUPT_CODES:
        return CorruptDatabase(f"{path} is not a usable SQLite database ({error})")
    if code in _UNWRITABLE_CODES:
        return UnwritableDatabase(f"cannot write the database {path} ({error})")
    return StoreError(f"database {path}: {error}")


def _prepare_directory(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UnwritableDatabase(f"cannot create the directory of the database {path} ({error})") from error


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,
        check_same_thread=False,
        cached_statements=256,
    )
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


MAX_IDLE = 16


class SqliteStore:
    """A Store in one SQLite file, shared safely by several worker processes and threads."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[tuple[int, sqlite3.Connection]] = []
        self._idle: list[tuple[int, sqlite3.Connection]] = []
        self._closed = False
        self._changes = ChangeCounter(self._path.with_name(self._path.name + "-changes"))
        _prepare_directory(self._path)
        with self._translated():
            conn = self._checkout()
            try:
                create_or_check_schema(conn, self._path)
            except BaseException:
                self.close()
                raise
            self._checkin(conn)

    @property
    def path(self) -> Path:
        """Where the database file is."""
        return self._path

    @contextmanager
    def read(self) -> Iterator[SqliteSession]:
        """A read-only session over a consistent snapshot (deferred transaction)."""
        with self._transaction("BEGIN") as conn:
            yield SqliteSession(conn, writable=False)

    @contextmanager
    def write(self) -> Iterator[SqliteSession]:
        """A read-write session; BEGIN IMMEDIATE serializes it against every other writer, in any process."""
        try:
            with self._transaction("BEGIN IMMEDIATE") as conn:
                yield SqliteSession(conn, writable=True)
        finally:
            self._changes.bump()

    def peek_meta(self, key: str) -> str | None:
        """One meta value, inside this thread's open transaction if there is one."""
        active: sqlite3.Connection | None = getattr(self._local, "conn", None)
        with self._translated():
            conn = active or self._checkout()
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            finally:
                if active is None:
                    self._checkin(conn)
        return None if row is None else str(row[0])

    def data_version(self) -> int:
        """Changes whenever a write commits, in any process using this database."""
        return self._changes.value()

    def close(self) -> None:
        """Close every connection this process opened; the store cannot be used afterwards."""
        pid = current_pid()
        with self._lock:
            self._closed = True
            mine = [conn for owner, conn in self._connections if owner == pid]
            # Connections inherited through fork() belong to the parent: never close them here.
            self._connections = [(owner, conn) for owner, conn in self._connections if owner != pid]
            self._idle = [(owner, conn) for owner, conn in self._idle if owner != pid]
        for conn in mine:
            conn.close()
        self._changes.close()

    def _checkout(self) -> sqlite3.Connection:
        """An idle connection of this process, or a new one.

        Connections are pooled rather than kept per thread: the server's thread pool creates and reaps threads,
        and a connection per thread would outlive its thread and pile up.
        """
        pid = current_pid()
        with self._lock:
            if self._closed:
                raise StoreError(f"the store {self._path} is closed")
            for index in range(len(self._idle) - 1, -1, -1):
                if self._idle[index][0] == pid:
                    return self._idle.pop(index)[1]
            conn = _connect(self._path)
            self._connections.append((pid, conn))
            return conn

    def _checkin(self, conn: sqlite3.Connection) -> None:
        pid = current_pid()
        with self._lock:
            if not self._closed and sum(1 for owner, _ in self._idle if owner == pid) < MAX_IDLE:
                self._idle.append((pid, conn))
                return
            self._connections = [(owner, c) for owner, c in self._connections if c is not conn]
        conn.close()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise translate(self._path, error) from error

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        if getattr(self._local, "conn", None) is not None:
            raise StoreError("transactions cannot be nested: finish the current read() or write() first")
        with self._translated():
            conn = self._checkout()
            self._local.conn = conn
            try:
                yield from self._run(conn, begin)
            finally:
                self._local.conn = None
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                self._checkin(conn)

    @staticmethod
    def _run(conn: sqlite3.Connection, begin: str) -> Iterator[sqlite3.Connection]:
        conn.execute(begin)
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _limit_offset(offset: int, limit: int) -> tuple[int, int]:
    return max(0, limit), max(0, offset)


def _json_list(values: Iterable[str]) -> str:
    return json.dumps(list(values))


def _optional_datetime(text: str | None) -> datetime | None:
    return None if text is None else decode_datetime(text)


def _receipts(text: str) -> tuple[FutureReceipt, ...]:
    if text == "[]":
        return ()
    return tuple(FutureReceipt(decode_datetime(r["date"]), r["quantity"]) for r in json.loads(text))


def _breaks(text: str) -> tuple[PriceBreak, ...]:
    return tuple(PriceBreak(b["min_quantity"], Decimal(b["price"])) for b in json.loads(text))


def _chunk(row: tuple[Any, ...]) -> ReservationChunk:
    item, part, fc_id, status, quantity, available, ship = row
    return ReservationChunk(
        order_item_id=item,
        part_number=part,
        quantity=quantity,
        status=AllocationStatus(status),
        fc_id=fc_id,
        available_date=_optional_datetime(available),
        expected_ship_date=_optional_datetime(ship),
    )


def _tally_rows(rows: Iterable[tuple[str, str, str, int]]) -> dict[tuple[str, str], Tally]:
    return tally(
        ReservationChunk("", part, quantity, AllocationStatus(status), fc_id) for part, fc_id, status, quantity in rows
    )


def _filter_sql(criteria: OrderFilter, table: str) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    equal = (
        ("store_id", criteria.store_id),
        ("buyer_logon_id", criteria.buyer_logon_id),
        ("buyer_dn", criteria.buyer_dn),
        ("org_dn", criteria.org_dn),
        ("channel", criteria.channel),
    )
    for column, value in equal:
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(str(value))
    any_of = (
        ("status", criteria.statuses),
        ("external_id", criteria.external_ids),
        ("commerce_id", criteria.commerce_ids),
    )
    for column, values in any_of:
        if values:
            clauses.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(_json_list(values))
    if criteria.after_external_id is not None:
        cursor = f"(SELECT placed FROM {table} WHERE external_id = ?)"
        clauses.append(f"(placed < {cursor} OR (placed = {cursor} AND external_id > ?))")
        params.extend([criteria.after_external_id] * 3)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_HELD_SQL: Final = "SELECT fc_id, allocated, backordered, chunks FROM held WHERE part_number = ?"
_ORDER_HELD_SQL: Final = (
    "SELECT part_number, fc_id, status, quantity FROM reservation_chunks"
    " WHERE order_id = ? AND fc_id IS NOT NULL AND status <> 'Unallocated'"
)
_ORDER_PART_HELD_SQL: Final = _ORDER_HELD_SQL + " AND part_number = ?"
_COUNT_HELD_SQL: Final = (
    "INSERT INTO held VALUES (?, ?, ?, ?, ?) ON CONFLICT (part_number, fc_id) DO UPDATE SET"
    " allocated = allocated + excluded.allocated, backordered = backordered + excluded.backordered,"
    " chunks = chunks + excluded.chunks"
)
_CHUNK_COLUMNS: Final = "order_item_id, part_number, fc_id, status, quantity, available_date, expected_ship_date"
_DOC_COLUMNS: Final = (
    "external_id, commerce_id, store_id, buyer_logon_id, buyer_dn, org_dn, status, channel, placed, doc"
)
_TABLES: Final = (
    "meta", "sequences", "catalog", "online_stores", "physical_stores", "fulfillment_centers", "stock_levels",
    "reservations", "reservation_chunks", "held", "organizations", "buyers", "price_lists", "prices",
    "orders", "quotes", "timers", "outbox",
)  # fmt: skip


class SqliteSession:
    """The Session over one SQLite transaction: plain SQL, indexed columns plus a JSON document."""

    def __init__(self, conn: sqlite3.Connection, writable: bool) -> None:
        self._conn = conn
        self._writable = writable

    def _write(self) -> sqlite3.Connection:
        if not self._writable:
            raise StoreError("this change needs a write() transaction, not read()")
        return self._conn

    def _one(self, cls: type[T], sql: str, *params: object) -> T | None:
        row = self._conn.execute(sql, params).fetchone()
        return None if row is None else loads(cls, row[0])

    def _all(self, cls: type[T], sql: str, *params: object) -> list[T]:
        return [loads(cls, row[0]) for row in self._conn.execute(sql, params)]

    def _count(self, sql: str, *params: object) -> int:
        row = self._conn.execute(sql, params).fetchone()
        return int(row[0])

    def _page(self, cls: type[T], table: str, order: str, offset: int, limit: int) -> Page[T]:
        sql = f"SELECT doc FROM {table} ORDER BY {order} LIMIT ? OFFSET ?"
        items = self._all(cls, sql, *_limit_offset(offset, limit))
        return Page(tuple(items), self._count(f"SELECT count(*) FROM {table}"))

    # catalog

    def get_catalog_entry(self, part_number: str) -> CatalogEntry | None:
        """The catalog entry with this part number."""
        return self._one(CatalogEntry, "SELECT doc FROM catalog WHERE part_number = ?", part_number)

    def get_catalog_entry_by_id(self, catentry_id: str) -> CatalogEntry | None:
        """The catalog entry with this catalog entry id (the lowest part number if several)."""
        sql = "SELECT doc FROM catalog WHERE catentry_id = ? ORDER BY part_number LIMIT 1"
        return self._one(CatalogEntry, sql, catentry_id)

    def list_catalog(self, offset: int, limit: int) -> Page[CatalogEntry]:
        """Catalog entries by part number."""
        return self._page(CatalogEntry, "catalog", "part_number", offset, limit)

    def put_catalog_entries(self, entries: Iterable[CatalogEntry]) -> None:
        """Insert or replace catalog entries."""
        rows = ((e.part_number, e.catentry_id, dumps(e)) for e in entries)
        self._write().executemany("INSERT OR REPLACE INTO catalog VALUES (?, ?, ?)", rows)

    # locations

    def get_online_store(self, store_id: str) -> OnlineStore | None:
        """The online store with this store id."""
        return self._one(OnlineStore, "SELECT doc FROM online_stores WHERE store_id = ?", store_id)

    def find_online_store(self, identifier: str) -> OnlineStore | None:
        """The online store with this identifier (the lowest store id if several)."""
        sql = "SELECT doc FROM online_stores WHERE identifier = ? ORDER BY store_id LIMIT 1"
        return self._one(OnlineStore, sql, identifier)

    def list_online_stores(self) -> Sequence[OnlineStore]:
        """Every online store, by store id."""
        return self._all(OnlineStore, "SELECT doc FROM online_stores ORDER BY store_id")

    def put_online_store(self, store: OnlineStore) -> None:
        """Insert or replace an online store."""
        row = (store.store_id, store.identifier, dumps(store))
        self._write().execute("INSERT OR REPLACE INTO online_stores VALUES (?, ?, ?)", row)

    def get_physical_store(self, store_id: str) -> PhysicalStore | None:
        """The physical store with this store id."""
        return self._one(PhysicalStore, "SELECT doc FROM physical_stores WHERE store_id = ?", store_id)

    def find_physical_store(self, external_id: str) -> PhysicalStore | None:
        """The physical store with this external id (the lowest store id if several)."""
        sql = "SELECT doc FROM physical_stores WHERE external_id = ? ORDER BY store_id LIMIT 1"
        return self._one(PhysicalStore, sql, external_id)

    def list_physical_stores(self) -> Sequence[PhysicalStore]:
        """Every physical store, by store id."""
        return self._all(PhysicalStore, "SELECT doc FROM physical_stores ORDER BY store_id")

    def put_physical_store(self, store: PhysicalStore) -> None:
        """Insert or replace a physical store."""
        row = (store.store_id, store.external_id, dumps(store))
        self._write().execute("INSERT OR REPLACE INTO physical_stores VALUES (?, ?, ?)", row)

    def list_fulfillment_centers(self) -> Sequence[FulfillmentCenter]:
        """Every fulfillment center, by id."""
        return self._all(FulfillmentCenter, "SELECT doc FROM fulfillment_centers ORDER BY fc_id")

    def put_fulfillment_center(self, center: FulfillmentCenter) -> None:
        """Insert or replace a fulfillment center."""
        row = (center.fc_id, dumps(center))
        self._write().execute("INSERT OR REPLACE INTO fulfillment_centers VALUES (?, ?)", row)

    # stock and reservations

    def stock_levels(self, part_number: str) -> Sequence[StockLevel]:
        """The stock of one part at every center holding it, by center id."""
        sql = "SELECT fc_id, on_hand, safety_stock, receipts FROM stock_levels WHERE part_number = ? ORDER BY fc_id"
        return [
            StockLevel(part_number, fc_id, on_hand, safety, _receipts(receipts))
            for fc_id, on_hand, safety, receipts in self._conn.execute(sql, (part_number,))
        ]

    def put_stock_levels(self, levels: Iterable[StockLevel]) -> None:
        """Insert or replace stock levels, keyed (part number, center)."""
        rows = ((s.part_number, s.fc_id, s.on_hand, s.safety_stock, dumps(s.receipts)) for s in levels)
        self._write().executemany("INSERT OR REPLACE INTO stock_levels VALUES (?, ?, ?, ?, ?)", rows)

    def holds(self, part_number: str, excluding_order: str | None = None) -> dict[str, Holds]:
        """Allocated and backordered quantities of one part per center, by center id."""
        totals = {
            fc_id: Tally(allocated, backordered, chunks)
            for fc_id, allocated, backordered, chunks in self._conn.execute(_HELD_SQL, (part_number,))
        }
        if not totals or excluding_order is None:
            return without(totals, {})
        rows = self._conn.execute(_ORDER_PART_HELD_SQL, (excluding_order, part_number))
        return without(totals, _tally_rows(rows))

    def get_reservation(self, order_id: str) -> Reservation | None:
        """The reservation of one Commerce order."""
        row = self._conn.execute(
            "SELECT store_id, created FROM reservations WHERE order_id = ?", (order_id,)
        ).fetchone()
        if row is None:
            return None
        sql = f"SELECT {_CHUNK_COLUMNS} FROM reservation_chunks WHERE order_id = ? ORDER BY seq"
        chunks = tuple(_chunk(chunk) for chunk in self._conn.execute(sql, (order_id,)))
        return Reservation(order_id, row[0], chunks, decode_datetime(row[1]))

    def put_reservation(self, reservation: Reservation) -> None:
        """Insert or replace (never add to) the reservation of an order."""
        self.delete_reservation(reservation.order_id)
        conn = self._write()
        header = (reservation.order_id, reservation.store_id, encode_datetime(reservation.created))
        conn.execute("INSERT INTO reservations VALUES (?, ?, ?)", header)
        conn.executemany(
            "INSERT INTO reservation_chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_chunk_row(reservation.order_id, seq, c) for seq, c in enumerate(reservation.chunks)),
        )
        self._count_held(tally(reservation.chunks), 1)

    def delete_reservation(self, order_id: str) -> None:
        """Remove the reservation of an order, if any."""
        conn = self._write()
        self._count_held(_tally_rows(conn.execute(_ORDER_HELD_SQL, (order_id,))), -1)
        conn.execute("DELETE FROM reservation_chunks WHERE order_id = ?", (order_id,))
        conn.execute("DELETE FROM reservations WHERE order_id = ?", (order_id,))

    def _count_held(self, sums: dict[tuple[str, str], Tally], sign: int) -> None:
        if not sums:
            return
        rows = [(part, fc_id, *(sign * n for n in sum_)) for (part, fc_id), sum_ in sums.items()]
        self._conn.executemany(_COUNT_HELD_SQL, rows)
        if sign < 0:
            self._conn.executemany("DELETE FROM held WHERE part_number = ? AND fc_id = ? AND chunks <= 0", sums)

    def list_reservations(self, offset: int, limit: int) -> Page[Reservation]:
        """Reservations by order id."""
        headers = self._conn.execute(
            "SELECT order_id, store_id, created FROM reservations ORDER BY order_id LIMIT ? OFFSET ?",
            _limit_offset(offset, limit),
        ).fetchall()
        chunks: dict[str, list[ReservationChunk]] = {order_id: [] for order_id, _, _ in headers}
        sql = (
            f"SELECT order_id, {_CHUNK_COLUMNS} FROM reservation_chunks"
            " WHERE order_id IN (SELECT value FROM json_each(?)) ORDER BY order_id, seq"
        )
        for row in self._conn.execute(sql, (_json_list(chunks),)):
            chunks[row[0]].append(_chunk(row[1:]))
        items = tuple(
            Reservation(order_id, store_id, tuple(chunks[order_id]), decode_datetime(created))
            for order_id, store_id, created in headers
        )
        return Page(items, self._count("SELECT count(*) FROM reservations"))

    # members

    def get_organization(self, dn: str) -> Organization | None:
        """The organization with this distinguished name."""
        return self._one(Organization, "SELECT doc FROM organizations WHERE dn = ?", dn)

    def list_organizations(self, offset: int, limit: int) -> Page[Organization]:
        """Organizations by distinguished name."""
        return self._page(Organization, "organizations", "dn", offset, limit)

    def put_organization(self, organization: Organization) -> None:
        """Insert or replace an organization."""
        row = (organization.dn, dumps(organization))
        self._write().execute("INSERT OR REPLACE INTO organizations VALUES (?, ?)", row)

    def get_buyer(self, logon_id: str) -> Buyer | None:
        """The buyer with this logon id."""
        return self._one(Buyer, "SELECT doc FROM buyers WHERE logon_id = ?", logon_id)

    def get_buyer_by_dn(self, dn: str) -> Buyer | None:
        """The buyer with this distinguished name (the lowest logon id if several)."""
        return self._one(Buyer, "SELECT doc FROM buyers WHERE dn = ? ORDER BY logon_id LIMIT 1", dn)

    def list_buyers(self, offset: int, limit: int, org_dn: str | None = None) -> Page[Buyer]:
        """Buyers by logon id, optionally of one organization only."""
        if org_dn is None:
            return self._page(Buyer, "buyers", "logon_id", offset, limit)
        sql = "SELECT doc FROM buyers WHERE org_dn = ? ORDER BY logon_id LIMIT ? OFFSET ?"
        items = self._all(Buyer, sql, org_dn, *_limit_offset(offset, limit))
        return Page(tuple(items), self._count("SELECT count(*) FROM buyers WHERE org_dn = ?", org_dn))

    def put_buyer(self, buyer: Buyer) -> None:
        """Insert or replace a buyer."""
        row = (buyer.logon_id, buyer.dn, buyer.org_dn, dumps(buyer))
        self._write().execute("INSERT OR REPLACE INTO buyers VALUES (?, ?, ?, ?)", row)

    # prices

    def price_lists_for(self, org_dns: Sequence[str | None], part_numbers: Sequence[str]) -> list[PriceList]:
        """The price lists of these organizations (None: the store default), in that order, with only the
        prices of the parts asked for."""
        parts = list(dict.fromkeys(part_numbers))
        result: list[PriceList] = []
        for org_dn in dict.fromkeys(org_dns):
            sql = "SELECT doc FROM price_lists WHERE org_dn IS ? ORDER BY price_list_id"
            for header in self._all(PriceList, sql, org_dn):
                result.append(self._with_prices(header, parts))
        return result

    def _with_prices(self, header: PriceList, parts: list[str]) -> PriceList:
        sql = (
            "SELECT part_number, breaks FROM prices"
            " WHERE price_list_id = ? AND part_number IN (SELECT value FROM json_each(?))"
        )
        found = dict(self._conn.execute(sql, (header.price_list_id, _json_list(parts))).fetchall())
        header.prices.update((part, _breaks(found[part])) for part in parts if part in found)
        return header

    def put_price_list(self, price_list: PriceList) -> None:
        """Insert or replace a price list with all its prices."""
        conn = self._write()
        header = (price_list.price_list_id, price_list.org_dn, dumps(_without_prices(price_list)))
        conn.execute("INSERT OR REPLACE INTO price_lists VALUES (?, ?, ?)", header)
        conn.execute("DELETE FROM prices WHERE price_list_id = ?", (price_list.price_list_id,))
        rows = ((price_list.price_list_id, part, dumps(breaks)) for part, breaks in price_list.prices.items())
        conn.executemany("INSERT INTO prices VALUES (?, ?, ?)", rows)

    def set_price(self, price_list_id: str, part_number: str, breaks: Sequence[PriceBreak]) -> None:
        """Insert or replace the price breaks of one part in an existing price list."""
        conn = self._write()
        if not self._count("SELECT count(*) FROM price_lists WHERE price_list_id = ?", price_list_id):
            raise StoreError(f"there is no price list {price_list_id!r} to set a price in")
        row = (price_list_id, part_number, dumps(tuple(breaks)))
        conn.execute("INSERT OR REPLACE INTO prices VALUES (?, ?, ?)", row)

    # orders and quotes

    def get_order(self, external_order_id: str) -> Order | None:
        """The order with this external order id."""
        return self._one(Order, "SELECT doc FROM orders WHERE external_id = ?", external_order_id)

    def find_order_by_commerce_id(self, store_id: str, commerce_order_id: str) -> Order | None:
        """The order Commerce knows by this id in this store (the lowest external id if several)."""
        sql = "SELECT doc FROM orders WHERE store_id = ? AND commerce_id = ? ORDER BY external_id LIMIT 1"
        return self._one(Order, sql, store_id, commerce_order_id)

    def put_order(self, order: Order) -> None:
        """Insert or replace an order."""
        row = _doc_row(order, order.external_order_id, order.commerce_order_id)
        self._write().execute(f"INSERT OR REPLACE INTO orders ({_DOC_COLUMNS}) VALUES ({_PLACEHOLDERS})", row)

    def list_orders(self, criteria: OrderFilter, offset: int, limit: int) -> Page[Order]:
        """Matching orders, newest placed first, then by external id."""
        return self._list_docs(Order, "orders", criteria, offset, limit)

    def get_quote(self, external_quote_id: str) -> Quote | None:
        """The quote with this external quote id."""
        return self._one(Quote, "SELECT doc FROM quotes WHERE external_id = ?", external_quote_id)

    def find_quote_by_commerce_id(self, store_id: str, commerce_quote_id: str) -> Quote | None:
        """The quote Commerce knows by this id in this store (the lowest external id if several)."""
        sql = "SELECT doc FROM quotes WHERE store_id = ? AND commerce_id = ? ORDER BY external_id LIMIT 1"
        return self._one(Quote, sql, store_id, commerce_quote_id)

    def put_quote(self, quote: Quote) -> None:
        """Insert or replace a quote."""
        row = _doc_row(quote, quote.external_quote_id, quote.commerce_quote_id)
        self._write().execute(f"INSERT OR REPLACE INTO quotes ({_DOC_COLUMNS}) VALUES ({_PLACEHOLDERS})", row)

    def list_quotes(self, criteria: OrderFilter, offset: int, limit: int) -> Page[Quote]:
        """Matching quotes, newest placed first, then by external id."""
        return self._list_docs(Quote, "quotes", criteria, offset, limit)

    def _list_docs(self, cls: type[T], table: str, criteria: OrderFilter, offset: int, limit: int) -> Page[T]:
        where, params = _filter_sql(criteria, table)
        sql = f"SELECT doc FROM {table}{where} ORDER BY placed DESC, external_id LIMIT ? OFFSET ?"
        items = self._all(cls, sql, *params, *_limit_offset(offset, limit))
        return Page(tuple(items), self._count(f"SELECT count(*) FROM {table}{where}", *params))

    # lifecycle timers

    def set_timer(self, timer: Timer) -> None:
        """Insert or replace the timer of one entity."""
        due = None if timer.due is None else instant_key(timer.due)
        text = None if timer.due is None else encode_datetime(timer.due)
        row = (timer.kind, timer.key, due, text)
        self._write().execute("INSERT OR REPLACE INTO timers VALUES (?, ?, ?, ?)", row)

    def clear_timer(self, kind: str, key: str) -> None:
        """Forget the timer of one entity, if any."""
        self._write().execute("DELETE FROM timers WHERE kind = ? AND key = ?", (kind, key))

    def due_timers(self, now: datetime, limit: int) -> list[Timer]:
        """Timers due by `now`, earliest first."""
        sql = (
            "SELECT kind, key, due_text FROM timers WHERE due IS NOT NULL AND due <= ? ORDER BY due, kind, key LIMIT ?"
        )
        return [_timer(row) for row in self._conn.execute(sql, (instant_key(now), max(0, limit)))]

    def list_timers(self, kind: str) -> list[Timer]:
        """Every timer of one kind, by key."""
        sql = "SELECT kind, key, due_text FROM timers WHERE kind = ? ORDER BY key"
        return [_timer(row) for row in self._conn.execute(sql, (kind,))]

    def next_timer_due(self) -> datetime | None:
        """When the earliest timer falls due."""
        row = self._conn.execute("SELECT due_text FROM timers WHERE due IS NOT NULL ORDER BY due LIMIT 1").fetchone()
        return None if row is None else decode_datetime(row[0])

    def stock_with_receipts(self, offset: int, limit: int) -> Page[StockLevel]:
        """Stock levels that expect receipts, by part number and center."""
        where = " FROM stock_levels WHERE receipts <> '[]'"
        columns = "SELECT part_number, fc_id, on_hand, safety_stock, receipts"
        sql = f"{columns}{where} ORDER BY part_number, fc_id LIMIT ? OFFSET ?"
        items = tuple(
            StockLevel(part, fc_id, on_hand, safety, _receipts(receipts))
            for part, fc_id, on_hand, safety, receipts in self._conn.execute(sql, _limit_offset(offset, limit))
        )
        return Page(items, self._count(f"SELECT count(*){where}"))

    # outbox

    def add_push(self, record: PushRecord) -> PushRecord:
        """Append a push; it gets the next push id."""
        conn = self._write()
        row = conn.execute(
            "INSERT INTO outbox (kind, key, state, next_attempt, doc) VALUES (?, ?, ?, ?, '') RETURNING push_id",
            (str(record.kind), record.key, str(record.state), instant_key(record.next_attempt)),
        ).fetchone()
        added = dataclasses.replace(record, push_id=int(row[0]))
        conn.execute("UPDATE outbox SET doc = ? WHERE push_id = ?", (dumps(added), added.push_id))
        return added

    def save_push(self, record: PushRecord) -> None:
        """Replace a push (its state, attempts and schedule)."""
        row = (str(record.state), instant_key(record.next_attempt), dumps(record), record.push_id)
        cursor = self._write().execute("UPDATE outbox SET state = ?, next_attempt = ?, doc = ? WHERE push_id = ?", row)
        if cursor.rowcount == 0:
            raise StoreError(f"there is no push {record.push_id} to save")

    def get_push(self, push_id: int) -> PushRecord | None:
        """One push by id."""
        return self._one(PushRecord, "SELECT doc FROM outbox WHERE push_id = ?", push_id)

    def claimable_pushes(self, now: datetime, limit: int) -> list[PushRecord]:
        """Open pushes whose time has come and that head their key (nothing earlier of that key is open)."""
        return self._all(PushRecord, _CLAIMABLE_SQL, *_OPEN, instant_key(now), *_OPEN, max(0, limit))

    def list_pushes(self, states: Sequence[PushState], offset: int, limit: int) -> Page[PushRecord]:
        """Pushes in these states (every state when empty), oldest first."""
        wanted = _json_list(str(state) for state in (states or tuple(PushState)))
        where = " FROM outbox WHERE state IN (SELECT value FROM json_each(?))"
        items = self._all(
            PushRecord, f"SELECT doc{where} ORDER BY push_id LIMIT ? OFFSET ?", wanted, *_limit_offset(offset, limit)
        )
        return Page(tuple(items), self._count(f"SELECT count(*){where}", wanted))

    def prune_pushes(self, state: PushState, keep: int) -> int:
        """Delete the oldest pushes in a state beyond the newest `keep`; returns how many went."""
        sql = (
            "DELETE FROM outbox WHERE state = ? AND push_id NOT IN"
            " (SELECT push_id FROM outbox WHERE state = ? ORDER BY push_id DESC LIMIT ?)"
        )
        return int(self._write().execute(sql, (str(state), str(state), max(0, keep))).rowcount)

    # housekeeping

    def next_value(self, sequence: str) -> int:
        """The next value of a named counter: 1, 2, 3, ..."""
        sql = (
            "INSERT INTO sequences (name, value) VALUES (?, 1)"
            " ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value"
        )
        row = self._write().execute(sql, (sequence,)).fetchone()
        return int(row[0])

    def get_meta(self, key: str) -> str | None:
        """A stored setting."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        self._write().execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def clear(self) -> None:
        """Delete everything."""
        conn = self._write()
        for table in _TABLES:
            conn.execute(f"DELETE FROM {table}")

    # snapshots: the whole world as reviewable JSON, see simulator/store/snapshot.py

    def dump_tables(self) -> dict[str, Any]:
        """Every table as a snapshot document."""
        return snapshot.dump(self._conn)

    def load_tables(self, document: dict[str, Any]) -> None:
        """Replace the whole world with a snapshot document."""
        snapshot.load(self._write(), document)


_OPEN: Final = tuple(str(state) for state in OPEN_STATES)
_CLAIMABLE_SQL: Final = (
    "SELECT doc FROM outbox AS o WHERE state IN (?, ?) AND next_attempt <= ? AND NOT EXISTS"
    " (SELECT 1 FROM outbox AS e WHERE e.key = o.key AND e.push_id < o.push_id AND e.state IN (?, ?))"
    " ORDER BY push_id LIMIT ?"
)


def _timer(row: tuple[Any, ...]) -> Timer:
    kind, key, due = row
    return Timer(kind, key, None if due is None else decode_datetime(due))


_PLACEHOLDERS: Final = ", ".join("?" * len(_DOC_COLUMNS.split(",")))


def _doc_row(doc: Order | Quote, external_id: str, commerce_id: str | None) -> tuple[object, ...]:
    return (
        external_id,
        commerce_id,
        doc.store_id,
        doc.buyer_logon_id,
        doc.buyer_dn,
        doc.org_dn,
        doc.status,
        str(doc.channel),
        instant_key(doc.placed),
        dumps(doc),
    )


def _chunk_row(order_id: str, seq: int, chunk: ReservationChunk) -> tuple[object, ...]:
    return (
        order_id,
        seq,
        chunk.order_item_id,
        chunk.part_number,
        chunk.fc_id,
        str(chunk.status),
        chunk.quantity,
        None if chunk.available_date is None else encode_datetime(chunk.available_date),
        None if chunk.expected_ship_date is None else encode_datetime(chunk.expected_ship_date),
    )


def _without_prices(price_list: PriceList) -> PriceList:
    return PriceList(
        price_list.price_list_id, price_list.name, price_list.contract_id, price_list.currency, price_list.org_dn
    )
