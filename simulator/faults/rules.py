"""Fault rules as data: what a rule matches, the effect it has and how often (permanent, once, times, probability).

RuleError (a ValueError) names the first thing wrong with a rule's JSON; the admin API answers it with a 400.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Final

EFFECTS: Final = (
    "delay", "http_status", "soap_fault", "business_error", "connection_reset", "empty_response",
    "malformed_body", "truncated_body", "dribble", "read_timeout", "change_price", "limit_availability",
)  # fmt: skip
MODES: Final = ("permanent", "once", "times", "probability")
DISTRIBUTIONS: Final = ("fixed", "uniform", "lognormal")
MATCH_FIELDS: Final = ("service", "operation", "action_code", "part_number", "organization", "store", "tenant")
COMMERCE_READ_TIMEOUT_SECONDS: Final = 30.0
MAX_DELAY_MS: Final = 600_000.0


class RuleError(ValueError):
    """A fault rule that cannot be used."""


@dataclass(frozen=True, slots=True)
class Match:
    """What a request must have for the rule to apply; None matches anything."""

    service: str | None = None
    operation: str | None = None
    action_code: str | None = None
    part_number: str | None = None
    organization: str | None = None
    store: str | None = None
    tenant: str | None = None


@dataclass(frozen=True, slots=True)
class Effect:
    """What happens to a matching request; only the fields of its type are used."""

    type: str
    distribution: str = "fixed"
    ms: float = 0.0
    min_ms: float = 0.0
    max_ms: float = 0.0
    median_ms: float = 0.0
    sigma: float = 0.5
    status: int = 500
    code: str = "Server"
    message: str = "fault injected by backoffice-sim"
    reason_code: str = "BackOfficeUnavailable"
    retry_after: int | None = None
    after_processing: bool = False
    fraction: float = 0.5
    duration_ms: float = 5000.0
    chunks: int = 10
    seconds: float = 31.0
    factor: str = "1.10"
    available: int = 0

    @property
    def processes(self) -> bool:
        """Whether the back office handles (and commits) the request before the effect applies."""
        if self.type in ("malformed_body", "truncated_body", "dribble", "delay", "read_timeout"):
            return True
        if self.type in ("change_price", "limit_availability"):
            return True
        return self.type in ("connection_reset", "empty_response") and self.after_processing

    def delay_seconds(self, rng: random.Random) -> float:
        """The pause of a delay effect, drawn from its distribution."""
        if self.type == "read_timeout":
            return self.seconds
        if self.distribution == "uniform":
            ms = rng.uniform(self.min_ms, self.max_ms)
        elif self.distribution == "lognormal":
            ms = rng.lognormvariate(math.log(self.median_ms), self.sigma)
        else:
            ms = self.ms
        return min(ms, MAX_DELAY_MS) / 1000.0


@dataclass(frozen=True, slots=True)
class Mode:
    """How often a matching request is hit: always, once, the next `count`, or with a seeded probability."""

    type: str = "permanent"
    count: int = 1
    probability: float = 1.0
    seed: int = 0

    @property
    def uses(self) -> int | None:
        """How many hits the rule has (None: unlimited)."""
        if self.type == "once":
            return 1
        if self.type == "times":
            return self.count
        return None

    def hits(self, draw: int) -> bool:
        """Whether draw number `draw` (0, 1, 2, ... across every worker) is hit; same seed, same sequence."""
        if self.type != "probability":
            return True
        return rng_for(self.seed, draw).random() < self.probability


@dataclass(frozen=True, slots=True)
class Window:
    """When, in the simulator's clock time, a rule is active: from `start` for `seconds` (None: always)."""

    start: str | None = None
    seconds: float | None = None

    def active(self, now: datetime) -> bool:
        """Whether the rule applies at `now`."""
        if self.start is None:
            return True
        begin = datetime.fromisoformat(self.start)
        end = begin + timedelta(seconds=self.seconds or 0)
        return begin <= now < end


@dataclass(frozen=True, slots=True)
class Rule:
    """One fault rule."""

    match: Match
    effect: Effect
    mode: Mode = field(default_factory=Mode)
    window: Window = field(default_factory=Window)
    name: str | None = None
    scenario: str | None = None

    def to_json(self) -> str:
        """The stored form."""
        return json.dumps(rule_document(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Rule:
        """The inverse of to_json."""
        return parse_rule(json.loads(text))


def rule_document(rule: Rule) -> dict[str, Any]:
    """The JSON form of a rule: only the fields that mean something for its effect and mode."""
    effect = asdict(rule.effect)
    fields = _EFFECT_FIELDS[rule.effect.type]
    mode: dict[str, Any] = {"type": rule.mode.type}
    if rule.mode.type == "times":
        mode["count"] = rule.mode.count
    if rule.mode.type == "probability":
        mode.update(probability=rule.mode.probability, seed=rule.mode.seed)
    document: dict[str, Any] = {
        "match": {name: value for name, value in asdict(rule.match).items() if value is not None},
        "effect": {"type": rule.effect.type, **{n: effect[n] for n in fields if effect[n] is not None}},
        "mode": mode,
    }
    if rule.window.start is not None:
        document["window"] = asdict(rule.window)
    for name in ("name", "scenario"):
        if getattr(rule, name) is not None:
            document[name] = getattr(rule, name)
    return document


def rng_for(seed: int, draw: int, purpose: str = "hit") -> random.Random:
    """The generator of one draw of a rule: a function of the seed and the draw number only."""
    return random.Random(f"{seed}:{draw}:{purpose}")


def parse_rule(data: Any, tenant: str | None = None) -> Rule:
    """A rule from its JSON form, checked; `tenant` (the requesting tenant) overrides match.tenant."""
    body = _object(data, "the rule")
    _only(body, ("match", "effect", "mode", "window", "name", "scenario"), "the rule")
    match = _match(body.get("match", {}), tenant)
    effect = _effect(body.get("effect"))
    mode = _mode(body.get("mode", {"type": "permanent"}))
    window = _window(body.get("window", {}))
    return Rule(match, effect, mode, window, _text(body, "name"), _text(body, "scenario"))


def _match(data: Any, tenant: str | None) -> Match:
    body = _object(data, "match")
    _only(body, MATCH_FIELDS, "match")
    values = {name: _text(body, name) for name in MATCH_FIELDS}
    if tenant is not None:
        values["tenant"] = tenant
    return Match(**values)


def _effect(data: Any) -> Effect:
    body = _object(data, "effect")
    kind = body.get("type")
    if kind not in EFFECTS:
        raise RuleError(f"effect.type must be one of {', '.join(EFFECTS)}, not {kind!r}")
    _only(body, ("type", *(_EFFECT_FIELDS[kind])), f"a {kind} effect")
    values: dict[str, Any] = {"type": kind}
    for name in _EFFECT_FIELDS[kind]:
        if name in body:
            values[name] = _CHECKS[name](body[name], name)
    effect = Effect(**values)
    _check_effect(effect, body)
    return effect


def _check_effect(effect: Effect, body: dict[str, Any]) -> None:
    if effect.type == "delay":
        needs = {"fixed": ("ms",), "uniform": ("min_ms", "max_ms"), "lognormal": ("median_ms",)}[effect.distribution]
        missing = [name for name in needs if name not in body]
        if missing:
            raise RuleError(f"a {effect.distribution} delay needs {' and '.join(missing)}")
        if effect.distribution == "uniform" and effect.min_ms > effect.max_ms:
            raise RuleError("min_ms must not be over max_ms")
        if effect.distribution == "lognormal" and effect.median_ms <= 0:
            raise RuleError("median_ms must be positive")
    if effect.type == "read_timeout" and effect.seconds <= COMMERCE_READ_TIMEOUT_SECONDS:
        raise RuleError(f"a read_timeout lasts longer than Commerce's {COMMERCE_READ_TIMEOUT_SECONDS:.0f} s")
    if effect.type == "http_status" and "status" not in body:
        raise RuleError("an http_status effect needs status")


def _mode(data: Any) -> Mode:
    body = _object(data, "mode")
    kind = body.get("type", "permanent")
    if kind not in MODES:
        raise RuleError(f"mode.type must be one of {', '.join(MODES)}, not {kind!r}")
    _only(body, ("type", "count", "probability", "seed"), "mode")
    count = _whole(body.get("count", 1), "count", 1, 1_000_000)
    probability = _fraction(body.get("probability", 1.0), "probability")
    if kind == "probability" and "probability" not in body:
        raise RuleError("a probability mode needs probability")
    if kind == "times" and "count" not in body:
        raise RuleError("a times mode needs count")
    return Mode(kind, count, probability, _whole(body.get("seed", 0), "seed", 0, 2**63 - 1))


def _window(data: Any) -> Window:
    body = _object(data, "window")
    _only(body, ("start", "seconds"), "window")
    start = _text(body, "start")
    if start is None:
        if "seconds" in body:
            raise RuleError("a window with seconds needs a start")
        return Window()
    try:
        parsed = datetime.fromisoformat(start.replace("Z", "+00:00"))
    except ValueError:
        raise RuleError(f"window.start must be an ISO 8601 date-time, not {start!r}") from None
    if parsed.tzinfo is None:
        raise RuleError("window.start needs a UTC offset")
    return Window(parsed.isoformat(), _number(body.get("seconds", 0), "seconds", 0, 31 * 86400))


def _object(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RuleError(f"{what} must be a JSON object")
    return data


def _only(body: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise RuleError(f"{what} has unknown fields: {', '.join(unknown)}")


def _text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and (not isinstance(value, str) or not value or len(value) > 500):
        raise RuleError(f"{name} must be a non-empty string of at most 500 characters")
    return value


def _number(value: Any, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RuleError(f"{name} must be a number")
    if not low <= value <= high:
        raise RuleError(f"{name} must be between {low:g} and {high:g}, not {value}")
    return float(value)


def _whole(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError(f"{name} must be a whole number")
    if not low <= value <= high:
        raise RuleError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _fraction(value: Any, name: str) -> float:
    return _number(value, name, 0.0, 1.0)


def _factor(value: Any, name: str) -> str:
    try:
        factor = Decimal(str(value))
    except InvalidOperation:
        raise RuleError(f"{name} must be a decimal number") from None
    if isinstance(value, bool) or not factor.is_finite() or not Decimal("0.01") <= factor <= Decimal(100):
        raise RuleError(f"{name} must be a decimal number between 0.01 and 100")
    return str(factor)


def _choice(options: tuple[str, ...]) -> Any:
    def check(value: Any, name: str) -> str:
        if value not in options:
            raise RuleError(f"{name} must be one of {', '.join(options)}")
        return str(value)

    return check


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise RuleError(f"{name} must be true or false")
    return value


def _code(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 200 or not value.isprintable():
        raise RuleError(f"{name} must be a printable string of 1 to 200 characters")
    return value


_CHECKS: Final[dict[str, Any]] = {
    "distribution": _choice(DISTRIBUTIONS),
    "ms": lambda v, n: _number(v, n, 0, MAX_DELAY_MS),
    "min_ms": lambda v, n: _number(v, n, 0, MAX_DELAY_MS),
    "max_ms": lambda v, n: _number(v, n, 0, MAX_DELAY_MS),
    "median_ms": lambda v, n: _number(v, n, 0, MAX_DELAY_MS),
    "sigma": lambda v, n: _number(v, n, 0, 5),
    "status": lambda v, n: _whole(v, n, 200, 599),
    "code": _code,
    "message": _code,
    "reason_code": _code,
    "retry_after": lambda v, n: _whole(v, n, 0, 86400),
    "after_processing": _flag,
    "fraction": _fraction,
    "duration_ms": lambda v, n: _number(v, n, 0, MAX_DELAY_MS),
    "chunks": lambda v, n: _whole(v, n, 1, 1000),
    "seconds": lambda v, n: _number(v, n, 0, 600),
    "factor": _factor,
    "available": lambda v, n: _whole(v, n, 0, 1_000_000),
}
_EFFECT_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "delay": ("distribution", "ms", "min_ms", "max_ms", "median_ms", "sigma"),
    "http_status": ("status", "message", "retry_after"),
    "soap_fault": ("code", "message", "status", "retry_after"),
    "business_error": ("reason_code", "message"),
    "connection_reset": ("after_processing",),
    "empty_response": ("after_processing",),
    "malformed_body": (),
    "truncated_body": ("fraction",),
    "dribble": ("duration_ms", "chunks"),
    "read_timeout": ("seconds",),
    "change_price": ("factor",),
    "limit_availability": ("available",),
}
