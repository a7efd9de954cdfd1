"""Bridging figures: known answers with their sources, the Oslo sample, errors, large graphs."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import UnknownIdError
from kg.graph import project
from kg.model import Actor, Tie
from queries.bridges import ab_betweenness, bridging_figures
from queries.brokerage import ROLES, brokerage_roles

STRIKE = Path(__file__).parent / "fixtures" / "strike"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "oslo"


def test_strike_brokerage_matches_r_sna_for_all_24_actors():
    """Known answer: R sna::brokerage() on the Strike network (Michael 1997; de Nooy, Mrvar & Batagelj),
    as tabulated in cllghn/arso data/brokers_and_bridges/brokerage_scores.csv (tests/fixtures/strike)."""
    graph = nx.Graph([(r["a"], r["b"]) for r in csv.DictReader((STRIKE / "edges.csv").open())])
    expected = {r["actor"]: r for r in csv.DictReader((STRIKE / "brokerage.csv").open())}
    got = brokerage_roles(graph, {a: r["group"] for a, r in expected.items()})
    assert len(expected) == 24
    matching = [a for a in expected if all(got[a][role] == int(expected[a][role]) for role in ROLES)]
    assert sorted(matching) == sorted(expected)
    assert all(sum(got[a].values()) == int(expected[a]["total"]) for a in expected)


def test_florentine_medici_are_the_dominant_broker():
    """Known answer: Padgett & Ansell (1993), networkx's florentine_families_graph: the Medici's
    betweenness is 0.522, the highest. With A = B = every family, A-B betweenness is plain betweenness."""
    g = nx.florentine_families_graph()
    n = g.number_of_nodes()
    raw = ab_betweenness(g, set(g), set(g))
    normalised = {k: v / 2 / ((n - 1) * (n - 2) / 2) for k, v in raw.items()}  # ordered pairs -> unordered
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
    answer = bridging_figures(project(sqlite_store, date(1434, 1, 1)), "oligarchs", "allies")
    assert answer.results[0].name == "Medici"
    assert answer.results[0].brokerage["liaison"] > 0


def test_ab_betweenness_counts_each_pair_once_on_a_path():
    g = nx.path_graph(["a", "v", "w", "b"])
    raw = ab_betweenness(g, {"a"}, {"b"})
    assert raw == {"a": 0.0, "v": 1.0, "w": 1.0, "b": 0.0}


def test_split_shortest_paths_share_the_credit():
    g = nx.Graph([("a", "x"), ("x", "b"), ("a", "y"), ("y", "b")])
    assert ab_betweenness(g, {"a"}, {"b"})["x"] == pytest.approx(0.5)


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


@pytest.fixture
def oslo(sample_store):
    """The Oslo sample, loaded once for the session (conftest.py)."""
    return sample_store


GO_BETWEENS = {"yair-hirschfeld", "ahmed-qurei", "terje-rod-larsen", "mona-juul", "ron-pundak"}


def test_oslo_go_betweens_rank_near_the_top_during_the_secret_channel(oslo):
    """Corbin (1994): Hirschfeld and Qurei, brought together by Rød-Larsen, carried the channel."""
    answer = bridging_figures(project(oslo, date(1993, 3, 1)), "Israel", "PLO", top=5)
    top = [r.id for r in answer.results]
    assert top[:2] == ["yair-hirschfeld", "ahmed-qurei"]
    assert "terje-rod-larsen" in top
    larsen = next(r for r in answer.results if r.id == "terje-rod-larsen")
    assert larsen.party == [] and larsen.metrics["ab_roles"]["liaison"] > 0
    assert "liaison" in larsen.why


def test_oslo_ranking_changes_with_as_of(oslo):
    before = [r.id for r in bridging_figures(project(oslo, date(1992, 6, 1)), "Israel", "PLO").results]
    during = [r.id for r in bridging_figures(project(oslo, date(1993, 8, 1)), "Israel", "PLO", top=3).results]
    assert "yair-hirschfeld" in during and "uri-savir" in during  # Savir led the Israeli team from May 1993
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
    monkeypatch.setattr(bridges, "MIN_SAMPLE", 10)
    estimate = bridging_figures(proj, "Israel", "PLO")
    assert estimate.method.startswith("estimate from 10 of 15 members of Israel")
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
                                   nx.gnm_random_graph(60, 200, seed=3)])
def test_structural_holes_equal_networkx(graph):
    """networkx's constraint and effective_size are the reference (Burt 1992; Borgatti 1997)."""
    from queries.structural_holes import burt_measures

    ours = burt_measures(graph, list(graph))
    c, e = nx.constraint(graph), nx.effective_size(graph)
    for n in graph:
        if graph.degree(n) == 0:
            assert ours[n] == (None, None)
        else:
            assert ours[n][0] == pytest.approx(c[n], abs=1e-4)
            assert ours[n][1] == pytest.approx(e[n], abs=1e-4)
