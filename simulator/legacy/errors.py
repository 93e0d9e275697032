"""Why a legacy message was refused: a Commerce message key and a readable reason."""

from __future__ import annotations


class MalformedMessage(ValueError):
    """An inbound message that cannot be read; `key` is the Commerce-style message key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message
