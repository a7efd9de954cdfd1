"""The paths a large store takes, exercised on small ones: the packed link columns of the embedded
store, betweenness split into parts and run on several cores, the channel search beside the minimum
cut, the link graph's pair lookup, and progress on a terminal. Each must give exactly the answer of
the plain path (the plain path itself is compared with networkx in test_engine_reference.py)."""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from pathlib import Path

import numpy as np
import pytest

import kg.store.sqlite as sqlite_module
import queries.bridges as bridges_module
import queries.channels as channels_module
from benchmarks.synthetic import heavy_tailed_records
from kg.errors import KGError
from kg.graph import TIE, project
from kg.model import Actor, Tie
from kg.parallel import SILENT, TerminalProgress, map_parts, split, terminal_progress, workers
from kg.store.sqlite import SQLiteStore
from queries.bridges import bridging_figures
from queries.channels import channels_to_group

LINK_FIELDS = ("link_u", "link_v", "link_rel", "link_strength", "link_confidence", "link_sensitivity",
               "link_hostile")


@pytest.fixture
def network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SQLiteStore:
    """A heavy-tailed network of 600 actors and 3,000 ties, with packed link columns."""
    monkeypatch.setattr(sqlite_module, "LINK_COLUMNS_MIN", 100)
    store = SQLiteStore(tmp_path / "kg.db")
    with store.bulk_load():
        store.upsert(heavy_tailed_records(600, 3_000, seed=3))
    return store


def rows_only(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "packed_links", lambda *a, **k: None)


def edited_by_another_program(store: SQLiteStore, path: Path, sql: str, params: tuple = ()) -> SQLiteStore:
    """Close ``store``, change its file with plain sqlite3 (as another program would), reopen it read-only."""
    store.close()
    raw = sqlite3.connect(path)
    raw.execute(sql, params)
    raw.commit()
    raw.close()
    return SQLiteStore(path, readonly=True)


def same_projection(a, b) -> None:
    for f in LINK_FIELDS:
        assert np.array_equal(getattr(a, f), getattr(b, f)), f
    assert a.link_info.refs == b.link_info.refs
    assert [a.evidence(i) for i in range(0, a.link_count, 37)] == [b.evidence(i) for i in range(0, b.link_count, 37)]


# --- packed link columns ------------------------------------------------------------------------

def test_a_load_packs_the_links_and_a_projection_from_them_equals_one_from_the_rows(network, monkeypatch):
    packed = dict(network.conn.execute("SELECT kind, rows FROM link_columns"))
    assert packed["tie"] == network.counts()["ties"]
    for day in (date(1990, 1, 1), date(2005, 6, 1), None):
        for level in (0, 1, 2):
            with_packed = project(network, day, max_sensitivity=level)
            with monkeypatch.context() as m:
                rows_only(network, m)
                from_rows = project(network, day, max_sensitivity=level)
            same_projection(with_packed, from_rows)


def test_any_change_to_actors_or_ties_drops_the_packed_copy_and_the_next_load_rewrites_it(network):
    network.upsert([Actor(id="newcomer", name="New Comer", kind="person")])
    assert network.packed_links("tie", None) is None
    with network.bulk_load():
        network.upsert([Tie(a="newcomer", b="p1", kind="friendship", strength=0.9)])
    packed = network.packed_links("tie", None)
    assert packed is not None and len(packed) == network.counts()["ties"]
    p = project(network)
    i = p.index["newcomer"]
    assert np.count_nonzero((p.link_u == i) | (p.link_v == i)) == 1


def test_a_store_changed_behind_its_back_is_read_row_by_row(network, tmp_path, monkeypatch):
    ties = network.counts()["ties"]
    store = edited_by_another_program(network, tmp_path / "kg.db",
                                      "DELETE FROM ties WHERE rowid IN (SELECT rowid FROM ties LIMIT 5)")
    assert store.packed_links("tie", None) is None
    p = project(store, max_sensitivity=2)
    with monkeypatch.context() as m:
        rows_only(store, m)
        same_projection(p, project(store, max_sensitivity=2))
    assert int(np.count_nonzero(p.link_rel == 0)) <= ties - 5


def test_an_update_in_place_by_another_program_drops_the_packed_copy(network, tmp_path):
    """An older Backchannel, or a hand-written UPDATE, changes a tie without changing the count:
    the triggers in the file drop the copy, so the projection sees the new strength."""
    ref, a = network.conn.execute("SELECT rowid, a FROM ties WHERE last_day IS NULL AND first_day <= ? "
                                  "AND sensitivity = 0 AND kind != 'hostile' LIMIT 1",
                                  (date.today().toordinal() - 1,)).fetchone()
    store = edited_by_another_program(network, tmp_path / "kg.db",
                                      "UPDATE ties SET strength = 0.123 WHERE rowid = ?", (ref,))
    assert store.packed_links("tie", None) is None
    p = project(store)
    at = next(i for i, r in enumerate(p.link_info.refs) if r == ref and p.link_rel[i] == TIE)
    assert p.link_strength[at] == pytest.approx(0.123)
    assert p.ids[int(p.link_u[at])] == a


def test_links_that_start_or_end_on_the_day_are_the_same_from_the_packed_copy(network, monkeypatch):
    days = network.conn.execute("SELECT first_day FROM ties WHERE first_day IS NOT NULL LIMIT 3").fetchall() \
        + network.conn.execute("SELECT last_day FROM ties WHERE last_day IS NOT NULL LIMIT 3").fetchall()
    assert days
    for (n,) in days:
        for day in (date.fromordinal(n - 1), date.fromordinal(n), date.fromordinal(n + 1)):
            with_packed = project(network, day)
            with monkeypatch.context() as m:
                rows_only(network, m)
                same_projection(with_packed, project(network, day))


def test_a_load_whose_packing_fails_still_succeeds_and_reads_the_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_module, "LINK_COLUMNS_MIN", 100)
    monkeypatch.setattr(sqlite_module, "LINK_COLUMNS_MAX_BYTES", 1_000)  # too big to pack
    store = SQLiteStore(tmp_path / "kg.db")
    with store.bulk_load():
        store.upsert(heavy_tailed_records(300, 1_000, seed=5))
    assert store.packed_links("tie", None) is None
    assert project(store).link_count > 1_000


def test_a_truncated_packed_copy_is_not_used(network):
    network.conn.execute("UPDATE link_columns SET data = substr(data, 1, 100)")
    assert network.packed_links("tie", None) is None


def test_a_small_store_keeps_no_packed_copy(tmp_path):
    store = SQLiteStore(tmp_path / "small.db")
    with store.bulk_load():
        store.upsert(heavy_tailed_records(100, 300, seed=1))
    assert store.conn.execute("SELECT count(*) FROM link_columns").fetchone()[0] == 0


# --- several cores ------------------------------------------------------------------------------

def test_map_parts_keeps_the_order_on_one_core_and_on_two(monkeypatch):
    for n in ("1", "2"):
        monkeypatch.setenv("KG_WORKERS", n)
        assert map_parts(lambda x: x * x, list(range(13))) == [x * x for x in range(13)]


def test_split_deals_every_item_once_in_order():
    assert split(list(range(10)), 3) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert split([1, 2], 16) == [[1], [2]]
    assert sum(split(list(range(1000)), 16), []) == list(range(1000))


def test_a_worker_that_dies_ends_the_computation_with_one_line_not_a_hang(monkeypatch):
    import os

    monkeypatch.setenv("KG_WORKERS", "2")

    def dies(x: int) -> int:
        if x == 3:
            os._exit(9)
        return x

    with pytest.raises(KGError, match="worker process died"):
        map_parts(dies, list(range(6)))


def test_a_bad_kg_workers_says_how_to_fix_it(monkeypatch):
    monkeypatch.setenv("KG_WORKERS", "many")
    with pytest.raises(KGError, match="KG_WORKERS"):
        workers()


def test_betweenness_in_parts_on_two_cores_is_the_sum_on_one_core_bit_for_bit(network, monkeypatch):
    p = project(network)
    whole = bridging_figures(p, "P0", "P1", exact=True)
    monkeypatch.setattr(bridges_module, "PARALLEL_MIN", 0)
    answers = []
    for n in ("1", "2"):
        monkeypatch.setenv("KG_WORKERS", n)
        answers.append(bridging_figures(project(network), "P0", "P1", exact=True).to_dict())
    assert answers[0] == answers[1]
    # and the parts add up to the undivided computation (to rounding)
    assert [r["id"] for r in answers[0]["results"]] == [r.id for r in whole.results]
    for ours, theirs in zip(answers[0]["results"], whole.results, strict=True):
        assert ours["metrics"]["ab_paths"] == pytest.approx(theirs.metrics["ab_paths"], abs=1e-3)


def test_a_sampled_estimate_is_the_same_on_one_core_and_two(network, monkeypatch):
    answers = []
    for n in ("1", "2"):
        monkeypatch.setenv("KG_WORKERS", n)
        answers.append(bridging_figures(project(network), "P0", "P1", sample=40).to_dict())
    assert answers[0] == answers[1]
    assert answers[0]["method"].startswith("estimate from 40")


def test_channels_searched_through_igraph_equal_the_search_that_stops_near(network, monkeypatch):
    """A channel search settles actors in Python up to a budget, then hands over to igraph's
    Dijkstra over the whole rule graph: both must give the same channels."""
    p = project(network)
    officials = sorted({a.member for a in p.all_affiliations if a.organization == "gov0" and a.official})
    near = [channels_to_group(p, x, "pol1").to_dict() for x in officials[:4]]
    monkeypatch.setattr(channels_module, "SETTLE_BUDGET", 0)
    p = project(network)
    assert [channels_to_group(p, x, "pol1").to_dict() for x in officials[:4]] == near
    assert any(a["channels"] for a in near)


# --- the link graph's pair lookup ---------------------------------------------------------------

def test_the_pair_lookup_finds_a_link_exactly_where_the_projection_has_one(network):
    p = project(network)
    lg = p.link_graph("all")
    usable = ~p.link_hostile & (p.link_strength * p.link_confidence > 0)  # ("all": no link of reliability 0)
    linked = {(min(u, v), max(u, v)) for u, v in zip(p.link_u[usable].tolist(), p.link_v[usable].tolist(),
                                                      strict=True)}
    rng = np.random.default_rng(1)
    pairs = list(linked)[:300] + [tuple(sorted(rng.integers(0, len(p.ids), 2).tolist())) for _ in range(300)]
    for u, v in pairs:
        if u == v:
            continue
        if (u, v) in linked:
            e = lg.edge(v, u)
            best = int(lg.best[e])
            assert {int(p.link_u[best]), int(p.link_v[best])} == {u, v}
            assert lg.graph.get_eid(u, v) == e
        else:
            with pytest.raises(ValueError):
                lg.edge(u, v)


# --- progress -----------------------------------------------------------------------------------

class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_is_cleared_and_says_nothing_elsewhere():
    term = Terminal()
    progress = terminal_progress(term)
    assert isinstance(progress, TerminalProgress)
    progress.stage("betweenness")
    progress.step(3, 16)
    progress.finish()
    text = term.getvalue()
    assert "kg: betweenness 3/16" in text and text.endswith("\r\x1b[2K")
    assert terminal_progress(io.StringIO()) is SILENT


def test_bridges_report_their_parts_as_they_finish(network, monkeypatch):
    seen: list[tuple[int, int]] = []

    class Record(type(SILENT)):  # type: ignore[misc]
        def step(self, done: int, total: int) -> None:
            seen.append((done, total))

    monkeypatch.setattr(bridges_module, "PARALLEL_MIN", 0)
    bridging_figures(project(network), "P0", "P1", exact=True, progress=Record())
    assert seen and seen[-1][0] == seen[-1][1] == len(seen)


def test_kg_bridges_shows_progress_on_a_real_terminal_and_none_in_a_pipe(tmp_path):
    import os
    import subprocess
    import sys

    from kg.cli import SAMPLE_DIR

    db = tmp_path / "kg.db"
    kg = [sys.executable, "-m", "kg.cli", "--db", str(db)]
    subprocess.run([*kg, "ingest", str(SAMPLE_DIR)], check=True, capture_output=True)
    leader, follower = os.openpty()
    try:
        done = subprocess.run([*kg, "bridges", "Israel", "PLO", "--as-of", "1993-03-01"], stdout=subprocess.PIPE,
                              stderr=follower, check=True, timeout=120)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert b"kg: reading the day's network from the store" in shown
    assert b"kg: brokerage and reach" in shown and shown.endswith(b"\r\x1b[2K")
    assert b"kg:" not in done.stdout
    piped = subprocess.run([*kg, "bridges", "Israel", "PLO", "--as-of", "1993-03-01"], capture_output=True,
                           check=True, timeout=120)
    assert piped.stderr == b"" and piped.stdout == done.stdout


# --- leaves folded into their neighbour ---------------------------------------------------------

def _unfolded_and_folded(p, a="P0", b="P1"):
    from queries.bridges import _exact, ab_betweenness, party_members

    lg = p.link_graph("carriers")
    src = sorted(p.index[m] for m in party_members(p, a)[1] if p.is_person(m))
    dst = sorted(p.index[m] for m in party_members(p, b)[1] if p.is_person(m))
    plain = (ab_betweenness(lg, src, dst, False), ab_betweenness(lg, src, dst, True))
    return plain, _exact(lg, src, dst), lg, src


def test_leaf_sources_counted_through_their_neighbour_give_the_exact_betweenness(network):
    people = [a.id for a in network.select("actor", "id", [f"p{i}" for i in range(200)]) if a.kind == "person"]
    network.upsert([Actor(id=f"leaf{i}", name=f"Leaf {i}", kind="person", party=("P0",)) for i in range(40)]
                   + [Tie(a=f"leaf{i}", b=people[(7 * i) % 25], kind="friendship", strength=0.3 + (i % 7) / 10)
                      for i in range(40)])
    (hop, weighted), (f_hop, f_weighted), lg, src = _unfolded_and_folded(project(network))
    assert sum(1 for s in src if lg.graph.degree(s) == 1) >= 5  # the case is exercised
    assert np.allclose(f_hop, hop, rtol=0, atol=1e-9) and np.allclose(f_weighted, weighted, rtol=0, atol=1e-9)


def test_a_star_costs_one_search_and_matches_networkx(tmp_path):
    import networkx as nx
    import reference

    from kg.model import Actor, Tie

    store = SQLiteStore(tmp_path / "star.db")
    leaves = [Actor(id=f"l{i:03d}", name=f"Leaf {i}", kind="person", party=("P0" if i % 2 else "P1",))
              for i in range(120)]
    store.upsert([Actor(id="hub", name="Hub", kind="person"), *leaves,
                  Actor(id="p0x", name="Inner", kind="person", party=("P0",)),
                  Actor(id="both", name="Both Sides", kind="person", party=("P0", "P1")),
                  Tie(a="hub", b="both", kind="friendship", strength=0.7),
                  *(Tie(a="hub", b=x.id, kind="friendship", strength=0.5 + (i % 5) / 10) for i, x in enumerate(leaves)),
                  Tie(a="p0x", b="l001", kind="friendship", strength=0.9)])
    p = project(store)
    (hop, weighted), (f_hop, f_weighted), lg, _src = _unfolded_and_folded(p)
    assert np.allclose(f_hop, hop, atol=1e-9) and np.allclose(f_weighted, weighted, atol=1e-9)
    g = reference.to_networkx(p, lg)
    a = {m for m in p.situation.party_members("P0") if p.is_person(m)}
    b = {m for m in p.situation.party_members("P1") if p.is_person(m)}
    for weight, ours in ((None, f_hop), ("distance", f_weighted)):
        for node, value in reference.ab_betweenness(g, a, b, weight).items():
            assert ours[p.index[node]] == pytest.approx(value, abs=1e-9), (node, weight)
    assert f_hop[p.index["hub"]] > 0 and nx.is_connected(g)


def test_ctrl_c_during_exact_bridges_on_two_cores_stops_every_process_and_says_nothing_changed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from benchmarks.synthetic import write_heavy_tailed

    folder = write_heavy_tailed(tmp_path / "net", 10_000, 50_000, seed=11)
    db = tmp_path / "kg.db"
    subprocess.run([sys.executable, "-m", "kg.cli", "--db", str(db), "ingest", str(folder)], check=True,
                   capture_output=True)
    env = {**os.environ, "KG_WORKERS": "2"}
    p = subprocess.Popen([sys.executable, "-m", "kg.cli", "--db", str(db), "bridges", "P0", "P1", "--exact"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(2.5)
    os.killpg(p.pid, signal.SIGINT)
    _out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert err.decode().strip().splitlines()[-1] == "kg: interrupted; nothing was changed"
    time.sleep(0.5)
    left = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[2]) == p.pid:  # its process group: the command's
                left.append(entry)
    assert left == []


def test_an_insert_or_replace_by_another_program_is_noticed(network, tmp_path):
    """REPLACE deletes and inserts without firing delete triggers (SQLite's default) and keeps the
    count: the highest rowid tells."""
    ref, key = network.conn.execute("SELECT rowid, key FROM ties WHERE last_day IS NULL AND sensitivity = 0 "
                                    "AND kind != 'hostile' AND first_day <= ? LIMIT 1",
                                    (date.today().toordinal() - 1,)).fetchone()
    store = edited_by_another_program(
        network, tmp_path / "kg.db",
        "INSERT OR REPLACE INTO ties SELECT key, a, b, kind, 0.01, first_day, last_day, sensitivity, "
        "confidence, data, hash + 1 FROM ties WHERE key = ?", (key,))
    assert store.conn.execute("SELECT count(*) FROM link_columns").fetchone()[0] >= 1  # the copy is still there
    assert store.packed_links("tie", None) is None
    p = project(store)
    new_ref = store.conn.execute("SELECT rowid FROM ties WHERE key = ?", (key,)).fetchone()[0]
    assert new_ref != ref
    at = next(i for i, r in enumerate(p.link_info.refs) if r == new_ref and p.link_rel[i] == TIE)
    assert p.link_strength[at] == pytest.approx(0.01)


def test_an_actor_given_a_new_rowid_by_another_program_is_noticed(network, tmp_path):
    store = edited_by_another_program(network, tmp_path / "kg.db",
                                      "INSERT OR REPLACE INTO actors SELECT * FROM actors WHERE id = 'p5'")
    assert store.packed_links("tie", None) is None
    p = project(store)
    i = p.index["p5"]
    assert np.count_nonzero((p.link_u == i) | (p.link_v == i)) > 0


@pytest.mark.parametrize("data", ["[]", "null", '"x"', "5", "{not json", '{"a": "x", "b": "y", "kind": "pals"}'])
def test_a_stored_record_that_cannot_be_read_is_named_in_one_line(tmp_path, data):
    import subprocess
    import sys

    from kg.cli import SAMPLE_DIR

    db = tmp_path / "kg.db"
    subprocess.run([sys.executable, "-m", "kg.cli", "--db", str(db), "ingest", str(SAMPLE_DIR)], check=True,
                   capture_output=True)
    raw = sqlite3.connect(db)
    rowid = raw.execute("SELECT rowid FROM ties WHERE a = 'terje-rod-larsen' OR b = 'terje-rod-larsen' "
                        "LIMIT 1").fetchone()[0]
    raw.execute("UPDATE ties SET data = ? WHERE rowid = ?", (data, rowid))
    raw.commit()
    raw.close()
    done = subprocess.run([sys.executable, "-m", "kg.cli", "--db", str(db), "show", "terje-rod-larsen"],
                          capture_output=True, text=True)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith(f"kg: the store {db} holds a tie record it cannot read (row {rowid})"), lines[0]


def test_a_packed_copy_without_its_fingerprint_is_not_used_and_the_next_load_packs_again(network):
    network.conn.execute("DELETE FROM meta WHERE name LIKE 'link_columns:%'")  # as an earlier 2.x left it
    assert network.packed_links("tie", None) is None
    with network.bulk_load():
        pass
    assert network.packed_links("tie", None) is not None


def test_a_worker_ends_at_once_on_the_sigterm_its_parent_stops_it_with():
    """Found by a second reader: the workers inherited kg's SIGTERM handler (an interrupt the part's code may
    catch), so Ctrl-C on exact bridges waited for every part to end (22 s instead of 2 in the reader's test)."""
    import signal

    from kg.cli import _terminate_as_interrupt
    from kg.parallel import _quiet_worker

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        _terminate_as_interrupt()  # what every command does first, and a forked worker inherits
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None)
        _quiet_worker()
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, before[0])
        signal.signal(signal.SIGINT, before[1])
