"""The served OpenAPI document is the pinned one, and it documents every /_admin route Flask serves.

Regenerate the pinned copy after changing a declaration (then review its diff):
    BACKOFFICE_SIM_REGEN_CONTRACT=1 .venv/bin/python -m pytest tests/admin/test_openapi_contract.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from werkzeug.test import Client

from simulator.admin.fault_models import SCENARIO_PARAMETERS
from simulator.admin.security import OPEN_PATHS
from simulator.app import create_app
from simulator.config import Settings
from simulator.faults.scenarios import SCENARIOS

PINNED = Path(__file__).resolve().parents[2] / "contracts" / "openapi" / "admin.json"
REGEN = "BACKOFFICE_SIM_REGEN_CONTRACT"


def _served(**settings: object) -> dict[str, object]:
    app = create_app(Settings(db=":memory:", products=10, anchor="2026-11-23", **settings))  # type: ignore[arg-type]
    document: dict[str, object] = Client(app).get("/_admin/openapi.json").get_json()
    return document


def test_served_document_equals_the_pinned_file() -> None:
    served = _served()
    if os.environ.get(REGEN):
        PINNED.write_text(json.dumps(served, indent=2, sort_keys=True) + "\n")
    assert served == json.loads(PINNED.read_text()), f"regenerate: {REGEN}=1 pytest {__file__}"
    assert str(served["openapi"]).startswith("3.1")


# Routes of the Flask app that are not admin API, so not in its document: Commerce's HTTP connector posts raw
# text/xml messages to /messages, and the dashboard (with the static files) is HTML for people.
NOT_ADMIN_API = {"/messages", "/_dashboard", "/_dashboard/"}
STATIC_FILES = ("/static/", "/_dashboard/static/")


def test_every_admin_route_is_documented() -> None:
    app = create_app(Settings(db=":memory:", products=10, anchor="2026-11-23"))
    documented = json.loads(PINNED.read_text())["paths"]
    missing = []
    for rule in app.admin.url_map.iter_rules():
        if rule.rule in NOT_ADMIN_API or rule.rule.startswith(STATIC_FILES):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if method.lower() not in documented.get(path, {}):
                missing.append(f"{method} {path}")
    assert not missing, f"undocumented admin routes: {missing}"


def test_problems_and_the_token_are_declared() -> None:
    served = _served()
    catalog = served["paths"]["/_admin/catalog"]["get"]  # type: ignore[index]
    assert "application/problem+json" in catalog["responses"]["400"]["content"]
    assert {p["name"] for p in catalog["parameters"]} == {"offset", "limit"}
    assert "security" not in served
    assert _served(admin_token="s3cret")["security"] == [{"adminToken": []}]
    assert served["paths"]["/_admin/health"]["get"]["security"] == []  # type: ignore[index]


def test_the_paths_open_without_a_token_are_those_declared_open() -> None:
    paths = _served(admin_token="s3cret")["paths"]
    declared_open = {path for path, item in paths.items() for op in item.values()  # type: ignore[attr-defined]
                     if op.get("security") == [] and path.startswith("/_admin")}
    assert declared_open == OPEN_PATHS


def test_each_scenario_is_declared_with_its_parameters() -> None:
    assert set(SCENARIO_PARAMETERS) == set(SCENARIOS)
    for name, model in SCENARIO_PARAMETERS.items():
        assert set(model.model_fields) == set(SCENARIOS[name].parameters), name
