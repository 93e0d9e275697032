"""The WSGI middleware in front of the SOAP gateway: credentials, fault rules, the journal, domain events, metrics.

Delays sleep in the request's own thread: the server runs each request in a pool of blocking threads (granian
`--threads`, default 4 per worker), so a sleeping request holds one thread, not the worker; many delays in flight
at once need a larger pool (`serve --threads 64`).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import logging
import re
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final, Protocol

from simulator.bod.envelope import Unwrapped, fault_bytes
from simulator.bod.messages import ApplicationArea
from simulator.bod.parsed import Parsed, leave_parsed
from simulator.control.ports import ControlStore
from simulator.control.records import Event, Exchange, utc_stamp
from simulator.faults.effects import Reply, Streamed, call_wsgi, refusal, transform, unprocessed_cut
from simulator.faults.engine import FaultEngine, Hit
from simulator.faults.facts import Facts, facts_of, open_envelope
from simulator.faults.rules import rng_for

log = logging.getLogger(__name__)

TENANT_ENVIRON: Final = "backoffice_sim.tenant"
BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
_EXTERNAL_ORDER: Final = re.compile(rb"<[\w:]*ExternalOrderID>([^<]+)<")
_EXTERNAL_QUOTE: Final = re.compile(rb"<[\w:]*ExternalQuoteID>([^<]+)<")
_EVENTS: Final = {
    "ReserveInventory": "reservation.created",
    "ReserveOrderInventory": "reservation.created",
    "CancelInventoryReservation": "reservation.cancelled",
    "CancelOrderInventory": "reservation.cancelled",
    "TransferOrder": "order.transferred",
    "GenB.TransferOrder": "order.transferred",
    "SubmitQuote": "quote.submitted",
}
BUCKET_LABELS: Final = (*(f"{bound:g}" for bound in BUCKETS), "+Inf")
"""The `le` label of each duration bucket, in order; the last one catches everything slower."""
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class WorldActions(Protocol):
    """What fault effects may do to the world behind the gateway, and its clock and BODIDs."""

    def now(self) -> datetime: ...
    def area(self) -> ApplicationArea: ...
    def raise_prices(self, parts: Sequence[str], organization: str | None, factor: Decimal) -> list[dict[str, str]]: ...
    def limit_availability(self, parts: Sequence[str], available: int) -> list[dict[str, str]]: ...


@dataclass(slots=True)
class Expressed:
    """A request the express lane answered, and its facts for the journal."""

    reply: Reply
    facts: Facts


Express = Callable[[Unwrapped, str, str], Expressed | None]
"""The services' express lane: (the opened request, path, tenant) answered directly, or None for the general way."""


@dataclass(frozen=True, slots=True)
class ControlSettings:
    """Body limit and the credentials the SOAP services require (none: open)."""

    max_body_bytes: int = 1024 * 1024
    soap_username: str | None = None
    soap_password: str | None = None


class ControlMiddleware:
    """Wraps the SOAP gateway of one tenant's world."""

    def __init__(
        self,
        app: WsgiApp,
        store: ControlStore,
        engine: FaultEngine,
        world: WorldActions,
        settings: ControlSettings,
        direct: Callable[[dict[str, Any]], Reply] | None = None,
        express: Express | None = None,
    ) -> None:
        """`direct`, when given, answers a POST as `app` would, as one Reply without the WSGI round trip; `express`
        answers the requests it can while no fault rule exists and no credentials are required."""
        self._app = app
        self._direct = direct
        self._express = express
        self._store = store
        self._engine = engine
        self._world = world
        self._settings = settings

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return self._app(environ, start_response)
        started = time.perf_counter()
        declared = str(environ.get("CONTENT_LENGTH") or "")
        if declared.isdigit() and int(declared) > self._settings.max_body_bytes:
            return self._app(environ, start_response)  # refused by its declared length, before anything is read
        body = self._read(environ)
        tenant, path = str(environ.get(TENANT_ENVIRON, "")), environ.get("PATH_INFO", "")
        unwrapped = open_envelope(body, self._settings.max_body_bytes)
        expressed = self._expressed(unwrapped, path, tenant)
        if expressed is not None:
            facts, outcome = expressed.facts, _Outcome(expressed.reply, inner=expressed.reply)
        else:
            facts = facts_of(unwrapped, path, tenant, str(environ.get("CONTENT_TYPE", "")))
            outcome = self._general(environ, body, facts)
        record = _Recorder(self._store, facts, outcome, started)
        if isinstance(outcome.answer, Streamed):
            start_response(outcome.answer.status, outcome.answer.headers)
            return record.streaming(outcome.answer.chunks)
        reply = outcome.answer
        start_response(reply.status, reply.headers)
        record.done(reply.code)
        return [reply.body]

    def _expressed(self, unwrapped: Unwrapped | None, path: str, tenant: str) -> Expressed | None:
        """The express lane's answer, when it has one and nothing intervenes."""
        if unwrapped is None or self._express is None or not self._nothing_intervenes():
            return None
        return self._express(unwrapped, path, tenant)

    def _general(self, environ: dict[str, Any], body: bytes, facts: Facts) -> _Outcome:
        """The answer after credentials and fault rules had their say, faulted or not."""
        if facts.unwrapped is not None:
            leave_parsed(environ, Parsed(body, facts.unwrapped, facts.key, facts.area))
        else:  # the gateway reads the body again, to say what is wrong with it
            environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return self._answer(environ, facts)

    def _nothing_intervenes(self) -> bool:
        """No credentials to check and no fault rule to match: the answer is the services' own."""
        return not self._settings.soap_username and not self._engine.rules()

    def _read(self, environ: dict[str, Any]) -> bytes:
        limit = self._settings.max_body_bytes
        declared = str(environ.get("CONTENT_LENGTH") or "")
        data: bytes = environ["wsgi.input"].read(int(declared) if declared.isdigit() else limit + 1)
        return data

    def _answer(self, environ: dict[str, Any], facts: Facts) -> _Outcome:
        if not self._authorized(environ, facts):
            return _Outcome(_unauthorized(facts))
        hit = self._engine.choose(facts, self._world.now) if facts.operation or facts.service else None
        if hit is None:
            inner = self._call(environ)
            return _Outcome(inner, inner=inner)
        return self._faulted(environ, facts, hit)

    def _faulted(self, environ: dict[str, Any], facts: Facts, hit: Hit) -> _Outcome:
        effect = hit.rule.effect
        label = effect.type
        refused = refusal(effect, facts, self._world.area)
        if refused is not None:
            return _Outcome(refused, hit=hit, fault=label)
        if not effect.processes:
            return _Outcome(unprocessed_cut(effect, facts), hit=hit, fault=label)
        events = self._side_effects(facts, hit)
        if effect.type in ("delay", "read_timeout"):
            time.sleep(effect.delay_seconds(rng_for(hit.rule.mode.seed, hit.draw, "delay")))
        inner = self._call(environ)
        answer = transform(effect, inner, hit.draw, hit.rule.mode.seed)
        return _Outcome(answer, inner=inner, hit=hit, fault=label, events=events)

    def _side_effects(self, facts: Facts, hit: Hit) -> list[tuple[str, dict[str, str]]]:
        effect = hit.rule.effect
        try:
            if effect.type == "change_price":
                organization = facts.organizations[0] if facts.organizations else None
                changed = self._world.raise_prices(facts.part_numbers, organization, Decimal(effect.factor))
                return [("price.changed", subject) for subject in changed]
            if effect.type == "limit_availability":
                limited = self._world.limit_availability(facts.part_numbers, effect.available)
                return [("availability.limited", subject) for subject in limited]
        except Exception:
            log.exception("fault rule %s could not change the world", hit.rule_id)
        return []

    def _call(self, environ: dict[str, Any]) -> Reply:
        if self._direct is not None and environ.get("REQUEST_METHOD") == "POST":
            return self._direct(environ)
        return call_wsgi(self._app, environ)

    def _authorized(self, environ: dict[str, Any], facts: Facts) -> bool:
        user, password = self._settings.soap_username, self._settings.soap_password or ""
        if not user:
            return True
        header = str(environ.get("HTTP_AUTHORIZATION", ""))
        if header[:6].lower() == "basic ":
            try:
                given_user, _, given_password = base64.b64decode(header[6:].strip()).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return False
            return _same(given_user, user) and _same(given_password, password)
        token = facts.credentials()
        return token is not None and _same(token.username, user) and _same(token.password or "", password)


@lru_cache(maxsize=1024)
def _counted(operation: str, status: int, bucket: str) -> tuple[tuple[tuple[str, float], ...], str]:
    """The counters one exchange adds 1 to, and the key its duration is summed under (cached: a handful of
    combinations recur on every call)."""
    requests, bucket_key, count = f"requests|{operation}|{status}", f"bucket|{operation}|{bucket}", f"count|{operation}"
    counted = ((requests, 1.0), (bucket_key, 1.0), (count, 1.0))
    return counted, f"sum|{operation}"


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _unauthorized(facts: Facts) -> Reply:
    body = fault_bytes("Client.Authentication", "the back office needs a UsernameToken or basic auth", facts.version)
    headers = [("Content-Type", facts.version.content_type), ("WWW-Authenticate", 'Basic realm="backoffice-sim"')]
    return Reply("401 Unauthorized", headers, body)


@dataclass(slots=True)
class _Outcome:
    answer: Reply | Streamed
    inner: Reply | None = None
    hit: Hit | None = None
    fault: str | None = None
    events: Sequence[tuple[str, dict[str, str]]] = ()


class _Recorder:
    """Writes one journal entry, its domain events and metric counters when the answer is complete."""

    __slots__ = ("_facts", "_outcome", "_started", "_store")

    def __init__(self, store: ControlStore, facts: Facts, outcome: _Outcome, started: float) -> None:
        self._store = store
        self._facts = facts
        self._outcome = outcome
        self._started = started

    def streaming(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """Pass a stream through, recording when it ends (however it ends)."""
        status = int(self._outcome.answer.status.split(" ", 1)[0])
        try:
            yield from chunks
        finally:
            self.done(status)

    def done(self, status: int) -> None:
        """Record the exchange; a failure to record never fails the answer."""
        try:
            self._record(status)
        except Exception:
            log.exception("could not journal a SOAP exchange")

    def _record(self, status: int) -> None:
        facts, outcome = self._facts, self._outcome
        duration = time.perf_counter() - self._started
        at = utc_stamp()
        operation = facts.operation or "unknown"
        eventful = bool(outcome.events) or operation in _EVENTS
        events = [Event(at, facts.tenant, kind, subject) for kind, subject in self._events()] if eventful else []
        exchange = Exchange(
            at=at, tenant=facts.tenant, method="POST", path=facts.path, service=facts.service,
            operation=facts.operation, action_code=facts.action_code, status=status,
            duration_ms=round(duration * 1000, 3), fault=outcome.fault,
            rule_id=outcome.hit.rule_id if outcome.hit else None, bod_id=facts.bod_id,
            commerce_order_id=facts.commerce_order_id, store_id=facts.store_id,
            part_numbers=facts.part_numbers, organizations=facts.organizations,
        )  # fmt: skip
        counted, sum_key = _counted(operation, status, BUCKET_LABELS[bisect_left(BUCKETS, duration)])
        counters = [*counted, (sum_key, duration)]
        if outcome.fault:
            counters.append((f"faults|{operation}|{outcome.fault}", 1.0))
        for event in events:
            counters.append((f"events|{event.type}", 1.0))
        self._store.record(exchange, events, counters)

    def _events(self) -> list[tuple[str, dict[str, str]]]:
        inner, facts = self._outcome.inner, self._facts
        kind = _EVENTS.get(facts.operation)
        found = list(self._outcome.events)
        if inner is None or kind is None or inner.code != 200 or b"ChangeStatus" in inner.body:
            return found
        subject = {"commerce_order_id": facts.commerce_order_id or "", "store_id": facts.store_id or ""}
        for pattern, name in ((_EXTERNAL_ORDER, "external_order_id"), (_EXTERNAL_QUOTE, "external_quote_id")):
            match = pattern.search(inner.body)
            if match and kind in ("order.transferred", "quote.submitted"):
                subject[name] = match.group(1).decode(errors="replace")
        found.append((kind, subject))
        return found
