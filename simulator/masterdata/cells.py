"""Cell values checked and converted, each failure a Problem naming file, line, column and value."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from simulator.masterdata.problems import Problem

MAX_DIGITS = 12
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Cells:
    """One row of one file: read cells, record problems."""

    def __init__(self, file: str, line: int, row: dict[str, str], problems: list[Problem]) -> None:
        self.file, self.line, self.row, self.problems = file, line, row, problems
        self.ok = True

    def get(self, column: str) -> str:
        """The cell's text ('' when absent)."""
        return self.row.get(column, "")

    def fail(self, column: str, message: str, value: str | None = None) -> None:
        """Record an error about this cell."""
        self.ok = False
        self.problems.append(Problem(self.file, self.line, column, self.get(column) if value is None else value,
                                     message))  # fmt: skip

    def warn(self, column: str, message: str) -> None:
        """Record a warning about this cell."""
        self.problems.append(Problem(self.file, self.line, column, self.get(column), message, error=False))

    def required(self, column: str) -> str:
        """A cell that must not be empty."""
        value = self.get(column)
        if not value:
            self.fail(column, "a value is required")
        return value

    def money(self, column: str, required: bool = False) -> Decimal | None:
        """A non-negative decimal amount."""
        text = self.required(column) if required else self.get(column)
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.fail(column, "not a number")
            return None
        if not value.is_finite() or value < 0:
            self.fail(column, "must be a number of zero or more")
            return None
        if value.adjusted() >= MAX_DIGITS or value.as_tuple().exponent < -MAX_DIGITS:  # type: ignore[operator]
            self.fail(column, f"must be below 10^{MAX_DIGITS} with at most {MAX_DIGITS} decimals")
            return None
        return value

    def quantity(self, column: str, required: bool = False, default: int | None = None) -> int | None:
        """A whole quantity of zero or more (written as an integer or as a decimal with no fraction)."""
        value = self.money(column, required)
        if value is None:
            return default
        if value != value.to_integral_value():
            self.fail(column, "must be a whole quantity")
            return None
        return int(value)

    def moment(self, column: str) -> datetime | None:
        """An ISO 8601 date or date-time (UTC when no offset is given)."""
        text = self.required(column)
        if not text:
            return None
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.fail(column, "not an ISO 8601 date or date-time")
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def email(self, column: str) -> str:
        """An e-mail address (checked as the Data Load's validateEmailAddress does, roughly)."""
        value = self.get(column)
        if value and not EMAIL.fullmatch(value):
            self.fail(column, "not an e-mail address")
        return value

    def no_delete(self) -> None:
        """Deletion rows (Delete=1) are refused: the simulator only adds and changes."""
        if self.get("Delete") not in ("", "0"):
            self.fail("Delete", "deleting through an import is not supported")
