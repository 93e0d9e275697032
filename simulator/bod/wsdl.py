"""The bundled WSDLs and XSDs as text, with schema imports and the service address rewritten for serving."""

from __future__ import annotations

import posixpath
from pathlib import Path

from lxml import etree

from simulator.bod.errors import UnsupportedOperation
from simulator.bod.schema import SCHEMA_DIR

WSDL_DIR = SCHEMA_DIR / "wsdl"
SERVICES = (
    "InventoryServices",
    "OrderServices",
    "PriceServices",
    "MemberServices",
    "InventoryServicesGenB",
    "OrderServicesGenB",
)
"""Gen C, then gen B: MemberServices and the gen-B halves of the inventory and order services."""
_SOAP_ADDRESS = "{http://schemas.xmlsoap.org/wsdl/soap/}address"
_LOCATION_ATTRIBUTES = ("schemaLocation", "location")


def schema_files() -> list[str]:
    """Names of the bundled XSD files (relative to the schema folder)."""
    return sorted(path.name for path in SCHEMA_DIR.glob("*.xsd"))


def wsdl_text(service: str, schema_base_url: str | None = None, address: str | None = None) -> str:
    """A WSDL with relative imports rebased on schema_base_url (the URL serving the XSD folder)."""
    if service not in SERVICES:
        raise UnsupportedOperation(f"no WSDL for service {service!r}")
    return _rewrite(WSDL_DIR / f"{service}.wsdl", "wsdl", schema_base_url, address)


def schema_text(name: str, schema_base_url: str | None = None) -> str:
    """A bundled XSD with its relative imports rebased on schema_base_url."""
    if name not in schema_files():
        raise UnsupportedOperation(f"no schema named {name!r}")
    return _rewrite(SCHEMA_DIR / name, "", schema_base_url, None)


def _rewrite(path: Path, folder: str, base_url: str | None, address: str | None) -> str:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    if base_url is not None:
        base = base_url if base_url.endswith("/") else base_url + "/"
        for element in tree.iter():
            for name in _LOCATION_ATTRIBUTES:
                location = element.get(name)
                if location and element.tag != _SOAP_ADDRESS and "://" not in location:
                    element.set(name, base + posixpath.normpath(posixpath.join(folder, location)))
    if address is not None:
        for element in tree.iter(_SOAP_ADDRESS):
            element.set("location", address)
    return etree.tostring(tree, encoding="unicode")
