"""schemathesis against the admin API's OpenAPI document, in process: every operation, then stateful link chains."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.generation.modes import GenerationMode
from werkzeug.test import Client

from simulator.app import create_app
from simulator.config import Settings

_DIR = Path(tempfile.mkdtemp(prefix="schemathesis-"))
atexit.register(shutil.rmtree, _DIR, ignore_errors=True)
APP = create_app(Settings(db=str(_DIR / "world.db"), products=20, anchor="2026-11-23", max_tenants=4))
schema = schemathesis.openapi.from_wsgi("/_admin/openapi.json", APP)
# What the server answers is checked in full (no 5xx, documented status, content type, headers and body schema);
# whether it accepts every loosely described input of the lifecycle and push endpoints is not the contract's claim.
LENIENT = [checks.positive_data_acceptance, checks.negative_data_rejection, checks.missing_required_header]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None,
          derandomize=True)
def test_every_operation_keeps_its_contract(case: schemathesis.Case) -> None:
    case.call_and_validate(excluded_checks=LENIENT)


# Chains of calls following the document's links: add a rule, then read or remove it; save a snapshot, then read,
# restore or remove it. Each chain starts from the same state (hypothesis replays chains to shrink them), and draws
# schema-valid data only: what the server does with invalid input is the parametrized test's business.
chains = schemathesis.openapi.from_wsgi("/_admin/openapi.json", APP)
chains.config.generation.modes = [GenerationMode.POSITIVE]


class AdminLinks(chains.as_state_machine()):  # type: ignore[misc]
    def setup(self) -> None:
        admin = Client(APP)
        admin.post("/_admin/reset")
        for path in ("/_admin/faults", "/_admin/journal", "/_admin/events"):
            admin.delete(path)
        for snapshot in admin.get("/_admin/snapshots").get_json()["items"]:
            admin.delete(f"/_admin/snapshots/{snapshot['name']}")

    def validate_response(self, response: Any, case: schemathesis.Case, additional_checks: Any = None,
                          **kwargs: Any) -> None:
        case.validate_response(response, excluded_checks=LENIENT)


AdminLinks.TestCase.settings = settings(
    max_examples=20, stateful_step_count=6, deadline=None, suppress_health_check=list(HealthCheck),
    database=None, derandomize=True,
)
TestAdminLinks = AdminLinks.TestCase
