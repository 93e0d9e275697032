"""The dashboard's page and assets are served from the package, same-origin only, and the data stays behind the
admin token (no browser needed)."""

from __future__ import annotations

import re

import pytest
from werkzeug.test import Client

from simulator.app import create_app
from simulator.config import Settings


@pytest.fixture(scope="module")
def client() -> Client:
    return Client(create_app(Settings(db=":memory:", products=10, anchor="2026-11-23", admin_token="t0ken")))


def test_the_page_loads_only_packaged_assets_under_a_same_origin_policy(client: Client) -> None:
    assert client.get("/_dashboard").status_code == 308
    page = client.get("/_dashboard/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    html = page.get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert {"static/dashboard.js", "static/dashboard.css", "static/vendor/uPlot.iife.min.js"} <= set(assets)
    for asset in assets:
        if asset.startswith("data:"):
            continue
        assert "//" not in asset, f"{asset} is not served by the simulator"
        served = client.get(f"/_dashboard/{asset}")
        assert served.status_code == 200 and served.get_data(), asset


def test_the_shell_is_open_but_its_data_needs_the_token(client: Client) -> None:
    assert client.get("/_dashboard/").status_code == 200
    assert client.get("/_admin/orders").status_code == 401
    assert client.get("/_admin/orders", headers={"Authorization": "Bearer t0ken"}).status_code == 200
