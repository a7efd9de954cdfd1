"""Where are the gaps? Channels between every pair of parties, and from each restricting state to its group.

The question behind it: where could a Track II initiative add value? Where two parties,
or a state and a group its officials may not engage, have no channel on the day, or
only one that a single arrest, death or resignation would cut.

Two kinds of row, each answered on the projection's day (:func:`gaps`):

- **Between two parties A and B** (every pair of :meth:`kg.rules.Situation.known_parties`):
  a channel is a chain of people from an *official representative* of A to an official
  representative of B: a member of the party who holds, on the day, an official role in a Track 1
  body of that party, or whose track the data gives as 1 (a minister, a
  delegation head, a movement's chairman: data-model.md, "Track"; a track the data gives, such
  as 1.5 for a minister in a private capacity, does not take the office away). That is what a mediator
  means by "the parties can talk": a message from one side's decision makers can reach the
  other's. Intermediaries may be anyone, members of A or B included; people carry messages
  (organizations never are stepping stones) and hostile ties do not count, as for channels.
  A party with no Track 1 person on the day is represented by all its people (the row says
  so). Restrictions are not applied here: the rows of the second kind answer for them (a row
  whose best channel's contact is bound from engaging a restricted group the channel reaches says
  so in its note).
- **From a restricting state S to a group G** (every restriction valid on the day, for each
  state it binds: one for a state code, every member state on the day for ``EU``, every
  state with officials in the data for ``UN``): channels from *any* official of S to G under
  exactly the rules of :mod:`queries.channels` (the contact who touches G must be free to
  engage it).

For each row: whether a channel exists, how many **independent** channels there are (the
largest number of channels no two of which share an intermediary, or one of a side's several
people at its ends, which by Menger's theorem equals the fewest such people whose loss cuts
every channel; the only person of a side is the side), the **best reliability**
(the product of strength x confidence along the most reliable channel) and its path, and the
**single points of failure**: the people every channel runs through (the dominators of the
target in the channel graph, Lengauer-Tarjan), each with its role: ``start`` when every
channel starts from that one official of several, ``intermediary``, or ``end`` when every
channel ends at that one representative of B of several.

Rows are sorted worst first: ``no channel``, then ``one fragile channel`` (one independent
channel), then by how few independent channels and how weak the best one is.

**Cost** on large graphs: one search graph per row, whose sources are joined to one super
source vertex and whose targets to one super sink, so each row costs one Dijkstra, one
dominator tree and one maximum flow (igraph, push-relabel) over the day's links, never one
search per official. The rule graph's arcs are built with numpy from the day's link graph,
which the projection builds once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import igraph as ig
import numpy as np

from kg.graph import SENSITIVITIES, Projection, distances, igraph_from_arcs, most_sensitive
from kg.rules import jurisdiction_states
from kg.text import rounded, shown
from queries.channels import InsideBars, canonical_shortest_path
from queries.evidence import hops_sensitivity, path_hops, path_reliability

STATUS_ORDER = {"no channel": 0, "one fragile channel": 1, "channels": 2, "no one to ask": 3}


@dataclass
class Gap:
    """One pair: a party pair, or a restricting state and the group it restricts."""

    kind: str  # "parties" or "restriction"
    a: str  # a party's name, or the state's code
    b: str  # a party's name, or the group's id
    a_name: str
    b_name: str
    status: str  # no channel | one fragile channel | channels | no one to ask
    independent_channels: int
    best_reliability: float | None
    best_path: list[str]
    best_names: list[str]
    single_points_of_failure: list[dict[str, str]]
    sources: int  # how many people the channels may start from
    targets: int  # how many people (or members of the group) they may end at
    note: str = ""
    restrictions: list[dict[str, Any]] = field(default_factory=list)
    sensitivity: str = "public"
    best_hops: list[dict[str, Any]] = field(default_factory=list)
    # what a note printed apart from the row rests on (None: as the row); the row's own mark is then of its
    # channels only (a note's restricted ban marked the channels' line: an adversarial reader)
    note_sensitivity: str | None = None
    # when one person at an end is in every channel: how many channels share no go-between (an intermediary)
    # all the same; None otherwise (a reader read "one fragile channel" of four go-betweens, all reached from
    # the president)
    go_betweens_apart: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def says(self) -> str:
        """The row in a mediator's words."""
        if self.status == "no one to ask":
            return self.note
        if self.status == "no channel":
            return f"no channel on the day{'; ' + self.note if self.note else ''}"
        spof = ", ".join(f"{x['name']} ({x['role']})" for x in self.single_points_of_failure) or "none"
        n = self.independent_channels
        apart = ""
        if self.go_betweens_apart is not None and self.go_betweens_apart > n:
            ends = [f"{'from' if x['role'] == 'start' else 'to'} {x['name']}" for x in self.single_points_of_failure
                    if x["role"] != "intermediary"]
            apart = (f" ({self.go_betweens_apart} with no go-between in common, all {' and '.join(ends)}: "
                     "one loss cuts them all)")
        return (f"{n} independent channel{'s' if n != 1 else ''}{apart}; best reliability "
                f"{shown(self.best_reliability)}: {' -> '.join(self.best_names)}; single points of failure: {spof}")


@dataclass
class GapsAnswer:
    as_of: str | None
    day: str
    gaps: list[Gap]
    parties: list[str]
    restricted_groups: list[str]
    message: str
    records_used: str
    message_sensitivity: str = "public"  # of the worst pair the message names
    definition: str = ("parties: chains of people from an official (Track 1) representative of one party to one "
                       "of the other; restrictions: channels from any official of the state to the group, "
                       "under the channel rules (the contact must be free to engage the group)")

    def heading(self) -> str:
        marks = sorted(({g.sensitivity for g in self.gaps} | {g.note_sensitivity or "public" for g in self.gaps})
                       - {"public"},
                       key=("public", "restricted", "confidential").index)
        if not marks:
            return ""
        return (f"NOTE: this answer includes {' and '.join(marks)} records (marked below); "
                "check before sharing it")

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "day": self.day, "definition": self.definition, "parties": self.parties,
                "restricted_groups": self.restricted_groups, "message": self.message,
                "records_used": self.records_used, "gaps": [g.to_dict() for g in self.gaps]}


@dataclass
class SearchGraph:
    """A directed channel graph with a super source ``s`` before the sources and a super sink ``t``."""

    graph: ig.Graph
    weights: list[float]
    arc_u: np.ndarray
    arc_w: np.ndarray
    s: int
    t: int
    sources: np.ndarray  # vertex -> may start a channel
    targets: np.ndarray  # vertex -> a channel ends there
    arc_sensitivity: np.ndarray  # arc -> its link's sensitivity level (0 for the super arcs)
    # vertex -> one whose loss counts: an intermediary, or a person at an end with another person on that side
    # (the only person of a side is the side; a body at an end is not lost)
    counted: np.ndarray | None = None
    # arc -> its length by the best of its links of sensitivity at most 0 and at most 1 (inf: none)
    length_at: tuple[np.ndarray, np.ndarray] | None = None


@dataclass
class Arcs:
    """The day's usable links as arcs in both directions, with their lengths: built once per answer."""

    u: np.ndarray
    w: np.ndarray
    rel: np.ndarray
    length: np.ndarray
    sensitivity: np.ndarray  # of the link each arc stands on (0 public, 1 restricted, 2 confidential)
    # its length by the best of the pair's links of sensitivity at most 0, and at most 1 (inf: none): a public
    # meeting beside a confidential tie still links the two without the tie (a second reader)
    length_at: tuple[np.ndarray, np.ndarray]


def day_arcs(projection: Projection) -> Arcs:
    """Every usable (non-hostile) link of the day, both ways, with its length (:func:`kg.graph.distance`)."""
    lg = projection.link_graph("all")
    edges = np.array(lg.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    length = np.array(lg.distances(), dtype=float)
    sens = projection.link_sensitivity[lg.best].astype(np.int8) if len(lg.best) else np.zeros(0, dtype=np.int8)
    # the best link of each pair among those of sensitivity at most 0, and at most 1
    n = max(1, len(projection.ids))
    usable = np.flatnonzero(projection._usable("all"))
    a, b = projection.link_u[usable].astype(np.int64), projection.link_v[usable].astype(np.int64)
    edge_of = np.searchsorted(lg.ends[0].astype(np.int64) * n + lg.ends[1], np.minimum(a, b) * n + np.maximum(a, b))
    rel = (projection.link_strength * projection.link_confidence)[usable]
    level = projection.link_sensitivity[usable]
    at: list[np.ndarray] = []
    for most in (0, 1):
        best = np.zeros(len(lg.best))
        np.maximum.at(best, edge_of[level <= most], rel[level <= most])
        at.append(np.where(best > 0, distances(best), np.inf))
    return Arcs(np.concatenate([edges[:, 0], edges[:, 1]]), np.concatenate([edges[:, 1], edges[:, 0]]),
                np.concatenate([lg.reliability, lg.reliability]), np.concatenate([length, length]),
                np.concatenate([sens, sens]), (np.concatenate([at[0], at[0]]), np.concatenate([at[1], at[1]])))


def search_graph(projection: Projection, sources: set[str], targets: set[str],
                 arc_ok: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
                 arcs: Arcs | None = None) -> SearchGraph:
    """The day's usable links as arcs ``u -> w`` (both directions), kept when ``u`` is a person or a
    source and ``w`` a person or a target, and ``arc_ok(u, w)`` allows them; ``s -> source`` and
    ``target -> t`` arcs of length 0. No arc leaves a target: a channel ends at the first one."""
    arcs = arcs or day_arcs(projection)
    n = len(projection.ids)
    src = np.zeros(n, dtype=bool)
    src[[projection.index[a] for a in sources]] = True
    dst = np.zeros(n, dtype=bool)
    dst[[projection.index[a] for a in targets]] = True
    u, w = arcs.u, arcs.w
    ok = (projection.person[u] | src[u]) & (projection.person[w] | dst[w]) & ~dst[u]
    if arc_ok is not None and ok.any():
        ok[ok] = arc_ok(u[ok], w[ok])
    u, w, length, sens = u[ok], w[ok], arcs.length[ok], arcs.sensitivity[ok]
    at0, at1 = arcs.length_at[0][ok], arcs.length_at[1][ok]
    s, t = n, n + 1
    starts, ends = np.flatnonzero(src & ~dst), np.flatnonzero(dst)
    arc_u = np.concatenate([u, np.full(len(starts), s), ends])
    arc_w = np.concatenate([w, starts, np.full(len(ends), t)])
    weights = np.concatenate([length, np.zeros(len(starts) + len(ends))]).tolist()
    g = igraph_from_arcs(n + 2, arc_u, arc_w, directed=True)
    arc_sens = np.concatenate([sens, np.zeros(len(starts) + len(ends), dtype=np.int8)])
    counted = ~(src | dst)
    for side in (src & ~dst, dst):
        people = side & projection.person
        if np.count_nonzero(people) >= 2:
            counted |= people
    zeros = np.zeros(len(starts) + len(ends))
    return SearchGraph(g, weights, arc_u, arc_w, s, t, src, dst, arc_sens, counted,
                       (np.concatenate([at0, zeros]), np.concatenate([at1, zeros])))


def _summary(sg: SearchGraph) -> tuple[tuple[int, ...], int, tuple[int, ...], float] | None:
    """What a row shows of its channels: the best channel (vertices), how many are independent, who every
    channel runs through, and the best channel's length (its reliability: the same channel may be weaker
    without a sensitive link when another link joins the same two people); None when there is no channel."""
    ahead = np.array(sg.graph.distances(sg.s, weights=sg.weights, mode="out")[0], dtype=float)
    if ahead[sg.t] == float("inf"):
        return None
    return (tuple(_first_shortest_path(sg, ahead)), independent_channels(sg), tuple(dominators(sg)),
            float(ahead[sg.t]))


def _at_most(sg: SearchGraph, level: int) -> SearchGraph:
    """The search graph without the links more sensitive than ``level``: an arc goes when its pair has no other
    link, and is as long as the best link left when it has."""
    if sg.length_at is not None and level < 2:
        lengths = sg.length_at[level]
        keep = np.isfinite(lengths)
        weights = lengths[keep]
        at: tuple[np.ndarray, np.ndarray] | None = (sg.length_at[0][keep], sg.length_at[1][keep])
        sens = np.minimum(sg.arc_sensitivity[keep], level).astype(np.int8)
    else:
        keep = sg.arc_sensitivity <= level
        weights = np.asarray(sg.weights, dtype=float)[keep]
        at = None if sg.length_at is None else (sg.length_at[0][keep], sg.length_at[1][keep])
        sens = sg.arc_sensitivity[keep]
    g = igraph_from_arcs(sg.graph.vcount(), sg.arc_u[keep], sg.arc_w[keep], directed=True)
    return SearchGraph(g, weights.tolist(), sg.arc_u[keep], sg.arc_w[keep], sg.s, sg.t, sg.sources, sg.targets,
                       sens, sg.counted, at)


def channels_sensitivity(sg: SearchGraph, shown: tuple[Any, ...],
                         sides: Callable[[int], SearchGraph] | None = None, sides_top: int = 0) -> str:
    """What the row's channels (``shown``, :func:`_summary`) rest on: ``confidential`` when the answer
    without confidential links differs (a confidential second channel makes "2 independent channels,
    no single point of failure" confidential: without it, one fragile channel), else ``restricted``
    when it differs without restricted ones too, else ``public``. Asked only when a sensitive link lies
    where a channel could use it (an arc from a vertex the super source reaches to one that reaches
    the super sink); a confidential tie off to one side changes nothing, and marks nothing."""
    n = sg.graph.vcount()
    ahead, behind = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    ahead[sg.graph.subcomponent(sg.s, mode="out")] = True
    behind[sg.graph.subcomponent(sg.t, mode="in")] = True
    on = ahead[sg.arc_u] & behind[sg.arc_w]
    top = max(int(sg.arc_sensitivity[on].max()) if on.any() else 0, sides_top if sides is not None else 0)
    for level in range(top - 1, -1, -1):  # (2 -> ask without confidential; then without restricted)
        # who stands on each side may rest on sensitive records too (a confidential official, a member of
        # the group by a confidential affiliation): the graph of the sides without them, when so
        base = sides(level) if sides is not None and sides_top > level else sg
        if _summary(_at_most(base, level)) != shown:
            return SENSITIVITIES[level + 1]
    return "public"


def independent_channels(sg: SearchGraph) -> int:
    """The largest number of channels no two of which share a person whose loss counts (an
    intermediary, or one of a side's several people at its end) or, when they have none, the same
    direct link: a maximum flow with capacity 1 on each such person and every link. By Menger's theorem
    it is also the fewest such people whose loss cuts every channel: two channels that both start from
    the one official of several who has any are one."""
    n = sg.s  # actors 0..n-1: in-copy v, out-copy v + n; s and t stay 2n, 2n + 1
    s, t = 2 * n, 2 * n + 1
    big = float(len(sg.arc_u) + 2)
    inner = sg.counted if sg.counted is not None else ~(sg.sources | sg.targets)
    split = np.column_stack((np.arange(n), np.arange(n) + n))
    cap_split = np.where(inner, 1.0, big)
    link = sg.arc_u < n
    lu, lw = sg.arc_u[link], sg.arc_w[link]
    link_arcs = np.column_stack((lu + n, lw))
    from_s = np.column_stack((np.full(int((sg.arc_u == sg.s).sum()), s), sg.arc_w[sg.arc_u == sg.s]))
    to_t = np.column_stack((sg.arc_u[sg.arc_w == sg.t] + n, np.full(int((sg.arc_w == sg.t).sum()), t)))
    edges = np.concatenate([split, link_arcs, from_s, to_t])
    caps = np.concatenate([cap_split, np.ones(len(link_arcs)), np.full(len(from_s) + len(to_t), big)])
    g = igraph_from_arcs(2 * n + 2, edges[:, 0], edges[:, 1], directed=True)
    return int(round(g.maxflow_value(s, t, capacity=caps.tolist())))


def dominators(sg: SearchGraph) -> list[int]:
    """The actors every channel runs through, in path order (the super source's dominator tree)."""
    idom = sg.graph.dominator(sg.s, mode="out")
    out = []
    v = idom[sg.t]
    while v is not None and v >= 0 and v != sg.s:
        out.append(v)
        v = idom[v]
    return list(reversed(out))


def _first_shortest_path(sg: SearchGraph, ahead: np.ndarray) -> list[int]:
    """Of the most reliable channels, the one whose actor ids come first, chosen as ``kg channels``
    chooses (:func:`queries.channels.canonical_shortest_path`); ``ahead``: the distances from the
    super source. Its arcs to the sources count 1 here, not 0 (that function takes a length of 0 for
    an arc into the sink only), which adds 1 to every channel alike."""
    order = np.argsort(sg.arc_u, kind="stable")
    heads = sg.arc_w[order]
    lengths = np.asarray(sg.weights, dtype=float)[order]
    lengths[sg.arc_u[order] == sg.s] = 1.0
    start = np.searchsorted(sg.arc_u[order], np.arange(sg.graph.vcount() + 1))
    d = ahead + 1.0
    d[sg.s] = 0.0
    path = canonical_shortest_path((start, heads, lengths), d, sg.s, sg.t)
    assert path is not None  # (asked only when the sink is reached)
    return path[1:-1]


def _answer_row(projection: Projection, sg: SearchGraph, row: Gap,
                sides: Callable[[int], SearchGraph] | None = None, sides_top: int = 0) -> Gap:
    """The row's answer on ``sg``; ``sides(level)``: the search graph whose sides hold only the people
    who stand there by records of sensitivity at most ``level`` (``sides_top``: the highest such)."""
    shown = _summary(sg)
    if shown is None:
        row.status = "no channel"
        # "no channel", not "no one to ask": that one side has anyone may rest on a sensitive record (an
        # official by a confidential affiliation)
        if sides is not None:
            for level in range(sides_top - 1, -1, -1):
                fewer = sides(level)
                if not (fewer.sources & ~fewer.targets).any() or not fewer.targets.any():
                    row.sensitivity = most_sensitive(row.sensitivity, SENSITIVITIES[level + 1])
                    break
        return row
    vpath, row.independent_channels, doms, _length = shown
    path = [projection.ids[v] for v in vpath]
    lg = projection.link_graph("all")
    row.best_path = path
    row.best_names = [projection.name(a) for a in path]
    row.best_reliability = rounded(path_reliability(projection, lg, path))
    hops = path_hops(projection, lg, path)
    row.best_hops = [{"from": h.from_, "to": h.to, "says": h.says, "via": h.via, "reliability": h.reliability,
                      "source": h.source, "sensitivity": h.sensitivity} for h in hops]
    row.status = "one fragile channel" if row.independent_channels == 1 else "channels"
    # the ends stand for their party or state, or the group, through where they are (their bodies and roles)
    row.sensitivity = most_sensitive(hops_sensitivity(hops), *(projection.upward_sensitivity(a)
                                                               for a in (path[0], path[-1])),
                                     channels_sensitivity(sg, shown, sides, sides_top))
    spof = []
    for v in doms:
        role = "start" if sg.sources[v] else ("end" if sg.targets[v] else "intermediary")
        if (role == "start" and row.sources < 2) or (role == "end" and row.targets < 2):
            continue  # the only person on that side is in every channel: nothing to learn
        spof.append({"id": projection.ids[v], "name": projection.name(projection.ids[v]), "role": role})
    row.single_points_of_failure = spof
    if any(x["role"] != "intermediary" for x in spof) and sg.counted is not None:
        # (the ends' people not counted: the channels no two of which share an intermediary)
        row.go_betweens_apart = independent_channels(replace(sg, counted=None))
    return row


def party_gap(projection: Projection, party_a: str, party_b: str, arcs: Arcs | None = None) -> Gap:
    """The channels between two parties' official representatives (see the module's docstring)."""
    s = projection.situation
    sides = []
    notes = []
    counted = []  # what a note's count of people rests on: the ways up that make them the party's
    for party in (party_a, party_b):
        # of the party by the data, or by affiliations of reliability above 0 (one whose only affiliation with
        # the group is a rumour of confidence 0 was its representative: an adversarial reader)
        people = {m for m in s.party_members(party) if m in projection.index and projection.is_person(m)
                  and (party in projection.actors[m].party
                       or any(party in s.parties(o) for o in projection.carrying_above(m)))}
        # (a track the data gives, 1.5 for a minister acting in a private capacity, does not take the office
        # away, as in kg overlap: an adversarial reader found the minister of A no longer its representative)
        # (an official of another party's body, who belongs to this one as a member only, is no representative
        # of it: a West minister who is a member of North's government had left West with "no one to ask")
        # (one role does both: official in a Track 1 body of the party; a minister of A on the board of B's
        # charity, a Track 2 body, had counted as B's representative too, and been left out as an end of
        # both: a metamorphic fuzzer)
        def of_party(o: str, party: str = party) -> bool:
            return party in s.parties(o) and s.track(o) == "1"

        official = {m for m in people if projection.actors[m].track == "1"
                    or projection.carrying_official(m, of_party)}
        if not official and people:
            notes.append(f"{party} has no Track 1 person on the day: all its {len(people)} people stand in")
            counted += [projection.upward_sensitivity(m) for m in people]
        sides.append(official or people)
    a_side, b_side = sides
    both = a_side & b_side
    both_marks = [projection.upward_sensitivity(x) for x in both]  # (they stand for both through where they are)
    if both:
        names = ", ".join(sorted(projection.name(x) for x in both))
        a_only, b_only = a_side - both, b_side - both
        if bool(a_only) != bool(b_only):  # the only representatives of one party: its ends, not the other's
            only, other = (party_b, party_a) if a_only else (party_a, party_b)
            notes.append(f"{names} represent(s) both; counted for {only}, whose only representative(s) they are, "
                         f"not for {other}")
            a_side, b_side = (a_only, b_side) if a_only else (a_side, b_only)
        else:
            notes.append(f"{names} represent(s) both; left out as ends")
            a_side, b_side = a_only, b_only
    row = Gap("parties", party_a, party_b, party_a, party_b, "no channel", 0, None, [], [], [],
              len(a_side), len(b_side), "; ".join(notes), sensitivity=most_sensitive("public", *both_marks, *counted))
    if not a_side or not b_side:
        empty = party_a if not a_side else party_b
        row.status = "no one to ask"
        # (its only people may stand for both: then they are not "no person", and the note says so)
        row.note = "; ".join([*notes, f"{empty} has no other representative on the day" if both else
                              f"{empty} has no person on the day"])
        return row
    # (a party's official stands for it by their party and official role: as sensitive as the way up)
    level = {x: SENSITIVITIES.index(projection.upward_sensitivity(x)) for x in a_side | b_side}

    def standing(at: int) -> SearchGraph:
        return search_graph(projection, {x for x in a_side if level[x] <= at}, {x for x in b_side if level[x] <= at},
                            arcs=arcs)

    row = _answer_row(projection, search_graph(projection, a_side, b_side, arcs=arcs), row, standing,
                      max(level.values(), default=0))
    # the notes so far (no Track 1 person, one for both) rest on the ways up of the people they count
    row.note_sensitivity = most_sensitive("public", *both_marks, *counted)
    row.sensitivity = most_sensitive(row.sensitivity, *both_marks, *counted)
    # a party's channel follows no restriction: say so when a contact at either end is bound (the row is a
    # pair, its channel read either way: a truth reader found the note only when the parties' names sorted so)
    ends = [(row.best_path[-2], row.best_path[-1]), (row.best_path[1], row.best_path[0])] \
        if len(row.best_path) >= 2 else []
    for n, (contact, end) in enumerate(ends):
        covering = sorted({r.group for r in s.restrictions if end in s.members(r.group)})
        bound = [g for g in covering if s.binding_restrictions(g, contact)]
        # (no note where the contact is free only by being inside the restricted body: as sensitive as that)
        row.sensitivity = most_sensitive(row.sensitivity, *(projection.exemption_sensitivity(g, contact)
                                                            for g in covering if g not in bound))
        if bound:
            why = "; ".join(f"{projection.name(g)} ({_bans(s.binding_restrictions(g, contact))})" for g in bound)
            step = "its only step" if len(row.best_path) == 2 else "its last step" if n == 0 else "its first step"
            broken = (f"{step} breaks a restriction: {projection.name(contact)} may not engage {why}; "
                      "the restriction rows give the channels that keep to it")
            row.note = "; ".join(x for x in (row.note, broken) if x)
            # (it names the best channel's contact: as sensitive as the row, and as the bans and what binds)
            row.note_sensitivity = most_sensitive(row.note_sensitivity, row.sensitivity, *(
                most_sensitive(r.sensitivity, projection.upward_sensitivity(contact),
                               projection.way_sensitivity(end, g))
                for g in bound for r in s.binding_restrictions(g, contact)))
    return row


def _bans(restrictions: list[Any], each_once: bool = False) -> str:
    """Restrictions as a note names them: "AAA legal on nationals, UN political on officials" (``each_once``:
    each once, sorted)."""
    said = [f"{r.jurisdiction} {r.kind} on {r.scope}" for r in restrictions]
    return ", ".join(sorted(set(said)) if each_once else said)


def officials_of(projection: Projection, state: str) -> set[str]:
    """The people who are officials of ``state`` on the day."""
    s = projection.situation
    return {a for a in projection.ids if projection.actors[a].kind == "person" and state in s.official_states(a)}


def restriction_gap(projection: Projection, state: str, group: str,
                    restrictions: list[dict[str, Any]] | None = None, arcs: Arcs | None = None) -> Gap:
    """Channels from any official of ``state`` to ``group`` under the channel rules."""
    s = projection.situation
    sources = officials_of(projection, state)
    members = projection.member_of(group) & set(projection.index)
    n = len(projection.ids)
    member = np.zeros(n, dtype=bool)
    member[[projection.index[m] for m in members]] = True
    row = Gap("restriction", state, group, f"officials of {state}", projection.name(group), "no channel", 0, None,
              [], [], [], len(sources - members), len(members), restrictions=restrictions or [])
    inside = sources & members
    sources -= members
    # the row exists because of its restrictions, on a group
    row.sensitivity = most_sensitive(projection.actors[group].sensitivity,
                                     *(r.get("sensitivity", "public") for r in row.restrictions))
    if not sources:
        row.status = "no one to ask"
        # (that they are members rests on the ways up from them to the group)
        row.sensitivity = most_sensitive(row.sensitivity, *(projection.way_sensitivity(x, group) for x in inside))
        row.note = (f"no official of {state} in the data on the day" if not inside else
                    f"every official of {state} on the day ({', '.join(sorted(projection.name(x) for x in inside))}) "
                    f"is a member of {projection.name(group)}, and needs no channel to it")
        return row
    allowed: dict[int, bool] = {}
    free_by: list[str] = []  # what each contact free only by being inside the restricted body rests on

    def may_contact(v: int) -> bool:
        if v not in allowed:
            a = projection.ids[v]
            allowed[v] = projection.is_person(a) and not s.non_engageable(group, a)
            if allowed[v]:
                free_by.append(projection.exemption_sensitivity(group, a))
        return allowed[v]

    # a member in a restricted body inside the group (its armed wing) is touched only by one that body's
    # restrictions do not bind, as in `kg channels`
    bars = InsideBars(projection, group, members)

    def graph_of(officials: set[str], group_members: set[str]) -> SearchGraph:
        mine = np.zeros(n, dtype=bool)
        mine[[projection.index[m] for m in group_members]] = True

        def arc_ok(u: np.ndarray, w: np.ndarray) -> np.ndarray:
            keep = ~mine[u]
            touching = keep & mine[w]
            for i in np.flatnonzero(touching):
                keep[i] = may_contact(int(u[i]))
            if bars:
                touching = np.flatnonzero(keep & mine[w])
                keep[touching[bars(u[touching], w[touching])]] = False
            return keep

        return search_graph(projection, officials, group_members, arc_ok, arcs)

    # an official stands for the state by the way up to it; a member is one by the way up to the group
    # (without that, a person who may carry a message)
    level = {**{x: SENSITIVITIES.index(projection.upward_sensitivity(x)) for x in sources},
             **{m: SENSITIVITIES.index(projection.way_sensitivity(m, group)) for m in members}}

    def standing(at: int) -> SearchGraph:
        return graph_of({x for x in sources if level[x] <= at}, {m for m in members if level[m] <= at})

    held = row.sensitivity
    sg = graph_of(sources, members)
    row = _answer_row(projection, sg, row, standing, max(level.values(), default=0))
    row.sensitivity = most_sensitive(row.sensitivity, held, *bars.barred, *free_by)
    # the group's body is not a point of failure (a contact may touch it), nor its only person (the group)
    alone = sum(projection.is_person(m) for m in members) < 2
    row.single_points_of_failure = [x for x in row.single_points_of_failure if x["id"] not in members
                                    or (projection.is_person(x["id"]) and not alone)]
    # who may not be the contact decides the channels there are, or that there is none: where each such
    # person stands, and the restrictions that bar them (another state's, perhaps)
    def barred_reached(graph: SearchGraph, group_members: set[str]) -> set[str]:
        reached = np.zeros(graph.graph.vcount(), dtype=bool)  # (who the officials cannot reach decides nothing)
        reached[graph.graph.subcomponent(graph.s, mode="out")] = True
        mine = np.zeros(n, dtype=bool)
        mine[[projection.index[m] for m in group_members]] = True
        return {a for a in _barred_contacts(projection, mine, may_contact) if reached[projection.index[a]]}

    barred_ids = barred_reached(sg, members)
    row.sensitivity = most_sensitive(row.sensitivity, *(projection.upward_sensitivity(a) for a in barred_ids),
                                     *(r.sensitivity for a in barred_ids for r in s.binding_restrictions(group, a)))
    if barred_ids:  # that the officials reach them, and that they touch the group, rests on links and memberships
        top = max(int(sg.arc_sensitivity.max()) if len(sg.arc_sensitivity) else 0, max(level.values(), default=0))
        for at in range(top - 1, -1, -1):
            kept = {m for m in members if level[m] <= at}
            if barred_reached(_at_most(standing(at), at), kept) != barred_ids or any(
                    _touch_level(projection, a, kept) > at for a in barred_ids):
                row.sensitivity = most_sensitive(row.sensitivity, SENSITIVITIES[at + 1])
                break
    if row.status == "no channel":
        # each with the restrictions that bind them, which may be another state's (a truth reader: a UK
        # national listed under Ireland's ban, which does not bind him)
        barred = sorted(f"{projection.name(a)} ({_bans(s.binding_restrictions(group, a), each_once=True)})"
                        for a in barred_ids)
        if barred:
            row.note = "people who touch the group may not engage it: " + ", ".join(barred[:8]) + (
                f" and {len(barred) - 8} more" if len(barred) > 8 else "")
        elif not any(projection.is_person(m) for m in members):  # (as kg channels says it)
            row.note = "no person belongs to the group in the data on the day (add its people to find channels)"
    return row


def _touch_level(projection: Projection, actor: str, group_members: set[str]) -> int:
    """The sensitivity level of the least sensitive usable link from ``actor`` to a member (that the
    actor touches the group rests on no more); 3 when it touches none."""
    mine = np.array([projection.index[m] for m in group_members], dtype=np.int64)
    levels = projection.pair_levels(np.full(len(mine), projection.index[actor]), mine)
    return int(levels.min()) if len(levels) else 3


def _barred_contacts(projection: Projection, member: np.ndarray,
                     may_contact: Callable[[int], bool]) -> set[str]:
    """The ids of people outside the group, linked to a member, who may not engage it (why there is no
    channel)."""
    lg = projection.link_graph("all")
    out = set()
    for m in np.flatnonzero(member):
        for v in lg.graph.neighbors(int(m)):
            if not member[v] and projection.person[v] and not may_contact(v):
                out.add(projection.ids[v])
    return out


def gaps(projection: Projection, include_parties: bool = True, include_restrictions: bool = True) -> GapsAnswer:
    """Every party pair and every (restricting state, restricted group), worst first.

    >>> from datetime import date
    >>> from kg.store.sqlite import SQLiteStore
    >>> from kg.graph import project
    >>> from kg.model import Actor, Affiliation, Tie
    >>> st = SQLiteStore(":memory:")
    >>> _ = st.upsert([Actor(id="ga", name="Gov A", kind="organization", org_type="government", party=("A",)),
    ...                Actor(id="gb", name="Gov B", kind="organization", org_type="government", party=("B",)),
    ...                Actor(id="a", name="Ann", kind="person"), Actor(id="b", name="Bob", kind="person"),
    ...                Actor(id="x", name="Xavier", kind="person"),
    ...                Affiliation(member="a", organization="ga", official=True),
    ...                Affiliation(member="b", organization="gb", official=True),
    ...                Tie(a="a", b="x", kind="friendship", strength=0.5), Tie(a="x", b="b", kind="dialogue")])
    >>> row = gaps(project(st, date(2000, 1, 1))).gaps[0]
    >>> row.status, row.independent_channels, row.best_reliability, [x["name"] for x in row.single_points_of_failure]
    ('one fragile channel', 1, 0.25, ['Xavier'])
    """
    from queries.channels import describe_restriction, records_used

    s = projection.situation
    rows: list[Gap] = []
    parties = s.known_parties()
    arcs = day_arcs(projection)
    if include_parties:
        for i, a in enumerate(parties):
            for b in parties[i + 1:]:
                rows.append(party_gap(projection, a, b, arcs))
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    if include_restrictions:
        all_states: set[str] | None = None
        for r in s.restrictions:
            if r.group not in projection.index:
                continue
            states = jurisdiction_states(r.jurisdiction, projection.day)
            if states is None:  # UN: every state with officials in the data
                if all_states is None:
                    all_states = {st for a in projection.ids if projection.actors[a].kind == "person"
                                  for st in s.official_states(a)}
                states = all_states
            for state in sorted(states):
                pairs.setdefault((state, r.group), []).append(describe_restriction(r))
        for (state, group), rs in sorted(pairs.items()):
            row = restriction_gap(projection, state, group, rs, arcs)
            if row.status == "no one to ask" and all(r["jurisdiction"] in ("EU", "UN") for r in rs):
                continue  # a member state with no official in the data says nothing
            rows.append(row)
    rows.sort(key=lambda g: (STATUS_ORDER[g.status], g.independent_channels, g.best_reliability or 0.0,
                             g.kind, g.a_name, g.b_name))
    day = projection.day.isoformat()
    worst = [g for g in rows if g.status in ("no channel", "one fragile channel")]
    if not rows:
        message = f"no party pair and no restricted group on {day}: nothing to compare"
    else:
        asked = sum(g.status == "no one to ask" for g in rows)
        message = (f"{len(rows)} pair{'s' if len(rows) != 1 else ''}; "
                   f"{sum(g.status == 'no channel' for g in rows)} with no channel, "
                   f"{sum(g.status == 'one fragile channel' for g in rows)} with one fragile channel"
                   + (f", {asked} with no one to ask" if asked else ""))
        if worst:
            message += f"; worst: {worst[0].a_name} - {worst[0].b_name}"
    return GapsAnswer(day if projection.as_of_given else None, day, rows, parties,
                      sorted({g for _, g in pairs}), message, records_used(projection),
                      worst[0].sensitivity if worst else "public")
