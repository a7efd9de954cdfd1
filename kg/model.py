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
import functools
import json
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from kg import time as kgtime
from kg.errors import RecordError, RecordErrors
from kg.text import fold  # noqa: F401 - kept importable from kg.model (ingest uses it)

ORG_TYPES = ("government", "security_service", "intergovernmental", "armed_group",
             "political_party", "ngo", "academic", "religious", "media", "business",
             "civil_society", "other")
STATE_ORG_TYPES = frozenset({"government", "security_service", "intergovernmental"})
ACTOR_KINDS = ("person", "organization")
TRACKS = ("1", "1.5", "2", "3")
TIE_KINDS = ("family", "friendship", "professional", "classmates", "mentor", "dialogue",
             "communication", "hostile")
INFLUENCE_KINDS = ("advises", "access", "commands", "funds", "public_voice")
# (a signatory signs what the event agrees, a witness signs as one: a reader could not record the MoU's)
PARTICIPATION_ROLES = ("participant", "facilitator", "observer", "host", "signatory", "witness")
RESTRICTION_KINDS = ("legal", "political")
RESTRICTION_SCOPES = ("officials", "nationals")
SENSITIVITIES = ("public", "restricted", "confidential")
# two options that cannot be given together, on a map and an export alike
PUBLIC_ONLY_CONFLICT = ("--public-only leaves out restricted and confidential records; --include-confidential puts "
                        "confidential ones in: give one of them")


def sensitivity_level(public_only: bool = False, exclude_confidential: bool = False) -> int:
    """The most sensitive records an answer may use: 0 public, 1 restricted, 2 confidential."""
    return 0 if public_only else (1 if exclude_confidential else 2)
CONFIDENCE_WORDS = {"low": 0.3, "medium": 0.6, "high": 0.9}


# --- field types: each turns a raw value into a clean one or raises ValueError ---------
#
# What is accepted is what both stores can hold and give back unchanged (SQLite keeps the
# record's JSON, Neo4j its properties too): text without lone surrogates or NUL, ids without
# control or invisible characters, dates a calendar has, ASCII digits, finite numbers,
# integers within 64 bits.

INT64 = (-(2**63), 2**63 - 1)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
# Names a column may not take: the stores keep these beside the record's own fields, and Neo4j leaves those
# of them a record has no value for unset, where a column of the same name would have been read as the
# store's own value (tests/test_store_contract.py checks the list against kg.store.cypher).
RESERVED_COLUMNS = frozenset({"data", "key", "start_day", "end_day", "first_day", "last_day", "strength_prop"})


def _char_name(c: str) -> str:
    return f"U+{ord(c):04X}" + (f" {unicodedata.name(c)}" if unicodedata.name(c, "") else "")


def _check_chars(s: str, forbidden: frozenset[str], what: str) -> str:
    """``s`` unless it holds a character of a category in ``forbidden`` (or a lone surrogate, or NUL)."""
    if s.isprintable():  # the usual case, fast: no control, format, surrogate or separator character
        return s
    for c in s:
        cat = unicodedata.category(c)
        if cat == "Cs":
            raise ValueError(f"holds a broken character ({_char_name(c)}, half of a surrogate pair); "
                             "the text is not valid Unicode")
        allowed = what == "text" and c in "\t\n\r"
        if cat == "Cn" and (0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE):
            raise ValueError(f"holds a noncharacter ({_char_name(c)}), which no text file may carry (GraphML and "
                             "GEXF exports could not be read back); remove it")
        if c == "\x00" or (cat in forbidden and not allowed):
            raise ValueError(f"holds a control or invisible character ({_char_name(c)}); "
                             f"{what} must be plain text")
    return s


def _shown(s: str, limit: int = 40) -> str:
    """A value as quoted in a message: cut short when long."""
    return s if len(s) <= limit else s[:limit] + f"... ({len(s):,} characters)"


# the longest text a value may hold, in characters: what a CSV cell holds when read back (ingest reads cells
# of up to 16 MiB, 16,777,216 characters), so that an export of any store loads back
TEXT_LIMIT = 16_000_000


# what a JSON number beyond a float's range reads as (1e400 is inf): said as the number it was, not as "inf",
# which the file does not hold (an adversary)
TOO_LARGE = ("is a number too large to be held (beyond ±1.8e308, the largest a number may be); write a smaller "
             "one, or the number as text")


def _too_large(v: Any) -> bool:
    return isinstance(v, float) and math.isinf(v)


def _scalar(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        raise ValueError("expected text, got a JSON " + ("object" if isinstance(v, dict) else "array"))
    if _too_large(v):
        raise ValueError(TOO_LARGE)
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError(f"is {v}; expected text")
    if isinstance(v, bool):  # as the JSON file spells it, not as Python does
        return "true" if v else "false"
    s = str(v).strip()
    if len(s) > TEXT_LIMIT:
        raise ValueError(f"is {len(s):,} characters long; a value holds at most {TEXT_LIMIT:,} (keep a longer "
                         "text in a document the record's source names)")
    return s


def _text(v: Any) -> str:
    """Free text: tabs and line breaks allowed, other control characters not."""
    return _check_chars(_scalar(v), frozenset({"Cc"}), "text")


def _line(v: Any) -> str:
    """One line of text (a name, a list item): no control characters at all."""
    return _check_chars(_scalar(v), frozenset({"Cc"}), "a name")


def _ident(v: Any) -> str:
    """An id or an endpoint: no control, invisible (format) or line-separator characters."""
    s = _check_chars(_scalar(v), frozenset({"Cc", "Cf", "Zl", "Zp"}), "an id")
    if not s:
        raise ValueError("is empty")
    return s


# what makes two ids look the same besides Unicode's composition: a space of another width, a hyphen of
# another code (non-breaking, minus), full-width letters, Cyrillic and Greek letters that look Latin
_ID_LOOK = {**{c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
               "\u2009\u200a\u202f\u205f\u3000"},
            **{c: "-" for c in "\u2010\u2011\u2012\u2043\u2212\ufe63\uff0d"},
            **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
            **dict(zip("АВЕКМНОРСТХІЈЅУаеорсухіјѕΑΒΕΖΗΙΚΜΝΟΡΤΥΧοικνρτυχ",
                       "ABEKMHOPCTXIJSYaeopcyxijsABEZHIKMNOPTYXoikvptux", strict=True)),
            # ligatures and the Arabic letters' presentation forms (text copied from a PDF): as NFKC reads them
            **{chr(c): unicodedata.normalize("NFKC", chr(c))
               for c in (*range(0xFB00, 0xFB07), *range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00))
               if unicodedata.normalize("NFKC", chr(c)) != chr(c)}}
_ID_LOOK_TABLE = str.maketrans(_ID_LOOK)


def id_look(text: str) -> str:
    """How an id looks to the eye: two ids that look the same have the same look, whatever Unicode
    characters write them (an accent composed or decomposed, a no-break, thin or doubled space, a
    non-breaking hyphen or a minus sign, full-width letters, a Cyrillic letter that looks Latin, the
    Kelvin sign for K). Ingest refuses a second id of the same look: stored as given, one actor would
    be two. Ids that look different stay apart ("m2" and "m²", "ix" and "ⅸ").

    >>> id_look("jane\u00a0doe") == id_look("jane  doe") == "jane doe", id_look("\uff30\uff2c\uff2f")
    (True, 'PLO')
    >>> id_look("zoe\u0308") == id_look("zo\u00eb"), id_look("Jane Doe") == id_look("jane doe")
    (True, False)
    >>> id_look("c\u2011d"), id_look("\u0430lice"), id_look("m\u00b2") == id_look("m2")
    ('c-d', 'alice', False)
    >>> arabic = "\u0645\u062d\u0645\u062f"
    >>> id_look("\u0406RA"), id_look("\ufb01nance"), id_look("\ufee3\ufea4\ufee4\ufeaa") == id_look(arabic)
    ('IRA', 'finance', True)
    """
    if text.isascii() and "  " not in text:
        return text
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).translate(_ID_LOOK_TABLE)).strip()


def _name(v: Any) -> str:
    s = _line(v)
    if not s:
        raise ValueError("is empty")
    return s


def _enum(choices: Iterable[str]) -> Callable[[Any], str]:
    options = tuple(choices)

    def parse(v: Any) -> str:
        s = _text(v).lower()
        if s not in options:
            import difflib

            near = difflib.get_close_matches(s, options, n=1, cutoff=0.75)  # ("profesional": professional)
            hint = f' (did you mean "{near[0]}"?)' if near else ""
            raise ValueError(f'is "{_shown(_scalar(v))}"; expected {_or_list(options)}{hint}')
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
    raise ValueError(f'is "{_shown(_scalar(v))}"; expected true or false')


def _number(v: Any) -> float:
    """A finite number: a JSON number, or text of ASCII digits (a decimal comma is read as a point)."""
    if isinstance(v, bool):
        raise ValueError(f"is {str(v).lower()}")
    if isinstance(v, (int, float)):
        try:
            x = float(v)
        except OverflowError:
            raise ValueError("is a number too large") from None
    else:
        s = _scalar(v)
        if not _NUMBER.fullmatch(s) or s.count(",") + s.count(".") > 1:
            raise ValueError(f'is "{_shown(s)}"')
        x = float(s.replace(",", "."))
    if not math.isfinite(x):
        raise ValueError(TOO_LARGE.removesuffix(", or the number as text") if math.isinf(x)
                         else f"is {_shown(str(v))}")
    return x


def _unit(v: Any) -> float:
    try:
        x = _number(v)
    except ValueError as e:
        if str(e).startswith(TOO_LARGE[:30]):
            raise ValueError("is a number too large to be held; expected a number from 0 to 1") from None
        raise ValueError(f"{e}; expected a number from 0 to 1") from None
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"is {_shown(_scalar(v))}; expected a number from 0 to 1")
    return x


def _confidence(v: Any) -> float:
    if isinstance(v, str) and v.strip().lower() in CONFIDENCE_WORDS:
        return CONFIDENCE_WORDS[v.strip().lower()]
    try:
        return _unit(v)
    except ValueError:
        shown = "a number too large to be held" if _too_large(v) else f'"{_shown(_scalar(v))}"'
        raise ValueError(f"is {shown}; expected a number from 0 to 1, or low, medium or high") from None


def _date(v: Any) -> str:
    return kgtime.check(_line(v))


def _list(v: Any) -> tuple[str, ...]:
    if isinstance(v, list):
        items = [_line(x) for x in v]
        if any(";" in x for x in items):  # a CSV cell would split it in two
            raise ValueError('has an item holding ";", which separates the items of a list in CSV; split it '
                             "into two items")
    else:
        items = _line(v).split(";")
    return tuple(x.strip() for x in items if x.strip())


def _country(v: Any) -> str:
    """An ISO 3166-1 alpha-3 code, or a person's several nationalities separated by ";" (``GBR;IRL``: a
    ban on the nationals of either binds them; a truth reader could not enter John Hume's)."""
    s = _line(v)
    codes = [c.strip() for c in s.split(";")] if ";" in s else [s]
    if not all(re.fullmatch(r"[A-Za-z]{3}", c) for c in codes):
        # (an EU service was given "EU", a truth reader: the format wants it empty, and said nothing of it)
        # (and a person of the EU or the UN has a nationality: the hint said "leave it empty" to one, a reader)
        eu = ("; the EU and the UN are no country: leave it empty for a body of theirs, and give a person's "
              "nationality (an EU official from Belgium: BEL)" if any(c.upper() in SUPRANATIONAL
                                                                                   for c in codes) else "")
        raise ValueError(f'is "{_shown(s)}"; expected an ISO 3166-1 alpha-3 code such as ISR or NOR (a person of '
                         f'several nationalities: the codes separated by ";", such as GBR;IRL){eu}')
    return ";".join(dict.fromkeys(c.upper() for c in codes))


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
    s = _line(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        s = f"{v:g}"
    if s == "1,5":  # a decimal comma, as numbers are read elsewhere
        s = "1.5"
    if s not in TRACKS:
        raise ValueError(f'is "{_shown(s)}"; expected {_or_list(TRACKS)}')
    return s


def compound_key(*parts: str) -> str:
    """The key of a relationship record: its parts as a compact JSON array.

    JSON escapes every character that could end a part, so two different lists of
    parts never give the same key, whatever characters ids contain (a ``|`` in an id
    no longer collides, as it did with keys joined by ``|``).

    >>> compound_key("tie", "a|b", "c") != compound_key("tie", "a", "b|c")
    True
    """
    if parts and _KEY_ESCAPED.search("".join(parts)) is None:  # nothing JSON escapes: the same text, at once
        return '["' + '","'.join(parts) + '"]'
    return _KEY_JSON(parts)


_KEY_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # one encoder, not one per key
_KEY_ESCAPED = re.compile(r'[\x00-\x1f"\\\ud800-\udfff]')  # what the encoder writes otherwise than as is


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


def _actor_end(v: Any) -> str:
    """An actor's end: a date, said so when it is none (a column "end" of other text, kept as an extra property
    before actors had an end, a second reader)."""
    try:
        return _date(v)
    except ValueError as e:
        raise ValueError(f"{e} (an actor's end is its last day: a death, a dissolution; give other text a column "
                         "of another name)") from None


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
        """The identity under which the record is upserted (computed once, then kept)."""
        found = self.__dict__.get("_key")
        if found is None:
            found = self.__dict__["_key"] = self._key()
        return found

    def _key(self) -> str:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data with the interchange column names."""
        names, values, lists = _AS_DICT[self.kind_name]
        out = dict(zip(names, values(self), strict=True))
        for name in lists:  # the fields parsed by _list hold tuples
            out[name] = list(out[name])
        for name in _UNWRITTEN_WHEN_EMPTY.get(self.kind_name, ()):
            if out[name] is None:
                del out[name]
        if self.props:
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
    end: str | None = None  # its last day: a person's death, a body's dissolution (None: still there)

    def _key(self) -> str:
        return self.id

    @property
    def countries(self) -> tuple[str, ...]:
        """Every state the actor is of: a person's nationalities (``country`` "GBR;IRL"), a body's state."""
        return tuple(self.country.split(";")) if self.country else ()


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

    def _key(self) -> str:
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

    def _key(self) -> str:
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

    def _key(self) -> str:
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

    def _key(self) -> str:
        return self.id


@dataclass(frozen=True, kw_only=True)
class Participation(Record):
    """actor -> event, as participant, facilitator, observer, host, signatory or witness."""

    kind_name: ClassVar[str] = "participation"
    actor: str
    event: str
    role: str = "participant"
    start: str | None = None
    end: str | None = None

    def _key(self) -> str:
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

    def _key(self) -> str:
        return compound_key("restriction", self.group, self.jurisdiction, self.kind, self.scope, self.start or "")


SCHEMA: dict[str, tuple[Field, ...]] = {
    "actor": (
        Field("id", _ident, required=True), Field("name", _name, required=True),
        Field("kind", _enum(ACTOR_KINDS), required=True), Field("org_type", _enum(ORG_TYPES)),
        Field("party", _list, default=()), Field("country", _country), Field("track", _track),
        Field("aliases", _list, default=()), Field("description", _text, default=""), Field("end", _actor_end),
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
        Field("id", _ident, required=True), Field("name", _name, required=True),
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
    Columns not in the schema are kept in ``props`` when non-empty (see
    :func:`parse_extra`). Raises :class:`RecordError` naming the field, or
    :class:`~kg.errors.RecordErrors` listing every problem of the row at once,
    in the row's column order.

    >>> try:
    ...     parse_record("tie", {"a": "x", "b": "", "kind": "pals", "strength": "２"})
    ... except RecordError as e:
    ...     print("\\n".join(p.describe() for p in e.each()))
    b: is required but empty
    kind: is "pals"; expected family, friendship, professional, classmates, mentor, dialogue, communication or hostile
    strength: is "２"; expected a number from 0 to 1
    """
    if kind not in SCHEMA:
        raise RecordError(f'is "{kind}"; expected {_or_list(KINDS)}', field="type")
    values: dict[str, Any] = {}
    problems: list[RecordError] = []
    known = _KNOWN[kind]
    for f, name, attribute, cache in _FIELDS[kind]:
        raw = row.get(name)
        if type(raw) is str:  # most cells repeat a cell parsed before (see _parse): no call for them
            hit = cache.get(raw)
            if hit is not None:
                if hit[0]:
                    values[attribute] = hit[1]
                else:
                    problems.append(RecordError(hit[1], field=name))
                continue
        if raw is None or raw == "" or (type(raw) is str and raw.isspace()) or raw == []:
            if f.required:
                problems.append(RecordError("is required but empty", field=name))
            values[attribute] = f.default
            continue
        try:
            values[attribute] = _parse(f, raw)
        except ValueError as e:
            problems.append(RecordError(str(e), field=name))
    props: dict[str, Any] = {}
    for k, v in (() if row.keys() <= known else row.items()):  # (the usual row: only listed columns)
        if k in known or k is None or _is_empty(v) or (k == "type" and isinstance(v, str)
                                                       and v.strip().lower() == kind):
            continue  # (a JSON Lines record's "type" names its kind)
        if k == "type":
            problems.append(RecordError(f'is "{_shown(str(v))}": the column name "type" is kept (it names the '
                                        "kind of a record in JSON Lines); rename the column", field="type"))
            continue
        try:
            name = _column_name(k)
            if name != k and name in known:  # ("sensitivity " as a JSON key: it is not that the name reads as another)
                where = ("start and end" if k[0].isspace() and k[-1].isspace()
                         else "start" if k[0].isspace() else "end")
                raise ValueError(f'is a column "{name}" with a space at its {where}: its values would be kept as an '
                                 f'extra property, not read as the {name}; name it "{name}", without the space')
            _not_a_lookalike(name, known)
            # the column it means, of those the row does not have (beside the listed one, it is another column)
            meant = next((m for m in _meant_columns(kind, name) if m not in row), None)
            if meant is not None:
                raise ValueError(_misnamed(kind, name, meant))
            _no_sensitivity_word(name, v, kind)
            if name in props or name in known or name == "type":  # a CSV header would name it twice (or "type")
                raise ValueError(f'is the column "{name}" once its spaces are trimmed, as another one is; '
                                 "give each column one name")
            props[name] = parse_extra(v)
        except ValueError as e:
            problems.append(RecordError(str(e), field=_shown_column(k)))
    if not problems:
        # the record as CLASSES[kind](**values, props=props) makes it (every field has its value, in the
        # order the dataclass sets them), without the frozen dataclass's object.__setattr__ per field
        record = _NEW(CLASSES[kind])
        values["props"] = props
        record.__dict__.update({a: values[a] for a in _INIT_ORDER[kind]})
        problems = _check_record(record) + _key_size(record)
        if not problems:
            return record
    order = {(_shown_column(k) if k not in known else k): i for i, k in enumerate(row) if k is not None}
    problems.sort(key=lambda p: order.get(p.field or "", len(order)))
    raise problems[0] if len(problems) == 1 else RecordErrors(problems)


# Fields added after stores were written, left out of a record's data when empty: the data (and so its
# digest) of every record that does not give them is what it was before them (an actor's end, added in 0.3:
# a store of 0.2 reloads "unchanged", and an actor that gave an "end" column as an extra property then is read
# with that end)
_UNWRITTEN_WHEN_EMPTY = {"actor": ("end",)}
# Record.to_dict, per kind: the column names, one getter of every attribute, the columns holding lists
_AS_DICT = {k: (tuple(f.name for f in fields), operator.attrgetter(*(f.attribute for f in fields)),
                tuple(f.name for f in fields if f.parse is _list)) for k, fields in SCHEMA.items()}
_PARSED: dict[int, dict[str, tuple[bool, Any]]] = {id(f): {} for fields in SCHEMA.values() for f in fields}
_FIELDS = {k: [(f, f.name, f.attribute, _PARSED[id(f)]) for f in fields] for k, fields in SCHEMA.items()}
_KNOWN = {k: frozenset(f.name for f in fields) for k, fields in SCHEMA.items()}
# the attributes of each kind's record in the order its __init__ sets them (parse_record gives every one)
_INIT_ORDER = {k: tuple(f.name for f in dataclasses.fields(cls)) for k, cls in CLASSES.items()}
_NEW = object.__new__
assert all(set(_INIT_ORDER[k]) == {f.attribute for f in SCHEMA[k]} | {"props"} for k in SCHEMA)
_PARSED_LIMIT = 65_536  # cells remembered per column


def _parse(f: Field, raw: Any) -> Any:
    """``f.parse(raw)``, remembered for text cells: most cells of a column repeat (kinds, roles,
    dates, strengths, endpoints), and every parser is a pure function of the cell. An empty or
    blank cell is never remembered: parse_record takes a remembered cell for a filled one."""
    if type(raw) is not str or not raw or raw.isspace():
        return f.parse(raw)
    cache = _PARSED.setdefault(id(f), {})
    hit = cache.get(raw)
    if hit is None:
        try:
            hit = (True, f.parse(raw))
        except ValueError as e:
            hit = (False, str(e))
        if len(cache) >= _PARSED_LIMIT:
            cache.clear()
        cache[raw] = hit
    if hit[0]:
        return hit[1]
    raise ValueError(hit[1])


def _is_empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or v == []


def _shown_column(k: Any) -> str:
    return k if isinstance(k, str) and k.strip() else f'"{k}"'


def _letters(name: str) -> str:
    """A column name's letters as a reader sees them: case, width, spacing and accents aside, and
    letters that read as Latin ones (a dotless ı, a small capital ꜱ) read as those."""
    from anyascii import anyascii

    return re.sub(r"[\W_]+", "", anyascii(unicodedata.normalize("NFKC", name)).casefold())


@functools.lru_cache(maxsize=4096)
def _not_a_lookalike(name: str, known: frozenset[str]) -> None:
    """Refuse an extra column that a reader would take for a field of the record: "Sensitivity",
    "SENSITIVITY", "Org Type", or a name mixing Latin letters with Cyrillic or Greek ones that look
    alike ("Sensitivitу" with a Cyrillic у). Kept as an extra property, its value would not be read:
    a confidential record would load as public."""
    letters = _letters(name)
    for listed in sorted(known):
        if letters == _letters(listed):
            raise ValueError(f'is a column "{name}", which reads as "{listed}" but is not it: its values would '
                             f'be kept as an extra property, not read as the {listed}; name the column "{listed}"')
    scripts = {unicodedata.name(c, "?").split(" ")[0] for c in name if c.isalpha()}
    if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"}:
        others = " and ".join(sorted(x.title() for x in scripts - {"LATIN"}))
        raise ValueError(f'is a column "{name}" that mixes Latin letters with {others} ones that may look the '
                         "same; write the column name in one script")


# Words an extra column may be named by for a listed column it means (a translation, a synonym, the
# listed name with a word added: "confidentiality", "start_date", "Stärke"), by the column they mean:
# as the whole name or as one of its words. "strength" means a tie's strength, or an influence's weight.
_MEANT_WORDS = {
    "sensitivity": ("sensitivity", "sensitive", "sensitivities", "sensibility", "sensibilite", "sensibilidad",
                    "sensibilita", "sensibilitat", "confidentiality", "confidential", "confidentialite",
                    "confidencialidad", "vertraulichkeit", "classification", "classified",
                    "clearance", "secrecy", "secret", "visibility", "privacy", "tlp"),
    "confidence": ("confidence", "certainty", "reliability", "credibility", "confiance", "confianza",
                   "fiabilite", "zuverlassigkeit", "verlasslichkeit"),
    "strength": ("strength", "weight", "intensity", "closeness", "starke", "gewicht", "poids", "fuerza"),
    "start": ("start", "started", "starts", "begin", "begins", "began", "beginning", "since", "startdate",
              "debut", "inicio", "desde", "beginn", "anfang", "commenced"),
    "end": ("end", "ends", "ended", "until", "till", "finish", "finished", "expiry", "expires", "enddate",
            "ende", "hasta"),
}
# ... and words too short or too common to read as such inside a longer name: only as the whole name
# (as _letters reads them)
_MEANT_NAMES = {"start": ("from", "von", "validfrom", "datefrom", "fromdate"),
                "end": ("to", "bis", "fin", "validto", "dateto", "todate", "validuntil")}
_MEANT_BY_WORD = {w: meant for meant, words in _MEANT_WORDS.items() for w in words}
_MEANT_BY_NAME = {w: meant for meant, words in _MEANT_NAMES.items() for w in words}
# an extra column a record kind reads all the same (docs/data-format.md): an affiliation's strength
READ_EXTRAS = {"affiliation": frozenset({"strength"})}
# the values of a sensitivity other than the default: in an extra column, whatever its name, they would
# not keep the record out of exports
_SENSITIVE_WORDS = frozenset({"restricted", "confidential"})


def _words(name: str) -> list[str]:
    """A column name's words, as :func:`_letters` reads each: split at anything not a letter or digit
    and where a lower-case letter meets a capital ("startDate": start, date)."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return [w for w in (_letters(part) for part in re.split(r"[\W_]+", spaced)) if w]


def misnamed_column(kind: str, column: str, header: Iterable[str]) -> str | None:
    """What is wrong with ``column`` of a header of ``kind`` records, as :func:`parse_record` says it of a
    row that fills it: a column a reader would take for a listed one ("Sensitivity", "sensitivty",
    "confidentiality" for sensitivity, the header not having it); else None. A file with a header is refused
    once, for its header, not for each row (every row of a sheet with a "Notes" column was refused, a line
    each)."""
    if not isinstance(column, str) or not column.strip() or column in _KNOWN[kind]:
        return None
    name = column.strip()
    if column in RESERVED_COLUMNS:
        return None  # (the row's check says the store keeps the name for its own use)
    present = {h.strip() for h in header if isinstance(h, str)}
    try:
        if name != column and name in _KNOWN[kind]:
            return None  # (a listed name with spaces around it: the row's check says it, with its own words)
        _not_a_lookalike(name, _KNOWN[kind])
    except ValueError as e:
        return str(e)
    meant = next((m for m in _meant_columns(kind, name) if m not in present), None)
    return None if meant is None else _misnamed(kind, name, meant)


def _misnamed(kind: str, name: str, meant: str) -> str:
    """What is said of an extra column ``name`` a reader would take for the listed column ``meant``."""
    article = "an" if kind[0] in "aeiou" else "a"
    return (f'is a column "{name}", which {article} {kind} does not have: its values would be kept as an extra '
            f"property, not read as the {meant}; did you mean \"{meant}\"? rename it \"{meant}\" (or, if it means "
            "something else, give it a name of its own)")


@functools.lru_cache(maxsize=4096)
def _meant_columns(kind: str, name: str) -> tuple[str, ...]:
    """The listed columns of ``kind`` an extra column ``name`` may mean, likeliest first, when a reader would
    take it for one: spelt nearly as it ("sensitivty", "sensitivité", "strenght", "confidance",
    "org_typ"), a translation or synonym of a column whose value decides what an answer or an export
    holds ("confidentiality", "classification", "start_date", "from", "weight" on a tie), or that
    column's name with a word added ("sensitivity_level"). None for a listed name plus a word of its own
    ("x_note", "party_leader"). Kept as an extra property, its value would be read as nothing. (The row
    decides which one it means: one it does not have; see parse_record.)"""
    import difflib

    fields = _KNOWN[kind] | READ_EXTRAS.get(kind, frozenset())
    if name in fields:
        return ()
    found: list[str] = []

    def add(meant: str) -> None:
        if meant == "strength":  # a tie's strength is an influence's weight
            meant = "strength" if "strength" in fields else "weight" if "weight" in fields else ""
        if meant in fields and meant not in found:
            found.append(meant)

    letters = _letters(name)
    words = _words(name)
    if letters in _MEANT_BY_NAME:
        add(_MEANT_BY_NAME[letters])
    for w in words:  # a word of the name that means a column reading whose value matters
        meant = _MEANT_BY_WORD.get(w)
        if meant is None and len(w) >= 5:
            close = difflib.get_close_matches(w, list(_MEANT_BY_WORD), n=1, cutoff=0.85)
            meant = _MEANT_BY_WORD[close[0]] if close else None
        if meant is not None:
            add(meant)
    if len(words) > 1 and any(w in fields for w in words):
        return tuple(found)  # a listed name with a word of its own added: another column
    by_letters = {_letters(f): f for f in sorted(fields)}
    for near in difflib.get_close_matches(letters, list(by_letters), n=len(by_letters), cutoff=0.85):
        add(by_letters[near])
    return tuple(found)


def _no_sensitivity_word(name: str, v: Any, kind: str) -> None:
    """Refuse an extra column's value that is a sensitivity other than public ("confidential" under
    "classification", "level" or any name): kept as an extra property it would not keep the record out
    of exports, and the record would load as public."""
    for x in v if isinstance(v, list) else (v,):
        if type(x) is str and len(x) >= 10 and x.strip().lower() in _SENSITIVE_WORDS:
            raise ValueError(f'is "{x.strip()}", a sensitivity, in the column "{name}", which is not the '
                             f"sensitivity: kept as an extra property, it would not keep the {kind} out of exports "
                             'and the record would load as public; did you mean "sensitivity"? rename it '
                             '"sensitivity" (or, if the column means something else, word its value otherwise)')


def _column_name(k: Any) -> str:
    if not isinstance(k, str) or not k.strip():
        raise ValueError("a column with no name holds a value; name the column or empty its cells")
    _check_chars(k, frozenset({"Cc", "Cf", "Zl", "Zp"}), "a column name")
    if k in RESERVED_COLUMNS:
        raise ValueError(f'the column name "{k}" is kept for the store\'s own use; rename the column')
    return k.strip()


def parse_extra(v: Any) -> Any:
    """An extra column's value, as both stores can hold it: text, true/false, a 64-bit integer,
    a finite number, or a list of texts. Raises ValueError saying what is wrong otherwise.

    >>> parse_extra(2**63 - 1), parse_extra(["a", "b"]), parse_extra(" x ")
    (9223372036854775807, ['a', 'b'], 'x')
    """
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        if not INT64[0] <= v <= INT64[1]:
            raise ValueError(f"is an integer of {len(str(abs(v)))} digits; integers must fit in 64 bits "
                             "(from -9223372036854775808 to 9223372036854775807); write it as text")
        return v
    if isinstance(v, float):
        if _too_large(v):
            raise ValueError(TOO_LARGE)
        if not math.isfinite(v):
            raise ValueError(f"is {v}; numbers must be finite")
        return v
    if isinstance(v, str):
        return _text(v)
    if isinstance(v, list):
        if all(isinstance(x, str) for x in v):
            return [_line(x) for x in v]
        raise ValueError("is a list holding more than texts; an extra column's list may only hold texts")
    if isinstance(v, dict):
        raise ValueError("is a JSON object; an extra column holds text, a number, true/false or a list "
                         "of texts")
    raise ValueError(f"is a {type(v).__name__}; expected text, a number, true/false or a list of texts")


def check_props(r: Record) -> None:
    """Raise ValueError naming the record and the column if one of its extra properties is one a
    dataset could not have given (:func:`parse_extra`): what a store refuses to write, so that what
    it holds can be read back. Ingest checks them as it reads; this guards records built in Python."""
    for k, v in r.props.items():
        try:
            if _column_name(k) != k:
                raise ValueError("has spaces around its name")
            if parse_extra(v) != v:
                raise ValueError("is not as a dataset gives it (spaces around a text, or a list of lists)")
        except ValueError as e:
            raise ValueError(f"{r.kind_name} {r.key()}: the extra property {k!r} {e}") from None


KEY_BYTES = 4000  # a record's key, in UTF-8: Neo4j indexes a property of at most about 8 KB, so both stores hold it


def _key_size(r: Record) -> list[RecordError]:
    """A key too long for both stores to index (an id or role of thousands of characters): the
    embedded store took it and Neo4j refused the whole batch (found by a store parity fuzzer). Only
    what is loaded is checked: a store that holds such a record still reads it."""
    key = r.key()
    if len(key) * 4 <= KEY_BYTES or len(key.encode("utf-8")) <= KEY_BYTES:
        return []
    parts = {f: v for f, v in ((f, getattr(r, f, None)) for f in _KEY_FIELDS.get(r.kind_name, ()))
             if isinstance(v, str)}
    longest = max(parts, key=lambda f: len(parts[f].encode("utf-8")), default="id")
    return [RecordError(f"makes the record's key {len(key.encode('utf-8')):,} bytes long; at most {KEY_BYTES:,} "
                        f"(Neo4j indexes no longer one): shorten it", field=longest.rstrip("_"))]


_KEY_FIELDS = {"actor": ("id",), "event": ("id",), "affiliation": ("member", "organization", "role", "start"),
               "tie": ("a", "b", "kind", "start"), "influence": ("from_", "to", "kind", "start"),
               "participation": ("actor", "event", "role"),
               "restriction": ("group", "jurisdiction", "kind", "scope", "start")}


def _check_record(r: Record) -> list[RecordError]:
    problems = []
    start, end = getattr(r, "start", None), getattr(r, "end", None)
    if start and end and kgtime.last_day(end) < kgtime.first_day(start):
        problems.append(RecordError(f'"{end}" is before start "{start}"', field="end"))
    if isinstance(r, Actor):
        if r.kind == "person" and r.org_type:
            problems.append(RecordError(f'is "{r.org_type}" but the actor is a person; leave it empty',
                                        field="org_type"))
        if r.kind != "person" and len(r.countries) > 1:
            problems.append(RecordError(f'is "{r.country}"; an organization is of one state: give one code '
                                        "(several are a person's nationalities)", field="country"))
    if isinstance(r, Tie) and r.a == r.b:
        problems.append(RecordError(f'ties "{r.a}" to itself', field="b"))
    if isinstance(r, Affiliation) and r.member == r.organization:
        problems.append(RecordError(f'affiliates "{r.member}" with itself', field="organization"))
    if isinstance(r, Affiliation) and r.props.get("strength") not in (None, ""):
        try:  # (an extra column the co-membership strength reads: out of range, it was dropped unsaid)
            _unit(r.props["strength"])
        except ValueError as e:
            problems.append(RecordError(f"{e} (how strongly the member is tied to the organization; leave it "
                                        "empty for the default)", field="strength"))
    if isinstance(r, Influence) and r.from_ == r.to:
        problems.append(RecordError(f'has "{r.from_}" influence itself', field="to"))
    return problems



def record_from_dict(kind: str, data: dict[str, Any]) -> Record:
    """Rebuild a record from :meth:`Record.to_dict` output (as stores keep it).

    What a store gives back was validated when it was written, so each value is only checked to
    be of its field's type (and coded values, dates and numbers to be valid: cached checks); a value
    that is not (a store edited by other means) goes through the whole validation of
    :func:`parse_record`, which names what is wrong.
    """
    if not isinstance(data, dict):
        raise RecordError(f"holds a JSON {type(data).__name__}, not a record")
    try:
        return _stored_record(kind, data)
    except _NotAsStored:
        return parse_record(kind, data)


class _NotAsStored(Exception):
    pass


def _family(f: Field) -> str:
    if f.parse in (_unit, _confidence):
        return "unit"
    if f.parse is _bool:
        return "bool"
    if f.parse is _list:
        return "list"
    if f.parse in (_text, _line, _name, _ident):
        return "text"
    return "coded"  # enums, dates, countries, tracks, jurisdictions: checked through the cached parser


_STORED = {k: [(f, f.name, f.attribute, _family(f)) for f in fields] for k, fields in SCHEMA.items()}


def _stored_record(kind: str, data: dict[str, Any]) -> Record:
    values: dict[str, Any] = {}
    for f, name, attribute, family in _STORED[kind]:
        values[attribute] = _stored_value(f, family, data.get(name))
    known = _KNOWN[kind]
    props = {k: v for k, v in data.items() if k not in known and k != "type" and not _is_empty(v)}
    for k, v in props.items():
        if _checked(_column_name, k) != k or _checked(parse_extra, v) != v:
            raise _NotAsStored
    try:
        record = CLASSES[kind](**values, props=props)
    except TypeError:
        raise _NotAsStored from None
    if _check_record(record):  # an end before its start, a tie to itself ...
        raise _NotAsStored
    return record


def _stored_value(f: Field, family: str, v: Any) -> Any:
    """A field's value as a store keeps it, as the record holds it; _NotAsStored when validation
    would not have left it so."""
    if v is None or v == "" or v == []:
        if f.required:
            raise _NotAsStored
        return f.default
    t = type(v)
    if family == "text":
        if t is not str or _checked(f.parse, v) != v:
            raise _NotAsStored
    elif family == "unit":
        if (t is not float and t is not int) or not 0.0 <= v <= 1.0:
            raise _NotAsStored
        v = float(v)
    elif family == "bool":
        if t is not bool:
            raise _NotAsStored
    elif family == "list":
        if t is not list or not all(type(x) is str and x and _checked(_line, x) == x for x in v):
            raise _NotAsStored
        v = tuple(v)
    else:
        try:
            parsed = _parse(f, v)
        except ValueError:
            raise _NotAsStored from None
        if parsed != v:
            raise _NotAsStored
    return v


_STORED_BY_NAME = {k: {name: (f, family) for f, name, _attribute, family in fields} for k, fields in _STORED.items()}


@functools.lru_cache(maxsize=256)
def stored_values_check(kind: str, names: tuple[str, ...]) -> Callable[[Sequence[Any]], bool]:
    """What tells whether the values of the fields ``names`` of a stored ``kind`` record could be
    what validation left: of the field's type, and coded values (dates, kinds, levels), numbers and
    lists as :func:`record_from_dict` checks them (a text is not checked character by character);
    names that are not fields of ``kind`` (``key``, extra properties) are not checked. Made once
    per kind and list of names: a store calls it on every row it reads as values.

    >>> stored_values_check("tie", ("source", "start"))(("Corbin (1994)", "1993-01"))
    True
    >>> stored_values_check("tie", ("source",))((["x"],)), stored_values_check("tie", ("start",))(("bogus",))
    (False, False)

    A value found as stored is remembered with its type (a set takes True for 1; the check does not):

    >>> strength = stored_values_check("tie", ("strength",))
    >>> strength((1,)), strength((True,)), strength((1.0,)), strength((1.5,))
    (True, False, True, False)
    """
    fields = _STORED_BY_NAME[kind]
    texts: list[tuple[int, bool]] = []  # (position, required): only the type is checked
    others: list[tuple[int, Field, str]] = []
    for i, name in enumerate(names):
        entry = fields.get(name)
        if entry is None:
            continue
        if entry[1] == "text":
            texts.append((i, entry[0].required))
        else:
            others.append((i, entry[0], entry[1]))

    # the values found as stored, by position and type: most repeat (dates, kinds, roles, levels), and each
    # is checked by a pure function of them (the type too: True is 1 to a set, not to the check)
    passed: set[tuple[int, type, Any]] = set()
    plain = (str, float, int, bool)

    def check(values: Sequence[Any]) -> bool:
        for i, required in texts:
            v = values[i]
            if type(v) is not str and (v is not None or required):
                return False
        try:
            for i, f, family in others:
                v = values[i]
                t = type(v)
                if t in plain:
                    seen = (i, t, v)
                    if seen in passed:
                        continue
                    _stored_value(f, family, v)
                    if len(passed) >= _PARSED_LIMIT:
                        passed.clear()
                    passed.add(seen)
                else:
                    _stored_value(f, family, v)
        except _NotAsStored:
            return False
        return True

    return check


def _checked(parse: Callable[[Any], Any], v: Any) -> Any:
    """``parse(v)``, or a marker that never equals a stored value when it is refused."""
    try:
        return parse(v)
    except ValueError:
        return _REFUSED


_REFUSED = object()


def replace(record: Record, **changes: Any) -> Record:
    """A copy of ``record`` with some fields changed."""
    return dataclasses.replace(record, **changes)


R = TypeVar("R", bound="Record")


def trusted_maker(cls: type[R]) -> Callable[..., R]:
    """A constructor of ``cls`` for values a store has already validated (the typed columns of a
    projection): the same object as ``cls(**values)``, without the frozen dataclass's per-field
    ``object.__setattr__`` (a third of making 100,000 actors). Fields not given take their
    defaults; ``props`` is a new empty dict each time.

    >>> make = trusted_maker(Actor)
    >>> make(id="a", name="A", kind="person") == Actor(id="a", name="A", kind="person")
    True
    """
    defaults = {f.name: f.default for f in dataclasses.fields(cls)
                if f.default is not dataclasses.MISSING}
    names = {f.name for f in dataclasses.fields(cls)}
    required = {f.name for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING} - {"props"}
    new = object.__new__

    def make(**values: Any) -> R:
        if not required <= values.keys() or not values.keys() <= names:
            raise TypeError(f"{cls.__name__} needs {sorted(required)}, takes only {sorted(names)}")
        obj = new(cls)
        d = obj.__dict__
        d.update(defaults)
        d["props"] = {}
        d.update(values)
        return obj

    return make
