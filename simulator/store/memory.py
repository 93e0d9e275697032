"""The in-memory twin of the SQLite store: same behaviour, one lock, an undo log for atomic writes."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

from simulator.domain.inventory import Holds
from simulator.domain.model import (
    Buyer,
    CatalogEntry,
    FulfillmentCenter,
    OnlineStore,
    Order,
    Organization,
    PhysicalStore,
    PriceBreak,
    PriceList,
    Quote,
    Reservation,
    StockLevel,
)
from simulator.domain.outbox import OPEN_STATES, PushRecord, PushState
from simulator.domain.query import OrderFilter, Page
from simulator.domain.schedule import Timer
from simulator.store.codec import instant_key
from simulator.store.errors import StoreError
from simulator.store.tally import Tally, tally, without

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")
D = TypeVar("D")
Index = dict[K, frozenset[str]]


class _Journal:
    """Applies changes to dicts and remembers how to undo them."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def put(self, table: dict[K, V], key: K, value: V) -> None:
        """table[key] = value, undoably."""
        if key in table:
            old = table[key]
            self._undo.append(lambda: table.__setitem__(key, old))
        else:
            self._undo.append(lambda: _discard(table, key))
        table[key] = value

    def pop(self, table: dict[K, V], key: K) -> V | None:
        """Remove table[key] (if present), undoably; return what was there."""
        if key not in table:
            return None
        old = table.pop(key)
        self._undo.append(lambda: table.__setitem__(key, old))
        return old

    def child(self, table: dict[K, dict[str, V]], key: K) -> dict[str, V]:
        """The nested dict table[key], created (undoably) when missing."""
        inner = table.get(key)
        if inner is None:
            inner = {}
            self.put(table, key, inner)
        return inner

    def clear(self, table: dict[Any, Any]) -> None:
        """Empty a table, undoably."""
        snapshot = dict(table)
        table.clear()
        self._undo.append(lambda: table.update(snapshot))

    def index_add(self, index: Index[K], key: K, primary: str) -> None:
        """Record that `primary` has secondary key `key`."""
        self.put(index, key, index.get(key, frozenset()) | {primary})

    def index_remove(self, index: Index[K], key: K, primary: str) -> None:
        """Forget that `primary` has secondary key `key`."""
        remaining = index.get(key, frozenset()) - {primary}
        if remaining:
            self.put(index, key, remaining)
        else:
            self.pop(index, key)

    def rollback(self) -> None:
        """Undo every change, newest first."""
        while self._undo:
            self._undo.pop()()


def _discard(table: dict[K, V], key: K) -> None:
    table.pop(key, None)


class _Tables:
    """Every table of the store; secondary indexes map a key to the primary keys having it."""

    def __init__(self) -> None:
        self.catalog: dict[str, CatalogEntry] = {}
        self.catalog_ids: Index[str] = {}
        self.online_stores: dict[str, OnlineStore] = {}
        self.online_identifiers: Index[str] = {}
        self.physical_stores: dict[str, PhysicalStore] = {}
        self.physical_external_ids: Index[str] = {}
        self.centers: dict[str, FulfillmentCenter] = {}
        self.stock: dict[str, dict[str, StockLevel]] = {}
        self.reservations: dict[str, Reservation] = {}
        self.held: dict[str, dict[str, Tally]] = {}
        self.organizations: dict[str, Organization] = {}
        self.buyers: dict[str, Buyer] = {}
        self.buyer_dns: Index[str] = {}
        self.price_lists: dict[str, PriceList] = {}
        self.price_list_orgs: Index[str | None] = {}
        self.prices: dict[str, dict[str, tuple[PriceBreak, ...]]] = {}
        self.orders: dict[str, Order] = {}
        self.order_commerce_ids: Index[tuple[str, str]] = {}
        self.quotes: dict[str, Quote] = {}
        self.quote_commerce_ids: Index[tuple[str, str]] = {}
        self.sequences: dict[str, int] = {}
        self.meta: dict[str, str] = {}
        self.timers: dict[tuple[str, str], Timer] = {}
        self.outbox: dict[int, PushRecord] = {}

    def all(self) -> list[dict[Any, Any]]:
        """Every top-level table, for clear()."""
        return [value for value in vars(self).values() if isinstance(value, dict)]


class MemoryStore:
    """A Store kept in this process's memory; write() is atomic and serialized with a lock."""

    def __init__(self) -> None:
        self._tables = _Tables()
        self._lock = threading.RLock()
        self._local = threading.local()
        self._commits = 0

    @contextmanager
    def read(self) -> Iterator[MemorySession]:
        """A read-only session seeing a consistent state."""
        with self._transaction():
            yield MemorySession(self._tables, None)

    @contextmanager
    def write(self) -> Iterator[MemorySession]:
        """A read-write session: everything it did is undone if the block raises."""
        with self._transaction():
            journal = _Journal()
            try:
                yield MemorySession(self._tables, journal)
            except BaseException:
                journal.rollback()
                raise
            finally:
                self._commits += 1

    def peek_meta(self, key: str) -> str | None:
        """One meta value (the lock is re-entrant: this works inside this thread's own transaction)."""
        with self._lock:
            return self._tables.meta.get(key)

    def data_version(self) -> int:
        """Changes after every write transaction."""
        with self._lock:
            return self._commits

    def close(self) -> None:
        """Nothing to release."""

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if getattr(self._local, "active", False):
            raise StoreError("transactions cannot be nested: finish the current read() or write() first")
        with self._lock:
            self._local.active = True
            try:
                yield
            finally:
                self._local.active = False


def _page(items: Sequence[T], offset: int, limit: int) -> Page[T]:
    start = max(0, offset)
    return Page(tuple(items[start : start + max(0, limit)]), len(items))


def _first(tables: dict[str, T], index: Index[K], key: K) -> T | None:
    primaries = index.get(key)
    return tables[min(primaries)] if primaries else None


def _matches(criteria: OrderFilter, doc: Order | Quote, external_id: str, commerce_id: str | None) -> bool:
    wanted: list[tuple[object, object]] = [
        (criteria.store_id, doc.store_id),
        (criteria.buyer_logon_id, doc.buyer_logon_id),
        (criteria.buyer_dn, doc.buyer_dn),
        (criteria.org_dn, doc.org_dn),
        (criteria.channel, doc.channel),
    ]
    if any(want is not None and want != have for want, have in wanted):
        return False
    if criteria.statuses and doc.status not in criteria.statuses:
        return False
    if criteria.external_ids and external_id not in criteria.external_ids:
        return False
    return not (criteria.commerce_ids and commerce_id not in criteria.commerce_ids)


def _after_cursor(found: list[D], cursor: str | None, external_id: Callable[[D], str]) -> list[D]:
    """The listing after the document the cursor names (nothing when it names none)."""
    if cursor is None:
        return found
    ids = [external_id(doc) for doc in found]
    return found[ids.index(cursor) + 1 :] if cursor in ids else []


class MemorySession:
    """The Session over the in-memory tables; writing needs the journal of a write() transaction."""

    def __init__(self, tables: _Tables, journal: _Journal | None) -> None:
        self._t = tables
        self._journal = journal

    def _write(self) -> _Journal:
        if self._journal is None:
            raise StoreError("this change needs a write() transaction, not read()")
        return self._journal

    # catalog

    def get_catalog_entry(self, part_number: str) -> CatalogEntry | None:
        """The catalog entry with this part number."""
        return self._t.catalog.get(part_number)

    def get_catalog_entry_by_id(self, catentry_id: str) -> CatalogEntry | None:
        """The catalog entry with this catalog entry id (the lowest part number if several)."""
        return _first(self._t.catalog, self._t.catalog_ids, catentry_id)

    def list_catalog(self, offset: int, limit: int) -> Page[CatalogEntry]:
        """Catalog entries by part number."""
        return _page([self._t.catalog[key] for key in sorted(self._t.catalog)], offset, limit)

    def put_catalog_entries(self, entries: Iterable[CatalogEntry]) -> None:
        """Insert or replace catalog entries."""
        journal = self._write()
        for entry in entries:
            old = journal.pop(self._t.catalog, entry.part_number)
            if old is not None:
                journal.index_remove(self._t.catalog_ids, old.catentry_id, old.part_number)
            journal.put(self._t.catalog, entry.part_number, entry)
            journal.index_add(self._t.catalog_ids, entry.catentry_id, entry.part_number)

    # locations

    def get_online_store(self, store_id: str) -> OnlineStore | None:
        """The online store with this store id."""
        return self._t.online_stores.get(store_id)

    def find_online_store(self, identifier: str) -> OnlineStore | None:
        """The online store with this identifier (the lowest store id if several)."""
        return _first(self._t.online_stores, self._t.online_identifiers, identifier)

    def list_online_stores(self) -> Sequence[OnlineStore]:
        """Every online store, by store id."""
        return [self._t.online_stores[key] for key in sorted(self._t.online_stores)]

    def put_online_store(self, store: OnlineStore) -> None:
        """Insert or replace an online store."""
        journal = self._write()
        old = journal.pop(self._t.online_stores, store.store_id)
        if old is not None:
            journal.index_remove(self._t.online_identifiers, old.identifier, old.store_id)
        journal.put(self._t.online_stores, store.store_id, store)
        journal.index_add(self._t.online_identifiers, store.identifier, store.store_id)

    def get_physical_store(self, store_id: str) -> PhysicalStore | None:
        """The physical store with this store id."""
        return self._t.physical_stores.get(store_id)

    def find_physical_store(self, external_id: str) -> PhysicalStore | None:
        """The physical store with this external id (the lowest store id if several)."""
        return _first(self._t.physical_stores, self._t.physical_external_ids, external_id)

    def list_physical_stores(self) -> Sequence[PhysicalStore]:
        """Every physical store, by store id."""
        return [self._t.physical_stores[key] for key in sorted(self._t.physical_stores)]

    def put_physical_store(self, store: PhysicalStore) -> None:
        """Insert or replace a physical store."""
        journal = self._write()
        old = journal.pop(self._t.physical_stores, store.store_id)
        if old is not None:
            journal.index_remove(self._t.physical_external_ids, old.external_id, old.store_id)
        journal.put(self._t.physical_stores, store.store_id, store)
        journal.index_add(self._t.physical_external_ids, store.external_id, store.store_id)

    def list_fulfillment_centers(self) -> Sequence[FulfillmentCenter]:
        """Every fulfillment center, by id."""
        return [self._t.centers[key] for key in sorted(self._t.centers)]

    def put_fulfillment_center(self, center: FulfillmentCenter) -> None:
        """Insert or replace a fulfillment center."""
        self._write().put(self._t.centers, center.fc_id, center)

    # stock and reservations

    def stock_levels(self, part_number: str) -> Sequence[StockLevel]:
        """The stock of one part at every center holding it, by center id."""
        by_center = self._t.stock.get(part_number, {})
        return [by_center[key] for key in sorted(by_center)]

    def put_stock_levels(self, levels: Iterable[StockLevel]) -> None:
        """Insert or replace stock levels, keyed (part number, center)."""
        journal = self._write()
        for level in levels:
            journal.put(journal.child(self._t.stock, level.part_number), level.fc_id, level)

    def holds(self, part_number: str, excluding_order: str | None = None) -> dict[str, Holds]:
        """Allocated and backordered quantities of one part per center, by center id."""
        totals = self._t.held.get(part_number, {})
        excluded = self._t.reservations.get(excluding_order) if excluding_order is not None else None
        if excluded is None:
            return without(totals, {})
        return without(totals, {key: sums for key, sums in tally(excluded.chunks).items() if key[0] == part_number})

    def get_reservation(self, order_id: str) -> Reservation | None:
        """The reservation of one Commerce order."""
        return self._t.reservations.get(order_id)

    def put_reservation(self, reservation: Reservation) -> None:
        """Insert or replace (never add to) the reservation of an order."""
        self.delete_reservation(reservation.order_id)
        journal = self._write()
        journal.put(self._t.reservations, reservation.order_id, reservation)
        self._count_held(journal, reservation, 1)

    def delete_reservation(self, order_id: str) -> None:
        """Remove the reservation of an order, if any."""
        journal = self._write()
        old = journal.pop(self._t.reservations, order_id)
        if old is not None:
            self._count_held(journal, old, -1)

    def _count_held(self, journal: _Journal, reservation: Reservation, sign: int) -> None:
        for (part_number, fc_id), sums in tally(reservation.chunks).items():
            by_center = journal.child(self._t.held, part_number)
            total = by_center.get(fc_id, Tally()).plus(sums, sign)
            if total.chunks > 0:
                journal.put(by_center, fc_id, total)
            else:
                journal.pop(by_center, fc_id)

    def list_reservations(self, offset: int, limit: int) -> Page[Reservation]:
        """Reservations by order id."""
        table = self._t.reservations
        return _page([table[key] for key in sorted(table)], offset, limit)

    # members

    def get_organization(self, dn: str) -> Organization | None:
        """The organization with this distinguished name."""
        return self._t.organizations.get(dn)

    def list_organizations(self, offset: int, limit: int) -> Page[Organization]:
        """Organizations by distinguished name."""
        table = self._t.organizations
        return _page([table[key] for key in sorted(table)], offset, limit)

    def put_organization(self, organization: Organization) -> None:
        """Insert or replace an organization."""
        self._write().put(self._t.organizations, organization.dn, organization)

    def get_buyer(self, logon_id: str) -> Buyer | None:
        """The buyer with this logon id."""
        return self._t.buyers.get(logon_id)

    def get_buyer_by_dn(self, dn: str) -> Buyer | None:
        """The buyer with this distinguished name (the lowest logon id if several)."""
        return _first(self._t.buyers, self._t.buyer_dns, dn)

    def list_buyers(self, offset: int, limit: int, org_dn: str | None = None) -> Page[Buyer]:
        """Buyers by logon id, optionally of one organization only."""
        table = self._t.buyers
        buyers = [table[key] for key in sorted(table)]
        if org_dn is not None:
            buyers = [buyer for buyer in buyers if buyer.org_dn == org_dn]
        return _page(buyers, offset, limit)

    def put_buyer(self, buyer: Buyer) -> None:
        """Insert or replace a buyer."""
        journal = self._write()
        old = journal.pop(self._t.buyers, buyer.logon_id)
        if old is not None:
            journal.index_remove(self._t.buyer_dns, old.dn, old.logon_id)
        journal.put(self._t.buyers, buyer.logon_id, buyer)
        journal.index_add(self._t.buyer_dns, buyer.dn, buyer.logon_id)

    # prices

    def price_lists_for(self, org_dns: Sequence[str | None], part_numbers: Sequence[str]) -> list[PriceList]:
        """The price lists of these organizations (None: the store default), in that order, with only the
        prices of the parts asked for."""
        result: list[PriceList] = []
        for org_dn in dict.fromkeys(org_dns):
            for price_list_id in sorted(self._t.price_list_orgs.get(org_dn, frozenset())):
                prices = self._t.prices.get(price_list_id, {})
                wanted = {part: prices[part] for part in dict.fromkeys(part_numbers) if part in prices}
                result.append(dataclasses.replace(self._t.price_lists[price_list_id], prices=wanted))
        return result

    def put_price_list(self, price_list: PriceList) -> None:
        """Insert or replace a price list with all its prices."""
        journal = self._write()
        old = journal.pop(self._t.price_lists, price_list.price_list_id)
        if old is not None:
            journal.index_remove(self._t.price_list_orgs, old.org_dn, old.price_list_id)
        journal.put(self._t.price_lists, price_list.price_list_id, dataclasses.replace(price_list, prices={}))
        journal.index_add(self._t.price_list_orgs, price_list.org_dn, price_list.price_list_id)
        prices = {part: tuple(breaks) for part, breaks in price_list.prices.items()}
        journal.put(self._t.prices, price_list.price_list_id, prices)

    def set_price(self, price_list_id: str, part_number: str, breaks: Sequence[PriceBreak]) -> None:
        """Insert or replace the price breaks of one part in an existing price list."""
        journal = self._write()
        if price_list_id not in self._t.price_lists:
            raise StoreError(f"there is no price list {price_list_id!r} to set a price in")
        journal.put(journal.child(self._t.prices, price_list_id), part_number, tuple(breaks))

    # orders and quotes

    def get_order(self, external_order_id: str) -> Order | None:
        """The order with this external order id."""
        return self._t.orders.get(external_order_id)

    def find_order_by_commerce_id(self, store_id: str, commerce_order_id: str) -> Order | None:
        """The order Commerce knows by this id in this store (the lowest external id if several)."""
        return _first(self._t.orders, self._t.order_commerce_ids, (store_id, commerce_order_id))

    def put_order(self, order: Order) -> None:
        """Insert or replace an order."""
        instant_key(order.placed)
        journal = self._write()
        old = journal.pop(self._t.orders, order.external_order_id)
        if old is not None and old.commerce_order_id is not None:
            key = (old.store_id, old.commerce_order_id)
            journal.index_remove(self._t.order_commerce_ids, key, old.external_order_id)
        journal.put(self._t.orders, order.external_order_id, order)
        if order.commerce_order_id is not None:
            key = (order.store_id, order.commerce_order_id)
            journal.index_add(self._t.order_commerce_ids, key, order.external_order_id)

    def list_orders(self, criteria: OrderFilter, offset: int, limit: int) -> Page[Order]:
        """Matching orders, newest placed first, then by external id."""
        found = [o for o in self._t.orders.values() if _matches(criteria, o, o.external_order_id, o.commerce_order_id)]
        found.sort(key=lambda o: (-instant_key(o.placed), o.external_order_id))
        return _page(_after_cursor(found, criteria.after_external_id, lambda o: o.external_order_id), offset, limit)

    def get_quote(self, external_quote_id: str) -> Quote | None:
        """The quote with this external quote id."""
        return self._t.quotes.get(external_quote_id)

    def find_quote_by_commerce_id(self, store_id: str, commerce_quote_id: str) -> Quote | None:
        """The quote Commerce knows by this id in this store (the lowest external id if several)."""
        return _first(self._t.quotes, self._t.quote_commerce_ids, (store_id, commerce_quote_id))

    def put_quote(self, quote: Quote) -> None:
        """Insert or replace a quote."""
        instant_key(quote.placed)
        journal = self._write()
        old = journal.pop(self._t.quotes, quote.external_quote_id)
        if old is not None and old.commerce_quote_id is not None:
            key = (old.store_id, old.commerce_quote_id)
            journal.index_remove(self._t.quote_commerce_ids, key, old.external_quote_id)
        journal.put(self._t.quotes, quote.external_quote_id, quote)
        if quote.commerce_quote_id is not None:
            key = (quote.store_id, quote.commerce_quote_id)
            journal.index_add(self._t.quote_commerce_ids, key, quote.external_quote_id)

    def list_quotes(self, criteria: OrderFilter, offset: int, limit: int) -> Page[Quote]:
        """Matching quotes, newest placed first, then by external id."""
        found = [q for q in self._t.quotes.values() if _matches(criteria, q, q.external_quote_id, q.commerce_quote_id)]
        found.sort(key=lambda q: (-instant_key(q.placed), q.external_quote_id))
        return _page(_after_cursor(found, criteria.after_external_id, lambda q: q.external_quote_id), offset, limit)

    # lifecycle timers

    def set_timer(self, timer: Timer) -> None:
        """Insert or replace the timer of one entity."""
        self._write().put(self._t.timers, (timer.kind, timer.key), timer)

    def clear_timer(self, kind: str, key: str) -> None:
        """Forget the timer of one entity, if any."""
        self._write().pop(self._t.timers, (kind, key))

    def due_timers(self, now: datetime, limit: int) -> list[Timer]:
        """Timers due by `now`, earliest first."""
        due = [t for t in self._t.timers.values() if t.due is not None and instant_key(t.due) <= instant_key(now)]
        due.sort(key=lambda t: (instant_key(t.due) if t.due else 0, t.kind, t.key))
        return due[: max(0, limit)]

    def list_timers(self, kind: str) -> list[Timer]:
        """Every timer of one kind, by key."""
        return sorted((t for t in self._t.timers.values() if t.kind == kind), key=lambda t: t.key)

    def next_timer_due(self) -> datetime | None:
        """When the earliest timer falls due."""
        dues = [t.due for t in self._t.timers.values() if t.due is not None]
        return min(dues, key=instant_key, default=None)

    def stock_with_receipts(self, offset: int, limit: int) -> Page[StockLevel]:
        """Stock levels that expect receipts, by part number and center."""
        levels = [
            level
            for part in sorted(self._t.stock)
            for _, level in sorted(self._t.stock[part].items())
            if level.receipts
        ]
        return _page(levels, offset, limit)

    # outbox

    def add_push(self, record: PushRecord) -> PushRecord:
        """Append a push; it gets the next push id."""
        journal = self._write()
        push_id = self._t.sequences.get("outbox.push_id", 0) + 1
        journal.put(self._t.sequences, "outbox.push_id", push_id)
        added = dataclasses.replace(record, push_id=push_id)
        journal.put(self._t.outbox, push_id, added)
        return added

    def save_push(self, record: PushRecord) -> None:
        """Replace a push (its state, attempts and schedule)."""
        journal = self._write()
        if record.push_id not in self._t.outbox:
            raise StoreError(f"there is no push {record.push_id} to save")
        journal.put(self._t.outbox, record.push_id, record)

    def get_push(self, push_id: int) -> PushRecord | None:
        """One push by id."""
        return self._t.outbox.get(push_id)

    def claimable_pushes(self, now: datetime, limit: int) -> list[PushRecord]:
        """Open pushes whose time has come and that head their key (nothing earlier of that key is open)."""
        found: list[PushRecord] = []
        seen: set[str] = set()
        for push_id in sorted(self._t.outbox):
            record = self._t.outbox[push_id]
            if record.state not in OPEN_STATES or record.key in seen:
                continue
            seen.add(record.key)
            if instant_key(record.next_attempt) <= instant_key(now):
                found.append(record)
        return found[: max(0, limit)]

    def list_pushes(self, states: Sequence[PushState], offset: int, limit: int) -> Page[PushRecord]:
        """Pushes in these states (every state when empty), oldest first."""
        wanted = set(states or PushState)
        items = [self._t.outbox[i] for i in sorted(self._t.outbox) if self._t.outbox[i].state in wanted]
        return _page(items, offset, limit)

    def prune_pushes(self, state: PushState, keep: int) -> int:
        """Delete the oldest pushes in a state beyond the newest `keep`; returns how many went."""
        journal = self._write()
        ids = sorted(i for i, record in self._t.outbox.items() if record.state == state)
        doomed = ids[: max(0, len(ids) - max(0, keep))]
        for push_id in doomed:
            journal.pop(self._t.outbox, push_id)
        return len(doomed)

    # housekeeping

    def next_value(self, sequence: str) -> int:
        """The next value of a named counter: 1, 2, 3, ..."""
        journal = self._write()
        value = self._t.sequences.get(sequence, 0) + 1
        journal.put(self._t.sequences, sequence, value)
        return value

    def get_meta(self, key: str) -> str | None:
        """A stored setting."""
        return self._t.meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        self._write().put(self._t.meta, key, value)

    def clear(self) -> None:
        """Delete everything."""
        journal = self._write()
        for table in self._t.all():
            journal.clear(table)

    # snapshots: JSON snapshots are a SQLite feature; the in-memory twin says so

    def dump_tables(self) -> dict[str, Any]:
        """Not available in memory."""
        raise StoreError("snapshots need the SQLite store (serve with --db PATH, not :memory:)")

    def load_tables(self, document: dict[str, Any]) -> None:
        """Not available in memory."""
        raise StoreError("snapshots need the SQLite store (serve with --db PATH, not :memory:)")
