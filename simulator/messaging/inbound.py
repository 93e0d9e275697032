"""The transport-neutral core: one raw inbound message applied in one transaction, with its outcome."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from simulator.backend.commands import BuyerRef, DraftLine, OrderDraft, PartRef
from simulator.backend.service import Backend
from simulator.domain.errors import BackOfficeError
from simulator.domain.model import Channel
from simulator.legacy import dtd
from simulator.legacy.errors import MalformedMessage
from simulator.legacy.model import Notification
from simulator.legacy.order_create import parse_order_create
from simulator.legacy.outbound_model import ErrorReport
from simulator.legacy.report import ROOT, read_report
from simulator.legacy.wcs_error import render_error
from simulator.legacy.xmlread import message_name, read_document

log = logging.getLogger("simulator.messaging")
REPORT_DTD = "Report_NC_PO_10.dtd"


class Result(StrEnum):
    """What became of an inbound message."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    MALFORMED = "malformed"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Hints:
    """What the transport knows of a message besides its bytes."""

    transport: str = "http"
    content_type: str = ""
    message_id: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class InboundOptions:
    """How inbound messages are read: DTD validation and the ids Commerce's data maps to."""

    strict: bool = False
    dtd_dir: Path = dtd.DEFAULT_DTD_DIR
    store_id: str | None = None
    guest_logon_id: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one message: the order it made or found, or the WCS_Error-shaped reason it was refused."""

    result: Result
    commerce_order_id: str | None = None
    order_id: str | None = None
    error: ErrorReport | None = field(default=None)

    @property
    def ok(self) -> bool:
        """True when the message was applied or was a redelivery."""
        return self.result in (Result.APPLIED, Result.DUPLICATE)

    def error_body(self) -> bytes:
        """The WCS_Error answer of a refused message."""
        return render_error(self.error or ErrorReport("_ERR_GENERIC", "refused"))


def decode(raw: bytes, options: InboundOptions) -> Notification:
    """The notification in a raw message: an ECEDOC buffer or a Report_NC_PurchaseOrder."""
    body = raw.strip()
    if body.startswith(b"<ECEDOC>"):
        try:
            return parse_order_create(body.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise MalformedMessage("_ERR_NCPARSER_CANNOT_PARSE_FIELD", "the buffer is not UTF-8") from error
    root = read_document(body)
    name, version = message_name(root)
    if name != ROOT:
        raise MalformedMessage("_ERR_CMD_INVALID_MESSAGE", f"no template for {name} {version}")
    if options.strict:
        dtd.validate_root(root, REPORT_DTD, options.dtd_dir)
    return read_report(root)


def to_draft(note: Notification, options: InboundOptions) -> OrderDraft:
    """The notification as an order draft of the system of record."""
    logon = note.logon_id or options.guest_logon_id
    if not logon:
        raise MalformedMessage("_ERR_BAD_MISSING_DATA", "no buyer logon id (guest orders need a setting)")
    return OrderDraft(
        commerce_order_id=note.order_id,
        store_id=options.store_id or note.store_id,
        buyer=BuyerRef(logon_id=logon),
        currency=note.currency,
        lines=tuple(_draft_line(line.item_id, line.part_number, line.quantity) for line in note.lines),
        placed=note.placed.replace(tzinfo=UTC) if note.placed and note.placed.tzinfo is None else note.placed,
        purchase_order_number=note.merchant_order or None,
    )


def _draft_line(item_id: str, part_number: str, quantity: Decimal) -> DraftLine:
    if quantity != quantity.to_integral_value() or quantity <= 0:
        raise MalformedMessage("_ERR_BAD_MISSING_DATA", f"item {item_id}: quantity {quantity} is not a whole number")
    return DraftLine(order_item_id=item_id, part=PartRef(part_number=part_number), quantity=int(quantity))


def apply_message(backend: Backend, raw: bytes, hints: Hints, options: InboundOptions) -> Outcome:
    """Read one message and accept its order in one transaction; a redelivery changes nothing."""
    try:
        draft = to_draft(decode(raw, options), options)
    except MalformedMessage as error:
        log.warning("malformed message over %s %s: %s", hints.transport, hints.source, error.message)
        return Outcome(Result.MALFORMED, error=_report(error.key, error.message, hints, "GenericSystemError"))
    try:
        transfer = backend.orders.transfer(draft, Channel.MESSAGING)
    except BackOfficeError as error:
        log.warning("order %s over %s refused: %s", draft.commerce_order_id, hints.transport, error.message)
        return Outcome(Result.REJECTED, draft.commerce_order_id,
                       error=_report(f"_ERR_{error.reason_code}", error.message, hints, "GenericApplicationError"))
    result = Result.APPLIED if transfer.created else Result.DUPLICATE
    return Outcome(result, draft.commerce_order_id, transfer.order.external_order_id)


def _report(key: str, message: str, hints: Hints, kind: str) -> ErrorReport:
    attributes = tuple((name, value) for name, value in (("transport", hints.transport),
                                                         ("messageId", hints.message_id)) if value)
    return ErrorReport(key, message, kind, "OrderCreate", attributes)
