"""ApplicationArea: parse either Commerce form, build request and response areas, OriginalApplicationArea."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from lxml import etree

from simulator.bod._xml import children, esc, find, name_of, quote_attr, sub, sub_text
from simulator.bod.errors import InvalidMessage
from simulator.bod.messages import ApplicationArea
from simulator.bod.namespaces import OA, WCF, XSI, local_name, qname

_XSI_TYPE = qname(XSI, "type")
_ANY_CONTEXT_DATA = "{*}ContextData"
_AREA = qname(OA, "ApplicationArea")
_KNOWN = {
    qname(OA, "CreationDateTime"): "CreationDateTime",
    qname(OA, "BODID"): "BODID",
    qname(WCF, "BusinessContext"): "BusinessContext",
}


def new_area(bod_id: str, now: datetime, context_data: tuple[tuple[str, str], ...] = ()) -> ApplicationArea:
    """A fresh ApplicationArea: the given BODID and `now` as yyyy-MM-ddTHH:mm:ss."""
    return ApplicationArea(_second_stamp(now), bod_id, context_data)


_last_second: tuple[datetime, datetime, str] | None = None


def _second_stamp(now: datetime) -> str:
    """`now` as yyyy-MM-ddTHH:mm:ss; the text of the last second written is reused while `now` stays within it."""
    global _last_second
    last = _last_second
    if last is not None and last[0].tzinfo is now.tzinfo and last[0] <= now < last[1]:
        return last[2]
    start = now.replace(microsecond=0)
    # isoformat is several times cheaper than strftime and writes the same yyyy-MM-ddTHH:mm:ss prefix.
    stamp = start.isoformat(timespec="seconds")[:19]
    _last_second = (start, start + timedelta(seconds=1), stamp)
    return stamp


def find_area(bod: etree._Element) -> etree._Element:
    """Return the ApplicationArea element of a BOD (either form), or raise InvalidMessage."""
    for child in bod:
        tag = child.tag
        if isinstance(tag, str):
            if tag == _AREA or local_name(tag) == "ApplicationArea":
                return child
            break
    raise InvalidMessage("the BOD has no ApplicationArea as its first child", "ApplicationArea")


def parse_application_area(bod: etree._Element) -> ApplicationArea:
    """Parse the ApplicationArea of a BOD root."""
    return area_from_element(find_area(bod))


def area_from_element(area: etree._Element) -> ApplicationArea:
    """Parse an ApplicationArea (or OriginalApplicationArea) element."""
    creation, bod_id = None, None
    context: list[tuple[str, str]] = []
    sender: list[tuple[str, str]] = []
    for child in area:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = _KNOWN.get(tag) or local_name(tag)
        if name == "CreationDateTime":
            creation = (child.text or "").strip()
        elif name == "BODID":
            bod_id = (child.text or "").strip() or None
        elif name == "BusinessContext":
            context.extend(_context_data(child))
        elif name == "Sender":
            sender.extend((name_of(part), (part.text or "").strip()) for part in children(child))
    if creation is None:
        raise InvalidMessage("ApplicationArea lacks CreationDateTime", "ApplicationArea/CreationDateTime")
    return ApplicationArea(creation, bod_id, tuple(context), tuple(sender))


def _context_data(business_context: etree._Element) -> list[tuple[str, str]]:
    pairs = []
    for data in business_context.iterchildren(_ANY_CONTEXT_DATA):  # any namespace: lxml filters by name in C
        name = data.get("name")
        if name is not None:
            pairs.append((name, (data.text or "").strip()))
    return pairs


def build_application_area(
    parent: etree._Element,
    area: ApplicationArea,
    tag: str = qname(OA, "ApplicationArea"),
    foundation: str = WCF,
    foundation_prefix: str = "_wcf",
) -> etree._Element:
    """Append an ApplicationArea (xsi:type <foundation>:ApplicationAreaType when it carries a BusinessContext).

    Gen C and gen B differ only in the foundation namespace (and the prefix their roots declare for it).
    """
    element = sub(parent, tag)
    if area.context_data:
        element.set(_XSI_TYPE, f"{foundation_prefix}:ApplicationAreaType")
    if area.sender:
        sender = sub(element, qname(OA, "Sender"))
        for name, value in area.sender:
            sub(sender, qname(OA, name), value)
    sub(element, qname(OA, "CreationDateTime"), area.creation_date_time)
    sub_text(element, qname(OA, "BODID"), area.bod_id)
    if area.context_data:
        context = sub(element, qname(foundation, "BusinessContext"))
        for name, value in area.context_data:
            sub(context, qname(foundation, "ContextData"), value, name=name)
    return element


def area_xml(area: ApplicationArea, local: str = "ApplicationArea") -> str:
    """Serialize an ApplicationArea as a string using the oa/_wcf/xsi prefixes (hot path)."""
    typed = ' xsi:type="_wcf:ApplicationAreaType"' if area.context_data else ""
    parts = [f"<oa:{local}{typed}>"]
    if area.sender:
        parts.append("<oa:Sender>")
        parts.extend(f"<oa:{name}>{esc(value)}</oa:{name}>" for name, value in area.sender)
        parts.append("</oa:Sender>")
    parts.append(f"<oa:CreationDateTime>{esc(area.creation_date_time)}</oa:CreationDateTime>")
    if area.bod_id is not None:
        parts.append(f"<oa:BODID>{esc(area.bod_id)}</oa:BODID>")
    if area.context_data:
        parts.append(_business_context_xml(area.context_data))
    parts.append(f"</oa:{local}>")
    return "".join(parts)


@lru_cache(maxsize=1024)
def _business_context_xml(context_data: tuple[tuple[str, str], ...]) -> str:
    # A storefront sends the same context on every call of a session: each distinct one is written once.
    pairs = "".join(
        f"<_wcf:ContextData name={quote_attr(name)}>{esc(value)}</_wcf:ContextData>" for name, value in context_data
    )
    return f"<_wcf:BusinessContext>{pairs}</_wcf:BusinessContext>"


def find_original(verb: etree._Element) -> ApplicationArea | None:
    """Parse the OriginalApplicationArea under a response verb, if any."""
    element = find(verb, "OriginalApplicationArea")
    if element is None or find(element, "CreationDateTime") is None:
        return None
    return area_from_element(element)
