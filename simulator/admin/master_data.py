"""The /_admin/import and /_admin/export endpoints: Data Load files into the world, and the world out as a zip."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Any, Final, Literal

from flask import Response, current_app, jsonify, request
from flask_openapi3.models.media_type import MediaType
from flask_openapi3.models.schema import Schema
from pydantic import BaseModel, Field, StrictBool, StrictStr, model_validator
from pydantic.json_schema import SkipJsonSchema

from simulator.admin.api import Body, Problem, Query, blueprint
from simulator.admin.errors import PROBLEM_JSON, problem
from simulator.admin.world import backend
from simulator.masterdata.exporter import export_files
from simulator.masterdata.importer import ImportOptions, import_files
from simulator.masterdata.problems import ImportRejected
from simulator.masterdata.reader import SourceFile
from simulator.seed.world import default_anchor

bp = blueprint("admin_master_data", __name__)
ZIP_STAMP = (2000, 1, 1, 0, 0, 0)  # fixed member times: the same world gives the same zip bytes
MAX_FILES: Final = 64
FLAGS: Final = {"true": True, "false": False}  # the strict and replace fields of a multipart form
FLAG: Final = {"type": "string", "enum": list(FLAGS), "default": "false"}
UPLOAD: Final[dict[str, Any]] = {
    "type": "object", "required": ["files"], "properties": {
        "files": {"type": "array", "minItems": 1, "maxItems": MAX_FILES,
                  "items": {"type": "string", "format": "binary"}},
        "strict": FLAG, "replace": FLAG,
    },
}


class ImportFile(BaseModel):
    """One file of an import: its name (tells its kind) and its UTF-8 text (bytes as sent, from a multipart form)."""

    name: StrictStr = Field(min_length=1, max_length=255)
    content: StrictStr | SkipJsonSchema[bytes]


class ImportRequest(Body):
    """The files, and how to import them: a JSON body, or the same as multipart form files and fields."""

    files: list[ImportFile] = Field(min_length=1, max_length=MAX_FILES)
    strict: StrictBool = False
    replace: StrictBool = False

    @model_validator(mode="before")
    @classmethod
    def _multipart(cls, data: Any) -> Any:
        if data is not None or not request.files:
            return data
        uploads = [{"name": f.filename or key, "content": f.read()} for key, f in request.files.items(multi=True)]
        flags = {name: FLAGS.get(text, text) for name, text in request.form.items() if name in ("strict", "replace")}
        return {"files": uploads, **flags}


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


class ImportRefused(Problem):
    """An import refused as a whole, naming every error."""

    problems: list[ImportProblem]


class ExportQuery(Query):
    """Which files: Data Load CSVs with their load order, or massload XML."""

    format: Literal["dataload", "massload"] = "dataload"


def _inlined(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON schema with its $defs inlined (for a response declared by hand)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(defs[str(node["$ref"]).rsplit("/", 1)[-1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    return inlined


REFUSED: Final = {"description": "The import was refused: nothing was written",
                  "content": {PROBLEM_JSON: {"schema": _inlined(ImportRefused)}}}
ZIP: Final = {"description": "The files in one zip",
              "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}


@bp.post("/import", responses={200: ImportResult, 422: REFUSED})
def import_master_data(body: ImportRequest) -> Response:
    """Import Data Load CSV files into the world, all or nothing (422 naming every error)."""
    files = [SourceFile(f.name, f.content.encode() if isinstance(f.content, str) else f.content) for f in body.files]
    world = backend()
    options = ImportOptions(current_app.config["BACKOFFICE_SIM_SEED"], _anchor(), body.strict, body.replace)
    try:
        report = import_files(world.deps.store, files, options, None, world.watch_world)
    except ImportRejected as exc:
        payload = problem(422, "Unprocessable Content", str(exc)).get_json()
        payload["problems"] = [p.as_dict() for p in exc.problems]
        return Response(json.dumps(payload), status=422, mimetype=PROBLEM_JSON)
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


def _declare_the_form() -> None:
    """flask-openapi3 documents one media type of a body: the multipart form the same model reads is added here."""
    declared = bp.paths["/_admin/import"].post
    assert declared is not None and declared.requestBody is not None
    declared.requestBody.content["multipart/form-data"] = MediaType(schema=Schema.model_validate(UPLOAD))


_declare_the_form()


@bp.get("/export", responses={200: ZIP})
def export_master_data(query: ExportQuery) -> Response:
    """The world as Data Load CSVs and their load order (or ?format=massload), in one zip."""
    with backend().deps.store.read() as session:
        files = export_files(session, massload=query.format == "massload")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in files:
            archive.writestr(zipfile.ZipInfo(name, ZIP_STAMP), files[name])
    headers = {"Content-Disposition": f"attachment; filename=master-data-{query.format}.zip"}
    return Response(buffer.getvalue(), mimetype="application/zip", headers=headers)
