"""OrderServices in Spyne: the order and quote operations, with Spyne's SOAP 1.1/1.2 handling and fault model.

The gateway has already read, size-checked, safely parsed, identified and validated the request; it hands the
raw request to the Spyne application together with the prepared answer. Spyne unwraps the envelope, calls the
operation, and writes the answer (or a Fault) in the request's SOAP version. The response BOD is put into the
Body exactly as built by the codec, not re-rendered by Spyne's AnyXml serializer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from lxml import etree
from spyne import AnyXml, Application, Fault, ServiceBase, rpc
from spyne.protocol.soap import Soap11, Soap12
from spyne.server.wsgi import WsgiApplication

import simulator.soap.spyne_compat  # noqa: F401  (repairs the import hook Spyne installs)
from simulator.bod.errors import BodError
from simulator.bod.namespaces import ORD, SOAP11, SOAP12

ANSWER_KEY = "backoffice_sim.answer"
# A client fault is an answer, not a failure of the simulator: Spyne would log each with a traceback.
logging.getLogger("spyne.application.client").setLevel(logging.CRITICAL)
Answer = Callable[[], bytes]
StartResponse = Callable[..., Any]
F = TypeVar("F", bound=Callable[..., Any])


def _answer(ctx: Any) -> etree._Element:
    produce: Answer = ctx.transport.req_env[ANSWER_KEY]
    try:
        answer = etree.fromstring(produce())
    except BodError as exc:
        raise Fault(faultcode=exc.fault_code, faultstring=str(exc)) from None
    ctx.udc = answer
    return answer


def _operation(request: str, response: str) -> Callable[[F], F]:
    decorator: Callable[[F], F] = rpc(
        AnyXml, _returns=AnyXml, _body_style="bare", _in_message_name=request, _out_message_name=response
    )
    return decorator


class OrderServices(ServiceBase):  # type: ignore[misc]
    """ProcessOrder, GetOrder, ProcessQuote and GetQuote (gen C, order namespace)."""

    @_operation("ProcessOrder", "AcknowledgeOrder")
    def ProcessOrder(ctx: Any, bod: Any) -> etree._Element:
        """CalculateOrder, TransferOrder or Transfer."""
        return _answer(ctx)

    @_operation("GetOrder", "ShowOrder")
    def GetOrder(ctx: Any, bod: Any) -> etree._Element:
        """Order history (IBM_Summary, IBM_External_Summary) or details (IBM_External_Details)."""
        return _answer(ctx)

    @_operation("ProcessQuote", "AcknowledgeQuote")
    def ProcessQuote(ctx: Any, bod: Any) -> etree._Element:
        """SubmitQuote."""
        return _answer(ctx)

    @_operation("GetQuote", "ShowQuote")
    def GetQuote(ctx: Any, bod: Any) -> etree._Element:
        """Quote list or details."""
        return _answer(ctx)


def _put_answer_in_body(ctx: Any) -> None:
    if ctx.udc is None or ctx.out_document is None:
        return
    body = ctx.out_document.find(f"{{{SOAP11}}}Body")
    if body is None:
        body = ctx.out_document.find(f"{{{SOAP12}}}Body")
    if body is None:
        return
    for child in list(body):
        body.remove(child)
    body.append(ctx.udc)


def _application(protocol: type[Soap11]) -> WsgiApplication:
    app = Application([OrderServices], tns=ORD, in_protocol=protocol(validator=None), out_protocol=protocol())
    app.out_protocol.event_manager.add_listener("after_serialize", _put_answer_in_body)
    return WsgiApplication(app)


class SpyneOrderServices:
    """The Spyne WSGI applications for SOAP 1.1 and 1.2."""

    def __init__(self) -> None:
        self._soap11 = _application(Soap11)
        self._soap12 = _application(Soap12)

    def __call__(
        self, environ: dict[str, Any], start_response: StartResponse, soap12: bool, answer: Answer
    ) -> Iterable[bytes]:
        """Serve one already-checked request through Spyne."""
        environ[ANSWER_KEY] = answer
        app = self._soap12 if soap12 else self._soap11
        return app(environ, start_response)  # type: ignore[no-any-return]
