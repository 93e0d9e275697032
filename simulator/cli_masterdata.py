"""`backoffice-sim import` and `export`: Commerce's Data Load files into the world, and the world out as them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.config import Settings


class MasterDataCliError(Exception):
    """An import or export that cannot be done, as one line (or one line per problem)."""


def add_parsers(commands: Any) -> None:
    """The `import` and `export` commands."""
    load: argparse.ArgumentParser = commands.add_parser("import", help="load Data Load CSV files into the world")
    load.add_argument("--db", required=True,
                      help="SQLite database or postgresql:// URL (created, gaps seeded, if new)")
    load.add_argument("--seed", type=int, help="seed that fills what the files leave out (default 42)")
    load.add_argument("--anchor", help="ISO date of a new world's dates (default: today, UTC)")
    load.add_argument("--strict", action="store_true", help="unknown columns are errors, not warnings")
    load.add_argument("--replace", action="store_true", help="replace the whole world instead of merging")
    load.add_argument("files", nargs="+", metavar="FILE", help="Data Load CSV files (any order)")
    export = commands.add_parser("export", help="write the world as Data Load CSV files")
    export.add_argument("--db", required=True, help="the SQLite database or postgresql:// URL")
    export.add_argument("--out", required=True, help="the directory to write (created if missing)")
    export.add_argument("--format", choices=("dataload", "massload"), default="dataload",
                        help="Data Load CSVs and load order (default) or the older massload XML")  # fmt: skip


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Do the import or export command."""
    from simulator.app import open_store
    from simulator.store.pg_url import is_postgres

    if args.command == "export" and not is_postgres(settings.db) and not Path(settings.db).exists():
        raise MasterDataCliError(f"there is no database at {settings.db}")
    store = open_store(settings)
    try:
        return _import(args, settings, store) if args.command == "import" else _export(args, store)
    finally:
        store.close()


def _import(args: argparse.Namespace, settings: Settings, store: Any) -> int:
    from simulator.app import create_backend, world_anchor
    from simulator.backend.clock import SystemClock
    from simulator.cli import ProgressBar
    from simulator.masterdata.importer import ImportOptions, import_files
    from simulator.masterdata.problems import ImportRejected
    from simulator.masterdata.reader import SourceFile

    files = [SourceFile(Path(name).name, _read(name)) for name in args.files]
    options = ImportOptions(settings.seed, world_anchor(store, settings, SystemClock()), args.strict, args.replace)
    bar = ProgressBar(sys.stderr, "importing")
    try:
        report = import_files(store, files, options, bar, create_backend(settings, store).watch_world)
    except ImportRejected as exc:
        bar.finish()
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise MasterDataCliError(str(exc).split(";")[0]) from None
    bar.finish()
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    written = ", ".join(f"{count} {name}" for name, count in report.written.items()) or "nothing changed"
    print(f"imported {sum(report.rows.values())} rows into {settings.db}: {written}")
    return 0


def _export(args: argparse.Namespace, store: Any) -> int:
    from simulator.masterdata.exporter import export_files

    with store.read() as session:
        files = export_files(session, massload=args.format == "massload")
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)
    except OSError as exc:
        raise MasterDataCliError(f"cannot write {out}: {exc.strerror}") from None
    print(f"exported {len(files)} files to {out}")
    return 0


def _read(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise MasterDataCliError(f"cannot read {name}: {exc.strerror}") from None
