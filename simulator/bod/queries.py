"""GetOrder / GetQuote expressions: read every form Commerce writes into a DocumentQuery, and write them."""

from __future__ import annotations

from lxml import etree

from simulator.bod.application_area import parse_application_area
from simulator.bod.errors import BadExpression, UnsupportedOperation
from simulator.bod.expression import Expression, control_prefix, literal, parse_expression
from simulator.bod.messages import ApplicationArea, DocumentQuery
from simulator.bod.verbs import get_expression, int_attr, verb

SUMMARY_PROFILES = frozenset({"IBM_Summary", "IBM_External_Summary"})
DETAIL_PROFILES = frozenset({"IBM_External_Details", "IBM_Details"})
LIST_PROFILE = "IBM_External_Summary"
DETAIL_PROFILE = "IBM_External_Details"


def parse_document_query(bod: etree._Element, noun: str) -> DocumentQuery:
    """Parse the Get verb of a GetOrder (noun 'Order') or GetQuote (noun 'Quote')."""
    expression = parse_expression(get_expression(bod))
    profile = expression.access_profile
    if profile not in SUMMARY_PROFILES | DETAIL_PROFILES:
        raise UnsupportedOperation(f"Get{noun} access profile {profile!r} is not supported")
    if expression.noun != noun:
        raise BadExpression(f"the expression selects {expression.noun!r}, not {noun!r}", expression.text)
    get = verb(bod, "Get")
    return _query(expression, noun, profile, parse_application_area(bod),
                  int_attr(get, "maxItems"), int_attr(get, "recordSetStartNumber"))


def _query(expression: Expression, noun: str, profile: str, area: ApplicationArea, max_items: int | None,
           start: int | None) -> DocumentQuery:
    identifier = "OrderIdentifier" if noun == "Order" else "QuoteIdentifier"
    external = "ExternalOrderID" if noun == "Order" else "ExternalQuoteID"
    logon = expression.first("BuyerIdentifier/LogOnID") or expression.first(
        "BuyerIdentifier/ExternalIdentifier/Identifier")
    external_ids = expression.values(f"{identifier}/{external}")
    cursor = None
    if profile in SUMMARY_PROFILES and logon is not None and external_ids:
        cursor, external_ids = external_ids[0], ()
    total = expression.first("RecordSetTotal")
    return DocumentQuery(
        application_area=area,
        access_profile=profile,
        statuses=expression.values("OrderStatus/Status"),
        buyer_dn=expression.first("BuyerIdentifier/ExternalIdentifier/DistinguishedName")
        or expression.first("BuyerIdentifier/DistinguishedName"),
        buyer_logon=logon,
        store_id=expression.first("StoreIdentifier/UniqueID"),
        store_name=expression.first("StoreIdentifier/ExternalIdentifier/NameIdentifier"),
        unique_ids=tuple(
            part.strip() for value in expression.values(f"{identifier}/UniqueID")
            for part in value.split(",") if part.strip()
        ),
        external_ids=external_ids,
        after_external_id=cursor,
        record_set_total=int(total) if total and total.isdigit() else None,
        max_items=max_items,
        start=start,
    )


def document_expression(query: DocumentQuery, noun: str) -> str:
    """Write the expression Commerce sends for a query: detail, DOM history or OQC list form."""
    if query.is_detail:
        return _detail(query, noun)
    if query.buyer_logon is not None:
        return _dom_history(query, noun)
    return _oqc_list(query, noun)


def _wrap(noun: str, clauses: list[str], profile: str) -> str:
    body = " and ".join(clauses)
    if noun == "Quote":
        return f"{control_prefix(profile)}/Quote[OrderTemplate[{body}]]"
    return f"{control_prefix(profile)}/Order[{body}]"


def _store_name_clause(name: str) -> str:
    return f"StoreIdentifier[ExternalIdentifier[NameIdentifier={literal(name)}]]"


def _oqc_list(query: DocumentQuery, noun: str) -> str:
    clauses = []
    if query.buyer_dn is not None:
        clauses.append(f"BuyerIdentifier[ExternalIdentifier[(DistinguishedName={literal(query.buyer_dn)})]]")
    if query.statuses:
        clauses.append("OrderStatus[(" + " or ".join(f"Status={literal(s)}" for s in query.statuses) + ")]")
    if query.store_name is not None:
        clauses.append(_store_name_clause(query.store_name))
    if query.store_id is not None:
        clauses.append(f"StoreIdentifier[(UniqueID={literal(query.store_id)})]")
    if not clauses:
        raise BadExpression("a list query needs at least one filter")
    return _wrap(noun, clauses, query.access_profile)


def _dom_history(query: DocumentQuery, noun: str) -> str:
    identifier = "OrderIdentifier" if noun == "Order" else "QuoteIdentifier"
    external = "ExternalOrderID" if noun == "Order" else "ExternalQuoteID"
    ids = "".join(f"{unique_id}," for unique_id in query.unique_ids)
    options = [f"(UniqueID={literal(ids)})"] if ids else []
    if query.after_external_id is not None:
        options.append(f"({external}={literal(query.after_external_id)})")
    clauses = [f"{identifier}[{' or '.join(options)}]"] if options else []
    if query.store_id is not None:
        clauses.append(f"StoreIdentifier[(UniqueID={literal(query.store_id)})]")
    clauses.append(f"BuyerIdentifier[(LogOnID={literal(query.buyer_logon or '')})]")
    body = " and ".join(clauses)
    return f"{control_prefix(query.access_profile)}/{noun}[{body}]"


def _detail(query: DocumentQuery, noun: str) -> str:
    if not query.external_ids:
        raise BadExpression("a detail query needs an external id")
    external = "ExternalOrderID" if noun == "Order" else "ExternalQuoteID"
    identifier = "OrderIdentifier" if noun == "Order" else "QuoteIdentifier"
    ids = " or ".join(f"{external}={literal(value)}" for value in query.external_ids)
    clause = f"{identifier}[({ids})]"
    if query.store_name is None:
        return f"{control_prefix(query.access_profile)}/{noun}[{clause}]"
    store = _store_name_clause(query.store_name)
    if noun == "Quote":
        store = f"OrderTemplate[{store}]"
    return f"{control_prefix(query.access_profile)}/{noun}[{clause} and {store}]"
