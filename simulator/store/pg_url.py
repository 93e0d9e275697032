"""A PostgreSQL --db value: the libpq URL, the schema that holds the world, and the schemas beside it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from simulator.store.errors import StoreError

SCHEMES: Final = ("postgresql://", "postgres://")
DEFAULT_SCHEMA: Final = "public"
MAX_IDENTIFIER: Final = 63
_SCHEMA_NAME: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,62}")


def is_postgres(db: str) -> bool:
    """Whether a --db value names a PostgreSQL database."""
    return db.startswith(SCHEMES)


@dataclass(frozen=True, slots=True)
class PgTarget:
    """A database (libpq URL, without our own parameters) and the schema that holds one world."""

    conninfo: str
    schema: str = DEFAULT_SCHEMA

    @classmethod
    def parse(cls, db: str) -> PgTarget:
        """`postgresql://user@host:port/db?schema=name` (schema defaults to public)."""
        parts = urlsplit(db)
        query = parse_qsl(parts.query, keep_blank_values=True)
        schema = next((value for key, value in query if key == "schema"), DEFAULT_SCHEMA)
        if not _SCHEMA_NAME.fullmatch(schema):
            raise StoreError(f"schema {schema!r}: 1 to 63 letters, digits, '_' or '-'")
        rest = urlencode([(key, value) for key, value in query if key != "schema"])
        return cls(urlunsplit(parts._replace(query=rest)), schema)

    def url(self) -> str:
        """Back to a --db value."""
        parts = urlsplit(self.conninfo)
        query = parse_qsl(parts.query, keep_blank_values=True)
        return urlunsplit(parts._replace(query=urlencode([*query, ("schema", self.schema)])))

    def beside(self, suffix: str) -> PgTarget:
        """Another schema of the same database, named after this one (shortened by a hash when too long)."""
        return PgTarget(self.conninfo, schema_name(f"{self.schema}{suffix}"))

    def lock_key(self) -> int:
        """The advisory lock that serializes the writers of this schema, on every host."""
        digest = hashlib.blake2b(f"backoffice-sim:{self.schema}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)

    def display(self) -> str:
        """For messages: the URL without a password."""
        parts = urlsplit(self.conninfo)
        host = parts.hostname or ""
        user = f"{parts.username}@" if parts.username else ""
        port = f":{parts.port}" if parts.port else ""
        return f"postgresql://{user}{host}{port}{parts.path} (schema {self.schema})"


def schema_name(name: str) -> str:
    """A schema name PostgreSQL keeps whole (at most 63 bytes)."""
    if len(name) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.blake2b(name.encode(), digest_size=6).hexdigest()
    return f"{name[: MAX_IDENTIFIER - len(digest) - 1]}_{digest}"


def tenant_url(db: str, tenant: str) -> str:
    """The --db value of a tenant's world: a schema beside the default world's."""
    return PgTarget.parse(db).beside(f"_tenant_{tenant}").url()
