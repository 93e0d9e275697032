"""x."""
from __future__ import annotations
from features.drivers import __doc__ as d
def test_x() -> None:
    assert d
