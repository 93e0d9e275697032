"""Data Load import: each file kind, precise errors that change nothing, idempotence, unknown columns."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulator.masterdata.exporter import export_files
from simulator.masterdata.importer import ImportOptions, import_files
from simulator.masterdata.problems import ImportRejected
from simulator.masterdata.reader import SourceFile
from simulator.store.memory import MemoryStore
from simulator.store.sqlite import SqliteStore

SAMPLES = Path(__file__).parents[2] / "simulator/bod/samples/dataload"
ANCHOR = datetime(2026, 11, 23, tzinfo=UTC)
OPTIONS = ImportOptions(seed=42, anchor=ANCHOR)


def samples() -> list[SourceFile]:
    return [SourceFile(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.csv"))]


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> MemoryStore | SqliteStore:
    return MemoryStore() if request.param == "memory" else SqliteStore(str(tmp_path / "world.db"))


def test_every_sample_kind_lands_in_the_world(store: MemoryStore) -> None:
    report = import_files(store, samples(), OPTIONS)
    assert report.new_world and not report.warnings
    with store.read() as s:
        entry = s.get_catalog_entry("SKU-1001")
        assert entry is not None and entry.name == "Trail running shoe, size 9" and str(entry.list_price) == "39.99"
        centers = {c.name: c.fc_id for c in s.list_fulfillment_centers()}
        fc = centers["Example Outlet FC"]
        assert {lv.fc_id: lv.on_hand for lv in s.stock_levels("SKU-1001")} == {fc: 250}
        backordered = s.stock_levels("SKU-1002")[0]
        assert backordered.receipts[0].quantity == 40 and backordered.receipts[0].date.day == 15
        west = s.get_organization("ou=Example Outdoor West,o=Example Outdoor,o=Root Organization")
        assert west is not None and west.parent_dn == "o=Example Outdoor,o=Root Organization"
        buyer = s.get_buyer("ana.rivera@example.com")
        assert buyer is not None and buyer.org_dn == west.dn
        contract = s.price_lists_for(["o=Example Outdoor,o=Root Organization"], ["SKU-1001"])
        assert [(b.min_quantity, str(b.price)) for b in contract[0].prices["SKU-1001"]] == [(1, "22.50"), (10, "21.00")]
        default = s.price_lists_for([None], ["SKU-1002"])
        assert str(default[0].prices["SKU-1002"][0].price) == "26.99"


def test_parts_without_stock_or_price_get_them_from_the_seed_deterministically(tmp_path: Path) -> None:
    only_catalog = [SourceFile("CatalogEntry.csv", b"CatalogEntry\nPartNumber,Name\nX-1,Thing\nX-2,Other\n")]
    worlds = []
    for _ in range(2):
        store = MemoryStore()
        import_files(store, only_catalog, OPTIONS)
        with store.read() as s:
            worlds.append(export_files(s))
    assert worlds[0] == worlds[1]
    assert b"X-2" in worlds[0]["CatalogEntryInventory.csv"] and b"X-1" in worlds[0]["CatalogEntryOfferPrice.csv"]


def test_a_bad_cell_is_named_precisely_and_changes_nothing(store: MemoryStore) -> None:
    import_files(store, samples(), OPTIONS)
    with store.read() as s:
        before = export_files(s)
    bad = (
        b"CatalogEntryInventory\nPartNumber,FulfillmentCenterName,Quantity\n"
        b"SKU-1001,Example Outlet FC,7\nSKU-1002,Example Outlet FC,lots\n"
    )
    good_price = b"CatalogEntryListPrice\nPartNumber,ListPrice,CurrencyCode\nSKU-1001,99.00,USD\n"
    with pytest.raises(ImportRejected) as rejected:
        import_files(store, [SourceFile("prices.csv", good_price), SourceFile("stock.csv", bad)], OPTIONS)
    (problem,) = rejected.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == ("stock.csv", 4, "Quantity", "lots")
    with store.read() as s:
        assert export_files(s) == before


def test_unknown_references_are_errors() -> None:
    store = MemoryStore()
    person = b"Person\nlogonId,firstName,lastName,email1,parentDN\nx,A,B,a@b.example,o=Nowhere\n"
    with pytest.raises(ImportRejected) as rejected:
        import_files(store, [SourceFile("Person.csv", person)], OPTIONS)
    assert [(p.line, p.column, p.value) for p in rejected.value.problems] == [(3, "parentDN", "o=Nowhere")]
    with store.read() as s:
        assert s.get_meta("world.seed") is None


def test_reimporting_the_same_files_changes_nothing(store: MemoryStore) -> None:
    import_files(store, samples(), OPTIONS)
    with store.read() as s:
        before = export_files(s)
    again = import_files(store, samples(), OPTIONS)
    assert not again.new_world and again.written == {}
    with store.read() as s:
        assert export_files(s) == before


def test_a_merge_changes_only_what_the_file_says(store: MemoryStore) -> None:
    import_files(store, samples(), OPTIONS)
    report = import_files(store, [SourceFile("p.csv", b"PartNumber,ListPrice\nSKU-1001,41.00\n")], OPTIONS)
    assert report.written == {"catalog": 1}
    with store.read() as s:
        entry = s.get_catalog_entry("SKU-1001")
        assert entry is not None and str(entry.list_price) == "41.00"


def test_unknown_columns_warn_or_fail_in_strict_mode() -> None:
    data = b"CatalogEntry\nPartNumber,Name,Colour\nX-1,Thing,red\n"
    report = import_files(MemoryStore(), [SourceFile("c.csv", data)], OPTIONS)
    assert [(w.line, w.column, w.error) for w in report.warnings] == [(2, "Colour", False)]
    with pytest.raises(ImportRejected) as rejected:
        import_files(MemoryStore(), [SourceFile("c.csv", data)], ImportOptions(42, ANCHOR, strict=True))
    assert rejected.value.problems[0].column == "Colour"


def test_the_three_inventory_variants() -> None:
    store = MemoryStore()
    import_files(
        store, [SourceFile("CatalogEntry.csv", b"CatalogEntry\nPartNumber,ListPrice\nA,1\nB,2\nC,3\n")], OPTIONS
    )
    files = [
        SourceFile("inv.csv", b"PartNumber,FulfillmentCenterId,FulfillmentCenterName,Quantity\nA,900,North,5\n"),
        SourceFile("esite.csv", b"CurrentStoreIdentifier,PartNumber,FulfillmentCenterName,Quantity\nElite,B,North,6\n"),
        SourceFile("dom-cache.csv", b"C,,900,Available,8,C62,,,,,\nC,,North,Backorderable,3,C62,2026-12-01,,,,\n"),
    ]
    import_files(store, files, OPTIONS)
    with store.read() as s:
        got = {
            p: [(lv.fc_id, lv.on_hand, len(lv.receipts)) for lv in s.stock_levels(p) if lv.fc_id == "900"]
            for p in "ABC"
        }
    assert got == {"A": [("900", 5, 0)], "B": [("900", 6, 0)], "C": [("900", 8, 1)]}


def test_export_is_byte_identical_and_names_its_files_in_the_load_order() -> None:
    store = MemoryStore()
    import_files(store, samples(), OPTIONS)
    with store.read() as s:
        first, second = export_files(s), export_files(s)
        massload = export_files(s, massload=True)
    assert first == second
    order = first["wc-dataload.xml"].decode()
    for name in ("CatalogEntry.csv", "CatalogEntryInventory.csv", "Person.csv", "Offer.csv"):
        assert f'location="{name}"' in order
    assert first["CatalogEntry.csv"].startswith(b"CatalogEntry\nCatalogEntryUniqueId,PartNumber,")
    assert b'<catentry catentry_id="' in massload["massload.xml"]


def test_a_catalog_entry_id_of_another_part_is_refused() -> None:
    store = MemoryStore()
    data = b"CatalogEntry\nCatalogEntryUniqueId,PartNumber\n501,A\n501,B\n"
    with pytest.raises(ImportRejected) as rejected:
        import_files(store, [SourceFile("c.csv", data)], OPTIONS)
    assert [(p.line, p.column, p.value) for p in rejected.value.problems] == [(4, "CatalogEntryUniqueId", "501")]


def test_replace_throws_the_old_world_away_and_merge_keeps_it(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "w.db"))
    import_files(store, samples(), OPTIONS)
    other = [SourceFile("c.csv", b"CatalogEntry\nPartNumber,ListPrice\nONLY-1,3.00\n")]
    import_files(store, other, OPTIONS)
    with store.read() as s:
        assert s.get_catalog_entry("SKU-1001") is not None and s.get_catalog_entry("ONLY-1") is not None
    report = import_files(store, other, ImportOptions(42, ANCHOR, replace=True))
    assert report.new_world
    with store.read() as s:
        assert s.get_catalog_entry("SKU-1001") is None and s.list_catalog(0, 10).total == 1


def test_a_one_line_header_is_recognised_by_its_columns() -> None:
    store = MemoryStore()
    import_files(store, [SourceFile("c.csv", b"CatalogEntry\nPartNumber,ListPrice\nA,1.00\n")], OPTIONS)
    header = b"PartNumber,Price,CurrencyCode,Precedence,StartDate,EndDate,Delete\n"
    offer = SourceFile("whatever.csv", header + b"A,0.75,USD,0,,,\n")
    import_files(store, [offer], OPTIONS)
    with store.read() as s:
        assert str(s.price_lists_for([None], ["A"])[0].prices["A"][0].price) == "0.75"


def test_a_file_of_no_known_kind_is_refused_on_its_first_line() -> None:
    with pytest.raises(ImportRejected) as rejected:
        import_files(MemoryStore(), [SourceFile("x.csv", b"Foo,Bar\n1,2\n")], OPTIONS)
    assert (rejected.value.problems[0].file, rejected.value.problems[0].line) == ("x.csv", 1)


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"CatalogEntry\nPartNumber,ListPrice\nA,1e999999\n", 3, "ListPrice"),
        (b"Organization\ndistinguishedName,orgEntityName,parentDN\no=a,A,o=b\no=b,B,o=a\n", 3, "parentDN"),
        (b"\xff\xfe", 1, ""),
    ],
)
def test_hostile_cells_are_refused_not_crashed_on(data: bytes, line: int, column: str) -> None:
    with pytest.raises(ImportRejected) as rejected:
        import_files(MemoryStore(), [SourceFile("f.csv", data)], OPTIONS)
    assert (rejected.value.problems[0].line, rejected.value.problems[0].column) == (line, column)
