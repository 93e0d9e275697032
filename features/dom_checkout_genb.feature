@dom
Feature: DOM checkout through the older services
  Commerce configured with the deprecated "WebSphere Commerce integration" services (gen B, protocol.md
  sections 3 and 12) runs the DOM checkout with the older BODs: GetProductAvailability on a cache miss,
  ReserveOrderInventory at order preparation, TransferOrder at submit and GetOrder for the order details, on
  the same back-office state as the current services.

  Background:
    Given the seeded back office
    And a buyer with orders and quotes from other channels
    And a stocked part

  Scenario: Availability, reservation, transfer and order details through the older services
    When the storefront asks the older services for the availability of the stocked part
    Then the older services report the back office's availability of the stocked part per fulfillment center
    When the storefront reserves 3 of the stocked part for the buyer's order through the older services
    Then the back office holds 3 of the stocked part
    And the back office's availability of the stocked part is 3 lower than seeded
    When the storefront transfers the buyer's order through the older services
    Then the acknowledgement carries the back office's order id
    And the back office holds no reservation
    And the back office has 3 fewer of the stocked part on hand than seeded
    When the storefront gets the buyer's order through the older services
    Then the order shows 3 of the stocked part for the buyer

  Scenario: An organization Commerce creates through the older services is a customer at once
    When Commerce creates an organization under the buyer's organization through the older services
    Then the back office lists the new organization with its address
    And the new organization is entitled to its parent's price of the stocked part
