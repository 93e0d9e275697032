"""Lifecycles as data: transition tables for order lines and quotes, and how each step progresses in time.

Order lines move received C -> released R -> shipped S -> deposited D, or to backordered B or cancelled X.
The header letter is derived from its lines: the least advanced live line (B < C < R < S < D), X when every
line is cancelled. A partially shipped order (some lines S, some R) therefore keeps the header R: Commerce's
header S means "shipped", and the lines carry the partial state with their own letters and TimeShipped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from simulator.domain import status
from simulator.domain.errors import Conflict, InvalidRequest
from simulator.domain.model import Order, OrderLine, Quote


class TransitionNotAllowed(Conflict):
    """The order, line or quote is in a state the transition does not start from."""

    reason_code = "TransitionNotAllowed"


class Progression(StrEnum):
    """How a step happens: as soon as its source state is entered, only by an admin call, or after a delay."""

    IMMEDIATE = "immediate"
    MANUAL = "manual"
    AFTER = "after"


@dataclass(frozen=True, slots=True)
class Timing:
    """The progression of one step, with its delay in seconds of clock time for AFTER."""

    progression: Progression
    seconds: int = 0

    @classmethod
    def parse(cls, spec: object) -> Timing:
        """"immediate", "manual", a number of seconds (int or digits) or "after:N"."""
        if isinstance(spec, bool):
            raise InvalidRequest(f"a progression must be immediate, manual or seconds, not {spec!r}")
        if isinstance(spec, int):
            return cls._after(spec)
        text = str(spec).strip().lower()
        if text in (Progression.IMMEDIATE, Progression.MANUAL):
            return cls(Progression(text))
        digits = text.removeprefix("after:").removesuffix("s")
        if digits.isdigit():
            return cls._after(int(digits))
        raise InvalidRequest(f"a progression must be immediate, manual or seconds, not {spec!r}")

    @classmethod
    def _after(cls, seconds: int) -> Timing:
        if seconds < 0:
            raise InvalidRequest(f"a delay cannot be negative ({seconds} s)")
        return cls(Progression.AFTER, seconds)

    def due(self, since: datetime) -> datetime | None:
        """When a step entered at `since` falls due (None: only by hand)."""
        if self.progression is Progression.MANUAL:
            return None
        return since + timedelta(seconds=self.seconds if self.progression is Progression.AFTER else 0)

    def spec(self) -> str | int:
        """The setting's value as written in TOML or JSON."""
        return self.seconds if self.progression is Progression.AFTER else self.progression.value


@dataclass(frozen=True, slots=True)
class Transition:
    """A named step from any of `sources` to `target`."""

    name: str
    sources: frozenset[str]
    target: str


def _t(name: str, sources: str, target: str) -> Transition:
    return Transition(name, frozenset(sources), target)


C, R, S, D, B, X = (
    status.ORDER_RECEIVED, status.ORDER_RELEASED, status.ORDER_SHIPPED,
    status.ORDER_DEPOSITED, status.ORDER_BACKORDERED, status.ORDER_CANCELLED,
)  # fmt: skip

ORDER_LINE_TRANSITIONS: Final[Mapping[str, Transition]] = {
    "release": _t("release", C + B, R),
    "ship": _t("ship", C + R + B, S),
    "deposit": _t("deposit", S, D),
    "backorder": _t("backorder", C + R, B),
    "cancel": _t("cancel", C + R + B, X),
}
AUTOMATIC_ORDER_STEPS: Final = ("release", "ship", "deposit")
"""The steps a timing drives; the others (backorder, cancel) are admin calls only."""

QUOTE_TRANSITIONS: Final[Mapping[str, Transition]] = {
    "approve": _t("approve", status.QUOTE_SUBMITTED, status.QUOTE_APPROVED),
    "reject": _t("reject", status.QUOTE_SUBMITTED, status.QUOTE_REJECTED),
    "expire": _t("expire", status.QUOTE_SUBMITTED + status.QUOTE_APPROVED, status.QUOTE_EXPIRED),
}
_RANK: Final = {B: 0, C: 1, R: 2, S: 3, D: 4}


@dataclass(frozen=True, slots=True)
class LifecycleSettings:
    """Timings of the automatic steps and the other lifecycle knobs. Defaults are a plausible OMS day:

    release 60 s after the order is received, ship 1 h after release, deposit 1 day after shipment; quotes
    wait for a decision by hand and expire at their expiration date; reservations lapse after 30 minutes;
    an inventory push when a part's available quantity crosses 10; transfers answered synchronously.
    """

    release: Timing = field(default_factory=lambda: Timing(Progression.AFTER, 60))
    ship: Timing = field(default_factory=lambda: Timing(Progression.AFTER, 3600))
    deposit: Timing = field(default_factory=lambda: Timing(Progression.AFTER, 86400))
    quote_approval: Timing = field(default_factory=lambda: Timing(Progression.MANUAL))
    reservation_ttl: int = 1800
    inventory_threshold: int = 10
    async_transfer: bool = False

    def timing(self, step: str) -> Timing:
        """The timing of an automatic order step."""
        found: Timing = getattr(self, step)
        return found

    def to_dict(self) -> dict[str, Any]:
        """JSON form (timings as "immediate", "manual" or seconds)."""
        return {
            "release": self.release.spec(),
            "ship": self.ship.spec(),
            "deposit": self.deposit.spec(),
            "quote_approval": self.quote_approval.spec(),
            "reservation_ttl": self.reservation_ttl,
            "inventory_threshold": self.inventory_threshold,
            "async_transfer": self.async_transfer,
        }

    def merged(self, changes: Mapping[str, Any]) -> LifecycleSettings:
        """These settings with some values changed (the JSON form); unknown names are refused."""
        unknown = set(changes) - set(self.to_dict())
        if unknown:
            raise InvalidRequest(f"unknown lifecycle settings: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        for name, value in changes.items():
            if name in ("release", "ship", "deposit", "quote_approval"):
                values[name] = Timing.parse(value)
            elif name == "async_transfer":
                values[name] = _flag(name, value)
            else:
                values[name] = _count(name, value)
        return replace(self, **values)


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1", "yes", "on"):
        return True
    if str(value).lower() in ("false", "0", "no", "off"):
        return False
    raise InvalidRequest(f"{name} must be true or false, not {value!r}")


def _count(name: str, value: object) -> int:
    if isinstance(value, bool) or not str(value).isdigit():
        raise InvalidRequest(f"{name} must be a whole number of 0 or more, not {value!r}")
    return int(str(value))


def header_status(lines: Iterable[OrderLine]) -> str:
    """The order letter its lines imply: the least advanced live line, X when all are cancelled."""
    live = [line.status for line in lines if line.status != X]
    if not live:
        return X
    return min(live, key=lambda letter: _RANK.get(letter, 1))


def apply_to_order(
    order: Order, name: str, at: datetime, line_ids: Collection[str] | None = None, ship_date: datetime | None = None
) -> tuple[Order, tuple[OrderLine, ...]]:
    """Apply a transition to the named lines (all that can take it when None); returns the order and the
    lines that changed. Raises TransitionNotAllowed when a named line cannot take it or nothing can."""
    transition = ORDER_LINE_TRANSITIONS.get(name)
    if transition is None:
        raise InvalidRequest(f"unknown order transition {name!r}")
    known = {line.line_id for line in order.lines} | {line.commerce_item_id for line in order.lines}
    missing = set(line_ids or ()) - known
    if missing:
        raise InvalidRequest(f"order {order.external_order_id} has no lines {', '.join(sorted(missing))}")
    changed: list[OrderLine] = []
    lines: list[OrderLine] = []
    for line in order.lines:
        named = line_ids is None or line.line_id in line_ids or line.commerce_item_id in line_ids
        if named and line.status in transition.sources:
            line = _moved(line, transition.target, ship_date or at)
            changed.append(line)
        elif named and line_ids is not None:
            raise TransitionNotAllowed(f"line {line.line_id} is {line.status}: it cannot {name}")
        lines.append(line)
    if not changed:
        raise TransitionNotAllowed(f"order {order.external_order_id} has no line that can {name}")
    updated = replace(order, lines=tuple(lines), status=header_status(lines), last_update=at)
    return updated, tuple(changed)


def _moved(line: OrderLine, target: str, at: datetime) -> OrderLine:
    if target == S:
        return replace(line, status=target, ship_date=at)
    return replace(line, status=target)


def next_order_step(order: Order, settings: LifecycleSettings) -> tuple[str, datetime | None] | None:
    """The automatic step the order waits for and when it falls due (None: none applies)."""
    present = {line.status for line in order.lines}
    candidates: list[tuple[str, datetime | None]] = []
    for step in AUTOMATIC_ORDER_STEPS:
        if step == "release" and C not in present:
            continue
        if step == "ship" and R not in present:
            continue
        if step == "deposit" and S not in present:
            continue
        candidates.append((step, settings.timing(step).due(order.last_update)))
    if not candidates:
        return None
    timed = [c for c in candidates if c[1] is not None]
    if not timed:
        return candidates[0]
    return min(timed, key=lambda c: c[1] or order.last_update)


def automatic_step_lines(order: Order, step: str) -> tuple[str, ...]:
    """The lines an automatic step moves: those in its main source state (release does not take B lines)."""
    source = {"release": C, "ship": R, "deposit": S}[step]
    return tuple(line.line_id for line in order.lines if line.status == source)


def apply_to_quote(quote: Quote, name: str, at: datetime) -> Quote:
    """Move a quote (header and lines) through a transition, or raise TransitionNotAllowed."""
    transition = QUOTE_TRANSITIONS.get(name)
    if transition is None:
        raise InvalidRequest(f"unknown quote transition {name!r}")
    if quote.status not in transition.sources:
        raise TransitionNotAllowed(f"quote {quote.external_quote_id} is {quote.status}: it cannot {name}")
    lines = tuple(replace(line, status=transition.target) for line in quote.lines)
    return replace(quote, status=transition.target, lines=lines, last_update=at)


def quote_due(quote: Quote, settings: LifecycleSettings) -> tuple[str, datetime] | None:
    """The next automatic quote step and when: approval (when timed) or expiry at the expiration date."""
    if quote.status not in QUOTE_TRANSITIONS["expire"].sources:
        return None
    approval = settings.quote_approval.due(quote.last_update) if quote.status == status.QUOTE_SUBMITTED else None
    if approval is not None and approval < quote.expiration:
        return "approve", approval
    return "expire", quote.expiration
