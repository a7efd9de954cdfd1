"""Bridging figures between two parties: through whom are party A and party B connected?

:func:`bridging_figures` measures every actor of the projection (ties,
affiliations, influence and shared events valid on the day; hostile ties left
out) against the members of A and B (every actor whose parties, explicit or
derived, include the party):

- **A-B betweenness** (``ab_betweenness``): the share of shortest paths between a
  member of A and a member of B that run through the actor, endpoints not
  counted; networkx's ``betweenness_centrality_subset`` is the reference (its
  undirected values are halved, so they are doubled here), divided by the number
  of connected A-B pairs. ``ab_betweenness_weighted`` is the same with a strong,
  well-sourced link a short one: distance ``-log(strength x confidence)``.
- **Brokerage roles** (Gould & Fernandez 1989, see :mod:`queries.brokerage`) over
  the partition of actors by their set of parties, actors with no party forming
  one group (``brokerage``); ``ab_roles`` counts the same roles on the open
  two-paths from an A member to a B member only; ``ab_pairs`` is the number of
  such A-B pairs the actor joins, and ``ab_brokerage`` the same with a pair
  joined by an outsider to both sides (a liaison) counting 1 and one joined by a
  member of A or B (representative and gatekeeper) counting 1/2: in Track II a
  go-between neither side sees as partisan is worth more.
- **Structural holes** (Burt 1992): constraint and effective size on the
  unweighted links (:mod:`queries.structural_holes`, equal to networkx's).
- **Reach**: members of A and of B touched directly and within two hops, and the
  cross-party links held (links to an actor whose set of parties differs).

The **score** in [0, 1] rewards what a mediator looks for in a go-between:
carrying the traffic between the two sides, and being in touch with both::

    score = 0.40 * ab_betweenness            # carries A-B shortest paths
          + 0.20 * ab_betweenness_weighted   # ... over strong, well-sourced links
          + 0.25 * ab_brokerage / max        # joins A members to B members (liaisons count double)
          + 0.15 * balance                   # reaches both sides within two hops

where ``balance`` is the geometric mean of the shares of A and of B within two
hops (0 unless the actor reaches both sides). Members of A and B are ranked too:
an insider who is also in touch with the other side is often the best bridge.

Large graphs: exact betweenness costs one shortest-path search per member of A.
Past :data:`EXACT_BUDGET` (members of A x links), the default is an estimate
from a random sample of A's members (scaled up), and the answer says so;
``exact=True`` forces the exact computation.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from kg.errors import UnknownIdError
from kg.graph import Projection
from queries.brokerage import ROLES, brokerage_roles, role_of
from queries.structural_holes import burt_measures

EXACT_BUDGET = 2_500_000  # members of A x links: about 10 s of exact betweenness on a 2-core machine
MIN_SAMPLE = 50  # sources sampled at least, when estimating
WEIGHTS = {"ab_betweenness": 0.40, "ab_betweenness_weighted": 0.20, "ab_brokerage": 0.25, "balance": 0.15}


@dataclass
class Bridge:
    """One actor's place between the two parties."""

    id: str
    name: str
    score: float
    why: str
    kind: str
    party: list[str]
    track: str
    metrics: dict[str, Any]
    brokerage: dict[str, int]
    ties: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BridgesAnswer:
    """The ranked bridges, and how they were computed."""

    parties: list[str]
    as_of: str | None
    results: list[Bridge]
    members: dict[str, int]
    method: str
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"parties": self.parties, "as_of": self.as_of, "method": self.method,
                "members": self.members, "message": self.message,
                "results": [b.to_dict() for b in self.results]}


def party_members(projection: Projection, party: str) -> tuple[str, set[str]]:
    """The canonical party name and its members; an organization id stands for its members.

    Raises :class:`UnknownIdError` naming the party and listing the known ones.
    """
    s = projection.situation
    known = s.known_parties()
    for p in known:
        if p.casefold() == party.casefold():
            return p, s.party_members(p)
    actor = projection.actors.get(party)
    if actor is not None and actor.kind == "organization":
        return actor.name, s.members(party)
    raise UnknownIdError(f'no party "{party}"; known parties: {", ".join(known) or "none"} '
                         "(an organization id also works)")


def ab_betweenness(graph: nx.Graph, a: set[str], b: set[str], weight: str | None = None,
                   sources: list[str] | None = None) -> dict[str, float]:
    """Sum over A-B pairs of the fraction of their shortest paths through each node.

    ``sources`` (a sample of A) estimates it; the result is scaled by |A| / |sample|.
    """
    src = sorted(a) if sources is None else sources
    raw = nx.betweenness_centrality_subset(graph, src, sorted(b), normalized=False, weight=weight)
    scale = (2.0 if not graph.is_directed() else 1.0) * (len(a) / len(src) if src else 0.0)
    return {n: v * scale for n, v in raw.items()}


def connected_pairs(graph: nx.Graph, a: set[str], b: set[str]) -> int:
    """How many ordered (member of A, member of B) pairs of distinct actors are connected."""
    comp = {}
    for i, nodes in enumerate(nx.connected_components(graph)):
        for n in nodes:
            comp[n] = i
    count_a: dict[int, int] = {}
    count_b: dict[int, int] = {}
    for n in a:
        count_a[comp[n]] = count_a.get(comp[n], 0) + 1
    for n in b:
        count_b[comp[n]] = count_b.get(comp[n], 0) + 1
    both = sum(1 for n in a & b)
    return sum(count_a[c] * count_b.get(c, 0) for c in count_a) - both


def bridging_figures(projection: Projection, party_a: str, party_b: str, top: int = 10,
                     exact: bool | None = None, sample: int | None = None, seed: int = 1) -> BridgesAnswer:
    """Rank the actors through whom parties A and B are connected on the projection's day."""
    name_a, members_a = party_members(projection, party_a)
    name_b, members_b = party_members(projection, party_b)
    as_of = projection.day.isoformat() if projection.as_of_given else None
    g = projection.links(exclude_hostile=True)
    members_a &= set(g)
    members_b &= set(g)
    counts = {name_a: len(members_a), name_b: len(members_b)}
    answer = BridgesAnswer([name_a, name_b], as_of, [], counts, "exact")
    if not members_a or not members_b:
        empty = name_a if not members_a else name_b
        answer.message = f"{empty} has no members on {projection.day.isoformat()}; nothing to bridge"
        return answer
    pairs = connected_pairs(g, members_a, members_b)
    if pairs == 0:
        answer.message = (f"no path links a member of {name_a} to a member of {name_b} on "
                          f"{projection.day.isoformat()}")
        return answer

    for _, _, d in g.edges(data=True):
        d["distance"] = -math.log(max(d["reliability"], 1e-6)) + 1e-9
    sources: list[str] | None = None
    cost = len(members_a) * max(1, g.number_of_edges())
    if sample or (exact is not True and cost > EXACT_BUDGET):
        k = sample or max(MIN_SAMPLE, EXACT_BUDGET // max(1, g.number_of_edges()))
        if k < len(members_a):
            sources = random.Random(seed).sample(sorted(members_a), k)
            answer.method = f"estimate from {k} of {len(members_a)} members of {name_a} (use --exact)"
    hop = ab_betweenness(g, members_a, members_b, sources=sources)
    weighted = ab_betweenness(g, members_a, members_b, weight="distance", sources=sources)

    group = {n: frozenset(g.nodes[n].get("parties", ())) for n in g}
    candidates = [n for n in g if any(x in members_a or x in members_b for x in g[n]) or hop.get(n, 0) > 0]
    roles = brokerage_roles(g, group, candidates)
    ab_roles = {n: _ab_roles(g, n, group, members_a, members_b) for n in candidates}
    ab_open = {n: sum(r.values()) // 2 for n, r in ab_roles.items()}
    ab_weighted = {n: ab_open[n] * (0.5 if (n in members_a or n in members_b) else 1.0) for n in candidates}
    max_open = max(ab_weighted.values(), default=0) or 1
    burt = burt_measures(g, candidates)

    results = []
    for n in candidates:
        two_hop = _within_two(g, n)
        direct = set(g[n])
        reach = {"direct_a": len(direct & members_a - {n}), "direct_b": len(direct & members_b - {n}),
                 "two_hops_a": len(two_hop & members_a - {n}), "two_hops_b": len(two_hop & members_b - {n})}
        balance = math.sqrt((reach["two_hops_a"] / len(members_a)) * (reach["two_hops_b"] / len(members_b)))
        share = hop.get(n, 0.0) / pairs
        share_w = weighted.get(n, 0.0) / pairs
        score = (WEIGHTS["ab_betweenness"] * share + WEIGHTS["ab_betweenness_weighted"] * share_w
                 + WEIGHTS["ab_brokerage"] * ab_weighted[n] / max_open + WEIGHTS["balance"] * balance)
        if score <= 0:
            continue
        cross = sum(1 for x in direct if group[x] != group[n])
        metrics = {"ab_betweenness": round(share, 4), "ab_betweenness_weighted": round(share_w, 4),
                   "ab_paths": round(hop.get(n, 0.0), 3), "ab_pairs": ab_open[n],
                   "ab_brokerage": ab_weighted[n],
                   "constraint": burt[n][0], "effective_size": burt[n][1],
                   **reach, "cross_party_ties": cross, "balance": round(balance, 4),
                   "ab_roles": ab_roles[n]}
        node = g.nodes[n]
        results.append(Bridge(
            id=n, name=node["name"], score=round(score, 4), kind=node["kind"], party=node["parties"],
            track=node["track"], metrics=metrics, brokerage=roles[n],
            why=_why(name_a, name_b, reach, ab_open[n], n in members_a or n in members_b, share),
            ties=_bridge_links(g, n, members_a, members_b)))
    results.sort(key=lambda r: (-r.score, r.name))
    answer.results = results[:top]
    if not answer.results:
        answer.message = f"no actor stands between {name_a} and {name_b} on {projection.day.isoformat()}"
    return answer


def _within_two(g: nx.Graph, n: str) -> set[str]:
    out = set(g[n])
    for m in list(out):
        out.update(g[m])
    out.discard(n)
    return out


def _ab_roles(g: nx.Graph, n: str, group: dict[str, frozenset[str]], a: set[str], b: set[str]) -> dict[str, int]:
    """Brokerage roles on the open two-paths from a member of A to a member of B (both ways)."""
    counts = dict.fromkeys(ROLES, 0)
    na = [x for x in g[n] if x in a and x != n]
    nb = [x for x in g[n] if x in b and x != n]
    for x in na:
        for y in nb:
            if x != y and y not in g[x]:
                counts[role_of(group[x], group[n], group[y])] += 1
                counts[role_of(group[y], group[n], group[x])] += 1
    return counts


def _bridge_links(g: nx.Graph, n: str, a: set[str], b: set[str]) -> list[dict[str, Any]]:
    """The actor's links to members of A and B, strongest first, with their evidence."""
    out = []
    for x in g[n]:
        if x in a or x in b:
            best = g[n][x]["best"]
            out.append({"to": x, "name": g.nodes[x]["name"], "side": "A" if x in a else "B",
                        "via": best["relationship"], "kind": best["kind"],
                        "reliability": round(g[n][x]["reliability"], 3), "source": best["source"]})
    out.sort(key=lambda d: -d["reliability"])
    return out


def _why(name_a: str, name_b: str, reach: dict[str, int], pairs: int, member: bool, share: float) -> str:
    parts = [f"links {reach['direct_a']} member{'s' if reach['direct_a'] != 1 else ''} of {name_a} "
             f"with {reach['direct_b']} of {name_b}"]
    if pairs:
        role = "representative and gatekeeper" if member else "liaison"
        parts.append(f"{role} for {pairs} {name_a}-{name_b} pair{'s' if pairs != 1 else ''} with no direct link")
    parts.append(f"{share:.0%} of {name_a}-{name_b} shortest paths")
    return "; ".join(parts)
