"""Start `python -m simulator serve` on a free port and stop it by its own process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SimulatorProcess:
    """A simulator serving a database file, for the length of a test session."""

    def __init__(self, db: Path, *, workers: int = 1, port: int | None = None, extra: tuple[str, ...] = ()) -> None:
        self.db = db
        self.workers = workers
        self.port = port or free_port()
        self.extra = extra
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL of the simulator."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> SimulatorProcess:
        """Serve and wait until /_admin/health answers."""
        command = [sys.executable, "-m", "simulator", "serve", "--port", str(self.port), "--db", str(self.db),
                   "--workers", str(self.workers), *self.extra]
        log = self.db.with_suffix(".log").open("wb")
        self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the simulator exited: {self.db.with_suffix('.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/_admin/health", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"the simulator on port {self.port} did not answer /_admin/health")

    def stop(self) -> None:
        """Terminate the process group (kill it if it lingers)."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
