"""Store failures, each with a one-line human message naming the database."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot do what was asked (misuse, or a database failure)."""


class CorruptDatabase(StoreError):
    """The file is not a SQLite database, or is damaged."""


class IncompatibleDatabase(StoreError):
    """The file is a SQLite database, but of another application or another schema version."""


class UnwritableDatabase(StoreError):
    """The database (or its directory) cannot be created or written."""
