"""Every message the simulator emits validates against our DTDs; the DTDs do refuse what breaks them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from lxml import etree

from simulator.legacy import dtd, outbound_xml
from simulator.legacy.errors import MalformedMessage
from simulator.legacy.outbound_model import (
    Credentials,
    CustomerUpdate,
    ErrorReport,
    InventoryUpdate,
    PriceUpdate,
    ShipmentConfirmation,
    StatusForm,
    StatusItem,
    StatusUpdate,
)
from simulator.legacy.report import render_report
from simulator.legacy.wcs_error import render_error
from tests.legacy.test_codec import NOTE

AT = datetime(2026, 11, 23, 10, 0, 0)
CREDS = Credentials("wcsadmin", "passw0rd")


def status(form: StatusForm) -> StatusUpdate:
    return StatusUpdate(form, "18001", "BO-1", "S", "Shipped", "USD", Decimal("59.98"), Decimal("4.95"),
                        Decimal("7.50"), Decimal("0"), 3, AT, placed=AT, shipped_at=AT,
                        invoice_value=Decimal("72.43"),
                        items=(StatusItem("20001", "BO-1-1", "SKU-1001", Decimal(2), Decimal(2), "S", "Shipped"),))


CUSTOMER = CustomerUpdate(True, "jdoe@example.com", "Doe", "10151", "Jane", "400 Elm Street", "Austin", "TX",
                          "73301", "US", "jdoe@example.com", "512-555-0142", "Secr3tPass")
EMITTED = {
    **{f"status-{form.value}": outbound_xml.wcs_order_status(status(form), CREDS) for form in StatusForm},
    "status-nc": outbound_xml.nc_order_status(status(StatusForm.STATUS), CREDS),
    "inventory-wcs": outbound_xml.wcs_inventory([InventoryUpdate("SKU-1001", "10151", 250, "", "10051")], CREDS),
    "inventory-nc": outbound_xml.nc_inventory([InventoryUpdate("SKU-1001", "10151", 0, "10251")], CREDS),
    "price-wcs": outbound_xml.wcs_price([PriceUpdate("SKU-1001", "7000", "USD", Decimal("27.5"), start=AT)], CREDS),
    "price-nc": outbound_xml.nc_price([PriceUpdate("SKU-1001", "7000", "USD", Decimal("27.5"), start=AT)], CREDS),
    "customer-create": outbound_xml.wcs_customer(CUSTOMER, CREDS),
    "customer-update": outbound_xml.wcs_customer(CustomerUpdate(False, "jdoe@example.com", "Doe", "10151"),
                                                 Credentials()),
    "shipment": outbound_xml.shipment_confirmation(
        ShipmentConfirmation("18001", "1", "10001", AT, Decimal("7.50"), "USD", Decimal("1.2"), tracking_id="1Z"),
        CREDS),
}


@pytest.mark.parametrize("name", sorted(EMITTED))
def test_every_emitted_message_is_valid_against_its_dtd(name: str) -> None:
    message = EMITTED[name]
    assert message.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ')
    dtd.validate(message)


def test_status_forms_carry_both_order_numbers_and_the_form() -> None:
    root = etree.fromstring(EMITTED["status-OrderInvoice"].split(b"\n", 2)[2])
    assert root.get("version") == "3.0"
    assert [n.get("type") for n in root.iterfind("DataArea/OrderInvoice/OrderStatusHeader/OrderNumber")] == [
        "ByWCS", "ByBackend"]
    assert root.findtext("DataArea/OrderInvoice/OrderStatusHeader/InvoiceInfo/InvoiceValue") == "72.43"


def test_wcs_error_is_valid_once_given_our_doctype() -> None:
    body = render_error(ErrorReport("_ERR_BAD_XML", "broken", attributes=(("transport", "http"),)))
    assert not body.startswith(b"<?xml")
    dtd.validate(b'<!DOCTYPE WCS_Error SYSTEM "WCS_Error.dtd">\n' + body)


def test_the_notification_the_jsp_writes_is_valid_against_our_dtd() -> None:
    dtd.validate(render_report(NOTE).replace("AT&T <b> shoe", "shoe").encode())


@pytest.mark.parametrize("breakage", [
    (b"<Quantity>250</Quantity>", b""),
    (b'version="2.0"', b'version="9.9"'),
    (b"<MerchantID>10151</MerchantID>", b"<MerchantID>10151</MerchantID><Bogus/>"),
])
def test_a_broken_message_is_refused(breakage: tuple[bytes, bytes]) -> None:
    message = EMITTED["inventory-wcs"].replace(*breakage)
    with pytest.raises(MalformedMessage):
        dtd.validate(message)


def test_a_user_folder_is_used_when_given(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    with pytest.raises(MalformedMessage, match="no DTD"):
        dtd.validate(EMITTED["price-wcs"], folder)
    (folder / "Update_WCS_ProductPrice_20.dtd").write_text("<!ELEMENT Update_WCS_ProductPrice EMPTY>")
    with pytest.raises(MalformedMessage, match="invalid"):
        dtd.validate(EMITTED["price-wcs"], folder)
