@legacy_messaging
Feature: Legacy back-office messaging
  Commerce's messaging system sends the order notification (Report_NC_PurchaseOrder or the legacy Order Create
  buffer) and reads the back office's status, inventory and price messages (legacy-messaging.md). The same flow
  runs on every transport; a transport is one row of the Examples table.

  Scenario Outline: A notification in, then confirm, ship, invoice, stock and price messages out over <transport>
    Given the back office with legacy messaging over <transport>
    And the shared clock is frozen
    When Commerce sends the order notification "<order>" for 2 of a stocked part as <format>
    Then the back office holds order "<order>" from Commerce messaging
    And Commerce reads an OrderConfirm for "<order>" with the back office's order number
    When Commerce sends the order notification "<order>" again
    Then the back office still holds one order "<order>"
    When the shared clock moves on by 200000 seconds
    Then Commerce reads OrderShipping then OrderInvoice for "<order>"
    When the back office is asked for an inventory message for the stocked part
    Then Commerce's inventory view holds the stocked part
    When the stocked part's price changes to 12.34
    Then Commerce's price view shows 12.34 for the stocked part

    Examples:
      | transport | order | format |
      | http      | 18001 | xml    |
      | files     | 18002 | legacy |
      | broker    | 18003 | xml    |
