"""The operations each served WSDL must offer: the contract's side of the service list."""

from __future__ import annotations

from typing import Final

SERVICE_OPERATIONS: Final = {
    "InventoryServices": frozenset({"GetInventoryAvailability", "ProcessInventoryRequirement"}),
    "PriceServices": frozenset({"GetPriceList"}),
    "OrderServices": frozenset({"GetOrder", "ProcessOrder", "GetQuote", "ProcessQuote"}),
    # gen B: MemberServices, and the gen-B halves of the inventory and order services (same endpoints)
    "MemberServices": frozenset({"SyncOrganization"}),
    "InventoryServicesGenB": frozenset({"GetProductAvailability", "ProcessOrderInventory"}),
    "OrderServicesGenB": frozenset({"ProcessOrder", "GetOrder"}),
}
