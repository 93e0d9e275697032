"""Gen-B namespaces: the non-/9/ Commerce inventory, order, member and foundation overlays."""

from __future__ import annotations

from simulator.bod.namespaces import OA, XSI

WCF = "http://www.ibm.com/xmlns/prod/commerce/foundation"
INV = "http://www.ibm.com/xmlns/prod/commerce/inventory"
ORD = "http://www.ibm.com/xmlns/prod/commerce/order"
MBR = "http://www.ibm.com/xmlns/prod/commerce/member"

NAMESPACES = frozenset({INV, ORD, MBR})
"""The namespaces whose BOD roots are gen B."""

PREFIXES: dict[str, str] = {"oa": OA, "wcf": WCF, "inv": INV, "ord": ORD, "mbr": MBR, "xsi": XSI}
