"""Serves the dashboard's page and its packaged assets; every piece of state it shows comes from /_admin."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, redirect, send_from_directory

STATIC = Path(__file__).with_name("static")
# Nothing the page loads comes from another origin; the policy makes the browser enforce that.
POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"

bp = Blueprint("dashboard", __name__, url_prefix="/_dashboard", static_folder=str(STATIC), static_url_path="/static")


@bp.get("")
def bare() -> Response:
    """/_dashboard without the slash: the page's relative asset paths need it."""
    return redirect("/_dashboard/", code=308)  # type: ignore[return-value]


@bp.get("/")
def page() -> Response:
    """The page shell: no data in it, so it needs no token (the calls it makes do)."""
    return send_from_directory(STATIC, "index.html", max_age=0)


@bp.after_request
def _policy(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def init_app(app: Flask) -> None:
    """Mount the dashboard on an admin app."""
    app.register_blueprint(bp)
