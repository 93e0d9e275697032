"""The admin API's bearer token: with one configured, every /_admin request but health must carry it."""

from __future__ import annotations

import hmac

from flask import Flask, Response, request

from simulator.admin.errors import problem

OPEN_PATHS = frozenset({"/_admin/health", "/_admin/openapi.json"})  # declared with no security in the document


def init_app(app: Flask, token: str | None) -> None:
    """Require `Authorization: Bearer <token>` on the control plane when a token is set."""
    if not token:
        return
    expected = f"Bearer {token}".encode()

    @app.before_request
    def _check_token() -> Response | None:
        path = request.path
        if not path.startswith("/_admin") or path in OPEN_PATHS:
            return None
        given = request.headers.get("Authorization", "").encode()
        if hmac.compare_digest(given, expected):
            return None
        response = problem(401, "Unauthorized", "the admin API needs Authorization: Bearer <admin token>")
        response.headers["WWW-Authenticate"] = 'Bearer realm="backoffice-sim admin"'
        return response
