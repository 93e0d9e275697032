"""The watched directory: each settled file is split into messages, applied, then moved to done/ (or error/)."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from simulator.backend.service import Backend
from simulator.legacy.split import split_stream
from simulator.messaging.inbound import Hints, InboundOptions, Outcome, Result, apply_message

log = logging.getLogger("simulator.messaging")


@dataclass(frozen=True, slots=True)
class FileReport:
    """What one file held: the outcome of each message in it."""

    path: Path
    outcomes: tuple[Outcome, ...]


class InboxWatcher:
    """Polls a directory; a file untouched for `settle` seconds is complete (the File connector appends)."""

    def __init__(
        self, backend: Backend, options: InboundOptions, inbox: Path, errors: Path | None = None,
        poll_seconds: float = 0.5, settle_seconds: float = 0.5,
    ) -> None:
        self._backend = backend
        self._options = options
        self.inbox = inbox
        self.errors = errors or inbox / "error"
        self.done = inbox / "done"
        self._poll = poll_seconds
        self._settle = settle_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def scan(self) -> list[FileReport]:
        """Process every settled file once."""
        reports = []
        now = time.time()
        for path in sorted(self.inbox.iterdir()) if self.inbox.is_dir() else []:
            if path.name.startswith(".") or not path.is_file() or now - path.stat().st_mtime < self._settle:
                continue
            reports.append(self.process(path))
        return reports

    def process(self, path: Path) -> FileReport:
        """Apply each message of a file; malformed ones are copied to the error directory with their WCS_Error."""
        data = path.read_bytes()
        outcomes = []
        for index, message in enumerate(split_stream(data)):
            hints = Hints("file", "", f"{path.name}#{index}", str(path))
            outcome = apply_message(self._backend, message, hints, self._options)
            outcomes.append(outcome)
            if not outcome.ok:
                self._keep_error(path, index, message, outcome)
        self.done.mkdir(parents=True, exist_ok=True)
        os.replace(path, self.done / path.name)
        return FileReport(path, tuple(outcomes))

    def _keep_error(self, path: Path, index: int, message: bytes, outcome: Outcome) -> None:
        self.errors.mkdir(parents=True, exist_ok=True)
        stem = f"{path.name}.{index}"
        (self.errors / f"{stem}.msg").write_bytes(message)
        (self.errors / f"{stem}.error.xml").write_bytes(outcome.error_body())
        log.warning("%s message %d %s, kept in %s", path.name, index, outcome.result.value, self.errors)

    def start(self) -> InboxWatcher:
        """Poll in a daemon thread until stop(); the inbox is made if it does not exist yet."""
        self.inbox.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._loop, name="messaging-inbox", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop polling (after the file in hand)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.scan()
            except Exception:  # a file vanishing or a busy store must not stop the watcher
                log.exception("the inbox watcher failed a scan")
            self._stop.wait(self._poll)


def applied(report: FileReport) -> int:
    """How many messages of a file were applied (not redeliveries)."""
    return sum(outcome.result is Result.APPLIED for outcome in report.outcomes)
