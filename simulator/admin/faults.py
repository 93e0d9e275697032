"""The /_admin/faults endpoints: add, list, inspect and remove fault rules; play domain scenarios by name."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from simulator.admin.control import context
from simulator.admin.errors import BadParameter, problem
from simulator.control.records import StoredRule, utc_stamp
from simulator.faults.rules import Rule, RuleError, parse_rule, rule_document
from simulator.faults.scenarios import SCENARIOS, scenario_rules

bp = Blueprint("admin_faults", __name__, url_prefix="/_admin")


def view(stored: StoredRule) -> dict[str, Any]:
    """A rule as the API shows it: its document plus id, tenant and counters."""
    document = rule_document(Rule.from_json(stored.spec))
    return {
        "id": stored.rule_id,
        **document,
        "remaining": stored.remaining,
        "draws": stored.draws,
        "applied": stored.applied,
        "created": stored.created,
    }


def _visible(stored: StoredRule | None) -> StoredRule | None:
    ctx = context()
    if stored is None or (ctx.tenanted and stored.tenant != ctx.tenant):
        return None
    return stored


def _add(rule: Rule) -> StoredRule:
    return context().store.add_rule(rule.match.tenant, rule.to_json(), rule.mode.uses, utc_stamp())


def _tenant_override() -> str | None:
    ctx = context()
    return ctx.tenant if ctx.tenanted else None


@bp.get("/faults")
def list_rules() -> Response:
    """Every rule (of this tenant), by id."""
    ctx = context()
    items = [view(stored) for stored in ctx.store.rules(ctx.scope)]
    return jsonify(items=items, total=len(items))


@bp.post("/faults")
def add_rule() -> tuple[Response, int, dict[str, str]]:
    """Add a rule; it applies to the next matching request in any worker."""
    body = request.get_json(silent=True)
    try:
        rule = parse_rule(body, _tenant_override())
    except RuleError as exc:
        raise BadParameter(str(exc)) from None
    stored = _add(rule)
    return jsonify(view(stored)), 201, {"Location": f"/_admin/faults/{stored.rule_id}"}


@bp.delete("/faults")
def clear_rules() -> Response:
    """Remove every rule (of this tenant)."""
    ctx = context()
    return jsonify(removed=ctx.store.clear_rules(ctx.scope))


@bp.get("/faults/<int:rule_id>")
def get_rule(rule_id: int) -> Response:
    """One rule and how often it was drawn and applied."""
    stored = _visible(context().store.get_rule(rule_id))
    if stored is None:
        return problem(404, "Not Found", f"there is no fault rule {rule_id}")
    return jsonify(view(stored))


@bp.delete("/faults/<int:rule_id>")
def delete_rule(rule_id: int) -> Response:
    """Remove one rule."""
    ctx = context()
    if _visible(ctx.store.get_rule(rule_id)) is None or not ctx.store.delete_rule(rule_id):
        return problem(404, "Not Found", f"there is no fault rule {rule_id}")
    return Response(status=204)


@bp.get("/faults/scenarios")
def list_scenarios() -> Response:
    """The domain scenarios this simulator can play, with their parameters."""
    items = [{"name": s.name, "summary": s.summary, "parameters": s.parameters} for s in SCENARIOS.values()]
    return jsonify(items=items, total=len(items))


@bp.post("/faults/scenarios/<name>")
def play_scenario(name: str) -> tuple[Response, int] | Response:
    """Add the rules of a domain scenario."""
    if name not in SCENARIOS:
        return problem(404, "Not Found", f"there is no scenario {name!r}; see GET /_admin/faults/scenarios")
    body = request.get_json(silent=True) if request.content_length else {}
    try:
        rules = scenario_rules(name, body, context().now(), _tenant_override())
    except RuleError as exc:
        raise BadParameter(str(exc)) from None
    views = [view(_add(rule)) for rule in rules]
    return jsonify(scenario=name, rules=views), 201
