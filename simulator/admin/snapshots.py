"""The /_admin/snapshots endpoints: save the world under a name, restore it, read or import it as JSON."""

from __future__ import annotations

import json
import re
from typing import Any, Final

from flask import Blueprint, Response, jsonify, request

from simulator.admin.control import context
from simulator.admin.errors import BadParameter, problem
from simulator.admin.present import jsonable
from simulator.admin.world import backend
from simulator.backend.snapshots import SnapshotService
from simulator.control.records import utc_stamp
from simulator.store.errors import StoreError
from simulator.store.snapshot import SnapshotError, dumps

bp = Blueprint("admin_snapshots", __name__, url_prefix="/_admin")
NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def _service() -> SnapshotService:
    return SnapshotService(backend().deps)


def _name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise BadParameter("a snapshot name is 1 to 64 letters, digits, '.', '_' or '-' (first a letter or digit)")
    return name


def _unsupported(exc: StoreError) -> Response:
    if isinstance(exc, SnapshotError):
        return problem(422, "Unprocessable Content", str(exc))
    return problem(501, "Not Implemented", str(exc))


@bp.get("/snapshots")
def list_snapshots() -> Response:
    """This tenant's snapshots by name."""
    items = jsonable(context().store.snapshots(context().tenant))
    return jsonify(items=items, total=len(items))


@bp.post("/snapshots")
def save_snapshot() -> tuple[Response, int, dict[str, str]] | Response:
    """{"name"}: save the current world under that name (replacing a snapshot of that name)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("name"), str):
        raise BadParameter("the body must be a JSON object with a name")
    name = _name(body["name"])
    try:
        text = dumps(_service().export())
    except StoreError as exc:
        return _unsupported(exc)
    info = context().store.save_snapshot(context().tenant, name, text, utc_stamp())
    return jsonify(jsonable(info)), 201, {"Location": f"/_admin/snapshots/{name}"}


@bp.get("/snapshots/<name>")
def get_snapshot(name: str) -> Response:
    """The snapshot document, as reviewable JSON (sorted keys, rows in key order)."""
    text = context().store.snapshot(context().tenant, _name(name))
    if text is None:
        return problem(404, "Not Found", f"there is no snapshot {name!r}")
    return Response(text, mimetype="application/json")


@bp.put("/snapshots/<name>")
def import_snapshot(name: str) -> tuple[Response, int] | Response:
    """Store a snapshot document under a name (checked against this store's schema; restore it separately)."""
    name = _name(name)
    document = request.get_json(silent=True)
    try:
        schema_version = _service().export()["schema_version"]
        from simulator.store.snapshot import check

        checked: dict[str, Any] = document if isinstance(document, dict) else {}
        check(checked, schema_version)
    except StoreError as exc:
        return _unsupported(exc)
    info = context().store.save_snapshot(context().tenant, name, dumps(checked), utc_stamp())
    return jsonify(jsonable(info)), 201


@bp.post("/snapshots/<name>/restore")
def restore_snapshot(name: str) -> Response:
    """Replace the world with a saved snapshot (all or nothing)."""
    text = context().store.snapshot(context().tenant, _name(name))
    if text is None:
        return problem(404, "Not Found", f"there is no snapshot {name!r}")
    try:
        _service().restore(json.loads(text))
    except StoreError as exc:
        return _unsupported(exc)
    return jsonify(status="restored", name=name)


@bp.delete("/snapshots/<name>")
def delete_snapshot(name: str) -> Response:
    """Remove a snapshot."""
    if not context().store.delete_snapshot(context().tenant, _name(name)):
        return problem(404, "Not Found", f"there is no snapshot {name!r}")
    return Response(status=204)
