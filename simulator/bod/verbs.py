"""BOD skeletons: root + ApplicationArea + DataArea, the Get/Process/Show/Acknowledge verbs, ChangeStatus."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from lxml import etree

from simulator.bod._xml import child, esc, findall, name_of, new_root, quote_attr, sub, text
from simulator.bod.application_area import (
    area_xml,
    build_application_area,
    find_original,
    parse_application_area,
)
from simulator.bod.errors import InvalidMessage
from simulator.bod.messages import ApplicationArea, BusinessError, RecordSet, ResponseHeader
from simulator.bod.namespaces import OA, WCF, namespace_of, qname

RELEASE_ID = "9.0"
RESPONSE_VERSION_ID = "7.0.0.0"
XPATH_LANGUAGE = "_wcf:XPath"
_EXPRESSION = qname(OA, "Expression")
_GET = qname(OA, "Get")
_ACTION_CRITERIA = qname(OA, "ActionCriteria")
_ACTION_EXPRESSION = qname(OA, "ActionExpression")


@lru_cache(maxsize=256)
def _data_area_tag(root_tag: str) -> str:
    return qname(namespace_of(root_tag), "DataArea")


def new_bod(
    tag: str, area: ApplicationArea, version_id: str | None = RESPONSE_VERSION_ID
) -> tuple[etree._Element, etree._Element]:
    """Create a BOD root with its ApplicationArea and an empty DataArea (in the root's namespace)."""
    attrs = {"releaseID": RELEASE_ID}
    if version_id:
        attrs["versionID"] = version_id
    root = new_root(tag, **attrs)
    build_application_area(root, area)
    data_area = sub(root, qname(namespace_of(tag), "DataArea"))
    return root, data_area


def build_get(
    data_area: etree._Element, expression: str, max_items: int | None = None, start: int | None = None
) -> etree._Element:
    """Append an oa:Get verb holding one Expression."""
    get = sub(data_area, qname(OA, "Get"))
    if max_items is not None:
        get.set("maxItems", str(max_items))
    if start is not None:
        get.set("recordSetStartNumber", str(start))
    sub(get, qname(OA, "Expression"), expression, expressionLanguage=XPATH_LANGUAGE)
    return get


def build_process(
    data_area: etree._Element,
    action_code: str,
    expression: str,
    verb: str = "Process",
    language: str = XPATH_LANGUAGE,
) -> etree._Element:
    """Append an action verb (oa:Process, oa:Sync, ...) with one ActionCriteria/ActionExpression.

    Gen B writes the expression language as plain `XPath`."""
    process = sub(data_area, qname(OA, verb))
    criteria = sub(process, qname(OA, "ActionCriteria"))
    sub(criteria, qname(OA, "ActionExpression"), expression, actionCode=action_code, expressionLanguage=language)
    return process


def build_response_verb(
    data_area: etree._Element,
    verb: str,
    original: ApplicationArea | None,
    errors: Sequence[BusinessError] = (),
    record_set: RecordSet | None = None,
    foundation: str = WCF,
    foundation_prefix: str = "_wcf",
) -> etree._Element:
    """Append a Show, Acknowledge or Confirm verb: OriginalApplicationArea, then ResponseCriteria per error.

    Gen C and gen B differ only in the foundation namespace of the OriginalApplicationArea's BusinessContext.
    """
    element = sub(data_area, qname(OA, verb))
    if record_set is not None:
        for name, value in _record_set_attrs(record_set):
            element.set(name, value)
    if original is not None:
        tag = qname(OA, "OriginalApplicationArea")
        build_application_area(element, original, tag, foundation=foundation, foundation_prefix=foundation_prefix)
    for error in errors:
        status = sub(sub(element, qname(OA, "ResponseCriteria")), qname(OA, "ChangeStatus"))
        sub(status, qname(OA, "Code"), error.code)
        sub(status, qname(OA, "ReasonCode"), error.reason_code)
        sub(status, qname(OA, "Reason"), error.reason)
    return element


def _record_set_attrs(record_set: RecordSet) -> list[tuple[str, str]]:
    # OAGIS types recordSetCount and recordSetTotal as positive integers: an empty answer leaves them out.
    attrs = [("recordSetCompleteIndicator", "true" if record_set.complete else "false")]
    if record_set.count > 0:
        attrs.append(("recordSetCount", str(record_set.count)))
    attrs.append(("recordSetStartNumber", str(record_set.start)))
    if record_set.total > 0:
        attrs.append(("recordSetTotal", str(record_set.total)))
    if record_set.reference_id is not None:
        attrs.append(("recordSetReferenceId", record_set.reference_id))
    return attrs


@lru_cache(maxsize=1024)
def _verb_start(verb: str, record_set: RecordSet | None) -> str:
    # Record sets repeat (an availability answer for one item is always count 1 of 1): each start tag is written once.
    pairs = _record_set_attrs(record_set) if record_set else []
    attrs = "".join(f" {name}={quote_attr(value)}" for name, value in pairs)
    return f"<oa:{verb}{attrs}>"


def response_verb_xml(
    verb: str,
    original: ApplicationArea | None,
    errors: Sequence[BusinessError] = (),
    record_set: RecordSet | None = None,
) -> str:
    """The string form of build_response_verb, for the prepared hot-path responses."""
    parts = [_verb_start(verb, record_set)]
    if original is not None:
        parts.append(area_xml(original, "OriginalApplicationArea"))
    parts.extend(
        "<oa:ResponseCriteria><oa:ChangeStatus>"
        f"<oa:Code>{esc(error.code)}</oa:Code><oa:ReasonCode>{esc(error.reason_code)}</oa:ReasonCode>"
        f"<oa:Reason>{esc(error.reason)}</oa:Reason></oa:ChangeStatus></oa:ResponseCriteria>"
        for error in errors
    )
    parts.append(f"</oa:{verb}>")
    return "".join(parts)


def data_area(bod: etree._Element) -> etree._Element:
    """Return the DataArea of a BOD (in the root's namespace)."""
    element = child(bod, _data_area_tag(str(bod.tag)))
    if element is None:
        raise InvalidMessage("the BOD has no DataArea in its own namespace", "DataArea")
    return element


def verb(bod: etree._Element, local: str) -> etree._Element:
    """Return the verb element (oa:Get, oa:Process, ...) of a BOD's DataArea."""
    element = child(data_area(bod), qname(OA, local))
    if element is None:
        raise InvalidMessage(f"the DataArea has no oa:{local} verb", f"DataArea/{local}")
    return element


def nouns(bod: etree._Element, local: str) -> list[etree._Element]:
    """Return the noun elements of a BOD's DataArea with the given local name (root namespace)."""
    return data_area(bod).findall(qname(namespace_of(str(bod.tag)), local))


def get_expression(bod: etree._Element) -> str:
    """Return the text of the Get verb's first Expression."""
    expression = child(verb(bod, "Get"), _EXPRESSION)
    if expression is None or not (expression.text or "").strip():
        raise InvalidMessage("the Get verb has no Expression", "Get/Expression")
    return (expression.text or "").strip()


def lone_get_expression(bod: etree._Element) -> str | None:
    """The Get expression of a BOD whose DataArea holds only a Get verb holding only one Expression (as Commerce
    sends them); None for any other shape. Where it gives a text, get_expression gives the same."""
    children = bod[1:]
    if len(children) != 1 or children[0].tag != _data_area_tag(str(bod.tag)) or len(children[0]) != 1:
        return None
    get = children[0][0]
    if get.tag != _GET or len(get) != 1 or get[0].tag != _EXPRESSION:
        return None
    text = (get[0].text or "").strip()
    return text or None


def action_code(bod: etree._Element, verb_local: str = "Process") -> str:
    """Return the actionCode of the first ActionExpression of a Process (or other action) verb."""
    criteria = child(verb(bod, verb_local), _ACTION_CRITERIA)
    expression = None if criteria is None else child(criteria, _ACTION_EXPRESSION)
    code = None if expression is None else expression.get("actionCode")
    if not code:
        raise InvalidMessage("the verb has no ActionExpression with an actionCode", "ActionCriteria/ActionExpression")
    return code.strip()


MAX_INT_ATTR = 2**31 - 1  # a Java int, as Commerce sends record-set numbers


def int_attr(element: etree._Element, name: str) -> int | None:
    """Read an integer attribute, raising InvalidMessage when it is not an integer."""
    value = element.get(name)
    if value is None or not value.strip():
        return None
    try:
        number = int(value)
    except ValueError:
        raise InvalidMessage(f"attribute {name} is not an integer: {value[:40]!r}", name_of(element)) from None
    if abs(number) > MAX_INT_ATTR:
        raise InvalidMessage(f"attribute {name} is out of range: {value[:40]!r}", name_of(element))
    return number


def parse_response_header(bod: etree._Element, verb_local: str) -> ResponseHeader:
    """Parse ApplicationArea, OriginalApplicationArea, ChangeStatus errors and record-set attributes."""
    element = verb(bod, verb_local)
    return ResponseHeader(
        application_area=parse_application_area(bod),
        original=find_original(element),
        errors=tuple(_errors(element)),
        record_set=_record_set(element),
    )


def _errors(element: etree._Element) -> list[BusinessError]:
    found = []
    for status in findall(element, "ResponseCriteria/ChangeStatus"):
        found.append(
            BusinessError(
                reason_code=text(status, "ReasonCode") or "",
                reason=" ".join(filter(None, (r.text for r in findall(status, "Reason")))).strip(),
                code=text(status, "Code") or "",
            )
        )
    return found


def _record_set(element: etree._Element) -> RecordSet | None:
    count = int_attr(element, "recordSetCount")
    total = int_attr(element, "recordSetTotal")
    if count is None and total is None and element.get("recordSetCompleteIndicator") is None:
        return None
    return RecordSet(
        count=count or 0,
        total=total if total is not None else count or 0,
        start=int_attr(element, "recordSetStartNumber") or 0,
        complete=(element.get("recordSetCompleteIndicator") or "true").lower() == "true",
        reference_id=element.get("recordSetReferenceId"),
    )
