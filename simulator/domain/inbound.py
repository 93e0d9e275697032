"""What the back office keeps of Commerce's answers on its OMS port: an order's pricing (preprocessing) and its
payment (approved, deposited, reversed, or held after a decline). Pure data with a JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class PricingStatus(StrEnum):
    """Pending (a PreprocessSalesOrder is on its way), priced (Commerce answered), flagged (the last try failed)."""

    PENDING = "pending"
    PRICED = "priced"
    FLAGGED = "flagged"


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A charge Commerce answered: order level when `line_id` is None."""

    code: str
    amount: Decimal
    description: str | None = None
    line_id: str | None = None


@dataclass(frozen=True, slots=True)
class Pricing:
    """The preprocessing state of one order."""

    status: PricingStatus
    requested: datetime
    attempts: int = 0
    error: str | None = None
    priced: datetime | None = None
    total: Decimal | None = None
    adjustments: tuple[Adjustment, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "status": self.status.value, "requested": self.requested.isoformat(), "attempts": self.attempts,
            "error": self.error, "priced": None if self.priced is None else self.priced.isoformat(),
            "total": None if self.total is None else str(self.total),
            "adjustments": [
                {"code": a.code, "amount": str(a.amount), "description": a.description, "line_id": a.line_id}
                for a in self.adjustments
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Pricing:
        """Read the JSON form."""
        return cls(
            status=PricingStatus(data["status"]), requested=datetime.fromisoformat(data["requested"]),
            attempts=int(data.get("attempts", 0)), error=data.get("error"),
            priced=None if data.get("priced") is None else datetime.fromisoformat(data["priced"]),
            total=None if data.get("total") is None else Decimal(data["total"]),
            adjustments=tuple(
                Adjustment(a["code"], Decimal(a["amount"]), a.get("description"), a.get("line_id"))
                for a in data.get("adjustments", ())
            ),
        )


def pricing_failed(pricing: Pricing, error: str) -> Pricing:
    """Flagged: the last PreprocessSalesOrder failed (the outbox retries it)."""
    return replace(pricing, status=PricingStatus.FLAGGED, attempts=pricing.attempts + 1, error=error)


class PaymentStatus(StrEnum):
    """Where an order's payment is: nothing yet, approved, deposited, reversed/credited, or on hold (declined)."""

    NONE = "none"
    PENDING = "pending"
    APPROVED = "approved"
    DEPOSITED = "deposited"
    REVERSED = "reversed"
    HOLD = "hold"


@dataclass(frozen=True, slots=True)
class PaymentStep:
    """One ProcessPaymentAction and, once answered, Commerce's verdict."""

    action: str
    amount: Decimal
    reference: str
    requested: datetime
    status: str | None = None
    response_code: str | None = None
    message: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "action": self.action, "amount": str(self.amount), "reference": self.reference,
            "requested": self.requested.isoformat(), "status": self.status, "response_code": self.response_code,
            "message": self.message,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PaymentStep:
        """Read the JSON form."""
        return cls(
            data["action"], Decimal(data["amount"]), data["reference"], datetime.fromisoformat(data["requested"]),
            data.get("status"), data.get("response_code"), data.get("message"),
        )


APPROVE = "approve"
DEPOSIT = "deposit"
APPROVE_AND_DEPOSIT = "approveAndDeposit"
REVERSE_APPROVED = "reverseApprovedPayment"
CREDIT = "credit"


@dataclass(frozen=True, slots=True)
class Payment:
    """An order's payment: every step sent, the amounts Commerce confirmed, and the hold after a decline."""

    steps: tuple[PaymentStep, ...] = ()
    approved: Decimal = Decimal(0)
    deposited: Decimal = Decimal(0)
    reversed: Decimal = Decimal(0)
    hold: str | None = None
    held: tuple[str, ...] = field(default=())
    """References of the declined steps a retry sends again."""

    @property
    def status(self) -> PaymentStatus:
        """The state the admin API shows."""
        if self.hold is not None:
            return PaymentStatus.HOLD
        if any(step.status is None for step in self.steps):
            return PaymentStatus.PENDING
        if self.approved > 0 and self.reversed >= self.approved:
            return PaymentStatus.REVERSED
        if self.deposited > 0:
            return PaymentStatus.DEPOSITED
        return PaymentStatus.APPROVED if self.approved > 0 else PaymentStatus.NONE

    def requested(self, action: str, amount: Decimal, reference: str, at: datetime) -> Payment:
        """A step sent."""
        return replace(self, steps=(*self.steps, PaymentStep(action, amount, reference, at)))

    def answered(self, reference: str, success: bool, code: str | None, message: str | None) -> Payment:
        """Commerce's answer to a step: amounts on success, a hold on a decline. Idempotent per reference."""
        steps = tuple(
            replace(s, status="Success" if success else "Failed", response_code=code, message=message)
            if s.reference == reference else s
            for s in self.steps
        )
        step = next((s for s in self.steps if s.reference == reference), None)
        if step is None or step.status is not None:
            return replace(self, steps=steps)
        if not success:
            reason = f"{step.action} declined" + (f": {message}" if message else "")
            return replace(self, steps=steps, hold=reason, held=(*self.held, reference))
        moved = replace(self, steps=steps)
        if step.action == APPROVE:
            return replace(moved, approved=self.approved + step.amount)
        if step.action == DEPOSIT:
            return replace(moved, deposited=self.deposited + step.amount)
        if step.action == APPROVE_AND_DEPOSIT:
            return replace(moved, approved=self.approved + step.amount, deposited=self.deposited + step.amount)
        return replace(moved, reversed=self.reversed + step.amount)

    def released(self) -> tuple[Payment, tuple[PaymentStep, ...]]:
        """Lift the hold; returns the declined steps to send again."""
        again = tuple(s for s in self.steps if s.reference in self.held)
        return replace(self, hold=None, held=()), again

    def to_json(self) -> dict[str, Any]:
        """JSON form (with the derived status)."""
        return {
            "status": self.status.value, "approved": str(self.approved), "deposited": str(self.deposited),
            "reversed": str(self.reversed), "hold": self.hold, "held": list(self.held),
            "steps": [s.to_json() for s in self.steps],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Payment:
        """Read the JSON form."""
        return cls(
            steps=tuple(PaymentStep.from_json(s) for s in data.get("steps", ())),
            approved=Decimal(data.get("approved", "0")), deposited=Decimal(data.get("deposited", "0")),
            reversed=Decimal(data.get("reversed", "0")), hold=data.get("hold"), held=tuple(data.get("held", ())),
        )
