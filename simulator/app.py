"""Composition root: create_app(settings) wires store, clock, seed, backend and wire adapters; nothing else does."""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask_openapi3.openapi import OpenAPI

from simulator import control_plane
from simulator.admin import api as admin_api
from simulator.admin import channel_orders as _channel_orders  # noqa: F401 - declares its routes on admin_routes.bp
from simulator.admin import errors as admin_errors
from simulator.admin import lifecycle as admin_lifecycle
from simulator.admin import master_data as admin_master_data
from simulator.admin import pushes as admin_pushes
from simulator.admin import routes as admin_routes
from simulator.backend.context import Deps
from simulator.backend.ids import SeededIds
from simulator.backend.ports import Clock, Session, Store
from simulator.backend.pushes import PushPolicy
from simulator.backend.service import Backend
from simulator.backend.shared_clock import SharedClock
from simulator.config import Settings
from simulator.control.ports import ControlStore
from simulator.dashboard import views as dashboard
from simulator.domain.lifecycle import LifecycleSettings, Timing
from simulator.domain.outbox import RetryPolicy
from simulator.drain import DrainRefusedBodies
from simulator.faults.middleware import WsgiApp
from simulator.messaging import http as messaging_http
from simulator.messaging.options import inbound_options, outbound_enabled
from simulator.seed.world import build_world, default_anchor, load_world
from simulator.soap.gateway import PREFIX, GatewaySettings, SoapGateway
from simulator.soap.operations import Operations
from simulator.store.memory import MemoryStore
from simulator.store.pg_url import is_postgres, tenant_url
from simulator.store.sqlite import SqliteStore
from simulator.tenancy import ENVIRON_KEY as TENANT_ENVIRON_KEY
from simulator.tenancy import Tenants

SETTINGS_ENV = "BACKOFFICE_SIM_SETTINGS_JSON"
MEMORY = ":memory:"

Progress = Callable[[int, int], None]


def open_store(settings: Settings) -> Store:
    """SQLite at the configured path, PostgreSQL for a postgresql:// URL, or the in-memory twin for ':memory:'."""
    if is_postgres(settings.db):
        from simulator.store.pg import PgStore  # imported only when used: SQLite needs no PostgreSQL driver

        return PgStore(settings.db)
    return MemoryStore() if settings.db == MEMORY else SqliteStore(settings.db)


def world_anchor(store: Store, settings: Settings, clock: Clock) -> datetime:
    """The anchor of the world already in the store, else the configured one, else today."""
    with store.read() as session:
        stored = session.get_meta("world.anchor")
    if stored:
        return datetime.fromisoformat(stored)
    return configured_anchor(settings, clock)


def configured_anchor(settings: Settings, clock: Clock) -> datetime:
    """The anchor the settings ask for, else midnight UTC today."""
    if not settings.anchor:
        return default_anchor(clock.now())
    anchor = datetime.fromisoformat(settings.anchor)
    return anchor if anchor.tzinfo else anchor.replace(tzinfo=UTC)


def world_loader(settings: Settings, anchor: datetime, progress: Progress | None = None) -> Callable[[Session], None]:
    """Builds and writes the seeded world described by the settings."""

    def load(session: Session) -> None:
        world = build_world(settings.seed, settings.products, anchor, progress)
        load_world(session, world, progress)

    return load


def create_backend(settings: Settings, store: Store | None = None, clock: Clock | None = None) -> Backend:
    """The backend on the configured store, seeded if the store is new."""
    store = store or open_store(settings)
    clock = clock or SharedClock(store)
    deps = Deps(store=store, clock=clock, ids=SeededIds(settings.seed))
    return Backend(
        deps,
        world_loader(settings, world_anchor(store, settings, clock)),
        lifecycle_settings(settings),
        PushPolicy(
            enabled=bool(settings.push_url), payments=settings.payments and bool(settings.push_url),
            legacy=outbound_enabled(settings), legacy_shipment=settings.messaging_shipment_confirmation,
        ),
        retry_policy(settings),
    )


def lifecycle_settings(settings: Settings) -> LifecycleSettings:
    """The lifecycle defaults the settings describe (the admin API can change them at run time)."""
    return LifecycleSettings(
        release=Timing.parse(settings.lifecycle_release),
        ship=Timing.parse(settings.lifecycle_ship),
        deposit=Timing.parse(settings.lifecycle_deposit),
        quote_approval=Timing.parse(settings.lifecycle_quote_approval),
        reservation_ttl=settings.reservation_ttl,
        inventory_threshold=settings.inventory_threshold,
        async_transfer=settings.async_transfer,
    )


def retry_policy(settings: Settings) -> RetryPolicy:
    """Backoff and dead-letter limit of the push dispatcher."""
    return RetryPolicy(
        timedelta(milliseconds=settings.push_backoff_ms),
        timedelta(milliseconds=settings.push_backoff_max_ms),
        settings.push_max_attempts,
    )


class Simulator:
    """The whole simulator as one WSGI application: /services to the SOAP gateway, the rest to Flask."""

    def __init__(self, backend: Backend, admin: Flask, services: WsgiApp) -> None:
        self.backend = backend
        self.admin = admin
        self.services = services
        self.tenants: Tenants | None = None  # X-Backoffice-Tenant selects another world
        self._drained = DrainRefusedBodies(self._route, int(admin.config["MAX_CONTENT_LENGTH"]))

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        return self._drained(environ, start_response)

    def _route(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.tenants is not None and environ.get(TENANT_ENVIRON_KEY):
            return self.tenants(environ, start_response)
        path: str = environ.get("PATH_INFO", "")
        if path == PREFIX or path.startswith(PREFIX + "/"):
            return self.services(environ, start_response)
        return self.admin(environ, start_response)


def create_admin(settings: Settings, backend: Backend) -> OpenAPI:
    """The Flask app serving the control plane."""
    app = admin_api.create("simulator", settings.admin_token)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    admin_errors.init_app(app)
    admin_routes.init_app(app, backend)
    app.register_api(admin_lifecycle.bp)
    app.register_api(admin_pushes.bp)
    dashboard.init_app(app)
    app.register_blueprint(messaging_http.blueprint(inbound_options(settings)))
    app.register_api(messaging_http.admin)
    app.register_api(admin_master_data.bp)
    app.config.update(BACKOFFICE_SIM_SEED=settings.seed, BACKOFFICE_SIM_ANCHOR=settings.anchor)
    return app


def create_app(settings: Settings, backend: Backend | None = None) -> Simulator:
    """The whole simulator as one WSGI application."""
    backend = backend or create_backend(settings)
    backend.ensure_seeded()
    control = control_plane.open_control(settings)
    simulator = _world_app(settings, backend, control, tenant="")
    simulator.tenants = Tenants(simulator, lambda name: _tenant_app(settings, control, name), settings.max_tenants)
    return simulator


# -- every world (the default one and each tenant's) gets the control plane ------------------------------


def _world_app(settings: Settings, backend: Backend, control: ControlStore, tenant: str) -> Simulator:
    gateway = SoapGateway(
        Operations(backend),
        GatewaySettings(settings.max_body_bytes, settings.validation, settings.schema_dir),
    )
    admin = create_admin(settings, backend)
    services = control_plane.install(
        gateway, admin, backend, settings, control, tenant, direct=gateway.answer, express=gateway.express
    )
    return Simulator(backend, admin, services)


def tenant_db(db: str, tenant: str) -> str:
    """A tenant's world: a file (a PostgreSQL schema) beside the default one (in memory for ':memory:')."""
    if db == MEMORY:
        return MEMORY
    if is_postgres(db):
        return tenant_url(db, tenant)
    path = Path(db)
    return str(path.with_name(f"{path.stem}.tenant-{tenant}{path.suffix or '.db'}"))


def _tenant_app(settings: Settings, control: ControlStore, tenant: str) -> Simulator:
    tenant_settings = dataclasses.replace(settings, db=tenant_db(settings.db, tenant))
    backend = create_backend(tenant_settings)
    backend.ensure_seeded()
    return _world_app(tenant_settings, backend, control, tenant)


def app_from_environment() -> Simulator:
    """Factory for server worker processes: settings come from the serving process's environment."""
    settings = Settings.from_json(os.environ[SETTINGS_ENV])
    app = create_app(settings)
    if settings.db == MEMORY:
        # An in-memory store lives in this worker only: its lifecycle and outbox run here too.
        from simulator.broker.runner import background

        background(app.backend, settings).start()
    # Everything built so far lives as long as the worker: keep the garbage collector from rescanning it.
    gc.freeze()
    return app
