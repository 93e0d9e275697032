"""A request a front layer already parsed, handed to the gateway so nothing is parsed or identified twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.bod.application_area import parse_application_area
from simulator.bod.dispatch import OperationKey
from simulator.bod.envelope import PARSED_ENVIRON_KEY, Unwrapped
from simulator.bod.errors import BodError
from simulator.bod.messages import ApplicationArea


@dataclass(slots=True)
class Parsed:
    """The request bytes, the envelope and BOD found in them, the operation named and the ApplicationArea."""

    body: bytes
    unwrapped: Unwrapped
    key: OperationKey | None
    area: ApplicationArea | None


def area_or_none(unwrapped: Unwrapped) -> ApplicationArea | None:
    """The BOD's ApplicationArea, or None when it has none the codec can read (the handler then reports why)."""
    try:
        return parse_application_area(unwrapped.bod)
    except BodError:
        return None


def leave_parsed(environ: dict[str, Any], parsed: Parsed) -> None:
    """Put a parsed request into the WSGI environ for the app behind."""
    environ[PARSED_ENVIRON_KEY] = parsed


def take_parsed(environ: dict[str, Any]) -> Parsed | None:
    """The parsed request a front layer left in the environ, if any."""
    found = environ.get(PARSED_ENVIRON_KEY)
    return found if isinstance(found, Parsed) else None
