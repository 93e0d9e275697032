"""Commerce's side of the order notification: compose it as OrderCreateXML.jsp / SendWCSOrderCmdImpl and send it."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from simulator.legacy.model import Notification, NotificationLine
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


# Commerce's own member id of the buyer: the JSP writes the logon id only beside it; the back office books by logon.
COMMERCE_MEMBER_ID = "3001"


def _admin(base: str, path: str) -> Any:
    with urllib.request.urlopen(base.rstrip("/") + path, timeout=10) as reply:
        return json.load(reply)


def sample_notification(base: str, order_id: str, quantity: int = 1) -> Notification:
    """A notification for the simulator's first online store, first buyer and first part with stock."""
    store = _admin(base, "/_admin/stores")["online_stores"][0]
    buyer = _admin(base, "/_admin/buyers?limit=1")["items"][0]
    part = next(
        entry["part_number"]
        for entry in _admin(base, "/_admin/catalog?limit=50")["items"]
        if _admin(base, f"/_admin/stock/{entry['part_number']}")["availability"]["quantity"] >= quantity
    )
    line = NotificationLine(f"{order_id}1", part, Decimal(quantity), Decimal("24.99"), store["currency"], 0)
    return Notification(order_id, store["currency"], (line,), placed=datetime.now(UTC).replace(microsecond=0),
                        total_net=Decimal("24.99") * quantity, store_id=store["store_id"],
                        member_id=COMMERCE_MEMBER_ID, logon_id=buyer["logon_id"])


def main(argv: list[str] | None = None) -> int:
    """Print an order notification for a running simulator's world, as Commerce would send it."""
    parser = argparse.ArgumentParser(prog="python -m simulator.client.legacy_sender", description=main.__doc__)
    parser.add_argument("--simulator", default="http://127.0.0.1:8080", help="base URL of the simulator")
    parser.add_argument("--order", default="18001", help="Commerce's order number (ORDERS_ID)")
    parser.add_argument("--quantity", type=int, default=1)
    parser.add_argument("--legacy", action="store_true", help="the fixed-width Order Create buffer instead of XML")
    options = parser.parse_args(argv)
    note = sample_notification(options.simulator, options.order, options.quantity)
    sys.stdout.buffer.write(compose(note, options.legacy))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
