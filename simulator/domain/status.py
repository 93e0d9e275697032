"""Commerce status letters the back office reports for orders, order items and quotes.

The meaning of the letters beyond A-H is inferred (protocol.md section 5.3); see README LIMITATIONS.
"""

from __future__ import annotations

from typing import Final

ORDER_RECEIVED: Final = "C"
ORDER_PENDING: Final = "M"
ORDER_RELEASED: Final = "R"
ORDER_SHIPPED: Final = "S"
ORDER_DEPOSITED: Final = "D"
ORDER_BACKORDERED: Final = "B"
ORDER_CANCELLED: Final = "X"

QUOTE_SUBMITTED: Final = "M"
QUOTE_APPROVED: Final = "C"
QUOTE_REJECTED: Final = "X"
QUOTE_EXPIRED: Final = "L"

COMMERCE_LETTERS: Final = frozenset("PEXCMLBARSDFGHWN")
