"""The /_admin/import and /_admin/export endpoints: Data Load files into the world, and the world out as a zip."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, jsonify, request
from pydantic import BaseModel, Field, ValidationError

from simulator.admin.errors import BadParameter, problem
from simulator.admin.world import backend
from simulator.masterdata.exporter import export_files
from simulator.masterdata.importer import ImportOptions, import_files
from simulator.masterdata.problems import ImportRejected
from simulator.masterdata.reader import SourceFile
from simulator.seed.world import default_anchor

bp = Blueprint("admin_master_data", __name__, url_prefix="/_admin")
ZIP_STAMP = (2000, 1, 1, 0, 0, 0)  # fixed member times: the same world gives the same zip bytes


class ImportFile(BaseModel):
    """One file of a JSON import: its name (tells its kind) and its UTF-8 text."""

    name: str = Field(min_length=1, max_length=255)
    content: str


class ImportRequest(BaseModel):
    """A JSON import: the files, and how to import them."""

    files: list[ImportFile] = Field(min_length=1)
    strict: bool = False
    replace: bool = False


class ImportProblem(BaseModel):
    """An error or warning naming file, line, column and value."""

    file: str
    line: int
    column: str
    value: str
    message: str
    severity: str


class ImportResult(BaseModel):
    """What an import did."""

    rows: dict[str, int]
    written: dict[str, int]
    new_world: bool
    warnings: list[ImportProblem]


def _request() -> tuple[list[SourceFile], bool, bool]:
    """The files (bytes as sent) and the strict and replace flags, from a multipart form or a JSON body."""
    if request.files:
        flag = request.form.get
        files = [SourceFile(f.filename or key, f.read()) for key, f in request.files.items(multi=True)]
        return files, flag("strict") == "true", flag("replace") == "true"
    try:
        body = ImportRequest.model_validate(request.get_json(silent=True))
    except ValidationError as exc:
        raise BadParameter(
            f"the body must be multipart files or {{files: [{{name, content}}]}}: {exc.errors()[0]['msg']}"
        ) from None
    return [SourceFile(f.name, f.content.encode()) for f in body.files], body.strict, body.replace


@bp.post("/import")
def import_master_data() -> Response:
    """Import Data Load CSV files into the world, all or nothing (422 naming every error)."""
    files, strict, replace = _request()
    world = backend()
    options = ImportOptions(current_app.config["BACKOFFICE_SIM_SEED"], _anchor(), strict, replace)
    try:
        report = import_files(world.deps.store, files, options, None, world.watch_world)
    except ImportRejected as exc:
        payload = problem(422, "Unprocessable Content", str(exc)).get_json()
        payload["problems"] = [p.as_dict() for p in exc.problems]
        return Response(json.dumps(payload), status=422, mimetype="application/problem+json")
    return jsonify(ImportResult.model_validate(report.as_dict()).model_dump())


def _anchor() -> datetime:
    """The anchor of the world in the store, else the configured one, else midnight UTC today."""
    deps = backend().deps
    with deps.store.read() as session:
        stored = session.get_meta("world.anchor")
    text = stored or str(current_app.config.get("BACKOFFICE_SIM_ANCHOR") or "")
    if text:
        anchor = datetime.fromisoformat(text)
        return anchor if anchor.tzinfo else anchor.replace(tzinfo=UTC)
    return default_anchor(deps.clock.now())


@bp.get("/export")
def export_master_data() -> Response:
    """The world as Data Load CSVs and their load order (or ?format=massload), in one zip."""
    kind = request.args.get("format", "dataload")
    if kind not in ("dataload", "massload"):
        raise BadParameter("format is dataload or massload")
    with backend().deps.store.read() as session:
        files = export_files(session, massload=kind == "massload")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in files:
            archive.writestr(zipfile.ZipInfo(name, ZIP_STAMP), files[name])
    headers = {"Content-Disposition": f"attachment; filename=master-data-{kind}.zip"}
    return Response(buffer.getvalue(), mimetype="application/zip", headers=headers)
