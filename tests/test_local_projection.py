"""Point questions (search, show, neighbors, common) read a neighbourhood through the store's
indexes (kg.graph.local_projection). Their answers must be the ones the whole day's projection
(kg.graph.project, read from whole records) gives: checked on
the Oslo sample for every actor and on generated networks with nested organizations, restrictions,
events, hostile ties, dates and sensitivity levels."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import queries.connections as qc
from kg.errors import KGError
from kg.graph import project
from kg.model import Actor, Affiliation, Event, Influence, Participation, Restriction, Tie
from kg.store.sqlite import SQLiteStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "oslo"
SENS = ["public", "restricted", "confidential"]


def answers(store: Any, actor: str, other: str, day: date, ms: int) -> dict[str, Any]:
    """search, show, neighbors (1 and 2 hops) and common, as the CLI asks them (or the error it says)."""
    def ask(question: Any, *args: Any) -> Any:
        try:
            return question(store, *args, day, ms)
        except KGError as e:
            return ("error", str(e))

    return {"search": ask(qc.find_actors, actor, 10),
            "show": ask(qc.actor_profile, actor),
            "neighbors1": ask(qc.neighbourhood, actor, 1),
            "neighbors2": ask(qc.neighbourhood, actor, 2),
            "common": ask(qc.shared_connections, [actor, other]) if other != actor else None}


def whole(store: Any, day: date | None, seeds: Any, hops: int = 1, *, max_sensitivity: int = 2,
          half_life: float | None = 2.0, **_: Any) -> Any:
    """The reference: the whole day's projection, in place of the local one (with the seeds' whole
    records, which a profile shows)."""
    proj = project(store, day, max_sensitivity=max_sensitivity, half_life=half_life)
    proj.full_actors = {a.id: a for a in store.select("actor", "id", seeds, None, max_sensitivity)}
    return proj


class WholeRecords:
    """The store, read the long way only: whole records, parsed and validated (no typed rows, no
    values read in SQL, no packed links), so the reference shares none of the shortcuts."""

    SHORTCUTS = frozenset({"select_rows", "values_by_ref", "select_values", "day_links", "packed_links"})

    def __init__(self, store: Any) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name in self.SHORTCUTS:
            raise AttributeError(name)
        return getattr(self._store, name)


def compare(store: Any, pairs: list[tuple[str, str]], day: date, ms: int, monkeypatch: pytest.MonkeyPatch) -> None:
    local = {p: answers(store, *p, day, ms) for p in pairs}
    with monkeypatch.context() as m:
        m.setattr(qc, "local_projection", whole)
        reference = {p: answers(WholeRecords(store), *p, day, ms) for p in pairs}
    for p in pairs:
        for question, expected in reference[p].items():
            assert local[p][question] == expected, (p, question, first_difference(local[p][question], expected))


def first_difference(a: Any, b: Any, at: str = "") -> str:
    """Where two answers first differ, for the failure message."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                return first_difference(a.get(k), b.get(k), f"{at}.{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{at}[{i}]")
    return f"{at}: {a!r} != {b!r}"


@pytest.mark.parametrize("day,ms", [(date(1993, 3, 1), 2), (date(1993, 8, 20), 1), (date(1992, 6, 1), 0)])
def test_every_oslo_actor_answers_as_from_the_whole_day(sample_store, day, ms, monkeypatch):
    ids = sorted(a.id for a in sample_store.records("actor"))
    compare(sample_store, [(a, ids[(i * 7 + 3) % len(ids)]) for i, a in enumerate(ids)], day, ms, monkeypatch)


def test_both_stores_answer_as_from_the_whole_day(store, monkeypatch):
    """On Neo4j too (records read whole, refs are keys), for a third of the Oslo actors."""
    from ingest import load

    assert not load(store, SAMPLE, strict=True).errors
    ids = sorted(a.id for a in store.records("actor"))
    compare(store, [(a, ids[(i * 5 + 1) % len(ids)]) for i, a in enumerate(ids) if i % 3 == 0],
            date(1993, 3, 1), 2, monkeypatch)


@st.composite
def networks(draw: st.DrawFn) -> list[Any]:
    """People and organizations (nested: wings of parties, ministries of governments), with
    affiliations (official or not, dated), ties (hostile too), influence, events and restrictions."""
    n_people, n_orgs = draw(st.integers(2, 9)), draw(st.integers(1, 5))
    people = [f"p{i}" for i in range(n_people)]
    orgs = [f"o{i}" for i in range(n_orgs)]
    types = ["government", "armed_group", "ngo", "political_party"]
    sens = st.sampled_from(SENS)
    years = st.sampled_from([None, "1985", "1990", "1992-05", "1993", "1994-02-01"])
    out: list[Any] = []
    for p in people:
        out.append(Actor(id=p, name=p.upper(), kind="person", country=draw(st.sampled_from([None, "ISR", "NOR"])),
                         party=tuple(draw(st.sampled_from([(), ("A",), ("B",)]))), sensitivity=draw(sens)))
    for o in orgs:
        out.append(Actor(id=o, name=o.upper(), kind="organization", org_type=draw(st.sampled_from(types)),
                         country=draw(st.sampled_from([None, "ISR", "NOR"])), track=draw(st.sampled_from([None, "1"])),
                         party=tuple(draw(st.sampled_from([(), ("A",), ("B",)]))), sensitivity=draw(sens)))
    seen: set[Any] = set()

    def dated() -> dict[str, Any]:
        start, end = draw(years), draw(years)
        if start and end and end < start:
            start, end = end, start
        return {"start": start, "end": end, "sensitivity": draw(sens),
                "confidence": draw(st.sampled_from([0.3, 0.6, 1.0])), "source": draw(st.sampled_from(["", "s1", "s2"]))}

    for _ in range(draw(st.integers(0, 14))):
        m, o = draw(st.sampled_from(people + orgs)), draw(st.sampled_from(orgs))
        role = draw(st.sampled_from(["", "minister", "armed wing", "member"]))
        if m != o and (m, o, role) not in seen:
            seen.add((m, o, role))
            out.append(Affiliation(member=m, organization=o, role=role, official=draw(st.booleans()), **dated()))
    for _ in range(draw(st.integers(0, 16))):
        a, b = draw(st.sampled_from(people + orgs)), draw(st.sampled_from(people))
        kind = draw(st.sampled_from(["friendship", "professional", "hostile", "dialogue"]))
        if a != b and (a, b, kind) not in seen and (b, a, kind) not in seen:
            seen.add((a, b, kind))
            out.append(Tie(a=a, b=b, kind=kind, strength=draw(st.sampled_from([0.2, 0.5, 0.9])), **dated()))
    for _ in range(draw(st.integers(0, 4))):
        a, b = draw(st.sampled_from(people + orgs)), draw(st.sampled_from(people + orgs))
        if a != b and ("i", a, b) not in seen:
            seen.add(("i", a, b))
            out.append(Influence(from_=a, to=b, kind="advises", weight=draw(st.sampled_from([0.3, 0.8])), **dated()))
    for e in range(draw(st.integers(0, 2))):
        out.append(Event(id=f"e{e}", name=f"E{e}", start=draw(st.sampled_from(["1991", "1993-01-10", "1993-06"])),
                         sensitivity=draw(sens)))
        for p in sorted(set(draw(st.lists(st.sampled_from(people + orgs), max_size=4)))):
            out.append(Participation(actor=p, event=f"e{e}", sensitivity=draw(sens)))
    for _ in range(draw(st.integers(0, 2))):
        g = draw(st.sampled_from(orgs))
        key = (g, draw(st.sampled_from(["ISR", "NOR"])), draw(st.sampled_from(["legal", "political"])),
               draw(st.sampled_from(["officials", "nationals"])))
        if key not in seen:
            seen.add(key)
            out.append(Restriction(group=g, jurisdiction=key[1], kind=key[2], scope=key[3], **dated()))
    return out


@settings(max_examples=int(os.environ.get("KG_LOCAL_EXAMPLES", "300")), deadline=None,
          suppress_health_check=list(HealthCheck), database=None,
          derandomize=os.environ.get("KG_LOCAL_RANDOM") is None)  # the same cases in every run, unless asked
@given(networks(), st.sampled_from([date(1992, 1, 1), date(1993, 3, 1), date(1995, 1, 1)]), st.integers(0, 2))
def test_generated_networks_answer_as_from_the_whole_day(records, day, ms):
    store = SQLiteStore(":memory:")
    try:
        store.upsert(records)
        ids = sorted(r.id for r in records if isinstance(r, Actor))
        with pytest.MonkeyPatch.context() as m:
            compare(store, [(a, ids[(i + 1) % len(ids)]) for i, a in enumerate(ids)], day, ms, m)
    finally:
        store.close()


def small_store(records: list[Any]) -> SQLiteStore:
    store = SQLiteStore(":memory:")
    store.upsert(records)
    return store


def test_a_rule_on_the_body_above_a_restricted_group_is_listed(monkeypatch):
    """A second reader's case: X is restricted and belongs to Y, also restricted; Y's rule binds
    through X. X is tied to the person asked about, so only X's link is read: X's way up must be too."""
    store = small_store([
        Actor(id="p", name="P", kind="person", country="NOR"),
        Actor(id="x", name="X", kind="organization", org_type="armed_group"),
        Actor(id="y", name="Y", kind="organization", org_type="armed_group"),
        Affiliation(member="x", organization="y"), Tie(a="x", b="p", kind="dialogue", strength=0.5),
        Restriction(group="x", jurisdiction="ISR", kind="legal", scope="nationals"),
        Restriction(group="y", jurisdiction="NOR", kind="legal", scope="nationals")])
    compare(store, [("p", "x"), ("x", "y"), ("y", "p")], date(1993, 3, 1), 2, monkeypatch)
    shown = qc.actor_profile(store, "p", date(1993, 3, 1))["restrictions_binding"]
    assert [(r["group"], r["jurisdiction"]) for r in shown] == [("x", "NOR"), ("y", "NOR")]


def test_a_member_the_store_does_not_hold_is_not_counted(monkeypatch):
    """An affiliation may name an actor the store does not hold (the store takes it; a load refuses
    it): the members on the day are the actors there, at every level."""
    store = small_store([*(Actor(id=i, name=i.upper(), kind="person") for i in ("p", "q")),
                         Actor(id="o", name="O", kind="organization"),
                         Affiliation(member="p", organization="o"), Affiliation(member="q", organization="o"),
                         Affiliation(member="ghost", organization="o")])
    for level in (0, 2):
        compare(store, [("p", "q"), ("q", "o")], date(1993, 3, 1), level, monkeypatch)
    (link,) = qc.actor_profile(store, "p", date(1993, 3, 1))["co_members"]
    assert "(2 members on the day)" in link["says"]


def test_the_comparison_sees_a_missing_link(sample_store, monkeypatch):
    """The check above fails when the local projection misses what the whole day has."""
    import kg.graph as kg_graph

    original = kg_graph.local_projection

    def no_events(store: Any, *args: Any, **kwargs: Any) -> Any:
        proj = original(store, *args, **kwargs)
        proj.link_strength[proj.link_rel == kg_graph.EVENT] *= 0.5
        return proj

    monkeypatch.setattr(qc, "local_projection", no_events)
    with pytest.raises(AssertionError):
        compare(sample_store, [("mona-juul", "terje-rod-larsen")], date(1993, 3, 1), 2, monkeypatch)

