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
    threads: int = 4  # few threads keep the GIL uncontended; a fault delay sleeps in one: raise it for many delays
    validation: str = "strict"
    schema_dir: str | None = None
    max_body_bytes: int = 1024 * 1024
    log_level: str = "info"
    # control plane: admin token, SOAP credentials, journal size, tenants
    admin_token: str | None = None
    soap_username: str | None = None
    soap_password: str | None = None
    journal_size: int = 10_000
    max_tenants: int = 64
    # lifecycles (timings: "immediate", "manual" or seconds of clock time)
    lifecycle_release: str = "60"
    lifecycle_ship: str = "3600"
    lifecycle_deposit: str = "86400"
    lifecycle_quote_approval: str = "manual"
    reservation_ttl: int = 1800
    inventory_threshold: int = 10
    async_transfer: bool = False
    tick_ms: int = 1000
    # pushes to Commerce's inbound services (off without a push URL)
    push_url: str | None = None
    push_order_path: str = "/webapp/wcs/services/OrderServices"
    push_inventory_path: str = "/webapp/wcs/component/inventory/services/InventoryServices"
    push_member_path: str = "/webapp/wcs/services/MemberServices"
    push_user: str | None = None
    push_password: str | None = None
    push_auth: str = "wsse"
    push_timeout_ms: int = 10000
    push_backoff_ms: int = 1000
    push_backoff_max_ms: int = 300000
    push_max_attempts: int = 8
    push_poll_ms: int = 200
    # Commerce's OMS port: order preprocessing and payment processing
    push_oms_path: str = "/webapp/wcs/services/OMSWebServiceEngine"
    payments: bool = False
    # the AMQP 1.0 broker transport of the legacy messages (off without a broker URL)
    broker_url: str | None = None
    broker_user: str | None = None
    broker_password: str | None = None
    broker_address_template: str = "/queue/{name}"
    broker_inbound_queue: str = "JMSOutboundQueue"
    broker_serial_queue: str = "JMSSerialInboundQueue"
    broker_parallel_queue: str = "JMSParallelInboundQueue"
    broker_outbound: str = "serial"
    broker_error_queue: str = "JMSErrorQueue"
    broker_reply_queue: str = "JMSInboundQueue"
    broker_tls_ca: str | None = None
    broker_tls_cert: str | None = None
    broker_tls_key: str | None = None
    broker_tls_verify: bool = True
    broker_heartbeat: int = 10
    broker_reconnect_ms: int = 2000
    # Commerce's legacy messaging (off without an outbound destination; POST /messages always listens)
    messaging_family: str = "wcs"
    messaging_url: str | None = None
    messaging_outbox_dir: str | None = None
    messaging_inbox_dir: str | None = None
    messaging_error_dir: str | None = None
    messaging_dtd_dir: str | None = None
    messaging_store_id: str | None = None
    messaging_guest_logon: str | None = None
    messaging_user: str | None = None
    messaging_password: str | None = None
    messaging_catalog_owner: str = ""
    messaging_shipment_confirmation: bool = False

    def __post_init__(self) -> None:
        self._check_control()
        self._check_lifecycle()
        self._check_pushes()
        self._check_broker()
        self._check_messaging()
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

    def _check_lifecycle(self) -> None:
        for name in ("lifecycle_release", "lifecycle_ship", "lifecycle_deposit", "lifecycle_quote_approval"):
            value = str(getattr(self, name)).strip().lower()
            if value not in ("immediate", "manual") and not value.isdigit():
                raise SettingsError(f"{name} must be immediate, manual or a number of seconds, not {value!r}")
        for name in ("reservation_ttl", "inventory_threshold"):
            if getattr(self, name) < 0:
                raise SettingsError(f"{name} must be 0 or more, not {getattr(self, name)}")

    def _check_pushes(self) -> None:
        if self.push_auth not in ("none", "wsse", "basic", "both"):
            raise SettingsError(f"push_auth must be none, wsse, basic or both, not {self.push_auth!r}")
        if self.push_url is not None and not self.push_url.startswith(("http://", "https://")):
            raise SettingsError(f"push_url must be an http:// or https:// URL, not {self.push_url!r}")
        for name in ("tick_ms", "push_timeout_ms", "push_backoff_ms", "push_backoff_max_ms", "push_max_attempts",
                     "push_poll_ms"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be positive, not {getattr(self, name)}")

    def _check_broker(self) -> None:
        if self.broker_url is not None and not self.broker_url.startswith(("amqp://", "amqps://")):
            raise SettingsError(f"broker_url must be an amqp:// or amqps:// URL, not {self.broker_url!r}")
        if self.broker_outbound not in ("serial", "parallel", "none"):
            raise SettingsError(f"broker_outbound must be serial, parallel or none, not {self.broker_outbound!r}")
        if "{name}" not in self.broker_address_template:
            raise SettingsError(f"broker_address_template must contain {{name}}, not {self.broker_address_template!r}")
        if self.broker_heartbeat < 2 or self.broker_reconnect_ms < 1:
            raise SettingsError("broker_heartbeat must be 2 seconds or more and broker_reconnect_ms positive")
        if bool(self.broker_tls_cert) != bool(self.broker_tls_key):
            raise SettingsError("broker_tls_cert and broker_tls_key go together")

    def _check_messaging(self) -> None:
        if self.messaging_family not in ("wcs", "nc", "legacy"):
            raise SettingsError(f"messaging_family must be wcs, nc or legacy, not {self.messaging_family!r}")
        if self.messaging_url is not None and not self.messaging_url.startswith(("http://", "https://")):
            raise SettingsError(f"messaging_url must be an http:// or https:// URL, not {self.messaging_url!r}")
        if self.messaging_family == "legacy" and self.messaging_url:
            raise SettingsError(
                "messaging_family legacy cannot go over HTTP: Commerce reads fixed-width buffers only from MQ "
                "(use messaging_outbox_dir or a broker, or the wcs/nc family with messaging_url)"
            )

    def _check_control(self) -> None:
        if self.journal_size < 0 or self.max_tenants < 0:
            raise SettingsError("journal_size and max_tenants must be 0 or more")
        if bool(self.soap_username) != bool(self.soap_password):
            raise SettingsError("soap_username and soap_password go together")

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
    if kind == "bool" and not isinstance(value, bool):
        text = str(value).strip().lower()
        if text not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
            raise SettingsError(f"{name} must be true or false, not {value!r}")
        return text in ("true", "1", "yes", "on")
    if kind.startswith("str") and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # e.g. lifecycle_ship = 3600 in TOML
    if kind == "int" and not isinstance(value, int):
        try:
            return int(str(value))
        except ValueError:
            raise SettingsError(f"{name} must be a whole number, not {value!r}") from None
    return None if value == "" and "None" in kind else value
