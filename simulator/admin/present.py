"""Entities as JSON-able values for the control plane."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from simulator.backend.ports import Page


def jsonable(value: Any) -> Any:
    """Dataclasses to dicts, Decimals and datetimes to strings, enums to their values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def page(result: Page[Any], offset: int, limit: int) -> dict[str, Any]:
    """A page with its position and the total count."""
    return {"items": jsonable(result.items), "total": result.total, "offset": offset, "limit": limit}
