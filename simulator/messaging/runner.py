"""The background work with legacy messaging: the push runner's ticker and dispatcher, legacy routes, the inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from simulator.backend.service import Backend
from simulator.config import Settings
from simulator.messaging.options import inbound_options, outbound_enabled, render_options
from simulator.messaging.sinks import DirectorySink, HttpSink, LegacyDelivery, Routing, Sink
from simulator.messaging.watcher import InboxWatcher
from simulator.push import runner
from simulator.push.dispatcher import Dispatcher
from simulator.push.sender import Sender


def legacy_sink(settings: Settings) -> Sink | None:
    """The configured destination of legacy messages (HTTP wins over a directory)."""
    if settings.messaging_url:
        return HttpSink(settings.messaging_url, settings.push_timeout_ms / 1000)
    if settings.messaging_outbox_dir:
        return DirectorySink(Path(settings.messaging_outbox_dir))
    return None


@dataclass
class Background:
    """The push runner's background work plus the inbox watcher."""

    work: runner.Background
    watcher: InboxWatcher | None

    def start(self) -> Background:
        """Start everything."""
        self.work.start()
        if self.watcher is not None:
            self.watcher.start()
        return self

    def stop(self) -> None:
        """Stop everything."""
        if self.watcher is not None:
            self.watcher.stop()
        self.work.stop()


def background(backend: Backend, settings: Settings) -> Background:
    """The background work for a backend (not started)."""
    work = runner.background(backend, settings)
    sink = legacy_sink(settings)
    if sink is not None and outbound_enabled(settings):
        target = runner.push_target(settings)
        soap = Sender(target) if target is not None else None
        lease = timedelta(milliseconds=max(4 * settings.push_timeout_ms, 30_000))
        delivery = Routing(LegacyDelivery(render_options(settings), sink), soap)
        work.dispatcher = Dispatcher(backend.outbox, delivery, settings.push_poll_ms / 1000, lease)
    watcher = None
    if settings.messaging_inbox_dir:
        errors = Path(settings.messaging_error_dir) if settings.messaging_error_dir else None
        watcher = InboxWatcher(backend, inbound_options(settings), Path(settings.messaging_inbox_dir), errors)
    return Background(work, watcher)
