"""ECEDOC buffers: cut a buffer into its tagged records, and build one from records."""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.legacy import fixed
from simulator.legacy.errors import MalformedMessage
from simulator.legacy.layouts import PROLOG

_TAG = re.compile(r"<(/?)([A-Z0-9]{6})>")
_CONTAINERS = frozenset({"ECEDOC", "HEADER", "ITMLST", "ITMDAT", "USRLST"})


@dataclass(frozen=True, slots=True)
class Record:
    """One leaf record of a buffer: its tag, its raw content, and the index of the ITMDAT it sits in (-1: header)."""

    tag: str
    content: str
    item: int = -1


@dataclass(frozen=True, slots=True)
class Buffer:
    """A parsed ECEDOC: PROLOG fields and the leaf records in order."""

    msg_type: str
    version: str
    records: tuple[Record, ...]

    def header(self, tag: str) -> str | None:
        """The content of a header-level record, or None."""
        return next((r.content for r in self.records if r.item < 0 and r.tag == tag), None)

    def items(self, tag: str) -> list[str]:
        """The content of a tag in every ITMDAT, in order."""
        return [r.content for r in self.records if r.item >= 0 and r.tag == tag]


def read_buffer(text: str) -> Buffer:
    """The records of one ECEDOC; refused with an NCPARSER key when a tag is missing."""
    if not text.startswith("<ECEDOC>") or not text.rstrip().endswith("</ECEDOC>"):
        raise MalformedMessage("_ERR_NCPARSER_TAG_MISSING", "a buffer starts <ECEDOC>, ends </ECEDOC>")
    records: list[Record] = []
    stack: list[str] = []
    item = -1
    position = 0
    for match in _TAG.finditer(text):
        closing, tag = match.group(1) == "/", match.group(2)
        if match.start() < position:
            continue
        if closing:
            if not stack or stack[-1] != tag:
                raise MalformedMessage("_ERR_NCPARSER_TAG_MISSING", f"unexpected </{tag}>")
            stack.pop()
            continue
        if tag in _CONTAINERS:
            stack.append(tag)
            item += tag == "ITMDAT"
            continue
        end = text.find(f"</{tag}>", match.end())
        if end < 0:
            raise MalformedMessage("_ERR_NCPARSER_TAG_MISSING", f"<{tag}> is not closed")
        in_item = item if "ITMDAT" in stack else -1
        records.append(Record(tag, text[match.end() : end], in_item))
        position = end + len(tag) + 3
    if stack:
        raise MalformedMessage("_ERR_NCPARSER_TAG_MISSING", f"<{stack[-1]}> is not closed")
    prolog = next((r for r in records if r.tag == "PROLOG"), None)
    if prolog is None:
        raise MalformedMessage("_ERR_NCPARSER_RETRIEVE_MSGINFO", "the PROLOG record is missing")
    fields = fixed.parse(PROLOG, prolog.content)
    return Buffer(fields["type"], fields["version"], tuple(r for r in records if r.tag != "PROLOG"))


def prolog(msg_type: str, version: str = "01") -> str:
    """The PROLOG record of a message type."""
    return f"<PROLOG>{fixed.render(PROLOG, {'type': msg_type, 'version': version})}</PROLOG>"


def segment(tag: str, content: str) -> str:
    """One tagged record."""
    return f"<{tag}>{content}</{tag}>"


def user_data(fields: dict[str, str]) -> str:
    """A USRLST of DATUSR records (name CHAR(8), length CHAR(10), value); empty when there are none."""
    if not fields:
        return ""
    data = "".join(segment("DATUSR", fixed.pad(name, 8) + fixed.pad(str(len(value)), 10) + value)
                   for name, value in fields.items())
    return segment("USRLST", data)
