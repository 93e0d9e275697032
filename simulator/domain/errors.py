"""Business errors of the back office, one class per reason code.

    BackOfficeError
    ├── NotFound
    │   ├── UnknownPart
    │   ├── UnknownStore
    │   ├── UnknownOrder
    │   ├── UnknownQuote
    │   ├── UnknownBuyer
    │   ├── UnknownOrganization
    │   └── UnknownReservation
    ├── InsufficientStock
    ├── InvalidRequest
    └── Conflict

Wire adapters translate these at the edge: SOAP into ResponseCriteria/ChangeStatus with the reason code,
the admin API into problem+json with the HTTP status.
"""

from __future__ import annotations


class BackOfficeError(Exception):
    """Base of every business error; `reason_code` is what goes on the wire."""

    reason_code = "BackOfficeError"
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(BackOfficeError):
    """Something the request names does not exist."""

    reason_code = "NotFound"
    http_status = 404


class UnknownPart(NotFound):
    """No catalog entry with that part number or catalog entry id."""

    reason_code = "UnknownPart"


class UnknownStore(NotFound):
    """No online or physical store with that identifier."""

    reason_code = "UnknownStore"


class UnknownOrder(NotFound):
    """No order with that id."""

    reason_code = "UnknownOrder"


class UnknownQuote(NotFound):
    """No quote with that id."""

    reason_code = "UnknownQuote"


class UnknownBuyer(NotFound):
    """No buyer with that logon id or distinguished name."""

    reason_code = "UnknownBuyer"


class UnknownOrganization(NotFound):
    """No organization with that distinguished name."""

    reason_code = "UnknownOrganization"


class UnknownReservation(NotFound):
    """No reservation for that order."""

    reason_code = "UnknownReservation"


class InsufficientStock(BackOfficeError):
    """Not enough available stock, and partial reservation was not allowed."""

    reason_code = "InsufficientStock"
    http_status = 409


class InvalidRequest(BackOfficeError):
    """The request is well formed but makes no business sense (e.g. a zero quantity)."""

    reason_code = "InvalidRequest"


class Conflict(BackOfficeError):
    """The request contradicts existing state."""

    reason_code = "Conflict"
    http_status = 409
