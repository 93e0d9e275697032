"""A content hash of a world: sha256 over a canonical serialization of every entity."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from simulator.seed.contents import World

Encoder = Callable[[Any], str]
_ENCODERS: dict[type, Encoder] = {}


def content_hash(world: World) -> str:
    """Hex sha256 of every entity, field by field, in the world's (deterministic) order.

    Scalars are written as str (Decimal) or isoformat (datetime), dict keys sorted.
    """
    digest = hashlib.sha256()
    for field in dataclasses.fields(World):
        value = getattr(world, field.name)
        items = value if isinstance(value, tuple) else (value,)
        digest.update(f"#{field.name}\n".encode())
        for item in items:
            digest.update(_encode(item).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def _encode(value: object) -> str:
    kind = type(value)
    encoder = _ENCODERS.get(kind)
    if encoder is None:
        encoder = _ENCODERS[kind] = _encoder_for(kind)
    return encoder(value)


def _encoder_for(kind: type) -> Encoder:
    if kind is type(None):
        return _encode_none
    if issubclass(kind, Enum):
        return _encode_enum
    if issubclass(kind, str):
        return repr
    if issubclass(kind, bool | int | Decimal):
        return str
    if issubclass(kind, datetime):
        return datetime.isoformat
    if issubclass(kind, tuple | list):
        return _encode_sequence
    if issubclass(kind, dict):
        return _encode_dict
    if dataclasses.is_dataclass(kind):
        return _dataclass_encoder(kind)
    raise TypeError(f"cannot serialize {kind.__name__} canonically")


def _encode_none(_: None) -> str:
    return "~"


def _encode_enum(value: Enum) -> str:
    return _encode(value.value)


def _encode_sequence(value: tuple[object, ...] | list[object]) -> str:
    return "[" + ",".join(_encode(item) for item in value) + "]"


def _encode_dict(value: dict[Any, object]) -> str:
    return "{" + ",".join(f"{_encode(key)}:{_encode(value[key])}" for key in sorted(value)) + "}"


def _dataclass_encoder(kind: type) -> Encoder:
    names = tuple(field.name for field in dataclasses.fields(kind))
    prefix = kind.__name__ + "("

    def encode(value: object) -> str:
        return prefix + ",".join(_encode(getattr(value, name)) for name in names) + ")"

    return encode
