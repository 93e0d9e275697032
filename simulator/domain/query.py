"""Listing queries shared by the ports and the stores: a page of results and the order/quote filter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing and the total number of matches."""

    items: tuple[T, ...]
    total: int


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """Criteria for listing orders or quotes; empty criteria match everything."""

    store_id: str | None = None
    buyer_logon_id: str | None = None
    buyer_dn: str | None = None
    org_dn: str | None = None
    statuses: tuple[str, ...] = ()
    external_ids: tuple[str, ...] = ()
    commerce_ids: tuple[str, ...] = ()
    channel: str | None = None
    after_external_id: str | None = field(default=None)
