@dom
Feature: Shopping an imported world
  A team imports its own Data Load files (catalog, offer and contract prices, inventory, organizations and
  buyers) into the back office; the storefront then shops the team's parts as it shops the seeded ones.

  Background:
    Given the back office holds the sample Data Load files
    And the imported buyer ana.rivera@example.com
    And the imported part SKU-1001

  @browse
  Scenario: The imported part is shown with its imported stock and contract price
    When the buyer logs in
    And the buyer opens the product details of the imported part
    Then the imported part is shown with the back office's availability
    And the imported part is shown as Available
    And the imported part is shown at the organization's contract price

  @cart @checkout @order_history
  Scenario: The imported buyer orders the imported part
    When the buyer logs in
    And the buyer adds 3 of the imported part to the cart
    And the buyer prepares the checkout
    And the buyer places the order
    Then the back office holds the order for the buyer
    And the back office has 3 fewer of the imported part on hand than seeded
