"""Headless Chromium from the system's packages, driven by Playwright; a served simulator and a push receiver."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.process import Simulator

from simulator.client.receiver import CommerceReceiver, ReceiverServer

CHROMIUM_ENV = "BACKOFFICE_SIM_CHROMIUM"


def chromium_path() -> str | None:
    """The system Chromium (Debian's `chromium` package), or the one BACKOFFICE_SIM_CHROMIUM names."""
    given = os.environ.get(CHROMIUM_ENV)
    if given:
        return given if Path(given).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable(reason: str) -> None:
    """Skip with the reason, but fail under CI=true, where the browser must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the dashboard tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        unavailable("no system Chromium: apt-get install chromium (or set BACKOFFICE_SIM_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (the `test` extra)")
    with sync_playwright() as playwright:
        # --no-sandbox: CI and developers' containers run as root, where Chromium's sandbox refuses to start.
        launched = playwright.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    errors: list[str] = []
    requested: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("request", lambda request: requested.append(request.url))
    yield opened
    context.close()
    assert not errors, f"the page raised: {errors}"
    # Everything the page loads ships in the package: no request leaves the simulator's origin.
    assert requested and all(url.startswith("http://127.0.0.1:") for url in requested), requested


@pytest.fixture(scope="module")
def receiver() -> Iterator[ReceiverServer]:
    server = ReceiverServer(CommerceReceiver()).start()
    yield server
    server.stop()


def serve(tmp: Path, *extra: str, **settings: Any) -> Simulator:
    """A started `serve` (two workers, SQLite, fast ticker and retries) with the given flags."""
    config = tmp / "sim.toml"
    values = {"push_backoff_ms": 100, "push_backoff_max_ms": 400, "tick_ms": 100, "products": 120, **settings}
    config.write_text("\n".join(f"{k} = {json.dumps(v)}" for k, v in values.items()) + "\n")
    return Simulator(tmp / "sim.db", workers=2, extra=extra, env={"BACKOFFICE_SIM_CONFIG": str(config)}).start()


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory, receiver: ReceiverServer) -> Iterator[Simulator]:
    """One simulator for the module's tests, pushing to the receiver; orders ship only when told."""
    started = serve(tmp_path_factory.mktemp("dashboard"), "--push-url", receiver.url,
                    lifecycle_release="manual", lifecycle_ship="manual", lifecycle_deposit="manual")
    yield started
    started.stop()
