"""The command line on PostgreSQL: seed, snapshot export and import, and a one-line error when none answers."""

from __future__ import annotations

import json
from pathlib import Path

from support.pg import fresh_schema
from support.process import cli


def test_seed_then_snapshot_export_and_import_between_schemas(tmp_path: Path) -> None:
    with fresh_schema("cli_a") as source, fresh_schema("cli_b") as target:
        seeded = cli("seed", "--db", source, "--products", "20")
        assert seeded.returncode == 0, seeded.stderr
        out = tmp_path / "world.json"
        exported = cli("snapshot", "export", "--db", source, "--out", str(out))
        assert exported.returncode == 0, exported.stderr
        imported = cli("snapshot", "import", "--db", target, "--in", str(out))
        assert imported.returncode == 0, imported.stderr
        again = tmp_path / "again.json"
        assert cli("snapshot", "export", "--db", target, "--out", str(again)).returncode == 0
        assert again.read_bytes() == out.read_bytes()
        assert json.loads(out.read_text())["tables"]["catalog"], "the world was exported"


def test_an_unreachable_database_is_one_line() -> None:
    result = cli("seed", "--db", "postgresql://nobody@127.0.0.1:1/none", "--products", "5")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot connect" in lines[0]
