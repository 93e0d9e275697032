"""The fault engine: the rules every worker shares (cached until they change) and the choice of one for a request."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from simulator.control.ports import ControlStore
from simulator.control.records import StoredRule
from simulator.faults.facts import Facts
from simulator.faults.rules import Match, Rule, RuleError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Hit:
    """The rule chosen for a request and the number of its draw (which seeds its random parts)."""

    rule_id: int
    rule: Rule
    draw: int


def matches(match: Match, facts: Facts) -> bool:
    """Whether a request has everything a rule's match asks for."""
    checks = (
        match.service is None or match.service.lower() == facts.service.lower(),
        match.operation is None or match.operation.lower() == facts.operation.lower(),
        match.action_code is None or match.action_code.lower() == facts.action_code.lower(),
        match.part_number is None or match.part_number in facts.part_numbers,
        match.organization is None or match.organization.lower() in {o.lower() for o in facts.organizations},
        match.store is None or match.store in facts.stores,
        match.tenant is None or match.tenant == facts.tenant,
    )
    return all(checks)


class FaultEngine:
    """Chooses the first active rule (by id) that matches a request and still has a hit for it."""

    def __init__(self, store: ControlStore) -> None:
        self._store = store
        self._cache: tuple[int, Sequence[tuple[int, Rule]]] = (-1, ())

    def rules(self) -> Sequence[tuple[int, Rule]]:
        """The current rules, re-read only when some worker changed them."""
        version = self._store.rules_version()
        cached_version, cached = self._cache
        if version == cached_version:
            return cached
        rules = [parsed for stored in self._store.rules() if (parsed := _parse(stored)) is not None]
        self._cache = (version, rules)
        return rules

    def choose(self, facts: Facts, now: Callable[[], datetime]) -> Hit | None:
        """The rule applying to this request, its use counted; None for no fault (the clock is read only for a
        rule with a window)."""
        for rule_id, rule in self.rules():
            if not matches(rule.match, facts):
                continue
            if rule.window.start is not None and not rule.window.active(now()):
                continue
            draw = self._store.draw(rule_id, rule.mode.hits)
            if draw is not None:
                return Hit(rule_id, rule, draw)
        return None


def _parse(stored: StoredRule) -> tuple[int, Rule] | None:
    try:
        return stored.rule_id, Rule.from_json(stored.spec)
    except (RuleError, ValueError):
        log.warning("ignoring unreadable fault rule %s", stored.rule_id)
        return None
