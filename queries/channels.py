"""Channels from an actor X to a group G that X may not engage.

A channel is a chain ``X = v0, v1, ..., vk`` where ``vk`` is a member of G (the
group, its sub-organizations and their members on the day), no earlier ``vi``
is a member of G, every link is valid on the day and not hostile, and the
**contact** ``v(k-1)``, who actually touches G, is an actor for whom G is not
non-engageable on the day (data-model.md, "Channels from actor X to
non-engageable group G"), nor any body of G that ``vk`` belongs to under a
restriction of its own (:class:`InsideBars`: the contact engages the armed wing
whose commander they meet). People carry messages (data-model.md v2): every
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
  channels they share intermediaries with. Each search is Dijkstra's from X stopped
  once every actor as near as G is settled (:func:`nearest_distances`: a channel of a
  few hops settles a few dozen actors), handed over to igraph's Dijkstra over the
  whole graph past :data:`SETTLE_BUDGET` actors.
- **Single points of failure**: the intermediaries every channel runs through, and the
  member of the group every channel ends at when it has others, exactly: the dominators
  of the sink in the rule graph rooted at X (igraph ``dominator``, Lengauer-Tarjan,
  linear; Menger: two disjoint channels leave no intermediary among them).
- **Minimum cut**: a smallest set of intermediaries whose loss cuts every channel:
  a minimum s-t cut in the node-split rule graph (igraph ``st_mincut``); a long one
  is summarised by its size and the actors whose loss cuts most of the channels shown.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import igraph as ig
import numpy as np

from kg.graph import (
    SENSITIVITIES,
    HopBounded,
    Projection,
    bounded_k_shortest_paths,
    distances,
    igraph_from_arcs,
    most_sensitive,
    unreachable_is_quiet,
)
from kg.model import Restriction
from kg.rules import _believed
from kg.text import counted, rounded, shown
from queries.connections import TIED_PATHS
from queries.evidence import Hop, hops_sensitivity, path_hops, path_reliability
from queries.lookup import resolve_actor, resolve_group

CUT_SHOWN = 8  # past this size a minimum cut is summarised
YEN_EXTRA = 10  # Yen candidates looked at beyond the places left to fill
# equally reliable channels looked at beyond those, to show the ones whose ids come first: at most this many
# arcs x channels (each channel Yen's search finds costs about a shortest-path search per hop), so a few
# seconds; past it (thousands of equal channels on a network of 100,000 arcs) the search's order shows
TIE_BUDGET = 2_000_000


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
    membership: str = "public"  # what "the member belongs to the group" rests on
    # what "the contact is free to engage the group" rests on, when a restriction would bind the contact but
    # for its being inside the restricted body (a confidential membership of the banned movement)
    contact_free: str = "public"
    # the least confidence of the affiliations that make the member one of the group, when below 1 (a reader of the
    # Northern Ireland back channel: a channel's end a member at confidence 0.5, said nowhere); the score is the
    # hops' alone
    member_confidence: float | None = None
    group_name: str = ""

    @property
    def intermediaries(self) -> list[str]:
        return self.path[1:-1]

    @property
    def sensitivity(self) -> str:
        return most_sensitive(hops_sensitivity(self.hops), self.membership, self.contact_free)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "names": self.names, "contact": self.contact, "member": self.member,
                "score": self.score, "independent": self.independent, "sensitivity": self.sensitivity,
                "shares_intermediaries_with": self.shares_intermediaries_with,
                "member_confidence": self.member_confidence, "hops": [h.to_dict() for h in self.hops]}


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
    minimum_cut_size: int | None = 0  # None: the asker touches the group itself, no one can cut that
    cut_summary: list[dict[str, Any]] = field(default_factory=list)
    records_used: str = "every record (confidential included)"
    message_sensitivity: str = "public"  # of what the message says (a membership, the contacts barred)
    fewest_hops: int | None = None  # when channels exist but none within --max-hops: the fewest any takes
    # what "single points of failure" and the smallest cut rest on (so a "none" is marked too)
    points_sensitivity: str = "public"
    cut_sensitivity: str = "public"  # what the smallest cut (its size, who is in it) rests on, as a whole
    # the restrictions that bind the asker on a body inside the group (its armed wing): not the group's
    restrictions_inside: list[dict[str, Any]] = field(default_factory=list)

    def _levels(self) -> set[str]:
        return ({c.sensitivity for c in self.channels}
                | {h.enmity["sensitivity"] for c in self.channels for h in c.hops if h.enmity}
                | {x.get("sensitivity", "public") for x in self.single_points_of_failure + self.minimum_cut}
                | {r.get("sensitivity", "public") for r in self.restrictions + self.blocked + self.restrictions_inside}
                | {m.get("sensitivity", "public") for r in self.restrictions_inside for m in r.get("members", [])}
                | {self.message_sensitivity, self.points_sensitivity, self.cut_sensitivity})

    @property
    def sensitivity(self) -> str:
        return max(self._levels(), default="public", key={"public": 0, "restricted": 1, "confidential": 2}.__getitem__)

    def heading(self) -> str:
        """A warning line when what is shown rests on restricted or confidential records."""
        marks = sorted(self._levels() - {"public"}, key=("public", "restricted", "confidential").index)
        if not marks:
            return ""
        return (f"NOTE: this answer includes {' and '.join(marks)} records (marked below); "
                "check before sharing it")

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.from_, "group": self.group, "as_of": self.as_of,
                "non_engageable": self.non_engageable, "restrictions": self.restrictions,
                "restrictions_inside": self.restrictions_inside,
                "message": self.message, "sensitivity": self.sensitivity, "records_used": self.records_used,
                "channels": [c.to_dict() for c in self.channels],
                "single_points_of_failure": [x["id"] for x in self.single_points_of_failure],
                "single_points_of_failure_named": self.single_points_of_failure,
                "minimum_cut": [x["id"] for x in self.minimum_cut], "minimum_cut_named": self.minimum_cut,
                "minimum_cut_size": self.minimum_cut_size, "minimum_cut_summary": self.cut_summary,
                "single_points_of_failure_sensitivity": self.points_sensitivity,
                "minimum_cut_sensitivity": self.cut_sensitivity,
                "blocked_contacts": self.blocked}


def _doubted_membership(projection: Projection, member: str, group: str) -> float | None:
    """How sure it is that ``member`` belongs to ``group``, when less than sure: of its ways up, the best one's
    weakest affiliation (a leader sure and a spokesman doubted is sure: a second reader); one not believed (confidence
    0, kg.rules._believed) is none.

    >>> from kg.model import Affiliation as A
    >>> _best_way([A(member="m", organization="g", confidence=0.5), A(member="m", organization="w", confidence=0.9),
    ...            A(member="w", organization="g", confidence=0.8)], "m", "g")
    0.8
    """
    if member == group:
        return None
    best = _best_way(projection.situation.ways_up(member, group), member, group)
    return best if 0 < best < 1 else None


def _best_way(affiliations: list[Any], start: str, goal: str) -> float:
    """The largest, over the ways from ``start`` up to ``goal`` through ``affiliations``, of each way's least
    confidence (0 when there is none)."""
    best = {start: 1.0}
    changed = True
    while changed:  # (a few affiliations: relaxed until nothing betters)
        changed = False
        for a in affiliations:
            if a.member in best and _believed(a):
                width = min(best[a.member], a.confidence)
                if width > best.get(a.organization, 0.0):
                    best[a.organization] = width
                    changed = True
    return best.get(goal, 0.0)


def describe_restriction(r: Restriction) -> dict[str, Any]:
    return {"group": r.group, "jurisdiction": r.jurisdiction, "kind": r.kind, "scope": r.scope,
            "start": r.start, "end": r.end, "source": r.source, "sensitivity": r.sensitivity,
            "confidence": r.confidence}


def records_used(projection: Projection) -> str:
    return {2: "every record (confidential included)", 1: "public and restricted records (no confidential)",
            0: "public records only"}[projection.max_sensitivity]


def _why_bound(projection: Projection, group: str, actor: str) -> str:
    reasons = []
    s = projection.situation
    actor_rec = projection.actors[actor]
    states = s.official_states(actor)
    for r in s.binding_restrictions(group, actor):
        place = {"UN": "a state", "EU": "a member state of the EU"}.get(r.jurisdiction, r.jurisdiction)
        # (a UN restriction binds every state's officials, or every national; the EU's, its members')
        official = r.jurisdiction in states or (r.scope == "officials" and r.jurisdiction in ("UN", "EU"))
        who = f"an official of {place}" if official else (
            "a national of any state" if r.jurisdiction == "UN" else f"a national of {place}")
        if actor_rec.kind == "organization" and official:
            who = f"a state body of {place}"
        span = f"{r.start or '...'} to {r.end or 'now'}"
        reasons.append(f"{who}, under the {r.kind} restriction on {r.scope} ({span}; {r.source or 'no source'})")
    return "; ".join(reasons)


@dataclass
class RuleGraph:
    """The directed graph of the channel rules, with a sink after G's members: its arcs as arrays
    and, built when first used, their out-adjacency (the channel search) and a python-igraph graph
    (Yen's algorithm and the explanations; the minimum cut and the single points of failure use a
    node-split graph of their own)."""

    arcs: np.ndarray  # (m, 2): tail, head
    weights: np.ndarray  # arc -> length (whole numbers, kg.graph.distance)
    sink: int
    x: int
    members: np.ndarray  # vertex -> member of G
    people_in_group: int = 0  # G's members who are people and not gone
    # arc -> the sensitivity level (0-2) of the least sensitive usable link between its two actors (what
    # "they are linked" rests on), or, for a member's arc to the sink, of what makes it a member of G
    arc_sensitivity: np.ndarray | None = None
    person: np.ndarray | None = None  # vertex -> a person (the group's people are counted again without arcs)
    _graph: ig.Graph | None = None
    _out: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @property
    def graph(self) -> ig.Graph:
        if self._graph is None:
            self._graph = igraph_from_arcs(self.sink + 1, self.arc_u, self.arc_w, directed=True)
        return self._graph

    @property
    def out(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The arcs by tail: ``(start, heads, arcs)``; vertex ``u``'s arcs are
        ``arcs[start[u]:start[u + 1]]``, leading to ``heads[start[u]:start[u + 1]]``."""
        if self._out is None:
            order = np.argsort(self.arc_u, kind="stable")
            start = np.zeros(self.sink + 2, dtype=np.int64)
            np.cumsum(np.bincount(self.arc_u, minlength=self.sink + 1), out=start[1:])
            self._out = (start, self.arc_w[order], order)
        return self._out

    @property
    def arc_u(self) -> np.ndarray:
        return self.arcs[:, 0]

    @property
    def arc_w(self) -> np.ndarray:
        return self.arcs[:, 1]


def rule_graph(projection: Projection, x: str, group_id: str, members: set[str],
               may_contact: Any, without: set[str] = frozenset(),  # type: ignore[assignment]
               barred_inside: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None) -> RuleGraph:
    """The channel rules as a directed graph (see the module's docstring); ``without``: actors gone;
    ``barred_inside(u, w)``: which of the arcs from contacts ``u`` to members ``w`` a restriction on a body
    inside the group bars (:class:`InsideBars`)."""
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
    level = projection.pair_levels(lo, hi)
    level = np.concatenate([level, level])
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
        if barred_inside is not None:
            touching = np.flatnonzero(ok & member[w])
            ok[touching[barred_inside(u[touching], w[touching])]] = False
    u, w, cost, level = u[ok], w[ok], cost[ok], level[ok]
    if not projection.person[ix]:
        # an organization asks through its people, those in its bodies too (a government's ministers, through
        # their ministries): each is a first hop, as reliable as the affiliations of the way, or the direct link
        # where that is more reliable (an adversarial reader: Gov A had "no channel" where its minister had
        # one, and the government of Israel a single point of failure in its cabinet secretary)
        avoid = {projection.ids[i] for i in np.flatnonzero(gone).tolist()}
        at = {int(w[i]): int(i) for i in np.flatnonzero(u == ix).tolist()}
        more_w: list[int] = []
        more_cost: list[float] = []
        more_level: list[int] = []
        for m, way in sorted(projection.ways_down(x, avoid).items()):  # (one search from the organization)
            im = projection.index.get(m)
            if im is None or not projection.person[im] or gone[im]:
                continue
            if len(way[1]) < 2:  # (a direct affiliation is a link of the day already)
                continue
            if member[im] and (not may_contact(x) or (barred_inside is not None and
                                                      barred_inside(np.array([ix]), np.array([im]))[0])):
                continue  # (its person in the group: the organization touches it, as its contact)
            lvl = SENSITIVITIES.index(projection.way_sensitivity(m, x))
            if im in at:
                if way[0] > cost[at[im]]:
                    cost[at[im]], level[at[im]] = way[0], lvl
            else:
                more_w.append(im)
                more_cost.append(way[0])
                more_level.append(lvl)
        if more_w:
            u = np.concatenate([u, np.full(len(more_w), ix)])
            w = np.concatenate([w, np.array(more_w, dtype=w.dtype)])
            cost = np.concatenate([cost, np.array(more_cost)])
            level = np.concatenate([level, np.array(more_level, dtype=level.dtype)])
    sink = n
    mem = np.flatnonzero(member & ~gone)
    arcs = np.column_stack((np.concatenate([u, mem]), np.concatenate([w, np.full(len(mem), sink)])))
    weights = np.concatenate([distances(cost), np.zeros(len(mem))])
    belongs = np.array([SENSITIVITIES.index(projection.way_sensitivity(projection.ids[m], group_id)) for m in mem],
                       dtype=np.int8)
    return RuleGraph(arcs, weights, sink, ix, member, int(np.count_nonzero(member & ~gone & projection.person)),
                     np.concatenate([level, belongs]), projection.person)


def _membership_confidence(s: Any, member: str, body: str) -> float:
    """How sure it is that ``member`` belongs to ``body``: along the best way up, its least sure affiliation."""
    ways = s.ways_up(member, body)
    best: dict[str, float] = {body: 1.0}

    def of(a: str, seen: frozenset[str]) -> float:
        if a not in best:
            best[a] = max((min(f.confidence, of(f.organization, seen | {a})) for f in ways
                           if f.member == a and f.organization not in seen), default=0.0)
        return best[a]

    return of(member, frozenset())


class InsideBars:
    """The restrictions on bodies inside a group, or beside it, that its members belong to (a movement's
    armed wing under a ban the movement is not under; a banned front a professor of the university asked
    about belongs to): the contact who touches such a member engages that body too, so one bound by its
    own restriction may not be the contact (an adversarial reader: `kg channels` had a minister meet the
    banned wing's commander, where `kg gaps` said the step broke the ban). Restrictions on the group or a
    body above it are the group's own, not these. ``barred`` keeps what each bar found rests on."""

    def __init__(self, projection: Projection, group_id: str, members: set[str]) -> None:
        s = self.situation = projection.situation
        self.projection, self.group = projection, group_id
        self.above = set(s.ancestors(group_id))  # (restrictions there make the group itself non-engageable)
        within = s.members(group_id)
        self.bodies: list[tuple[str, np.ndarray]] = []
        self.inside: dict[str, bool] = {}  # body -> part of the group (else beside it)
        for body in sorted(s.restricted_groups - self.above):
            touched = s.members(body) & members
            if touched and body in projection.index:
                mask = np.zeros(len(projection.ids), dtype=bool)
                mask[[projection.index[m] for m in touched if m in projection.index]] = True
                self.bodies.append((body, mask))
                self.inside[body] = body in within
        self._bound: dict[tuple[str, int], list[Restriction]] = {}
        self.barred: set[str] = set()  # how sensitive each bar found is

    def __bool__(self) -> bool:
        return bool(self.bodies)

    def own(self, body: str, c: int) -> list[Restriction]:
        """The restrictions that bind actor ``c`` (a vertex) on ``body``, but the group's own."""
        if (body, c) not in self._bound:  # (those on a body it belongs to are that body's: listed under it)
            self._bound[body, c] = [r for r in self.situation.binding_restrictions(body, self.projection.ids[c])
                                    if r.group == body]
        return self._bound[body, c]

    def bound(self, body: str, c: int) -> bool:
        return bool(self.own(body, c))

    def barring(self, c: str, member: str) -> list[tuple[str, list[Restriction]]]:
        """The bodies (and their restrictions) that bar ``c`` from touching ``member``."""
        p = self.projection
        if c not in p.index or member not in p.index:
            return []
        return [(body, self.own(body, p.index[c])) for body, mask in self.bodies
                if mask[p.index[member]] and self.bound(body, p.index[c])]

    def rests(self, body: str) -> str:
        """What "``body`` is part of the group", or "members of the group belong to it", rests on."""
        p = self.projection
        if self.inside[body]:
            return p.way_sensitivity(body, self.group)
        mask = dict(self.bodies)[body]
        # (a public member of both makes it public, whatever the others)
        return min((most_sensitive(p.way_sensitivity(p.ids[m], body), p.way_sensitivity(p.ids[m], self.group))
                    for m in np.flatnonzero(mask).tolist()), key=SENSITIVITIES.index, default="public")

    def __call__(self, u: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Which arcs ``u[i] -> w[i]`` (a contact to a member) a restriction on a body ``w[i]`` belongs to bars."""
        p = self.projection
        out = np.zeros(len(u), dtype=bool)
        for body, mask in self.bodies:
            hit = mask[w]
            if not hit.any():
                continue
            bound = np.zeros(len(p.ids) + 1, dtype=bool)
            for c in np.unique(u[hit]).tolist():
                bound[c] = self.bound(body, c)
            now = hit & bound[u]
            for c, m in {(int(a), int(b)) for a, b in zip(u[now], w[now], strict=True)}:
                self.barred.update(most_sensitive(r.sensitivity, p.upward_sensitivity(p.ids[c]),
                                                  p.way_sensitivity(p.ids[m], r.group))
                                   for r in self.own(body, c))
            out |= now
        return out

    def bars(self, c: str, touched: list[str]) -> list[str]:
        """The bodies whose restrictions bar ``c`` from every member of ``touched`` it touches that
        the group's own restrictions do not (empty when one of them is open to ``c``)."""
        found: list[str] = []
        for m in touched:
            mine = [body for body, _rules in self.barring(c, m)]
            if not mine:
                return []
            found += [b for b in mine if b not in found]
        return found


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
    members = projection.member_of(g_id)  # (by affiliations of reliability above 0)
    # a restriction binds X through what X is (an official's ways up, a nationality) and through what
    # puts G under it (the ways up from G to the restricted body): marked by all of them
    restrictions = [{**describe_restriction(r), "sensitivity": most_sensitive(
        r.sensitivity, projection.upward_sensitivity(x), projection.way_sensitivity(g_id, r.group))}
        for r in s.binding_restrictions(g_id, x)]
    bound_x = bool(restrictions)
    x_name, g_name = projection.name(x), group.name
    answer = ChannelsAnswer(x, g_id, as_of, [], [], [], bound_x, restrictions, "",
                            records_used=records_used(projection))
    asked = most_sensitive(projection.actors[x].sensitivity, group.sensitivity)  # every message names them
    answer.message_sensitivity = asked
    if x in members:
        answer.message = (f"{x_name} is the group itself; no channel is needed" if x == g_id else
                          f"{x_name} is a member of {g_name} on {day}; no channel is needed")
        answer.message_sensitivity = most_sensitive(asked, projection.upward_sensitivity(x))
        # ("none": X needs no channel, being a member)
        answer.points_sensitivity = answer.cut_sensitivity = answer.message_sensitivity
        return answer
    if x in gone:
        answer.message = f"{x_name} is among the actors taken away (--without); ask from someone else"
        return answer

    allowed: dict[str, bool] = {}
    barred_by: list[str] = []  # how sensitive each restriction is that bars a would-be contact
    # contact -> what its being free rests on, where a restriction would bind it but for its being inside
    # the restricted body (an adversarial reader: a confidential member of the banned movement was the
    # contact of an unmarked channel, which told that a national was free to engage it)
    free_by: dict[str, str] = {}

    def may_contact(n: str) -> bool:
        if n not in allowed:
            barred = s.non_engageable(g_id, n)
            allowed[n] = not barred and (projection.is_person(n) or n == x)
            if allowed[n] and (free := projection.exemption_sensitivity(g_id, n)) != "public":
                free_by[n] = free
            if barred:
                barred_by.extend(most_sensitive(r.sensitivity, projection.upward_sensitivity(n),
                                                projection.way_sensitivity(g_id, r.group))
                                 for r in s.binding_restrictions(g_id, n))
        return allowed[n]

    inside = InsideBars(projection, g_id, members)
    rg = rule_graph(projection, x, g_id, members, may_contact, gone, inside or None)

    def rebuild(fewer_members: set[str]) -> RuleGraph:  # (without the members a sensitive affiliation makes)
        return rule_graph(projection, x, g_id, fewer_members, may_contact, gone, inside or None)

    ix = projection.index[x]
    # each with the group's people who belong to the body, and how sure that is: a rumour of confidence 0.3
    # barred the channel of the day, and the answer named no one (a truth reader: Hume -> Adams in 1993)
    answer.restrictions_inside = [
        {**describe_restriction(r), "group_name": projection.name(body), "inside": inside.inside[body],
         # each marked by itself and its way up to the body (a second reader found a confidential membership
         # named, unmarked, beside a public one; the line's own mark is the ban's), and, of a body beside the
         # group, its way up to the group too: the line names them as the group's people (a mediator found
         # Adams named an IRA member unmarked and sure, by his public Sinn Féin post, where his IRA membership
         # was restricted, of confidence 0.3)
         "members": [{"id": m, "name": projection.name(m),
                      "confidence": min(_membership_confidence(s, m, body),
                                        1.0 if inside.inside[body] else _membership_confidence(s, m, g_id)),
                      "sensitivity": most_sensitive(projection.actors[m].sensitivity,
                                                    projection.way_sensitivity(m, body),
                                                    "public" if inside.inside[body]
                                                    else projection.way_sensitivity(m, g_id))}
                     for m in sorted((projection.ids[i] for i in np.flatnonzero(mask)
                                      if projection.person[i]), key=lambda m: (projection.name(m), m))],
         "sensitivity": most_sensitive(r.sensitivity, projection.upward_sensitivity(x),
                                       projection.actors[body].sensitivity, inside.rests(body))}
        for body, mask in inside.bodies for r in inside.own(body, ix)]
    if not bound_x:  # (the first line names them, and says that no restriction binds X: as sensitive as that)
        asked = answer.message_sensitivity = most_sensitive(asked, *(r["sensitivity"]
                                                                     for r in answer.restrictions_inside),
                                                            projection.exemption_sensitivity(g_id, x))
    preamble = ""
    if not bound_x:
        barred = sorted({r["group_name"] for r in answer.restrictions_inside})
        preamble = (f"{x_name} may engage {g_name} on {day}: no restriction binds {x_name}, who may be "
                    "their own contact" + (f", but not with the members of {', '.join(barred)} (under a restriction)"
                                           if barred else "") + ". ")
    # the channel search settles only the actors nearer than the channels it finds; the minimum cut
    # and the single points of failure need the whole rule graph, split (the longer of the two)
    chosen, reachable = _channels(rg, top, max_hops)
    found = cut_and_single_points(projection, rg) if reachable else None
    cut, spof = (found.cut, found.single_points) if found is not None else ([], [])
    # X touches a member itself: no set of people cuts every channel (null in JSON, not 0: nothing to cut)
    cut_size = None if reachable and not cut else len(cut)
    if not reachable:
        why, hostile = _explain_none(projection, rg, x, g_id, members, may_contact, inside=inside)
        answer.message = preamble + (why[:1].upper() + why[1:] if preamble else why)  # (a sentence after it)
        answer.blocked = _blocked_contacts(projection, rg, x, g_id, may_contact, inside)

        def said(r: RuleGraph, level: int) -> tuple[str, list[str]]:
            return (_explain_none(projection, r, x, g_id, members, may_contact, level, inside)[0],
                    [b["actor"] for b in _blocked_contacts(projection, r, x, g_id, may_contact, inside)])

        # who X reaches, and so who is barred and which hostile ties are counted, rests on the links and
        # memberships without which the answer would read otherwise
        whole = (why, [b["actor"] for b in answer.blocked])
        answer.message_sensitivity = most_sensitive(asked, hostile, _rests_on(projection, rg, whole, said, rebuild),
                                                    *(b["sensitivity"] for b in answer.blocked), *free_by.values())
        return answer
    def named(a: str, rests: str = "public") -> dict[str, str]:
        return {"id": a, "name": projection.name(a), "sensitivity": most_sensitive(projection.actors[a].sensitivity,
                                                                                  rests)}

    if not chosen:
        with unreachable_is_quiet():  # the fewest hops any allowed channel takes
            shortest = len(rg.graph.get_shortest_path(rg.x, rg.sink, mode="out")) - 2
        answer.fewest_hops = shortest
        answer.message = preamble + (f"{'N' if preamble else 'n'}o channel within {counted(max_hops, 'hop')} on "
                                     f"{day}; the shortest "
                                     f"allowed channel from {x_name} to {g_name} has {counted(shortest, 'hop')} "
                                     "(raise --max-hops)")
        # who cuts every channel does so however long the channels (what whatif and changes compare)
        assert found is not None  # (there is a channel, only a longer one)
        marks = points_marks(projection, rg, found, rebuild)
        barring = most_sensitive(*(r["sensitivity"] for r in answer.restrictions), *barred_by, *inside.barred,
                                 *free_by.values())
        _mark_points_and_cut(answer, marks, barring, spof, cut, named)
        answer.minimum_cut_size = cut_size
        return answer
    lg = projection.link_graph("all")
    paths = [[projection.ids[i] for i in p] for p in chosen]
    exact = {tuple(p): path_reliability(projection, lg, p, through_bodies=True, avoid=gone) for p in paths}
    # ranked by the reliability itself, not as shown (two of 1.4e-4 and 6e-5 both show as 0.0001)
    paths.sort(key=lambda p: (-exact[tuple(p)], len(p), p))  # (of equals, the one whose ids come first)
    channels = [Channel(path=p, names=[projection.label(n) for n in p], contact=p[-2], member=p[-1],
                        score=rounded(exact[tuple(p)]),
                        hops=path_hops(projection, lg, p, through_bodies=True, avoid=gone),
                        membership=projection.way_sensitivity(p[-1], g_id), contact_free=free_by.get(p[-2], "public"),
                        member_confidence=_doubted_membership(projection, p[-1], g_id),
                        group_name=projection.name(g_id))
                for p in paths]
    _mark_independence(channels)
    answer.channels = channels
    # "every channel runs through them" rests on the links and memberships without which it would differ
    # (points_marks), and on the restrictions that decide who may be the contact (a restricted ban
    # that bars one contact makes another the only one)
    assert found is not None
    marks = points_marks(projection, rg, found, rebuild)
    rests = most_sensitive(*(r["sensitivity"] for r in answer.restrictions), *barred_by, *inside.barred,
                           *free_by.values())
    _mark_points_and_cut(answer, marks, rests, spof, cut, named)
    answer.minimum_cut_size = cut_size
    if len(cut) > CUT_SHOWN:
        answer.cut_summary = [{**x, "sensitivity": most_sensitive(x["sensitivity"], rests, marks.cut,
                                                                  marks.cut_extra.get(x["id"], "public"))}
                              for x in _cut_summary(projection, cut, channels)]
    best = channels[0]
    # which is the best (and how many there are) rests on who may be the contact: the restrictions and what
    # makes them bind or not (a member of a banned body by a confidential affiliation barred the day's best
    # channel, and the headline naming the next was unmarked: a truth reader)
    answer.message_sensitivity = most_sensitive(asked, best.sensitivity, *barred_by, *inside.barred,
                                                *free_by.values(),
                                                *(r["sensitivity"] for r in answer.restrictions_inside))
    answer.message = preamble + (
        f"{len(channels)} channel{'s' if len(channels) != 1 else ''} from {x_name} to {g_name} on {day}; "
        + (f"the best reaches {projection.name(best.member)} directly"
           if best.contact == x else
           f"the best reaches {projection.name(best.member)} through {projection.name(best.contact)}")
        + f" (reliability {shown(best.score, 2)})")
    return answer


def _channels(rg: RuleGraph, top: int, max_hops: int) -> tuple[list[list[int]], bool]:
    """The channels to show, and whether X reaches G at all: independent channels first, then
    Yen's next most reliable ones (within ``max_hops``) up to ``top``."""
    chosen, reachable = _independent_channels(rg, top, max_hops)
    if not reachable:
        return [], False
    seen = {tuple(p) for p in chosen}
    k = min(top, 1 << 40) + YEN_EXTRA  # (igraph takes a 64-bit count: --top 2**63 - 1 overflowed)
    if len(chosen) < top:
        need = top - len(chosen)
        weights = rg.weights.tolist()

        def length(p: list[int]) -> float:  # (whole numbers: sums of them compare exactly)
            return float(sum(weights[e] for e in rg.graph.get_eids(pairs=list(zip(p, p[1:], strict=False)))))

        def usable(p: list[int]) -> bool:
            return len(p) - 2 <= max_hops and tuple(p[:-1]) not in seen

        limit = max(k, min(TIED_PATHS, TIE_BUDGET // max(1, len(rg.arcs))))
        while True:
            with unreachable_is_quiet():
                more = rg.graph.get_k_shortest_paths(rg.x, rg.sink, k=k, mode="out", weights=weights,
                                                     output="vpath")
            # of equally reliable channels those whose ids come first are shown, not those Yen's search
            # happens to give first (found by an adversarial reader): while the last found is as short as
            # the last place to fill, more as short may follow it, so look further (at most TIED_PATHS, and
            # TIE_BUDGET: a second reader found 2,000 paths of Yen's search taking minutes on a large network)
            lengths = [length(p) for p in more]
            fitting = sorted(x for p, x in zip(more, lengths, strict=True) if usable(p))
            if (len(more) < k or k >= limit or len(fitting) < need or lengths[-1] > fitting[need - 1]
                    or any(len(p) - 2 > max_hops for p in more)):
                break
            k = min(limit, k * 4)
        if any(len(p) - 2 > max_hops for p in more):  # some too long: Yen's among those that fit
            more = bounded_k_shortest_paths(rg.sink + 1, rg.arc_u, rg.arc_w, rg.weights, rg.x, rg.sink,
                                            k, max_hops + 1)
        more = sorted((p for p in more if usable(p)), key=lambda p: (length(p), len(p), p))
        for p in more[:need]:
            chosen.append(p[:-1])
            seen.add(tuple(p[:-1]))
    return chosen, True


def _independent_channels(rg: RuleGraph, top: int, max_hops: int) -> tuple[list[list[int]], bool]:
    """Greedily, the best channel, then the best avoiding its intermediaries, and so on; and
    whether there is any channel at all (of any length)."""
    out: list[list[int]] = []
    start, heads, order = rg.out
    weights = rg.weights[order]  # by tail, as the adjacency
    removed = np.zeros(rg.sink + 1, dtype=bool)
    whole: ig.Graph | None = None  # once a search has to settle a large part of the network
    bounded: HopBounded | None = None  # once the most reliable channel is longer than allowed
    while len(out) < top:
        adjacency = (start, heads, weights)
        d = None if whole is not None else nearest_distances(adjacency, rg.x, rg.sink, removed, SETTLE_BUDGET)
        if d is None:  # far or unreachable: igraph's Dijkstra over the whole rule graph, in C
            whole = rg.graph
            by_arc = np.empty(len(weights))
            by_arc[order] = weights
            by_arc[removed[rg.arc_u] | removed[rg.arc_w]] = np.inf
            d = np.asarray(whole.distances(rg.x, weights=by_arc.tolist(), mode="out")[0], dtype=float)
        found = canonical_shortest_path(adjacency, d, rg.x, rg.sink)
        if found is None:
            if not out:
                return out, False
            break
        p = found[:-1]
        if len(p) - 1 > max_hops:  # the most reliable is too long: the most reliable that fits, if any
            if bounded is None:  # (the arcs sorted once for every channel to come)
                bounded = HopBounded(rg.sink + 1, rg.arc_u[order], heads, weights)
            fits = bounded.shortest(rg.x, rg.sink, max_hops + 1, removed, lengths=weights)
            if fits is None:
                break
            p = fits[1][:-1]
        out.append(p)
        inner = p[1:-1]
        if inner:
            removed[inner] = True
        else:  # X touches G directly: drop that arc so the next channel differs
            at = start[p[0]] + np.flatnonzero(heads[start[p[0]]:start[p[0] + 1]] == p[1])
            weights[at] = np.inf
    return out, True


SETTLE_BUDGET = 20_000  # actors a channel search settles in Python before it hands over to igraph


def nearest_distances(adjacency: tuple[np.ndarray, np.ndarray, np.ndarray], source: int, target: int,
                      removed: np.ndarray | None = None, budget: int | None = None) -> np.ndarray | None:
    """Distances from ``source`` by Dijkstra's algorithm, stopped once every vertex as near as
    ``target`` is settled (a channel of a few hops settles a few dozen actors, not the network);
    farther vertices keep a distance no shorter than their own, or infinity. None when more than
    ``budget`` vertices would have to be settled.

    ``adjacency``: ``(start, heads, lengths)``, vertex ``u``'s arcs at ``start[u]:start[u + 1]``;
    an infinite length is no arc. ``removed``: vertices the search may not enter.
    """
    start, heads, lengths = adjacency
    n = len(start) - 1
    d = np.full(n, np.inf)
    d[source] = 0.0
    done = np.zeros(n, dtype=bool)
    heap = [(0.0, source)]
    reach = np.inf
    settled = 0
    while heap:
        du, u = heapq.heappop(heap)
        if du > reach:
            break
        if done[u]:
            continue
        done[u] = True
        d[u] = du  # the nearest of its entries (a vertex reached twice from one tail keeps the best)
        settled += 1
        if budget is not None and settled > budget:
            return None
        if u == target:
            reach = du
            continue
        a, b = start[u], start[u + 1]
        if a == b:
            continue
        h = heads[a:b]
        nd = du + lengths[a:b]
        better = nd < d[h]
        if removed is not None:
            better &= ~removed[h]
        if better.any():
            h, nd = h[better], nd[better]
            d[h] = nd
            for item in zip(nd.tolist(), h.tolist(), strict=True):
                heapq.heappush(heap, item)
    return d


def canonical_shortest_path(adjacency: tuple[np.ndarray, np.ndarray, np.ndarray], d: np.ndarray, source: int,
                            target: int) -> list[int] | None:
    """The shortest path from ``source`` to ``target`` whose vertex sequence comes first (vertices
    are numbered in actor-id order): among equally reliable channels, the same one whatever the
    engine. Lengths are whole numbers, at least 1 (kg.graph.distance) but 0 on the arcs into the
    sink, the highest-numbered vertex, so sums and comparisons are exact.

    ``d``: exact distances from ``source`` of every vertex as near as ``target``, and no shorter
    ones elsewhere (:func:`nearest_distances`, or igraph's). First the vertices on some shortest
    path (from which ``target`` is reached along arcs that keep to shortest lengths), taken
    farthest first: by distance, then number, as an arc of length 0 leads only into the sink.
    Then, from ``source``, always the lowest-numbered next vertex among them.
    """
    start, heads, lengths = adjacency
    reach = d[target]
    if not np.isfinite(reach):
        return None
    near = np.flatnonzero(d <= reach)
    near = near[np.argsort(d[near], kind="stable")]  # by distance, then vertex number
    on = np.zeros(len(d), dtype=bool)
    on[target] = True

    def tight(u: int) -> np.ndarray:
        """``u``'s next vertices along arcs that keep to shortest lengths and lead on to ``target``."""
        a, b = start[u], start[u + 1]
        h = heads[a:b]
        return h[(d[u] + lengths[a:b] == d[h]) & on[h]]

    for u in reversed(near.tolist()):
        if u != target and len(tight(u)):
            on[u] = True
    path, u = [source], source
    while u != target:
        u = int(tight(u).min())
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
    g = igraph_from_arcs(2 * n + 1, tails, heads, directed=True)
    return g, np.concatenate([cap_split, np.full(len(arc_from), big)]).tolist(), big


@dataclass
class Cut:
    """What :func:`cut_and_single_points` found: a smallest cut (ids), the single points of failure (ids,
    nearest X first), and the maximum flow that proves the cut smallest, on the node-split graph."""

    cut: list[str]
    single_points: list[str]
    graph: ig.Graph
    capacity: list[float]
    flow: np.ndarray  # edge of ``graph`` -> its flow
    value: float
    big: float

    @property
    def claims(self) -> tuple[list[str], list[str], bool, bool]:
        """What a cut shown says that may read otherwise without some links: the cut (the smallest one
        nearest G, which is one graph's own whatever flow found it; without links another smallest cut
        may be the nearest: which is shown would then tell of a link left out), the single points,
        whether X touches G, whether there is a channel."""
        return self.cut, self.single_points, self.value >= self.big, self.value > 0


def cut_and_single_points(projection: Projection, rg: RuleGraph) -> Cut:
    """From one node-split graph: a smallest set of intermediaries whose loss cuts every channel
    (max-flow), and the single points of failure, the intermediaries every channel runs through,
    nearest X first (the sink's dominators other than X and G's members: an actor's in-copy
    dominates the sink exactly when the actor does in the rule graph).

    By Menger's theorem the size of that smallest set is the number of channels that share no
    intermediary: from two there is no single point of failure among the intermediaries, and the
    dominators are looked for only if the flow's channels all end at one member."""
    g, caps, big = _split_graph(rg)
    return _solve(projection, rg, g, caps, big)


def _cut_nearest_sink(projection: Projection, rg: RuleGraph, found: Cut, keep: np.ndarray) -> list[str]:
    """The smallest cut nearest G on the split graph with only the arcs ``keep`` says, from the flow
    ``found`` (which uses none of the others, so it is a maximum flow there too): the intermediaries
    whose split arc leads into the set of copies that still reach the sink in the residual graph. This
    set is the same for every maximum flow, and igraph's cut is the one nearest the sink, so on the
    whole graph this gives ``found.cut`` (tests/test_channels.py checks both)."""
    if found.value >= found.big or found.value <= 0:
        return []
    n = rg.sink
    split = np.arange(n)  # the arcs of the split graph as _split_graph makes them: split arcs first
    tails = np.concatenate([split, rg.arc_u + n + 1])
    heads = np.concatenate([split + n + 1, np.where(rg.arc_w == rg.sink, rg.sink, rg.arc_w)])
    caps = np.asarray(found.capacity, dtype=float)
    forward = keep & (found.flow < caps)
    backward = keep & (found.flow > 0)
    residual = igraph_from_arcs(2 * n + 1, np.concatenate([tails[forward], heads[backward]]),
                                np.concatenate([heads[forward], tails[backward]]), directed=True)
    near = np.zeros(2 * n + 1, dtype=bool)
    near[residual.subcomponent(rg.sink, mode="in")] = True
    return sorted(projection.ids[int(v)] for v in split[keep[:n] & ~near[split] & near[split + n + 1]])


def _solve(projection: Projection, rg: RuleGraph, g: ig.Graph, caps: list[float], big: float) -> Cut:
    n = rg.sink
    flow = g.maxflow(rg.x + n + 1, rg.sink, capacity=caps)
    through = np.asarray(flow.flow, dtype=float)
    # X touching a member directly: no set of intermediaries cuts every channel (and none is in all of
    # them), but every channel may still end at that one member
    cut = [] if flow.value >= big else sorted(projection.ids[e] for e in flow.cut if e < n)
    if _no_single_points(rg, g, through, flow.value):
        return Cut(cut, [], g, caps, through, flow.value, big)
    return Cut(cut, _dominators(projection, rg, g), g, caps, through, flow.value, big)


def _no_single_points(rg: RuleGraph, g: ig.Graph, through: np.ndarray, value: float) -> bool:
    """Whether a maximum flow proves that no one is in every channel: two channels sharing no
    intermediary (a flow of 2 or more; a direct touch counts as many), and the flow's channels end at
    two members of G (members lead only to the sink, so a channel to one avoids the other)."""
    return value >= 2 and len(_flow_ends(rg, g, through)) >= 2


def _flow_ends(rg: RuleGraph, g: ig.Graph, through: np.ndarray) -> set[int]:
    """The members of G the flow's channels end at (their arcs into the sink that carry flow)."""
    into = np.asarray(g.incident(rg.sink, mode="in"), dtype=np.int64)
    return {g.es[int(e)].source for e in into[through[into] > 0]} if len(into) else set()


EXACT_MARKS = 500_000  # up to this many arcs in the rule graph, what the cut rests on is computed again


def _mark_points_and_cut(answer: ChannelsAnswer, marks: Marks, rests: str, spof: list[str], cut: list[str],
                         named: Callable[[str, str], dict[str, str]]) -> None:
    """The single points of failure and the smallest cut, each name marked by what its list rests on (``marks``,
    and ``rests``: what decides who may be the contact), and each list's whole mark (a "none" too)."""
    points, cuts = most_sensitive(rests, marks.points), most_sensitive(rests, marks.cut)
    answer.single_points_of_failure = [named(a, most_sensitive(points, marks.points_extra.get(a, "public")))
                                       for a in spof]
    answer.points_sensitivity = most_sensitive(points, *marks.points_extra.values())  # (of the whole list, in JSON)
    answer.minimum_cut = [named(a, most_sensitive(cuts, marks.cut_extra.get(a, "public"))) for a in cut]
    answer.cut_sensitivity = most_sensitive(cuts, *marks.cut_extra.values())


class Marks(NamedTuple):
    """What :func:`points_marks` finds: the single points' mark and the names marked more than it alone, and
    the smallest cut's."""

    points: str
    points_extra: dict[str, str]
    cut: str
    cut_extra: dict[str, str]


def points_marks(projection: Projection, rg: RuleGraph, found: Cut,
                 rebuild: Callable[[set[str]], RuleGraph] | None = None) -> Marks:
    """What the single points of failure and the smallest cut (``found``) rest on among the links and the
    memberships of G, each list its own: ``confidential`` when it differs without confidential ones (a
    confidential second channel makes "none" of a lone channel's intermediary), else ``restricted`` when it
    differs without restricted ones too, else ``public``. Whether X touches G and whether there is a channel
    at all are said by both: when they differ, both lists are so marked.

    Without some links, the cut shown still cuts every channel (fewer links, fewer channels), so what
    is asked is whether it is still the smallest one nearest G (the one shown) and whether anyone new is
    in every channel. When the flow that proves the cut smallest uses no link left out, it still proves
    it smallest, and when its channels end at two members of G no one is in all of them either: then
    only the cut nearest G is asked again, of the residual graph without those links (a search, no
    flow: :func:`_cut_nearest_sink`). Otherwise the cut and
    the single points are computed again without those links. Without a membership of G, its person is
    no member but a person who may carry a message (a way around the cut): the rule graph is built again
    (``rebuild``, from the members left). Both on rule graphs of up to :data:`EXACT_MARKS` arcs; on
    larger ones (a maximum flow takes seconds there) they are marked as the most sensitive link or
    membership the flow uses, or the one left out: the safe side.

    Where, without some records, a list reads the same less some names, only those names are marked (the
    ``*_extra``): a confidential second member of the group made its lone reachable member a single point,
    and marked every name (a new user); a confidential intermediary of the cut marked the public one beside
    it, and the single points' mark marked the cut too (a reader of the Colombian talks)."""
    points_extra: dict[str, str] = {}
    cut_extra: dict[str, str] = {}
    points_level: str | None = None
    cut_level: str | None = None
    assert rg.arc_sensitivity is not None
    n = rg.sink
    level = np.concatenate([np.zeros(n, dtype=np.int8), rg.arc_sensitivity])  # split arcs, then rule arcs
    into_sink = np.concatenate([np.zeros(n, dtype=bool), rg.arc_w == rg.sink])
    top = int(level.max()) if len(level) else 0

    def fewer(shown: list[str], now: list[str], extra: dict[str, str], mark: str) -> bool:
        """Whether ``now`` reads as ``shown`` less some names (those are marked ``mark``, unless already)."""
        if set(now) < set(shown) and [a for a in shown if a in now] == now:
            for a in set(shown) - set(now):
                extra.setdefault(a, mark)
            return True
        return False

    for at in range(top - 1, -1, -1):  # (2 -> asked without confidential; then without restricted)
        gone = level > at
        if not gone.any():
            continue
        mark = SENSITIVITIES[at + 1]
        members_gone = bool((gone & into_sink).any())
        same_flow = not (found.flow[gone] > 0).any()  # a smallest cut of the same size, or X still touches G
        if not members_gone and same_flow and _no_single_points(rg, found.graph, found.flow, found.value):
            # and the flow proves no one is in every channel, as before (the single points read the same): the
            # cut nearest G is asked of the residual graph without those links (a search, no second flow; of
            # the same size, it reads the same or otherwise)
            if cut_level is None and _cut_nearest_sink(projection, rg, found, ~gone) != found.cut:
                cut_level = mark
            continue
        if len(rg.arcs) > EXACT_MARKS:
            return Marks(points_level or mark, points_extra, cut_level or mark, cut_extra)
        if members_gone and rebuild is not None:
            fewer_rg = _at_level(projection, rg, at, rebuild)
            g, caps, big = _split_graph(fewer_rg)
            again = _solve(projection, fewer_rg, g, caps, big)
        else:
            g = found.graph.copy()
            g.delete_edges(np.flatnonzero(gone).tolist())
            caps = np.asarray(found.capacity)[~gone].tolist()
            again = _solve(projection, _without_arcs(rg, ~gone[n:]), g, caps, found.big)
        cut, points, touches, any_channel = again.claims
        _cut, _points, was_touching, was_channel = found.claims
        if (touches, any_channel) != (was_touching, was_channel):  # the answer itself reads otherwise
            return Marks(points_level or mark, points_extra, cut_level or mark, cut_extra)
        if points_level is None and points != _points and not fewer(_points, points, points_extra, mark):
            points_level = mark
        if cut_level is None and cut != _cut and not fewer(_cut, cut, cut_extra, mark):
            cut_level = mark
        if points_level is not None and cut_level is not None:
            break
    return Marks(points_level or "public", points_extra, cut_level or "public", cut_extra)


def _at_level(projection: Projection, rg: RuleGraph, at: int,
              rebuild: Callable[[set[str]], RuleGraph]) -> RuleGraph:
    """The rule graph without the links and memberships of G more sensitive than ``at``: a member no
    more is a person who may carry a message, so then the rule graph is built again (``rebuild``, from
    the members left)."""
    assert rg.arc_sensitivity is not None
    dropped = rg.arc_sensitivity > at
    into_sink = rg.arc_w == rg.sink
    if not (dropped & into_sink).any():
        return _without_arcs(rg, ~dropped)
    base = rebuild({projection.ids[int(m)] for m in rg.arc_u[into_sink & ~dropped]})
    assert base.arc_sensitivity is not None
    return _without_arcs(base, base.arc_sensitivity <= at)


def _rests_on(projection: Projection, rg: RuleGraph, shown: Any, said: Callable[[RuleGraph, int], Any],
              rebuild: Callable[[set[str]], RuleGraph]) -> str:
    """``confidential`` when what ``said`` gives of the rule graph (``shown``, of the whole one) differs
    without its confidential links and memberships of G, else ``restricted`` when it differs without the
    restricted ones too, else ``public``."""
    assert rg.arc_sensitivity is not None
    top = max(int(rg.arc_sensitivity.max()) if len(rg.arc_sensitivity) else 0,
              int(projection.link_sensitivity.max()) if projection.link_count else 0)
    for at in range(top - 1, -1, -1):
        if said(_at_level(projection, rg, at, rebuild), at) != shown:
            return SENSITIVITIES[at + 1]
    return "public"


def _without_arcs(rg: RuleGraph, keep: np.ndarray) -> RuleGraph:
    """The rule graph with only the arcs ``keep`` says; G's people counted again (a member by a
    confidential affiliation only is none without it: the group may then have one person)."""
    arcs = rg.arcs[keep]
    people = rg.people_in_group
    if rg.person is not None:
        into = np.unique(arcs[arcs[:, 1] == rg.sink, 0])
        people = int(np.count_nonzero(rg.person[into]))
    return RuleGraph(arcs, rg.weights[keep], rg.sink, rg.x, rg.members, people,
                     None if rg.arc_sensitivity is None else rg.arc_sensitivity[keep], rg.person)


def _dominators(projection: Projection, rg: RuleGraph, g: ig.Graph) -> list[str]:
    """The sink's dominators but X: intermediaries, and the person of the group every channel ends at
    when the group has other people (its only person is the group, not a point of failure; nor is the
    group's body itself, which a contact may touch)."""
    n = rg.sink
    idom = g.dominator(rg.x + n + 1, mode="out")
    several = rg.people_in_group >= 2
    out = []
    v = idom[rg.sink]
    while v is not None and v >= 0 and v != rg.x + n + 1:
        if v < n and v != rg.x and (not rg.members[v] or (several and projection.person[v])):
            out.append(projection.ids[v])
        v = idom[v]
    return list(reversed(out))


def _cut_summary(projection: Projection, cut: list[str], channels: list[Channel]) -> list[dict[str, Any]]:
    counts = {a: sum(1 for c in channels if a in c.intermediaries) for a in cut}
    ranked = sorted(cut, key=lambda a: (-counts[a], projection.name(a)))[:5]
    return [{"id": a, "name": projection.name(a), "channels_cut": counts[a],
             "sensitivity": projection.actors[a].sensitivity} for a in ranked]


def _reachable(projection: Projection, rg: RuleGraph) -> list[int]:
    """The actors X reaches through people, never entering G: who might carry a message."""
    return [v for v in rg.graph.subcomponent(rg.x, mode="out") if v != rg.sink and not rg.members[v]]


def _blocked_contacts(projection: Projection, rg: RuleGraph, x: str, g_id: str,
                      may_contact: Any, inside: InsideBars | None = None) -> list[dict[str, Any]]:
    """The people X reaches who touch G and may not engage it, each as sensitive as what it says: where
    the person stands, the restrictions, the memberships of those they touch and the links by which they
    touch them (that X reaches them at all is asked of the whole answer: :func:`_rests_on`)."""
    lg = projection.link_graph("all")
    out = []
    for v in sorted(_reachable(projection, rg), key=lambda v: projection.ids[v]):
        a = projection.ids[v]
        near = [m for m in lg.graph.neighbors(v) if rg.members[m]]
        touching = [projection.ids[m] for m in near]
        if not touching or not (projection.is_person(a) or a == x):
            continue
        bodies = [] if not may_contact(a) or inside is None else inside.bars(a, touching)
        if not may_contact(a) or bodies:
            # (barred by the group's own restrictions, or by those on the bodies of it they touch)
            binding = [r for b in bodies or [g_id] for r in projection.situation.binding_restrictions(b, a)]
            why = (_why_bound(projection, g_id, a) if not bodies else
                   "; ".join(f"{_why_bound(projection, b, a)}, which covers {projection.name(b)}, the part of "
                             f"{projection.name(g_id)} they touch" for b in bodies))
            links = projection.pair_levels(np.full(len(near), v), np.array(near, dtype=np.int64))
            out.append({"actor": a, "name": projection.name(a), "touches": sorted(touching),
                        "why": why, "bodies": bodies,
                        "sources": sorted({r.source for r in binding if r.source}),  # (named in "why")
                        "sensitivity": most_sensitive(projection.upward_sensitivity(a),
                                                      *(r.sensitivity for r in binding),
                                                      *(projection.way_sensitivity(g_id, r.group) for r in binding),
                                                      *(projection.way_sensitivity(m, g_id) for m in touching),
                                                      *(projection.way_sensitivity(m, b) for b in bodies
                                                        for m in touching),
                                                      *(SENSITIVITIES[int(level)] for level in links))})
    return out


def blocked_message(day: str, x_name: str, g_name: str, blocked: list[dict[str, Any]]) -> str:
    """Why there is no channel when every contact of the group that X reaches may not engage it:
    each such contact (``blocked``, as :func:`_blocked_contacts` lists them) and what binds it."""
    who = "; ".join(f"{b['name']} ({b['why'] or 'an organization, which cannot carry a message'})"
                    for b in blocked)
    part = " (or the part of it they touch)" if any(b.get("bodies") for b in blocked) else ""
    return (f"no channel on {day}: every person reachable from {x_name} who touches {g_name} may not "
            f"engage it{part}: {who}")


def _touched_by_a_person(projection: Projection, members: set[str], usable: np.ndarray) -> bool:
    """Whether a person outside the group has one of the ``usable`` links with one of its ``members``."""
    inside = np.zeros(len(projection.ids), dtype=bool)
    inside[[projection.index[m] for m in members if m in projection.index]] = True
    u, v = projection.link_u[usable], projection.link_v[usable]
    person = projection.person
    return bool(((inside[u] & ~inside[v] & person[v]) | (inside[v] & ~inside[u] & person[u])).any())


def _explain_none(projection: Projection, rg: RuleGraph, x: str, g_id: str, members: set[str],
                  may_contact: Any, level: int = 2, inside: InsideBars | None = None) -> tuple[str, str]:
    """Why there is no channel, and what that reason rests on (the hostile ties it counts). ``level``:
    as if the links and memberships more sensitive than it were not there (:func:`_rests_on`)."""
    day = projection.day.isoformat()
    x_name, g_name = projection.name(x), projection.name(g_id)
    usable = projection._usable("all") & (projection.link_sensitivity <= level)
    n = len(projection.ids)
    degree = (np.bincount(projection.link_u[usable], minlength=n)
              + np.bincount(projection.link_v[usable], minlength=n))
    if degree[projection.index[x]] == 0:
        return (f"no channel: {x_name} has no link valid on {day} (hostile ties and links of reliability 0 "
                "do not count)"), "public"
    if not projection.is_person(x) and not any(
            m in projection.index and projection.is_person(m) for m in projection.ways_down(x, frozenset())):
        # (an organization asks through its people: "no chain of people leads from US Department of State" where
        # the department had no one in the data that day, a truth reader)
        return (f"no channel: {x_name} has no person in the data on {day} (an organization asks through its "
                "people, those of its bodies too: add them to affiliations.csv, or ask from a person)"), "public"
    if not any(projection.is_person(m) for m in members if m in projection.index) and not (
            _touched_by_a_person(projection, members, usable)):
        # (its bodies' own affiliations upward had counted as links: "no chain of people leads to someone who
        # touches" it, with a hostile tie elsewhere as part of the reason; a truth reader)
        return (f"no channel: no person belongs to {g_name} on {day} in the data, and no one outside it has a "
                "link with it (add its people to affiliations.csv to find channels)"), "public"
    if not any(degree[projection.index[m]] for m in members if m in projection.index
               and SENSITIVITIES.index(projection.way_sensitivity(m, g_id)) <= level):
        return f"no channel: no member of {g_name} has a link valid on {day}", "public"
    blocked = _blocked_contacts(projection, rg, x, g_id, may_contact, inside)
    if blocked:
        return blocked_message(day, x_name, g_name, blocked), "public"  # (each contact marked in the answer)
    # the hostile ties of the people X reaches (those elsewhere in the network change nothing here), as
    # sensitive as the most sensitive of them: a count of confidential ties tells they exist
    near = np.zeros(len(projection.ids), dtype=bool)
    near[[*_reachable(projection, rg), rg.x]] = True
    hostile = projection.link_hostile & (near[projection.link_u] | near[projection.link_v])
    count = int(np.count_nonzero(hostile))
    rests = SENSITIVITIES[int(projection.link_sensitivity[hostile].max())] if count else "public"
    extra = f"; {count} hostile tie(s) of the people {x_name} reaches were left out" if count else ""
    return (f"no channel on {day}: no chain of people linked by valid, non-hostile links (of reliability above 0) "
            f"leads from {x_name} to someone who touches {g_name}{extra}"), rests
