"""What only the SQLite store promises: durability, several processes and threads, clear errors at open."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from simulator.domain.inventory import Holds
from simulator.domain.query import OrderFilter
from simulator.store.errors import CorruptDatabase, IncompatibleDatabase, StoreError, UnwritableDatabase
from simulator.store.schema import SCHEMA_VERSION
from simulator.store.sqlite import SqliteStore
from store.builders import ALLOCATED, chunk, entry, order, reservation

WORKERS = 2
ROUNDS = 60


def test_data_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    first = SqliteStore(path)
    with first.write() as s:
        s.put_catalog_entries([entry("P1")])
        s.put_reservation(reservation("o1", chunk("1", "P1", 3, ALLOCATED)))
        s.put_order(order("E1", commerce_id="C1"))
        assert s.next_value("orders") == 1
    first.close()
    second = SqliteStore(path)
    with second.read() as s:
        assert s.get_catalog_entry("P1") == entry("P1")
        assert s.holds("P1") == {"FC1": Holds(3, 0)}
        assert s.get_order("E1") == order("E1", commerce_id="C1")
    with second.write() as s:
        assert s.next_value("orders") == 2
    second.close()


def test_creates_missing_directories_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "store.db"
    opened = SqliteStore(path)
    opened.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    opened = SqliteStore(tmp_path / "store.db")
    opened.close()
    with pytest.raises(StoreError, match="closed"), opened.read():
        pass


def test_garbage_file_is_a_corrupt_database(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    path.write_bytes(os.urandom(64) * 128)
    with pytest.raises(CorruptDatabase, match=r"store\.db is not a usable SQLite database") as caught:
        SqliteStore(path)
    assert "\n" not in str(caught.value)


def test_database_of_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(IncompatibleDatabase, match="another application"):
        SqliteStore(path)


def test_other_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    SqliteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(IncompatibleDatabase, match="schema version"):
        SqliteStore(path)


def test_directory_that_cannot_be_created_is_unwritable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(UnwritableDatabase, match="cannot create the directory"):
        SqliteStore(blocker / "store.db")


def test_path_that_is_a_directory_is_unwritable(tmp_path: Path) -> None:
    with pytest.raises(UnwritableDatabase, match="cannot write the database"):
        SqliteStore(tmp_path)


def test_read_only_file_system_is_unwritable() -> None:
    with pytest.raises(UnwritableDatabase):
        SqliteStore(Path("/proc/backoffice-sim-test.db"))


def _count_and_insert(path: str, worker: int) -> None:
    opened = SqliteStore(path)
    try:
        for i in range(ROUNDS):
            with opened.write() as s:
                value = s.next_value("counter")
                s.put_order(order(f"W{worker}-{i:03d}", commerce_id=str(value)))
    finally:
        opened.close()


def test_processes_writing_together_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    SqliteStore(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_count_and_insert, args=(str(path), n)) for n in range(WORKERS)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
        assert process.exitcode == 0
    _assert_counted(SqliteStore(path), WORKERS * ROUNDS)


def test_threads_writing_together_lose_nothing(tmp_path: Path) -> None:
    opened = SqliteStore(tmp_path / "store.db")
    threads = [threading.Thread(target=_count_and_insert, args=(str(opened.path), n)) for n in range(2)]
    shared = [threading.Thread(target=_count_with, args=(opened, n)) for n in range(2, 4)]
    for thread in threads + shared:
        thread.start()
    for thread in threads + shared:
        thread.join(timeout=120)
    _assert_counted(opened, 4 * ROUNDS)


def _count_with(opened: SqliteStore, worker: int) -> None:
    for i in range(ROUNDS):
        with opened.write() as s:
            value = s.next_value("counter")
            s.put_order(order(f"W{worker}-{i:03d}", commerce_id=str(value)))


def _assert_counted(opened: SqliteStore, expected: int) -> None:
    with opened.write() as s:
        assert s.next_value("counter") == expected + 1
        page = s.list_orders(OrderFilter(), 0, expected + 10)
    opened.close()
    assert page.total == expected
    assert sorted(int(o.commerce_order_id or 0) for o in page.items) == list(range(1, expected + 1))


def test_reader_sees_a_consistent_snapshot(tmp_path: Path) -> None:
    opened = SqliteStore(tmp_path / "store.db")
    with opened.write() as s:
        s.put_catalog_entries([entry("P1")])
    with opened.read() as s:
        assert s.list_catalog(0, 10).total == 1
        writer = threading.Thread(target=_add_entry, args=(opened,))
        writer.start()
        writer.join()
        assert s.list_catalog(0, 10).total == 1
    with opened.read() as s:
        assert s.list_catalog(0, 10).total == 2
    opened.close()


def _add_entry(opened: SqliteStore) -> None:
    with opened.write() as s:
        s.put_catalog_entries([entry("P2")])


def test_threads_that_come_and_go_do_not_pile_up_connections(tmp_path: Path) -> None:
    import threading

    opened = SqliteStore(tmp_path / "churn.db")

    def read_once() -> None:
        with opened.read() as s:
            s.get_meta("anything")

    for _ in range(10):
        batch = [threading.Thread(target=read_once) for _ in range(8)]
        for thread in batch:
            thread.start()
        for thread in batch:
            thread.join()
    assert len(opened._connections) <= 16
    opened.close()
