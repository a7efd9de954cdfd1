"""The records of the data model and their validation.

The schema is data: :data:`SCHEMA` lists each record kind's fields with
their type, so that readers, writers and stores all work from one table.
:func:`parse_record` turns one row (strings from CSV, or JSON values) into a
record or raises :class:`~kg.errors.RecordError` naming the field.

>>> t = parse_record("tie", {"a": "x", "b": "y", "kind": "friendship", "strength": "0.8"})
>>> t.strength, t.key()
(0.8, '["tie","x","y","friendship",""]')
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from kg import time as kgtime
from kg.errors import RecordError

ORG_TYPES = ("government", "security_service", "intergovernmental", "armed_group",
             "political_party", "ngo", "academic", "religious", "media", "business",
             "civil_society", "other")
STATE_ORG_TYPES = frozenset({"government", "security_service", "intergovernmental"})
ACTOR_KINDS = ("person", "organization")
TRACKS = ("1", "1.5", "2", "3")
TIE_KINDS = ("family", "friendship", "professional", "classmates", "mentor", "dialogue",
             "communication", "hostile")
INFLUENCE_KINDS = ("advises", "access", "commands", "funds", "public_voice")
PARTICIPATION_ROLES = ("participant", "facilitator", "observer", "host")
RESTRICTION_KINDS = ("legal", "political")
RESTRICTION_SCOPES = ("officials", "nationals")
SENSITIVITIES = ("public", "restricted", "confidential")
CONFIDENCE_WORDS = {"low": 0.3, "medium": 0.6, "high": 0.9}


# --- field types: each turns a raw value into a clean one or raises ValueError ---------

def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        raise ValueError("expected text, got a JSON " + type(v).__name__)
    return str(v).strip()


def _ident(v: Any) -> str:
    s = _text(v)
    if not s:
        raise ValueError("is empty")
    return s


def _enum(choices: Iterable[str]) -> Callable[[Any], str]:
    options = tuple(choices)

    def parse(v: Any) -> str:
        s = _text(v).lower()
        if s not in options:
            raise ValueError(f'is "{_text(v)}"; expected {_or_list(options)}')
        return s
    return parse


def _or_list(options: tuple[str, ...]) -> str:
    return ", ".join(options[:-1]) + " or " + options[-1] if len(options) > 1 else options[0]


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    s = _text(v).lower()
    if s in ("true", "yes", "1", "y", "t"):
        return True
    if s in ("false", "no", "0", "n", "f", ""):
        return False
    raise ValueError(f'is "{_text(v)}"; expected true or false')


def _unit(v: Any) -> float:
    if isinstance(v, bool):
        raise ValueError(f"is {v}; expected a number from 0 to 1")
    try:
        x = float(v) if isinstance(v, (int, float)) else float(_text(v))
    except ValueError:
        raise ValueError(f'is "{_text(v)}"; expected a number from 0 to 1') from None
    if math.isnan(x) or not 0.0 <= x <= 1.0:
        raise ValueError(f"is {_text(v)}; expected a number from 0 to 1")
    return x


def _confidence(v: Any) -> float:
    if isinstance(v, str) and v.strip().lower() in CONFIDENCE_WORDS:
        return CONFIDENCE_WORDS[v.strip().lower()]
    try:
        return _unit(v)
    except ValueError:
        raise ValueError(f'is "{_text(v)}"; expected a number from 0 to 1, or low, medium or high') from None


def _date(v: Any) -> str:
    return kgtime.check(_text(v))


def _list(v: Any) -> tuple[str, ...]:
    if isinstance(v, list):
        items = [_text(x) for x in v]
    else:
        items = _text(v).split(";")
    return tuple(x.strip() for x in items if x.strip())


def _country(v: Any) -> str:
    s = _text(v).upper()
    if not re.fullmatch(r"[A-Z]{3}", s):
        raise ValueError(f'is "{_text(v)}"; expected an ISO 3166-1 alpha-3 code such as ISR or NOR')
    return s


# Restriction jurisdictions beyond one state (data-model.md v2): the European Union
# (its member states on the day) and the UN Security Council (every state).
SUPRANATIONAL = ("EU", "UN")


def _jurisdiction(v: Any) -> str:
    s = _text(v).upper()
    if s in SUPRANATIONAL:
        return s
    if not re.fullmatch(r"[A-Z]{3}", s):
        raise ValueError(f'is "{_text(v)}"; expected an ISO 3166-1 alpha-3 code such as ISR or NOR, '
                         "or EU or UN")
    return s


def _track(v: Any) -> str:
    s = _text(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        s = f"{v:g}"
    if s not in TRACKS:
        raise ValueError(f'is "{s}"; expected {_or_list(TRACKS)}')
    return s


def compound_key(*parts: str) -> str:
    """The key of a relationship record: its parts as a compact JSON array.

    JSON escapes every character that could end a part, so two different lists of
    parts never give the same key, whatever characters ids contain (a ``|`` in an id
    no longer collides, as it did with keys joined by ``|``).

    >>> compound_key("tie", "a|b", "c") != compound_key("tie", "a", "b|c")
    True
    """
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Field:
    """One column of a record kind: its name, parser, whether required, its default."""

    name: str
    parse: Callable[[Any], Any]
    required: bool = False
    default: Any = None
    attr: str = ""  # the dataclass attribute, when the column name is a Python keyword

    @property
    def attribute(self) -> str:
        return self.attr or self.name


COMMON_FIELDS = (
    Field("source", _text, default=""),
    Field("confidence", _confidence, default=1.0),
    Field("sensitivity", _enum(SENSITIVITIES), default="public"),
    Field("note", _text, default=""),
)
DATES = (Field("start", _date), Field("end", _date))


@dataclass(frozen=True, kw_only=True)
class Record:
    """What every record carries: evidence, confidence, sensitivity, extra properties."""

    kind_name: ClassVar[str] = ""
    source: str = ""
    confidence: float = 1.0
    sensitivity: str = "public"
    note: str = ""
    props: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)

    def key(self) -> str:
        """The identity under which the record is upserted."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data with the interchange column names."""
        out: dict[str, Any] = {}
        for f in SCHEMA[self.kind_name]:
            value = getattr(self, f.attribute)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        out.update(self.props)
        return out

    @property
    def start_day(self):  # noqa: ANN201 - date | None
        start = getattr(self, "start", None)
        return kgtime.first_day(start) if start else None

    def valid_on(self, day) -> bool:  # noqa: ANN001
        """Whether the record holds on ``day`` (records without dates always do)."""
        return kgtime.valid_on(getattr(self, "start", None), getattr(self, "end", None), day)


@dataclass(frozen=True, kw_only=True)
class Actor(Record):
    """A person or an organization."""

    kind_name: ClassVar[str] = "actor"
    id: str
    name: str
    kind: str
    org_type: str | None = None
    party: tuple[str, ...] = ()
    country: str | None = None
    track: str | None = None
    aliases: tuple[str, ...] = ()
    description: str = ""

    def key(self) -> str:
        return self.id


@dataclass(frozen=True, kw_only=True)
class Affiliation(Record):
    """member -> organization: membership, position, employment, leadership."""

    kind_name: ClassVar[str] = "affiliation"
    member: str
    organization: str
    role: str = ""
    official: bool = False
    start: str | None = None
    end: str | None = None

    def key(self) -> str:
        return compound_key("affiliation", self.member, self.organization, self.role, self.start or "")


@dataclass(frozen=True, kw_only=True)
class Tie(Record):
    """An undirected interpersonal relationship with a strength in [0, 1]."""

    kind_name: ClassVar[str] = "tie"
    a: str
    b: str
    kind: str
    strength: float = 0.5
    start: str | None = None
    end: str | None = None

    def key(self) -> str:
        lo, hi = sorted((self.a, self.b))
        return compound_key("tie", lo, hi, self.kind, self.start or "")


@dataclass(frozen=True, kw_only=True)
class Influence(Record):
    """from -> to: advises, access, commands, funds, public_voice; weight in [0, 1]."""

    kind_name: ClassVar[str] = "influence"
    from_: str
    to: str
    kind: str
    weight: float = 0.5
    start: str | None = None
    end: str | None = None

    def key(self) -> str:
        return compound_key("influence", self.from_, self.to, self.kind, self.start or "")


@dataclass(frozen=True, kw_only=True)
class Event(Record):
    """A meeting, workshop or round of talks."""

    kind_name: ClassVar[str] = "event"
    id: str
    name: str
    start: str | None = None
    end: str | None = None
    location: str = ""
    track: str | None = None
    process: str = ""

    def key(self) -> str:
        return self.id


@dataclass(frozen=True, kw_only=True)
class Participation(Record):
    """actor -> event, as participant, facilitator, observer or host."""

    kind_name: ClassVar[str] = "participation"
    actor: str
    event: str
    role: str = "participant"
    start: str | None = None
    end: str | None = None

    def key(self) -> str:
        return compound_key("participation", self.actor, self.event, self.role)


@dataclass(frozen=True, kw_only=True)
class Restriction(Record):
    """A rule that makes ``group`` non-engageable for officials or nationals of a state."""

    kind_name: ClassVar[str] = "restriction"
    group: str
    jurisdiction: str
    kind: str
    scope: str
    start: str | None = None
    end: str | None = None

    def key(self) -> str:
        return compound_key("restriction", self.group, self.jurisdiction, self.kind, self.scope, self.start or "")


SCHEMA: dict[str, tuple[Field, ...]] = {
    "actor": (
        Field("id", _ident, required=True), Field("name", _ident, required=True),
        Field("kind", _enum(ACTOR_KINDS), required=True), Field("org_type", _enum(ORG_TYPES)),
        Field("party", _list, default=()), Field("country", _country), Field("track", _track),
        Field("aliases", _list, default=()), Field("description", _text, default=""),
    ) + COMMON_FIELDS,
    "affiliation": (
        Field("member", _ident, required=True), Field("organization", _ident, required=True),
        Field("role", _text, default=""), Field("official", _bool, default=False),
    ) + DATES + COMMON_FIELDS,
    "tie": (
        Field("a", _ident, required=True), Field("b", _ident, required=True),
        Field("kind", _enum(TIE_KINDS), required=True), Field("strength", _unit, default=0.5),
    ) + DATES + COMMON_FIELDS,
    "influence": (
        Field("from", _ident, required=True, attr="from_"), Field("to", _ident, required=True),
        Field("kind", _enum(INFLUENCE_KINDS), required=True), Field("weight", _unit, default=0.5),
    ) + DATES + COMMON_FIELDS,
    "event": (
        Field("id", _ident, required=True), Field("name", _ident, required=True),
    ) + DATES + (
        Field("location", _text, default=""), Field("track", _track),
        Field("process", _text, default=""),
    ) + COMMON_FIELDS,
    "participation": (
        Field("actor", _ident, required=True), Field("event", _ident, required=True),
        Field("role", _enum(PARTICIPATION_ROLES), default="participant"),
    ) + DATES + COMMON_FIELDS,
    "restriction": (
        Field("group", _ident, required=True), Field("jurisdiction", _jurisdiction, required=True),
        Field("kind", _enum(RESTRICTION_KINDS), required=True),
        Field("scope", _enum(RESTRICTION_SCOPES), required=True),
    ) + DATES + COMMON_FIELDS,
}

CLASSES: dict[str, type[Record]] = {
    "actor": Actor, "affiliation": Affiliation, "tie": Tie, "influence": Influence,
    "event": Event, "participation": Participation, "restriction": Restriction,
}
KINDS = tuple(CLASSES)
# Nodes before relationships: the order loads write in.
LOAD_ORDER = ("actor", "event", "affiliation", "tie", "influence", "participation", "restriction")
# The plural names used by files, stats and stores.
PLURAL = {"actor": "actors", "affiliation": "affiliations", "tie": "ties",
          "influence": "influence", "event": "events", "participation": "participation",
          "restriction": "restrictions"}
FILES = {f"{PLURAL[k]}.csv": k for k in KINDS}
# Endpoints of each relationship: (field, what it must name).
ENDPOINTS: dict[str, tuple[tuple[str, str], ...]] = {
    "affiliation": (("member", "actor"), ("organization", "actor")),
    "tie": (("a", "actor"), ("b", "actor")),
    "influence": (("from_", "actor"), ("to", "actor")),
    "participation": (("actor", "actor"), ("event", "event")),
    "restriction": (("group", "actor"),),
}


def parse_record(kind: str, row: dict[str, Any]) -> Record:
    """Validate one row of ``kind`` and return its record.

    ``row`` maps column names to raw values (strings from CSV, or JSON values).
    Columns not in the schema are kept in ``props`` when non-empty. Raises
    :class:`RecordError` naming the first bad field.
    """
    if kind not in SCHEMA:
        raise RecordError(f'is "{kind}"; expected {_or_list(KINDS)}', field="type")
    values: dict[str, Any] = {}
    known = set()
    for f in SCHEMA[kind]:
        known.add(f.name)
        raw = row.get(f.name)
        empty = raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []
        if empty:
            if f.required:
                raise RecordError("is required but empty", field=f.name)
            values[f.attribute] = f.default
            continue
        try:
            values[f.attribute] = f.parse(raw)
        except ValueError as e:
            raise RecordError(str(e), field=f.name) from None
    props = {k: v for k, v in row.items()
             if k not in known and k != "type" and k is not None
             and v is not None and not (isinstance(v, str) and not v.strip())}
    record = CLASSES[kind](**values, props=props)
    _check_record(record)
    return record


def _check_record(r: Record) -> None:
    start, end = getattr(r, "start", None), getattr(r, "end", None)
    if start and end and kgtime.last_day(end) < kgtime.first_day(start):
        raise RecordError(f'"{end}" is before start "{start}"', field="end")
    if isinstance(r, Actor):
        if r.kind == "person" and r.org_type:
            raise RecordError(f'is "{r.org_type}" but the actor is a person; leave it empty',
                              field="org_type")
    if isinstance(r, Tie) and r.a == r.b:
        raise RecordError(f'ties "{r.a}" to itself', field="b")
    if isinstance(r, Affiliation) and r.member == r.organization:
        raise RecordError(f'affiliates "{r.member}" with itself', field="organization")


def record_from_dict(kind: str, data: dict[str, Any]) -> Record:
    """Rebuild a record from :meth:`Record.to_dict` output (as stores keep it)."""
    return parse_record(kind, data)


def replace(record: Record, **changes: Any) -> Record:
    """A copy of ``record`` with some fields changed."""
    return dataclasses.replace(record, **changes)
