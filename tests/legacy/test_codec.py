"""The codec: notifications read as Commerce writes them (quirks included), fixed widths, outbound shapes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from simulator.legacy import fixed, outbound_legacy
from simulator.legacy.ecedoc import read_buffer
from simulator.legacy.errors import MalformedMessage
from simulator.legacy.layouts import ORDER_HDR010, ORDER_HDR020, ORDER_HDR030, ORDER_ITM010, QUANTITY_HDR010
from simulator.legacy.model import Notification, NotificationLine
from simulator.legacy.order_create import parse_order_create, render_order_create
from simulator.legacy.outbound_model import InventoryUpdate
from simulator.legacy.report import parse_report, render_report

NOTE = Notification(
    order_id="18001", currency="USD", placed=datetime(2024, 3, 15, 14, 30, 5), total_net=Decimal("59.98"),
    total_tax=Decimal("4.95"), total_shipping=Decimal("7.50"), status="M", store_id="10151", member_id="3001",
    logon_id="ana.rivera@example.com",
    lines=(NotificationLine("20001", "SKU-1001", Decimal("2"), Decimal("24.99"), "USD", 0, "AT&T <b> shoe"),
           NotificationLine("20002", "SKU-2002", Decimal("1"), Decimal("10.00"), "USD", 1)),
)


def test_report_is_written_as_the_jsp_writes_it() -> None:
    text = render_report(NOTE)
    lines = text.split("\n")
    assert lines[:6] == [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE Report_NC_PurchaseOrder SYSTEM "Report_NC_PO_10.dtd">',
        '<Report_NC_PurchaseOrder version="1.0">', "<ControlArea>", '<Verb value="Report"> </Verb>',
        '<Noun value="NC_PurchaseOrder"> </Noun>',
    ]
    assert not text.endswith("\n") and lines[-1] == "</Report_NC_PurchaseOrder>"
    assert all(line == line.lstrip() for line in lines)
    assert "<TotalNetPrice>59.98000</TotalNetPrice>" in lines
    assert "<ItemLineNumber>0</ItemLineNumber>" in lines and "<ItemProductQuantity>2.0</ItemProductQuantity>" in lines
    assert "<ItemProductDescription>AT&T <b> shoe</ItemProductDescription>" in lines  # not escaped


def test_unescaped_ampersand_is_read_not_refused() -> None:
    read = parse_report(render_report(NOTE).replace(" <b>", "").encode())
    assert read.lines[0].description == "AT&T shoe"
    assert read.order_id == "18001" and read.logon_id == "ana.rivera@example.com" and read.store_id == "10151"
    assert read.placed == NOTE.placed and read.total_tax == Decimal("4.95")
    assert [line.part_number for line in read.lines] == ["SKU-1001", "SKU-2002"]
    assert [line.quantity for line in read.lines] == [Decimal("2.0"), Decimal("1.0")]


def test_empty_tax_info_and_unclosed_item_date_are_read() -> None:
    text = render_report(NOTE).replace(" <b>", "")
    text = text.replace('<MonetaryAmount currency="USD">4.95000</MonetaryAmount>\n', "", 1)
    text = text.replace("<LastUpdateDate>20240315</LastUpdateDate>\n<LastUpdateTime>143005</LastUpdateTime>\n"
                        "</DateTimeReference>\n", "")
    read = parse_report(text.encode())
    assert read.total_tax is None
    assert len(read.lines) == 2 and read.lines[1].part_number == "SKU-2002"


def test_exception_text_after_truncated_xml_is_malformed_or_partial() -> None:
    text = render_report(NOTE).replace(" <b>", "")
    cut = text[: text.index("<ReportPOItem>")] + "Exception => java.lang.NullPointerException"
    with pytest.raises(MalformedMessage):
        parse_report(cut.encode())


@pytest.mark.parametrize("bad", [b"", b"not xml", b"<Other version='1.0'/>", b"<Report_NC_PurchaseOrder/>"])
def test_garbage_is_malformed(bad: bytes) -> None:
    with pytest.raises(MalformedMessage):
        parse_report(bad)


def test_order_create_round_trip_and_fixed_widths() -> None:
    buffer = render_order_create(NOTE)
    prolog = "<ECEDOC><PROLOG>ON        01          </PROLOG><HEADER>"
    assert buffer.startswith(prolog + "<HDR010>0118001     20240315143005")
    assert "\n" not in buffer
    parsed = read_buffer(buffer)
    assert len(parsed.header("HDR010") or "") == fixed.width(ORDER_HDR010) == 440
    assert len(parsed.header("HDR020") or "") == fixed.width(ORDER_HDR020) == 1101
    assert len(parsed.header("HDR030") or "") == fixed.width(ORDER_HDR030) == 940
    assert [len(item) for item in parsed.items("ITM010")] == [fixed.width(ORDER_ITM010)] * 2
    read = parse_order_create(buffer)
    assert read.order_id == "18001" and read.logon_id == NOTE.logon_id and read.store_id == "10151"
    assert [(line.part_number, line.quantity, line.line_number) for line in read.lines] == [
        ("SKU-1001", Decimal("2.0"), 1), ("SKU-2002", Decimal("1.0"), 2)]
    assert read.lines[0].description == "AT&T <b> shoe"


def test_order_create_hdr010_fields_sit_at_their_documented_positions() -> None:
    head = read_buffer(render_order_create(NOTE)).header("HDR010") or ""
    assert head[2:12] == "18001     " and head[12:20] == "20240315" and head[20:26] == "143005"
    assert head[26:36] == "USD       " and head[36:52] == "59.98000".ljust(16)
    assert head[100:110] == "3001      " and head[110:120] == "10151     "


@pytest.mark.parametrize("broken, key", [
    ("<ECEDOC><PROLOG>ON        01          </PROLOG><HEADER></HEADER></ECEDOC>", "_ERR_NCPARSER_TAG_MISSING"),
    ("<ECEDOC><PROLOG>ON        01          </PROLOG><HEADER><HDR010>01", "_ERR_NCPARSER_TAG_MISSING"),
    ("<ECEDOC><HEADER></HEADER></ECEDOC>", "_ERR_NCPARSER_RETRIEVE_MSGINFO"),
])
def test_broken_buffers_name_the_parser_key(broken: str, key: str) -> None:
    with pytest.raises(MalformedMessage) as raised:
        parse_order_create(broken)
    assert raised.value.key == key


def test_product_quantity_buffer_matches_the_reference_example() -> None:
    buffer = outbound_legacy.quantity(InventoryUpdate("SKU-1001", "10151", 250, "10251"))
    expected = ("<ECEDOC><PROLOG>PQ        01          </PROLOG><HEADER><HDR010>0110251     250       SKU-1001"
                + " " * 56 + "10151     </HDR010></HEADER></ECEDOC>")
    assert buffer == expected
    assert len(read_buffer(buffer).header("HDR010") or "") == fixed.width(QUANTITY_HDR010) == 96


def test_fields_longer_than_their_width_are_cut() -> None:
    assert fixed.pad("x" * 12, 10) == "x" * 10
    assert fixed.render(fixed.layout(("a", 3), ("b", 2)), {"a": "abcdef", "b": "z"}) == "abcz "
