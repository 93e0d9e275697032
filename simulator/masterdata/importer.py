"""Import Data Load files into a store: read, check, apply to a draft, fill gaps, write in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from simulator.domain.model import Order, Quote
from simulator.masterdata.apply import Applier
from simulator.masterdata.draft import Draft, MasterSession, changed, in_key_order, read_draft
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
    store: MasterStore,
    files: Sequence[SourceFile],
    options: ImportOptions,
    progress: Progress | None = None,
    on_new_world: Callable[[Any], None] | None = None,
) -> ImportReport:
    """Make the world hold the files' master data, all or nothing; ImportRejected names every error.

    `on_new_world(session)` runs in the same transaction after a new world is written (the lifecycle's timers).
    """
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
            if on_new_world is not None:
                on_new_world(session)
            report.written = {"catalog": len(world.catalog), "stock": len(world.stock),
                              "organizations": len(world.organizations), "buyers": len(world.buyers),
                              "price_lists": len(world.price_lists), "orders": len(orders)}  # fmt: skip
        else:
            fill_common(draft, options.seed, options.anchor)
            report.written = _write_changes(session, base, draft)
    return report


def _world(draft: Draft, orders: tuple[Order, ...], quotes: tuple[Quote, ...], options: ImportOptions) -> World:
    return World(
        seed=options.seed,
        products=len(draft.catalog),
        anchor=options.anchor,
        catalog=tuple(in_key_order(draft.catalog)),
        online_stores=tuple(in_key_order(draft.online_stores)),
        physical_stores=tuple(in_key_order(draft.physical_stores)),
        fulfillment_centers=tuple(in_key_order(draft.centers)),
        stock=tuple(in_key_order(draft.stock)),
        organizations=tuple(in_key_order(draft.organizations)),
        buyers=tuple(in_key_order(draft.buyers)),
        price_lists=tuple(in_key_order(draft.price_lists)),
        orders=orders,
        quotes=quotes,
    )


def _write_changes(session: MasterSession, base: Draft, draft: Draft) -> dict[str, int]:
    """Only what differs is written: importing the same files again writes nothing."""
    stores = changed(base.online_stores, draft.online_stores)
    centers = changed(base.centers, draft.centers)
    branches = changed(base.physical_stores, draft.physical_stores)
    orgs = changed(base.organizations, draft.organizations)
    buyers = changed(base.buyers, draft.buyers)
    lists = changed(base.price_lists, draft.price_lists)
    entries = changed(base.catalog, draft.catalog)
    levels = changed(base.stock, draft.stock)
    for store in stores:
        session.put_online_store(store)
    for center in centers:
        session.put_fulfillment_center(center)
    for branch in branches:
        session.put_physical_store(branch)
    for org in orgs:
        session.put_organization(org)
    for buyer in buyers:
        session.put_buyer(buyer)
    for price_list in lists:
        session.put_price_list(price_list)
    session.put_catalog_entries(entries)
    session.put_stock_levels(levels)
    counts = {"online_stores": len(stores), "centers": len(centers), "physical_stores": len(branches),
              "organizations": len(orgs), "buyers": len(buyers), "price_lists": len(lists),
              "catalog": len(entries), "stock": len(levels)}  # fmt: skip
    return {key: value for key, value in counts.items() if value}
