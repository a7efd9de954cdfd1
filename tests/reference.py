"""Reference implementations kept only for the tests: plain networkx, pair by pair, as the
literature defines each measure. The engine (igraph, vectorised) must give the same answers.
"""

from __future__ import annotations

import math
from itertools import islice
from typing import Any

import networkx as nx

from kg.graph import LinkGraph, Projection, distance
from queries.brokerage import ROLES, role_of


def to_networkx(projection: Projection, lg: LinkGraph) -> nx.Graph:
    """The engine's link graph as networkx: actor ids as nodes, reliability and distance on edges."""
    g = nx.Graph()
    g.add_nodes_from(projection.ids)
    lengths = lg.distances()
    for e, (u, v) in enumerate(lg.graph.get_edgelist()):
        r = float(lg.reliability[e])
        g.add_edge(projection.ids[u], projection.ids[v], reliability=r, distance=lengths[e])
    return g


def ab_betweenness(g: nx.Graph, a: set[str], b: set[str], weight: str | None = None) -> dict[str, float]:
    """networkx's subset betweenness, doubled for undirected graphs (each A-B pair counted once)."""
    raw = nx.betweenness_centrality_subset(g, sorted(a), sorted(b), normalized=False, weight=weight)
    return {n: 2.0 * v for n, v in raw.items()}


def brokerage(g: nx.Graph, group: dict[Any, Any]) -> dict[Any, dict[str, int]]:
    """Gould & Fernandez roles, every ordered pair of unlinked neighbours, as R's sna counts them."""
    out = {}
    for b in g:
        counts = dict.fromkeys(ROLES, 0)
        nbrs = [n for n in g[b] if n != b]
        for x in nbrs:
            for y in nbrs:
                if x != y and not g.has_edge(x, y):
                    counts[role_of(group[x], group[b], group[y])] += 1
        out[b] = counts
    return out


def ab_roles(g: nx.Graph, group: dict[Any, Any], a: set[Any], b: set[Any]) -> dict[Any, dict[str, int]]:
    """The roles on open two-paths between a member of A and a member of B, read both ways: each pair of
    unlinked neighbours one of which is in A and the other in B counts once (two people each in both
    parties are one pair)."""
    out = {}
    for n in g:
        counts = dict.fromkeys(ROLES, 0)
        near = sorted((x for x in g[n] if x != n), key=str)
        for i, x in enumerate(near):
            for y in near[i + 1:]:
                if ((x in a and y in b) or (y in a and x in b)) and not g.has_edge(x, y):
                    counts[role_of(group[x], group[n], group[y])] += 1
                    counts[role_of(group[y], group[n], group[x])] += 1
        out[n] = counts
    return out


SINK = ("__sink__",)


def channel_graph(projection: Projection, x: str, group: str) -> nx.DiGraph:
    """The channel rules as a networkx DiGraph, from the networkx view of the projection."""
    s = projection.situation
    members = s.members(group)
    links = projection.links(exclude_hostile=True)
    d = nx.DiGraph()
    for u, v, data in links.edges(data=True):
        cost = distance(data["reliability"])
        for a, b in ((u, v), (v, u)):
            if a in members or not (projection.is_person(a) or a == x):
                continue
            if b in members:
                if not s.non_engageable(group, a):
                    d.add_edge(a, b, cost=cost)
            elif projection.is_person(b):
                d.add_edge(a, b, cost=cost)
    for m in members:
        if m in d:
            d.add_edge(m, SINK, cost=0.0)
    return d


def best_channels(projection: Projection, x: str, group: str, top: int = 5, max_hops: int = 6) -> list[list[str]]:
    """Greedy independent channels, then Yen's next best, as networkx computes them."""
    d = channel_graph(projection, x, group)
    out: list[list[str]] = []
    if x not in d or SINK not in d or not nx.has_path(d, x, SINK):
        return out
    h = d.copy()
    while len(out) < top:
        try:  # among equally reliable channels, the one whose actor ids come first
            p = min(nx.all_shortest_paths(h, x, SINK, weight="cost"))[:-1]
        except nx.NetworkXNoPath:
            break
        if len(p) - 1 > max_hops:  # the most reliable that fits (Yen's order: by length, then by hops)
            fits = _first_within(h, x, max_hops)
            if fits is None:
                break
            p = fits
        out.append(p)
        if len(p) == 2:
            h.remove_edge(p[0], p[1])
        h.remove_nodes_from(p[1:-1])
    seen = {tuple(p) for p in out}
    for p in islice(nx.shortest_simple_paths(d, x, SINK, weight="cost"), 20_000):
        if len(out) >= top:
            break
        p = p[:-1]
        if len(p) - 1 <= max_hops and tuple(p) not in seen:
            out.append(p)
            seen.add(tuple(p))
    return out


def _first_within(h: nx.DiGraph, x: str, max_hops: int) -> list[str] | None:
    """The shortest channel of at most ``max_hops`` hops; of equally short ones, the one whose ids come first."""
    best: list[list[str]] = []
    length = None
    for p in islice(nx.shortest_simple_paths(h, x, SINK, weight="cost"), 20_000):
        cost = nx.path_weight(h, p, "cost")
        if length is not None and cost > length:
            break
        if len(p) - 2 <= max_hops:
            length = cost
            best.append(p[:-1])
    return min(best) if best else None


def single_points_of_failure(projection: Projection, x: str, group: str) -> set[str]:
    """Every intermediary whose removal alone disconnects X from the group (tested one by one), and
    so every member of the group when it has two people or more (its only person is the group)."""
    d = channel_graph(projection, x, group)
    members = projection.situation.members(group)
    people = [m for m in members if m in projection.index and projection.is_person(m)]
    if x not in d or SINK not in d or not nx.has_path(d, x, SINK):
        return set()
    return {v for v in d if v not in (x, SINK) and (v not in members or len(people) >= 2)
            and not nx.has_path(nx.restricted_view(d, [v], []), x, SINK)}


def minimum_cut_size(projection: Projection, x: str, group: str) -> int | None:
    """The size of a smallest set of intermediaries cutting every channel (networkx minimum_node_cut)."""
    d = channel_graph(projection, x, group)
    members = projection.situation.members(group)
    h = nx.DiGraph()
    for u, v in d.edges():
        if u in members or u == SINK:
            continue
        h.add_edge(u, SINK if v in members else v)
    if h.has_edge(x, SINK):
        return None  # X touches a member: no set of intermediaries cuts that
    if not (x in h and SINK in h):
        return 0
    return len(nx.minimum_node_cut(h, x, SINK))


def path_reliability(g: nx.Graph, path: list[str]) -> float:
    return math.prod(g[u][v]["reliability"] for u, v in zip(path, path[1:], strict=False))
