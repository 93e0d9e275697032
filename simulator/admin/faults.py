"""The /_admin/faults endpoints: add, list, inspect and remove fault rules; play domain scenarios by name."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from pydantic import BaseModel, Field

from simulator.admin.api import Page, Removed, blueprint
from simulator.admin.control import context
from simulator.admin.errors import BadParameter, problem
from simulator.admin.fault_models import SCENARIO_PARAMETERS, RuleInput, RuleView
from simulator.control.records import StoredRule, utc_stamp
from simulator.faults.rules import Rule, RuleError, parse_rule, rule_document
from simulator.faults.scenarios import SCENARIOS, scenario_rules

bp = blueprint("admin_faults", __name__)
RULE_LINKS = {
    "GetRule": {"operationId": "getFaultRule", "parameters": {"rule_id": "$response.body#/id"}},
    "DeleteRule": {"operationId": "deleteFaultRule", "parameters": {"rule_id": "$response.body#/id"}},
}


class AddedRule(RuleView):
    """The rule added, linked to where it can be read and removed."""

    model_config = {"openapi_extra": {"links": RULE_LINKS}}  # type: ignore[typeddict-unknown-key]


class RulePath(BaseModel):
    """A rule by its id."""

    rule_id: int = Field(ge=0, le=2**62)


class Scenario(BaseModel):
    """A domain scenario and its parameters."""

    name: str
    summary: str
    parameters: dict[str, str]


class Played(BaseModel):
    """The rules a scenario added."""

    scenario: str
    rules: list[RuleView]


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


def _checked(document: Any, name: str | None = None) -> list[Rule]:
    try:
        if name is not None:
            return scenario_rules(name, document, context().now(), _tenant_override())
        return [parse_rule(document, _tenant_override())]
    except RuleError as exc:
        raise BadParameter(str(exc)) from None


@bp.get("/faults", responses={200: Page[RuleView]})
def list_rules() -> Response:
    """Every fault rule (of this tenant), by id."""
    ctx = context()
    items = [view(stored) for stored in ctx.store.rules(ctx.scope)]
    return jsonify(items=items, total=len(items))


@bp.post("/faults", responses={201: AddedRule}, operation_id="addFaultRule")
def add_rule(body: RuleInput) -> tuple[Response, int, dict[str, str]]:
    """Add a fault rule; it applies to the next matching request in any worker."""
    (rule,) = _checked(body.model_dump(mode="json", exclude_none=True))
    stored = _add(rule)
    return jsonify(view(stored)), 201, {"Location": f"/_admin/faults/{stored.rule_id}"}


@bp.delete("/faults", responses={200: Removed})
def clear_rules() -> Response:
    """Remove every fault rule (of this tenant)."""
    ctx = context()
    return jsonify(removed=ctx.store.clear_rules(ctx.scope))


@bp.get("/faults/<int:rule_id>", responses={200: RuleView}, operation_id="getFaultRule")
def get_rule(path: RulePath) -> Response:
    """One fault rule and how often it was drawn and applied."""
    stored = _visible(context().store.get_rule(path.rule_id))
    if stored is None:
        return problem(404, "Not Found", f"there is no fault rule {path.rule_id}")
    return jsonify(view(stored))


@bp.delete("/faults/<int:rule_id>", responses={204: None}, operation_id="deleteFaultRule")
def delete_rule(path: RulePath) -> Response:
    """Remove a fault rule."""
    ctx = context()
    if _visible(ctx.store.get_rule(path.rule_id)) is None or not ctx.store.delete_rule(path.rule_id):
        return problem(404, "Not Found", f"there is no fault rule {path.rule_id}")
    return Response(status=204)


@bp.get("/faults/scenarios", responses={200: Page[Scenario]})
def list_scenarios() -> Response:
    """The domain scenarios this simulator can play, with their parameters."""
    items = [{"name": s.name, "summary": s.summary, "parameters": s.parameters} for s in SCENARIOS.values()]
    return jsonify(items=items, total=len(items))


def _scenario(name: str, parameters: type[BaseModel]) -> None:
    """POST /_admin/faults/scenarios/<name>: add the rules of that scenario, played with `parameters`."""

    def play(body: BaseModel) -> tuple[Response, int]:
        views = [view(_add(rule)) for rule in _checked(body.model_dump(mode="json", exclude_none=True), name)]
        return jsonify(scenario=name, rules=views), 201

    play.__annotations__ = {"body": parameters, "return": tuple[Response, int]}
    play.__name__ = play.__qualname__ = "play_" + name.replace("-", "_")
    play.__doc__ = f"Play {name}: {SCENARIOS[name].summary}."
    bp.post(f"/faults/scenarios/{name}", responses={201: Played})(play)


for _name, _parameters in SCENARIO_PARAMETERS.items():
    _scenario(_name, _parameters)
