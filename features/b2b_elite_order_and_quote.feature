@oqc
Feature: B2B Elite Order and Quote Capture
  A buyer of a B2B organization browses, orders and asks for quotes in the Elite store (protocol.md section 8).
  The storefront caches availability and offer prices and calls the back office only on a miss. Order
  preparation reserves stock, refreshes the prices and calculates. The back office keeps the orders and quotes
  of every channel.

  Background:
    Given the seeded back office
    And a buyer with orders and quotes from other channels

  @browse
  Scenario: A buyer logs in and sees a product's availability and offer price
    Given a stocked part
    When the buyer logs in
    And the buyer opens the product details of the stocked part
    Then the stocked part is shown with the back office's availability
    And the stocked part is shown at the organization's contract price

  @browse
  Scenario: Two organizations see their own contract prices
    Given two buyers of different organizations
    And a part priced differently for their organizations
    When both buyers log in and browse the differently priced part
    Then each buyer sees the organization's contract price
    And the two buyers see different prices

  @browse @catalog_cache @outbound_counters
  Scenario: Browsing calls the back office on a cache miss only
    Given a stocked part
    When the buyer logs in
    And the buyer browses the stocked part
    And the buyer opens the product details of the stocked part
    Then the storefront made 1 GetInventoryAvailability call
    And the storefront made 1 GetPriceList call

  @browse @catalog_cache @cart @outbound_counters
  Scenario: Adding a browsed part to the cart is served from the cache
    Given a stocked part
    When the buyer logs in
    And the buyer browses the stocked part
    And the buyer adds 2 of the stocked part to the cart
    Then adding to the cart made no outbound call
    And the cart line of the stocked part is priced at the organization's contract price

  @cart @checkout
  Scenario: Order preparation reserves the stock, refreshes the prices and calculates
    Given a stocked part
    When the buyer logs in
    And the buyer adds 3 of the stocked part to the cart
    And the buyer prepares the checkout
    Then the back office holds 3 of the stocked part
    And the order summary prices the stocked part at the organization's price for 3
    And the order summary totals add up

  @browse @catalog_cache @cart @checkout
  Scenario: A price changed in the back office between browse and checkout shows on the order summary
    Given a stocked part
    When the buyer logs in
    And the buyer adds 2 of the stocked part to the cart
    And the back office raises the organization's contract price of the stocked part by 10.00
    And the buyer browses the stocked part
    Then the stocked part is still shown at the price it was added to the cart at
    When the buyer prepares the checkout
    Then the order summary prices the stocked part at the raised price
    And the order summary totals add up

  @cart @checkout @order_history
  Scenario: Placing the order shows the back office's order id, and the order joins the buyer's history
    Given a stocked part
    When the buyer logs in
    And the buyer adds 2 of the stocked part to the cart
    And the buyer prepares the checkout
    And the buyer places the order
    Then the order confirmation shows the back office's order id
    And the back office holds the order for the buyer
    When the buyer lists the orders
    Then the order history lists the new order
    And the order history lists the buyer's orders from other channels

  @cart @checkout @order_history
  Scenario: The details of a placed order
    Given a stocked part
    When the buyer logs in
    And the buyer adds 2 of the stocked part to the cart
    And the buyer prepares the checkout
    And the buyer places the order
    And the buyer opens the details of the new order
    Then the details show 2 of the stocked part at the order summary's price
    And the details show the order as received

  @order_history
  Scenario: The details of an order placed through another channel
    When the buyer logs in
    And the buyer opens the details of an order placed through another channel
    Then the details match the back office's order

  @cart @checkout @quotes
  Scenario: Creating a quote shows the back office's quote id
    Given a stocked part
    When the buyer logs in
    And the buyer adds 5 of the stocked part to the cart
    And the buyer prepares the checkout
    And the buyer creates a quote
    Then the quote confirmation shows the back office's quote id
    And the back office holds the quote for the buyer
    And the back office holds no reservation

  @cart @checkout @quotes
  Scenario: The quote list and the details of a quote
    Given a stocked part
    When the buyer logs in
    And the buyer adds 5 of the stocked part to the cart
    And the buyer prepares the checkout
    And the buyer creates a quote
    And the buyer lists the quotes
    Then the quote list shows the new quote
    And the quote list shows the buyer's quotes from other channels
    When the buyer opens the details of the new quote
    Then the details show 5 of the stocked part at the order summary's price

  @browse @cart @checkout
  Scenario: An out-of-stock part cannot be reserved, so the order cannot be placed
    Given an out-of-stock part
    When the buyer logs in
    And the buyer opens the product details of the out-of-stock part
    Then the out-of-stock part is shown as Unavailable
    When the buyer adds 2 of the out-of-stock part to the cart
    And the buyer prepares the checkout
    Then the order summary reports that the out-of-stock part cannot be reserved
    And the buyer cannot place the order
    And the back office holds no reservation

  @browse @cart @checkout @order_history
  Scenario: A backorderable part is reserved against a future receipt and ordered as backordered
    Given a backorderable part
    When the buyer logs in
    And the buyer opens the product details of the backorderable part
    Then the backorderable part is shown as Backorderable with an availability date
    When the buyer adds 2 of the backorderable part to the cart
    And the buyer prepares the checkout
    Then the order summary backorders 2 of the backorderable part
    When the buyer places the order
    And the buyer opens the details of the new order
    Then the details show the backorderable part as backordered

  @cart @checkout @partial_reservation
  Scenario: A partial reservation holds what is available and leaves the rest unallocated
    Given a scarce part
    When the buyer logs in
    And the buyer adds 3 more of the scarce part than is available to the cart
    And the buyer prepares the checkout allowing a partial reservation
    Then the order summary allocates every available unit of the scarce part
    And the order summary leaves 3 of the scarce part unallocated
    And the back office holds every available unit of the scarce part

  @cart @checkout @cart_change_releases
  Scenario: Changing the cart after order preparation releases the reservation
    Given a stocked part
    When the buyer logs in
    And the buyer adds 4 of the stocked part to the cart
    And the buyer prepares the checkout
    Then the back office holds 4 of the stocked part
    When the buyer changes the quantity of the stocked part to 1
    Then the back office holds no reservation
    And the buyer cannot place the order
    When the buyer prepares the checkout
    Then the back office holds 1 of the stocked part
