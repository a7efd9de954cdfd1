"""Channels from an actor X to a group G that X may not engage.

A channel is a chain ``X = v0, v1, ..., vk`` where ``vk`` is a member of G (the
group, its sub-organizations and their members on the day), no earlier ``vi``
is a member of G, every link is a tie, affiliation, influence or shared event
valid on the day and not hostile, and the **contact** ``v(k-1)``, who actually
touches G, is an actor for whom G is not non-engageable on the day
(data-model.md, "Channels from actor X to non-engageable group G").

**Reliability** of a channel is the product over its hops of the link's
strength times its confidence; between two actors linked several ways the
most reliable link carries the hop. Strengths (see :mod:`kg.graph`): a tie its
``strength``; an influence its ``weight``; an affiliation 0.6 (0.8 for an
official role) unless the data gives a ``strength``; a shared event 0.4 (0.5
when one of the two facilitated or hosted it), with the lowest confidence of
the event and the two participations.

**Search**: the best channels are shortest paths on ``-log reliability`` in a
directed graph built under the rules: intermediaries are the actors that are
not members of G; only an actor allowed to be the contact has links into G's
members; the members lead to one sink. Yen's k-shortest simple paths
(networkx ``shortest_simple_paths``) then gives channels best first, without
listing every path and filtering.

**Alternatives**: channels are first chosen greedily to share no intermediary
(each next-best channel avoiding the intermediaries of those already chosen);
these are marked ``independent``. Remaining places are filled with the next
best channels, which name the channels they share intermediaries with.

**Single points of failure**: the intermediaries that every channel on the day
runs through (a vertex cut of size one, tested exactly, not read off the top
channels); ``minimum_cut`` is a smallest set of intermediaries whose loss would
cut every channel (networkx ``minimum_node_cut``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import networkx as nx

from kg.graph import Projection
from kg.model import Restriction
from queries.evidence import Hop, path_hops, path_reliability
from queries.lookup import resolve_actor, resolve_group

SINK = ("__group__",)  # a node no actor id can equal
MAX_CANDIDATES = 200


@dataclass
class Channel:
    path: list[str]
    names: list[str]
    contact: str
    member: str
    score: float
    hops: list[Hop]
    independent: bool = True
    shares_intermediaries_with: list[int] = field(default_factory=list)

    @property
    def intermediaries(self) -> list[str]:
        return self.path[1:-1]

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "names": self.names, "contact": self.contact, "member": self.member,
                "score": self.score, "independent": self.independent,
                "shares_intermediaries_with": self.shares_intermediaries_with,
                "hops": [h.to_dict() for h in self.hops]}


@dataclass
class ChannelsAnswer:
    from_: str
    group: str
    as_of: str | None
    channels: list[Channel]
    single_points_of_failure: list[str]
    minimum_cut: list[str]
    non_engageable: bool
    restrictions: list[dict[str, Any]]
    message: str
    blocked: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.from_, "group": self.group, "as_of": self.as_of,
                "non_engageable": self.non_engageable, "restrictions": self.restrictions,
                "message": self.message, "channels": [c.to_dict() for c in self.channels],
                "single_points_of_failure": self.single_points_of_failure,
                "minimum_cut": self.minimum_cut, "blocked_contacts": self.blocked}


def describe_restriction(r: Restriction) -> dict[str, Any]:
    return {"group": r.group, "jurisdiction": r.jurisdiction, "kind": r.kind, "scope": r.scope,
            "start": r.start, "end": r.end, "source": r.source}


def _why_bound(projection: Projection, group: str, actor: str) -> str:
    reasons = []
    s = projection.situation
    actor_rec = projection.actors[actor]
    for r in s.binding_restrictions(group, actor):
        who = (f"an official of {r.jurisdiction}" if r.jurisdiction in s.official_states(actor)
               else f"a national of {r.jurisdiction}")
        if actor_rec.kind == "organization" and r.jurisdiction in s.official_states(actor):
            who = f"a state body of {r.jurisdiction}"
        span = f"{r.start or '...'} to {r.end or 'now'}"
        reasons.append(f"{who}, under the {r.kind} restriction on {r.scope} ({span}; {r.source or 'no source'})")
    return "; ".join(reasons)


def channels_to_group(projection: Projection, actor_id: str, group_id: str, top: int = 5,
                      max_hops: int = 6) -> ChannelsAnswer:
    """The most reliable channels from ``actor_id`` to ``group_id`` on the projection's day."""
    x = resolve_actor(projection, actor_id).id
    group = resolve_group(projection, group_id)
    g_id = group.id
    s = projection.situation
    day = projection.day.isoformat()
    as_of = day if projection.as_of_given else None
    members = s.members(g_id)
    restrictions = [describe_restriction(r) for r in s.binding_restrictions(g_id, x)]
    bound_x = bool(restrictions)
    x_name, g_name = projection.name(x), group.name
    answer = ChannelsAnswer(x, g_id, as_of, [], [], [], bound_x, restrictions, "")
    if x in members:
        answer.message = f"{x_name} is a member of {g_name} on {day}; no channel is needed"
        return answer

    links = projection.links(exclude_hostile=True)
    allowed: dict[str, bool] = {}

    def may_contact(n: str) -> bool:
        if n not in allowed:
            allowed[n] = not s.non_engageable(g_id, n)
        return allowed[n]

    d = nx.DiGraph()
    for u, v, data in links.edges(data=True):
        r = data["reliability"]
        if r <= 0:
            continue
        cost = -math.log(r) + 1e-9
        for a, b in ((u, v), (v, u)):
            if a in members:
                continue  # members are never intermediaries
            if b in members:
                if may_contact(a):
                    d.add_edge(a, b, cost=cost)
            else:
                d.add_edge(a, b, cost=cost)
    for m in members:
        if d.has_node(m):
            d.add_edge(m, SINK, cost=0.0)

    preamble = ""
    if not bound_x:
        preamble = (f"{g_name} is not non-engageable for {x_name} on {day}: no restriction binds "
                    f"{x_name}, who may be their own contact. ")
    if x not in d or SINK not in d or not nx.has_path(d, x, SINK):
        answer.message = preamble + _explain_none(projection, links, x, g_id, members, may_contact)
        answer.blocked = _blocked_contacts(projection, links, x, g_id, members, may_contact)
        return answer

    chosen = _independent_channels(d, x, top, max_hops)
    seen = {tuple(p) for p in chosen}
    if len(chosen) < top:
        for p in islice(nx.shortest_simple_paths(d, x, SINK, weight="cost"), MAX_CANDIDATES):
            p = p[:-1]
            if len(p) - 1 > max_hops or tuple(p) in seen:
                continue
            chosen.append(p)
            seen.add(tuple(p))
            if len(chosen) >= top:
                break
    if not chosen:
        shortest = len(nx.shortest_path(d, x, SINK)) - 2
        answer.message = preamble + (f"no channel within {max_hops} hops on {day}; the shortest allowed "
                                     f"channel from {x_name} to {g_name} has {shortest} hops (raise --max-hops)")
        return answer
    channels = [_channel(projection, links, p) for p in chosen]
    channels.sort(key=lambda c: (-c.score, len(c.path)))
    _mark_independence(channels)
    answer.channels = channels
    answer.single_points_of_failure = _single_points(d, x, chosen[0] if chosen else [])
    answer.minimum_cut = _minimum_cut(d, x, members)
    best = channels[0]
    answer.message = preamble + (
        f"{len(channels)} channel{'s' if len(channels) != 1 else ''} from {x_name} to {g_name} on {day}; "
        f"the best reaches {projection.name(best.member)} through {projection.name(best.contact)} "
        f"(reliability {best.score:.2f})")
    return answer


def _independent_channels(d: nx.DiGraph, x: str, top: int, max_hops: int) -> list[list[str]]:
    """Greedily, the best channel, then the best avoiding its intermediaries, and so on."""
    out: list[list[str]] = []
    h = d.copy()
    while len(out) < top:
        try:
            p = nx.shortest_path(h, x, SINK, weight="cost")[:-1]
        except nx.NetworkXNoPath:
            break
        if len(p) - 1 > max_hops:
            break
        out.append(p)
        inner = p[1:-1]
        if not inner:  # X touches G directly: drop that link so the next channel differs
            h.remove_edge(p[0], p[1])
        h.remove_nodes_from(inner)
    return out


def _mark_independence(channels: list[Channel]) -> None:
    independent: list[int] = []
    for i, c in enumerate(channels):
        inner = set(c.intermediaries)
        shares = [j + 1 for j, other in enumerate(channels) if j != i and inner & set(other.intermediaries)]
        c.shares_intermediaries_with = shares
        c.independent = not any(set(channels[j].intermediaries) & inner for j in independent)
        if c.independent:
            independent.append(i)


def _channel(projection: Projection, links: nx.Graph, path: list[str]) -> Channel:
    hops = path_hops(links, path)
    return Channel(path=list(path), names=[projection.name(n) for n in path], contact=path[-2], member=path[-1],
                   score=round(path_reliability(links, path), 4), hops=hops)


def _single_points(d: nx.DiGraph, x: str, some_path: list[str]) -> list[str]:
    """Intermediaries every channel runs through: those of one channel whose removal cuts X from G."""
    out = []
    for v in some_path[1:-1]:
        h = nx.restricted_view(d, [v], [])
        if not nx.has_path(h, x, SINK):
            out.append(v)
    return out


def _minimum_cut(d: nx.DiGraph, x: str, members: set[str]) -> list[str]:
    """A smallest set of intermediaries whose loss cuts every channel (members merged into the sink)."""
    h = nx.DiGraph()
    for u, v in d.edges():
        if u in members or u == SINK:
            continue
        h.add_edge(u, SINK if v in members else v)
    if h.has_edge(x, SINK) or not (x in h and SINK in h):
        return []
    return sorted(nx.minimum_node_cut(h, x, SINK))


def _reachable_without_members(links: nx.Graph, x: str, members: set[str]) -> set[str]:
    seen, stack = {x}, [x]
    while stack:
        for n in links[stack.pop()]:
            if n not in seen and n not in members:
                seen.add(n)
                stack.append(n)
    return seen


def _blocked_contacts(projection: Projection, links: nx.Graph, x: str, g_id: str, members: set[str],
                      may_contact: Any) -> list[dict[str, Any]]:
    if x not in links:
        return []
    reach = _reachable_without_members(links, x, members)
    out = []
    for n in sorted(reach):
        touching = [m for m in links[n] if m in members]
        if touching and not may_contact(n):
            out.append({"actor": n, "name": projection.name(n), "touches": touching,
                        "why": _why_bound(projection, g_id, n)})
    return out


def _explain_none(projection: Projection, links: nx.Graph, x: str, g_id: str, members: set[str],
                  may_contact: Any) -> str:
    day = projection.day.isoformat()
    x_name, g_name = projection.name(x), projection.name(g_id)
    if x not in links or links.degree(x) == 0:
        return f"no channel: {x_name} has no link valid on {day} (hostile ties do not count)"
    linked_members = [m for m in members if m in links and links.degree(m) > 0]
    if not linked_members:
        return f"no channel: no member of {g_name} has a link valid on {day}"
    blocked = _blocked_contacts(projection, links, x, g_id, members, may_contact)
    if blocked:
        who = "; ".join(f"{b['name']} ({b['why']})" for b in blocked)
        return (f"no channel on {day}: every actor reachable from {x_name} who touches {g_name} may not "
                f"engage it: {who}")
    hostile = [(u, v) for u, v, e in projection.graph.edges(data=True)
               if e["relationship"] == "tie" and e["kind"] == "hostile" and (u in members or v in members)]
    extra = f"; {len(hostile)} hostile tie(s) to members were left out" if hostile else ""
    return (f"no channel on {day}: no chain of valid, non-hostile links leads from {x_name} to an actor who "
            f"touches {g_name}{extra}")
