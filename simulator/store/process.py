"""This process's id, cached: os.getpid() is a system call, and the hot path asks for it on every request."""

from __future__ import annotations

import os

_pid = os.getpid()


def _forked() -> None:
    global _pid
    _pid = os.getpid()


os.register_at_fork(after_in_child=_forked)


def current_pid() -> int:
    """The id of the running process (correct in a forked child too)."""
    return _pid
