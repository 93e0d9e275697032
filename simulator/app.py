"""Composition root: create_app(settings) wires store, clock, seed, backend and wire adapters; nothing else does."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from flask import Flask

from simulator.admin import errors as admin_errors
from simulator.admin import routes as admin_routes
from simulator.backend.clock import SystemClock
from simulator.backend.context import Deps
from simulator.backend.ids import SeededIds
from simulator.backend.ports import Clock, Session, Store
from simulator.backend.service import Backend
from simulator.config import Settings
from simulator.seed.world import build_world, default_anchor, load_world
from simulator.soap.gateway import PREFIX, GatewaySettings, SoapGateway
from simulator.soap.operations import Operations
from simulator.store.memory import MemoryStore
from simulator.store.sqlite import SqliteStore

SETTINGS_ENV = "BACKOFFICE_SIM_SETTINGS_JSON"
MEMORY = ":memory:"

Progress = Callable[[int, int], None]


def open_store(settings: Settings) -> Store:
    """SQLite at the configured path, or the in-memory twin for ':memory:'."""
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
    clock = clock or SystemClock()
    deps = Deps(store=store, clock=clock, ids=SeededIds(settings.seed))
    return Backend(deps, world_loader(settings, world_anchor(store, settings, clock)))


class Simulator:
    """The whole simulator as one WSGI application: /services to the SOAP gateway, the rest to Flask."""

    def __init__(self, backend: Backend, admin: Flask, services: SoapGateway) -> None:
        self.backend = backend
        self.admin = admin
        self.services = services

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        if path == PREFIX or path.startswith(PREFIX + "/"):
            return self.services(environ, start_response)
        return self.admin(environ, start_response)


def create_admin(settings: Settings, backend: Backend) -> Flask:
    """The Flask app serving the control plane."""
    app = Flask("simulator")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    admin_errors.init_app(app)
    admin_routes.init_app(app, backend)
    return app


def create_app(settings: Settings, backend: Backend | None = None) -> Simulator:
    """The whole simulator as one WSGI application."""
    backend = backend or create_backend(settings)
    backend.ensure_seeded()
    gateway = SoapGateway(
        Operations(backend),
        GatewaySettings(settings.max_body_bytes, settings.validation, settings.schema_dir),
    )
    return Simulator(backend, create_admin(settings, backend), gateway)


def app_from_environment() -> Simulator:
    """Factory for server worker processes: settings come from the serving process's environment."""
    app = create_app(Settings.from_json(os.environ[SETTINGS_ENV]))
    # Everything built so far lives as long as the worker: keep the garbage collector from rescanning it.
    gc.freeze()
    return app
