"""Catalog browsing: product and category pages read availability and the buyer's offer price per part."""

from __future__ import annotations

from locust import task

from load.shapes import ProfileShape
from load.users import SoapUser

__all__ = ["Browser", "ProfileShape"]


class Browser(SoapUser):
    """A buyer browsing popular parts; with the cache in front a page calls out only on a miss."""

    @task(3)
    def product_page(self) -> None:
        part = self.popular_part()
        self.availability(part)
        self.offer_price(part)

    @task(1)
    def category_page(self) -> None:
        for part in {self.popular_part() for _ in range(8)}:
            self.availability(part)
            self.offer_price(part)
