"""Commerce's side of the order notification: compose it as OrderCreateXML.jsp / SendWCSOrderCmdImpl and send it."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from simulator.legacy.model import Notification
from simulator.legacy.order_create import render_order_create
from simulator.legacy.report import render_report


def compose(note: Notification, legacy: bool = False) -> bytes:
    """The message bytes: trimmed and UTF-8 encoded, as the sending command does."""
    text = render_order_create(note) if legacy else render_report(note)
    return text.strip().encode("utf-8")


@dataclass(frozen=True, slots=True)
class Answer:
    """What the back office answered an HTTP post."""

    status: int
    body: bytes
    headers: dict[str, str]

    def header(self, name: str) -> str:
        """A response header by case-insensitive name, empty when absent."""
        return self.headers.get(name.lower(), "")


def post(url: str, message: bytes, timeout: float = 10.0) -> Answer:
    """POST the message as Commerce's HTTP connector does (text/xml, raw body)."""
    request = urllib.request.Request(url, data=message, method="POST",
                                     headers={"Content-Type": "text/xml;charset=UTF-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return Answer(reply.status, reply.read(), {k.lower(): v for k, v in reply.headers.items()})
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(), {k.lower(): v for k, v in error.headers.items()})


def append(path: Path, message: bytes) -> None:
    """Append the message to one file with no separator, as Commerce's File connector does."""
    with path.open("ab") as file:
        file.write(message)
