"""Commerce's inbound messaging as a test double: every family read into status, stock, price and customer views."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from simulator.client.receiver import LoopbackServer
from simulator.legacy import fixed
from simulator.legacy.ecedoc import read_buffer
from simulator.legacy.layouts import CUSTOMER_HDR010, PRICE_HDR010, QUANTITY_HDR010, STATUS_HDR010
from simulator.legacy.outbound_model import ErrorReport
from simulator.legacy.split import split_stream
from simulator.legacy.wcs_error import render_error
from simulator.legacy.xmlread import message_name, read_document, text


@dataclass
class OrderStatusView:
    """What Commerce's ORDSTAT would hold for an order."""

    backend_order: str = ""
    status: str = ""
    forms: list[str] = field(default_factory=list)


@dataclass
class LegacyReceiver:
    """Applies inbound messages to views; `fail_next` answers WCS_Error to the next messages."""

    orders: dict[str, OrderStatusView] = field(default_factory=dict)
    inventory: dict[tuple[str, str], int] = field(default_factory=dict)
    prices: dict[str, str] = field(default_factory=dict)
    customers: dict[str, str] = field(default_factory=dict)
    shipments: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    failures: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, count: int) -> None:
        """Refuse the next `count` messages."""
        with self._lock:
            self.failures = count

    def receive(self, body: bytes) -> bytes | None:
        """Apply a message (or several concatenated); the WCS_Error answer when refused."""
        with self._lock:
            if self.failures > 0:
                self.failures -= 1
                return render_error(ErrorReport("_ERR_TEST_REFUSED", "refused by the test"))
            for message in split_stream(body):
                if message.startswith(b"<ECEDOC>"):
                    self._buffer(message.decode("utf-8"))
                else:
                    self._xml(read_document(message))
        return None

    def read_directory(self, directory: Path) -> int:
        """Apply every message file of a directory (oldest name first) and delete it; how many were read."""
        count = 0
        for path in sorted(directory.glob("*")) if directory.is_dir() else []:
            if path.is_file() and not path.name.startswith("."):
                self.receive(path.read_bytes())
                path.unlink()
                count += 1
        return count

    def wait_for(self, predicate: Callable[[LegacyReceiver], bool], timeout: float = 10.0) -> bool:
        """Poll until the predicate holds (bounded)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self):
                return True
            time.sleep(0.05)
        return predicate(self)

    def _xml(self, root: etree._Element) -> None:
        name, _version = message_name(root)
        self.names.append(name)
        data = root.find("DataArea")
        if name == "Update_WCS_OrderStatus" and data is not None and len(data):
            form = data[0]
            header = form.find("OrderStatusHeader")
            found = header.findall("OrderNumber") if header is not None else []
            numbers = {n.get("type", "ByWCS"): (n.text or "") for n in found}
            status = header.find("Status") if header is not None else None
            self._order(numbers.get("ByWCS", ""), numbers.get("ByBackend", ""),
                        status.get("StatusCondition", "C") if status is not None else "", etree.QName(form).localname)
        elif name == "Update_NC_OrderStatus" and data is not None:
            for header in data.iterfind("OrderStatus/OrderStatusHeader"):
                self._order(text(header, "OrderNumberByNC"), text(header, "OrderNumberByBackend"),
                            text(header, "Status"), "OrderStatus")
        elif name in ("Update_WCS_ProductInventory", "Update_NC_ProductInventory") and data is not None:
            for info in data.iterfind("ProductInventoryInfo"):
                part = text(info, "ProductSKU") or text(info, "ProductNumberByMerchant")
                self.inventory[(part, text(info, "MerchantID"))] = int(text(info, "Quantity"))
        elif name in ("Update_WCS_ProductPrice", "Update_NC_ProductPrice") and data is not None:
            for info in list(data.iterfind("OfferPriceInfo")) + list(data.iterfind("ProductPriceInfo")):
                self.prices[text(info, "ProductNumberByMerchant")] = text(info, "ItemUnitPrice")
        elif name in ("Create_WCS_Customer", "Update_WCS_Customer") and data is not None:
            self.customers[text(data, "Customer/Registration/LogonInfo/LogonID")] = name.split("_")[0]
        elif name == "Create_WCS_ShipmentConfirmation" and data is not None:
            self.shipments.append(text(data, "ShipmentConfirmation/OrderNumber"))

    def _order(self, order_id: str, backend_order: str, status: str, form: str) -> None:
        view = self.orders.setdefault(order_id, OrderStatusView())
        view.backend_order, view.status = backend_order or view.backend_order, status
        view.forms.append(form)

    def _buffer(self, message: str) -> None:
        buffer = read_buffer(message)
        self.names.append(buffer.msg_type)
        head = buffer.header("HDR010") or ""
        if buffer.msg_type == "OS":
            values = fixed.parse(STATUS_HDR010, head)
            self._order(values["order_id"], values["merchant_order"], values["status"], "OS")
        elif buffer.msg_type == "PQ":
            values = fixed.parse(QUANTITY_HDR010, head)
            self.inventory[(values["part_number"], values["store_id"])] = int(values["quantity"])
        elif buffer.msg_type == "PP":
            values = fixed.parse(PRICE_HDR010, head)
            self.prices[values["part_number"]] = values["price"]
        elif buffer.msg_type in ("NC", "UC"):
            values = fixed.parse(CUSTOMER_HDR010, head)
            self.customers[values["logon_id"]] = "Create" if buffer.msg_type == "NC" else "Update"

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        size = int(environ.get("CONTENT_LENGTH") or 0)
        refused = self.receive(environ["wsgi.input"].read(size))
        start_response("200 OK", [("Content-Type", "text/xml;charset=UTF-8")])
        return [refused or b""]


class LegacyReceiverServer(LoopbackServer):
    """The receiver as Commerce's XML/HTTP program adapter, on loopback."""

    def __init__(self, receiver: LegacyReceiver, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(receiver, host, port)
        self.receiver = receiver

    @property
    def url(self) -> str:
        """The program adapter URL to give the simulator as --messaging-url."""
        return f"{self.base_url}/webapp/wcs/stores/servlet/ProgramAdapter"
