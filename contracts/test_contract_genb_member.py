"""Gen B: SyncOrganization (Create / Update, Add / Change) -> ConfirmBOD, success or BODFailureMessage."""

from __future__ import annotations

from conformance import genb
from conformance.data import Needs
from conformance.requests import new_commerce_id, text_at
from conformance.target import Target


def test_create_then_change_confirm_success(target: Target, needs: Needs) -> None:
    data = needs("buyer_dn")
    name = f"o=Conformance {new_commerce_id()},o=root organization"
    created = genb.exchange(target, genb.load("genb_CreateOrganization.xml", data, **{
        "o=Northwind Traders,o=acme industrial,o=root organization": name}))
    assert created.nouns("BOD/BODSuccessMessage"), "Create needs a BODSuccessMessage"
    changed = genb.exchange(target, genb.load("genb_UpdateOrganization.xml", data, **{
        "o=acme industrial,o=root organization": name}))
    assert changed.nouns("BOD/BODSuccessMessage"), "Change of a created organization needs a BODSuccessMessage"
    assert text_at(changed.bod, "BOD/OriginalApplicationArea/BODID") == "???"


def test_update_of_an_unknown_organization_is_a_failure_message(target: Target, needs: Needs) -> None:
    data = needs("buyer_dn")
    request = genb.load("genb_UpdateOrganization.xml", data, **{
        "o=acme industrial,o=root organization": f"o=Nobody {new_commerce_id()},o=root organization"})
    result = genb.exchange(target, request)
    failures = result.nouns("BOD/BODFailureMessage/ErrorProcessMessage")
    assert failures and text_at(failures[0], "ReasonCode"), "no ErrorProcessMessage with a ReasonCode"
    assert result.errors() and all(result.errors()), "Confirm/ResponseCriteria/ChangeStatus needs a ReasonCode"
