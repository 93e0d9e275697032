"""The outbox dispatcher: claims due pushes (never one another dispatcher holds) and delivers them in order."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Final, Protocol

from simulator.backend.outbox import OutboxService
from simulator.domain.outbox import PushRecord

log = logging.getLogger("simulator.push")
BATCH: Final = 20
DEFAULT_LEASE: Final = timedelta(seconds=120)


class Delivery(Protocol):
    """Sends one push: None on success, else the error."""

    def deliver(self, record: PushRecord) -> str | None: ...


class Dispatcher:
    """Delivers pushes at least once, in order per key, retrying with backoff; never on a request's thread."""

    def __init__(
        self,
        outbox: OutboxService,
        delivery: Delivery,
        poll_seconds: float = 0.2,
        lease: timedelta = DEFAULT_LEASE,
        on_delivered: Callable[[PushRecord], None] | None = None,
    ) -> None:
        self._outbox = outbox
        self._delivery = delivery
        self._poll = poll_seconds
        self._lease = lease
        self._on_delivered = on_delivered
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """Claim and deliver one batch; returns how many pushes were attempted.

        Only the head of each key is claimed, and a key's next push waits for the next batch, so the order
        per key holds even when an attempt fails.
        """
        claimed = self._outbox.claim(BATCH, self._lease)
        for record in claimed:
            error = self._attempt(record)
            done = self._outbox.record(record, error)
            if error is not None:
                log.warning("push %s (%s %s) failed: %s", record.push_id, record.kind, record.key, error)
            elif self._on_delivered is not None:
                self._on_delivered(done)
        return len(claimed)

    def _attempt(self, record: PushRecord) -> str | None:
        try:
            return self._delivery.deliver(record)
        except Exception as exc:  # a bug in rendering must not stop the dispatcher
            log.exception("push %s could not be sent", record.push_id)
            return f"{type(exc).__name__}: {exc}"

    def wake(self) -> None:
        """Look at the outbox now rather than at the next poll."""
        self._wake.set()

    def start(self) -> Dispatcher:
        """Run in a daemon thread until stop()."""
        self._thread = threading.Thread(target=self._loop, name="push-dispatcher", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread (after the push in hand)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.run_once()
            except Exception:  # the store may be busy or closing: try again at the next poll
                log.exception("the dispatcher cannot read the outbox")
                busy = 0
            if not busy:
                self._wake.wait(self._poll)
                self._wake.clear()
