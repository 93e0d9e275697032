"""What is wrong with an input file, precisely: file, line, column and value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One error or warning about one cell (or a whole line when column is empty)."""

    file: str
    line: int
    column: str
    value: str
    message: str
    error: bool = True

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        cell = f" column {self.column}" if self.column else ""
        value = f" value {self.value!r}" if self.value else ""
        kind = "error" if self.error else "warning"
        return f"{where}:{cell}{value}: {kind}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The problem as JSON."""
        return {"file": self.file, "line": self.line, "column": self.column, "value": self.value,
                "message": self.message, "severity": "error" if self.error else "warning"}  # fmt: skip


class ImportRejected(Exception):
    """The files hold errors; nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.error]
        super().__init__(f"{len(errors)} error(s), nothing imported; first: {errors[0] if errors else '-'}")
