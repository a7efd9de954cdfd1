"""Parsers: what the writers write, the readers read back as the same records (hypothesis)."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.load import validate_path
from ingest.writers import write_csv, write_jsonl
from kg.model import (
    ACTOR_KINDS,
    INFLUENCE_KINDS,
    ORG_TYPES,
    PARTICIPATION_ROLES,
    RESTRICTION_KINDS,
    RESTRICTION_SCOPES,
    SENSITIVITIES,
    TIE_KINDS,
    TRACKS,
    Actor,
    Affiliation,
    Event,
    Influence,
    Participation,
    Restriction,
    Tie,
)

# Any printable text, Arabic and Cyrillic included, without surrounding blanks (readers strip them).
# (and no noncharacter, U+FFFE, U+FFFF...: no text file may carry one, and the parsers refuse them)
_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00").filter(
    lambda c: not (0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE))
text = st.text(_chars, max_size=20).map(str.strip)
ident = st.text(string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=8)
name = st.text(_chars, min_size=1, max_size=20).map(str.strip).filter(bool)
item = st.text(_chars, min_size=1, max_size=10).map(lambda s: s.replace(";", ",").strip()).filter(bool)
unit = st.floats(0, 1, allow_nan=False)
common = {"source": text, "confidence": unit, "sensitivity": st.sampled_from(SENSITIVITIES), "note": text}


@st.composite
def dates(draw):
    y = draw(st.integers(1900, 2030))
    form = draw(st.integers(0, 2))
    if form == 0:
        return (f"{y}", f"{y + draw(st.integers(0, 5))}")
    m = draw(st.integers(1, 12))
    if form == 1:
        return (f"{y}-{m:02d}", f"{y + 1}-{m:02d}")
    return (f"{y}-{m:02d}-{draw(st.integers(1, 28)):02d}", None)


@st.composite
def actors(draw):
    kind = draw(st.sampled_from(ACTOR_KINDS))
    return Actor(id=draw(ident), name=draw(name), kind=kind,
                 org_type=draw(st.none() | st.sampled_from(ORG_TYPES)) if kind == "organization" else None,
                 party=tuple(draw(st.lists(item, max_size=3))), country=draw(st.none() | st.just("ISR")),
                 track=draw(st.none() | st.sampled_from(TRACKS)), aliases=tuple(draw(st.lists(item, max_size=3))),
                 description=draw(text), props=draw(st.dictionaries(st.sampled_from(["wikidata", "x_note"]), name,
                                                                       max_size=2)),
                 **{k: draw(v) for k, v in common.items()})


@st.composite
def datasets(draw):
    people = draw(st.lists(actors(), min_size=2, max_size=6, unique_by=lambda a: a.id))
    ids = [a.id for a in people]
    org = Actor(id="org-0", name="Org", kind="organization")
    recs = [*people, org]
    pair = st.sampled_from(ids)
    for _ in range(draw(st.integers(0, 4))):
        a, b = draw(pair), draw(pair)
        start, end = draw(dates())
        if a != b:
            recs.append(Tie(a=a, b=b, kind=draw(st.sampled_from(TIE_KINDS)), strength=draw(unit), start=start,
                            end=end, **{k: draw(v) for k, v in common.items()}))
    start, end = draw(dates())
    recs.append(Affiliation(member=ids[0], organization="org-0", role=draw(text), official=draw(st.booleans()),
                            start=start, end=end, **{k: draw(v) for k, v in common.items()}))
    recs.append(Influence(from_=ids[0], to=ids[1], kind=draw(st.sampled_from(INFLUENCE_KINDS)), weight=draw(unit)))
    recs.append(Event(id="ev-1", name=draw(name), start=start, end=end, location=draw(text),
                      track=draw(st.none() | st.sampled_from(TRACKS)), process=draw(text)))
    recs.append(Participation(actor=ids[1], event="ev-1", role=draw(st.sampled_from(PARTICIPATION_ROLES))))
    recs.append(Restriction(group="org-0", jurisdiction="ISR", kind=draw(st.sampled_from(RESTRICTION_KINDS)),
                            scope=draw(st.sampled_from(RESTRICTION_SCOPES)), start=start, end=end))
    # keep one record per key, as a dataset must
    unique = {(r.kind_name, r.key()): r for r in recs}
    return list(unique.values())


def _key(r):
    return (r.kind_name, r.key())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=datasets())
def test_csv_round_trip(records, tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv")
    write_csv(records, folder)
    _, accepted, errors = validate_path(folder)
    assert errors == []
    back = sorted((r for rs in accepted.values() for r in rs), key=_key)
    assert back == sorted(records, key=_key)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=datasets())
def test_jsonl_round_trip(records, tmp_path_factory):
    path = tmp_path_factory.mktemp("jsonl") / "data.jsonl"
    write_jsonl(records, path)
    _, accepted, errors = validate_path(path)
    assert errors == []
    back = sorted((r for rs in accepted.values() for r in rs), key=_key)
    assert back == sorted(records, key=_key)


@settings(max_examples=150, deadline=None)
@given(records=datasets())
def test_a_stored_record_is_rebuilt_as_full_validation_rebuilds_it(records):
    """record_from_dict trusts what a store wrote (type checks only): it must give exactly what
    parse_record gives, field by field and type by type."""
    from kg.model import parse_record, record_from_dict
    from kg.store.sqlite import dumps

    for r in records:
        stored = json.loads(dumps(r))
        fast = record_from_dict(r.kind_name, stored)
        full = parse_record(r.kind_name, stored)
        assert fast == full == r
        assert {k: type(v) for k, v in vars(fast).items() if not k.startswith("_")} == \
            {k: type(v) for k, v in vars(full).items() if not k.startswith("_")}


@pytest.mark.parametrize("field, value, says", [
    ("strength", "strong", "strength"), ("strength", 2.0, "strength"), ("kind", "PALS", "kind"),
    ("sensitivity", "secret", "sensitivity"), ("start", "1993-13", "start"), ("a", "", "a"),
    ("a", 7, None), ("confidence", True, "confidence"),
])
def test_a_stored_record_edited_by_other_means_is_validated_in_full(field, value, says):
    from kg.model import RecordError, record_from_dict

    data = {"a": "x", "b": "y", "kind": "friendship", "strength": 0.5, "start": "1993", "sensitivity": "public",
            "confidence": 1.0, field: value}
    try:
        r = record_from_dict("tie", data)
    except RecordError as e:
        assert says is not None and says in " ".join(p.field or "" for p in e.each())
    else:
        assert says is None and r.a == "7"  # a number where an id is expected: read as text, as a file would be


@pytest.mark.parametrize("change", [
    {"a": " x "}, {"note": "  "}, {"a": "x\u200b"}, {"note": "a\x01"}, {"b": "x"},
    {"start": "2000", "end": "1990"}, {"extra": " v "}, {"extra": {"k": 1}}, {"key": "v"}, {"extra": 2**70},
    {"source": "line one\nline two"}, {"strength": 1}, {"extra": ["a", " b"]},
])
def test_rebuilding_a_stored_record_agrees_with_full_validation_on_values_not_as_stored(change):
    from kg.model import RecordError, parse_record, record_from_dict

    data = {"a": "x", "b": "y", "kind": "friendship", **change}
    try:
        expected = parse_record("tie", data)
    except RecordError as e:
        with pytest.raises(RecordError) as got:
            record_from_dict("tie", data)
        assert str(got.value) == str(e)
    else:
        assert record_from_dict("tie", data) == expected


def test_a_stored_actor_with_values_not_as_stored_is_validated_in_full():
    from kg.model import RecordError, record_from_dict

    with pytest.raises(RecordError):
        record_from_dict("actor", {"id": "p", "name": " P ", "kind": "person", "org_type": "ngo",
                                   "party": [" A ", ""]})


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)  # (any text a record can hold)


@settings(max_examples=300, deadline=None)
@given(name=_TEXT.filter(lambda t: t.strip()), note=_TEXT, aliases=st.lists(_TEXT.filter(lambda t: t.strip()),
                                                                             max_size=3),
       strength=st.floats(0, 1), confidence=st.floats(0, 1), end=st.sampled_from([None, "1999", "2013-03-05"]),
       official=st.booleans(), swap=st.booleans())
def test_a_records_json_is_the_encoders_byte_for_byte(name, note, aliases, strength, confidence, end, official,
                                                       swap):
    """The store writes each record's JSON member by member (kg.store.sqlite._json_parts, twice as fast as
    to_dict and the sort_keys encoder): the very bytes the encoder writes, or the stored digests of every
    store written before would read "updated" on the next load."""
    from kg.model import Actor, Affiliation, Tie
    from kg.store.base import tie_hash_data
    from kg.store.sqlite import _RECORD_JSON, _row, digest, dumps

    records = [Actor(id="x", name=name, kind="person", aliases=tuple(aliases), note=note, end=end,
                     confidence=confidence),
               Affiliation(member="x", organization="o", role=name, official=official, note=note),
               Tie(a="b" if swap else "a", b="a" if swap else "b", kind="dialogue", strength=strength, source=note,
                   confidence=confidence)]
    for r in records:
        assert dumps(r) == _RECORD_JSON(r.to_dict())
        assert _row(r)[-2] == _RECORD_JSON(r.to_dict())
        data = r.to_dict()
        assert _row(r)[-1] == digest(_RECORD_JSON(tie_hash_data(data) if r.kind_name == "tie" else data))
