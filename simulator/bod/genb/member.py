"""Gen-B SyncOrganization (Create, Update, Add, Change) -> oa:ConfirmBOD."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from lxml import etree

from simulator.bod._xml import children, find, findall, name_of, sub, text
from simulator.bod.application_area import parse_application_area
from simulator.bod.errors import InvalidMessage, UnsupportedOperation
from simulator.bod.genb.common import XPATH_LANGUAGE, build_area, build_response_verb, new_bod
from simulator.bod.genb.namespaces import MBR, PREFIXES, WCF
from simulator.bod.messages import ApplicationArea, BusinessError
from simulator.bod.namespaces import OA, qname
from simulator.bod.verbs import action_code, build_process, nouns, parse_response_header

SYNC_ROOT = qname(MBR, "SyncOrganization")
CONFIRM_ROOT = qname(OA, "ConfirmBOD")
CREATE_CODES = frozenset({"Create", "Add"})
UPDATE_CODES = frozenset({"Update", "Change"})


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """A gen-B Address: lines, city, state, country, postal code and its type."""

    lines: tuple[str, ...] = ()
    city: str | None = None
    state: str | None = None
    country: str | None = None
    postal_code: str | None = None
    address_type: str | None = None


@dataclass(frozen=True, slots=True)
class ContactInfo:
    """An address with phones, faxes and e-mails; `name` is the ContactName of a ContactList entry."""

    address: PostalAddress | None = None
    telephones: tuple[str, ...] = ()
    faxes: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    name: str | None = None


@dataclass(frozen=True, slots=True)
class OrganizationNoun:
    """The Organization fields the back office keeps."""

    dn: str
    unique_id: str | None = None
    parent_dn: str | None = None
    name: str | None = None
    org_type: str | None = None
    business_category: str | None = None
    description: str | None = None
    contact: ContactInfo | None = None
    contacts: tuple[ContactInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class SyncOrganizationRequest:
    """A parsed SyncOrganization: create (Create/Add) or update (Update/Change) each organization."""

    application_area: ApplicationArea
    action: str
    organizations: tuple[OrganizationNoun, ...]

    @property
    def creates(self) -> bool:
        return self.action in CREATE_CODES


def parse_sync_organization(bod: etree._Element) -> SyncOrganizationRequest:
    """Action code of the Sync verb and every Organization noun."""
    code = action_code(bod, "Sync")
    if code not in CREATE_CODES | UPDATE_CODES:
        raise UnsupportedOperation(f"SyncOrganization action code {code!r} is not supported")
    found = [parse_organization(noun) for noun in nouns(bod, "Organization")]
    if not found:
        raise InvalidMessage("SyncOrganization carries no Organization noun", "Organization")
    return SyncOrganizationRequest(parse_application_area(bod), code, tuple(found))


def parse_organization(noun: etree._Element) -> OrganizationNoun:
    """Identifiers, names, primary contact and contact list of an Organization."""
    dn = text(noun, "OrganizationIdentifier/DistinguishedName")
    if dn is None:
        raise InvalidMessage("the Organization has no DistinguishedName", "OrganizationIdentifier/DistinguishedName")
    contact = find(noun, "ContactInfo")
    return OrganizationNoun(
        dn=dn,
        unique_id=text(noun, "OrganizationIdentifier/UniqueID"),
        parent_dn=text(noun, "ParentIdentifier/DistinguishedName"),
        name=text(noun, "OrganizationName"),
        org_type=text(noun, "OrganizationType"),
        business_category=text(noun, "BusinessCategory"),
        description=text(noun, "Description"),
        contact=None if contact is None else _contact(contact),
        contacts=tuple(_contact(entry) for entry in findall(noun, "ContactList/ContactEntry")),
    )


def _contact(element: etree._Element) -> ContactInfo:
    info = find(element, "ContactInfo") if name_of(element) == "ContactEntry" else element
    address = None if info is None else find(info, "Address")
    return ContactInfo(
        address=None if address is None else _address(address),
        telephones=_texts(info, "Telephone"),
        faxes=_texts(info, "Fax"),
        emails=_texts(info, "Email"),
        name=_contact_name(element) if name_of(element) == "ContactEntry" else None,
    )


def _contact_name(entry: etree._Element) -> str | None:
    """ContactName as text, or its parts (PersonTitle, FirstName, ...) joined by spaces."""
    element = find(entry, "ContactName")
    if element is None:
        return None
    return " ".join(part.strip() for part in element.itertext() if part.strip()) or None


def _address(element: etree._Element) -> PostalAddress:
    return PostalAddress(
        lines=_texts(element, "AddressLine"),
        city=text(element, "City"),
        state=text(element, "StateOrProvinceName"),
        country=text(element, "Country"),
        postal_code=text(element, "PostalCode"),
        address_type=element.get("type"),
    )


def _texts(element: etree._Element | None, local: str) -> tuple[str, ...]:
    if element is None:
        return ()
    return tuple((child.text or "").strip() for child in children(element) if name_of(child) == local and child.text)


def build_sync_organization(
    area: ApplicationArea, action: str, organizations: Sequence[OrganizationNoun]
) -> etree._Element:
    """A SyncOrganization as Commerce writes it (action expression `Organization`)."""
    root, data = new_bod(SYNC_ROOT, area)
    build_process(data, action, "Organization", verb="Sync", language=XPATH_LANGUAGE)
    for organization in organizations:
        _build_organization(sub(data, qname(MBR, "Organization")), organization)
    return root


def _build_organization(noun: etree._Element, organization: OrganizationNoun) -> None:
    identifier = sub(noun, qname(WCF, "OrganizationIdentifier"))
    if organization.unique_id is not None:
        sub(identifier, qname(WCF, "UniqueID"), organization.unique_id)
    sub(identifier, qname(WCF, "DistinguishedName"), organization.dn)
    if organization.parent_dn is not None:
        sub(sub(noun, qname(WCF, "ParentIdentifier")), qname(WCF, "DistinguishedName"), organization.parent_dn)
    for local, value in (
        ("OrganizationName", organization.name),
        ("OrganizationType", organization.org_type),
        ("BusinessCategory", organization.business_category),
        ("Description", organization.description),
    ):
        if value is not None:
            sub(noun, qname(MBR, local), value)
    if organization.contact is not None:
        _build_contact_info(noun, organization.contact)
    if organization.contacts:
        contact_list = sub(noun, qname(WCF, "ContactList"))
        for contact in organization.contacts:
            entry = sub(contact_list, qname(WCF, "ContactEntry"))
            _build_contact_info(entry, contact)
            sub(entry, qname(WCF, "ContactName"), contact.name or "")


def _build_contact_info(parent: etree._Element, contact: ContactInfo) -> None:
    info = sub(parent, qname(WCF, "ContactInfo"))
    if contact.address is not None:
        address = sub(info, qname(WCF, "Address"), type=contact.address.address_type)
        for line in contact.address.lines:
            sub(address, qname(WCF, "AddressLine"), line)
        for local, value in (
            ("City", contact.address.city),
            ("StateOrProvinceName", contact.address.state),
            ("Country", contact.address.country),
            ("PostalCode", contact.address.postal_code),
        ):
            if value is not None:
                sub(address, qname(WCF, local), value)
    for local, values in (("Telephone", contact.telephones), ("Fax", contact.faxes), ("Email", contact.emails)):
        for value in values:
            sub(info, qname(WCF, local), value)


def build_confirm_bod(
    area: ApplicationArea, original: ApplicationArea, errors: Sequence[BusinessError] = ()
) -> etree._Element:
    """ConfirmBOD: BODSuccessMessage, or Confirm/ResponseCriteria plus BODFailureMessage/ErrorProcessMessage."""
    root = etree.Element(CONFIRM_ROOT, nsmap=PREFIXES)
    root.set("releaseID", "9.0")
    build_area(root, area)
    data = sub(root, qname(OA, "DataArea"))
    build_response_verb(data, "Confirm", None, errors)
    bod = sub(data, qname(OA, "BOD"))
    # ConfirmBOD's schema imports OAGIS alone: the echoed area is a plain oa:ApplicationAreaType, so it carries
    # neither an xsi:type naming the gen-B foundation nor that foundation's BusinessContext.
    build_area(bod, replace(original, context_data=()), "OriginalApplicationArea")
    if not errors:
        sub(bod, qname(OA, "BODSuccessMessage"))
        return root
    failure = sub(bod, qname(OA, "BODFailureMessage"))
    for error in errors:
        message = sub(failure, qname(OA, "ErrorProcessMessage"))
        sub(message, qname(OA, "ID"), error.code)
        sub(message, qname(OA, "Description"), error.reason)
        sub(message, qname(OA, "Type"), "Error")
        sub(message, qname(OA, "ReasonCode"), error.reason_code)
    return root


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A parsed ConfirmBOD: success, or the errors of its BODFailureMessage (and Confirm/ResponseCriteria)."""

    original_bod_id: str | None
    success: bool
    errors: tuple[BusinessError, ...] = ()


def parse_confirm_bod(bod: etree._Element) -> Confirmation:
    """Success or failure of the first BOD of a ConfirmBOD."""
    header = parse_response_header(bod, "Confirm")
    noun = find(bod, "DataArea/BOD")
    if noun is None:
        raise InvalidMessage("the ConfirmBOD has no BOD", "DataArea/BOD")
    failures = tuple(
        BusinessError(
            reason_code=text(message, "ReasonCode") or "",
            reason=text(message, "Description") or "",
            code=text(message, "ID") or "",
        )
        for message in findall(noun, "BODFailureMessage/ErrorProcessMessage")
    )
    return Confirmation(
        original_bod_id=text(noun, "OriginalApplicationArea/BODID"),
        success=find(noun, "BODSuccessMessage") is not None,
        errors=failures or header.errors,
    )
