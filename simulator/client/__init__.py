"""Reference commerce client: WebSphere-Commerce-like outbound calls with caches."""

from __future__ import annotations

from simulator.client.backoffice import BackOfficeClient, Exchange
from simulator.client.errors import BusinessFault, ClientError, ProtocolError, SoapFault, raise_for_errors
from simulator.client.model import Buyer, Line, Order, Quote
from simulator.client.transport import HttpResponse, HttpTransport, Transport, WsgiTransport

__all__ = [
    "BackOfficeClient",
    "BusinessFault",
    "Buyer",
    "ClientError",
    "Exchange",
    "HttpResponse",
    "HttpTransport",
    "Line",
    "Order",
    "ProtocolError",
    "Quote",
    "SoapFault",
    "Transport",
    "WsgiTransport",
    "raise_for_errors",
]
