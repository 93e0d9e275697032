"""Time importing an N-entry Data Load catalog through the real CLI: `python bench/import_timing.py [ENTRIES]`.

The files are a CatalogEntry CSV (part number, name, list price) and a CatalogEntryInventory CSV for every entry,
imported into an empty SQLite database; what they leave out (prices, organizations, history) comes from the seed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 20.0


def write_files(folder: Path, entries: int) -> list[Path]:
    catalog = folder / "CatalogEntry.csv"
    inventory = folder / "CatalogEntryInventory.csv"
    with catalog.open("w", encoding="utf-8") as out:
        out.write("CatalogEntry\nPartNumber,Type,Name,CurrencyCode,ListPrice,QuantityMeasure\n")
        for n in range(1, entries + 1):
            out.write(f"TEAM-{n:07d},Item,Team part {n},USD,{1 + n % 997}.{n % 100:02d},C62\n")
    with inventory.open("w", encoding="utf-8") as out:
        out.write("CatalogEntryInventory\nPartNumber,FulfillmentCenterName,Quantity,QuantityMeasure\n")
        for n in range(1, entries + 1):
            out.write(f"TEAM-{n:07d},Team Warehouse {n % 3},{n % 500},C62\n")
    return [catalog, inventory]


def import_seconds(entries: int) -> float:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files = write_files(folder, entries)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "simulator", "import", "--db", str(folder / "bench.db"), *map(str, files)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - started


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seconds = import_seconds(entries)
    verdict = "within" if seconds < TARGET_SECONDS else "OVER"
    target = f"{verdict} the {TARGET_SECONDS:.0f} s target"
    print(f"import {entries} catalog entries into SQLite: {seconds:.1f} s ({target})")


if __name__ == "__main__":
    main()
