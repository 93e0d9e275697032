"""RSS of a process tree from /proc, sampled in the background during a run."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    found = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [p for child in children.read_text().split() for p in tree(int(child))]
        except OSError:
            continue
    return found


def rss_kib(pid: int) -> int:
    """Resident set size of the process tree rooted at pid, KiB (0 for processes already gone)."""
    total = 0
    for member in tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


@dataclass
class RssSampler:
    """Samples a process tree's RSS every `interval` seconds on a daemon thread until stopped."""

    pid: int
    interval: float = 1.0
    samples: list[tuple[float, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = time.monotonic()

    def start(self) -> RssSampler:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.samples.append((time.monotonic() - self._started, rss_kib(self.pid)))

    def after(self, seconds: float) -> int:
        """The first sample taken at least `seconds` into the run (the last one if none is that late)."""
        return next((kib for at, kib in self.samples if at >= seconds), self.samples[-1][1] if self.samples else 0)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - self._started, rss_kib(self.pid)))
            self._stop.wait(self.interval)
