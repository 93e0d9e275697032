"""The backend an admin app serves: set once by routes.init_app, read by every admin view."""

from __future__ import annotations

from flask import Flask, current_app

from simulator.backend.service import Backend

_EXTENSION = "simulator"


def attach(app: Flask, backend: Backend) -> None:
    """Make `backend` the one this app's views act on."""
    app.extensions[_EXTENSION] = backend


def backend() -> Backend:
    """The backend this app was created with."""
    found: Backend = current_app.extensions[_EXTENSION]
    return found
