"""Inbound messages over HTTP in the control plane's journal, beside the SOAP exchanges (service "Messaging")."""

from __future__ import annotations

import logging

from flask import current_app

from simulator.admin.control import EXTENSION, ControlContext
from simulator.control.records import Exchange, utc_stamp
from simulator.messaging.inbound import Outcome

log = logging.getLogger("simulator.messaging")
SERVICE = "Messaging"


def journal(outcome: Outcome, operation: str, status: int, duration_ms: float) -> None:
    """Record one inbound message; the journal failing never fails the answer."""
    context = current_app.extensions.get(EXTENSION)
    if not isinstance(context, ControlContext):
        return
    try:
        exchange = Exchange(
            at=utc_stamp(), tenant=context.tenant, method="POST", path="/messages", service=SERVICE,
            operation=operation, action_code=outcome.result.value, status=status,
            duration_ms=round(duration_ms, 3), fault=outcome.error.message_key if outcome.error else None,
            commerce_order_id=outcome.commerce_order_id,
        )
        context.store.record(exchange, [], [(f"messages|{outcome.result.value}", 1.0)])
    except Exception:
        log.exception("could not journal an inbound message")
