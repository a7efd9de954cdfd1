"""Bridging figures: known answers with their sources, the Oslo sample, errors, large graphs."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import UnknownIdError
from kg.graph import project
from kg.model import Actor, Tie
from queries.bridges import bridging_figures
from queries.brokerage import ROLES, brokerage_roles, local_structure

STRIKE = Path(__file__).parent / "fixtures" / "strike"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "oslo"


def test_strike_brokerage_matches_r_sna_for_all_24_actors():
    """Known answer: R sna::brokerage() on the Strike network (Michael 1997; de Nooy, Mrvar & Batagelj),
    as tabulated in cllghn/arso data/brokers_and_bridges/brokerage_scores.csv (tests/fixtures/strike)."""
    expected = {r["actor"]: r for r in csv.DictReader((STRIKE / "brokerage.csv").open())}
    names = sorted(expected)
    idx = {a: i for i, a in enumerate(names)}
    edges = [(idx[r["a"]], idx[r["b"]]) for r in csv.DictReader((STRIKE / "edges.csv").open())]
    group = np.array([int(expected[a]["group"]) for a in names])
    got = brokerage_roles(ig.Graph(n=len(names), edges=edges), group)
    assert len(expected) == 24
    matching = [a for a in names if got[idx[a]].tolist() == [int(expected[a][role]) for role in ROLES]]
    assert matching == names
    assert all(int(got[idx[a]].sum()) == int(expected[a]["total"]) for a in expected)


def test_florentine_medici_are_the_dominant_broker():
    """Known answer: Padgett & Ansell (1993), networkx's florentine_families_graph: the Medici's
    betweenness is 0.522, the highest. With A = B = every family, A-B betweenness is plain betweenness."""
    g = nx.florentine_families_graph()
    n = g.number_of_nodes()
    names = sorted(g)
    h = ig.Graph(n=n, edges=[(names.index(a), names.index(b)) for a, b in g.edges()])
    raw = h.betweenness(directed=False, sources=range(n), targets=range(n))
    normalised = {names[i]: v / ((n - 1) * (n - 2) / 2) for i, v in enumerate(raw)}
    assert normalised["Medici"] == pytest.approx(0.522, abs=5e-4)
    assert max(normalised, key=normalised.get) == "Medici"


def test_florentine_medici_top_bridge_between_oligarchs_and_medici_allies(sqlite_store):
    """Padgett & Ansell's two blocs: the Medici bridge their marriage allies and the oligarch families."""
    g = nx.florentine_families_graph()
    oligarchs = {"Strozzi", "Peruzzi", "Bischeri", "Castellani", "Guadagni", "Lamberteschi", "Albizzi"}
    allies = {"Tornabuoni", "Acciaiuoli", "Salviati", "Pazzi", "Barbadori", "Ginori", "Ridolfi"}
    actors = [Actor(id=f, name=f, kind="organization",
                    party=("oligarchs",) if f in oligarchs else ("allies",) if f in allies else ())
              for f in g]
    ties = [Tie(a=a, b=b, kind="family", strength=0.8) for a, b in g.edges()]
    sqlite_store.upsert(actors + ties)
    proj = project(sqlite_store, date(1434, 1, 1))
    answer = bridging_figures(proj, "oligarchs", "allies", include_organizations=True)
    assert answer.results[0].name == "Medici"
    assert answer.results[0].brokerage["liaison"] > 0
    # families are institutions: ranked only when asked for (people carry messages)
    people_only = bridging_figures(proj, "oligarchs", "allies")
    assert people_only.results == [] and "no people among its members" in people_only.message


def _people(store, ids_parties, ties):
    store.upsert([Actor(id=i, name=i.upper(), kind="person", party=p) for i, p in ids_parties]
                 + [Tie(a=a, b=b, kind="friendship", strength=0.5) for a, b in ties])


def test_ab_betweenness_counts_each_pair_once_on_a_path(sqlite_store):
    _people(sqlite_store, [("a", ("A",)), ("v", ()), ("w", ()), ("b", ("B",))], [("a", "v"), ("v", "w"), ("w", "b")])
    by = {r.id: r.metrics["ab_paths"] for r in bridging_figures(project(sqlite_store), "A", "B").results}
    assert by["v"] == by["w"] == 1.0


@pytest.mark.parametrize("dense", [False, True])
def test_two_people_each_in_both_parties_are_one_a_b_pair(sqlite_store, dense, monkeypatch):
    """Found by an adversary: V tied to A and C, each in both Alpha and Beta, joined "2 Alpha-Beta pairs"
    (ab_pairs 2, itinerant 4), more than its roles over all pairs (itinerant 2): the pair was counted
    from both of its ends. By hand: one pair {A, C}, read both ways: itinerant 2 (A and C share a
    group, V is outside it)."""
    import queries.brokerage as brokerage

    monkeypatch.setattr(brokerage, "DENSE_DENSITY", 0.0 if dense else 2.0)
    sqlite_store.upsert([Actor(id="a", name="A", kind="person", party=("Alpha", "Beta")),
                         Actor(id="c", name="C", kind="person", party=("Alpha", "Beta")),
                         Actor(id="v", name="V", kind="person"), Actor(id="w", name="W", kind="person",
                                                                      party=("Beta",)),
                         Tie(a="v", b="a", kind="professional", strength=0.5),
                         Tie(a="v", b="c", kind="professional", strength=0.5)])
    v = next(r for r in bridging_figures(project(sqlite_store, date(2000, 1, 1)), "Alpha", "Beta", exact=True).results
             if r.id == "v")
    m = v.metrics
    assert (m["ab_pairs"], m["ab_roles"]["itinerant"], sum(m["ab_roles"].values())) == (1, 2, 2)
    # a third neighbour in Beta only: {A, W} and {C, W} are two more pairs
    sqlite_store.upsert([Tie(a="v", b="w", kind="professional", strength=0.5)])
    v = next(r for r in bridging_figures(project(sqlite_store, date(2000, 1, 1)), "Alpha", "Beta", exact=True).results
             if r.id == "v")
    assert v.metrics["ab_pairs"] == 3


def test_split_shortest_paths_share_the_credit(sqlite_store):
    _people(sqlite_store, [("a", ("A",)), ("x", ()), ("y", ()), ("b", ("B",))],
            [("a", "x"), ("x", "b"), ("a", "y"), ("y", "b")])
    by = {r.id: r.metrics["ab_paths"] for r in bridging_figures(project(sqlite_store), "A", "B").results}
    assert by["x"] == by["y"] == pytest.approx(0.5)


def test_weighted_betweenness_prefers_the_strong_route(sqlite_store):
    sqlite_store.upsert([
        Actor(id="a", name="A", kind="person", party=("A",)), Actor(id="b", name="B", kind="person", party=("B",)),
        Actor(id="strong", name="Strong", kind="person"), Actor(id="weak", name="Weak", kind="person"),
        Tie(a="a", b="strong", kind="friendship", strength=0.9),
        Tie(a="strong", b="b", kind="friendship", strength=0.9),
        Tie(a="a", b="weak", kind="dialogue", strength=0.1), Tie(a="weak", b="b", kind="dialogue", strength=0.1)])
    answer = bridging_figures(project(sqlite_store), "A", "B")
    by = {r.id: r.metrics for r in answer.results}
    assert by["strong"]["ab_betweenness"] == by["weak"]["ab_betweenness"] == pytest.approx(0.5)
    assert by["strong"]["ab_betweenness_weighted"] == pytest.approx(1.0)
    assert by["weak"]["ab_betweenness_weighted"] == 0
    assert answer.results[0].id == "strong"


def test_hostile_ties_do_not_bridge(sqlite_store):
    sqlite_store.upsert([
        Actor(id="a", name="A", kind="person", party=("A",)), Actor(id="b", name="B", kind="person", party=("B",)),
        Actor(id="m", name="M", kind="person"),
        Tie(a="a", b="m", kind="friendship"), Tie(a="m", b="b", kind="hostile")])
    answer = bridging_figures(project(sqlite_store), "A", "B")
    assert answer.results == [] and "no path links a member of A to a member of B" in answer.message


def test_a_bridge_names_its_contact_on_each_side_past_twenty_links(sqlite_store):
    """V is B's only way in, with 21 strong ties to A and one weaker to B; only the 20 strongest links
    were read for the explanation, and it named no one in B (found by an adversarial reader)."""
    people = [Actor(id=f"a{i:02}", name=f"A{i:02}", kind="person", party=("A",)) for i in range(21)]
    sqlite_store.upsert(people + [
        Actor(id="b1", name="B1", kind="person", party=("B",)), Actor(id="v", name="V", kind="person"),
        *(Tie(a="v", b=p.id, kind="professional", strength=0.9) for p in people),
        Tie(a="v", b="b1", kind="professional", strength=0.5)])
    (v,) = [r for r in bridging_figures(project(sqlite_store), "A", "B").results if r.id == "v"]
    assert [t["to"] for t in v.ties if t["side"] == "B"] == ["b1"] and len(v.ties) == 21
    assert "in touch with A00 of A (tie: professional, reliability 0.9) and B1 of B" in v.why


@pytest.fixture
def oslo(sample_store):
    """The Oslo sample, loaded once for the session (conftest.py)."""
    return sample_store


GO_BETWEENS = {"yair-hirschfeld", "ahmed-qurei", "terje-rod-larsen", "mona-juul", "ron-pundak"}


def test_oslo_go_betweens_rank_near_the_top_during_the_secret_channel(oslo):
    """Corbin (1994): Hirschfeld and Qurei, brought together by Rød-Larsen, carried the channel."""
    answer = bridging_figures(project(oslo, date(1993, 3, 1)), "Israel", "PLO", top=5)
    top = [r.id for r in answer.results]
    assert top[0] == "yair-hirschfeld"
    assert set(top[:3]) == {"yair-hirschfeld", "ahmed-qurei", "terje-rod-larsen"}
    larsen = next(r for r in answer.results if r.id == "terje-rod-larsen")
    assert larsen.party == [] and larsen.metrics["ab_roles"]["liaison"] > 0
    assert "liaison" in larsen.why


def test_oslo_ranking_changes_with_as_of(oslo):
    before = [r.id for r in bridging_figures(project(oslo, date(1992, 6, 1)), "Israel", "PLO").results]
    during = [r.id for r in bridging_figures(project(oslo, date(1993, 8, 1)), "Israel", "PLO", top=5).results]
    assert during[0] == "ahmed-qurei"  # Qurei led the PLO side throughout (Qurei 2006)
    # Savir (from May 1993) and Singer (from June) led the Israeli side beside Hirschfeld
    assert {"yair-hirschfeld", "uri-savir", "joel-singer"} <= set(during)
    assert "uri-savir" not in before[:5] and "ahmed-qurei" not in before[:3]  # before London, Dec 1992


def test_unknown_party_names_it_and_lists_known_ones(oslo):
    with pytest.raises(UnknownIdError, match=r'no party "Hamas"; known parties: Israel, PLO'):
        bridging_figures(project(oslo, date(1993, 3, 1)), "Israel", "Hamas")


def test_an_organization_id_stands_for_its_members(oslo):
    answer = bridging_figures(project(oslo, date(1993, 3, 1)), "isr-mfa", "plo-economic")
    assert answer.parties == ["Ministry of Foreign Affairs of Israel", "PLO Economic Department (SAMED)"]
    assert answer.results


def test_sampling_is_used_past_the_budget_and_exact_on_request(oslo, monkeypatch):
    import queries.bridges as bridges

    proj = project(oslo, date(1993, 3, 1))
    monkeypatch.setattr(bridges, "EXACT_BUDGET", 100)
    monkeypatch.setattr(bridges, "MIN_SAMPLE", 5)
    estimate = bridging_figures(proj, "Israel", "PLO")
    assert estimate.method.startswith("estimate from 5 of 10 members")
    assert all("ab_betweenness_se" in r.metrics for r in estimate.results)
    exact = bridging_figures(proj, "Israel", "PLO", exact=True)
    assert exact.method == "exact"


def test_cli_bridges_json_shape(store_args):
    runner = CliRunner()
    runner.invoke(main, [*store_args, "ingest", str(SAMPLE)], catch_exceptions=False)
    result = runner.invoke(main, [*store_args, "bridges", "Israel", "PLO", "--as-of", "1993-03-01", "--json",
                                  "--top", "3"])
    data = json.loads(result.output)
    assert data["parties"] == ["Israel", "PLO"] and data["as_of"] == "1993-03-01"
    first = data["results"][0]
    assert set(first) >= {"id", "name", "score", "party", "track", "metrics", "brokerage", "why"}
    assert set(first["brokerage"]) == set(ROLES)
    assert [r["score"] for r in data["results"]] == sorted((r["score"] for r in data["results"]), reverse=True)
    unknown = runner.invoke(main, [*store_args, "bridges", "Israel", "Hamas"])
    assert unknown.exit_code == 1 and 'no party "Hamas"' in unknown.stderr


@pytest.mark.parametrize("graph", [nx.florentine_families_graph(), nx.karate_club_graph(),
                                   nx.gnm_random_graph(60, 200, seed=3), nx.complete_graph(40),
                                   nx.star_graph(30)])
@pytest.mark.parametrize("dense", [False, True])
def test_structural_holes_equal_networkx(graph, dense, monkeypatch):
    """networkx's constraint and effective_size are the reference (Burt 1992; Borgatti 1997);
    both ways of counting (triangle listing, matrix products) must give them."""
    import queries.brokerage as brokerage

    monkeypatch.setattr(brokerage, "DENSE_DENSITY", 0.0 if dense else 2.0)
    names = sorted(graph)
    h = ig.Graph(n=len(names), edges=[(names.index(a), names.index(b)) for a, b in graph.edges()])
    ours = local_structure(h, np.zeros(len(names), dtype=int))
    c, e = nx.constraint(graph), nx.effective_size(graph)
    for i, n in enumerate(names):
        if graph.degree(n) == 0:
            assert np.isnan(ours.constraint[i]) and np.isnan(ours.effective_size[i])
        else:
            assert ours.constraint[i] == pytest.approx(c[n], abs=1e-9)
            assert ours.effective_size[i] == pytest.approx(e[n], abs=1e-9)


def test_a_party_or_a_body_typed_in_another_unicode_form_is_found(sqlite_store):
    """Found by a sixth reader: "Españoles" typed decomposed was "no party", beside "known parties:
    Españoles"; an organization id alike."""
    from kg.graph import project
    from kg.model import Actor, Affiliation, Tie
    from queries.bridges import party_members

    sqlite_store.upsert([
        Actor(id="jose", name="José", kind="person", party=("Españoles",)),
        Actor(id="grupo-él", name="Grupo Él", kind="organization", org_type="armed_group", party=("Café",)),
        Actor(id="zoe", name="Zoë", kind="person"), Affiliation(member="zoe", organization="grupo-él"),
        Tie(a="jose", b="zoe", kind="professional")])
    proj = project(sqlite_store, date(2020, 1, 1))
    assert party_members(proj, "Espan\u0303oles")[0] == "Españoles"
    name, members = party_members(proj, "grupo-e\u0301l")
    assert name == "Grupo Él" and "zoe" in members


def test_a_ranking_that_rests_on_a_confidential_tie_is_marked(tmp_path, monkeypatch):
    """Found by a new user: a bridges answer printed no mark though its order flipped without one
    confidential tie (--exclude-confidential). The ranking and scores are asked again without the
    confidential, then the restricted records; on a large network marked as the most sensitive record."""
    import queries.bridges as bridges_module
    from kg.store.sqlite import SQLiteStore
    from queries.bridges import bridging_figures, ranking_sensitivity

    store = SQLiteStore(tmp_path / "k.db")
    store.upsert([Actor(id=f"a{i}", name=f"A{i}", kind="person", party=("A",)) for i in range(3)]
                 + [Actor(id=f"b{i}", name=f"B{i}", kind="person", party=("B",)) for i in range(3)]
                 + [Actor(id="x", name="X", kind="person"), Actor(id="y", name="Y", kind="person")]
                 + [Tie(a=f"a{i}", b="x", kind="friendship") for i in range(3)]
                 + [Tie(a="x", b=f"b{i}", kind="friendship") for i in range(2)]
                 + [Tie(a=f"a{i}", b="y", kind="friendship") for i in range(2)]
                 + [Tie(a="y", b=f"b{i}", kind="friendship", sensitivity="confidential" if i == 2 else "public")
                    for i in range(3)])
    day = date(2000, 1, 1)
    p = project(store, day)
    answer = ranking_sensitivity(p, bridging_figures(p, "A", "B", top=2), "A", "B", top=2)
    assert answer.ranking_sensitivity == "confidential" and answer.heading().startswith("NOTE"), answer.to_dict()
    public = project(store, day, max_sensitivity=1)
    answer = ranking_sensitivity(public, bridging_figures(public, "A", "B", top=2), "A", "B", top=2)
    assert answer.ranking_sensitivity == "public" and not answer.heading()
    # kg whatif --bridges and kg changes --bridges show rankings too, and mark them so
    from queries.changes import changes_between
    from queries.whatif import what_if
    p = project(store, day)
    assert what_if(p, ("a0",), bridges=("A", "B"), top=2).message_sensitivity == "confidential"
    assert changes_between(p, p, bridges=("A", "B"), top=2).bridges.ranking_sensitivity == "confidential"
    monkeypatch.setattr(bridges_module, "BRIDGES_EXACT_MARKS", 0)  # the safe side
    p = project(store, day)
    assert ranking_sensitivity(p, bridging_figures(p, "A", "B", top=2), "A", "B", top=2).ranking_sensitivity == \
        "confidential"
    store.close()


def test_an_estimate_says_how_sure_each_share_is_even_when_it_cannot_tell(oslo):
    """Found by an adversarial reader: a sample promised "each betweenness share carries its standard
    error", the text showed none, and JSON left it out when every error was zero (a sample of one, which
    cannot tell one): a wrong 0% read as sure."""
    p = project(oslo, date(1993, 3, 1))
    one = bridging_figures(p, "Israel", "PLO", sample=1)
    assert "too few sampled to tell a standard error" in one.method
    assert all(r.metrics["ab_betweenness_se"] is None and "too few sampled to tell how well" in r.why
               for r in one.results)
    some = bridging_figures(p, "Israel", "PLO", sample=4)
    assert "each betweenness share carries its standard error" in some.method
    assert all(isinstance(r.metrics["ab_betweenness_se"], float) and "(estimated, \u00b1" in r.why
               for r in some.results)
    assert all("estimated" not in r.why for r in bridging_figures(p, "Israel", "PLO", exact=True).results)
