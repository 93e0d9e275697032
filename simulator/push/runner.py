"""The background work of one database: the lifecycle ticker and, when pushes are on, the outbox dispatcher."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from simulator.backend.service import Backend
from simulator.config import Settings
from simulator.push.dispatcher import Dispatcher
from simulator.push.oms import AnsweredDelivery
from simulator.push.sender import PushTarget, Sender
from simulator.push.ticker import Ticker


def push_target(settings: Settings) -> PushTarget | None:
    """Where pushes go, or None when pushes are off."""
    if not settings.push_url:
        return None
    return PushTarget(
        base_url=settings.push_url,
        order_path=settings.push_order_path,
        inventory_path=settings.push_inventory_path,
        member_path=settings.push_member_path,
        oms_path=settings.push_oms_path,
        username=settings.push_user,
        password=settings.push_password,
        auth=settings.push_auth,
        timeout=settings.push_timeout_ms / 1000,
    )


@dataclass
class Background:
    """The ticker and the dispatcher, started and stopped together."""

    ticker: Ticker
    dispatcher: Dispatcher | None

    def start(self) -> Background:
        """Start both threads."""
        self.ticker.start()
        if self.dispatcher is not None:
            self.dispatcher.start()
        return self

    def stop(self) -> None:
        """Stop both threads."""
        self.ticker.stop()
        if self.dispatcher is not None:
            self.dispatcher.stop()


def background(backend: Backend, settings: Settings) -> Background:
    """The background work for a backend (not started)."""
    target = push_target(settings)
    dispatcher = None
    if target is not None:
        lease = timedelta(milliseconds=max(4 * settings.push_timeout_ms, 30_000))
        delivery = AnsweredDelivery(Sender(target), backend.inbound)
        dispatcher = Dispatcher(backend.outbox, delivery, settings.push_poll_ms / 1000, lease)
    return Background(Ticker(backend.lifecycle, settings.tick_ms / 1000), dispatcher)

