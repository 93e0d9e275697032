"""WCS_Error: the shape of Commerce's GenericApplicationError / GenericSystemError answer, read and written."""

from __future__ import annotations

import re

from lxml import etree

from simulator.legacy.outbound_model import ErrorReport
from simulator.legacy.xmlwrite import sub

_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?<WCS_Error\b")


def render_error(report: ErrorReport) -> bytes:
    """A well-formed WCS_Error without an XML declaration, as the JSP writes it."""
    root = etree.Element("WCS_Error", type=report.error_type)
    attributes = sub(root, "RequestAttributes")
    for name, value in report.attributes:
        sub(attributes, name, value)
    exception = sub(root, "Exception")
    sub(exception, "ExceptionType", "1" if report.error_type == "GenericApplicationError" else "0")
    sub(exception, "MessageKey", report.message_key)
    sub(exception, "Message", report.message)
    sub(exception, "OrginatingCommand", report.command)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=False)


def is_error(body: bytes) -> bool:
    """True when an answer is a WCS_Error (read leniently: Commerce's own may be malformed)."""
    return _ROOT.match(body) is not None


def error_key(body: bytes) -> str:
    """The MessageKey or ErrorCode of a WCS_Error answer, read without an XML parser."""
    match = re.search(rb"<(?:MessageKey|ErrorCode)>([^<]*)<", body)
    return match.group(1).decode("utf-8", "replace").strip() if match else "WCS_Error"
