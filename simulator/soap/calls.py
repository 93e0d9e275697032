"""What every SOAP operation handler shares: the incoming call, the handler type and the business-error wrapper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from lxml import etree

from simulator.bod.envelope import SoapVersion
from simulator.bod.messages import ApplicationArea, BusinessError
from simulator.domain.errors import BackOfficeError

DEFAULT_PAGE = 50
T = TypeVar("T")


@dataclass(slots=True)
class Call:
    """One incoming BOD: the parsed root and the SOAP version to answer in."""

    bod: etree._Element
    version: SoapVersion
    area: ApplicationArea | None = None  # its ApplicationArea, when a front layer already read it
    expression: str | None = None  # its Get expression, when dispatch already read it


Handler = Callable[[Call], bytes]
"""Answers one BOD with the serialized response BOD (no XML declaration, no envelope)."""


def business_error(exc: BackOfficeError) -> BusinessError:
    """A business error as ResponseCriteria/ChangeStatus carries it."""
    return BusinessError(reason_code=exc.reason_code, reason=exc.message)


def attempt(action: Callable[[], T]) -> tuple[T | None, tuple[BusinessError, ...]]:
    """Run a use case; a business error becomes ResponseCriteria instead of a result."""
    try:
        return action(), ()
    except BackOfficeError as exc:
        return None, (business_error(exc),)
