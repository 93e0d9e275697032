"""POST /messages (raw text/xml, as Commerce's HTTP connector posts it) and POST /_admin/messages/inventory."""

from __future__ import annotations

import re
import time
from typing import Annotated

from flask import Blueprint, Response, jsonify, request
from pydantic import BaseModel, Field, StrictStr

from simulator.admin.api import Body
from simulator.admin.api import blueprint as admin_blueprint
from simulator.admin.world import backend
from simulator.messaging.inbound import Hints, InboundOptions, Outcome, apply_message
from simulator.messaging.journal import journal

XML: str = "text/xml;charset=UTF-8"
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*)[\s>/]")


class InventoryRequest(Body):
    """Parts to send an inventory message for now."""

    parts: list[Annotated[StrictStr, Field(min_length=1)]] = Field(min_length=1, max_length=500)


class QueuedMessages(BaseModel):
    """The outbox entries written."""

    push_ids: list[int]


def blueprint(options: InboundOptions) -> Blueprint:
    """POST /messages, Commerce's HTTP connector (not admin API: outside /_admin and its document)."""
    bp = Blueprint("messaging", __name__)

    @bp.post("/messages")
    def receive() -> Response:
        """Apply one notification; 200 with an empty body, or 400 with a WCS_Error."""
        started = time.perf_counter()
        hints = Hints("http", request.content_type or "", request.headers.get("X-Message-Id", ""),
                      request.remote_addr or "")
        raw = request.get_data(cache=False)
        outcome = apply_message(backend(), raw, hints, options)
        reply = answer(outcome)
        journal(outcome, message_kind(raw), reply.status_code, (time.perf_counter() - started) * 1000)
        return reply

    return bp


admin = admin_blueprint("admin_messaging", __name__)


@admin.post("/messages/inventory", responses={200: QueuedMessages})
def inventory(body: InventoryRequest) -> Response:
    """Write an inventory message for each part to the outbox."""
    records = backend().legacy.push_inventory(body.parts)
    return jsonify(QueuedMessages(push_ids=[record.push_id for record in records]).model_dump())


def message_kind(raw: bytes) -> str:
    """The root element (or ECEDOC) of a message, for the journal; found without parsing."""
    head = raw.lstrip()[:4096]
    if head.startswith(b"<ECEDOC>"):
        return "ECEDOC"
    for match in _ROOT.finditer(head):
        return match.group(1).decode("ascii", "replace")
    return "unknown"


def answer(outcome: Outcome) -> Response:
    """The HTTP answer of an outcome: headers name the result and the back office's order number."""
    headers = {"X-Message-Result": outcome.result.value}
    if outcome.order_id:
        headers["X-Backoffice-Order"] = outcome.order_id
    if outcome.ok:
        return Response(b"", 200, headers=headers, content_type=XML)
    return Response(outcome.error_body(), 400, headers=headers, content_type=XML)
