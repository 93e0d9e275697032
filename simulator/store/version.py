"""A change counter shared by every process using one database: an 8-byte memory-mapped file beside it."""

from __future__ import annotations

import mmap
import os
import threading
from pathlib import Path

from simulator.store.process import current_pid

SIZE = 8


class ChangeCounter:
    """Bumped after every committed write; readers compare values to know whether anything changed.

    A bump happens after its commit, so a reader that sees a value also sees every commit made before that
    value was written; two writers bumping at once may lose one increment, which is harmless because the
    value still differs from anything read before either commit.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._map: mmap.mmap | None = None
        self._pid = 0

    def _mapped(self) -> mmap.mmap:
        if self._map is not None and self._pid == current_pid():
            return self._map
        with self._lock:
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                if os.fstat(fd).st_size < SIZE:
                    os.ftruncate(fd, SIZE)
                self._map = mmap.mmap(fd, SIZE)
            finally:
                os.close(fd)
            self._pid = current_pid()
            return self._map

    def value(self) -> int:
        """The current count."""
        return int.from_bytes(self._mapped()[:SIZE], "little")

    def bump(self) -> None:
        """Record that a write was committed."""
        mapped = self._mapped()
        mapped[:SIZE] = ((int.from_bytes(mapped[:SIZE], "little") + 1) % 2**63).to_bytes(SIZE, "little")

    def close(self) -> None:
        """Unmap the counter (this process's mapping only)."""
        with self._lock:
            if self._map is not None and self._pid == current_pid():
                self._map.close()
            self._map = None
