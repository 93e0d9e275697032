"""Fixed-width fields of legacy ECEDOC records: left-justified, right-padded with spaces, cut to width."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulator.legacy.errors import MalformedMessage


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record: its name and width in characters."""

    name: str
    width: int


Layout = Sequence[Field]


def width(layout: Layout) -> int:
    """The record length of a layout."""
    return sum(field.width for field in layout)


def pad(value: str, size: int) -> str:
    """The value left-justified in `size` characters; longer values are cut."""
    return value[:size].ljust(size)


def render(layout: Layout, values: Mapping[str, str]) -> str:
    """One record: every field of the layout, padded, in order."""
    return "".join(pad(values.get(field.name, ""), field.width) for field in layout)


def parse(layout: Layout, record: str, *, strict_length: bool = False) -> dict[str, str]:
    """The trimmed fields of a record; a short record leaves its missing tail fields empty."""
    if strict_length and len(record) != width(layout):
        raise MalformedMessage(
            "_ERR_NCPARSER_CANNOT_PARSE_FIELD", f"record is {len(record)} characters, expected {width(layout)}",
        )
    values: dict[str, str] = {}
    position = 0
    for field in layout:
        values[field.name] = record[position : position + field.width].strip()
        position += field.width
    return values


def layout(*fields: tuple[str, int]) -> tuple[Field, ...]:
    """A layout from (name, width) pairs."""
    return tuple(Field(name, size) for name, size in fields)
