"""The /_admin/snapshots endpoints: save the world under a name, restore it, read or import it as JSON."""

from __future__ import annotations

import json
from typing import Any, Final, Literal

from flask import Response, jsonify
from flask_openapi3.types import ResponseDict
from pydantic import BaseModel, Field

from simulator.admin.api import Body, Page, blueprint, problem_responses
from simulator.admin.control import context
from simulator.admin.errors import problem
from simulator.admin.present import jsonable
from simulator.admin.world import backend
from simulator.backend.snapshots import SnapshotService
from simulator.control.records import utc_stamp
from simulator.store.errors import StoreError
from simulator.store.snapshot import SnapshotError, dumps

bp = blueprint("admin_snapshots", __name__)
NAME: Final = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
LINKS: Final = {
    "GetSnapshot": {"operationId": "getSnapshot", "parameters": {"name": "$response.body#/name"}},
    "RestoreSnapshot": {"operationId": "restoreSnapshot", "parameters": {"name": "$response.body#/name"}},
    "DeleteSnapshot": {"operationId": "deleteSnapshot", "parameters": {"name": "$response.body#/name"}},
}


class NamePath(BaseModel):
    """A snapshot by its name."""

    name: str = Field(pattern=NAME, description="1 to 64 letters, digits, '.', '_' or '-' (first a letter or digit)")


class NewSnapshot(Body):
    """The name to save the world under."""

    name: str = Field(pattern=NAME)


class SnapshotInfo(BaseModel):
    """A saved snapshot."""

    tenant: str
    name: str
    created: str
    size: int


class SavedSnapshot(SnapshotInfo):
    """A snapshot just saved, linked to where it can be read, restored and removed."""

    model_config = {"openapi_extra": {"links": LINKS}}  # type: ignore[typeddict-unknown-key]


class Snapshot(Body):
    """A snapshot document: every table of the world, rows as objects (checked against the store on restore)."""

    format: Literal["backoffice-sim/snapshot"]
    version: Literal[1]
    schema_version: Literal[2]
    tables: dict[str, list[dict[str, Any]]]


class Restored(BaseModel):
    """The snapshot now in force."""

    status: str
    name: str


UNSUPPORTED: Final[ResponseDict] = problem_responses(501)


def _service() -> SnapshotService:
    return SnapshotService(backend().deps)


def _unsupported(exc: StoreError) -> Response:
    if isinstance(exc, SnapshotError):  # a stored document this store's tables cannot take
        return problem(409, "Conflict", str(exc))
    return problem(501, "Not Implemented", str(exc))


@bp.get("/snapshots", responses={200: Page[SnapshotInfo]})
def list_snapshots() -> Response:
    """Saved snapshots (of this tenant), by name."""
    items = jsonable(context().store.snapshots(context().tenant))
    return jsonify(items=items, total=len(items))


@bp.post("/snapshots", responses={201: SavedSnapshot, **UNSUPPORTED}, operation_id="saveSnapshot")
def save_snapshot(body: NewSnapshot) -> tuple[Response, int, dict[str, str]] | Response:
    """Save the current world under a name (replacing a snapshot of that name)."""
    try:
        text = dumps(_service().export())
    except StoreError as exc:
        return _unsupported(exc)
    info = context().store.save_snapshot(context().tenant, body.name, text, utc_stamp())
    return jsonify(jsonable(info)), 201, {"Location": f"/_admin/snapshots/{body.name}"}


@bp.get("/snapshots/<name>", responses={200: Snapshot}, operation_id="getSnapshot")
def get_snapshot(path: NamePath) -> Response:
    """The snapshot document, as reviewable JSON (sorted keys, rows in key order)."""
    text = context().store.snapshot(context().tenant, path.name)
    if text is None:
        return problem(404, "Not Found", f"there is no snapshot {path.name!r}")
    return Response(text, mimetype="application/json")


@bp.put("/snapshots/<name>", responses={201: SnapshotInfo})
def import_snapshot(path: NamePath, body: Snapshot) -> tuple[Response, int]:
    """Store a snapshot document under a name (its tables are checked when it is restored)."""
    text = dumps(body.model_dump())
    info = context().store.save_snapshot(context().tenant, path.name, text, utc_stamp())
    return jsonify(jsonable(info)), 201


@bp.post("/snapshots/<name>/restore", responses={200: Restored, **problem_responses(409, 501)},
         operation_id="restoreSnapshot")
def restore_snapshot(path: NamePath) -> Response:
    """Replace the world with a saved snapshot (all or nothing; 409 when its tables do not fit this store)."""
    text = context().store.snapshot(context().tenant, path.name)
    if text is None:
        return problem(404, "Not Found", f"there is no snapshot {path.name!r}")
    try:
        _service().restore(json.loads(text))
    except StoreError as exc:
        return _unsupported(exc)
    return jsonify(status="restored", name=path.name)


@bp.delete("/snapshots/<name>", responses={204: None}, operation_id="deleteSnapshot")
def delete_snapshot(path: NamePath) -> Response:
    """Remove a snapshot."""
    if not context().store.delete_snapshot(context().tenant, path.name):
        return problem(404, "Not Found", f"there is no snapshot {path.name!r}")
    return Response(status=204)
