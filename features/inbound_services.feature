Feature: Commerce's inbound services for orders the back office takes: order preprocessing and payment processing
  The back office asks Commerce to price an order placed in another channel (PreprocessSalesOrder, answered with
  ShowSalesOrder) and drives its payment (ProcessPaymentAction, answered with AcknowledgePaymentAction): approved
  when the order is received, deposited when it ships.

  Scenario: A phone order for a B2B buyer is priced with the contract price, shipped, and its payment deposited
    Given Commerce takes the back office's pushes, payments included
    And a B2B buyer whose contract with Commerce prices a stocked part at 6.50
    When the back office takes a phone order from the buyer for 3 of the part
    Then Commerce prices the order's line at 6.50 instead of the back office's price
    And the order's payment is approved in Commerce for the order's total
    When the back office ships the order
    Then the payment is deposited in Commerce for the order's total
    And the back office shows the order shipped and its payment deposited
