"""`backoffice-sim snapshot export|import`: a world database to and from reviewable JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.config import Settings


class SnapshotCliError(Exception):
    """A snapshot command that cannot be done, as one line."""


def add_parser(commands: Any) -> None:
    """The `snapshot` command and its `export` and `import` subcommands."""
    snapshot: argparse.ArgumentParser = commands.add_parser("snapshot", help="export or import a world as JSON")
    actions = snapshot.add_subparsers(dest="snapshot_command", required=True, parser_class=type(snapshot))
    export = actions.add_parser("export", help="write the world of a database as a JSON snapshot")
    export.add_argument("--db", required=True, help="the SQLite database (or postgresql:// URL)")
    export.add_argument("--out", required=True, help="the JSON file to write ('-': standard output)")
    load = actions.add_parser("import", help="replace the world of a database with a JSON snapshot")
    load.add_argument("--db", required=True, help="the SQLite database or postgresql:// URL (created if new)")
    load.add_argument("--in", dest="source", required=True, help="the JSON snapshot ('-': standard input)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Do the snapshot subcommand."""
    from simulator.app import open_store
    from simulator.store.pg_url import is_postgres
    from simulator.store.snapshot import dumps

    if settings.db == ":memory:":
        raise SnapshotCliError("snapshots need a SQLite database file, not :memory:")
    if args.snapshot_command == "export":
        if not is_postgres(settings.db) and not Path(settings.db).exists():
            raise SnapshotCliError(f"there is no database at {settings.db}")
        store = open_store(settings)
        try:
            with store.read() as session:
                text = dumps(session.dump_tables())
        finally:
            store.close()
        _write(args.out, text)
        return 0
    document = _read(args.source)
    store = open_store(settings)
    try:
        with store.write() as session:
            session.load_tables(document)
    finally:
        store.close()
    print(f"imported {args.source} into {settings.db}", file=sys.stderr)
    return 0


def _write(out: str, text: str) -> None:
    if out == "-":
        sys.stdout.write(text)
        return
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SnapshotCliError(f"cannot write {out}: {exc.strerror}") from None


def _read(source: str) -> Any:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise SnapshotCliError(f"cannot read {source}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise SnapshotCliError(f"{source} is not JSON: {exc}") from None
