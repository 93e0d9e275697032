"""Where no Chromium exists the dashboard tests skip with the reason, except under CI=true, where they fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CHROMIUM_ENV, chromium_path, unavailable


def test_without_chromium_a_developer_is_told_why_the_tests_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no system Chromium"):
        unavailable("no system Chromium: apt-get install chromium")


def test_under_ci_a_missing_chromium_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        unavailable("no system Chromium: apt-get install chromium")


def test_a_named_binary_that_does_not_exist_counts_as_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))
    assert chromium_path() is None
    real = tmp_path / "chromium"
    real.write_text("")
    monkeypatch.setenv(CHROMIUM_ENV, str(real))
    assert chromium_path() == str(real)
