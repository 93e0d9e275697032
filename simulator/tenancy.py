"""Tenants: an X-Backoffice-Tenant header selects an isolated world, created and seeded on first use."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any, Final

from simulator.faults.middleware import TENANT_ENVIRON

ENVIRON_KEY: Final = "HTTP_X_BACKOFFICE_TENANT"
NAME: Final = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def valid_tenant(name: str) -> bool:
    """Tenant names: 1 to 40 lower-case letters, digits, '_' or '-', starting with a letter or digit."""
    return NAME.fullmatch(name) is not None


class Tenants:
    """Routes a request to its tenant's world (the default world without the header)."""

    def __init__(self, default: WsgiApp, build: Callable[[str], WsgiApp], limit: int) -> None:
        self._default = default
        self._build = build
        self._limit = limit
        self._apps: dict[str, WsgiApp] = {}
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        name = str(environ.get(ENVIRON_KEY, "")).strip()
        if not name:
            environ[TENANT_ENVIRON] = ""
            return self._default(environ, start_response)
        if not valid_tenant(name):
            detail = "a tenant name is 1 to 40 lower-case letters, digits, '_' or '-', starting with a letter or digit"
            return _problem(start_response, 400, "Bad Request", detail)
        app = self._apps.get(name) or self._create(name)
        if app is None:
            detail = f"this worker already serves {self._limit} tenants"
            return _problem(start_response, 429, "Too Many Requests", detail)
        environ[TENANT_ENVIRON] = name
        return app(environ, start_response)

    def _create(self, name: str) -> WsgiApp | None:
        with self._lock:
            found = self._apps.get(name)
            if found is not None:
                return found
            if len(self._apps) >= self._limit:
                return None
            app = self._build(name)
            self._apps[name] = app
            return app


def _problem(start_response: Callable[..., Any], status: int, title: str, detail: str) -> list[bytes]:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
    start_response(f"{status} {title}", [("Content-Type", "application/problem+json"),
                                          ("Content-Length", str(len(body)))])
    return [body]
