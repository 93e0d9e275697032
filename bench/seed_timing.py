"""Time seeding a large world through the real CLI: `python bench/seed_timing.py [PRODUCTS]`."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path


def seed_seconds(products: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "simulator", "seed", "--db", str(db), "--products", str(products)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.perf_counter() - started


def main() -> None:
    products = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seconds = seed_seconds(products)
    print(f"seed {products} products into SQLite: {seconds:.1f} s ({products / seconds:,.0f} products/s)")


if __name__ == "__main__":
    main()
