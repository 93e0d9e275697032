"""Small lxml helpers shared by the codec: building children, reading text, formatting values."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from lxml import etree

from simulator.bod.errors import InvalidMessage
from simulator.bod.namespaces import PREFIXES, local_name


def new_root(tag: str, **attrs: str) -> etree._Element:
    """Create a root element declaring every codec prefix."""
    root = etree.Element(tag, nsmap=PREFIXES)
    for name, value in attrs.items():
        root.set(name, value)
    return root


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    """Append a child element with optional text and the attributes whose value is not None."""
    child = etree.SubElement(parent, tag)
    if text is not None:
        child.text = text
    for name, value in attrs.items():
        if value is not None:
            child.set(name, value)
    return child


def sub_text(parent: etree._Element, tag: str, text: str | None, **attrs: str | None) -> None:
    """Append a child only when its text is present."""
    if text is not None:
        sub(parent, tag, text, **attrs)


def find(element: etree._Element, path: str) -> etree._Element | None:
    """Find the first descendant on a '/'-separated path of local names, in any namespace."""
    return element.find("/".join(f"{{*}}{step}" for step in path.split("/")))


def child(parent: etree._Element, tag: str) -> etree._Element | None:
    """The first child with exactly this tag (a plain loop: much cheaper than ElementPath on the hot path)."""
    for element in parent:
        if element.tag == tag:
            return element
    return None


def findall(element: etree._Element, path: str) -> list[etree._Element]:
    """Find every descendant on a '/'-separated path of local names, in any namespace."""
    return list(element.iterfind("/".join(f"{{*}}{step}" for step in path.split("/"))))


def text(element: etree._Element | None, path: str | None = None) -> str | None:
    """Return the stripped text at path below element, or None when absent or empty."""
    if element is None:
        return None
    target = find(element, path) if path else element
    if target is None or target.text is None:
        return None
    value = target.text.strip()
    return value or None


def attr(element: etree._Element | None, name: str) -> str | None:
    """Return an attribute value, or None."""
    return None if element is None else element.get(name)


def children(element: etree._Element) -> Iterable[etree._Element]:
    """Iterate the element children, skipping comments and processing instructions."""
    return (child for child in element if isinstance(child.tag, str))


def name_of(element: etree._Element) -> str:
    """Return the local name of an element."""
    return local_name(str(element.tag))


def fmt_decimal(value: Decimal) -> str:
    """Format a Decimal without exponent notation."""
    return format(value, "f")


def fmt_datetime(value: datetime) -> str:
    """Format a datetime as xs:dateTime, seconds precision unless it has microseconds."""
    text_value = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text_value += f".{value.microsecond:06d}"
    offset = value.utcoffset()
    if offset is None:
        return text_value
    if offset == timedelta(0):
        return text_value + "Z"
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{text_value}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


MAX_DECIMAL_EXPONENT = 30


def parse_decimal(value: str | None, element: str) -> Decimal | None:
    """Parse a decimal field, raising InvalidMessage naming the element when it is not a number."""
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise InvalidMessage(f"not a number: {value!r}", element) from None
    # Infinity, NaN and astronomical exponents are no quantity or amount (and int() of 1e1000000 takes minutes).
    if not number.is_finite() or number.adjusted() > MAX_DECIMAL_EXPONENT:
        raise InvalidMessage(f"number out of range: {value[:40]!r}", element)
    return number


def parse_datetime(value: str | None, element: str) -> datetime | None:
    """Parse an xs:dateTime (any number of fraction digits, Z or offset, or a bare date)."""
    if value is None:
        return None
    cleaned = _trim_fraction(value.strip().replace("Z", "+00:00"))
    try:
        return datetime.fromisoformat(cleaned)
    except ValueError:
        raise InvalidMessage(f"not a dateTime: {value!r}", element) from None


def _trim_fraction(value: str) -> str:
    head, dot, rest = value.partition(".")
    if not dot:
        return value
    digits = len(rest) - len(rest.lstrip("0123456789"))
    return f"{head}.{rest[: min(digits, 6)]:0<6}{rest[digits:]}"


def parse_bool(value: str | None) -> bool | None:
    """Parse an xs:boolean attribute or text."""
    if value is None:
        return None
    return value.strip().lower() in ("true", "1")


def fmt_bool(value: bool | None) -> str | None:
    """Format an optional xs:boolean."""
    return None if value is None else ("true" if value else "false")


_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def esc(value: str) -> str:
    """Escape character data (a fast path for the common value with nothing to escape)."""
    if "&" in value or "<" in value or ">" in value:
        return value.translate(_TEXT_ESCAPES)
    return value


def quote_attr(value: str) -> str:
    """A double-quoted, escaped attribute value."""
    if value.isalnum():
        return f'"{value}"'
    return f'"{value.translate(_ATTR_ESCAPES)}"'
