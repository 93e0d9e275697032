"""A PostgreSQL for the tests: its URL from BACKOFFICE_SIM_TEST_PG_URL, a fresh schema per use, dropped after."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from psycopg import sql

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
_counter = itertools.count()


def pg_url() -> str:
    """The test database's URL."""
    return os.environ.get("BACKOFFICE_SIM_TEST_PG_URL", DEFAULT_URL)


def require_pg() -> str:
    """The URL of a PostgreSQL that answers; skips the test when none does (fails under CI=true)."""
    url = pg_url()
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        reason = f"no PostgreSQL answers at {url} (set BACKOFFICE_SIM_TEST_PG_URL): {str(error).strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return url


def unique_schema(label: str) -> str:
    """A schema name no other test run uses at the same time."""
    return f"t_{label}_{os.getpid()}_{next(_counter)}"


def drop_schemas(url: str, prefix: str) -> None:
    """Drop every schema whose name starts with `prefix` (a world's tenants and control schema too)."""
    with psycopg.connect(url, autocommit=True) as conn:
        names = [
            row[0] for row in conn.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", (prefix,))
        ]
        for name in names:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


@contextmanager
def fresh_schema(label: str) -> Iterator[str]:
    """A --db URL naming a new schema, dropped with everything beside it afterwards."""
    url = require_pg()
    schema = unique_schema(label)
    try:
        yield f"{url}{'&' if '?' in url else '?'}schema={schema}"
    finally:
        drop_schemas(url, schema)
