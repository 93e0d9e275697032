"""The XML messages the back office sends into Commerce's inbound messaging, 2.0/3.0 (WCS) and 1.0 (NC)."""

from __future__ import annotations

from lxml import etree

from simulator.legacy.outbound_model import (
    Credentials,
    CustomerUpdate,
    InventoryUpdate,
    PriceUpdate,
    ShipmentConfirmation,
    StatusForm,
    StatusUpdate,
)
from simulator.legacy.xmlwrite import amount, document, envelope, iso, sub, ymd


def wcs_order_status(update: StatusUpdate, creds: Credentials) -> bytes:
    """Update_WCS_OrderStatus 3.0 in the form of the update (OrderConfirm, OrderShipping, ...)."""
    root, data = envelope("Update_WCS_OrderStatus", "3.0", "Update", "WCS_OrderStatus", creds, empty_verb=True)
    form = sub(data, update.form.value)
    serial = sub(form, "SerializationInfo")
    sub(serial, "SequenceNumber", str(update.sequence))
    sub(serial, "LastUpdateTimestamp", iso(update.timestamp))
    header = sub(form, "OrderStatusHeader", Versioning="FALSE", UpdateMode="P")
    sub(header, "OrderNumber", update.order_id, type="ByWCS")
    sub(header, "OrderNumber", update.backend_order, type="ByBackend")
    _totals(header, update)
    sub(header, "Status", update.text, StatusCondition=update.condition, StatusFlag="O")
    if update.placed is not None:
        sub(header, "PlacedDate", iso(update.placed))
    if update.shipped_at is not None:
        shipping = sub(header, "ShippingInfo", ShipCondition="SC", ShipModeFlag="O")
        sub(shipping, "ActualShipDate", iso(update.shipped_at))
    if update.form is StatusForm.INVOICE and update.invoice_value is not None:
        invoice = sub(header, "InvoiceInfo")
        sub(invoice, "InvoiceDate", iso(update.timestamp))
        sub(invoice, "InvoiceValue", amount(update.invoice_value))
    for item in update.items:
        line = sub(form, "OrderStatusItem", Versioning="FALSE")
        sub(line, "ItemNumber", item.item_id, type="ByWCS")
        sub(line, "ItemNumber", item.backend_item, type="ByBackend")
        sub(line, "ProductNumberByMerchant", item.part_number)
        quantities = sub(line, "QuantityInfo")
        sub(quantities, "RequestedQuantity", amount(item.quantity))
        sub(quantities, "ConfirmedQuantity", amount(item.quantity))
        sub(quantities, "ShippedQuantity", amount(item.shipped))
        sub(line, "Status", item.text, StatusCondition=item.condition, StatusFlag="I")
    return document(root, "Update_WCS_OrderStatus_30.dtd")


def _totals(header: etree._Element, update: StatusUpdate) -> None:
    totals = sub(header, "TotalPriceInfo", currency=update.currency)
    sub(totals, "TotalNetPrice", amount(update.total_net))
    sub(totals, "TotalTaxPrice", amount(update.total_tax))
    sub(totals, "TotalShippingPrice", amount(update.total_shipping))
    sub(totals, "TotalTaxOnShippingPrice", amount(update.total_tax_shipping))


def nc_order_status(update: StatusUpdate, creds: Credentials) -> bytes:
    """Update_NC_OrderStatus 1.0, with both order numbers as the reference advises."""
    root, data = envelope("Update_NC_OrderStatus", "1.0", "Update", "NC_OrderStatus", creds)
    status = sub(data, "OrderStatus")
    header = sub(status, "OrderStatusHeader")
    sub(header, "OrderNumberByBackend", update.backend_order)
    sub(header, "OrderNumberByNC", update.order_id)
    _totals(header, update)
    sub(header, "Status", update.text)
    if update.placed is not None:
        sub(sub(header, "DateTimeReference"), "PlacedDate", ymd(update.placed))
    if update.shipped_at is not None:
        sub(sub(header, "ShipDateReference"), "ActualShipDate", ymd(update.shipped_at))
    for item in update.items:
        line = sub(status, "OrderStatusItem")
        sub(line, "ItemNumberByBackend", item.backend_item)
        sub(line, "ItemNumberByNC", item.item_id)
        sub(line, "Quantity", amount(item.quantity))
        sub(line, "Status", item.text)
    return document(root, "Update_NC_OrderStatus_10.dtd")


def wcs_inventory(updates: list[InventoryUpdate], creds: Credentials) -> bytes:
    """Update_WCS_ProductInventory 2.0, parts named by SKU."""
    root, data = envelope("Update_WCS_ProductInventory", "2.0", "Update", "WCS_ProductInventory", creds)
    for update in updates:
        info = sub(data, "ProductInventoryInfo")
        sub(info, "ProductSKU", update.part_number)
        sub(info, "MerchantID", update.store_id)
        sub(info, "Quantity", str(update.quantity))
        if update.fulfillment_center_id:
            sub(info, "FulfillmentCenterID", update.fulfillment_center_id)
    return document(root, "Update_WCS_ProductInventory_20.dtd")


def nc_inventory(updates: list[InventoryUpdate], creds: Credentials) -> bytes:
    """Update_NC_ProductInventory 1.0: ProductNumberByMerchant carries the catalog entry id."""
    root, data = envelope("Update_NC_ProductInventory", "1.0", "Update", "NC_ProductInventory", creds)
    for update in updates:
        info = sub(data, "ProductInventoryInfo")
        sub(info, "ProductNumberByMerchant", update.catentry_id or update.part_number)
        sub(info, "MerchantID", update.store_id)
        sub(info, "Quantity", str(update.quantity))
    return document(root, "Update_NC_ProductInventory_10.dtd")


def wcs_price(updates: list[PriceUpdate], creds: Credentials) -> bytes:
    """Update_WCS_ProductPrice 2.0 OfferPriceInfo, always with a Precedence."""
    root, data = envelope("Update_WCS_ProductPrice", "2.0", "Update", "WCS_ProductPrice", creds)
    for update in updates:
        info = sub(data, "OfferPriceInfo")
        sub(info, "ProductNumberByMerchant", update.part_number)
        sub(info, "MerchantID", update.member_id)
        sub(info, "Precedence", update.precedence)
        sub(info, "Currency", update.currency)
        sub(info, "ItemUnitPrice", amount(update.price))
        if update.start is not None:
            sub(info, "StartTimeStamp", iso(update.start))
    return document(root, "Update_WCS_ProductPrice_20.dtd")


def nc_price(updates: list[PriceUpdate], creds: Credentials) -> bytes:
    """Update_NC_ProductPrice 1.0 with a PriceGroupInfo precedence."""
    root, data = envelope("Update_NC_ProductPrice", "1.0", "Update", "NC_ProductPrice", creds)
    for update in updates:
        info = sub(data, "ProductPriceInfo")
        sub(info, "ProductNumberByMerchant", update.part_number)
        sub(info, "MerchantID", update.member_id)
        sub(sub(info, "PriceGroupInfo"), "Precedence", update.precedence)
        sub(info, "Currency", update.currency)
        sub(info, "ItemUnitPrice", amount(update.price))
        if update.start is not None:
            sub(info, "StartTimeStamp", update.start.strftime("%Y-%m-%d %H:%M:%S.%f"))
    return document(root, "Update_NC_ProductPrice_10.dtd")


def wcs_customer(update: CustomerUpdate, creds: Credentials) -> bytes:
    """Create_WCS_Customer or Update_WCS_Customer 3.0."""
    verb = "Create" if update.create else "Update"
    root, data = envelope(f"{verb}_WCS_Customer", "3.0", verb, "WCS_Customer", creds, empty_verb=True)
    customer = sub(data, "Customer")
    registration = sub(customer, "Registration")
    logon = sub(registration, "LogonInfo")
    sub(logon, "LogonID", update.logon_id)
    if update.create or update.password:
        sub(logon, "Password", update.password)
        sub(logon, "VerifyPassword", update.password)
    sub(sub(registration, "StoreInfo"), "StoreID", update.store_id)
    address_info = sub(customer, "AddressInfo")
    sub(address_info, "AddressNickName", update.logon_id)
    sub(address_info, "AddressType", "SB")
    person = sub(address_info, "PersonName")
    sub(person, "LastName", update.last_name)
    if update.first_name:
        sub(person, "FirstName", update.first_name)
    address = sub(address_info, "Address", primary="1", self="1")
    sub(address, "AddressLine", update.address_line)
    for tag, value in (("City", update.city), ("State", update.state), ("ZipCode", update.zip_code),
                       ("Country", update.country)):
        sub(address, tag, value)
    if update.phone or update.email:
        contact = sub(address_info, "ContactInfo")
        if update.phone:
            sub(contact, "Telephone", update.phone)
        if update.email:
            sub(contact, "Email", update.email)
    return document(root, f"{verb}_WCS_Customer_30.dtd")


def shipment_confirmation(shipment: ShipmentConfirmation, creds: Credentials) -> bytes:
    """Create_WCS_ShipmentConfirmation 1.0."""
    root, data = envelope("Create_WCS_ShipmentConfirmation", "1.0", "Create", "WCS_ShipmentConfirmation", creds)
    confirmation = sub(data, "ShipmentConfirmation", UpdateManifestStatus="0")
    sub(confirmation, "ShipModeID", shipment.ship_mode_id)
    sub(confirmation, "OrderNumber", shipment.order_id, type="ByWCS")
    sub(confirmation, "OrderReleaseNum", shipment.release_number)
    if shipment.tracking_id:
        sub(confirmation, "TrackingID", shipment.tracking_id)
    sub(confirmation, "ActualShipDate", iso(shipment.shipped_at))
    sub(confirmation, "ShippingCosts", amount(shipment.shipping_costs), currency=shipment.currency)
    sub(confirmation, "Weight", amount(shipment.weight), measure=shipment.weight_measure)
    return document(root, "Create_WCS_ShipmentConfirmation_10.dtd")
