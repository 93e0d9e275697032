"""The import/export commands and the /_admin/import and /_admin/export endpoints."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from support.process import cli
from werkzeug.test import Client

from simulator.app import create_app
from simulator.config import Settings

SAMPLES = Path(__file__).parents[2] / "simulator/bod/samples/dataload"


def test_cli_import_then_export_and_a_bad_file_fails(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    files = [str(p) for p in sorted(SAMPLES.glob("*.csv"))]
    done = cli("import", "--db", db, "--anchor", "2026-11-23", *files)
    assert done.returncode == 0, done.stderr
    assert "importing [" in done.stderr
    for out in ("a", "b"):
        assert cli("export", "--db", db, "--out", str(tmp_path / out)).returncode == 0
    a, b = sorted((tmp_path / "a").iterdir()), sorted((tmp_path / "b").iterdir())
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b] and "SKU-1001" in (
        tmp_path / "a/CatalogEntry.csv"
    ).read_text()
    bad = tmp_path / "bad.csv"
    bad.write_text("CatalogEntryListPrice\nPartNumber,ListPrice\nSKU-1001,cheap\n", encoding="utf-8")
    failed = cli("import", "--db", db, str(bad))
    assert failed.returncode != 0 and "bad.csv:3: column ListPrice value 'cheap'" in failed.stderr


@pytest.mark.parametrize("db", [":memory:", "world.db"])
def test_admin_import_json_and_multipart_and_export_zip(tmp_path: Path, db: str) -> None:
    app = create_app(Settings(db=db if db == ":memory:" else str(tmp_path / db), products=20, anchor="2026-11-23"))
    client = Client(app)
    body = {"files": [{"name": "c.csv", "content": "CatalogEntry\nPartNumber,Name,ListPrice\nNEW-1,New,5.00\n"}]}
    answer = client.post("/_admin/import", json=body)
    assert answer.status_code == 200 and answer.json["written"]["catalog"] == 1
    data = {"file": (io.BytesIO(b"CatalogEntryListPrice\nPartNumber,ListPrice\nNEW-1,x\n"), "p.csv")}
    refused = client.post("/_admin/import", data=data, content_type="multipart/form-data")
    assert refused.status_code == 422 and refused.json["problems"][0]["column"] == "ListPrice"
    first, second = client.get("/_admin/export"), client.get("/_admin/export")
    assert first.status_code == 200 and first.data == second.data
    names = zipfile.ZipFile(io.BytesIO(first.data)).namelist()
    assert "wc-dataload.xml" in names and "CatalogEntry.csv" in names
    assert b"NEW-1" in zipfile.ZipFile(io.BytesIO(first.data)).read("CatalogEntry.csv")
    assert client.post("/_admin/import", json={"files": []}).status_code == 400
