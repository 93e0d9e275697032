"""Lifecycle and push settings: TOML, environment and flags, validated; the lifecycle defaults they make."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.app import lifecycle_settings, retry_policy
from simulator.config import Settings, SettingsError, load_settings
from simulator.domain.lifecycle import Progression, Timing


def test_toml_environment_and_flags(tmp_path: Path) -> None:
    config = tmp_path / "sim.toml"
    config.write_text('lifecycle_ship = 7200\nlifecycle_release = "immediate"\nasync_transfer = true\n')
    settings = load_settings(
        {"push_url": "http://127.0.0.1:9"},
        {"BACKOFFICE_SIM_INVENTORY_THRESHOLD": "3", "BACKOFFICE_SIM_PUSH_AUTH": "basic"},
        str(config),
    )
    lifecycle = lifecycle_settings(settings)
    assert lifecycle.ship == Timing(Progression.AFTER, 7200)
    assert lifecycle.release.progression is Progression.IMMEDIATE
    assert lifecycle.async_transfer is True
    assert lifecycle.inventory_threshold == 3
    assert settings.push_auth == "basic"
    assert retry_policy(settings).max_attempts == 8


def test_async_transfer_from_the_environment() -> None:
    assert load_settings({}, {"BACKOFFICE_SIM_ASYNC_TRANSFER": "yes"}).async_transfer is True
    with pytest.raises(SettingsError, match="true or false"):
        load_settings({}, {"BACKOFFICE_SIM_ASYNC_TRANSFER": "maybe"})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("lifecycle_ship", "soon", "lifecycle_ship"),
        ("push_auth", "kerberos", "push_auth"),
        ("push_url", "ftp://x", "push_url"),
        ("push_max_attempts", 0, "push_max_attempts"),
    ],
)
def test_bad_settings_are_refused(name: str, value: object, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings(**{name: value})  # type: ignore[arg-type]
