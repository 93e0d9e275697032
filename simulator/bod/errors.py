"""Errors raised by the BOD codec.

    BodError                    fault_code Client
     +-- MalformedMessage       not XML, DTD or entity declared, too large
     +-- InvalidMessage         well-formed but violates the schema or the expected structure
     +-- UnsupportedOperation   unknown root element, action code or access profile
     +-- BadExpression          a Get expression the codec cannot parse

Every error carries a `fault_code` suitable for a SOAP Fault and a message that says what was wrong.
"""

from __future__ import annotations


class BodError(Exception):
    """Base class of every error the codec raises for a bad message."""

    fault_code = "Client"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MalformedMessage(BodError):
    """The body is not acceptable XML: not well-formed, declares a DTD or entities, or is too large."""

    fault_code = "Client.MalformedMessage"


class InvalidMessage(BodError):
    """The XML is well-formed but violates the schema or the structure the operation needs."""

    fault_code = "Client.InvalidMessage"

    def __init__(self, message: str, element: str | None = None) -> None:
        super().__init__(f"{message} (element {element})" if element else message)
        self.element = element


class UnsupportedOperation(BodError):
    """The root element, action code or access profile names no operation the codec knows."""

    fault_code = "Client.UnsupportedOperation"


class BadExpression(BodError):
    """The Get expression (or action expression) cannot be parsed."""

    fault_code = "Client.BadExpression"

    def __init__(self, message: str, expression: str | None = None) -> None:
        super().__init__(f"{message}: {expression!r}" if expression is not None else message)
        self.expression = expression
