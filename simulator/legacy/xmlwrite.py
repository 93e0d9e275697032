"""Writing DTD-based messages: XML declaration, DOCTYPE naming the DTD file, and the common ControlArea."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from lxml import etree

from simulator.legacy.outbound_model import Credentials


def sub(parent: etree._Element, tag: str, content: str | None = None, /, **attributes: str) -> etree._Element:
    """A child element with optional text and attributes."""
    child = etree.SubElement(parent, tag, attributes)
    if content is not None:
        child.text = content
    return child


def envelope(root_name: str, version: str, verb: str, noun: str, credentials: Credentials,
             *, empty_verb: bool = False) -> tuple[etree._Element, etree._Element]:
    """The root and its DataArea; Verb/Noun carry their fixed value (and the same text unless EMPTY)."""
    root = etree.Element(root_name, version=version)
    control = sub(root, "ControlArea")
    sub(control, "Verb", None if empty_verb else verb, value=verb)
    sub(control, "Noun", None if empty_verb else noun, value=noun)
    if credentials.logon_id:
        creds = sub(control, "Credentials")
        sub(creds, "LogonId", credentials.logon_id)
        sub(creds, "Password", credentials.password)
    return root, sub(root, "DataArea")


def document(root: etree._Element, dtd_file: str) -> bytes:
    """The message as UTF-8 bytes with its DOCTYPE."""
    name = etree.QName(root).localname
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {name} SYSTEM "{dtd_file}">\n'
    return head.encode() + etree.tostring(root, encoding="UTF-8", xml_declaration=False)


def iso(moment: datetime) -> str:
    """A DATE field in the 2.0/3.0 form yyyy-mm-ddThh:mm:ss.ssssss."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


def ymd(moment: datetime | None) -> str:
    """A 1.0 / legacy date YYYYMMDD, empty when unknown."""
    return moment.strftime("%Y%m%d") if moment else ""


def amount(value: Decimal) -> str:
    """A money or quantity value as plain decimal text."""
    return format(value, "f")
