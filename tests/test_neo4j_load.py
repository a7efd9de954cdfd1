"""The Neo4j loading path: statements split into chunks, end nodes found once per transaction,
extra columns and dates kept, and what it refuses. Against the session's real server; the
embedded store is the reference where both can answer."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from ingest import load
from kg.errors import StoreError
from kg.graph import project
from kg.model import Actor, Tie
from kg.store import neo4j as neo4j_module

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "oslo"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_store_contract import _graph_signature  # noqa: E402


def everything(store) -> dict[str, list[str]]:
    from kg.model import KINDS

    return {k: sorted(json.dumps(r.to_dict(), sort_keys=True) for r in store.records(k)) for k in KINDS}


@pytest.mark.neo4j
def test_small_statements_and_the_end_node_cache_give_the_same_store(neo4j_store, sqlite_store, monkeypatch):
    """Statements of 7 rows: relationships whose end nodes were looked up by an earlier statement of the
    same transaction, several create statements per kind; the result equals the embedded store's."""
    monkeypatch.setattr(neo4j_module, "STATEMENT_ROWS", 7)
    load(sqlite_store, SAMPLE, strict=True)
    report = load(neo4j_store, SAMPLE, strict=True)
    assert sum(report.result.new.values()) == sum(sqlite_store.counts().values())
    assert everything(neo4j_store) == everything(sqlite_store)
    for day in (None, date(1993, 2, 1)):
        a, b = project(sqlite_store, day).graph, project(neo4j_store, day).graph
        assert _graph_signature(a) == _graph_signature(b)
    again = load(neo4j_store, SAMPLE, strict=True)  # the same data: all unchanged, read back in chunks
    assert not again.result.new and not again.result.updated


@pytest.mark.neo4j
def test_extra_columns_and_dates_are_properties_and_round_trip(neo4j_store):
    people = [Actor(id=f"p{i}", name=f"P{i}", kind="person") for i in range(3)]
    plain = Tie(a="p0", b="p1", kind="friendship", start="1993-02")
    extra = Tie(a="p1", b="p2", kind="dialogue", start="1992", props={"region": "Levant", "hash": "theirs"})
    result = neo4j_store.upsert([*people, plain, extra])
    assert sum(result.new.values()) == 5
    assert sorted(r.key() for r in neo4j_store.records("tie")) == sorted([plain.key(), extra.key()])
    back = {r.key(): r for r in neo4j_store.records("tie")}
    assert back[extra.key()] == extra and back[plain.key()] == plain
    with neo4j_store.driver.session(database=neo4j_store.database) as s:
        row = s.run("MATCH (:Actor {id: 'p1'})-[t:TIE {kind: 'dialogue'}]->(:Actor {id: 'p2'}) "
                    "RETURN t.region AS region, t.start_day AS day, t.end_day AS end").single(strict=True)
        assert row["region"] == "Levant"
        assert row["day"].iso_format() == "1992-01-01" and row["end"] is None
        day = s.run("MATCH ()-[t:TIE {kind: 'friendship'}]->() RETURN t.start_day AS d").single(strict=True)["d"]
        assert day.iso_format() == "1993-02-01"


@pytest.mark.neo4j
def test_a_participation_whose_actor_and_event_share_an_id_links_the_actor(neo4j_store, sqlite_store):
    """An actor and an event may have one id: each end of a relationship is found under its own label
    (the end nodes of a statement were once kept by id alone, and the event's node took the actor's place)."""
    from kg.model import Event, Participation

    records = [Actor(id="x1", name="Ann", kind="person"), Actor(id="p2", name="Bo", kind="person"),
               Event(id="x1", name="Talks", start="1993-01-20"),
               Participation(actor="x1", event="x1", role="host"), Participation(actor="p2", event="x1")]
    neo4j_store.upsert(records)
    sqlite_store.upsert(records)
    with neo4j_store.driver.session(database=neo4j_store.database) as s:
        ends = s.run("MATCH (a)-[:PARTICIPATED_IN]->(e) RETURN labels(a) AS a, labels(e) AS e, a.id AS id "
                     "ORDER BY id").data()
    assert [(sorted(r["a"]), r["e"], r["id"]) for r in ends] == [
        (["Actor", "Person"], ["Event"], "p2"), (["Actor", "Person"], ["Event"], "x1")]
    assert everything(neo4j_store) == everything(sqlite_store)
    a, b = project(sqlite_store, date(1993, 2, 1)).graph, project(neo4j_store, date(1993, 2, 1)).graph
    assert _graph_signature(a) == _graph_signature(b)


@pytest.mark.neo4j
def test_a_relationship_to_a_node_not_in_the_store_is_refused_whole(neo4j_store):
    people = [Actor(id="p0", name="P0", kind="person"), Actor(id="p1", name="P1", kind="person")]
    good = Tie(a="p0", b="p1", kind="friendship")
    orphan = Tie(a="p0", b="nobody", kind="friendship")
    with pytest.raises(StoreError, match="'nobody', which is not in the Neo4j store"):
        neo4j_store.upsert([*people, good, orphan])
    assert sum(neo4j_store.counts().values()) == 0  # the batch, people included, rolled back


@pytest.mark.neo4j
def test_key_lookups_seek_the_index_whatever_the_statistics(neo4j_store):
    """A plan cached while a relationship type was empty must not scan the key index for each key
    later: every key and id look-up names its index. (The hint alone did not stop slow first loads:
    the plan kept seeking, slowly; see the next test.)"""
    from kg.model import KINDS
    from kg.store import cypher

    with neo4j_store.driver.session(database=neo4j_store.database) as s:
        for kind in KINDS:
            plan = s.run("EXPLAIN " + cypher.existing(kind), keys=["x"]).consume().plan
            ops = json.dumps(plan)
            assert "IndexSeek" in ops and "Scan" not in ops, (kind, ops)


def test_relationships_found_by_key_are_planned_anew_each_time():
    """A plan made while a relationship key index was empty seeks it about 450 times slower
    once it fills, and the server keeps that plan: on Neo4j 5.26 the first 100,000-tie load into a
    new database took 8 minutes instead of about 13 s (BENCHMARKS.md, "first load into a new database").
    Every statement that finds relationships by key is therefore planned anew."""
    from kg.store import cypher

    statements = {kind: [cypher.existing(kind), cypher.by_keys(kind), cypher.update_relationships(kind)]
                  for kind in cypher.REL_TYPES}
    for kind, texts in statements.items():
        for text in texts:
            assert text.startswith("CYPHER replan=force "), (kind, text)
    nodes = [cypher.existing("actor"), cypher.by_keys("event")]  # node seeks are not affected
    assert not any(t.startswith("CYPHER") for t in nodes)
