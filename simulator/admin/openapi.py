"""GET /_admin/openapi.json: the OpenAPI 3.1 document of the whole admin API (pinned in contracts/openapi/admin.json).

`python -m simulator.admin.openapi > contracts/openapi/admin.json` rewrites the pinned copy; a test keeps the two equal
and checks that every /_admin route Flask knows is documented here.
"""

from __future__ import annotations

import json
from typing import Any, Final

from flask import Blueprint, Response, jsonify

bp = Blueprint("admin_openapi", __name__, url_prefix="/_admin")
Schema = dict[str, Any]

OBJECT: Final[Schema] = {"type": "object"}
PROBLEM: Final[Schema] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "code": {"type": "string"},
    },
}  # fmt: skip


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _page(item: Schema) -> Schema:
    return {
        "type": "object",
        "required": ["items", "total"],
        "properties": {"items": {"type": "array", "items": item}, "total": {"type": "integer", "minimum": 0},
                       "offset": {"type": "integer"}, "limit": {"type": "integer"}},
    }


def _json(schema: Schema, description: str = "OK") -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, schema: Schema, description: str) -> Schema:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name: str, schema: Schema) -> Schema:
    return {"name": name, "in": "path", "required": True, "schema": schema}


PAGING: Final = [
    _query("offset", {"type": "integer", "minimum": 0}, "first item"),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 500}, "items per page (1..500)"),
]
TEXT: Final[Schema] = {"type": "string", "minLength": 1}
TENANT: Final = {
    "name": "X-Backoffice-Tenant", "in": "header", "required": False,
    "schema": {"type": "string", "pattern": "^([a-z0-9][a-z0-9_-]{0,39})?$"},
    "description": "an isolated world, created and seeded on first use (accepted by every endpoint)",
}  # fmt: skip


def _op(summary: str, ok: Schema | None = None, *, status: str = "200", params: list[Schema] | None = None,
        body: Schema | None = None, errors: tuple[str, ...] = ("4XX",), links: Schema | None = None,
        content: str = "application/json") -> Schema:
    responses: Schema = {}
    if status == "204":
        responses["204"] = {"description": "Done"}
    else:
        responses[status] = {"description": "OK", "content": {content: {"schema": ok or OBJECT}}}
        if links:
            responses[status]["links"] = links
    for code in errors:
        problem_json = {"application/problem+json": {"schema": _ref("Problem")}}
        responses[code] = {"description": "Problem", "content": problem_json}
    operation: Schema = {"summary": summary, "responses": responses}
    if params:
        operation["parameters"] = params
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return operation


def _schemas() -> Schema:
    effect_types = [
        "delay", "http_status", "soap_fault", "business_error", "connection_reset", "empty_response",
        "malformed_body", "truncated_body", "dribble", "read_timeout", "change_price", "limit_availability",
    ]  # fmt: skip
    match_fields = ("service", "operation", "action_code", "part_number", "organization", "store", "tenant")
    match_props = dict.fromkeys(match_fields, TEXT)
    rule_input = {
        "type": "object",
        "required": ["effect"],
        "properties": {
            "match": {"type": "object", "properties": match_props, "additionalProperties": False},
            "effect": {
                "type": "object", "required": ["type"],
                "properties": {
                    "type": {"enum": effect_types},
                    "distribution": {"enum": ["fixed", "uniform", "lognormal"]},
                    "ms": {"type": "number", "minimum": 0, "maximum": 600000},
                    "min_ms": {"type": "number", "minimum": 0}, "max_ms": {"type": "number", "minimum": 0},
                    "median_ms": {"type": "number", "exclusiveMinimum": 0}, "sigma": {"type": "number"},
                    "status": {"type": "integer", "minimum": 200, "maximum": 599},
                    "code": TEXT, "message": TEXT, "reason_code": TEXT,
                    "retry_after": {"type": "integer", "minimum": 0}, "after_processing": {"type": "boolean"},
                    "fraction": {"type": "number", "minimum": 0, "maximum": 1},
                    "duration_ms": {"type": "number", "minimum": 0}, "chunks": {"type": "integer", "minimum": 1},
                    "seconds": {"type": "number"}, "factor": {"type": "string"},
                    "available": {"type": "integer", "minimum": 0},
                },
            },
            "mode": {
                "type": "object",
                "properties": {
                    "type": {"enum": ["permanent", "once", "times", "probability"]},
                    "count": {"type": "integer", "minimum": 1},
                    "probability": {"type": "number", "minimum": 0, "maximum": 1},
                    "seed": {"type": "integer", "minimum": 0},
                },
            },
            "window": {"type": "object", "properties": {"start": {"type": "string", "format": "date-time"},
                                                         "seconds": {"type": "number", "minimum": 0}}},
            "name": TEXT,
            "scenario": TEXT,
        },
    }  # fmt: skip
    rule = {
        "type": "object",
        "required": ["id", "match", "effect", "mode", "remaining", "draws", "applied", "created"],
        "properties": {
            "id": {"type": "integer"}, "match": OBJECT, "effect": OBJECT, "mode": OBJECT, "window": OBJECT,
            "name": {"type": "string"}, "scenario": {"type": "string"},
            "remaining": {"type": ["integer", "null"]}, "draws": {"type": "integer"},
            "applied": {"type": "integer"}, "created": {"type": "string"},
        },
    }  # fmt: skip
    nullable_text = {"type": ["string", "null"]}
    exchange = {
        "type": "object",
        "required": ["at", "tenant", "service", "operation", "action_code", "status", "duration_ms", "fault",
                     "bod_id", "commerce_order_id", "part_numbers", "seq"],
        "properties": {
            "at": {"type": "string"}, "tenant": {"type": "string"}, "method": {"type": "string"},
            "path": {"type": "string"}, "service": {"type": "string"}, "operation": {"type": "string"},
            "action_code": {"type": "string"}, "status": {"type": "integer"}, "duration_ms": {"type": "number"},
            "fault": nullable_text, "rule_id": {"type": ["integer", "null"]}, "bod_id": nullable_text,
            "commerce_order_id": nullable_text, "store_id": nullable_text,
            "part_numbers": {"type": "array", "items": {"type": "string"}},
            "organizations": {"type": "array", "items": {"type": "string"}}, "seq": {"type": "integer"},
        },
    }  # fmt: skip
    event = {
        "type": "object", "required": ["at", "tenant", "type", "subject", "seq"],
        "properties": {"at": {"type": "string"}, "tenant": {"type": "string"}, "type": {"type": "string"},
                       "subject": {"type": "object", "additionalProperties": {"type": "string"}},
                       "seq": {"type": "integer"}},
    }  # fmt: skip
    snapshot_info = {
        "type": "object", "required": ["tenant", "name", "created", "size"],
        "properties": {"tenant": {"type": "string"}, "name": {"type": "string"}, "created": {"type": "string"},
                       "size": {"type": "integer"}},
    }  # fmt: skip
    snapshot = {
        "type": "object", "required": ["format", "version", "schema_version", "tables"],
        "properties": {"format": {"const": "backoffice-sim/snapshot"}, "version": {"const": 1},
                       "schema_version": {"type": "integer"},
                       "tables": {"type": "object", "additionalProperties": {"type": "array", "items": OBJECT}}},
    }  # fmt: skip
    return {"Problem": PROBLEM, "RuleInput": rule_input, "Rule": rule, "Exchange": exchange, "Event": event,
            "SnapshotInfo": snapshot_info, "Snapshot": snapshot}


JOURNAL_FILTERS: Final = [
    *(_query(name, TEXT, f"only exchanges with this {name}") for name in
      ("service", "operation", "action_code", "part_number", "commerce_order_id", "bod_id", "fault", "tenant")),
    _query("status", {"type": "integer", "minimum": 100, "maximum": 599}, "HTTP status answered"),
    _query("faulted", {"enum": ["true", "false"]}, "only exchanges a fault rule hit (or missed)"),
    _query("since", {"type": "string", "format": "date-time"}, "at or after this instant"),
    _query("until", {"type": "string", "format": "date-time"}, "before this instant"),
]  # fmt: skip
JOURNAL_PAGING: Final = [
    _query("offset", {"type": "integer", "minimum": 0}, "first item"),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 1000}, "items per page (1..1000)"),
]
RULE_ID: Final = _path("rule_id", {"type": "integer", "minimum": 0})
SNAPSHOT_NAME: Final = _path("name", {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"})
REMOVED: Final[Schema] = {"type": "object", "required": ["removed"], "properties": {"removed": {"type": "integer"}}}
ORDER_FILTERS: Final = [
    *PAGING,
    *(_query(name, TEXT, f"only documents with this {name}") for name in
      ("buyer", "buyer_dn", "organization", "store", "status", "channel")),
]  # fmt: skip


def _paths() -> Schema:
    part = _path("part_number", TEXT)
    rule_links = {
        "GetRule": {"operationId": "getFaultRule", "parameters": {"rule_id": "$response.body#/id"}},
        "DeleteRule": {"operationId": "deleteFaultRule", "parameters": {"rule_id": "$response.body#/id"}},
    }
    snapshot_links = {
        "GetSnapshot": {"operationId": "getSnapshot", "parameters": {"name": "$response.body#/name"}},
        "RestoreSnapshot": {"operationId": "restoreSnapshot", "parameters": {"name": "$response.body#/name"}},
        "DeleteSnapshot": {"operationId": "deleteSnapshot", "parameters": {"name": "$response.body#/name"}},
    }
    paths: Schema = {
        "/_admin/health": {"get": _op("Liveness and the loaded world", params=[TENANT])},
        "/_admin/reset": {"post": _op("Back to the seeded world (this tenant's)", params=[TENANT])},
        "/_admin/stores": {"get": _op("Online stores, physical stores and fulfillment centers")},
        "/_admin/catalog": {"get": _op("Catalog entries", _page(OBJECT), params=PAGING)},
        "/_admin/stock/{part_number}": {
            "get": _op("Stock of a part per fulfillment center and its availability", params=[part]),
            "post": _op("Set what a fulfillment center has on hand", params=[part], body={
                "type": "object", "required": ["fc_id", "on_hand"],
                "properties": {"fc_id": TEXT, "on_hand": {"type": "integer", "minimum": 0}}}),
        },
        "/_admin/stock/{part_number}/receive": {"post": _op("Receive stock of a part", params=[part], body=OBJECT)},
        "/_admin/organizations": {"get": _op("B2B organizations", _page(OBJECT), params=PAGING)},
        "/_admin/buyers": {"get": _op("Buyers", _page(OBJECT), params=[
            *PAGING, _query("organization", TEXT, "organization DN")])},
        "/_admin/reservations": {"get": _op("Reservations held", _page(OBJECT), params=PAGING)},
        "/_admin/orders": {"get": _op("Orders of every channel", _page(OBJECT), params=ORDER_FILTERS)},
        "/_admin/orders/{external_order_id}": {"get": _op("One order", params=[_path("external_order_id", TEXT)])},
        "/_admin/orders/{external_order_id}/{transition}": {"post": _op(
            "Move an order through its lifecycle (release, ship, deposit, backorder, cancel)",
            params=[_path("external_order_id", TEXT), _path("transition", TEXT)], body=OBJECT)},
        "/_admin/quotes": {"get": _op("Quotes of every channel", _page(OBJECT), params=ORDER_FILTERS)},
        "/_admin/quotes/{external_quote_id}": {"get": _op("One quote", params=[_path("external_quote_id", TEXT)])},
        "/_admin/quotes/{external_quote_id}/{decision}": {"post": _op(
            "Approve or reject a submitted quote",
            params=[_path("external_quote_id", TEXT), _path("decision", TEXT)])},
        "/_admin/prices": {"post": _op("Give a part a new contract price", body={
            "type": "object", "required": ["part_number", "price"],
            "properties": {"part_number": TEXT, "price": {"type": ["string", "number"]}, "organization": TEXT,
                           "price_list_id": TEXT}})},
        "/_admin/prices/{part_number}": {"get": _op("The entitled offer price of a part", params=[
            part, _query("organization", TEXT, "organization DN"),
            _query("quantity", {"type": "integer", "minimum": 1}, "quantity")])},
        "/_admin/clock": {"get": _op("The shared clock")},
        "/_admin/clock/advance": {"post": _op("Move the clock forward", body={
            "type": "object", "required": ["seconds"],
            "properties": {"seconds": {"type": "number", "minimum": 0, "maximum": 86400}}})},
        "/_admin/clock/freeze": {"post": _op("Stop the clock", body=OBJECT)},
        "/_admin/clock/unfreeze": {"post": _op("Let the clock run again")},
        "/_admin/clock/system": {"post": _op("Back to the system clock")},
        "/_admin/lifecycle": {
            "get": _op("The lifecycle settings"),
            "put": _op("Change lifecycle settings", body=OBJECT),
        },
        "/_admin/lifecycle/run": {"post": _op("Run every transition due now")},
        "/_admin/pushes": {"get": _op("Pushes to Commerce", _page(OBJECT), params=[
            *PAGING, _query("state", {"enum": ["pending", "delivering", "delivered", "dead"]}, "push state")])},
        "/_admin/pushes/{push_id}": {"get": _op("One push", params=[_path("push_id", {"type": "integer"})])},
        "/_admin/pushes/{push_id}/redeliver": {"post": _op(
            "Queue a push again", params=[_path("push_id", {"type": "integer"})])},
        "/_admin/pushes/inventory": {"post": _op("Push the availability of parts now", body={
            "type": "object", "required": ["parts"],
            "properties": {"parts": {"type": "array", "minItems": 1, "items": TEXT}}})},
        "/_admin/messages/inventory": {"post": _op("Send a legacy inventory message for parts now", body={
            "type": "object", "required": ["parts"],
            "properties": {"parts": {"type": "array", "minItems": 1, "items": TEXT}}})},
        "/_admin/members/organizations": {"post": _op("Add or change an organization", body={
            "type": "object", "required": ["dn"], "properties": {"dn": TEXT, "name": TEXT, "parent_dn": TEXT}})},
        "/_admin/members/buyers": {"post": _op("Add or change a buyer", body={
            "type": "object", "required": ["logon_id"],
            "properties": dict.fromkeys(("logon_id", "dn", "org_dn", "first_name", "last_name", "email"), TEXT)})},
        "/_admin/faults": {
            "get": _op("Fault rules (of this tenant)", _page(_ref("Rule"))),
            "post": {**_op("Add a fault rule", _ref("Rule"), status="201", body=_ref("RuleInput"),
                           links=rule_links), "operationId": "addFaultRule"},
            "delete": _op("Remove every fault rule (of this tenant)", REMOVED),
        },
        "/_admin/faults/{rule_id}": {
            "get": {**_op("One fault rule and its counters", _ref("Rule"), params=[RULE_ID]),
                    "operationId": "getFaultRule"},
            "delete": {**_op("Remove a fault rule", status="204", params=[RULE_ID]), "operationId": "deleteFaultRule"},
        },
        "/_admin/faults/scenarios": {"get": _op("The domain scenarios", _page(OBJECT))},
        "/_admin/faults/scenarios/{name}": {"post": _op(
            "Play a domain scenario (adds its rules)",
            {"type": "object", "required": ["scenario", "rules"],
             "properties": {"scenario": {"type": "string"}, "rules": {"type": "array", "items": _ref("Rule")}}},
            status="201", params=[_path("name", TEXT)], body=OBJECT)},
        "/_admin/journal": {
            "get": _op("SOAP exchanges, oldest first", _page(_ref("Exchange")),
                       params=[*JOURNAL_FILTERS, *JOURNAL_PAGING]),
            "delete": _op("Forget the exchanges (of this tenant)", REMOVED, params=[
                _query("tenant", TEXT, "only this tenant's")]),
        },
        "/_admin/journal/count": {"get": _op(
            "How many exchanges match",
            {"type": "object", "required": ["count"], "properties": {"count": {"type": "integer", "minimum": 0}}},
            params=JOURNAL_FILTERS)},
        "/_admin/events": {
            "get": _op("Domain events, oldest first", _page(_ref("Event")), params=[
                _query("type", TEXT, "event type"), _query("tenant", TEXT, "only this tenant's"),
                _query("since", {"type": "string", "format": "date-time"}, "at or after"),
                _query("until", {"type": "string", "format": "date-time"}, "before"), *JOURNAL_PAGING]),
            "delete": _op("Forget the domain events (of this tenant)", REMOVED, params=[
                _query("tenant", TEXT, "only this tenant's")]),
        },
        "/_admin/snapshots": {
            "get": _op("Saved snapshots (of this tenant)", _page(_ref("SnapshotInfo"))),
            "post": {**_op("Save the world under a name", _ref("SnapshotInfo"), status="201", body={
                "type": "object", "required": ["name"],
                "properties": {"name": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"}}},
                errors=("4XX", "501"), links=snapshot_links), "operationId": "saveSnapshot"},
        },
        "/_admin/snapshots/{name}": {
            "get": {**_op("A snapshot as reviewable JSON", _ref("Snapshot"), params=[SNAPSHOT_NAME]),
                    "operationId": "getSnapshot"},
            "put": _op("Import a snapshot document under a name", _ref("SnapshotInfo"), status="201",
                       params=[SNAPSHOT_NAME], body=_ref("Snapshot"), errors=("4XX", "501")),
            "delete": {**_op("Remove a snapshot", status="204", params=[SNAPSHOT_NAME]),
                       "operationId": "deleteSnapshot"},
        },
        "/_admin/snapshots/{name}/restore": {"post": {**_op(
            "Replace the world with a snapshot", {"type": "object", "required": ["status", "name"]},
            params=[SNAPSHOT_NAME], errors=("4XX", "501")), "operationId": "restoreSnapshot"}},
        "/_admin/openapi.json": {"get": _op("This document", errors=())},
        "/metrics": {"get": _op("Prometheus metrics of every worker", {"type": "string"}, errors=(),
                                content="text/plain")},
    }
    return paths


def document() -> dict[str, Any]:
    """The OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "backoffice-sim admin API",
            "version": "1",
            "description": (
                "The control plane of the simulated back office. Every endpoint accepts an X-Backoffice-Tenant "
                "header selecting an isolated world. With an admin token configured, every endpoint but health "
                "needs Authorization: Bearer <token>. Errors are application/problem+json (RFC 9457)."
            ),
        },
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"adminToken": {"type": "http", "scheme": "bearer"}},
        },
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    """The admin API's OpenAPI 3.1 document."""
    return jsonify(document())


def main() -> None:
    """Print the document (the pinned copy's text)."""
    print(json.dumps(document(), indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
