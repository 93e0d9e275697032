"""Client exceptions: SOAP Faults, business errors from ResponseCriteria, unusable responses."""

from __future__ import annotations

from typing import Protocol, TypeVar

from simulator.bod.messages import BusinessError, ResponseHeader


class ClientError(Exception):
    """Base of every error the client raises."""


class SoapFault(ClientError):
    """The back office answered with a SOAP Fault (code as `Client.InvalidMessage`, `Server`, ...)."""

    def __init__(self, code: str, message: str, http_status: int, detail: str | None = None) -> None:
        super().__init__(f"SOAP Fault {code} (HTTP {http_status}): {message}")
        self.code = code
        self.message = message
        self.http_status = http_status
        self.detail = detail


class ProtocolError(ClientError):
    """The response is neither a SOAP Fault nor the BOD the operation expects."""

    def __init__(self, message: str, http_status: int) -> None:
        super().__init__(f"{message} (HTTP {http_status})")
        self.http_status = http_status


class BusinessFault(ClientError):
    """The back office refused the request with ResponseCriteria/ChangeStatus (raised on request only)."""

    def __init__(self, errors: tuple[BusinessError, ...]) -> None:
        summary = "; ".join(f"{error.reason_code}: {error.reason}" for error in errors)
        super().__init__(summary or "business error")
        self.errors = errors

    @property
    def reason_code(self) -> str:
        """The first error's reason code (UnknownPart, InsufficientStock, ...)."""
        return self.errors[0].reason_code if self.errors else ""


class HasHeader(Protocol):
    """Every parsed response: it carries a ResponseHeader."""

    @property
    def header(self) -> ResponseHeader: ...


R = TypeVar("R", bound=HasHeader)


def raise_for_errors(result: R) -> R:
    """Return the result unchanged, or raise BusinessFault when its header carries business errors."""
    if result.header.errors:
        raise BusinessFault(result.header.errors)
    return result
