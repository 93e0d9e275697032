"""Tolerant reading of Commerce's XML messages: raw '&' and a missing end tag are read, not refused."""

from __future__ import annotations

import re

from lxml import etree

from simulator.legacy.errors import MalformedMessage

_STRAY_AMP = re.compile(rb"&(?!(?:[A-Za-z][A-Za-z0-9._-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_RECOVER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)


def read_document(data: bytes) -> etree._Element:
    """The root element of an XML message; raw ampersands are escaped and unclosed elements recovered."""
    body = close_item_dates(_STRAY_AMP.sub(b"&amp;", data.strip()))
    if not body.startswith(b"<"):
        raise MalformedMessage("_ERR_BAD_XML", "the message is not XML")
    try:
        return etree.fromstring(body, _STRICT)
    except etree.XMLSyntaxError as strict_error:
        root = etree.fromstring(body, _RECOVER)
        if root is None:
            raise MalformedMessage("_ERR_BAD_XML", f"unreadable XML: {strict_error}") from strict_error
        return root


def close_item_dates(body: bytes) -> bytes:
    """Close an item's DateTimeReference the JSP leaves open (it writes the end tag only with a LastUpdate)."""
    if b"</ReportPOItem>" not in body:
        return body
    pieces = body.split(b"</ReportPOItem>")
    for index, piece in enumerate(pieces[:-1]):
        item = piece[piece.rfind(b"<ReportPOItem>"):]
        if item.count(b"<DateTimeReference>") > item.count(b"</DateTimeReference>"):
            end = max(piece.rfind(b"</PlacedTime>"), piece.rfind(b"</PlacedDate>"))
            cut = piece.index(b">", end) + 1 if end >= 0 else len(piece)
            pieces[index] = piece[:cut] + b"\n</DateTimeReference>" + piece[cut:]
    return b"</ReportPOItem>".join(pieces)


def text(element: etree._Element | None, path: str) -> str:
    """The trimmed text at a child path, empty when absent."""
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def message_name(root: etree._Element) -> tuple[str, str]:
    """The root element name and version attribute (1.0 when absent), Commerce's dispatch key."""
    return etree.QName(root).localname, root.get("version", "1.0")
