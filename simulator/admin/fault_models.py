"""The fault rule's JSON form as pydantic models: what the admin API declares and checks before the rule parser."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictStr,
    Tag,
    model_validator,
)

from simulator.admin.api import Body, Instant, Maybe, NoNulls, OptionalBody, Whole
from simulator.faults.rules import COMMERCE_READ_TIMEOUT_SECONDS, MAX_DELAY_MS

Number = StrictFloat  # an int is a number too; a bool or a string is not
Ms = Annotated[Number, Field(ge=0, le=MAX_DELAY_MS)]
Label = Annotated[StrictStr, Field(min_length=1, max_length=500)]
# Printable ASCII: what goes into a SOAP fault or a business error must be a valid XML text anywhere.
Code = Annotated[StrictStr, Field(pattern=r"^[ -~]{1,200}$")]
FACTOR = r"^(100(\.0+)?|[1-9][0-9]?(\.[0-9]+)?|0\.(0[1-9]|[1-9])[0-9]*)$"  # a decimal from 0.01 to 100


class _Strict(NoNulls):
    model_config = ConfigDict(extra="forbid")


class Match(_Strict):
    """What a request must have for the rule to apply; a field left out matches anything."""

    service: Label | Maybe = None
    operation: Label | Maybe = None
    action_code: Label | Maybe = None
    part_number: Label | Maybe = None
    organization: Label | Maybe = None
    store: Label | Maybe = None
    tenant: Label | Maybe = None


class FixedDelay(_Strict):
    """Answer after `ms` milliseconds."""

    type: Literal["delay"]
    distribution: Literal["fixed"] = "fixed"
    ms: Ms


class UniformDelay(_Strict):
    """Answer after a delay drawn uniformly between `min_ms` and `max_ms` (bounds given the wrong way round swap)."""

    type: Literal["delay"]
    distribution: Literal["uniform"]
    min_ms: Ms
    max_ms: Ms

    @model_validator(mode="after")
    def _in_order(self) -> UniformDelay:
        if self.min_ms > self.max_ms:
            self.min_ms, self.max_ms = self.max_ms, self.min_ms
        return self


class LognormalDelay(_Strict):
    """Answer after a delay drawn from a log-normal distribution around `median_ms`."""

    type: Literal["delay"]
    distribution: Literal["lognormal"]
    median_ms: Annotated[Number, Field(gt=0, le=MAX_DELAY_MS)]
    sigma: Annotated[Number, Field(ge=0, le=5)] | Maybe = None


class HttpStatus(_Strict):
    """Answer with an HTTP status instead of the SOAP answer."""

    type: Literal["http_status"]
    status: Annotated[Whole, Field(ge=200, le=599)]
    message: Code | Maybe = None
    retry_after: Annotated[Whole, Field(ge=0, le=86400)] | Maybe = None


class SoapFault(_Strict):
    """Answer with a SOAP Fault."""

    type: Literal["soap_fault"]
    code: Code | Maybe = None
    message: Code | Maybe = None
    status: Annotated[Whole, Field(ge=200, le=599)] | Maybe = None
    retry_after: Annotated[Whole, Field(ge=0, le=86400)] | Maybe = None


class BusinessError(_Strict):
    """Answer with the operation's business error."""

    type: Literal["business_error"]
    reason_code: Code | Maybe = None
    message: Code | Maybe = None


class Broken(_Strict):
    """Close the connection, or answer nothing (after processing, or before)."""

    type: Literal["connection_reset", "empty_response"]
    after_processing: StrictBool | Maybe = None


class Malformed(_Strict):
    """Answer a body that is not XML."""

    type: Literal["malformed_body"]


class Truncated(_Strict):
    """Answer only a fraction of the body."""

    type: Literal["truncated_body"]
    fraction: Annotated[Number, Field(ge=0, le=1)] | Maybe = None


class Dribble(_Strict):
    """Answer the body in chunks spread over `duration_ms`."""

    type: Literal["dribble"]
    duration_ms: Ms | Maybe = None
    chunks: Annotated[Whole, Field(ge=1, le=1000)] | Maybe = None


class ReadTimeout(_Strict):
    """Answer only after Commerce has given up."""

    type: Literal["read_timeout"]
    seconds: Annotated[Number, Field(gt=COMMERCE_READ_TIMEOUT_SECONDS, le=600)] | Maybe = None


class ChangePrice(_Strict):
    """Change the part's price by a factor before answering."""

    type: Literal["change_price"]
    factor: Annotated[StrictStr, Field(pattern=FACTOR)] | Maybe = None


class LimitAvailability(_Strict):
    """Lower the part's availability before answering."""

    type: Literal["limit_availability"]
    available: Annotated[Whole, Field(ge=0, le=1_000_000)] | Maybe = None


def _effect_kind(data: Any) -> str | None:
    """The effect's type, a delay's with its distribution: which model checks the rest."""
    if isinstance(data, dict):
        kind = data.get("type")
        if kind == "delay":
            return f"delay:{data.get('distribution', 'fixed')}"
        return kind if isinstance(kind, str) else None
    return None


Effect = Annotated[
    Annotated[FixedDelay, Tag("delay:fixed")] | Annotated[UniformDelay, Tag("delay:uniform")]
    | Annotated[LognormalDelay, Tag("delay:lognormal")] | Annotated[HttpStatus, Tag("http_status")]
    | Annotated[SoapFault, Tag("soap_fault")] | Annotated[BusinessError, Tag("business_error")]
    | Annotated[Broken, Tag("connection_reset")] | Annotated[Broken, Tag("empty_response")]
    | Annotated[Malformed, Tag("malformed_body")] | Annotated[Truncated, Tag("truncated_body")]
    | Annotated[Dribble, Tag("dribble")] | Annotated[ReadTimeout, Tag("read_timeout")]
    | Annotated[ChangePrice, Tag("change_price")] | Annotated[LimitAvailability, Tag("limit_availability")],
    Discriminator(_effect_kind),
]


class Permanent(_Strict):
    """Every matching request."""

    type: Literal["permanent"] = "permanent"


class Once(_Strict):
    """The next matching request."""

    type: Literal["once"]


class Times(_Strict):
    """The next `count` matching requests."""

    type: Literal["times"]
    count: Annotated[Whole, Field(ge=1, le=1_000_000)]


class Probability(_Strict):
    """Each matching request with this probability, drawn from a seeded sequence."""

    type: Literal["probability"]
    probability: Annotated[Number, Field(ge=0, le=1)]
    seed: Annotated[Whole, Field(ge=0, le=2**63 - 1)] | Maybe = None


class Window(_Strict):
    """Active from `start` for `seconds` of the simulator's clock."""

    start: Instant
    seconds: Annotated[Number, Field(ge=0, le=31 * 86400)] | Maybe = None


class RuleInput(_Strict):
    """A fault rule: what it matches, its effect, how often, and when."""

    match: Match | Maybe = None
    effect: Effect
    mode: Permanent | Once | Times | Probability | Maybe = None
    window: Window | Maybe = None
    name: Label | Maybe = None
    scenario: Label | Maybe = None


class RuleView(BaseModel):
    """A rule as the API shows it: its document plus id and counters."""

    id: int
    match: dict[str, Any]
    effect: dict[str, Any]
    mode: dict[str, Any]
    window: dict[str, Any] | None = None
    name: str | None = None
    scenario: str | None = None
    remaining: int | None
    draws: int
    applied: int
    created: str


class ResponseLost(OptionalBody):
    """reservation-response-lost: which reservations lose their answer, and how many."""

    part_number: Label | Maybe = None
    times: Annotated[Whole, Field(ge=1, le=1_000_000)] | Maybe = None


class PriceChanged(OptionalBody):
    """price-changed-at-checkout: which part, by how much, at which operation."""

    part_number: Label | Maybe = None
    factor: Annotated[StrictStr, Field(pattern=FACTOR)] | Maybe = None
    at: Label | Maybe = None


class BatchWindow(Body):
    """batch-window: how long, from when (default: now on the clock)."""

    seconds: Annotated[Number, Field(gt=0, le=86400)]
    start: Instant | Maybe = None


class PartialAvailability(OptionalBody):
    """partial-availability: which part, how many units left, at which operation."""

    part_number: Label | Maybe = None
    available: Annotated[Whole, Field(ge=0, le=1_000_000)] | Maybe = None
    at: Label | Maybe = None


SCENARIO_PARAMETERS: dict[str, type[BaseModel]] = {
    "reservation-response-lost": ResponseLost,
    "price-changed-at-checkout": PriceChanged,
    "batch-window": BatchWindow,
    "partial-availability": PartialAvailability,
}
