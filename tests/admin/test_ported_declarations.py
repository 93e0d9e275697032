"""Channel orders, master data import/export and the inventory message: validated by their declarations."""

from __future__ import annotations

import io

from werkzeug.test import Client

from simulator.app import create_app
from simulator.config import Settings

PROBLEM = "application/problem+json"


def _client() -> Client:
    return Client(create_app(Settings(db=":memory:", products=10, anchor="2026-11-23")))


def test_bad_requests_are_problems_naming_the_field() -> None:
    client = _client()
    cases = [
        ("POST", "/_admin/orders", {"buyer": "b", "lines": [{"part_number": "P", "quantity": "2"}]}, "quantity"),
        ("POST", "/_admin/orders", {"buyer": "b", "channel": "Web Channel", "lines": [
            {"part_number": "P", "quantity": 1}]}, "channel"),
        ("PATCH", "/_admin/orders/X-1", {"lines": [{"quantity": 1, "line_id": "a", "part_number": "P"}]}, "line_id"),
        ("POST", "/_admin/import", {"files": [{"name": "a.csv", "content": 3}]}, "content"),
        ("POST", "/_admin/import", {"files": [{"name": "a.csv", "content": "x"}], "strict": "yes"}, "strict"),
        ("POST", "/_admin/messages/inventory", {"parts": [""]}, "parts"),
    ]
    for method, path, body, field in cases:
        answer = client.open(path, method=method, json=body)
        assert answer.status_code == 400 and answer.mimetype == PROBLEM, (path, body, answer.data)
        assert field in answer.json["detail"], (path, body, answer.json)


def test_export_format_is_one_of_two() -> None:
    client = _client()
    refused = client.get("/_admin/export?format=zip")
    assert refused.status_code == 400 and "format" in refused.json["detail"]
    massload = client.get("/_admin/export?format=massload")
    assert massload.status_code == 200 and "massload" in massload.headers["Content-Disposition"]


def test_an_order_in_a_world_without_online_stores_is_a_404() -> None:
    app = create_app(Settings(db=":memory:", products=10, anchor="2026-11-23"))
    with app.backend.deps.store.write() as session:
        session.clear()  # as a world written by a tool that has no online store
    client = Client(app)
    assert client.get("/_admin/stores").json["online_stores"] == []
    answer = client.post("/_admin/orders", json={"buyer": "b", "lines": [{"part_number": "P", "quantity": 1}]})
    assert answer.status_code == 404 and answer.json["title"] == "UnknownStore"


def test_get_and_post_of_the_orders_url_are_both_documented() -> None:
    paths = _client().get("/_admin/openapi.json").json["paths"]
    assert set(paths["/_admin/orders"]) == {"get", "post"}
    assert set(paths["/_admin/orders/{external_order_id}"]) == {"get", "patch"}


def test_a_multipart_import_reads_its_flags_and_refuses_others() -> None:
    client = _client()
    csv = b"CatalogEntry\nPartNumber,Name,ListPrice\nNEW-1,New,5.00\n"
    done = client.post("/_admin/import", data={"files": (io.BytesIO(csv), "c.csv"), "replace": "true"},
                       content_type="multipart/form-data")
    assert done.status_code == 200 and done.json["new_world"] is True
    refused = client.post("/_admin/import", data={"files": (io.BytesIO(csv), "c.csv"), "strict": "maybe"},
                          content_type="multipart/form-data")
    assert refused.status_code == 400 and "strict" in refused.json["detail"]
