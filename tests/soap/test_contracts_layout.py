"""contracts/: relative symlinks to the codec's schemas and samples, every contract file parses, WSDLs load in zeep."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import zeep
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "contracts"
LINKS = {
    "xsd": ROOT / "simulator" / "bod" / "schemas",
    "wsdl": ROOT / "simulator" / "bod" / "schemas" / "wsdl",
    "samples": ROOT / "simulator" / "bod" / "samples",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.mark.parametrize("name", sorted(LINKS))
def test_contract_folders_are_relative_symlinks_into_the_codec(name: str) -> None:
    link = CONTRACTS / name
    assert link.is_symlink(), f"contracts/{name} must be a symlink (the contract files exist once)"
    assert not os.path.isabs(os.readlink(link)), f"contracts/{name} must be a relative (git-friendly) symlink"
    assert link.resolve() == LINKS[name].resolve()
    assert link.is_dir()


def files(folder: str, pattern: str) -> list[Path]:
    found = sorted((CONTRACTS / folder).glob(pattern))
    assert found, f"no {pattern} in contracts/{folder}"
    return found


@pytest.mark.parametrize("path", files("xsd", "*.xsd"), ids=lambda p: p.name)
def test_every_xsd_compiles(path: Path) -> None:
    etree.XMLSchema(etree.parse(str(path), _PARSER))


@pytest.mark.parametrize("path", files("wsdl", "*.wsdl"), ids=lambda p: p.name)
def test_every_wsdl_parses_and_loads_in_zeep(path: Path) -> None:
    root = etree.parse(str(path), _PARSER).getroot()
    assert root.tag == "{http://schemas.xmlsoap.org/wsdl/}definitions"
    client = zeep.Client(str(path))
    assert client.wsdl.services


@pytest.mark.parametrize("path", files("samples", "*.xml"), ids=lambda p: p.name)
def test_every_sample_parses_and_validates(path: Path) -> None:
    envelope = etree.parse(str(path), _PARSER).getroot()
    body = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    assert body is not None
    schema = etree.XMLSchema(etree.parse(str(CONTRACTS / "xsd" / "bods.xsd"), _PARSER))
    bod = etree.fromstring(etree.tostring(body[0]))
    assert schema.validate(bod), schema.error_log.last_error


def test_readme_explains_how_to_run_the_suite() -> None:
    readme = (CONTRACTS / "README.md").read_text()
    assert "pytest contracts --base-url" in readme
