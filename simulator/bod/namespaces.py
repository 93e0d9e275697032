"""XML namespaces of OAGIS 9, the Commerce gen-C overlays, XML Schema instance and SOAP."""

from __future__ import annotations

OA = "http://www.openapplications.org/oagis/9"
WCF = "http://www.ibm.com/xmlns/prod/commerce/9/foundation"
INV = "http://www.ibm.com/xmlns/prod/commerce/9/inventory"
ORD = "http://www.ibm.com/xmlns/prod/commerce/9/order"
PRC = "http://www.ibm.com/xmlns/prod/commerce/9/price"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
FAULT = "urn:backoffice-sim:fault"

PREFIXES: dict[str, str] = {
    "oa": OA,
    "_wcf": WCF,
    "_inv": INV,
    "_ord": ORD,
    "_prc": PRC,
    "xsi": XSI,
}

XMLNS_DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in PREFIXES.items())


def qname(namespace: str, local: str) -> str:
    """Return the Clark notation `{namespace}local` lxml uses for a qualified name."""
    return f"{{{namespace}}}{local}"


def local_name(tag: str) -> str:
    """Return the local part of a Clark-notation tag."""
    return tag.rpartition("}")[2]


def namespace_of(tag: str) -> str:
    """Return the namespace part of a Clark-notation tag ('' when unqualified)."""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""
