"""Legacy messaging options read from the settings: inbound reading, outbound rendering and destinations."""

from __future__ import annotations

from pathlib import Path

from simulator.config import Settings
from simulator.legacy.dtd import DEFAULT_DTD_DIR
from simulator.legacy.outbound_model import Credentials, Family
from simulator.messaging.inbound import InboundOptions
from simulator.messaging.render import RenderOptions


def inbound_options(settings: Settings) -> InboundOptions:
    """How inbound messages are read (strict validation follows the simulator's validation setting)."""
    return InboundOptions(
        strict=settings.validation == "strict",
        dtd_dir=Path(settings.messaging_dtd_dir) if settings.messaging_dtd_dir else DEFAULT_DTD_DIR,
        store_id=settings.messaging_store_id,
        guest_logon_id=settings.messaging_guest_logon,
    )


def render_options(settings: Settings) -> RenderOptions:
    """The family, credentials and catalog owner of outbound messages."""
    return RenderOptions(
        Family(settings.messaging_family),
        Credentials(settings.messaging_user or "", settings.messaging_password or ""),
        settings.messaging_catalog_owner,
    )


def outbound_enabled(settings: Settings) -> bool:
    """True when legacy messages have somewhere to go (HTTP adapter, directory or broker)."""
    broker = bool(settings.broker_url) and settings.broker_outbound != "none"
    return bool(settings.messaging_url or settings.messaging_outbox_dir or broker)
