"""Validate a message against the DTD its DOCTYPE names, from our contracts/dtd or a user's WC/xml/messaging."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from simulator.legacy.errors import MalformedMessage

DEFAULT_DTD_DIR = Path(__file__).resolve().parents[2] / "contracts" / "dtd"
_SYSTEM_ID = re.compile(rb"<!DOCTYPE\s+([\w.-]+)\s+SYSTEM\s+[\"']([^\"']+)[\"']")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@lru_cache(maxsize=64)
def _load(path: str) -> etree.DTD:
    return etree.DTD(path)


def dtd_file(data: bytes) -> str:
    """The DTD file name a message's DOCTYPE names (the path is ignored, as Commerce matches by file name)."""
    match = _SYSTEM_ID.search(data[:2048])
    if match is None:
        raise MalformedMessage("_ERR_BAD_XML", "the message has no DOCTYPE naming its DTD")
    return Path(match.group(2).decode("ascii", "replace")).name


def validate(data: bytes, directory: Path = DEFAULT_DTD_DIR) -> None:
    """Raise MalformedMessage unless the document is valid against its DTD in `directory`."""
    name = dtd_file(data)
    path = directory / name
    if not path.is_file():
        raise MalformedMessage("_ERR_BAD_XML", f"no DTD {name} in {directory}")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise MalformedMessage("_ERR_BAD_XML", f"not well-formed: {error}") from error
    validate_root(root, name, directory)


def validate_root(root: etree._Element, name: str, directory: Path = DEFAULT_DTD_DIR) -> None:
    """Raise MalformedMessage unless a parsed document is valid against the DTD file `name` in `directory`."""
    path = directory / name
    if not path.is_file():
        raise MalformedMessage("_ERR_BAD_XML", f"no DTD {name} in {directory}")
    dtd = _load(str(path))
    if not dtd.validate(root):
        raise MalformedMessage("_ERR_BAD_XML", f"invalid against {name}: {dtd.error_log.filter_from_errors()[0]}")
