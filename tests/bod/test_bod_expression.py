"""The Get expression parser: control prefix, nesting, and/or, quoting, repeated items, errors."""

from __future__ import annotations

import pytest

from simulator.bod.errors import BadExpression
from simulator.bod.expression import access_profile, literal, parse_expression, split_control

INVENTORY = (
    "{_wcf.ap=IBM_Store_Details}/InventoryAvailability[InventoryAvailabilityIdentifier/ExternalIdentifier[\n"
    "   CatalogEntryIdentifier[(UniqueID='55301088100')] and OnlineStoreIdentifier[(UniqueID='553')]]]"
)


def test_control_prefix_and_noun() -> None:
    expression = parse_expression(INVENTORY)
    assert expression.access_profile == "IBM_Store_Details"
    assert expression.noun == "InventoryAvailability"
    assert access_profile(INVENTORY) == "IBM_Store_Details"


def test_several_control_entries() -> None:
    controls, rest = split_control("{_wcf.ap=IBM_Summary;ibmord.isCurrentShoppingCart=true}/Order")
    assert dict(controls) == {"_wcf.ap": "IBM_Summary", "ibmord.isCurrentShoppingCart": "true"}
    assert rest == "/Order"


def test_conditions_carry_full_paths() -> None:
    paths = [c.path for c in parse_expression(INVENTORY).conditions()]
    assert paths == [
        "InventoryAvailability/InventoryAvailabilityIdentifier/ExternalIdentifier/CatalogEntryIdentifier/UniqueID",
        "InventoryAvailability/InventoryAvailabilityIdentifier/ExternalIdentifier/OnlineStoreIdentifier/UniqueID",
    ]


def test_or_distributes_into_alternatives() -> None:
    expression = parse_expression(
        "/X[A[(B='1')] and (C[(D='2')] or E[(F='3')])]"
    )
    assert [[(c.path, c.value) for c in alt] for alt in expression.alternatives()] == [
        [("X/A/B", "1"), ("X/C/D", "2")],
        [("X/A/B", "1"), ("X/E/F", "3")],
    ]


def test_values_in_one_predicate_become_alternatives() -> None:
    expression = parse_expression("{_wcf.ap=IBM_Summary}/Order[OrderStatus[(Status='M' or Status='C')]]")
    assert expression.values("OrderStatus/Status") == ("M", "C")
    assert len(expression.alternatives()) == 2


def test_quoted_values_may_hold_brackets_and_operators() -> None:
    expression = parse_expression("/P[Q[(N='a] and (b) or [c')] and R[(M=\"it's\")]]")
    assert expression.first("Q/N") == "a] and (b) or [c"
    assert expression.first("R/M") == "it's"


def test_attribute_tests_and_numbers() -> None:
    expression = parse_expression(
        "/PriceList[PriceEntry[(Price[Price[@currency='USD'] and ((Quantity='1.0' and Quantity[@uom='C62']))])]]"
    )
    assert expression.first("Price/@currency") == "USD"
    assert expression.first("Quantity/@uom") == "C62"
    assert expression.first("Price/Quantity") == "1.0"


def test_positional_predicate_and_prefixed_names() -> None:
    expression = parse_expression("/_inv:InventoryRequirement[1]")
    assert expression.noun == "InventoryRequirement"
    assert expression.alternatives() == ((),)


def test_parses_are_cached() -> None:
    assert parse_expression(INVENTORY) is parse_expression(INVENTORY)


@pytest.mark.parametrize("text", [
    "",
    "{_wcf.ap=IBM_Store_Details}",
    "{_wcf.ap=IBM_Store_Details/Order",
    "{novalue}/Order",
    "/Order[OrderStatus[(Status='M')]",
    "/Order[OrderStatus[(Status='M']]",
    "/Order[Status='unterminated]",
    "/Order[Status=]",
    "/Order[Status=Name]",
    "/Order[starts-with(Status,'M')]",
    "/Order[Status='M'] extra",
    "/Order[Status # 'M']",
    "/Order[" + " and ".join(f"(A='{i}' or B='{i}')" for i in range(20)) + "]",
])
def test_bad_expressions(text: str) -> None:
    with pytest.raises(BadExpression):
        parse_expression(text)


def test_literal_quoting() -> None:
    assert literal("a") == "'a'"
    assert literal("it's") == '"it\'s"'
    with pytest.raises(BadExpression):
        literal("both ' and \"")
