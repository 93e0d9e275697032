"""The lifecycle ticker: applies due transitions on the shared clock, in the background."""

from __future__ import annotations

import logging
import threading

from simulator.backend.lifecycle_service import LifecycleService

log = logging.getLogger("simulator.lifecycle")


class Ticker:
    """Calls advance_due every `interval` seconds in a daemon thread."""

    def __init__(self, lifecycle: LifecycleService, interval: float = 1.0) -> None:
        self._lifecycle = lifecycle
        self._interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> int:
        """One pass; returns how many timers fired."""
        return self._lifecycle.advance_due().fired

    def start(self) -> Ticker:
        """Run until stop()."""
        self._thread = threading.Thread(target=self._loop, name="lifecycle-ticker", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.tick()
            except Exception:  # a busy store or one bad entity must not stop every lifecycle
                log.exception("the lifecycle ticker failed")
