"""Read a Data Load CSV: tell its kind (keyword line, header or file name), its rows and their line numbers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from simulator.masterdata.layouts import ALIASES, BY_KIND, DOM_INVENTORY, LAYOUTS, Layout
from simulator.masterdata.problems import Problem

Row = tuple[int, dict[str, str]]


@dataclass(slots=True)
class Table:
    """The rows of one file, each with the line it starts on, keyed by known column."""

    name: str
    layout: Layout
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to import: its name (for messages and kind detection) and its bytes."""

    name: str
    data: bytes


def read_table(source: SourceFile, strict: bool, problems: list[Problem]) -> Table | None:
    """The table of one file, or None (with a problem recorded) when it cannot be read."""
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(source.name, _line_of(source.data, exc.start), "", "", "the file is not UTF-8"))
        return None
    records = _records(text)
    if not records:
        problems.append(Problem(source.name, 1, "", "", "the file is empty"))
        return None
    layout, header, first = _identify(source.name, records)
    if layout is None or header is None:
        problems.append(Problem(source.name, 1, "", records[0][1][0] if records[0][1] else "",
                                "cannot tell which Data Load file this is (keyword, header or file name)"))  # fmt: skip
        return None
    table = Table(source.name, layout)
    header_line = records[first - 1][0] if first else 0
    unknown = [(i, name) for i, name in enumerate(header) if name not in layout.columns]
    for _, name in unknown:
        problems.append(Problem(source.name, header_line, name, "", f"unknown column for {layout.kind}", strict))
    known = [(i, name) for i, name in enumerate(header) if name in layout.columns]
    for line, cells in records[first:]:
        if not any(cells) or not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                Problem(source.name, line, "", cells[len(header)], f"{len(cells)} cells, {len(header)} columns")
            )
            continue
        width = len(cells)
        table.rows.append((line, {name: cells[i].strip() for i, name in known if i < width}))
    return table


def _records(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    records: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        records.append((start, cells))
        start = reader.line_num + 1
    return records


def _identify(name: str, records: list[tuple[int, list[str]]]) -> tuple[Layout | None, list[str] | None, int]:
    """(layout, header, index of the first data record)."""
    first = [cell.strip() for cell in records[0][1]]
    if len(first) == 1 and (first[0] in BY_KIND or first[0] in ALIASES):
        layout = BY_KIND.get(first[0]) or ALIASES[first[0]]
        if layout.headerless:
            return layout, list(layout.columns), 1
        if len(records) < 2:
            return layout, None, 2
        return layout, [cell.strip() for cell in records[1][1]], 2
    by_header = _by_header(first)
    if by_header is not None:
        return by_header, first, 1
    if any(word in PurePath(name).stem.lower() for word in ("inventorycache", "dom")):
        return DOM_INVENTORY, list(DOM_INVENTORY.columns), 0
    return None, None, 0


def _by_header(header: list[str]) -> Layout | None:
    """The layout whose columns cover the most of this header (at least two of them)."""
    best, score = None, 1
    for layout in LAYOUTS:
        if layout.headerless:
            continue
        known = sum(1 for name in header if name in layout.columns)
        if known > score or (known == score and best is not None and known == len(header) and
                             len(layout.columns) < len(best.columns)):  # fmt: skip
            best, score = layout, known
    return best


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
