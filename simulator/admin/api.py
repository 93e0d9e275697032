"""What every admin endpoint declaration shares: the app, blueprints, common query models and problem+json errors.

An endpoint is one decorated function on a blueprint from `blueprint()`: its `path`, `query` and `body` parameters are
pydantic models (validated by flask-openapi3 before the view runs), its `responses` name the response models, and the
OpenAPI document at /_admin/openapi.json is generated from those declarations.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Final, Generic, TypeVar, get_args

from flask import Response, current_app, jsonify, request
from flask_openapi3.blueprint import APIBlueprint
from flask_openapi3.models.info import Info
from flask_openapi3.openapi import OpenAPI
from flask_openapi3.types import ResponseDict
from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from simulator.admin.errors import PROBLEM_JSON, problem

TITLE: Final = "backoffice-sim admin API"
DESCRIPTION: Final = (
    "The control plane of the simulated back office. Every endpoint accepts an X-Backoffice-Tenant header selecting "
    "an isolated world. With an admin token configured, every endpoint but health, this document and /metrics "
    "needs Authorization: Bearer <token>. Errors are application/problem+json (RFC 9457); a request that does not "
    "fit its declaration is a 400."
)
SECURITY_SCHEME: Final = "adminToken"
MAX_OFFSET: Final = 10**9

Text = Annotated[str, Field(min_length=1)]
StrictText = Annotated[StrictStr, Field(min_length=1)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="first item")]
Json = dict[str, Any]


def _instant(value: Any) -> Any:
    """An ISO 8601 date-time text; an unencoded '+' of an offset arrives as a space; no offset means UTC."""
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 date-time text")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


Whole = StrictInt  # JSON's integer: 3 or 3.0 (see NoNulls), never "3" or true
Instant = Annotated[AwareDatetime, BeforeValidator(_instant)]
Maybe = SkipJsonSchema[None]  # an optional field: left out, never null in the document
Item = TypeVar("Item")


class Problem(BaseModel):
    """An error as application/problem+json (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    code: str | None = None


class Query(BaseModel):
    """A query string (parameters it does not declare are ignored, as they always were)."""


def _mentions(annotation: Any, wanted: type) -> bool:
    return annotation is wanted or any(_mentions(arg, wanted) for arg in get_args(annotation))


def _integer(annotation: Any) -> bool:
    return _mentions(annotation, int) and not _mentions(annotation, float)


class NoNulls(BaseModel):
    """A JSON object whose optional fields are left out, never null; 3.0 is the integer 3, as JSON Schema has it."""

    @model_validator(mode="before")
    @classmethod
    def _as_json_schema_reads_it(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        nulls = sorted(name for name, value in data.items() if value is None and name in cls.model_fields)
        if nulls:
            raise ValueError(f"leave {', '.join(nulls)} out instead of null")
        integral = {name: int(value) for name, value in data.items() if isinstance(value, float) and
                    value.is_integer() and name in cls.model_fields and _integer(cls.model_fields[name].annotation)}
        return {**data, **integral} if integral else data


class Body(NoNulls):
    """A JSON object body (fields it does not declare are ignored)."""


class OptionalBody(Body):
    """A JSON object body that may be left out (an empty body counts as {})."""

    model_config = ConfigDict(openapi_extra={"required": False})  # type: ignore[typeddict-unknown-key]

    @model_validator(mode="before")
    @classmethod
    def _empty_is_nothing(cls, data: Any) -> Any:
        return {} if data is None and not request.get_data() else data


class Paging(Query):
    """offset and limit of a listing of the world."""

    offset: Offset = 0
    limit: int = Field(50, ge=1, le=500, description="items per page (1..500)")


class TenantQuery(Query):
    """`tenant`: only this tenant's (from the default world; a tenant's own app always means itself)."""

    tenant: Text | Maybe = Field(None, description="only this tenant's")


class Page(BaseModel, Generic[Item]):
    """A page of a listing with its position and the total count."""

    items: list[Item]
    total: int = Field(ge=0)
    offset: int | None = None
    limit: int | None = None


class Removed(BaseModel):
    """How many entries a clear removed."""

    removed: int = Field(ge=0)


class Anything(BaseModel):
    """A JSON object whose fields depend on the entity (see the domain docs)."""

    model_config = ConfigDict(extra="allow")


def _problem_response(description: str) -> Json:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


ERRORS: Final[ResponseDict] = {"400": _problem_response("The request does not fit its declaration"),
                                 "4XX": _problem_response("Problem")}


def blueprint(name: str, import_name: str) -> APIBlueprint:
    """A blueprint under /_admin whose operations answer problem+json on every client error."""
    return APIBlueprint(name, import_name, url_prefix="/_admin", abp_responses=ERRORS)


def problem_responses(*statuses: int) -> ResponseDict:
    """Further documented problem+json answers of one operation (e.g. 409, 501)."""
    return {str(status): _problem_response("Problem") for status in statuses}


def _union_branch(part: str) -> bool:
    """A location part pydantic adds for the branch of a union (`constrained-str`, `function-after[...]`)."""
    return "[" in part or part.startswith(("constrained-", "function-")) or part in ("str", "int", "float", "none")


def _validation_problem(exc: ValidationError) -> Response:
    first: dict[str, str] = {}  # one message per field: a union's alternatives would each add one
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"] if not _union_branch(str(part))) or "the body"
        first.setdefault(str(error["loc"][0]) if error["loc"] else field, f"{field}: {error['msg']}")
    return problem(400, "Bad Request", "; ".join(first.values()))


def create(import_name: str, admin_token: str | None) -> OpenAPI:
    """The Flask app serving the admin API, its document at /_admin/openapi.json."""
    app = OpenAPI(
        import_name,
        info=Info(title=TITLE, version="1", description=DESCRIPTION),
        security_schemes={SECURITY_SCHEME: {"type": "http", "scheme": "bearer"}},
        validation_error_status=400,
        validation_error_model=Problem,
        validation_error_callback=_validation_problem,
        doc_ui=False,
    )
    if admin_token:
        app.spec.security = [{SECURITY_SCHEME: []}]
    app.register_api(_document)
    return app


OPEN: Final[dict[str, Any]] = {"security": []}  # openapi_extensions of an operation that needs no admin token
_document = APIBlueprint("admin_openapi", __name__, url_prefix="/_admin")
DOCUMENT: Final = {"description": "The OpenAPI 3.1 document",
                   "content": {"application/json": {"schema": {"type": "object"}}}}


@_document.get("/openapi.json", responses={200: DOCUMENT}, openapi_extensions=OPEN)
def openapi() -> Response:
    """This document."""
    app: OpenAPI = current_app  # type: ignore[assignment]
    return jsonify(app.api_doc)
