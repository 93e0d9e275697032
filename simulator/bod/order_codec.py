"""The gen-C Order noun (OrderType) to and from OrderDocument, in the Commerce schema's element order."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from lxml import etree

from simulator.bod._xml import (
    attr,
    find,
    findall,
    fmt_bool,
    fmt_datetime,
    fmt_decimal,
    parse_bool,
    parse_datetime,
    parse_decimal,
    sub,
    sub_text,
    text,
)
from simulator.bod.messages import (
    Address,
    Adjustment,
    LineAmounts,
    OrderAmounts,
    OrderDocument,
    OrderLine,
    Pairs,
    PaymentInstruction,
    ShippingInfo,
)
from simulator.bod.namespaces import ORD, WCF, qname


def _o(local: str) -> str:
    return qname(ORD, local)


def _w(local: str) -> str:
    return qname(WCF, local)


def _money(parent: etree._Element, tag: str, amount: Decimal | None, currency: str | None) -> None:
    if amount is not None:
        sub(parent, tag, fmt_decimal(amount), currency=currency)


def _date(parent: etree._Element, tag: str, value: datetime | None) -> None:
    if value is not None:
        sub(parent, tag, fmt_datetime(value))


def build_order_content(element: etree._Element, order: OrderDocument, with_items: bool = True) -> etree._Element:
    """Fill element (an Order, InventoryRequirement or OrderTemplate) with the Order noun content."""
    if order.ship_as_complete is not None:
        element.set("shipAsComplete", fmt_bool(order.ship_as_complete) or "false")
    _identifiers(element, order)
    _buyer(element, order)
    if order.bill_to is not None:
        build_contact(element, _o("BuyerBillInfo"), order.bill_to)
    if order.amounts is not None:
        _order_amount(element, order.amounts)
    _payments(element, order)
    _status(element, order)
    sub_text(element, _o("OrderDescription"), order.description)
    sub_text(element, _o("Comments"), order.comments)
    _date(element, _o("LastUpdateDate"), order.last_update_date)
    _date(element, _o("PlacedDate"), order.placed_date)
    if with_items:
        for line in order.lines:
            build_order_item(sub(element, _o("OrderItem")), line)
    if order.shipping is not None:
        _shipping(element, _o("OrderShippingInfo"), order.shipping, item_level=False)
    sub_text(element, _o("OrderTypeCode"), order.order_type_code)
    build_user_data(element, order.user_data)
    return element


def _identifiers(element: etree._Element, order: OrderDocument) -> None:
    if order.order_id or order.external_order_id or order.customer_order_number:
        identifier = sub(element, _o("OrderIdentifier"))
        sub_text(identifier, _w("UniqueID"), order.order_id)
        sub_text(identifier, _w("ExternalOrderID"), order.external_order_id)
        sub_text(identifier, _w("CustomerOrderNumber"), order.customer_order_number)
    if order.store_id or order.store_name:
        build_store_identifier(element, _o("StoreIdentifier"), order.store_id, order.store_name)
    if order.channel or order.channel_id:
        channel = sub(sub(element, _o("Channel")), _o("ChannelIdentifer"))
        sub_text(channel, _o("UniqueID"), order.channel_id)
        sub_text(channel, _o("ChannelName"), order.channel)
    if order.quote_id or order.external_quote_id:
        quote = sub(element, _o("QuoteIdentifier"))
        sub_text(quote, _w("UniqueID"), order.quote_id)
        sub_text(quote, _w("ExternalQuoteID"), order.external_quote_id)
    sub_text(element, _o("BuyerPONumber"), order.buyer_po)


def build_store_identifier(parent: etree._Element, tag: str, unique_id: str | None, name: str | None) -> None:
    """Append a StoreIdentifier: _wcf:UniqueID and/or _wcf:ExternalIdentifier/_wcf:NameIdentifier."""
    store = sub(parent, tag)
    sub_text(store, _w("UniqueID"), unique_id)
    if name is not None:
        sub(sub(store, _w("ExternalIdentifier")), _w("NameIdentifier"), name)


def _buyer(element: etree._Element, order: OrderDocument) -> None:
    if order.organization_id or order.organization_dn:
        organization = sub(element, _o("OrganizationIdentifier"))
        sub_text(organization, _w("UniqueID"), order.organization_id)
        sub_text(organization, _w("DistinguishedName"), order.organization_dn)
    if order.buyer_id or order.buyer_dn or order.buyer_logon:
        buyer = sub(element, _o("BuyerIdentifier"))
        sub_text(buyer, _w("UniqueID"), order.buyer_id)
        sub_text(buyer, _w("DistinguishedName"), order.buyer_dn)
        if order.buyer_logon is not None:
            sub(sub(buyer, _w("ExternalIdentifier")), _w("Identifier"), order.buyer_logon)


def build_contact(parent: etree._Element, tag: str, address: Address) -> etree._Element:
    """Append a ContactInfoType element: ContactName, Address, Telephone1, EmailAddress1."""
    contact = sub(parent, tag)
    if address.first_name or address.last_name:
        name = sub(contact, _w("ContactName"))
        sub_text(name, _w("LastName"), address.last_name)
        sub_text(name, _w("FirstName"), address.first_name)
    postal = sub(contact, _w("Address"))
    for line in address.lines[:3]:
        sub(postal, _w("AddressLine"), line)
    sub_text(postal, _w("City"), address.city)
    sub_text(postal, _w("StateOrProvinceName"), address.state)
    sub_text(postal, _w("Country"), address.country)
    sub_text(postal, _w("PostalCode"), address.postal_code)
    if address.phone is not None:
        sub(sub(contact, _w("Telephone1")), _w("Value"), address.phone)
    if address.email is not None:
        sub(sub(contact, _w("EmailAddress1")), _w("Value"), address.email)
    return contact


def _adjustments(parent: etree._Element, adjustments: tuple[Adjustment, ...], currency: str) -> None:
    for adjustment in adjustments:
        element = sub(parent, _w("Adjustment"))
        sub_text(element, _w("Usage"), adjustment.usage)
        sub_text(element, _w("Code"), adjustment.code)
        _money(element, _w("Amount"), adjustment.amount, currency)
        sub_text(element, _w("DisplayLevel"), adjustment.display_level)
        sub_text(element, _w("PromotionType"), adjustment.promotion_type)


def _order_amount(element: etree._Element, amounts: OrderAmounts) -> None:
    amount = sub(element, _o("OrderAmount"))
    currency = amounts.currency
    _money(amount, _w("GrandTotal"), amounts.grand_total, currency)
    _money(amount, _w("TotalProductPrice"), amounts.total_product_price, currency)
    _money(amount, _w("TotalAdjustment"), amounts.total_adjustment, currency)
    _adjustments(amount, amounts.adjustments, currency)
    _money(amount, _w("TotalShippingCharge"), amounts.total_shipping_charge, currency)
    _money(amount, _w("TotalSalesTax"), amounts.total_sales_tax, currency)
    _money(amount, _w("TotalShippingTax"), amounts.total_shipping_tax, currency)


def _payments(element: etree._Element, order: OrderDocument) -> None:
    if not order.payments:
        return
    info = sub(element, _o("OrderPaymentInfo"))
    for payment in order.payments:
        instruction = sub(info, _o("PaymentInstruction"))
        sub_text(instruction, _o("UniqueID"), payment.unique_id)
        if payment.billing_address is not None:
            build_contact(instruction, _o("BillingAddress"), payment.billing_address)
        _money(instruction, _o("Amount"), payment.amount, payment.currency)
        if payment.method is not None:
            sub(sub(instruction, _o("PaymentMethod")), _o("PaymentMethodName"), payment.method)
        if payment.sequence_number is not None:
            sub(instruction, _o("SequenceNumber"), str(payment.sequence_number))
        for name, value in payment.protocol_data:
            sub(instruction, _o("ProtocolData"), value, name=name)
        sub_text(instruction, _o("Status"), payment.status)


def _status(element: etree._Element, order: OrderDocument) -> None:
    if order.status or order.buyer_approval_status:
        status = sub(element, _o("OrderStatus"))
        sub_text(status, _o("Status"), order.status)
        sub_text(status, _o("BuyerApprovalStatus"), order.buyer_approval_status)


def build_order_item(item: etree._Element, line: OrderLine) -> etree._Element:
    """Fill an OrderItem element from an OrderLine."""
    if line.item_id or line.external_item_id:
        identifier = sub(item, _o("OrderItemIdentifier"))
        sub_text(identifier, _w("UniqueID"), line.item_id)
        sub_text(identifier, _w("ExternalOrderItemID"), line.external_item_id)
    if line.part_number or line.catentry_id:
        build_catalog_entry(item, _o("CatalogEntryIdentifier"), line.catentry_id, line.part_number)
    if line.quantity is not None:
        sub(item, _o("Quantity"), fmt_decimal(line.quantity), uom=line.uom)
    if line.amounts is not None:
        _item_amount(item, line.amounts)
    if line.shipping is not None:
        _shipping(item, _o("OrderItemShippingInfo"), line.shipping, item_level=True)
    _item_status(item, line)
    _fulfillment(item, line)
    sub_text(item, _o("CorrelationGroup"), line.correlation_group)
    sub_text(item, _o("OrderItemDescription"), line.description)
    sub_text(item, _o("Comments"), line.comments)
    _date(item, _o("CreateDate"), line.create_date)
    _date(item, _o("LastUpdateDate"), line.last_update_date)
    build_user_data(item, line.user_data)
    return item


def build_catalog_entry(parent: etree._Element, tag: str, catentry_id: str | None, part_number: str | None) -> None:
    """Append a CatalogEntryIdentifier: _wcf:UniqueID and/or _wcf:ExternalIdentifier/_wcf:PartNumber."""
    entry = sub(parent, tag)
    sub_text(entry, _w("UniqueID"), catentry_id)
    if part_number is not None:
        sub(sub(entry, _w("ExternalIdentifier")), _w("PartNumber"), part_number)


def _item_amount(item: etree._Element, amounts: LineAmounts) -> None:
    amount = sub(item, _o("OrderItemAmount"), priceOverride=fmt_bool(amounts.price_override),
                 freeGift=fmt_bool(amounts.free_gift))
    currency = amounts.currency
    if amounts.unit_price is not None:
        unit = sub(amount, _w("UnitPrice"))
        _money(unit, _w("Price"), amounts.unit_price, currency)
        if amounts.unit_quantity is not None:
            sub(unit, _w("Quantity"), fmt_decimal(amounts.unit_quantity), uom=amounts.unit_uom)
    _money(amount, _w("OrderItemPrice"), amounts.item_price, currency)
    _money(amount, _w("TotalAdjustment"), amounts.total_adjustment, currency)
    _adjustments(amount, amounts.adjustments, currency)
    _money(amount, _w("ShippingCharge"), amounts.shipping_charge, currency)
    _money(amount, _w("SalesTax"), amounts.sales_tax, currency)
    _money(amount, _w("ShippingTax"), amounts.shipping_tax, currency)


def _shipping(parent: etree._Element, tag: str, shipping: ShippingInfo, item_level: bool) -> None:
    element = sub(parent, tag)
    if shipping.address is not None:
        build_contact(element, _o("ShippingAddress"), shipping.address)
    if shipping.ship_mode_id or shipping.ship_mode_code or shipping.carrier:
        identifier = sub(sub(element, _o("ShippingMode")), _o("ShippingModeIdentifier"))
        sub_text(identifier, _o("UniqueID"), shipping.ship_mode_id)
        if shipping.ship_mode_code or shipping.carrier or shipping.ship_mode_store_id:
            external = sub(identifier, _o("ExternalIdentifier"))
            sub_text(external, _o("StoreUniqueID"), shipping.ship_mode_store_id)
            sub_text(external, _o("ShipModeCode"), shipping.ship_mode_code)
            sub_text(external, _o("Carrier"), shipping.carrier)
    if item_level:
        sub_text(element, _o("ShippingInstruction"), shipping.instruction)
    _date(element, _o("RequestedShipDate"), shipping.requested_ship_date)
    if shipping.pickup_store_id or shipping.pickup_store_name:
        store = sub(element, _o("PhysicalStoreIdentifier"))
        sub_text(store, _w("UniqueID"), shipping.pickup_store_id)
        sub_text(store, _w("ExternalIdentifier"), shipping.pickup_store_name)


def _item_status(item: etree._Element, line: OrderLine) -> None:
    if line.status or line.inventory_status or line.fulfillment_status:
        status = sub(item, _o("OrderItemStatus"))
        sub_text(status, _o("Status"), line.status)
        sub_text(status, _o("InventoryStatus"), line.inventory_status)
        sub_text(status, _o("FulfillmentStatus"), line.fulfillment_status)


def _fulfillment(item: etree._Element, line: OrderLine) -> None:
    dates = (line.available_date, line.expected_ship_date, line.time_released, line.time_shipped)
    if any(value is not None for value in dates):
        info = sub(item, _o("OrderItemFulfillmentInfo"))
        for local, value in zip(("AvailableDate", "ExpectedShipDate", "TimeReleased", "TimeShipped"), dates,
                                strict=True):
            _date(info, _o(local), value)
    if line.fulfillment_center or line.fulfillment_center_id:
        identifier = sub(sub(item, _o("FulfillmentCenter")), _o("FulfillmentCenterIdentifier"))
        sub_text(identifier, _w("UniqueID"), line.fulfillment_center_id)
        sub_text(identifier, _w("Name"), line.fulfillment_center)


def build_user_data(parent: etree._Element, pairs: Pairs) -> None:
    """Append _wcf:UserData with one UserDataField per pair (nothing when empty)."""
    if pairs:
        user_data = sub(parent, _w("UserData"))
        for name, value in pairs:
            sub(user_data, _w("UserDataField"), value, name=name)


def parse_user_data(element: etree._Element) -> Pairs:
    """Read the _wcf:UserData/UserDataField pairs directly under element."""
    return tuple(
        (field.get("name") or "", (field.text or "").strip())
        for field in element.iterfind("{*}UserData/{*}UserDataField")
    )


def parse_order_content(element: etree._Element) -> OrderDocument:
    """Parse an Order, InventoryRequirement or OrderTemplate element."""
    return OrderDocument(
        order_id=text(element, "OrderIdentifier/UniqueID"),
        external_order_id=text(element, "OrderIdentifier/ExternalOrderID"),
        customer_order_number=text(element, "OrderIdentifier/CustomerOrderNumber"),
        store_id=text(element, "StoreIdentifier/UniqueID"),
        store_name=text(element, "StoreIdentifier/ExternalIdentifier/NameIdentifier"),
        channel=text(element, "Channel/ChannelIdentifer/ChannelName"),
        channel_id=text(element, "Channel/ChannelIdentifer/UniqueID"),
        quote_id=text(element, "QuoteIdentifier/UniqueID") or text(element, "QuoteID"),
        external_quote_id=text(element, "QuoteIdentifier/ExternalQuoteID"),
        buyer_po=text(element, "BuyerPONumber"),
        organization_id=text(element, "OrganizationIdentifier/UniqueID"),
        organization_dn=text(element, "OrganizationIdentifier/DistinguishedName"),
        buyer_id=text(element, "BuyerIdentifier/UniqueID"),
        buyer_dn=text(element, "BuyerIdentifier/DistinguishedName"),
        buyer_logon=text(element, "BuyerIdentifier/ExternalIdentifier/Identifier"),
        bill_to=parse_contact(find(element, "BuyerBillInfo")),
        amounts=_parse_order_amount(find(element, "OrderAmount")),
        payments=tuple(_parse_payment(p) for p in findall(element, "OrderPaymentInfo/PaymentInstruction")),
        status=text(element, "OrderStatus/Status"),
        buyer_approval_status=text(element, "OrderStatus/BuyerApprovalStatus"),
        description=text(element, "OrderDescription"),
        comments=text(element, "Comments"),
        last_update_date=parse_datetime(text(element, "LastUpdateDate"), "LastUpdateDate"),
        placed_date=parse_datetime(text(element, "PlacedDate"), "PlacedDate"),
        lines=tuple(parse_order_item(item) for item in findall(element, "OrderItem")),
        shipping=_parse_shipping(find(element, "OrderShippingInfo")),
        order_type_code=text(element, "OrderTypeCode"),
        ship_as_complete=parse_bool(element.get("shipAsComplete")),
        user_data=parse_user_data(element),
    )


def parse_contact(element: etree._Element | None) -> Address | None:
    """Parse a ContactInfoType element."""
    if element is None:
        return None
    return Address(
        lines=tuple((line.text or "").strip() for line in findall(element, "Address/AddressLine")),
        city=text(element, "Address/City"),
        state=text(element, "Address/StateOrProvinceName"),
        country=text(element, "Address/Country"),
        postal_code=text(element, "Address/PostalCode"),
        first_name=text(element, "ContactName/FirstName"),
        last_name=text(element, "ContactName/LastName"),
        phone=text(element, "Telephone1/Value"),
        email=text(element, "EmailAddress1/Value"),
    )


def _money_of(element: etree._Element, path: str) -> Decimal | None:
    return parse_decimal(text(element, path), path)


def _currency_in(element: etree._Element) -> str | None:
    return next((str(e.get("currency")) for e in element.iter() if e.get("currency")), None)


def _parse_adjustments(element: etree._Element) -> tuple[Adjustment, ...]:
    return tuple(
        Adjustment(
            amount=_money_of(adjustment, "Amount") or Decimal(0),
            code=text(adjustment, "Code"),
            usage=text(adjustment, "Usage"),
            display_level=text(adjustment, "DisplayLevel"),
            promotion_type=text(adjustment, "PromotionType"),
        )
        for adjustment in findall(element, "Adjustment")
    )


def _parse_order_amount(element: etree._Element | None) -> OrderAmounts | None:
    if element is None:
        return None
    return OrderAmounts(
        currency=_currency_in(element) or "",
        grand_total=_money_of(element, "GrandTotal"),
        total_product_price=_money_of(element, "TotalProductPrice"),
        total_adjustment=_money_of(element, "TotalAdjustment"),
        adjustments=_parse_adjustments(element),
        total_shipping_charge=_money_of(element, "TotalShippingCharge"),
        total_sales_tax=_money_of(element, "TotalSalesTax"),
        total_shipping_tax=_money_of(element, "TotalShippingTax"),
    )


def _parse_payment(element: etree._Element) -> PaymentInstruction:
    sequence = text(element, "SequenceNumber")
    return PaymentInstruction(
        method=text(element, "PaymentMethod/PaymentMethodName"),
        amount=_money_of(element, "Amount"),
        currency=attr(find(element, "Amount"), "currency"),
        unique_id=text(element, "UniqueID"),
        sequence_number=int(sequence) if sequence and sequence.isdigit() else None,
        protocol_data=tuple((d.get("name") or "", (d.text or "").strip()) for d in findall(element, "ProtocolData")),
        status=text(element, "Status"),
        billing_address=parse_contact(find(element, "BillingAddress")),
    )


def parse_order_item(item: etree._Element) -> OrderLine:
    """Parse an OrderItem element."""
    quantity = find(item, "Quantity")
    return OrderLine(
        item_id=text(item, "OrderItemIdentifier/UniqueID"),
        external_item_id=text(item, "OrderItemIdentifier/ExternalOrderItemID"),
        part_number=text(item, "CatalogEntryIdentifier/ExternalIdentifier/PartNumber"),
        catentry_id=text(item, "CatalogEntryIdentifier/UniqueID"),
        quantity=parse_decimal(text(quantity), "OrderItem/Quantity"),
        uom=attr(quantity, "uom"),
        amounts=_parse_item_amount(find(item, "OrderItemAmount")),
        shipping=_parse_shipping(find(item, "OrderItemShippingInfo")),
        status=text(item, "OrderItemStatus/Status"),
        inventory_status=text(item, "OrderItemStatus/InventoryStatus"),
        fulfillment_status=text(item, "OrderItemStatus/FulfillmentStatus"),
        available_date=_date_of(item, "OrderItemFulfillmentInfo/AvailableDate"),
        expected_ship_date=_date_of(item, "OrderItemFulfillmentInfo/ExpectedShipDate"),
        time_released=_date_of(item, "OrderItemFulfillmentInfo/TimeReleased"),
        time_shipped=_date_of(item, "OrderItemFulfillmentInfo/TimeShipped"),
        fulfillment_center=text(item, "FulfillmentCenter/FulfillmentCenterIdentifier/Name"),
        fulfillment_center_id=text(item, "FulfillmentCenter/FulfillmentCenterIdentifier/UniqueID"),
        correlation_group=text(item, "CorrelationGroup"),
        description=text(item, "OrderItemDescription"),
        comments=text(item, "Comments"),
        create_date=_date_of(item, "CreateDate"),
        last_update_date=_date_of(item, "LastUpdateDate"),
        user_data=parse_user_data(item),
    )


def _date_of(element: etree._Element, path: str) -> datetime | None:
    return parse_datetime(text(element, path), path)


def _parse_item_amount(element: etree._Element | None) -> LineAmounts | None:
    if element is None:
        return None
    unit_quantity = find(element, "UnitPrice/Quantity")
    return LineAmounts(
        currency=_currency_in(element) or "",
        unit_price=_money_of(element, "UnitPrice/Price"),
        unit_quantity=parse_decimal(text(unit_quantity), "UnitPrice/Quantity"),
        unit_uom=attr(unit_quantity, "uom"),
        item_price=_money_of(element, "OrderItemPrice"),
        total_adjustment=_money_of(element, "TotalAdjustment"),
        adjustments=_parse_adjustments(element),
        shipping_charge=_money_of(element, "ShippingCharge"),
        sales_tax=_money_of(element, "SalesTax"),
        shipping_tax=_money_of(element, "ShippingTax"),
        free_gift=parse_bool(element.get("freeGift")),
        price_override=parse_bool(element.get("priceOverride")),
    )


def _parse_shipping(element: etree._Element | None) -> ShippingInfo | None:
    if element is None:
        return None
    mode = "ShippingMode/ShippingModeIdentifier"
    return ShippingInfo(
        address=parse_contact(find(element, "ShippingAddress")),
        ship_mode_id=text(element, f"{mode}/UniqueID"),
        ship_mode_code=text(element, f"{mode}/ExternalIdentifier/ShipModeCode"),
        carrier=text(element, f"{mode}/ExternalIdentifier/Carrier"),
        ship_mode_store_id=text(element, f"{mode}/ExternalIdentifier/StoreUniqueID"),
        instruction=text(element, "ShippingInstruction"),
        requested_ship_date=parse_datetime(text(element, "RequestedShipDate"), "RequestedShipDate"),
        pickup_store_id=text(element, "PhysicalStoreIdentifier/UniqueID"),
        pickup_store_name=text(element, "PhysicalStoreIdentifier/ExternalIdentifier"),
    )
