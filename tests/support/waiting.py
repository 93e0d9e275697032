"""Polling for something another thread or process does."""

from __future__ import annotations

import time
from collections.abc import Callable


def until(condition: Callable[[], bool], timeout: float = 20.0, interval: float = 0.02) -> bool:
    """Whether `condition` came true within `timeout` seconds (checked every `interval`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False
