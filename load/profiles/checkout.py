"""Checkout: carts that become orders (reserve, calculate, transfer) or quotes, and the order and quote history."""

from __future__ import annotations

from locust import task

from load.shapes import ProfileShape
from load.users import SoapUser

__all__ = ["CheckoutBuyer", "ProfileShape"]


class CheckoutBuyer(SoapUser):
    """A buyer who fills a cart with well-stocked parts, prepares the checkout, then orders or asks for a quote."""

    @task(4)
    def place_order(self) -> None:
        self.fill_cart()
        if self.shopper.prepare_checkout(allow_partial=True).can_submit:
            self.shopper.place_order()

    @task(1)
    def create_quote(self) -> None:
        self.fill_cart()
        self.shopper.prepare_checkout(allow_partial=True)
        self.shopper.create_quote()

    @task(2)
    def order_history(self) -> None:
        orders = self.shopper.orders()
        if orders:
            self.shopper.order_details(self.random.choice(orders).external_id)

    @task(1)
    def quote_history(self) -> None:
        quotes = self.shopper.quotes()
        if quotes:
            self.shopper.quote_details(self.random.choice(quotes).external_id)

    def fill_cart(self) -> None:
        for part in self.stocked_parts(self.random.randint(1, 3)):
            self.availability(part)
            self.shopper.add_to_cart(part, self.random.randint(1, 2))
