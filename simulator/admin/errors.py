"""Errors of the control plane as problem+json (RFC 9457)."""

from __future__ import annotations

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from simulator.domain.errors import BackOfficeError

PROBLEM_JSON = "application/problem+json"


class BadParameter(Exception):
    """A query parameter or body field has an unusable value."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def problem(status: int, title: str, detail: str, code: str | None = None) -> Response:
    """A problem+json response."""
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if code:
        body["code"] = code
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)


def init_app(app: Flask) -> None:
    """Register the translations from exceptions to problem+json."""

    @app.errorhandler(BackOfficeError)
    def _business(exc: BackOfficeError) -> Response:
        return problem(exc.http_status, type(exc).__name__, exc.message, exc.reason_code)

    @app.errorhandler(OverflowError)
    def _overflow(exc: OverflowError) -> Response:  # e.g. an id too large for the store
        return problem(400, "Bad Request", f"a number is out of range: {exc}")

    @app.errorhandler(BadParameter)
    def _bad_parameter(exc: BadParameter) -> Response:
        return problem(400, "Bad Request", exc.message)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        response = problem(exc.code or 500, exc.name, exc.description or exc.name)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:  # RFC 9110: a 405 names what is allowed
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response
