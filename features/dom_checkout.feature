@dom
Feature: DOM checkout
  The DOM flow of the seed documents: availability is fetched on a cache miss, stock is reserved at order
  preparation, the order is transferred at submit, and availability goes down by what was ordered
  (protocol.md section 7, DOM).

  Background:
    Given the seeded back office
    And a buyer with orders and quotes from other channels
    And a stocked part

  @browse @catalog_cache @outbound_counters
  Scenario: Availability is fetched on a cache miss only
    When the buyer logs in
    And the buyer opens the product details of the stocked part
    And the buyer opens the product details of the stocked part
    Then the storefront made 1 GetInventoryAvailability call
    And the stocked part is shown with the back office's availability

  @cart @checkout
  Scenario: Order preparation reserves the stock, which lowers the back office's availability
    When the buyer logs in
    And the buyer adds 3 of the stocked part to the cart
    And the buyer prepares the checkout
    Then the back office holds 3 of the stocked part
    And the back office's availability of the stocked part is 3 lower than seeded

  @cart @checkout @order_history
  Scenario: Submitting transfers the order, which consumes the reservation and the stock
    When the buyer logs in
    And the buyer adds 3 of the stocked part to the cart
    And the buyer prepares the checkout
    And the buyer places the order
    Then the back office holds the order for the buyer
    And the back office holds no reservation
    And the back office has 3 fewer of the stocked part on hand than seeded
    And the back office's availability of the stocked part is 3 lower than seeded

  @browse @catalog_cache @cart @checkout @outbound_counters @submit_decrements_cache
  Scenario: The storefront decrements its cached availability on submit
    When the buyer logs in
    And the buyer opens the product details of the stocked part
    And the buyer adds 3 of the stocked part to the cart
    And the buyer prepares the checkout
    And the buyer places the order
    And the buyer opens the product details of the stocked part
    Then the stocked part is shown with 3 fewer available than seeded
    And the storefront made 1 GetInventoryAvailability call

  @cart @checkout @order_history
  Scenario: A cart that cannot be reserved cannot be submitted until the back office has the stock
    Given a scarce part
    When the buyer logs in
    And the buyer adds 2 more of the scarce part than is available to the cart
    And the buyer prepares the checkout
    Then the order summary reports that the scarce part cannot be reserved
    And the buyer cannot place the order
    When the back office receives 10 more of the scarce part
    And the buyer prepares the checkout
    Then the back office holds the whole cart quantity of the scarce part
    When the buyer places the order
    Then the back office holds the order for the buyer
