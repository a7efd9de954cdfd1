"""Channels from an actor X to a group G that X may not engage.

A channel is a chain ``X = v0, v1, ..., vk`` where ``vk`` is a member of G (the
group, its sub-organizations and their members on the day), no earlier ``vi``
is a member of G, every link is valid on the day and not hostile, and the
**contact** ``v(k-1)``, who actually touches G, is an actor for whom G is not
non-engageable on the day (data-model.md, "Channels from actor X to
non-engageable group G"). People carry messages (data-model.md v2): every
intermediary and the contact is a person; an organization is only ever the
group reached, or the context of a co-membership hop (see :mod:`kg.graph`).

**Reliability** of a channel is the product over its hops of the best link's
strength x confidence (:mod:`kg.graph` gives the strengths, the ageing of shared
meetings and the weakening of co-membership with size).

**The rule graph**: a directed igraph graph on the day's links where an arc
``u -> w`` exists when ``u`` is not a member of G and is a person (or X itself),
and either ``w`` is a person outside G or ``w`` is a member of G and ``u`` may be
the contact; every member leads to one sink. Arc lengths are ``-log reliability``
on a fine grid (:func:`kg.graph.distance`), so the shortest paths are the most
reliable channels.

- **Best channels**: greedily the best channel, then the best avoiding its
  intermediaries, and so on (these are ``independent``); remaining places are filled
  by Yen's k shortest paths (igraph ``get_k_shortest_paths``), which name the
  channels they share intermediaries with.
- **Single points of failure**: the intermediaries every channel runs through,
  exactly: the dominators of the sink in the rule graph rooted at X (igraph
  ``dominator``, Lengauer-Tarjan, linear).
- **Minimum cut**: a smallest set of intermediaries whose loss cuts every channel:
  a minimum s-t cut in the node-split rule graph (igraph ``st_mincut``); a long one
  is summarised by its size and the actors whose loss cuts most of the channels shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np

from kg.graph import Projection, distances
from kg.model import Restriction
from kg.parallel import map_parts
from queries.evidence import Hop, most_sensitive, path_hops, path_reliability
from queries.lookup import resolve_actor, resolve_group

CUT_SHOWN = 8  # past this size a minimum cut is summarised
YEN_EXTRA = 10  # Yen candidates looked at beyond the places left to fill
PARALLEL_ARCS = 200_000  # from this many arcs the channel search and the minimum cut run side by side


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

    @property
    def sensitivity(self) -> str:
        return most_sensitive(self.hops)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "names": self.names, "contact": self.contact, "member": self.member,
                "score": self.score, "independent": self.independent, "sensitivity": self.sensitivity,
                "shares_intermediaries_with": self.shares_intermediaries_with,
                "hops": [h.to_dict() for h in self.hops]}


@dataclass
class ChannelsAnswer:
    from_: str
    group: str
    as_of: str | None
    channels: list[Channel]
    single_points_of_failure: list[dict[str, str]]
    minimum_cut: list[dict[str, str]]
    non_engageable: bool
    restrictions: list[dict[str, Any]]
    message: str
    blocked: list[dict[str, Any]] = field(default_factory=list)
    minimum_cut_size: int = 0
    cut_summary: list[dict[str, Any]] = field(default_factory=list)
    records_used: str = "every record (confidential included)"

    def _levels(self) -> set[str]:
        return ({h.sensitivity for c in self.channels for h in c.hops}
                | {r.get("sensitivity", "public") for r in self.restrictions + self.blocked})

    @property
    def sensitivity(self) -> str:
        return max(self._levels(), default="public", key={"public": 0, "restricted": 1, "confidential": 2}.__getitem__)

    def heading(self) -> str:
        """A warning line when what is shown rests on restricted or confidential records."""
        marks = sorted(self._levels() - {"public"})
        if not marks:
            return ""
        return (f"NOTE: this answer includes {' and '.join(marks)} records (marked below); "
                "check before sharing it")

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.from_, "group": self.group, "as_of": self.as_of,
                "non_engageable": self.non_engageable, "restrictions": self.restrictions,
                "message": self.message, "sensitivity": self.sensitivity, "records_used": self.records_used,
                "channels": [c.to_dict() for c in self.channels],
                "single_points_of_failure": [x["id"] for x in self.single_points_of_failure],
                "single_points_of_failure_named": self.single_points_of_failure,
                "minimum_cut": [x["id"] for x in self.minimum_cut], "minimum_cut_named": self.minimum_cut,
                "minimum_cut_size": self.minimum_cut_size, "minimum_cut_summary": self.cut_summary,
                "blocked_contacts": self.blocked}


def describe_restriction(r: Restriction) -> dict[str, Any]:
    return {"group": r.group, "jurisdiction": r.jurisdiction, "kind": r.kind, "scope": r.scope,
            "start": r.start, "end": r.end, "source": r.source, "sensitivity": r.sensitivity}


def records_used(projection: Projection) -> str:
    return {2: "every record (confidential included)", 1: "public and restricted records (no confidential)",
            0: "public records only"}[projection.max_sensitivity]


def _why_bound(projection: Projection, group: str, actor: str) -> str:
    reasons = []
    s = projection.situation
    actor_rec = projection.actors[actor]
    states = s.official_states(actor)
    for r in s.binding_restrictions(group, actor):
        who = f"an official of {r.jurisdiction}" if r.jurisdiction in states else f"a national of {r.jurisdiction}"
        if actor_rec.kind == "organization" and r.jurisdiction in states:
            who = f"a state body of {r.jurisdiction}"
        span = f"{r.start or '...'} to {r.end or 'now'}"
        reasons.append(f"{who}, under the {r.kind} restriction on {r.scope} ({span}; {r.source or 'no source'})")
    return "; ".join(reasons)


@dataclass
class RuleGraph:
    """The directed graph of the channel rules, with a sink after G's members: its arcs as arrays,
    the python-igraph graph built when first used (by the channel search; the minimum cut and the
    single points of failure use a node-split graph of their own)."""

    arcs: np.ndarray  # (m, 2): tail, head
    weights: list[float]
    sink: int
    x: int
    members: np.ndarray  # vertex -> member of G
    _graph: ig.Graph | None = None

    @property
    def graph(self) -> ig.Graph:
        if self._graph is None:
            self._graph = ig.Graph(n=self.sink + 1, edges=list(zip(self.arcs[:, 0].tolist(),
                                                                  self.arcs[:, 1].tolist(), strict=True)),
                                   directed=True)
        return self._graph

    @property
    def arc_u(self) -> np.ndarray:
        return self.arcs[:, 0]

    @property
    def arc_w(self) -> np.ndarray:
        return self.arcs[:, 1]

    @property
    def arc_count(self) -> int:
        return len(self.arcs)


def rule_graph(projection: Projection, x: str, group_id: str, members: set[str],
               may_contact: Any, without: set[str] = frozenset()) -> RuleGraph:  # type: ignore[assignment]
    """The channel rules as a directed graph (see the module's docstring); ``without``: actors gone."""
    lg = projection.link_graph("all")
    n = len(projection.ids)
    ix = projection.index[x]
    member = np.zeros(n, dtype=bool)
    member[[projection.index[m] for m in members if m in projection.index]] = True
    gone = np.zeros(n, dtype=bool)
    gone[[projection.index[a] for a in without if a in projection.index]] = True
    lo, hi = lg.ends
    u = np.concatenate([lo, hi])
    w = np.concatenate([hi, lo])
    cost = np.concatenate([lg.reliability, lg.reliability])
    carrier = projection.person.copy()
    carrier[ix] = True
    ok = ~member[u] & carrier[u] & ~gone[u] & ~gone[w] & (member[w] | projection.person[w])
    # only an actor who may engage G touches it
    touching = ok & member[w]
    if touching.any():
        allowed = np.ones(n, dtype=bool)
        for c in np.unique(u[touching]).tolist():
            allowed[c] = may_contact(projection.ids[c])
        ok &= ~member[w] | allowed[u]
    u, w, cost = u[ok], w[ok], cost[ok]
    sink = n
    mem = np.flatnonzero(member & ~gone)
    arcs = np.column_stack((np.concatenate([u, mem]), np.concatenate([w, np.full(len(mem), sink)])))
    weights = distances(cost).tolist() + [0.0] * len(mem)
    return RuleGraph(arcs, weights, sink, ix, member)


def channels_to_group(projection: Projection, actor_id: str, group_id: str, top: int = 5,
                      max_hops: int = 6, without: tuple[str, ...] = ()) -> ChannelsAnswer:
    """The most reliable channels from ``actor_id`` to ``group_id`` on the projection's day.

    ``without``: answer as if these actors were gone (arrested, dead, out of office).
    """
    x = resolve_actor(projection, actor_id).id
    group = resolve_group(projection, group_id)
    g_id = group.id
    gone = {resolve_actor(projection, a).id for a in without}
    s = projection.situation
    day = projection.day.isoformat()
    as_of = day if projection.as_of_given else None
    members = s.members(g_id)
    restrictions = [describe_restriction(r) for r in s.binding_restrictions(g_id, x)]
    bound_x = bool(restrictions)
    x_name, g_name = projection.name(x), group.name
    answer = ChannelsAnswer(x, g_id, as_of, [], [], [], bound_x, restrictions, "",
                            records_used=records_used(projection))
    if x in members:
        answer.message = f"{x_name} is a member of {g_name} on {day}; no channel is needed"
        return answer
    if x in gone:
        answer.message = f"{x_name} is among the actors taken away (--without); ask from someone else"
        return answer

    allowed: dict[str, bool] = {}

    def may_contact(n: str) -> bool:
        if n not in allowed:
            allowed[n] = not s.non_engageable(g_id, n) and (projection.is_person(n) or n == x)
        return allowed[n]

    rg = rule_graph(projection, x, g_id, members, may_contact, gone)
    preamble = ""
    if not bound_x:
        preamble = (f"{g_name} is not non-engageable for {x_name} on {day}: no restriction binds "
                    f"{x_name}, who may be their own contact. ")
    # the channels (and single points of failure) and the minimum cut are independent searches of
    # the same graph: on a large one they run side by side, one per core (kg.parallel)
    def search(task: str) -> Any:
        if task == "cut":
            return cut_and_single_points(projection, rg)
        return _channels(rg, top, max_hops)

    tasks = ["channels", "cut"]
    side_by_side = rg.arc_count >= PARALLEL_ARCS
    results = map_parts(search, tasks) if side_by_side else [search(t) for t in tasks]
    chosen, reachable = results[0]
    cut, spof = results[1]
    if not reachable:
        answer.message = preamble + _explain_none(projection, rg, x, g_id, members, may_contact)
        answer.blocked = _blocked_contacts(projection, rg, x, g_id, may_contact)
        return answer
    if not chosen:
        shortest = len(rg.graph.get_shortest_path(rg.x, rg.sink, weights=rg.weights, mode="out")) - 2
        answer.message = preamble + (f"no channel within {max_hops} hops on {day}; the shortest allowed "
                                     f"channel from {x_name} to {g_name} has {shortest} hops (raise --max-hops)")
        return answer
    lg = projection.link_graph("all")
    paths = [[projection.ids[i] for i in p] for p in chosen]
    channels = [Channel(path=p, names=[projection.name(n) for n in p], contact=p[-2], member=p[-1],
                        score=round(path_reliability(projection, lg, p), 4), hops=path_hops(projection, lg, p))
                for p in paths]
    channels.sort(key=lambda c: (-c.score, len(c.path)))
    _mark_independence(channels)
    answer.channels = channels
    named = lambda a: {"id": a, "name": projection.name(a)}  # noqa: E731
    answer.single_points_of_failure = [named(a) for a in spof]
    answer.minimum_cut_size = len(cut)
    answer.minimum_cut = [named(a) for a in cut]
    if len(cut) > CUT_SHOWN:
        answer.cut_summary = _cut_summary(projection, cut, channels)
    best = channels[0]
    answer.message = preamble + (
        f"{len(channels)} channel{'s' if len(channels) != 1 else ''} from {x_name} to {g_name} on {day}; "
        f"the best reaches {projection.name(best.member)} through {projection.name(best.contact)} "
        f"(reliability {best.score:.2f})")
    return answer


def _channels(rg: RuleGraph, top: int, max_hops: int) -> tuple[list[list[int]], bool]:
    """The channels to show, and whether X reaches G at all: independent channels first, then
    Yen's next most reliable ones (within ``max_hops``) up to ``top``."""
    chosen, reachable = _independent_channels(rg, top, max_hops)
    if not reachable:
        return [], False
    seen = {tuple(p) for p in chosen}
    if len(chosen) < top:
        for p in rg.graph.get_k_shortest_paths(rg.x, rg.sink, k=top + YEN_EXTRA, mode="out",
                                               weights=rg.weights, output="vpath"):
            p = p[:-1]
            if len(p) - 1 > max_hops or tuple(p) in seen:
                continue
            chosen.append(p)
            seen.add(tuple(p))
            if len(chosen) >= top:
                break
    return chosen, True


def _independent_channels(rg: RuleGraph, top: int, max_hops: int) -> tuple[list[list[int]], bool]:
    """Greedily, the best channel, then the best avoiding its intermediaries, and so on; and
    whether there is any channel at all (of any length)."""
    out: list[list[int]] = []
    weights = np.asarray(rg.weights, dtype=float)
    while len(out) < top:
        found = canonical_shortest_path(rg.graph, weights, rg.x, rg.sink, rg.arc_u, rg.arc_w)
        if found is None:
            if not out:
                return out, False
            break
        p = found[:-1]
        if len(p) - 1 > max_hops:
            break
        out.append(p)
        inner = p[1:-1]
        if inner:
            drop = np.isin(rg.arc_u, inner) | np.isin(rg.arc_w, inner)
        else:  # X touches G directly: drop that arc so the next channel differs
            drop = (rg.arc_u == p[0]) & (rg.arc_w == p[1])
        weights[drop] = np.inf
    return out, True


def canonical_shortest_path(g: ig.Graph, weights: Any, source: int, target: int, arc_u: np.ndarray,
                            arc_w: np.ndarray) -> list[int] | None:
    """The shortest path from ``source`` to ``target`` whose vertex sequence comes first (vertices
    are numbered in actor-id order): among equally reliable channels, the same one whatever the
    engine. Lengths are whole numbers (kg.graph.distance), so equality is exact.

    One shortest-path search from ``source``; then the vertices from which ``target`` is reached
    along arcs that keep to shortest lengths (the vertices on some shortest path), found backwards
    from ``target``; then, from ``source``, always the lowest-numbered next vertex among them.
    ``arc_u``/``arc_w``: each arc's tail and head.
    """
    w = np.asarray(weights, dtype=float)
    d = np.asarray(g.distances(source, weights=w.tolist(), mode="out")[0], dtype=float)
    if not np.isfinite(d[target]):
        return None
    on = {target}
    stack = [target]
    while stack:  # backwards along tight arcs: u -> v with d[u] + w == d[v]
        v = stack.pop()
        arcs = np.asarray(g.incident(v, mode="in"), dtype=np.int64)
        if not len(arcs):
            continue
        tails = arc_u[arcs]
        tight = tails[d[tails] + w[arcs] == d[v]]
        for u in tight.tolist():
            if u not in on:
                on.add(u)
                stack.append(u)
    path, u = [source], source
    while u != target:
        arcs = np.asarray(g.incident(u, mode="out"), dtype=np.int64)
        heads = arc_w[arcs]
        tight = heads[(d[u] + w[arcs] == d[heads])]
        u = min(x for x in tight.tolist() if x in on)
        path.append(u)
    return path


def _mark_independence(channels: list[Channel]) -> None:
    independent: list[int] = []
    for i, c in enumerate(channels):
        inner = set(c.intermediaries)
        c.shares_intermediaries_with = [j + 1 for j, other in enumerate(channels)
                                        if j != i and inner & set(other.intermediaries)]
        c.independent = not any(set(channels[j].intermediaries) & inner for j in independent)
        if c.independent:
            independent.append(i)


def _split_graph(rg: RuleGraph) -> tuple[ig.Graph, list[float], float]:
    """The rule graph with each actor split in two (in-copy v, out-copy v + n + 1; the sink stays n),
    joined by an arc of capacity 1 for an intermediary and ``big`` for X and G's members."""
    n = rg.sink
    big = float(n + 2)
    inner = ~rg.members.copy()
    inner[rg.x] = False
    split_u = np.arange(n)
    cap_split = np.where(inner, 1.0, big)
    arc_from = rg.arc_u + n + 1
    arc_to = np.where(rg.arc_w == rg.sink, rg.sink, rg.arc_w)
    tails = np.concatenate([split_u, arc_from])
    heads = np.concatenate([split_u + n + 1, arc_to])
    g = ig.Graph(n=2 * n + 1, edges=list(zip(tails.tolist(), heads.tolist(), strict=True)), directed=True)
    return g, np.concatenate([cap_split, np.full(len(arc_from), big)]).tolist(), big


def cut_and_single_points(projection: Projection, rg: RuleGraph) -> tuple[list[str], list[str]]:
    """From one node-split graph: a smallest set of intermediaries whose loss cuts every channel
    (max-flow), and the single points of failure, the intermediaries every channel runs through,
    nearest X first (the sink's dominators other than X and G's members: an actor's in-copy
    dominates the sink exactly when the actor does in the rule graph)."""
    g, caps, big = _split_graph(rg)
    return _min_cut(projection, rg, g, caps, big), _dominators(projection, rg, g)


def _dominators(projection: Projection, rg: RuleGraph, g: ig.Graph) -> list[str]:
    n = rg.sink
    idom = g.dominator(rg.x + n + 1, mode="out")
    out = []
    v = idom[rg.sink]
    while v is not None and v >= 0 and v != rg.x + n + 1:
        if v < n and v != rg.x and not rg.members[v]:
            out.append(projection.ids[v])
        v = idom[v]
    return list(reversed(out))


def _min_cut(projection: Projection, rg: RuleGraph, g: ig.Graph, caps: list[float], big: float) -> list[str]:
    n = rg.sink
    cut = g.st_mincut(rg.x + n + 1, rg.sink, capacity=caps)
    if cut.value >= big:
        return []  # X touches a member directly: no set of intermediaries cuts every channel
    return sorted(projection.ids[e] for e in cut.cut if e < n)


def _cut_summary(projection: Projection, cut: list[str], channels: list[Channel]) -> list[dict[str, Any]]:
    counts = {a: sum(1 for c in channels if a in c.intermediaries) for a in cut}
    ranked = sorted(cut, key=lambda a: (-counts[a], projection.name(a)))[:5]
    return [{"id": a, "name": projection.name(a), "channels_cut": counts[a]} for a in ranked]


def _reachable(projection: Projection, rg: RuleGraph) -> list[int]:
    """The actors X reaches through people, never entering G: who might carry a message."""
    return [v for v in rg.graph.subcomponent(rg.x, mode="out") if v != rg.sink and not rg.members[v]]


def _blocked_contacts(projection: Projection, rg: RuleGraph, x: str, g_id: str,
                      may_contact: Any) -> list[dict[str, Any]]:
    lg = projection.link_graph("all")
    out = []
    for v in sorted(_reachable(projection, rg), key=lambda v: projection.ids[v]):
        a = projection.ids[v]
        touching = [projection.ids[m] for m in lg.graph.neighbors(v) if rg.members[m]]
        if touching and not may_contact(a) and (projection.is_person(a) or a == x):
            out.append({"actor": a, "name": projection.name(a), "touches": sorted(touching),
                        "why": _why_bound(projection, g_id, a)})
    return out


def _explain_none(projection: Projection, rg: RuleGraph, x: str, g_id: str, members: set[str],
                  may_contact: Any) -> str:
    day = projection.day.isoformat()
    x_name, g_name = projection.name(x), projection.name(g_id)
    lg = projection.link_graph("all")
    if lg.graph.degree(projection.index[x]) == 0:
        return f"no channel: {x_name} has no link valid on {day} (hostile ties do not count)"
    if not any(lg.graph.degree(projection.index[m]) for m in members if m in projection.index):
        return f"no channel: no member of {g_name} has a link valid on {day}"
    blocked = _blocked_contacts(projection, rg, x, g_id, may_contact)
    if blocked:
        who = "; ".join(f"{b['name']} ({b['why'] or 'an organization, which cannot carry a message'})"
                        for b in blocked)
        return (f"no channel on {day}: every person reachable from {x_name} who touches {g_name} may not "
                f"engage it: {who}")
    hostile = int(np.count_nonzero(projection.link_hostile))
    extra = f"; {hostile} hostile tie(s) were left out" if hostile else ""
    return (f"no channel on {day}: no chain of people linked by valid, non-hostile links leads from {x_name} "
            f"to someone who touches {g_name}{extra}")
