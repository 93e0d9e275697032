"""Hardened parsing refuses oversize bodies, DTDs, entities and non-XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.bod.errors import MalformedMessage
from simulator.bod.xmlsafe import parse


def test_parses_plain_xml() -> None:
    assert parse(b"<a><b>x</b></a>").findtext("b") == "x"


@pytest.mark.parametrize("body", [b"", b"   ", b"not xml", b"<a><b></a>"])
def test_refuses_non_xml(body: bytes) -> None:
    with pytest.raises(MalformedMessage):
        parse(body)


def test_refuses_oversize_before_parsing() -> None:
    with pytest.raises(MalformedMessage, match="exceeds"):
        parse(b"<" * 2048, max_bytes=1024)


def test_refuses_external_entity(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file://{secret}">]><a>&xxe;</a>'
    ).encode()
    with pytest.raises(MalformedMessage, match="DTDs and entities are not allowed") as caught:
        parse(body)
    assert "TOP-SECRET" not in str(caught.value)


def test_refuses_billion_laughs() -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l0 "lol">{entities}]><a>&l9;</a>'.encode()
    with pytest.raises(MalformedMessage, match="DTDs and entities"):
        parse(body)


def test_refuses_doctype_hidden_in_utf16() -> None:
    body = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>'
    with pytest.raises(MalformedMessage):
        parse(body.encode("utf-16"))


def test_drops_comments() -> None:
    assert len(parse(b"<a><!-- c --><b/></a>")) == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16-le", "utf-16-be"])
def test_refuses_doctype_behind_a_byte_order_mark_or_wide_encoding(encoding: str) -> None:
    body = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>'.encode(encoding)
    with pytest.raises(MalformedMessage):
        parse(body)


def test_accepts_cdata_which_also_starts_with_a_bang() -> None:
    assert parse(b"<a><![CDATA[<b>]]></a>").text == "<b>"
