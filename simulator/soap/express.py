"""The express lane: GetInventoryAvailability, the hot operation, answered without the general dispatch.

The fault layer, which has parsed the request once, offers it the envelope only while no fault rule exists and no
credentials are required. The lane takes only a SOAP envelope whose DataArea holds a Get with one Expression,
checked against the bundled schemas (strict mode). It reads the ApplicationArea and the expression once,
validates, and answers with the same handler as the general path; the journal gets the facts a walk of the BOD
would find. Anything else, and anything this lane cannot answer cleanly, it leaves to the general path, which
answers it and says what is wrong.
"""

from __future__ import annotations

from simulator.bod import schema
from simulator.bod.application_area import parse_application_area
from simulator.bod.availability import GET_ROOT
from simulator.bod.dispatch import get_operation
from simulator.bod.envelope import SoapVersion, Unwrapped, envelope_bytes
from simulator.bod.verbs import lone_get_expression
from simulator.faults.effects import Reply
from simulator.faults.facts import lone_expression_facts
from simulator.faults.middleware import Expressed
from simulator.soap.calls import Call, Handler


class ExpressLane:
    """The lane of one world's operations."""

    def __init__(self, availability: Handler, open_lane: bool) -> None:
        """`open_lane`: whether requests are checked the way this lane checks them (bundled schemas, strict)."""
        self._availability = availability
        self._open = open_lane

    def __call__(self, unwrapped: Unwrapped, path: str, tenant: str) -> Expressed | None:
        """The answer to a GetInventoryAvailability, or None to let the general path answer."""
        if not self._open or unwrapped.bod.tag != GET_ROOT or unwrapped.version is SoapVersion.NONE:
            return None
        try:
            return self._answer(unwrapped, path, tenant)
        except Exception:  # the general path answers it again and says what is wrong
            return None

    def _answer(self, unwrapped: Unwrapped, path: str, tenant: str) -> Expressed | None:
        bod, version = unwrapped.bod, unwrapped.version
        expression = lone_get_expression(bod)
        if expression is None:
            return None
        key = get_operation(GET_ROOT, expression)
        area = parse_application_area(bod)
        schema.validate(bod)
        answer = envelope_bytes(self._availability(Call(bod, version, area, expression)), version)
        headers = [("Content-Type", version.content_type), ("Content-Length", str(len(answer)))]
        return Expressed(Reply("200 OK", headers, answer), lone_expression_facts(tenant, path, unwrapped, key, area))
