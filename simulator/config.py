"""Settings: one frozen dataclass built from CLI flags, BACKOFFICE_SIM_* variables and a TOML file, in that order."""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

ENV_PREFIX = "BACKOFFICE_SIM_"
ENV_CONFIG_FILE = "BACKOFFICE_SIM_CONFIG"


class SettingsError(ValueError):
    """A setting has a value the simulator cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the simulator is configured with."""

    host: str = "127.0.0.1"
    port: int = 8080
    db: str = "backoffice-sim.db"
    seed: int = 42
    products: int = 1000
    anchor: str | None = None
    workers: int = 2
    threads: int = 8
    validation: str = "strict"
    schema_dir: str | None = None
    max_body_bytes: int = 1024 * 1024
    log_level: str = "info"

    def __post_init__(self) -> None:
        if self.validation not in ("strict", "lenient"):
            raise SettingsError(f"validation must be strict or lenient, not {self.validation!r}")
        for name in ("port", "workers", "threads", "products", "max_body_bytes"):
            if getattr(self, name) < (0 if name == "port" else 1):
                raise SettingsError(f"{name} must be positive, not {getattr(self, name)}")
        if self.port > 65535:
            raise SettingsError(f"port {self.port} is out of range")
        if self.anchor:
            try:
                datetime.fromisoformat(self.anchor)
            except ValueError:
                raise SettingsError(f"anchor must be an ISO 8601 date, not {self.anchor!r}") from None

    def to_json(self) -> str:
        """Serialized for worker processes."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        """The inverse of to_json."""
        return cls(**json.loads(text))


def load_settings(
    flags: Mapping[str, Any], environ: Mapping[str, str] | None = None, config_file: str | None = None
) -> Settings:
    """Merge defaults < TOML file < environment < flags (flags given as None are ignored)."""
    environ = os.environ if environ is None else environ
    merged: dict[str, Any] = {}
    path = config_file or environ.get(ENV_CONFIG_FILE)
    if path:
        merged.update(_from_toml(Path(path)))
    merged.update(_from_env(environ))
    merged.update({k: v for k, v in flags.items() if v is not None and k in _field_types()})
    return Settings(**{name: _coerce(name, value) for name, value in merged.items()})


def _field_types() -> dict[str, str]:
    return {f.name: str(f.type) for f in fields(Settings)}


def _from_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"cannot read config file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
    table = data.get("backoffice-sim", data)
    unknown = set(table) - set(_field_types())
    if unknown:
        raise SettingsError(f"config file {path} has unknown settings: {', '.join(sorted(unknown))}")
    return {key.replace("-", "_"): value for key, value in table.items()}


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in _field_types():
        value = environ.get(ENV_PREFIX + name.upper())
        if value is not None:
            found[name] = value
    return found


def _coerce(name: str, value: Any) -> Any:
    kind = _field_types()[name]
    if kind == "int" and not isinstance(value, int):
        try:
            return int(str(value))
        except ValueError:
            raise SettingsError(f"{name} must be a whole number, not {value!r}") from None
    return None if value == "" and "None" in kind else value
