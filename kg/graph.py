"""The graph projection every query runs on: one store, one day, one networkx graph.

:func:`project` reads every record from a store (either kind) and keeps what
is valid on the day: actors as nodes; ties, affiliations, influence and
co-participation in events as edges of a :class:`networkx.MultiGraph`, each
carrying its evidence. Links are undirected for reachability; ``from`` and
``to`` keep the direction of affiliations and influence.

Edge attributes: ``relationship`` (``tie``, ``affiliation``, ``influence`` or
``event``), ``kind``, ``strength`` in [0, 1], ``confidence`` in [0, 1],
``start``, ``end``, ``source``, ``sensitivity``, ``from``, ``to``, ``record``
(the record's key), and for events ``event`` and ``event_name``.

How strong each relationship is taken to be, for reliability and weighted
distances:

- a tie: its ``strength``; an influence: its ``weight``;
- an affiliation: :data:`AFFILIATION_STRENGTH` (0.8 when it is an official role,
  :data:`OFFICIAL_STRENGTH`), or its own ``strength`` column when the data has one;
- sharing an event: :data:`EVENT_STRENGTH`, or :data:`FACILITATED_STRENGTH` when
  one of the two facilitated or hosted it (they set the meeting up).

A participation holds from the event's start (or its own ``start``) until its
own ``end``: having met is a fact that lasts, unless the data says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx

from kg import time as kgtime
from kg.model import Actor, Affiliation, Event, Influence, Participation, Record, Restriction, Tie
from kg.rules import Situation
from kg.store.base import GraphStore

AFFILIATION_STRENGTH = 0.6
OFFICIAL_STRENGTH = 0.8
EVENT_STRENGTH = 0.4
FACILITATED_STRENGTH = 0.5


@dataclass
class Projection:
    """The actors and links valid on ``day``, with the derived facts of that day."""

    day: date
    graph: nx.MultiGraph
    situation: Situation
    actors: dict[str, Actor]
    events: dict[str, Event]
    as_of_given: bool = True
    participations: list[Participation] = field(default_factory=list)
    all_affiliations: list[Affiliation] = field(default_factory=list)  # on any day, for profiles over time

    def name(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id

    def links(self, exclude_hostile: bool = True) -> nx.Graph:
        """A simple graph: one edge per linked pair, carrying its most reliable link.

        Edge attributes: ``reliability`` (strength x confidence of the best link),
        ``best`` (that link's attributes) and ``evidence`` (every link's attributes).
        Hostile ties are left out unless ``exclude_hostile`` is False.
        """
        g = nx.Graph()
        g.add_nodes_from(self.graph.nodes(data=True))
        for u, v, data in self.graph.edges(data=True):
            if exclude_hostile and data["relationship"] == "tie" and data["kind"] == "hostile":
                continue
            r = data["strength"] * data["confidence"]
            if g.has_edge(u, v):
                e = g[u][v]
                e["evidence"].append(data)
                if r > e["reliability"]:
                    e["reliability"], e["best"] = r, data
            else:
                g.add_edge(u, v, reliability=r, best=data, evidence=[data])
        return g


def _edge(record: Record, relationship: str, kind: str, strength: float, frm: str, to: str,
          **extra: Any) -> dict[str, Any]:
    return {"relationship": relationship, "kind": kind, "strength": strength,
            "confidence": record.confidence, "start": getattr(record, "start", None),
            "end": getattr(record, "end", None), "source": record.source,
            "sensitivity": record.sensitivity, "from": frm, "to": to, "record": record.key(),
            "note": record.note, **extra}


def _number(value: Any, default: float) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return default
    return x if 0.0 <= x <= 1.0 else default


def project(store: GraphStore, day: date | None = None, *, include_confidential: bool = True
            ) -> Projection:
    """The projection of ``store`` on ``day`` (today when None).

    ``include_confidential=False`` leaves out every record marked ``confidential``
    and every link touching a confidential actor.

    >>> from kg.store.sqlite import SQLiteStore
    >>> from kg.model import Actor, Tie
    >>> s = SQLiteStore(":memory:")
    >>> _ = s.upsert([Actor(id="a", name="A", kind="person"), Actor(id="b", name="B", kind="person"),
    ...               Tie(a="a", b="b", kind="friendship", strength=0.9, start="1990", end="1991")])
    >>> project(s, date(1990, 6, 1)).graph.number_of_edges(), project(s, date(1992, 1, 1)).graph.number_of_edges()
    (1, 0)
    """
    given = day is not None
    day = day or kgtime.today()

    def keep(r: Record) -> bool:
        return include_confidential or r.sensitivity != "confidential"

    actors = {a.id: a for a in store.records("actor") if isinstance(a, Actor) and keep(a)}
    events = {e.id: e for e in store.records("event") if isinstance(e, Event) and keep(e)}
    affiliations = [a for a in store.records("affiliation") if isinstance(a, Affiliation) and keep(a)]
    restrictions = [r for r in store.records("restriction") if isinstance(r, Restriction) and keep(r)]
    situation = Situation(actors.values(), affiliations, restrictions, day)

    g = nx.MultiGraph()
    for a in actors.values():
        g.add_node(a.id, **node_attributes(a, situation))
    participations: list[Participation] = []
    for e in _links(store, situation, actors, events, keep, participations):
        g.add_edge(e["from"], e["to"], key=e["record"], **e)
    return Projection(day, g, situation, actors, events, given, participations, affiliations)


def node_attributes(a: Actor, situation: Situation) -> dict[str, Any]:
    """What a node carries: the actor's fields and its derived track and parties."""
    return {"name": a.name, "kind": a.kind, "org_type": a.org_type, "country": a.country,
            "parties": sorted(situation.parties(a.id)), "track": situation.track(a.id),
            "aliases": list(a.aliases), "description": a.description, "source": a.source,
            "confidence": a.confidence, "sensitivity": a.sensitivity,
            "restricted": a.id in situation.restricted_groups}


def _links(store: GraphStore, situation: Situation, actors: dict[str, Actor],
           events: dict[str, Event], keep: Any, participations: list[Participation]) -> Iterator[dict[str, Any]]:
    for aff in situation.affiliations:  # already filtered for the day and for confidentiality
        if aff.member in actors and aff.organization in actors:
            base = OFFICIAL_STRENGTH if aff.official else AFFILIATION_STRENGTH
            yield _edge(aff, "affiliation", aff.role or "member", _number(aff.props.get("strength"), base),
                        aff.member, aff.organization, role=aff.role, official=aff.official)
    day = situation.day
    for t in store.records("tie"):
        assert isinstance(t, Tie)
        if t.a in actors and t.b in actors and keep(t) and t.valid_on(day):
            yield _edge(t, "tie", t.kind, t.strength, t.a, t.b)
    for i in store.records("influence"):
        assert isinstance(i, Influence)
        if i.from_ in actors and i.to in actors and keep(i) and i.valid_on(day):
            yield _edge(i, "influence", i.kind, i.weight, i.from_, i.to)
    at_event: dict[str, list[Participation]] = {}
    for p in store.records("participation"):
        assert isinstance(p, Participation)
        event = events.get(p.event)
        if event is None or p.actor not in actors or not keep(p):
            continue
        if kgtime.valid_on(p.start or event.start, p.end, day):
            at_event.setdefault(p.event, []).append(p)
            participations.append(p)
    for event_id, parts in at_event.items():
        event = events[event_id]
        for p, q in combinations(sorted(parts, key=lambda x: x.actor), 2):
            if p.actor == q.actor:
                continue
            organizer = {p.role, q.role} & {"facilitator", "host"}
            e = _edge(event, "event", "shared event", FACILITATED_STRENGTH if organizer else EVENT_STRENGTH,
                      p.actor, q.actor, event=event_id, event_name=event.name,
                      roles=[p.role, q.role])
            e["confidence"] = min(event.confidence, p.confidence, q.confidence)
            e["record"] = f"event|{event_id}|{p.actor}|{q.actor}"
            e["start"], e["end"] = event.start, event.end
            e["source"] = event.source or p.source or q.source
            sens = [event.sensitivity, p.sensitivity, q.sensitivity]
            e["sensitivity"] = max(sens, key=["public", "restricted", "confidential"].index)
            yield e

