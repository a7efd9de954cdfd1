"""FollowTheMoney entity streams in and out, with the ``followthemoney`` package's own model.

OpenSanctions and Aleph publish their data as FollowTheMoney (FtM) entities,
one JSON object a line with ``id``, ``schema`` and ``properties``. Read with
:func:`read_ftm`, a stream becomes the rows of this tool's records:

=================================================  ==================================================
FtM schema (or any schema that extends it)          record
=================================================  ==================================================
Person                                              actor, ``kind`` person
LegalEntity, Organization, Company, PublicBody      actor, ``kind`` organization (``org_type`` below)
Membership, Employment, Directorship,
Representation                                      affiliation (source -> target of the FtM edge)
Occupancy                                           affiliation of the holder with the position's
                                                    organization (or with the position itself,
                                                    kept as an organization), ``official`` true
Family                                              tie ``family``
Associate                                           tie of the kind the relationship names when it
                                                    is one (``dialogue``, as kg export writes it),
                                                    else ``friendship`` when it says friend, else
                                                    ``professional``
Ownership, Payment                                  influence ``funds``
UnknownLink (as kg export writes it)                a participation (to an event of the stream), an
                                                    influence or a tie, of the kind its role names
Event                                               event; its organizer and involved take part
                                                    (host, participant) where no participation
                                                    names the pair
Sanction (on an organization)                       restriction: ``legal``, scope ``nationals``
=================================================  ==================================================

The schema tests use the model's inheritance (``schema.is_a``), the edge ends
come from the schema (``edge_source`` / ``edge_target``) and countries are read
through FtM's country type, then turned into ISO 3166-1 alpha-3 with the
territory data FtM itself uses (``rigour``). Any other schema (Address,
Passport, Identification, Vessel...) is counted and skipped, not an error; so
is an edge whose end is an entity of such a schema. An entity with no ``name``
is named by a person's name parts joined, else its first alias, former name or
abbreviation; one with none of these is skipped, and so are the edges and
sanctions that name it.

A sanction's jurisdiction is its ``country``, ``EU`` when the country or the
authority is the European Union, ``UN`` when it is the Security Council. A
sanction becomes a restriction when the sanctioned entity is an organization
whose topics are a listing (``sanction``, ``sanction.counter``,
``crime.terror``) or that has no topics at all; a sanction on a person is
kept on the person (``sanctioned_by``), since restrictions name groups.
FtM dates may be partial (``2012``, ``2012-03``); they are kept as they are.
Every record's ``source`` cites the entity's datasets, its ``sourceUrl`` and
its FtM id.

:func:`to_ftm` is the way back: records out as FtM entities that
``model.get_proxy`` accepts.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from followthemoney import model, registry
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema
from rigour.territories import get_territory

from ingest.readers import FILE_NOTE, RawRow, parse_json_line
from kg import time as kgtime
from kg.errors import RecordError
from kg.model import (
    INFLUENCE_KINDS,
    ORG_TYPES,
    PARTICIPATION_ROLES,
    RESTRICTION_KINDS,
    RESTRICTION_SCOPES,
    TIE_KINDS,
    TRACKS,
    Actor,
    Affiliation,
    Event,
    Influence,
    Participation,
    Record,
    Restriction,
    Tie,
    parse_record,
)

# The file names an FtM stream usually has; a .json or .jsonl file is one too when its
# first object has "schema" and "properties".
FTM_SUFFIXES = (".ftm.json", ".ijson", ".ftm.jsonl")

# A sanction's provisions as kg export writes a restriction's kind and scope.
_OUR_PROVISION = re.compile(rf"({'|'.join(RESTRICTION_KINDS)}) restriction on ({'|'.join(RESTRICTION_SCOPES)})")
# Topics (FtM's topic type) that make a sanctioned organization a group one may not engage.
LISTING_TOPICS = frozenset({"sanction", "sanction.counter", "crime.terror"})
# How each kind of FtM edge becomes one of our records: the first schema the entity is_a wins.
AFFILIATION_SCHEMATA = ("Occupancy", "Membership", "Employment", "Directorship", "Representation")
TIE_SCHEMATA = ("Family", "Associate")
INFLUENCE_SCHEMATA = ("Ownership", "Payment")
DEFAULT_ROLES = {"Employment": "employee", "Directorship": "director", "Representation": "representative"}

EU_WORDS = ("european union", "council of the eu", "european council", "european commission")
UN_WORDS = ("security council", "united nations", "unsc")


def is_ftm_name(path: Path) -> bool:
    """Whether the file name alone says it is an FtM stream (``.ftm.json``, ``.ijson``)."""
    return path.name.lower().endswith(FTM_SUFFIXES)


def looks_like_ftm(path: Path) -> bool:
    """Whether the first JSON object of ``path`` is an FtM entity (``schema`` and ``properties``); a
    line that is not JSON is passed over (up to a few), so that one broken first line does not make
    every line of an FtM stream an error of another format."""
    tried = 0
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            for text in fh:
                if not text.strip():
                    continue
                try:
                    obj = json.loads(text)
                except (ValueError, RecursionError):
                    tried += 1
                    if tried >= FTM_SNIFF_LINES:
                        return False
                    continue
                return isinstance(obj, dict) and "schema" in obj and "properties" in obj and "type" not in obj
    except OSError:  # the reader says what is wrong
        return False
    return False


FTM_SNIFF_LINES = 5  # lines that are not JSON passed over when telling an FtM stream


# --- values ----------------------------------------------------------------------------

def iso3(code: str) -> str | None:
    """An FtM country code (``il``, ``gb-sct``...) as ISO alpha-3 (``ISR``), or None when it has none. A part of
    a country without a code of its own is its country's (Scotland's ``gb-sct``: GBR; an analyst found Scottish
    companies of sanctions data left with no country).

    >>> iso3("il"), iso3("de"), iso3("gb-sct"), iso3("eu"), iso3("zz")
    ('ISR', 'DEU', 'GBR', None, None)
    """
    territory = get_territory(code)
    while territory is not None and not getattr(territory, "alpha3", None):
        territory = getattr(territory, "parent", None)
    alpha3 = getattr(territory, "alpha3", None) if territory is not None else None
    return alpha3.upper() if alpha3 else None


def iso2(alpha3: str) -> str | None:
    """The FtM country code of an ISO alpha-3 code (the way out).

    >>> iso2("ISR"), iso2("NOR"), iso2("XYZ")
    ('il', 'no', None)
    """
    return _ISO2.get(alpha3.lower())


def _iso2_table() -> dict[str, str]:
    from rigour.territories import get_territories

    table: dict[str, str] = {}
    for t in get_territories():
        if t.alpha3 and t.is_ftm:
            table.setdefault(t.alpha3, t.code)
    return table


_ISO2 = _iso2_table()


def _date(values: Iterable[str], pick: Any) -> str | None:
    """One partial date out of FtM date values (``2012``, ``2012-03``, ``2012-03-04T10:00``).

    A value that is no date (``2020-02-30``) is given back as it is, for the record's validation to
    name: cut to ``2020-02`` it changed without a word, and an end dropped left a sanction open."""
    good = []
    for v in values:
        day = v.split("T", 1)[0].strip()
        try:
            good.append(kgtime.check(day))
        except ValueError:
            return day
    return pick(good, key=lambda d: (kgtime.first_day(d), len(d))) if good else None


def _clean_list(values: Iterable[str], exclude: str = "") -> list[str]:
    """Names for a list cell: no duplicates, none equal to ``exclude``, no ``;`` (the list separator)."""
    out: list[str] = []
    seen = {exclude.casefold()}
    for v in values:
        v = v.replace(";", ",").strip()
        if v and v.casefold() not in seen:
            seen.add(v.casefold())
            out.append(v)
    return out


def _first(proxy: EntityProxy, *props: str) -> str:
    for p in props:
        if p in proxy.schema.properties:
            for v in proxy.get(p):
                if v.strip():
                    return v.strip()
    return ""


def _countries(proxy: EntityProxy, *props: str, unknown: Counter[str] | None = None) -> list[str]:
    """ISO alpha-3 codes of the entity's country-typed properties, in the order of ``props``; the codes no
    country has are counted in ``unknown`` (left out, and said: an adversarial reader)."""
    found: list[str] = []
    for p in props:
        prop = proxy.schema.properties.get(p)
        if prop is None or prop.type != registry.country:
            continue
        for v in proxy.get(p):
            code = iso3(registry.country.clean(v) or v)
            if code and code not in found:
                found.append(code)
            elif not code and unknown is not None and v.strip():
                unknown[v.strip()[:40]] += 1
    return found


# --- reading ---------------------------------------------------------------------------

@dataclass
class _Entity:
    """What the mapping needs of one FtM entity: the proxy, where it was, and its citation."""

    proxy: EntityProxy
    line: int
    source: str
    opensanctions: bool


@dataclass
class _ActorEntity:
    """An actor of the stream, mapped as soon as read (the proxy is not kept: streams are large)."""

    line: int
    person: bool
    topics: frozenset[str]
    row: dict[str, Any] | None  # None: it has no name
    schema: str
    page: str  # its OpenSanctions page, when the stream is an OpenSanctions export


@dataclass
class FtMReading:
    """The state of one stream's mapping: entities kept for the second step, what was skipped."""

    label: str
    skipped: Counter[str] = field(default_factory=Counter)
    actors: dict[str, _ActorEntity] = field(default_factory=dict)
    positions: dict[str, _Entity] = field(default_factory=dict)
    edges: list[_Entity] = field(default_factory=list)
    sanctions: list[_Entity] = field(default_factory=list)
    other: dict[str, str] = field(default_factory=dict)  # id -> schema, of entities skipped
    full: set[str] = field(default_factory=set)  # ids read on a line of their own
    nested: set[str] = field(default_factory=set)  # ids read only nested in another entity so far
    unknown_countries: Counter[str] = field(default_factory=Counter)  # codes no country has, left out
    # edges and sanctions read nested, by id: their own line, when it comes later, takes their place
    nested_edges: dict[str, _Entity] = field(default_factory=dict)
    nested_sanctions: dict[str, _Entity] = field(default_factory=dict)
    # actors a sanction names that the stream does not hold but the store does (a later delta of a
    # source loaded before): id as named -> (a person?, topics, the id as stored)
    stored: dict[str, tuple[bool, frozenset[str], str]] = field(default_factory=dict)
    events: dict[str, _Entity] = field(default_factory=dict)  # Event entities, by id


def read_ftm(path: Path, label: str | None = None, skipped: Counter[str] | None = None,
             stored: Callable[[list[str]], dict[str, tuple[bool, frozenset[str], str]]] | None = None
             ) -> Iterator[RawRow | RecordError]:
    """The rows of an FtM entity stream, as records of this tool.

    ``skipped`` (when given) is filled with what was left out, by reason:
    ``"Address"`` (a schema the tool has no use for), ``"Sanction on a person"``...
    ``stored`` (when given) tells of the ids it is given which actors the store holds, as
    (a person?, topics, the id as stored, perhaps in another Unicode form): a sanction on one of them
    is read as on an actor of the stream.
    """
    label = label or path.name
    reading = FtMReading(label)
    try:
        with path.open("rb") as fh:
            for n, raw in enumerate(fh, start=1):
                try:  # line by line: one bad line is named at its line, and the others are read
                    text = raw.decode("utf-8-sig" if n == 1 else "utf-8")
                except UnicodeDecodeError as e:
                    yield RecordError(f"the line is not UTF-8 text (byte {e.start + 1} of the line); save the "
                                      "file as UTF-8", file=label, line=n)
                    continue
                if text.strip():
                    error = _take(reading, text, n)
                    if error is not None:
                        yield error
    except OSError as e:
        yield RecordError(f"the file cannot be read: {e.strerror}", file=label)
        return
    if stored is not None:
        wanted = {t for s in (*reading.sanctions, *reading.nested_sanctions.values()) for t in s.proxy.get("entity")
                  if t not in reading.actors and t not in reading.other}
        # and the entities of the stream with no name: one the store holds (a later file's fragment of it) is
        # the store's, its memberships and sanctions kept (a second reader: they were skipped with it)
        wanted |= {i for i, a in reading.actors.items() if a.row is None}
        if wanted:
            reading.stored = stored(sorted(wanted))
    yield from _rows(reading)
    if skipped is not None:
        skipped.update(reading.skipped)


def _take(reading: FtMReading, text: str, n: int) -> RecordError | None:
    """Read one line into ``reading``; a line that is not an FtM entity is an error placed at it."""
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError:
        try:  # the standard parser says where (and what: nesting too deep, a number too long ...)
            obj = parse_json_line(text)
        except ValueError as e:
            return RecordError(str(e), file=reading.label, line=n)
    if not isinstance(obj, dict):
        return RecordError("the line is not a JSON object", file=reading.label, line=n)
    return _take_entity(reading, obj, n)


def _take_entity(reading: FtMReading, obj: dict[str, Any], n: int, nested: bool = False) -> RecordError | None:
    if not obj.get("id"):
        return RecordError("the FtM entity has no id", field="id", file=reading.label, line=n)
    if not isinstance(obj["id"], str):
        return RecordError(f"the FtM entity's id is a JSON {type(obj['id']).__name__}, not text", field="id",
                           file=reading.label, line=n)
    entity_id = obj["id"]
    if nested and (entity_id in reading.full or entity_id in reading.nested):
        return None  # an entity nested in several others, or nested after its own line
    # an entity's own line after a nested copy of it (OpenSanctions nests a target in another before
    # its own line): read whole, what it adds to the copy kept, and not counted as given again
    own_line_after_copy = not nested and entity_id in reading.nested
    if nested:
        reading.nested.add(entity_id)
    else:
        reading.nested.discard(entity_id)
        reading.full.add(entity_id)
    if not obj.get("schema") or not isinstance(obj["schema"], str):
        return RecordError("the FtM entity has no schema (Person, Organization, Membership...)", field="schema",
                           file=reading.label, line=n)
    schema = model.get(obj["schema"])
    if schema is None and _schema_by_case().get(obj["schema"].strip().lower()):
        meant = _schema_by_case()[obj["schema"].strip().lower()]
        return RecordError(f'"{obj["schema"]}" is not an FtM schema: did you mean "{meant}"? (schema names are '
                           "written so)", field="schema", file=reading.label, line=n)
    if schema is None:  # a newer FtM than ours, or not FtM at all: counted, like a schema of no use
        reading.skipped[f'unknown schema "{obj.get("schema")}"'] += 1
        return None
    if not isinstance(obj.get("properties", {}), dict):
        return RecordError("is not a JSON object", field="properties", file=reading.label, line=n)
    error = None
    for child in _nested(schema, obj):  # OpenSanctions' nested export: adjacent entities inside properties
        error = _take_entity(reading, child, n, nested=True) or error
    category = _category(schema.name)
    if category is None:
        reading.skipped[schema.name] += 1
        reading.other[str(obj["id"])] = schema.name
        return error
    try:
        # cleaned=True: the values are taken as they are (FtM exports are clean already) and read
        # through their property types where used (countries, dates); unknown properties are dropped
        proxy = model.get_proxy({"id": obj["id"], "schema": schema.name,
                                 "properties": _strings(obj.get("properties") or {})}, cleaned=True)
    except (FollowTheMoneyException, TypeError, ValueError) as e:
        return RecordError(f"the FtM entity cannot be read: {e}", file=reading.label, line=n)
    opensanctions = "first_seen" in obj or "last_seen" in obj
    entity = _Entity(proxy, n, _citation(obj, proxy), opensanctions)
    if category == "actor":
        if entity_id in reading.actors:
            first = reading.actors[entity_id]
            copy_schema = model.get(first.schema)
            if first.person != schema.is_a("Person") and not nested and copy_schema is not None \
                    and (schema.is_a(copy_schema) or copy_schema.is_a(schema)):
                # a nested copy and the entity's own line, or two fragments of it (Aleph), of schemata one
                # of which extends the other (LegalEntity and Person): the more specific decides the kind,
                # as FtM's own merging does, and the other fills what it lacks
                own_decides = schema.is_a(copy_schema)
                person = schema.is_a("Person") if own_decides else first.person
                topics = first.topics | frozenset(_topics(proxy))
                mine = _actor(entity, _given_name(first.row), reading.unknown_countries)
                row = _merged(mine, first.row) if own_decides else _merged(first.row, mine)
                if row is not None:
                    row["kind"] = "person" if person else "organization"
                    if person:
                        row.pop("org_type", None)  # (a LegalEntity's topics can give one: a person has none)
                    if topics:
                        row["topics"] = "; ".join(sorted(topics))
                reading.actors[entity_id] = _ActorEntity(n, person, topics, row,
                                                         schema.name if own_decides else first.schema,
                                                         _entity_page(entity) or first.page)
                return error
            if first.person != schema.is_a("Person"):
                return RecordError(f'"{entity_id}" is used again (first at {reading.label}:{first.line}, as '
                                   f'{"a person" if first.person else "an organization"})', field="id",
                                   file=reading.label, line=n)
            # given again, or a fragment (Aleph streams give an entity in parts, some without a name): what
            # it adds is kept, its topics (a sanction listing) too
            first.row = _merged(first.row, _actor(entity, _given_name(first.row),
                                                  reading.unknown_countries))
            first.topics = first.topics | frozenset(_topics(proxy))
            if first.row is not None and first.topics:
                first.row["topics"] = "; ".join(sorted(first.topics))
            if copy_schema is not None and schema != copy_schema and schema.is_a(copy_schema):
                # the more specific schema names what it is (LegalEntity, then Company): an analyst found the
                # looser first one kept as ftm_schema, though the kind was the specific one's
                first.schema = schema.name
                if first.row is not None:
                    first.row["ftm_schema"] = schema.name
            if own_line_after_copy:
                first.line, first.schema, first.page = n, schema.name, _entity_page(entity) or first.page
            else:
                reading.skipped["entities given again (merged into the first)"] += 1
            return error
        row = _actor(entity, unknown=reading.unknown_countries)
        reading.actors[entity_id] = _ActorEntity(n, schema.is_a("Person"), frozenset(_topics(proxy)), row,
                                                 schema.name, _entity_page(entity))
    elif category == "position":
        reading.positions[entity_id] = entity
    elif category == "event":
        reading.events.setdefault(entity_id, entity)
    elif category == "sanction":
        if nested:
            reading.nested_sanctions[entity_id] = entity
        else:
            reading.nested_sanctions.pop(entity_id, None)
            reading.sanctions.append(entity)
    else:
        if nested:
            reading.nested_edges[entity_id] = entity
        else:
            reading.nested_edges.pop(entity_id, None)
            reading.edges.append(entity)
    return error


@cache
def _category(schema_name: str) -> str | None:
    """What an entity of this schema becomes: actor, position, sanction, edge, or None (skipped)."""
    schema = model.get(schema_name)
    if schema is None:
        return None
    if schema.is_a("LegalEntity"):
        return "actor"
    if schema.is_a("Position"):
        return "position"
    if schema.is_a("Sanction"):
        return "sanction"
    if any(schema.is_a(s) for s in AFFILIATION_SCHEMATA + TIE_SCHEMATA + INFLUENCE_SCHEMATA + ("UnknownLink",)):
        return "edge"
    if schema.is_a("Event"):
        return "event"
    return None


def _nested(schema: Schema, obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Entities nested in ``obj``'s properties, each given the link back to ``obj`` that the
    property's reverse (in the FtM model) says, when it lacks it, and ``obj``'s datasets."""
    for name, values in (obj.get("properties") or {}).items():
        if not isinstance(values, list):
            continue
        prop = schema.properties.get(name)
        for v in values:
            if not (isinstance(v, dict) and "schema" in v and "properties" in v):
                continue
            child = {**v, "properties": dict(v.get("properties") or {})}
            back = prop.reverse if prop is not None else None
            if back is not None and not child["properties"].get(back.name):
                child["properties"][back.name] = [obj["id"]]
            for key in ("datasets", "first_seen", "last_seen"):
                if key in obj and key not in child:
                    child[key] = obj[key]
            yield child


def _strings(props: dict[str, Any]) -> dict[str, list[str]]:
    """FtM property values as lists of strings (a lone value or a number is tolerated; a nested
    entity stands for its id)."""
    out: dict[str, list[str]] = {}
    for k, v in props.items():
        values = v if isinstance(v, list) else [v]
        values = [x.get("id") if isinstance(x, dict) else x for x in values]
        out[str(k)] = [str(x) for x in values if x is not None and not isinstance(x, (dict, list))]
    return out


def _citation(obj: dict[str, Any], proxy: EntityProxy) -> str:
    """Where the entity comes from: its datasets, its source URL, its FtM id."""
    parts = []
    datasets = [str(d) for d in obj.get("datasets") or [] if d]
    if datasets:
        parts.append("datasets " + ", ".join(datasets))
    # (who published it: an OpenSanctions source's authority, or the citation kg export wrote there; an analyst
    # found every source of an FtM export lost when it was loaded back)
    parts += proxy.get("publisher") if "publisher" in proxy.schema.properties else []
    urls = proxy.get("sourceUrl") if "sourceUrl" in proxy.schema.properties else []
    if urls:
        parts.append(urls[0])
    parts.append(f"FtM {proxy.schema.name} {proxy.id}")
    return "; ".join(parts)


def _entity_page(e: _Entity) -> str:
    """The OpenSanctions page of an entity from an OpenSanctions export (it lists every source)."""
    return f"https://www.opensanctions.org/entities/{e.proxy.id}/" if e.opensanctions else ""


def _topics(proxy: EntityProxy) -> list[str]:
    return proxy.get("topics") if "topics" in proxy.schema.properties else []


def _rows(reading: FtMReading) -> Iterator[RawRow]:
    """Every record of the stream, actors first, each placed at the line of the entity it comes from."""
    out: list[RawRow] = []
    seen: set[tuple[str, str]] = set()

    def emit(kind: str, values: dict[str, Any], e: _Entity) -> None:
        if kind == "actor":  # ids are unique already
            out.append(RawRow(kind, values, reading.label, e.line))
            return
        try:
            key = (kind, parse_record(kind, values).key())
        except RecordError:
            key = (kind, f"line {e.line}")  # let validation report it, at its line
        if key in seen:
            reading.skipped[f"{e.proxy.schema.name} repeating another"] += 1
            return
        seen.add(key)
        out.append(RawRow(kind, values, reading.label, e.line))

    sanctioned_people: dict[str, list[str]] = {}
    restrictions: list[tuple[dict[str, Any], _Entity]] = []
    for s in sorted([*reading.sanctions, *reading.nested_sanctions.values()], key=lambda x: x.line):
        _sanction(reading, s, sanctioned_people, restrictions)
    used_positions: dict[str, _Entity] = {}
    relationships: list[tuple[str, dict[str, Any], _Entity]] = []
    for e in sorted([*reading.edges, *reading.nested_edges.values()], key=lambda x: x.line):
        relationships += [(kind, values, e) for kind, values in _edges(reading, e, used_positions)]

    for actor_id, a in sorted(reading.actors.items(), key=lambda x: x[1].line):
        if a.row is None:
            reading.skipped[f"{a.schema} without a name"] += 1
            continue
        a.row.pop(MADE_NAME, None)
        if actor_id in sanctioned_people:
            a.row["sanctioned_by"] = "; ".join(sorted(set(sanctioned_people[actor_id])))
        out.append(RawRow("actor", a.row, reading.label, a.line))
    for e in sorted(used_positions.values(), key=lambda x: x.line):
        emit("actor", _position_actor(e), e)
    unused = sum(1 for p in reading.positions if p not in used_positions)
    if unused:
        reading.skipped["Position that needs no actor (held in an organization, or by no one)"] += unused
    # events, and who took part as their involved and organizers say where no participation of the stream
    # gives the pair (kg export writes both; another source, the Event alone)
    given = {(v["actor"], v["event"]) for kind, v, _e in relationships if kind == "participation"}
    for event_id, e in sorted(reading.events.items(), key=lambda x: x[1].line):
        row = _event(e)
        if row is None:
            reading.skipped["Event without a name"] += 1
            continue
        emit("event", row, e)
        for prop, role in (("organizer", "host"), ("involved", "participant")):
            for actor in dict.fromkeys(e.proxy.get(prop)):
                known = reading.actors.get(actor)
                if (actor, event_id) in given or known is None or known.row is None:
                    continue
                given.add((actor, event_id))
                relationships.append(("participation", {"actor": actor, "event": event_id, "role": role,
                                                        "source": e.source}, e))
    for kind, values, e in relationships:
        emit(kind, values, e)
    for values, e in restrictions:
        emit("restriction", values, e)
    yield from out
    if reading.unknown_countries:
        codes = ", ".join(f'"{c}"' + (f" ({n} times)" if n > 1 else "")
                          for c, n in sorted(reading.unknown_countries.items())[:8])
        more = len(reading.unknown_countries) - 8
        yield RawRow(FILE_NOTE, {"text": f"country codes no country has were left out: {codes}"
                                         + (f" and {more} more" if more > 0 else "")}, reading.label, 1)


def _org_type(schema: Schema, topics: Iterable[str]) -> str | None:
    """The ``org_type`` an organization's FtM schema and topics say, or None when they say nothing."""
    t = set(topics)
    if "gov.igo" in t:
        return "intergovernmental"
    if "gov.security" in t:
        return "security_service"
    if schema.is_a("PublicBody") or any(x == "gov" or (x.startswith("gov.") and x != "gov.soe"
                                                       and x != "gov.religion") for x in t):
        return "government"
    if "pol.party" in t:
        return "political_party"
    if "gov.religion" in t or "rel" in t:
        return "religious"
    if "pol.union" in t:
        return "civil_society"
    if schema.is_a("Company") or "gov.soe" in t or any(x.startswith(("corp.", "fin")) for x in t):
        return "business"
    return None


# an actor's row holds this while its name is made of parts (a person's first and last names) or taken from an
# alias: a later fragment of the entity that gives a name puts it first (removed before the row is loaded)
MADE_NAME = "__made_name"
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
OTHER_NAMES = ("alias", "previousName", "abbreviation", "weakAlias")


def _joined_parts(p: EntityProxy) -> list[str]:
    """A person's name parts joined (first, second, middle, father's, last), or nothing."""
    if not p.schema.is_a("Person"):
        return []
    parts = [_first(p, part) for part in NAME_PARTS if part in p.schema.properties]
    joined = " ".join(" ".join(x.split()) for x in parts if x and x.strip())
    return [joined] if joined else []


def _made_names(p: EntityProxy) -> list[str]:
    """What names an entity that has no ``name``: a person's name parts joined (an analyst's FtM data gave
    first and last names only, and such people were skipped "without a name"), then its aliases, former
    names and abbreviations."""
    return [*_joined_parts(p),
            *(n for prop in OTHER_NAMES if prop in p.schema.properties for n in p.get(prop) if n.strip())]


def _actor(e: _Entity, fallback_name: str | None = None, unknown: Counter[str] | None = None) -> dict[str, Any] | None:
    p = e.proxy
    names = [n for n in p.get("name") if n.strip()] or ([fallback_name] if fallback_name else [])
    made = not names
    if made:
        names = _made_names(p)
    if not names:
        return None
    person = p.schema.is_a("Person")
    countries = (_countries(p, "nationality", "citizenship", "country", "birthCountry", unknown=unknown) if person
                 else _countries(p, "jurisdiction", "mainCountry", "country", unknown=unknown))
    # a person's nationalities and citizenships, all of them (a ban on the nationals of either binds them);
    # else the first country named
    held = _countries(p, "nationality", "citizenship") if person else []
    topics = _topics(p)
    row: dict[str, Any] = {
        "id": p.id, "name": names[0].replace(";", ",").strip(), "kind": "person" if person else "organization",
        "org_type": None if person else _org_type(p.schema, topics),
        "country": ";".join(held) if held else countries[0] if countries else None,
        # (a person's parts joined too, where they differ from the name: "SMITH, John" is also "John Smith")
        "aliases": _clean_list([*names[1:], *([] if made else _joined_parts(p)), *p.get("alias"),
                                *p.get("weakAlias")], exclude=names[0]),
        "description": _first(p, "description", "summary", "notes"),
        # its end: a person's death, a body's dissolution (the earliest given: after it, no link through it)
        "end": _date(p.get(died), min) if (died := "deathDate" if person else "dissolutionDate") in p.schema.properties
        else None,
        "source": "; ".join(x for x in (e.source, _entity_page(e)) if x),
        "ftm_schema": p.schema.name,
    }
    if made:
        row[MADE_NAME] = True
    if topics:
        row["topics"] = "; ".join(sorted(topics))
    if len(countries) > 1:
        row["countries"] = "; ".join(countries)
    # what kg export --format ftm writes as keywords (FtM has no place for them): read back
    for k in p.get("keywords") if "keywords" in p.schema.properties else []:
        what, _, value = k.partition(":")
        if what == "party" and value.strip():
            row.setdefault("party", []).append(value.strip())
        elif what == "track" and value.strip() in TRACKS:
            row["track"] = value.strip()
        elif what == "org_type" and value.strip() in ORG_TYPES and not person:
            row["org_type"] = value.strip()
    return row


def _given_name(row: dict[str, Any] | None) -> str | None:
    """The name a later fragment without one of its own takes from the first: none while the first's is made of
    parts or aliases (it took that one as given, and a third fragment's name was then kept as an alias only: a
    second reader)."""
    return row["name"] if row and not row.get(MADE_NAME) else None


def _merged(first: dict[str, Any] | None, more: dict[str, Any] | None) -> dict[str, Any] | None:
    """An actor's row with what a later fragment of the same entity adds: a value where the first
    has none, aliases joined (the later name among them)."""
    if first is None or more is None:
        return first or more
    if first.get(MADE_NAME) and not more.get(MADE_NAME):
        # the name a later fragment gives names the actor (and is given: a third fragment's does not replace it,
        # a second reader); the one made of parts or aliases becomes an alias
        first = {k: v for k, v in first.items() if k != MADE_NAME}
        if more["name"] != first["name"]:
            first["aliases"] = _clean_list([first["name"], *first.get("aliases", [])], exclude=more["name"])
            first["name"] = more["name"]
    out = dict(first)
    for k, v in more.items():
        if k == MADE_NAME:
            continue  # (the first's own say stands: made, unless a name was given above)
        if k == "aliases":
            out[k] = _clean_list([*first.get("aliases", []), more["name"], *v], exclude=first["name"])
        elif k == "countries" and v:
            known = [*str(first.get(k) or first.get("country") or "").split("; "), *str(v).split("; ")]
            out[k] = "; ".join(c for c in dict.fromkeys(known) if c)
        elif k == "source" and v and out.get(k) and v not in out[k]:
            out[k] = f"{out[k]}; {v}"
        elif v and not out.get(k):
            out[k] = v
    return out


def _event(e: _Entity) -> dict[str, Any] | None:
    """An Event entity as an event: its name, days, location; its summary as the process (as kg export writes
    it) and its notes as the note. None without a name."""
    p = e.proxy
    name = _first(p, "name")
    if not name.strip():
        return None
    tracks = [k.partition(":")[2].strip() for k in p.get("keywords") if k.startswith("track:")]
    return {"id": p.id, "name": name.replace(";", ",").strip(), **_dates(p),
            "location": _first(p, "location"), "process": _first(p, "summary"), "note": _first(p, "notes"),
            "track": next((t for t in tracks if t in TRACKS), None), "source": e.source,
            **{k: v for k, v in _read_figures(p).items() if k == "confidence"}}


def _position_actor(e: _Entity) -> dict[str, Any]:
    """A position no organization of the stream holds, kept as the organization its holders belong to."""
    p = e.proxy
    topics = set(_topics(p))
    state = any(t == "gov" or t.startswith(("gov.", "role.pep", "role.diplo")) for t in topics)
    org_type = ("intergovernmental" if "gov.igo" in topics else "security_service" if "gov.security" in topics
                else "government" if state else None)
    countries = _countries(p, "country")
    return {"id": p.id, "name": (_first(p, "name") or p.caption).replace(";", ","), "kind": "organization",
            "org_type": org_type, "country": countries[0] if countries else None,
            "description": _first(p, "description", "summary"), "source": e.source, "ftm_schema": "Position"}


def _ends(reading: FtMReading, e: _Entity) -> list[tuple[str, str]]:
    """The pairs of entity ids an FtM edge links (source, target): one a source and target each
    (an edge may name several, e.g. a Family of one person and two relatives); none when it lacks either."""
    s = e.proxy.schema
    a = e.proxy.get(s.edge_source) if s.edge_source else []
    b = e.proxy.get(s.edge_target) if s.edge_target else []
    if not a or not b:
        reading.skipped[f"{s.name} without both ends"] += 1
        return []
    pairs = [(x, y) for x in dict.fromkeys(a) for y in dict.fromkeys(b)]
    if len(pairs) > 1:  # an entity on both sides of a many-valued edge is not linked to itself
        same = [p for p in pairs if p[0] == p[1]]
        if same:
            reading.skipped[f"{s.name} pairing an entity with itself (of several it names)"] += len(same)
            pairs = [p for p in pairs if p[0] != p[1]]
    return pairs


@cache
def _schema_by_case() -> dict[str, str]:
    """FtM's schema names by their lower case: "person" -> "Person"."""
    return {name.lower(): name for name in model.schemata}


def _kind_of(reading: FtMReading, entity_id: str) -> str | None:
    """``person`` or ``organization`` for an actor of the stream; None when unknown here."""
    e = reading.actors.get(entity_id)
    if e is None:
        return None
    return "person" if e.person else "organization"


def _nameless(reading: FtMReading, entity_id: str) -> str:
    """"a Person without a name" when the stream's entity ``entity_id`` is skipped for having none, else ""."""
    e = reading.actors.get(entity_id)
    if e is None or e.row is not None or entity_id in reading.stored:
        return ""
    return f"{'an' if e.schema[:1] in 'AEIOU' else 'a'} {e.schema} without a name"


def _sanctioned(reading: FtMReading, entity_id: str) -> tuple[str, frozenset[str], str, str] | None:
    """(kind, topics, OpenSanctions page, id) of a sanction's target, in the stream or (else) the store."""
    e = reading.actors.get(entity_id)
    if e is not None and (e.row is not None or entity_id not in reading.stored):
        return ("person" if e.person else "organization"), e.topics, e.page, entity_id
    if entity_id in reading.stored:
        person, topics, as_stored = reading.stored[entity_id]
        return ("person" if person else "organization"), topics, "", as_stored
    return None


def _dates(p: EntityProxy) -> dict[str, str | None]:
    # as the source gives them: a day that is none, or an end before the start, is named by the record's
    # validation (an end dropped would leave a finished sanction or membership in force)
    start = _date(p.get("startDate"), min) if "startDate" in p.schema.properties else None
    end = _date(p.get("endDate"), max) if "endDate" in p.schema.properties else None
    return {"start": start, "end": end}


def _edges(reading: FtMReading, e: _Entity, used_positions: dict[str, _Entity]
           ) -> list[tuple[str, dict[str, Any]]]:
    """The records of one FtM edge: one for each pair of ends it names."""
    out = []
    for a, b in _ends(reading, e):
        mapped = _edge(reading, e, a, b, used_positions)
        if mapped is not None:
            out.append(mapped)
    return out


def _edge(reading: FtMReading, e: _Entity, a: str, b: str, used_positions: dict[str, _Entity]
          ) -> tuple[str, dict[str, Any]] | None:
    p = e.proxy
    s = p.schema
    for end_id in (a, b):
        if end_id in reading.other:  # an edge to a vessel, an address...: nothing to link here
            reading.skipped[f"{s.name} with an end of schema {reading.other[end_id]}"] += 1
            return None
        nameless = _nameless(reading, end_id)
        if nameless:  # (it had been refused as naming an actor "neither in this dataset nor in the store")
            reading.skipped[f"{s.name} with an end that is {nameless}"] += 1
            return None
    common = {"source": e.source, **_dates(p)}
    # the strength (or weight) and confidence kg export writes in the description (FtM has no place for them)
    figures = _read_figures(p)
    if "confidence" in figures:
        common["confidence"] = figures["confidence"]
    # what the relationship's summary says (kg export writes a link's note there: an analyst found them lost)
    summary = _first(p, "summary") if "summary" in s.properties else ""

    def noted(*said: str) -> str:
        return "; ".join(x for x in dict.fromkeys([*said, summary]) if x)
    strength = {"strength": figures["strength"]} if "strength" in figures else {}
    weight = {"weight": figures["weight"]} if "weight" in figures else {}
    if s.is_a("Occupancy"):
        return _occupancy(reading, e, a, b, used_positions, common)
    if any(s.is_a(x) for x in AFFILIATION_SCHEMATA):
        name = next(x for x in AFFILIATION_SCHEMATA if s.is_a(x))
        role = _first(p, "role") or DEFAULT_ROLES.get(name, "")
        if _kind_of(reading, b) == "person":
            if name == "Representation" and _kind_of(reading, a) == "person":
                return "tie", {"a": a, "b": b, "kind": "professional", "note": noted(role), **common}
            reading.skipped[f"{name} with a person as the organization"] += 1
            return None
        # (kg export writes an official role's status "official")
        return "affiliation", {"member": a, "organization": b, "role": role,
                               "official": name == "Representation" or _first(p, "status").lower() == "official",
                               **({"note": summary} if summary else {}), **strength, **common}
    if s.is_a("Family"):
        rel = _first(p, "relationship")  # ("family": what kg export writes of a family tie, no relationship)
        return "tie", {"a": a, "b": b, "kind": "family", "note": noted("" if rel.lower() == "family" else rel),
                       **strength, **common}
    if s.is_a("Associate"):
        rel = _first(p, "relationship")
        if rel.strip().lower() in TIE_KINDS:  # a kind kg export wrote (dialogue, mentor...): the same tie back
            return "tie", {"a": a, "b": b, "kind": rel.strip().lower(), **({"note": summary} if summary else {}),
                           **strength, **common}
        kind = "friendship" if "friend" in rel.lower() else "professional"
        return "tie", {"a": a, "b": b, "kind": kind, "note": noted(rel), **strength, **common}
    if s.is_a("Ownership") or s.is_a("Payment"):
        note = ""
        if s.is_a("Ownership") and _first(p, "percentage"):
            note = f"owns {_first(p, 'percentage')}%"
        elif s.is_a("Payment") and _first(p, "amount"):
            note = f"paid {_first(p, 'amount')} {_first(p, 'currency')}".strip()
        return "influence", {"from": a, "to": b, "kind": "funds", "note": noted(note), **weight, **common}
    if s.is_a("UnknownLink"):
        # what kg export writes as one: a participation (to an event of the stream), a tie with an organization,
        # an influence other than funds, each with its kind or role; any other is no relationship this tool has
        role = _first(p, "role").strip().lower()
        extra = {"note": summary} if summary else {}
        if b in reading.events and role in PARTICIPATION_ROLES:
            return "participation", {"actor": a, "event": b, "role": role, **extra, **common}
        if b not in reading.events and role in INFLUENCE_KINDS:
            return "influence", {"from": a, "to": b, "kind": role, **extra, **weight, **common}
        if b not in reading.events and role in TIE_KINDS:
            return "tie", {"a": a, "b": b, "kind": role, **extra, **strength, **common}
        reading.skipped["UnknownLink of no kind this tool has (a participation, a tie or an influence)"] += 1
        return None
    reading.skipped[s.name] += 1  # pragma: no cover - every wanted edge schema is handled above
    return None


def _occupancy(reading: FtMReading, e: _Entity, holder: str, post_id: str,
               used_positions: dict[str, _Entity], common: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    p = e.proxy
    post = reading.positions.get(post_id)
    if post is None:
        reading.skipped["Occupancy of a position not in the stream"] += 1
        return None
    if not common["end"] and _first(p, "status").lower() == "ended":
        reading.skipped["Occupancy ended on a date the data does not give"] += 1
        return None
    role = _first(post.proxy, "name") or post.proxy.caption
    orgs = [o for o in post.proxy.get("organization") if _kind_of(reading, o) == "organization"]
    if orgs:
        organization = orgs[0]
    else:
        organization = post_id
        used_positions[post_id] = post
    if not common["start"]:
        common = {**common, "start": _date(p.get("periodStart"), min) if "periodStart" in p.schema.properties
                  else None}
    if not common["end"] and "periodEnd" in p.schema.properties:
        common = {**common, "end": _date(p.get("periodEnd"), max)}
    return "affiliation", {"member": holder, "organization": organization, "role": role.replace(";", ","),
                           "official": True, **common}


def _jurisdictions(p: EntityProxy) -> list[str]:
    """Who imposes a sanction: EU, UN or ISO alpha-3 codes, from its country and authority."""
    found: list[str] = []
    authority = " ".join(p.get("authority")).lower()
    if any(w in authority for w in EU_WORDS):
        found.append("EU")
    elif any(w in authority for w in UN_WORDS):
        found.append("UN")
    for v in p.get("country"):
        code = registry.country.clean(v) or v
        j = "EU" if code == "eu" else "UN" if code == "un" else iso3(code)
        if j and j not in found and not (found and found[0] in ("EU", "UN") and j not in ("EU", "UN")):
            found.append(j)
    return found


def _sanction(reading: FtMReading, e: _Entity, sanctioned_people: dict[str, list[str]],
              restrictions: list[tuple[dict[str, Any], _Entity]]) -> None:
    p = e.proxy
    targets = p.get("entity")
    if not targets:
        reading.skipped["Sanction without an entity"] += 1
        return
    for target in dict.fromkeys(targets):  # a sanction may list several entities: each is sanctioned
        _sanction_on(reading, e, target, sanctioned_people, restrictions)


def _sanction_on(reading: FtMReading, e: _Entity, target: str, sanctioned_people: dict[str, list[str]],
                 restrictions: list[tuple[dict[str, Any], _Entity]]) -> None:
    p = e.proxy
    jurisdictions = _jurisdictions(p)
    nameless = _nameless(reading, target)
    if nameless:
        reading.skipped[f"Sanction on {nameless}"] += 1
        return
    found = _sanctioned(reading, target)
    if found is None:
        why = (f"Sanction on a {reading.other[target]}" if target in reading.other
               else "Sanction on an entity neither in the stream nor in the store")
        reading.skipped[why] += 1
        return
    kind, topics, page, target = found
    if not jurisdictions:
        reading.skipped["Sanction with no country or known authority"] += 1
        return
    if kind == "person" and (target not in reading.actors or reading.actors[target].row is None):
        reading.skipped["Sanction on a person only the store holds (load it with the person to keep it "
                        "as the person's sanctioned_by)"] += 1
        return
    if kind == "person":
        sanctioned_people.setdefault(target, []).extend(jurisdictions)
        reading.skipped["Sanction on a person (kept as the person's sanctioned_by)"] += 1
        return
    if topics and not topics & LISTING_TOPICS:
        reading.skipped["Sanction on an entity whose topics are not a sanction or terror listing"] += 1
        return
    dates = _dates(p)
    if not dates["start"]:
        dates["start"] = _date(p.get("listingDate"), min)
    program = "; ".join(_clean_list([*p.get("program"), *p.get("programId")]))
    what = ", ".join(x for x in (" ".join(p.get("authority")), program) if x)
    source = "; ".join(x for x in (what, e.source, page) if x)
    note = "; ".join(x for x in (", ".join(v for v in p.get("provisions") if not _OUR_PROVISION.fullmatch(v.strip())),
                                 "terrorist designation"
                                 if "crime.terror" in topics else "", _first(p, "summary")) if x)
    kind, scope = "legal", "nationals"
    for provision in p.get("provisions"):  # as kg export writes it: "political restriction on officials"
        m = _OUR_PROVISION.fullmatch(provision.strip())
        if m:
            kind, scope = m.group(1), m.group(2)
    for j in jurisdictions:
        restrictions.append(({"group": target, "jurisdiction": j, "kind": kind, "scope": scope,
                              "source": source, "note": note, **dates,
                              **{k: v for k, v in _read_figures(p).items() if k == "confidence"}}, e))


# --- writing ---------------------------------------------------------------------------

def _make_id(*parts: str) -> str:
    return "bc-" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:20]


def _put(proxy: EntityProxy, prop: str, value: Any) -> None:
    if value not in (None, "", [], ()):
        for v in value if isinstance(value, (list, tuple)) else [value]:
            proxy.add(prop, str(v), cleaned=True)


def _interval(proxy: EntityProxy, r: Record) -> None:
    _put(proxy, "startDate", getattr(r, "start", None))
    _put(proxy, "endDate", getattr(r, "end", None))


def _common(proxy: EntityProxy, r: Record, text_prop: str = "description") -> None:
    if r.source.startswith(("http://", "https://")) and " " not in r.source:
        _put(proxy, "sourceUrl", r.source)
    elif r.source:
        _put(proxy, "publisher" if "publisher" in proxy.schema.properties else text_prop, r.source)
    if r.note and text_prop in proxy.schema.properties:
        _put(proxy, text_prop, r.note)


_NUMBER = r"[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?"
_FIGURES = re.compile(rf"kg: (?:(strength|weight) ({_NUMBER}), )?confidence ({_NUMBER})")


def _figures(r: Record) -> str:
    """"kg: strength 0.9, confidence 0.6" of a tie (weight of an influence, strength of an affiliation that gives
    one; confidence alone of the others), each number as Python writes it back exactly (``repr``)."""
    number: tuple[str, Any] | None = None
    if isinstance(r, Tie):
        number = ("strength", r.strength)
    elif isinstance(r, Influence):
        number = ("weight", r.weight)
    elif isinstance(r, Affiliation) and r.props.get("strength") is not None:
        try:  # (an extra column: the co-membership's strength, when a number)
            number = ("strength", float(r.props["strength"]))
        except (TypeError, ValueError):
            number = None
    return "kg: " + (f"{number[0]} {number[1]!r}, " if number else "") + f"confidence {r.confidence!r}"


def _read_figures(p: EntityProxy) -> dict[str, Any]:
    """What :func:`_figures` wrote in an entity's description, as fields of its record; nothing if it is not
    there (another source's description is its own)."""
    for text in p.get("description") if "description" in p.schema.properties else []:
        m = _FIGURES.fullmatch(text.strip())
        if m:
            return {**({m.group(1): m.group(2)} if m.group(1) else {}), "confidence": m.group(3)}
    return {}


ACTOR_SCHEMA = {"government": "PublicBody", "security_service": "PublicBody", "intergovernmental": "PublicBody",
                "business": "Company"}


def to_ftm(records: Iterable[Record]) -> Iterator[dict[str, Any]]:
    """Records as FtM entities (dicts that ``model.get_proxy`` accepts), actors first.

    Actors become Person, Organization, PublicBody (governments, security
    services, intergovernmental bodies) or Company; affiliations Membership;
    family ties Family, other ties between people Associate, other ties
    UnknownLink; ``funds`` influence Payment, other influence UnknownLink;
    events Event (participants as ``involved``, hosts and facilitators as
    ``organizer``); restrictions Sanction.
    """
    records = list(records)
    people = {r.id for r in records if isinstance(r, Actor) and r.kind == "person"}
    events: dict[str, EntityProxy] = {}
    out: list[EntityProxy] = []
    e: EntityProxy | None
    for r in records:
        if isinstance(r, Actor):
            schema = "Person" if r.kind == "person" else ACTOR_SCHEMA.get(r.org_type or "", "Organization")
            e = model.make_entity(schema)
            e.id = r.id
            _put(e, "name", r.name)
            _put(e, "alias", list(r.aliases))
            # (an organization's several countries, kept as an extra property when read from FtM: each)
            more = r.props.get("countries")
            codes = list(dict.fromkeys(x for c in [*r.countries, *(more.split(";") if isinstance(more, str) else [])]
                                       if (x := iso2(c.strip()))))
            if codes:  # (a person's several nationalities: each)
                _put(e, "nationality" if r.kind == "person" else "country", codes)
            # the FtM topics read in as an extra property go back out as topics (an analyst: without them a later
            # sanctions update read a debarment as a ban in a store rebuilt from the export)
            topics = r.props.get("topics")
            if isinstance(topics, str):
                _put(e, "topics", [t.strip() for t in topics.split(";") if t.strip() in registry.topic.names])
            _put(e, "description", r.description)
            if r.end:  # its end: a person's death, a body's dissolution
                _put(e, "deathDate" if r.kind == "person" else "dissolutionDate", r.end)
            _put(e, "keywords", [f"party:{p}" for p in r.party] + ([f"track:{r.track}"] if r.track else [])
                 + ([f"org_type:{r.org_type}"] if r.org_type else []))
            _common(e, r, "notes")
            out.append(e)
        elif isinstance(r, Event):
            e = model.make_entity("Event")
            e.id = r.id
            _put(e, "name", r.name)
            _put(e, "location", r.location)
            _put(e, "summary", r.process)
            _put(e, "keywords", [f"track:{r.track}"] if r.track else [])  # (as an actor's: FtM has no track)
            _interval(e, r)
            _common(e, r, "notes")
            _put(e, "description", _figures(r))
            events[r.id] = e
            out.append(e)
    for r in records:
        e = None
        if isinstance(r, Affiliation):
            e = model.make_entity("Membership")
            e.id = _make_id(r.key())
            _put(e, "member", r.member)
            _put(e, "organization", r.organization)
            _put(e, "role", r.role)
            _put(e, "status", "official" if r.official else "")
        elif isinstance(r, Tie):
            both_people = r.a in people and r.b in people
            schema = ("Family" if r.kind == "family" else "Associate") if both_people else "UnknownLink"
            e = model.make_entity(schema)
            e.id = _make_id(r.key())
            _put(e, str(e.schema.edge_source), r.a)
            _put(e, str(e.schema.edge_target), r.b)
            _put(e, "relationship" if both_people else "role", r.kind)
        elif isinstance(r, Influence):
            e = model.make_entity("Payment" if r.kind == "funds" else "UnknownLink")
            e.id = _make_id(r.key())
            _put(e, str(e.schema.edge_source), r.from_)
            _put(e, str(e.schema.edge_target), r.to)
            _put(e, "purpose" if r.kind == "funds" else "role", r.kind)
        elif isinstance(r, Restriction):
            e = model.make_entity("Sanction")
            e.id = _make_id(r.key())
            _put(e, "entity", r.group)
            if r.jurisdiction == "EU":
                _put(e, "authority", "European Union")
                _put(e, "country", "eu")
            elif r.jurisdiction == "UN":
                _put(e, "authority", "United Nations Security Council")
            elif iso2(r.jurisdiction):
                _put(e, "country", iso2(r.jurisdiction))
            _put(e, "provisions", f"{r.kind} restriction on {r.scope}")
        elif isinstance(r, Participation) and r.event in events:
            _put(events[r.event], "organizer" if r.role in ("host", "facilitator") else "involved", r.actor)
            # and the participation itself, its role, days and evidence (an Event's involved and organizer
            # keep none of them): an UnknownLink from the actor to the event, which kg ingest reads back
            e = model.make_entity("UnknownLink")
            e.id = _make_id(r.key())
            _put(e, "subject", r.actor)
            _put(e, "object", r.event)
            _put(e, "role", r.role)
        if e is not None:
            _interval(e, r)
            _common(e, r, "summary")
            # what FtM has no place for, in words kg ingest reads back: a link's strength (or weight) and
            # confidence (read back without them, every tie came in at 0.5 and 1: a reader)
            _put(e, "description", _figures(r))
            out.append(e)
    for e in out:
        yield e.to_dict()
