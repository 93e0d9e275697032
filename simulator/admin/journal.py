"""The /_admin/journal and /_admin/events endpoints: what Commerce sent and got, what happened; count and clear."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from simulator.admin.control import bool_arg, context, instant_arg, int_arg, scope_arg
from simulator.admin.present import jsonable
from simulator.control.records import EventQuery, JournalQuery

bp = Blueprint("admin_journal", __name__, url_prefix="/_admin")
MAX_LIMIT = 1000


def journal_query() -> JournalQuery:
    """The journal filters of the query string."""
    from flask import request

    text = {name: request.args.get(name) for name in (
        "service", "operation", "action_code", "part_number", "commerce_order_id", "bod_id", "fault",
    )}  # fmt: skip
    return JournalQuery(
        tenant=scope_arg(),
        status=int_arg("status", None, 100, 599),
        faulted=bool_arg("faulted"),
        since=instant_arg("since"),
        until=instant_arg("until"),
        **text,
    )


def _paging() -> tuple[int, int]:
    offset = int_arg("offset", 0, 0, 10**9) or 0
    limit = int_arg("limit", 100, 1, MAX_LIMIT) or 100
    return offset, limit


@bp.get("/journal")
def journal() -> Response:
    """SOAP exchanges, oldest first, filtered."""
    offset, limit = _paging()
    items, total = context().store.journal(journal_query(), offset, limit)
    return jsonify(items=[_exchange(e) for e in items], total=total, offset=offset, limit=limit)


@bp.get("/journal/count")
def journal_count() -> Response:
    """How many exchanges match (e.g. GetInventoryAvailability calls for a part since T)."""
    _, total = context().store.journal(journal_query(), 0, 1)
    return jsonify(count=total)


@bp.delete("/journal")
def clear_journal() -> Response:
    """Forget the exchanges (of this tenant)."""
    return jsonify(removed=context().store.clear_journal(scope_arg()))


@bp.get("/events")
def events() -> Response:
    """Domain events, oldest first, filtered by `type`, `since` and `until`."""
    from flask import request

    offset, limit = _paging()
    query = EventQuery(scope_arg(), request.args.get("type"), instant_arg("since"), instant_arg("until"))
    items, total = context().store.events(query, offset, limit)
    return jsonify(items=jsonable(items), total=total, offset=offset, limit=limit)


@bp.delete("/events")
def clear_events() -> Response:
    """Forget the domain events (of this tenant)."""
    return jsonify(removed=context().store.clear_events(scope_arg()))


def _exchange(entry: Any) -> dict[str, Any]:
    found: dict[str, Any] = jsonable(entry)
    return found
