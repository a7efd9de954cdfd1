"""networkx stays the reference: the igraph engine must give the same answers as plain networkx
computations (tests/reference.py) on the Strike network, the Florentine families, the Oslo sample and
generated graphs, by hops and by strength (equally reliable paths tie exactly: kg.graph.distance)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import reference
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.graph import project
from kg.model import Actor, Affiliation, Event, Participation, Restriction, Tie
from kg.store.sqlite import SQLiteStore
from kg.text import rounded
from queries.bridges import ab_betweenness, bridging_figures
from queries.brokerage import ROLES, local_structure
from queries.channels import channels_to_group

STRIKE = Path(__file__).parent / "fixtures" / "strike"
DAY = date(2000, 1, 1)


def people_store(edges, parties, strengths=None) -> SQLiteStore:
    s = SQLiteStore(":memory:")
    names = sorted({x for e in edges for x in e} | set(parties))
    s.upsert([Actor(id=n, name=n, kind="person", party=tuple(parties.get(n, ()))) for n in names]
             + [Tie(a=a, b=b, kind="friendship", strength=(strengths or {}).get((a, b), 0.5)) for a, b in edges])
    return s


def compare_bridges(store, a="A", b="B"):
    """The engine's betweenness and roles equal networkx's on the same people graph."""
    proj = project(store, DAY)
    lg = proj.link_graph("carriers")
    g = reference.to_networkx(proj, lg)
    members_a = {m for m in proj.situation.party_members(a) if proj.is_person(m)}
    members_b = {m for m in proj.situation.party_members(b) if proj.is_person(m)}
    ia = sorted(proj.index[m] for m in members_a)
    ib = sorted(proj.index[m] for m in members_b)
    for weighted, weight in ((False, None), (True, "distance")):
        ours = ab_betweenness(lg, ia, ib, weighted)
        ref = reference.ab_betweenness(g, members_a, members_b, weight)
        for n, v in ref.items():
            assert ours[proj.index[n]] == pytest.approx(v, abs=1e-9), (n, weighted)
    groups: dict[frozenset[str], int] = {}
    group = np.array([groups.setdefault(proj.situation.parties(i), len(groups)) for i in proj.ids])
    amask = np.isin(np.arange(len(proj.ids)), ia)
    bmask = np.isin(np.arange(len(proj.ids)), ib)
    ls = local_structure(lg.graph, group, amask, bmask)
    gmap = {n: group[proj.index[n]] for n in g}
    ref_roles = reference.brokerage(g, gmap)
    ref_ab = reference.ab_roles(g, gmap, members_a, members_b)
    for n in g:
        assert ls.roles[proj.index[n]].tolist() == [ref_roles[n][r] for r in ROLES], n
        assert ls.ab_roles[proj.index[n]].tolist() == [ref_ab[n][r] for r in ROLES], n


def test_strike_network_both_engines_agree():
    """The Strike network (Michael 1997) with its three groups as parties."""
    groups = {r["actor"]: r["group"] for r in csv.DictReader((STRIKE / "brokerage.csv").open())}
    edges = [(r["a"], r["b"]) for r in csv.DictReader((STRIKE / "edges.csv").open())]
    compare_bridges(people_store(edges, {n: (f"g{g}",) for n, g in groups.items()}), "g1", "g3")


def test_florentine_families_both_engines_agree():
    g = nx.florentine_families_graph()
    oligarchs = {"Strozzi", "Peruzzi", "Bischeri", "Castellani", "Guadagni", "Lamberteschi", "Albizzi"}
    parties = {n: ("oligarchs",) if n in oligarchs else ("allies",) for n in g if n != "Medici"}
    compare_bridges(people_store(list(g.edges()), parties), "oligarchs", "allies")


@pytest.mark.parametrize("day", [date(1992, 12, 10), date(1993, 2, 1), date(1993, 6, 1), date(1993, 9, 1)])
def test_oslo_sample_both_engines_agree(sample_store, day):
    proj = project(sample_store, day)
    lg = proj.link_graph("carriers")
    g = reference.to_networkx(proj, lg)
    a = {m for m in proj.situation.party_members("Israel") if proj.is_person(m)}
    b = {m for m in proj.situation.party_members("PLO") if proj.is_person(m)}
    for weighted, weight in ((False, None), (True, "distance")):
        ours = ab_betweenness(lg, sorted(proj.index[m] for m in a), sorted(proj.index[m] for m in b), weighted)
        for n, v in reference.ab_betweenness(g, a, b, weight).items():
            assert ours[proj.index[n]] == pytest.approx(v, abs=1e-9)
    compare_channels(proj, "shimon-peres", "plo")


def compare_channels(proj, x, group, top=5):
    ours = channels_to_group(proj, x, group, top=top)
    ref_paths = reference.best_channels(proj, x, group, top=top)
    links = proj.links(exclude_hostile=True)
    # (scores are shown to 4 decimals, or below 0.1 to 3 significant digits: kg.text.rounded)
    ref_scores = sorted((rounded(reference.path_reliability(links, p)) for p in ref_paths), reverse=True)
    assert [c.score for c in ours.channels] == ref_scores
    # the independent channels are chosen the same way: the best, then the best avoiding it...
    ours_first = ours.channels[0].path if ours.channels else None
    if ref_paths and len({round(reference.path_reliability(links, p), 9) for p in ref_paths}) == len(ref_paths):
        assert ours_first == max(ref_paths, key=lambda p: reference.path_reliability(links, p))
    assert {s["id"] for s in ours.single_points_of_failure} == reference.single_points_of_failure(proj, x, group)
    if ours.channels:
        assert ours.minimum_cut_size == reference.minimum_cut_size(proj, x, group)


@st.composite
def networks(draw):
    n = draw(st.integers(4, 14))
    names = [f"p{i}" for i in range(n)]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    edges = draw(st.lists(st.sampled_from(pairs), min_size=2, max_size=min(30, len(pairs)), unique=True))
    strength = st.sampled_from([0.2, 0.4, 0.5, 0.8, 1.0])  # few values: many equally reliable paths
    strengths = {e: draw(strength) for e in edges}
    parties = {p: draw(st.sampled_from([("A",), ("B",), (), ("A", "B")])) for p in names}
    return edges, strengths, parties


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_generated_networks_both_engines_agree_on_bridges(net):
    edges, strengths, parties = net
    store = people_store(edges, parties, strengths)
    proj = project(store, DAY)
    if not proj.situation.party_members("A") or not proj.situation.party_members("B"):
        return
    compare_bridges(store)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(0, 3))
def test_generated_networks_both_engines_agree_on_channels(net, members):
    edges, strengths, _ = net
    store = people_store(edges, {}, strengths)
    proj = project(store, DAY)
    ids = sorted(proj.ids)
    x = ids[0]
    chosen = ids[len(ids) - 1 - members:]
    store.upsert([Actor(id="grp", name="Group", kind="organization", org_type="armed_group", country="PSE"),
                  Actor(id="gov", name="Gov", kind="organization", org_type="government", country="ISR"),
                  Affiliation(member=x, organization="gov", official=True),
                  Restriction(group="grp", jurisdiction="ISR", kind="legal", scope="officials")]
                 + [Affiliation(member=m, organization="grp") for m in chosen if m != x])
    compare_channels(project(store, DAY), x, "grp")


def test_event_and_co_membership_links_agree(sqlite_store):
    """Shared events (aged) and co-membership links go through both engines alike."""
    sqlite_store.upsert([Actor(id=f"p{i}", name=f"P{i}", kind="person", party=("A",) if i < 3 else ("B",))
                         for i in range(8)]
                        + [Actor(id="club", name="Club", kind="organization", org_type="ngo", country="NOR"),
                           Event(id="ev", name="Retreat", start="1998-05-01")]
                        + [Affiliation(member=f"p{i}", organization="club") for i in (1, 2, 5)]
                        + [Participation(actor=f"p{i}", event="ev") for i in (0, 4, 6)]
                        + [Tie(a="p0", b="p1", kind="friendship"), Tie(a="p5", b="p7", kind="family", strength=0.9)])
    compare_bridges(sqlite_store)


@settings(max_examples=40, deadline=None)
@given(st.integers(8, 40), st.integers(0, 10_000), st.integers(1, 6))
def test_yen_on_the_nearest_vertices_equals_yen_on_the_whole_graph(n, seed, k):
    """queries.connections.k_shortest_paths searches a few vertices first and widens until the
    answer is provably the whole graph's (here from 3 vertices up, to exercise the widening)."""
    import random
    import warnings

    import igraph as ig

    from queries.connections import k_shortest_paths

    rng = random.Random(seed)
    g = ig.Graph.Erdos_Renyi(n=n, m=min(n * 3, n * (n - 1) // 2), directed=False)
    weights = [float(rng.choice([1, 2, 3, 5, 8])) for _ in range(g.ecount())]
    if g.distances(0, n - 1, weights=weights)[0][0] == float("inf"):
        return
    whole = g.get_k_shortest_paths(0, n - 1, k=k, weights=weights, output="vpath")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # igraph's "Couldn't reach some vertices" never reaches the user
        near = k_shortest_paths(g, weights, 0, n - 1, k, first=3)

    def length(p):
        return sum(weights[g.get_eid(u, v)] for u, v in zip(p, p[1:], strict=False))

    assert sorted(map(length, near)) == sorted(map(length, whole))
    assert all(p[0] == 0 and p[-1] == n - 1 and len(set(p)) == len(p) for p in near)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(1, 5))
def test_bridges_ranking_with_bounded_reach_equals_scoring_everyone(net, top):
    """The ranking computes two-hop reach only where it can change the top: the same top as
    scoring every vertex (networkx's two-hop neighbourhoods as the reference)."""
    import math

    from queries import bridges as B

    edges, strengths, parties = net
    store = people_store(edges, parties, strengths)
    proj = project(store, DAY)
    if not proj.situation.party_members("A") or not proj.situation.party_members("B"):
        return
    answer = bridging_figures(proj, "A", "B", top=top)
    lg = proj.link_graph("carriers")
    g = reference.to_networkx(proj, lg)
    a = {m for m in proj.situation.party_members("A") if proj.is_person(m)}
    b = {m for m in proj.situation.party_members("B") if proj.is_person(m)}
    everyone = bridging_figures(proj, "A", "B", top=10_000)
    for r in everyone.results:  # every score, balance recomputed from networkx
        two = set(nx.single_source_shortest_path_length(g, r.id, cutoff=2)) - {r.id}
        balance = math.sqrt(len(two & a) / len(a) * len(two & b) / len(b))
        assert r.metrics["balance"] == pytest.approx(round(balance, 4), abs=1e-4)
    expected = [r.id for r in everyone.results[:top]]
    assert [r.id for r in answer.results] == expected
    assert B.WEIGHTS["balance"] == 0.15


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 14), st.integers(0, 10**6), st.integers(0, 3))
def test_canonical_shortest_path_is_the_first_of_networkx_all_shortest_paths(n, seed, removals):
    """The channel search stops once the target is settled; its path must still be the shortest
    path whose vertex sequence comes first, as networkx lists them all. Lengths from {1, 2} make
    many equally short paths; the arcs into the last vertex (a sink) have length 0, as in the
    rule graph; removed vertices may not be used."""
    import random

    from queries.channels import canonical_shortest_path, nearest_distances

    rng = random.Random(seed)
    sink = n
    arcs = {(u, w): float(rng.choice([1, 2])) for u in range(n) for w in range(n)
            if u != w and rng.random() < 0.35}
    arcs.update({(u, sink): 0.0 for u in range(1, n) if rng.random() < 0.4})
    removed = np.zeros(n + 1, dtype=bool)
    removed[rng.sample(range(1, n), min(removals, n - 1))] = True
    order = sorted(arcs)
    start = np.zeros(n + 2, dtype=np.int64)
    np.cumsum(np.bincount([u for u, _ in order], minlength=n + 1), out=start[1:])
    heads = np.array([w for _, w in order], dtype=np.int64)
    lengths = np.array([arcs[a] for a in order])
    g = nx.DiGraph()
    g.add_nodes_from(range(n + 1))
    g.add_weighted_edges_from((u, w, c) for (u, w), c in arcs.items() if not removed[u] and not removed[w])
    adjacency = (start, heads, lengths)
    stopped = nearest_distances(adjacency, 0, sink, removed)
    whole = np.full(n + 1, np.inf)  # igraph's Dijkstra over everything, as the search falls back to
    whole[list(g)] = [nx.single_source_dijkstra_path_length(g, 0).get(v, np.inf) for v in g]
    for d in (stopped, whole):
        ours = canonical_shortest_path(adjacency, d, 0, sink)
        if not nx.has_path(g, 0, sink):
            assert ours is None
        else:
            assert ours == min(nx.all_shortest_paths(g, 0, sink, weight="weight"))
    assert nearest_distances(adjacency, 0, sink, removed, budget=0) is None
