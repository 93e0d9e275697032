"""The pushes a back office sends to Commerce's inbound services, and what the receiving side parses.

SyncOrder and ChangeOrder (gen C order noun), SyncInventoryAvailability (gen C), SyncOrganization (gen B, from
simulator.bod.genb.member) and SyncPerson (gen B); ConfirmBOD answers; a SOAP 1.1 envelope with an optional
WS-Security UsernameToken (PasswordText).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape

from lxml import etree

from simulator.bod._xml import find, findall, sub, text
from simulator.bod.application_area import parse_application_area
from simulator.bod.availability import _parse_record, record_xml
from simulator.bod.envelope import XML_DECLARATION, bod_bytes
from simulator.bod.errors import InvalidMessage
from simulator.bod.genb.common import new_bod as new_genb_bod
from simulator.bod.genb.member import (
    OrganizationNoun,
    build_sync_organization,
    parse_sync_organization,
)
from simulator.bod.genb.namespaces import MBR
from simulator.bod.genb.namespaces import WCF as GENB_WCF
from simulator.bod.messages import ApplicationArea, AvailabilityRecord, OrderDocument
from simulator.bod.namespaces import INV, ORD, SOAP11, WSSE, XMLNS_DECLARATIONS, local_name, qname
from simulator.bod.order_codec import build_order_content, parse_order_content
from simulator.bod.verbs import action_code, build_process, new_bod, nouns

SYNC_ORDER: Final = qname(ORD, "SyncOrder")
CHANGE_ORDER: Final = qname(ORD, "ChangeOrder")
SYNC_INVENTORY: Final = qname(INV, "SyncInventoryAvailability")
SYNC_ORGANIZATION: Final = qname(MBR, "SyncOrganization")
SYNC_PERSON: Final = qname(MBR, "SyncPerson")
PUSH_SCHEMA: Final = Path(__file__).parent / "schemas" / "push.xsd"
WSSE_PASSWORD_TEXT: Final = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText"
)


def build_sync_order(area: ApplicationArea, order: OrderDocument) -> etree._Element:
    """SyncOrder (Change): header and item statuses, TimeShipped (protocol.md section 5.3)."""
    root, data = new_bod(SYNC_ORDER, area)
    build_process(data, "Change", "/Order[1]", verb="Sync")
    build_order_content(etree.SubElement(data, qname(ORD, "Order")), order)
    return root


def build_change_order(area: ApplicationArea, order: OrderDocument) -> etree._Element:
    """ChangeOrder (Change /Order/OrderStatus): hands Commerce the ExternalOrderID (section 5.4)."""
    root, data = new_bod(CHANGE_ORDER, area)
    build_process(data, "Change", "/Order/OrderStatus", verb="Change")
    build_order_content(etree.SubElement(data, qname(ORD, "Order")), order, with_items=False)
    return root


def build_sync_inventory_availability(area: ApplicationArea, records: Sequence[AvailabilityRecord]) -> etree._Element:
    """SyncInventoryAvailability (Change /InventoryAvailability[1]), one noun per record (section 5.1)."""
    root, data = new_bod(SYNC_INVENTORY, area)
    build_process(data, "Change", "/InventoryAvailability[1]", verb="Sync")
    wrapper = etree.fromstring(f"<w {XMLNS_DECLARATIONS}>{''.join(record_xml(r) for r in records)}</w>")
    for noun in list(wrapper):
        data.append(noun)
    return root


def build_push_sync_organization(area: ApplicationArea, action: str, organization: OrganizationNoun) -> etree._Element:
    """SyncOrganization (Add or Change, expression `Organization`) as gen B writes it (section 5.7)."""
    return build_sync_organization(area, action, [organization])


@dataclass(frozen=True, slots=True)
class PersonNoun:
    """The Person fields the back office pushes."""

    logon_id: str
    dn: str | None = None
    parent_dn: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


def build_sync_person(area: ApplicationArea, action: str, person: PersonNoun) -> etree._Element:
    """SyncPerson (Add or Change, expression `Person`): identifiers, logon id, name and e-mail."""
    root, data = new_genb_bod(SYNC_PERSON, area)
    build_process(data, action, "Person", verb="Sync")
    noun = sub(data, qname(MBR, "Person"))
    if person.dn is not None:
        sub(sub(noun, qname(GENB_WCF, "PersonIdentifier")), qname(GENB_WCF, "DistinguishedName"), person.dn)
    if person.parent_dn is not None:
        sub(sub(noun, qname(GENB_WCF, "ParentIdentifier")), qname(GENB_WCF, "DistinguishedName"), person.parent_dn)
    sub(sub(noun, qname(MBR, "Authentication")), qname(MBR, "LogonID"), person.logon_id)
    name = sub(noun, qname(MBR, "PersonName"))
    for local, value in (("FirstName", person.first_name), ("LastName", person.last_name)):
        if value is not None:
            sub(name, qname(MBR, local), value)
    if person.email is not None:
        sub(sub(noun, qname(GENB_WCF, "ContactInfo")), qname(GENB_WCF, "Email"), person.email)
    return root


# -- the receiving side --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReceivedPush:
    """A push as Commerce's inbound service reads it."""

    kind: str
    area: ApplicationArea
    action: str
    orders: tuple[OrderDocument, ...] = ()
    availability: tuple[AvailabilityRecord, ...] = ()
    organizations: tuple[OrganizationNoun, ...] = ()
    persons: tuple[PersonNoun, ...] = ()


def parse_push(bod: etree._Element) -> ReceivedPush:
    """Parse any of the five pushes by its root element."""
    kind = local_name(str(bod.tag))
    area = parse_application_area(bod)
    if bod.tag in (SYNC_ORDER, CHANGE_ORDER):
        verb = "Change" if bod.tag == CHANGE_ORDER else "Sync"
        orders = tuple(parse_order_content(noun) for noun in nouns(bod, "Order"))
        return ReceivedPush(kind, area, action_code(bod, verb), orders=orders)
    if bod.tag == SYNC_INVENTORY:
        records = tuple(_parse_record(noun) for noun in nouns(bod, "InventoryAvailability"))
        return ReceivedPush(kind, area, action_code(bod, "Sync"), availability=records)
    if bod.tag == SYNC_ORGANIZATION:
        request = parse_sync_organization(bod)
        return ReceivedPush(kind, area, request.action, organizations=request.organizations)
    if bod.tag == SYNC_PERSON:
        persons = tuple(_parse_person(noun) for noun in nouns(bod, "Person"))
        return ReceivedPush(kind, area, action_code(bod, "Sync"), persons=persons)
    raise InvalidMessage(f"{kind} is not a push this receiver knows", kind)


def _parse_person(noun: etree._Element) -> PersonNoun:
    logon_id = text(noun, "Authentication/LogonID")
    if logon_id is None:
        raise InvalidMessage("the Person has no LogonID", "Person/Authentication/LogonID")
    return PersonNoun(
        logon_id=logon_id,
        dn=text(noun, "PersonIdentifier/DistinguishedName"),
        parent_dn=text(noun, "ParentIdentifier/DistinguishedName"),
        first_name=text(noun, "PersonName/FirstName"),
        last_name=text(noun, "PersonName/LastName"),
        email=text(noun, "ContactInfo/Email"),
    )


# -- envelopes and validation --------------------------------------------------------------------------------


def soap11_request(bod: etree._Element, username: str | None = None, password: str | None = None) -> bytes:
    """A SOAP 1.1 request envelope, with a WS-Security UsernameToken (PasswordText) when a user is given."""
    header = ""
    if username is not None:
        header = (
            f'<soapenv:Header><wsse:Security xmlns:wsse="{WSSE}" soapenv:mustUnderstand="1">'
            f"<wsse:UsernameToken><wsse:Username>{escape(username)}</wsse:Username>"
            f'<wsse:Password Type="{WSSE_PASSWORD_TEXT}">{escape(password or "")}</wsse:Password>'
            "</wsse:UsernameToken></wsse:Security></soapenv:Header>"
        )
    body = bod_bytes(bod)
    return b"".join((
        XML_DECLARATION,
        f'<soapenv:Envelope xmlns:soapenv="{SOAP11}">{header}<soapenv:Body>'.encode(),
        body,
        b"</soapenv:Body></soapenv:Envelope>",
    ))


@lru_cache(maxsize=1)
def push_schema() -> etree.XMLSchema:
    """Our XSD subset of the pushes and ConfirmBOD."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(PUSH_SCHEMA), parser))


def validate_push(bod: etree._Element) -> None:
    """Raise InvalidMessage when a push (or ConfirmBOD) does not validate against the push schema."""
    schema = push_schema()
    if not schema.validate(bod):
        error = schema.error_log.last_error
        message = error.message if error else "invalid"
        raise InvalidMessage(f"schema violation: {message}", error.path if error else None)


def fault_string(envelope: etree._Element) -> str | None:
    """The faultstring (or SOAP 1.2 Reason) of a Fault response, if it is one."""
    fault = find(envelope, "Body/Fault")
    if fault is None:
        return None
    return text(fault, "faultstring") or " ".join(t.text or "" for t in findall(fault, "Reason/Text")) or "SOAP Fault"
