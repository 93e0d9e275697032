"""FastHttpUser posting one SOAP availability request per task (the part varies): the shape every peer gets."""

from __future__ import annotations

import os
import random

from locust import FastHttpUser, task

_TEMPLATE = open(os.environ["BODYFILE"], "rb").read()  # noqa: SIM115 - read once at import
_BEFORE, _MARK, _AFTER = _TEMPLATE.partition(b"__SKU__")
_PATH = os.environ.get("TARGET_PATH", "/services/InventoryServices")
_PARTS = int(os.environ.get("PARTS", "1000"))
_HEADERS = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"GetInventoryAvailability"'}


class SoapPost(FastHttpUser):
    """Closed loop, no wait: the next request leaves as soon as the answer is in."""

    @task
    def get_inventory_availability(self) -> None:
        body = _BEFORE + b"BO-%06d" % random.randint(1, _PARTS) + _AFTER if _MARK else _TEMPLATE
        with self.client.post(_PATH, data=body, headers=_HEADERS, name="GetInventoryAvailability",
                              catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
