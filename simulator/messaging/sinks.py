"""Where rendered legacy messages go: Commerce's XML/HTTP program adapter, or one file per message."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from simulator.domain.outbox import PushRecord
from simulator.legacy.wcs_error import error_key, is_error
from simulator.messaging.render import LEGACY_KINDS, Rendered, RenderOptions, render


class Sink(Protocol):
    """Delivers one rendered message: None on success, else the error."""

    def send(self, message: Rendered) -> str | None: ...


class Delivery(Protocol):
    """Sends one outbox entry: None on success, else the error."""

    def deliver(self, record: PushRecord) -> str | None: ...


@dataclass(frozen=True, slots=True)
class HttpSink:
    """POST to the XML/HTTP program adapter; a WCS_Error answer is a failure, like any non-2xx status."""

    url: str
    timeout: float = 10.0

    def send(self, message: Rendered) -> str | None:
        """POST the message as text/xml."""
        request = urllib.request.Request(self.url, data=message.body, method="POST",
                                         headers={"Content-Type": message.content_type})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                body = answer.read()
        except urllib.error.HTTPError as error:
            body = error.read()
            detail = f": {error_key(body)}" if is_error(body) else ""
            return f"HTTP {error.code}{detail}"
        except (urllib.error.URLError, OSError) as error:
            return f"{type(error).__name__}: {error}"
        if is_error(body):
            return f"WCS_Error {error_key(body)}"
        return None


@dataclass(frozen=True, slots=True)
class DirectorySink:
    """One file per message, written under a temporary name and renamed, so a reader never sees half a file."""

    directory: Path

    def send(self, message: Rendered) -> str | None:
        """Write the message file."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            final = self.directory / message.name
            partial = self.directory / f".{message.name}.part"
            partial.write_bytes(message.body)
            os.replace(partial, final)
        except OSError as error:
            return f"{type(error).__name__}: {error}"
        return None


@dataclass(frozen=True, slots=True)
class LegacyDelivery:
    """Render an outbox entry of a legacy kind and hand it to a sink."""

    options: RenderOptions
    sink: Sink

    def deliver(self, record: PushRecord) -> str | None:
        """Render and send."""
        return self.sink.send(render(record, self.options))


@dataclass(frozen=True, slots=True)
class Routing:
    """Legacy kinds to legacy messaging, every other kind to the SOAP pushes; an unrouted kind fails."""

    legacy: Delivery | None
    soap: Delivery | None

    def deliver(self, record: PushRecord) -> str | None:
        """Deliver through the route of the entry's kind."""
        route = self.legacy if record.kind in LEGACY_KINDS else self.soap
        if route is None:
            return f"no delivery configured for {record.kind}"
        return route.deliver(record)
