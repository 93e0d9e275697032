"""The served OpenAPI document is the pinned one, and it documents every /_admin route Flask serves."""

from __future__ import annotations

import json
import re
from pathlib import Path

from werkzeug.test import Client

from simulator.app import create_app
from simulator.config import Settings

PINNED = Path(__file__).resolve().parents[2] / "contracts" / "openapi" / "admin.json"


def test_served_document_equals_the_pinned_file() -> None:
    app = create_app(Settings(db=":memory:", products=10, anchor="2026-11-23"))
    served = Client(app).get("/_admin/openapi.json").get_json()
    assert served == json.loads(PINNED.read_text()), "run: python -m simulator.admin.openapi > " + str(PINNED)
    assert served["openapi"].startswith("3.1")


def test_every_admin_route_is_documented() -> None:
    app = create_app(Settings(db=":memory:", products=10, anchor="2026-11-23"))
    documented = json.loads(PINNED.read_text())["paths"]
    missing = []
    for rule in app.admin.url_map.iter_rules():
        if not rule.rule.startswith("/_admin"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if method.lower() not in documented.get(path, {}):
                missing.append(f"{method} {path}")
    assert not missing, f"undocumented admin routes: {missing}"
