"""Schema validation: our bundled XSD subset, or a Commerce toolkit's `component-services/xsd` folder."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from simulator.bod.errors import InvalidMessage, UnsupportedOperation

SCHEMA_DIR = Path(__file__).parent / "schemas"
ENTRY_POINT = "bods.xsd"
TOOLKIT_BODS = Path("OAGIS/9.0/Overlays/IBM/Commerce/BODs")


def _schema_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)


@lru_cache(maxsize=1)
def bundled_schema() -> etree.XMLSchema:
    """The compiled subset covering every BOD the codec reads or writes."""
    return _compile(SCHEMA_DIR / ENTRY_POINT)


def _compile(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path), _schema_parser()))


def validate(bod: etree._Element, schema: etree.XMLSchema | None = None) -> None:
    """Validate a BOD root (strict mode); raise InvalidMessage naming the first offending element."""
    checker = schema if schema is not None else bundled_schema()
    if checker.validate(bod):
        return
    error = checker.error_log.last_error
    if error is None:
        raise InvalidMessage("schema violation")
    raise InvalidMessage(f"schema violation: {error.message}", error.path or None)


def toolkit_bod_path(root: str | Path, bod_name: str) -> Path:
    """Where a toolkit folder keeps the schema of a BOD (`.../BODs/<BODName>.xsd`)."""
    return Path(root) / TOOLKIT_BODS / f"{bod_name}.xsd"


@lru_cache(maxsize=64)
def _toolkit_schema(path: str, mtime: float) -> etree.XMLSchema:
    return _compile(Path(path))


def toolkit_schema(root: str | Path, bod_name: str) -> etree.XMLSchema:
    """Compile (once per file version) the toolkit schema of a BOD."""
    path = toolkit_bod_path(root, bod_name)
    if not path.is_file():
        raise UnsupportedOperation(f"the toolkit folder has no schema for {bod_name} ({path})")
    try:
        return _toolkit_schema(str(path.resolve()), path.stat().st_mtime)
    except etree.XMLSchemaParseError as exc:
        raise UnsupportedOperation(f"the toolkit schema {path} does not compile: {exc}") from None


def validate_with_toolkit(bod: etree._Element, root: str | Path) -> None:
    """Validate a BOD against `<root>/OAGIS/9.0/Overlays/IBM/Commerce/BODs/<RootLocalName>.xsd`."""
    validate(bod, toolkit_schema(root, etree.QName(str(bod.tag)).localname))
