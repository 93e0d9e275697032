"""Report_NC_PurchaseOrder: read it as Commerce sends it, and write it byte for byte as OrderCreateXML.jsp does."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from simulator.legacy.errors import MalformedMessage
from simulator.legacy.model import Notification, NotificationLine, money, parse_placed, placed_parts, quantity_text
from simulator.legacy.xmlread import message_name, read_document, text

ROOT = "Report_NC_PurchaseOrder"
DOCTYPE = '<!DOCTYPE Report_NC_PurchaseOrder SYSTEM "Report_NC_PO_10.dtd">'


def parse_report(data: bytes) -> Notification:
    """The notification in a Report_NC_PurchaseOrder, matched on element names, not positions."""
    return read_report(read_document(data))


def read_report(root: etree._Element) -> Notification:
    """The notification in an already parsed Report_NC_PurchaseOrder."""
    name, _version = message_name(root)
    if name != ROOT:
        raise MalformedMessage("_ERR_BAD_XML", f"expected {ROOT}, got {name}")
    header = root.find("DataArea/ReportPO/ReportPOHeader")
    if header is None:
        raise MalformedMessage("_ERR_BAD_XML", "ReportPOHeader is missing")
    order_id = text(header, "OrderNumberByNC")
    if not order_id:
        raise MalformedMessage("_ERR_BAD_XML", "OrderNumberByNC is missing")
    prices = header.find("TotalPriceInfo")
    currency = prices.get("currency", "") if prices is not None else ""
    items = root.findall("DataArea/ReportPO/ReportPOItem")
    if not items:
        raise MalformedMessage("_ERR_BAD_XML", "the order has no ReportPOItem")
    return Notification(
        order_id=order_id,
        currency=currency,
        lines=tuple(_line(item, currency, index) for index, item in enumerate(items)),
        placed=_placed(header.find("DateTimeReference")),
        total_net=_decimal(text(prices, "TotalNetPrice") or "0", "TotalNetPrice"),
        total_tax=_optional(text(prices, "TaxInfo/MonetaryAmount"), "TaxInfo"),
        total_shipping=_decimal(text(prices, "TotalShippingPrice") or "0", "TotalShippingPrice"),
        total_tax_shipping=_decimal(text(prices, "TotalTaxOnShippingPrice") or "0", "TotalTaxOnShippingPrice"),
        status=text(header, "ShipStatus"),
        store_id=_typed(header.findall("MerchantInfo/OrgID"), "NCInternal"),
        member_id=_typed(header.findall("RequisitionerInfo/RequisitionerID"), "NCInternal"),
        logon_id=_typed(header.findall("RequisitionerInfo/RequisitionerID"), "logon"),
        merchant_order=text(header, "OrderNumberByMerchant"),
        custom_fields=tuple((field.text or "").strip() for field in header.findall("OrderCustomerField")),
        source_format="xml",
    )


def _line(item: etree._Element, currency: str, index: int) -> NotificationLine:
    part = text(item, "ProductNumberByMerchant")
    if not part:
        raise MalformedMessage("_ERR_BAD_XML", f"item {index} has no ProductNumberByMerchant")
    price = item.find("ItemUnitPrice")
    line_text = text(item, "ItemLineNumber")
    return NotificationLine(
        item_id=text(item, "ItemNumberByNC") or str(index),
        part_number=part,
        quantity=_decimal(text(item, "ItemProductQuantity"), "ItemProductQuantity"),
        unit_price=_decimal(text(item, "ItemUnitPrice") or "0", "ItemUnitPrice"),
        currency=(price.get("currency") if price is not None else None) or currency,
        line_number=int(line_text) if line_text.isdigit() else index,
        description=text(item, "ItemProductDescription"),
        status=text(item, "ShipStatus"),
    )


def _placed(reference: etree._Element | None) -> datetime | None:
    try:
        return parse_placed(text(reference, "PlacedDate"), text(reference, "PlacedTime"))
    except ValueError as error:
        raise MalformedMessage("_ERR_BAD_XML", f"PlacedDate/PlacedTime: {error}") from error


def _typed(elements: list[etree._Element], kind: str) -> str:
    for element in elements:
        if element.get("type", "NCInternal") == kind:
            return (element.text or "").strip()
    return ""


def _decimal(value: str, name: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise MalformedMessage("_ERR_BAD_XML", f"{name} is not a number: {value!r}") from error


def _optional(value: str, name: str) -> Decimal | None:
    return _decimal(value, name) if value else None


def render_report(note: Notification, merchant_name: str = "") -> str:
    """The JSP's output: one element a line, no indentation, values not escaped, no final newline."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', DOCTYPE, '<Report_NC_PurchaseOrder version="1.0">',
           "<ControlArea>", '<Verb value="Report"> </Verb>', '<Noun value="NC_PurchaseOrder"> </Noun>',
           "</ControlArea>", "<DataArea>", "<ReportPO>", "<ReportPOHeader>"]
    if note.merchant_order:
        out.append(f"<OrderNumberByMerchant>{note.merchant_order}</OrderNumberByMerchant>")
    out.append(f"<OrderNumberByNC>{note.order_id}</OrderNumberByNC>")
    date, time = placed_parts(note.placed)
    if date:
        out += ["<DateTimeReference>", f"<PlacedDate>{date}</PlacedDate>", f"<PlacedTime>{time}</PlacedTime>",
                "</DateTimeReference>"]
    cur = note.currency
    out.append(f'<TotalPriceInfo currency="{cur}">' if cur else "<TotalPriceInfo>")
    out.append(f"<TotalNetPrice>{money(note.total_net)}</TotalNetPrice>")
    out.append("<TaxInfo>")
    if note.total_tax is not None:
        out.append(f'<MonetaryAmount currency="{cur}">{money(note.total_tax)}</MonetaryAmount>')
    out += ["</TaxInfo>", f"<TotalShippingPrice>{money(note.total_shipping)}</TotalShippingPrice>",
            f"<TotalTaxOnShippingPrice>{money(note.total_tax_shipping)}</TotalTaxOnShippingPrice>",
            "</TotalPriceInfo>"]
    if note.status:
        out.append(f"<ShipStatus>{note.status}</ShipStatus>")
    if note.store_id:
        out += ["<MerchantInfo>", f"<OrgName>{merchant_name}</OrgName>" if merchant_name else "",
                f'<OrgID type="NCInternal">{note.store_id}</OrgID>', "</MerchantInfo>"]
    if note.member_id:
        out += ["<RequisitionerInfo>", f'<RequisitionerID type="NCInternal">{note.member_id}</RequisitionerID>']
        if note.logon_id:
            out.append(f'<RequisitionerID type="logon">{note.logon_id}</RequisitionerID>')
        out.append("</RequisitionerInfo>")
    out += [f"<OrderCustomerField>{value}</OrderCustomerField>" for value in note.custom_fields[:3]]
    out.append("</ReportPOHeader>")
    for index, line in enumerate(note.lines):
        out += _item_lines(line, index, date, time)
    out += ["</ReportPO>", "</DataArea>", "</Report_NC_PurchaseOrder>"]
    return "\n".join(part for part in out if part)


def _item_lines(line: NotificationLine, index: int, date: str, time: str) -> list[str]:
    out = ["<ReportPOItem>", f"<ItemLineNumber>{index}</ItemLineNumber>",
           f"<ItemNumberByNC>{line.item_id}</ItemNumberByNC>",
           f"<ProductNumberByMerchant>{line.part_number}</ProductNumberByMerchant>",
           f'<ItemUnitPrice currency="{line.currency}">{money(line.unit_price)}</ItemUnitPrice>',
           f"<ItemProductQuantity>{quantity_text(line.quantity)}</ItemProductQuantity>"]
    if line.description:
        out.append(f"<ItemProductDescription>{line.description}</ItemProductDescription>")
    if line.status:
        out.append(f"<ShipStatus>{line.status}</ShipStatus>")
    if date:
        out += ["<DateTimeReference>", f"<PlacedDate>{date}</PlacedDate>", f"<PlacedTime>{time}</PlacedTime>",
                f"<LastUpdateDate>{date}</LastUpdateDate>", f"<LastUpdateTime>{time}</LastUpdateTime>",
                "</DateTimeReference>"]
    out.append("</ReportPOItem>")
    return out
