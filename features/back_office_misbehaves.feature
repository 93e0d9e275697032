@back_office_misbehaves @cart @checkout
Feature: The storefront when the back office misbehaves
  The reference storefront meets each domain scenario of the fault API (POST /_admin/faults/scenarios/<name>)
  through the wire: a reservation whose answer is lost, a price that changes between browse and checkout, a batch
  window, and stock that runs short when the checkout starts.

  Background:
    Given a buyer with orders and quotes from other channels
    And a stocked part

  Scenario: A reservation is committed but its answer is lost, and the retry holds it once
    When the buyer logs in
    And the buyer adds 2 of the stocked part to the cart
    And the back office loses the answer to the next reservation
    And the buyer tries to prepare the checkout
    Then the checkout failed on the connection
    And the back office holds 2 of the stocked part
    When the buyer prepares the checkout
    Then the back office holds 2 of the stocked part
    When the buyer places the order
    Then the order confirmation shows the back office's order id

  @browse
  Scenario: The price changes between browse and checkout
    When the buyer logs in
    And the buyer browses the stocked part
    And the buyer adds 1 of the stocked part to the cart
    And the back office raises its prices by 25 percent when the checkout starts
    And the buyer prepares the checkout
    Then the order summary prices the stocked part at the raised price
    And the order summary totals add up

  @browse
  Scenario: The back office is in its batch window
    When the buyer logs in
    And the back office enters a batch window of 300 seconds
    And the buyer tries to browse the stocked part
    Then the storefront was refused with a batch window fault
    When the clock moves past the batch window
    And the buyer browses the stocked part
    Then the stocked part is shown with the back office's availability

  @partial_reservation
  Scenario: Only part of the cart is available when the checkout starts
    When the buyer logs in
    And the buyer adds 5 of the stocked part to the cart
    And the back office has only 2 of the stocked part left when the checkout starts
    And the buyer prepares the checkout allowing a partial reservation
    Then the order summary leaves 3 of the stocked part unallocated
    And the back office allocates 2 of the stocked part

  Scenario: Nothing can be reserved when the stock ran out at checkout
    When the buyer logs in
    And the buyer adds 5 of the stocked part to the cart
    And the back office has only 0 of the stocked part left when the checkout starts
    And the buyer prepares the checkout
    Then the order summary reports that the stocked part cannot be reserved
    And the buyer cannot place the order
