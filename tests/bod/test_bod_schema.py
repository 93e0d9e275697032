"""Schema validation with our subset and with a Commerce-toolkit-shaped folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from simulator.bod import samples, schema
from simulator.bod.errors import InvalidMessage, UnsupportedOperation

Loader = Callable[[str], etree._Element]


@pytest.mark.parametrize("name", samples.names())
def test_every_sample_validates(load_bod: Loader, name: str) -> None:
    schema.validate(load_bod(name))


def test_wrong_element_order_names_the_element(load_bod: Loader) -> None:
    bod = load_bod("CalculateOrder.xml")
    order = bod.find(".//{*}Order")
    placed = order.find("{*}PlacedDate")
    order.remove(placed)
    order.insert(0, placed)
    with pytest.raises(InvalidMessage, match="schema violation") as caught:
        schema.validate(bod)
    assert caught.value.element is not None


def test_wrong_namespace_fails_validation(load_bod: Loader) -> None:
    bod = load_bod("ReserveInventory.xml")
    for element in bod.iter("{http://www.ibm.com/xmlns/prod/commerce/9/foundation}UniqueID"):
        element.tag = "{http://www.ibm.com/xmlns/prod/commerce/9/order}UniqueID"
        break
    with pytest.raises(InvalidMessage):
        schema.validate(bod)


TOOLKIT_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:toolkit" elementFormDefault="qualified">
  <xs:element name="GetThing"><xs:complexType><xs:sequence>
    <xs:element name="Name" type="xs:string"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
"""


@pytest.fixture
def toolkit(tmp_path: Path) -> Path:
    bods = tmp_path / "OAGIS/9.0/Overlays/IBM/Commerce/BODs"
    bods.mkdir(parents=True)
    (bods / "GetThing.xsd").write_text(TOOLKIT_XSD)
    (bods / "Broken.xsd").write_text("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:nope/></xs:schema>")
    return tmp_path


def test_validates_against_a_toolkit_folder(toolkit: Path) -> None:
    schema.validate_with_toolkit(etree.fromstring(b'<GetThing xmlns="urn:toolkit"><Name>x</Name></GetThing>'), toolkit)
    with pytest.raises(InvalidMessage):
        schema.validate_with_toolkit(etree.fromstring(b'<GetThing xmlns="urn:toolkit"><Other/></GetThing>'), toolkit)


def test_toolkit_schemas_are_cached(toolkit: Path) -> None:
    assert schema.toolkit_schema(toolkit, "GetThing") is schema.toolkit_schema(toolkit, "GetThing")


def test_toolkit_without_the_bod_or_broken(toolkit: Path) -> None:
    with pytest.raises(UnsupportedOperation, match="no schema"):
        schema.validate_with_toolkit(etree.fromstring(b'<Missing xmlns="urn:toolkit"/>'), toolkit)
    with pytest.raises(UnsupportedOperation, match="does not compile"):
        schema.toolkit_schema(toolkit, "Broken")
