"""Options and fixtures of the conformance suite: `pytest contracts --base-url URL` checks any implementation."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the suite also runs without the repository's pytest configuration
    sys.path.insert(0, str(HERE))

from conformance.data import HELP, OPTIONS, ContractData, Needs, field_names, with_discovery  # noqa: E402
from conformance.target import LocalSimulator, Target  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contracts", "conformance suite (contracts/)")
    group.addoption("--base-url", default=None,
                    help="implementation under test, e.g. http://host:8080 (default: start our own simulator)")
    group.addoption("--services-path", default="/services", help="path of the SOAP services below the base URL")
    for name in field_names():
        group.addoption(OPTIONS[name], dest=f"contract_{name}", default=None, help=HELP[name])


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    """The implementation under test; our own simulator (started here, stopped at the end) without --base-url."""
    base_url = request.config.getoption("--base-url")
    services_path = str(request.config.getoption("--services-path"))
    if base_url:
        yield Target(str(base_url), services_path)
        return
    simulator = LocalSimulator().start()
    try:
        yield Target(simulator.url, services_path)
    finally:
        simulator.stop()


@pytest.fixture(scope="session")
def contract_data(request: pytest.FixtureRequest, target: Target) -> ContractData:
    """Option values, completed from the target's /_admin API when it has one."""
    given = {name: value for name in field_names()
             if (value := request.config.getoption(f"contract_{name}")) is not None}
    data = ContractData(**given, sources=dict.fromkeys(given, "option"))
    return with_discovery(data, target)


@pytest.fixture(scope="session")
def needs(contract_data: ContractData) -> Needs:
    return Needs(contract_data)
