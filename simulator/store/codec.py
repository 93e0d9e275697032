"""Entity <-> JSON conversion: Decimal as string, aware datetimes in ISO 8601, enums by value, sorted keys."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

T = TypeVar("T")
Json = str | int | bool | None | list["Json"] | dict[str, "Json"]
Decoder = Callable[[Any], Any]


def encode(value: object) -> Json:
    """Turn an entity (a dataclass tree) into plain JSON values."""
    if isinstance(value, Enum):
        return cast(Json, value.value)
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return encode_datetime(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    raise TypeError(f"cannot encode {type(value).__name__} for the store")


def encode_datetime(value: datetime) -> str:
    """ISO 8601 with the offset; naive datetimes are refused (every "now" comes from an aware Clock)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()} cannot be stored: give it a timezone")
    return value.isoformat()


def decode_datetime(text: str) -> datetime:
    """The inverse of encode_datetime."""
    return datetime.fromisoformat(text)


def decode(cls: type[T], data: Any) -> T:
    """Rebuild an entity of type `cls` from what `encode` produced."""
    return cast(T, _decoder(cast(Any, cls))(data))


def dumps(value: object) -> str:
    """Deterministic compact JSON text of an entity (sorted keys), stable for content hashes."""
    return json.dumps(encode(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def loads(cls: type[T], text: str | bytes) -> T:
    """Rebuild an entity from `dumps` output."""
    return decode(cls, json.loads(text))


@cache
def _decoder(tp: Any) -> Decoder:
    origin = typing.get_origin(tp)
    if origin is types.UnionType or origin is typing.Union:
        return _optional_decoder(tp)
    if origin is tuple:
        return _tuple_decoder(tp)
    if origin is dict:
        value_decoder = _decoder(typing.get_args(tp)[1])
        return lambda data: {key: value_decoder(item) for key, item in data.items()}
    if isinstance(tp, type):
        return _class_decoder(tp)
    raise TypeError(f"cannot decode {tp!r} from the store")


def _optional_decoder(tp: Any) -> Decoder:
    args = [arg for arg in typing.get_args(tp) if arg is not type(None)]
    if len(args) != 1:
        raise TypeError(f"cannot decode the union {tp!r} from the store")
    inner = _decoder(args[0])
    return lambda data: None if data is None else inner(data)


def _tuple_decoder(tp: Any) -> Decoder:
    args = typing.get_args(tp)
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return lambda data: tuple(item(value) for value in data)
    items = [_decoder(arg) for arg in args]
    return lambda data: tuple(dec(value) for dec, value in zip(items, data, strict=True))


def _class_decoder(tp: type) -> Decoder:
    if issubclass(tp, Enum):
        return tp
    if tp is Decimal:
        return Decimal
    if tp is datetime:
        return decode_datetime
    if tp in (str, int, bool):
        return lambda data: data
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    raise TypeError(f"cannot decode {tp.__name__} from the store")


def _dataclass_decoder(tp: type) -> Decoder:
    hints = typing.get_type_hints(tp)
    fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(tp) if f.init]

    def build(data: dict[str, Any]) -> Any:
        return tp(**{name: dec(data[name]) for name, dec in fields if name in data})

    return build


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def instant_key(value: datetime) -> int:
    """Microseconds since the epoch: the sort key of a placed date, whatever its offset."""
    encode_datetime(value)
    return (value - _EPOCH) // _MICROSECOND
