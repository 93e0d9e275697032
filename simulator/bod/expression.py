"""Commerce Get expressions: a `{k=v;...}` control prefix followed by an XPath-like noun selection.

The grammar covers what Commerce's expression builders write:

    expression := control? path
    control    := '{' key '=' value (';' key '=' value)* '}'
    path       := '/'? step ('/' step)* ('/' '@' NAME)?
    step       := NAME ('[' or ']')*
    or         := and ('or' and)*
    and        := unary ('and' unary)*
    unary      := '(' or ')' | NUMBER | '@' NAME '=' literal | path ('=' literal)?

A parsed expression yields its conditions as (path from the noun, value) pairs, either flat or grouped
into alternatives (the disjunctive normal form), which is how several items in one request come apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Union

from simulator.bod.errors import BadExpression

MAX_ALTERNATIVES = 4096
MAX_LENGTH = 64 * 1024
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<str>'[^']*'|"[^"]*")
      | (?P<num>\d+(?:\.\d*)?)
      | (?P<name>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)
      | (?P<op>!=|[/\[\]()=@])
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    predicates: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class Path:
    steps: tuple[Step, ...]
    attribute: str | None = None


@dataclass(frozen=True, slots=True)
class Compare:
    path: Path
    value: str
    operator: str = "="


@dataclass(frozen=True, slots=True)
class Exists:
    path: Path


@dataclass(frozen=True, slots=True)
class Index:
    position: int


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


Node = Union[Compare, Exists, Index, And, Or]  # noqa: UP007


@dataclass(frozen=True, slots=True)
class Condition:
    """A leaf comparison: the '/'-joined local names from the noun (attributes as '@name') and value."""

    path: str
    value: str
    operator: str = "="

    def endswith(self, suffix: str) -> bool:
        return self.path == suffix or self.path.endswith("/" + suffix)


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed Get expression."""

    text: str
    controls: tuple[tuple[str, str], ...]
    path: Path

    @property
    def control(self) -> Mapping[str, str]:
        return dict(self.controls)

    @property
    def access_profile(self) -> str | None:
        return self.control.get("_wcf.ap")

    @property
    def noun(self) -> str:
        return self.path.steps[0].name if self.path.steps else ""

    def alternatives(self) -> tuple[tuple[Condition, ...], ...]:
        """The disjunctive normal form: each alternative is a conjunction of conditions."""
        return tuple(_path_dnf(self.path, ())[0])

    def conditions(self) -> tuple[Condition, ...]:
        """Every leaf condition, in document order."""
        return tuple(_path_leaves(self.path, ()))

    def values(self, suffix: str) -> tuple[str, ...]:
        """The values of every condition whose path ends with suffix, in order, without repeats."""
        return tuple(dict.fromkeys(c.value for c in self.conditions() if c.endswith(suffix)))

    def first(self, suffix: str) -> str | None:
        found = self.values(suffix)
        return found[0] if found else None


def split_control(text: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """Split the `{k=v;...}` control prefix from the path text."""
    stripped = text.strip()
    if not stripped.startswith("{"):
        return (), stripped
    end = stripped.find("}")
    if end < 0:
        raise BadExpression("unterminated control prefix", text)
    pairs = []
    for item in filter(None, (part.strip() for part in stripped[1:end].split(";"))):
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise BadExpression(f"control entry {item!r} is not key=value", text)
        pairs.append((key.strip(), value.strip()))
    return tuple(pairs), stripped[end + 1 :].strip()


def access_profile(text: str) -> str | None:
    """The `_wcf.ap` of an expression, read from its control prefix alone."""
    stripped = text.lstrip()
    end = stripped.find("}") if stripped.startswith("{") else -1
    if end < 0:
        return dict(split_control(text)[0]).get("_wcf.ap")
    return _profile_of(stripped[: end + 1])


@lru_cache(maxsize=256)
def _profile_of(control_prefix: str) -> str | None:
    # Commerce sends a handful of distinct prefixes ({_wcf.ap=IBM_Store_Details}, ...): each is split once.
    return dict(split_control(control_prefix)[0]).get("_wcf.ap")


@lru_cache(maxsize=512)
def parse_expression(text: str) -> Expression:
    """Parse a Get expression; raise BadExpression when it cannot be parsed."""
    if len(text) > MAX_LENGTH:
        raise BadExpression(f"expression longer than {MAX_LENGTH} characters")
    controls, rest = split_control(text)
    if not rest:
        raise BadExpression("expression selects nothing", text)
    parser = _Parser(rest, text)
    try:
        path = parser.path()
    except RecursionError:
        raise BadExpression("expression nests too deeply", text[:200]) from None
    parser.expect_end()
    expression = Expression(text, controls, path)
    expression.alternatives()
    return expression


class _Parser:
    def __init__(self, source: str, original: str) -> None:
        self.original = original
        self.tokens = list(self._tokenize(source))
        self.position = 0

    def _tokenize(self, source: str) -> Iterator[tuple[str, str]]:
        index = 0
        while index < len(source):
            if source[index:].strip() == "":
                return
            match = _TOKEN.match(source, index)
            if match is None or match.lastgroup is None:
                raise BadExpression(f"unexpected character {source[index:].lstrip()[:1]!r}", self.original)
            yield match.lastgroup, match.group(match.lastgroup)
            index = match.end()

    def peek(self, kind: str | None = None, value: str | None = None) -> bool:
        if self.position >= len(self.tokens):
            return False
        token_kind, token_value = self.tokens[self.position]
        return (kind is None or token_kind == kind) and (value is None or token_value == value)

    def take(self) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise BadExpression("expression ends too early", self.original)
        token = self.tokens[self.position]
        self.position += 1
        return token

    def accept(self, value: str) -> bool:
        if self.peek("op", value):
            self.position += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.accept(value):
            found = self.tokens[self.position][1] if self.position < len(self.tokens) else "end"
            raise BadExpression(f"expected {value!r}, found {found!r}", self.original)

    def expect_end(self) -> None:
        if self.position != len(self.tokens):
            raise BadExpression(f"unexpected {self.tokens[self.position][1]!r}", self.original)

    def name(self) -> str:
        kind, value = self.take()
        if kind != "name":
            raise BadExpression(f"expected a name, found {value!r}", self.original)
        return value.rpartition(":")[2]

    def path(self) -> Path:
        self.accept("/")
        return self.relative_path()

    def relative_path(self) -> Path:
        if self.accept("@"):
            return Path((), self.name())
        steps = [self.step()]
        while self.accept("/"):
            if self.accept("@"):
                return Path(tuple(steps), self.name())
            steps.append(self.step())
        return Path(tuple(steps))

    def step(self) -> Step:
        name = self.name()
        predicates = []
        while self.accept("["):
            predicates.append(self.disjunction())
            self.expect("]")
        return Step(name, tuple(predicates))

    def disjunction(self) -> Node:
        items = [self.conjunction()]
        while self.peek("name", "or"):
            self.position += 1
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def conjunction(self) -> Node:
        items = [self.unary()]
        while self.peek("name", "and"):
            self.position += 1
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        if self.accept("("):
            node = self.disjunction()
            self.expect(")")
            return node
        if self.peek("num"):
            number = self.take()[1]
            try:
                return Index(int(float(number)))
            except (OverflowError, ValueError):
                raise BadExpression(f"position {number[:40]!r} is out of range", self.original) from None
        path = self.relative_path()
        for operator in ("=", "!="):
            if self.accept(operator):
                return Compare(path, self.literal(), operator)
        return Exists(path)

    def literal(self) -> str:
        kind, value = self.take()
        if kind == "str":
            return value[1:-1]
        if kind == "num":
            return value
        raise BadExpression(f"expected a quoted value, found {value!r}", self.original)


Alternatives = list[tuple[Condition, ...]]


def _and(left: Alternatives, right: Alternatives) -> Alternatives:
    combined = [a + b for a, b in product(left, right)]
    if len(combined) > MAX_ALTERNATIVES:
        raise BadExpression(f"expression expands to more than {MAX_ALTERNATIVES} alternatives")
    return combined


def _path_dnf(path: Path, context: tuple[str, ...]) -> tuple[Alternatives, str]:
    result: Alternatives = [()]
    current = context
    for step in path.steps:
        current = (*current, step.name)
        for predicate in step.predicates:
            result = _and(result, _dnf(predicate, current))
    if path.attribute:
        current = (*current, "@" + path.attribute)
    return result, "/".join(current)


def _dnf(node: Node, context: tuple[str, ...]) -> Alternatives:
    if isinstance(node, Compare):
        base, full = _path_dnf(node.path, context)
        return [(*alt, Condition(full, node.value, node.operator)) for alt in base]
    if isinstance(node, Exists):
        return _path_dnf(node.path, context)[0]
    if isinstance(node, And):
        result: Alternatives = [()]
        for item in node.items:
            result = _and(result, _dnf(item, context))
        return result
    if isinstance(node, Or):
        merged = [alt for item in node.items for alt in _dnf(item, context)]
        if len(merged) > MAX_ALTERNATIVES:
            raise BadExpression(f"expression expands to more than {MAX_ALTERNATIVES} alternatives")
        return merged
    return [()]


def _path_leaves(path: Path, context: tuple[str, ...]) -> Iterator[Condition]:
    current = context
    for step in path.steps:
        current = (*current, step.name)
        for predicate in step.predicates:
            yield from _leaves(predicate, current)


def _leaves(node: Node, context: tuple[str, ...]) -> Iterator[Condition]:
    if isinstance(node, Compare):
        yield from _path_leaves(node.path, context)
        full = (*context, *(step.name for step in node.path.steps))
        if node.path.attribute:
            full = (*full, "@" + node.path.attribute)
        yield Condition("/".join(full), node.value, node.operator)
    elif isinstance(node, Exists):
        yield from _path_leaves(node.path, context)
    elif isinstance(node, And | Or):
        for item in node.items:
            yield from _leaves(item, context)


def literal(value: str) -> str:
    """Quote a value as an XPath string literal."""
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    raise BadExpression("a value cannot hold both quote characters", value)


def control_prefix(access_profile: str, **extra: str) -> str:
    """Build a `{_wcf.ap=...}` control prefix."""
    entries = [f"_wcf.ap={access_profile}", *(f"{key}={value}" for key, value in extra.items())]
    return "{" + ";".join(entries) + "}"
