"""Shared fixtures for the BOD codec tests: samples, application areas and a validation helper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from lxml import etree

from simulator.bod import envelope, samples, schema, xmlsafe
from simulator.bod.application_area import new_area
from simulator.bod.messages import ApplicationArea


@pytest.fixture
def load_bod() -> Callable[[str], etree._Element]:
    def load(name: str) -> etree._Element:
        return envelope.unwrap(xmlsafe.parse(samples.load(name))).bod

    return load


@pytest.fixture
def request_area() -> ApplicationArea:
    return ApplicationArea(
        creation_date_time="2024-05-14T10:15:30",
        bod_id="req-1",
        context_data=(("storeId", "553"), ("langId", "-1")),
    )


@pytest.fixture
def response_area() -> ApplicationArea:
    return new_area("resp-1", datetime(2024, 5, 14, 10, 15, 31))


def reparse(element: etree._Element) -> etree._Element:
    """Serialize and parse again through the hardened parser, then validate against our subset."""
    root = xmlsafe.parse(etree.tostring(element))
    schema.validate(root)
    return root
