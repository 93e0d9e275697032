"""The /_admin/journal and /_admin/events endpoints: what Commerce sent and got, what happened; count and clear."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final, Literal

from flask import Response, jsonify
from pydantic import BaseModel, Field

from simulator.admin.api import Instant, Maybe, Offset, Page, Removed, TenantQuery, Text, blueprint
from simulator.admin.control import context, scope
from simulator.admin.present import jsonable
from simulator.control.records import EventQuery, JournalQuery, utc_stamp

bp = blueprint("admin_journal", __name__)
MAX_LIMIT: Final = 1000


def stamp(moment: datetime | None) -> str | None:
    """The journal's fixed-width UTC text of an instant (the ends of time for one beyond them in UTC)."""
    if moment is None:
        return None
    try:
        return utc_stamp(moment)
    except OverflowError:
        return utc_stamp(datetime.min.replace(tzinfo=UTC) if moment.year == 1 else datetime.max.replace(tzinfo=UTC))


class Window(TenantQuery):
    """Entries at or after `since` and before `until`."""

    since: Instant | Maybe = Field(None, description="at or after this instant")
    until: Instant | Maybe = Field(None, description="before this instant")


class JournalFilter(Window):
    """Exchanges with these values."""

    service: Text | Maybe = None
    operation: Text | Maybe = None
    action_code: Text | Maybe = None
    part_number: Text | Maybe = None
    commerce_order_id: Text | Maybe = None
    bod_id: Text | Maybe = None
    fault: Text | Maybe = None
    status: Annotated[int, Field(ge=100, le=599)] | Maybe = Field(None, description="HTTP status answered")
    faulted: Literal["true", "false"] | Maybe = Field(None, description="only exchanges a fault rule hit (or missed)")

    def query(self) -> JournalQuery:
        """The store's query."""
        return JournalQuery(
            tenant=scope(self.tenant), service=self.service, operation=self.operation, action_code=self.action_code,
            part_number=self.part_number, commerce_order_id=self.commerce_order_id, bod_id=self.bod_id,
            status=self.status, fault=self.fault, faulted=None if self.faulted is None else self.faulted == "true",
            since=stamp(self.since), until=stamp(self.until),
        )


class JournalPage(JournalFilter):
    """A page of the journal."""

    offset: Offset = 0
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"items per page (1..{MAX_LIMIT})")


class EventPage(Window):
    """A page of the domain events of a type."""

    type: Text | Maybe = Field(None, description="event type")
    offset: Offset = 0
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"items per page (1..{MAX_LIMIT})")


class Count(BaseModel):
    """How many exchanges match."""

    count: int = Field(ge=0)


class Exchange(BaseModel):
    """One SOAP exchange."""

    at: str
    tenant: str
    service: str
    operation: str
    action_code: str
    status: int
    duration_ms: float
    fault: str | None
    bod_id: str | None
    commerce_order_id: str | None
    part_numbers: list[str]
    seq: int
    method: str | None = None
    path: str | None = None
    rule_id: int | None = None
    store_id: str | None = None
    organizations: list[str] | None = None


class Event(BaseModel):
    """One domain event."""

    at: str
    tenant: str
    type: str
    subject: dict[str, str]
    seq: int


@bp.get("/journal", responses={200: Page[Exchange]})
def journal(query: JournalPage) -> Response:
    """SOAP exchanges, oldest first, filtered."""
    items, total = context().store.journal(query.query(), query.offset, query.limit)
    return jsonify(items=jsonable(items), total=total, offset=query.offset, limit=query.limit)


@bp.get("/journal/count", responses={200: Count})
def journal_count(query: JournalFilter) -> Response:
    """How many exchanges match (e.g. GetInventoryAvailability calls for a part since T)."""
    _, total = context().store.journal(query.query(), 0, 1)
    return jsonify(count=total)


@bp.delete("/journal", responses={200: Removed})
def clear_journal(query: TenantQuery) -> Response:
    """Forget the exchanges (of this tenant)."""
    return jsonify(removed=context().store.clear_journal(scope(query.tenant)))


@bp.get("/events", responses={200: Page[Event]})
def events(query: EventPage) -> Response:
    """Domain events, oldest first, filtered by `type`, `since` and `until`."""
    found = EventQuery(scope(query.tenant), query.type, stamp(query.since), stamp(query.until))
    items, total = context().store.events(found, query.offset, query.limit)
    return jsonify(items=jsonable(items), total=total, offset=query.offset, limit=query.limit)


@bp.delete("/events", responses={200: Removed})
def clear_events(query: TenantQuery) -> Response:
    """Forget the domain events (of this tenant)."""
    return jsonify(removed=context().store.clear_events(scope(query.tenant)))
