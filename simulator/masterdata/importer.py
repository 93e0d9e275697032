"""Import Data Load files into a store: read, check, apply to a draft, fill gaps, write in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from simulator.masterdata.apply import Applier
from simulator.masterdata.draft import Draft, MasterSession, read_draft
from simulator.masterdata.gaps import fill_common, fill_new_world
from simulator.masterdata.layouts import LAYOUTS
from simulator.masterdata.problems import ImportRejected, Problem
from simulator.masterdata.reader import SourceFile, Table, read_table
from simulator.seed.contents import World
from simulator.seed.loading import load_world

Progress = Callable[[int, int], None]


class MasterStore(Protocol):
    """A store with serialized write transactions (a structural subset of the backend's Store port)."""

    def write(self) -> AbstractContextManager[MasterSession]: ...


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: strictness, whether to replace the world, and the seed that fills gaps."""

    seed: int
    anchor: datetime
    strict: bool = False
    replace: bool = False


@dataclass(slots=True)
class ImportReport:
    """What an import did: rows read per file, entities written, warnings."""

    rows: dict[str, int] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)
    new_world: bool = False
    warnings: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """The report as JSON."""
        return {"rows": self.rows, "written": self.written, "new_world": self.new_world,
                "warnings": [w.as_dict() for w in self.warnings]}  # fmt: skip


def read_tables(files: Sequence[SourceFile], strict: bool) -> tuple[list[Table], list[Problem]]:
    """Every file read and sorted into load order; problems so far (unknown columns, unreadable files)."""
    problems: list[Problem] = []
    tables = [t for t in (read_table(f, strict, problems) for f in files) if t is not None]
    order = {layout.kind: index for index, layout in enumerate(LAYOUTS)}
    tables.sort(key=lambda t: order[t.layout.kind])
    return tables, problems


def import_files(
    store: MasterStore, files: Sequence[SourceFile], options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    """Make the world hold the files' master data, all or nothing; ImportRejected names every error."""
    tables, problems = read_tables(files, options.strict)
    total = sum(len(t.rows) for t in tables) or 1
    report = ImportReport(rows={t.name: len(t.rows) for t in tables})
    with store.write() as session:
        report.new_world = options.replace or session.get_meta("world.seed") is None
        base = Draft() if report.new_world else read_draft(session)
        draft = base.copy()
        applier = Applier(draft, problems)
        done = 0
        for table in tables:
            applier.apply(table)
            done += len(table.rows)
            if progress is not None:
                progress(done, total)
        applier.finish()
        if any(p.error for p in problems):
            raise ImportRejected(sorted(problems, key=lambda p: (p.file, p.line)))
        report.warnings = problems
        if report.new_world:
            orders, quotes = fill_new_world(draft, options.seed, options.anchor)
            session.clear()
            world = _world(draft, orders, quotes, options)
            load_world(session, world)
            report.written = {"catalog": len(world.catalog), "stock": len(world.stock),
                              "organizations": len(world.organizations), "buyers": len(world.buyers),
                              "price_lists": len(world.price_lists), "orders": len(orders)}  # fmt: skip
        else:
            fill_common(draft, options.seed, options.anchor)
            report.written = _write_changes(session, base, draft)
    return report


def _world(draft: Draft, orders: tuple[object, ...], quotes: tuple[object, ...], options: ImportOptions) -> World:
    return World(
        seed=options.seed,
        products=len(draft.catalog),
        anchor=options.anchor,
        catalog=_sorted(draft.catalog),
        online_stores=_sorted(draft.online_stores),
        physical_stores=_sorted(draft.physical_stores),
        fulfillment_centers=_sorted(draft.centers),
        stock=_sorted(draft.stock),
        organizations=_sorted(draft.organizations),
        buyers=_sorted(draft.buyers),
        price_lists=_sorted(draft.price_lists),
        orders=orders,  # type: ignore[arg-type]
        quotes=quotes,  # type: ignore[arg-type]
    )


def _sorted(table: dict[object, object]) -> tuple:  # type: ignore[type-arg]
    return tuple(table[key] for key in sorted(table))  # type: ignore[type-var]


def _changed(base: dict[object, object], draft: dict[object, object]) -> Iterator[object]:
    for key in sorted(draft):  # type: ignore[type-var]
        if base.get(key) != draft[key]:
            yield draft[key]


def _write_changes(session: MasterSession, base: Draft, draft: Draft) -> dict[str, int]:
    """Only what differs is written: importing the same files again writes nothing."""
    written: dict[str, int] = {}
    for name, put in (("online_stores", session.put_online_store), ("centers", session.put_fulfillment_center),
                      ("physical_stores", session.put_physical_store), ("organizations", session.put_organization),
                      ("buyers", session.put_buyer), ("price_lists", session.put_price_list)):  # fmt: skip
        changed = list(_changed(getattr(base, name), getattr(draft, name)))
        for item in changed:
            put(item)  # type: ignore[operator]
        written[name] = len(changed)
    entries = list(_changed(base.catalog, draft.catalog))  # type: ignore[arg-type]
    session.put_catalog_entries(entries)  # type: ignore[arg-type]
    levels = list(_changed(base.stock, draft.stock))  # type: ignore[arg-type]
    session.put_stock_levels(levels)  # type: ignore[arg-type]
    written.update(catalog=len(entries), stock=len(levels))
    return {key: value for key, value in written.items() if value}
