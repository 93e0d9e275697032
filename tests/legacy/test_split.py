"""Splitting the File connector's stream: messages appended with no separator."""

from __future__ import annotations

from simulator.legacy.order_create import render_order_create
from simulator.legacy.report import parse_report, render_report
from simulator.legacy.split import split_stream
from tests.legacy.test_codec import NOTE


def test_concatenated_documents_and_buffers_split_into_each_message() -> None:
    xml = render_report(NOTE).encode()
    legacy = render_order_create(NOTE).encode()
    parts = list(split_stream(xml + legacy + xml + b"\n" + legacy))
    assert parts == [xml, legacy, xml, legacy]


def test_documents_without_declaration_split_on_their_root() -> None:
    one = b"<Update_WCS_OrderStatus version='3.0'><DataArea/></Update_WCS_OrderStatus>"
    assert list(split_stream(one + one)) == [one, one]


def test_a_truncated_document_does_not_swallow_the_next() -> None:
    xml = render_report(NOTE).encode()
    truncated = xml[: xml.index(b"<ReportPOItem>")] + b"Exception => java.lang.RuntimeException"
    parts = list(split_stream(truncated + xml))
    assert parts == [truncated, xml]
    assert parse_report(parts[1]).order_id == "18001"


def test_empty_and_whitespace_streams_hold_nothing() -> None:
    assert list(split_stream(b"")) == [] and list(split_stream(b"  \n")) == []
