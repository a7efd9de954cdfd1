"""`kg ingest` and `kg stats` through click's CliRunner, on both stores."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "oslo"
SAMPLE_COUNTS = {"actors": 49, "affiliations": 49, "ties": 48, "influence": 9, "events": 12,
                 "participation": 86, "restrictions": 3}


def kg(store_args, *args):
    return CliRunner().invoke(main, [*store_args, *args], catch_exceptions=False)


def test_ingest_then_stats_shows_the_sample(store_args):
    result = kg(store_args, "ingest", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert "actors              49  (49 new)" in result.output
    stats = kg(store_args, "stats", "--json")
    assert json.loads(stats.output) == SAMPLE_COUNTS


def test_ingest_twice_reports_everything_unchanged(store_args):
    kg(store_args, "ingest", str(SAMPLE))
    again = kg(store_args, "ingest", "--json", str(SAMPLE))
    report = json.loads(again.output)
    assert report["new"] == {} and report["updated"] == {}
    assert report["unchanged"] == SAMPLE_COUNTS == report["loaded"]  # keyed alike, by plural kind


def test_ingest_json_keys_new_and_updated_as_loaded(store_args, tmp_path):
    first = json.loads(kg(store_args, "ingest", "--json", str(SAMPLE)).output)
    assert first["new"] == SAMPLE_COUNTS == first["loaded"] and first["updated"] == {}
    with open(SAMPLE / "ties.csv", newline="", encoding="utf-8") as f:
        header, row = list(csv.reader(f))[:2]
    row[header.index("strength")] = "0.5" if row[header.index("strength")] != "0.5" else "0.4"
    with open(tmp_path / "ties.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, row])
    again = json.loads(kg(store_args, "ingest", "--json", str(tmp_path / "ties.csv")).output)
    assert again["updated"] == {"ties": 1} and again["new"] == {}


def test_dry_run_writes_nothing(store_args):
    result = kg(store_args, "ingest", "--dry-run", str(SAMPLE))
    assert result.exit_code == 0 and "dry run, nothing written" in result.output
    if store_args[0] == "--db":  # not even an empty file: read commands then say how to load
        assert not os.path.exists(store_args[1])
        stats = kg(store_args, "stats")
        assert stats.exit_code == 1 and "no store at" in stats.stderr and "kg ingest" in stats.stderr
    else:
        assert set(json.loads(kg(store_args, "stats", "--json").output).values()) == {0}


def test_missing_path_is_one_line_exit_1(store_args, tmp_path):
    result = kg(store_args, "ingest", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"kg: {tmp_path / 'nope'}: no such file or folder"


def test_unreachable_neo4j_is_one_line_exit_1():
    result = CliRunner().invoke(main, ["--neo4j", "neo4j://127.0.0.1:1", "stats"])
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: cannot reach Neo4j at neo4j://127.0.0.1:1")
    assert len(result.stderr.strip().splitlines()) == 1
    # the driver's line breaks as spaces, not escapes (a new user: a direct bolt:// URI's message spans lines)
    result = CliRunner().invoke(main, ["--neo4j", "bolt://127.0.0.1:1", "stats"])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "\\n" not in result.stderr and "Failed to establish connection" in result.stderr, result.stderr


def test_db_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_DB", str(tmp_path / "env.db"))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    CliRunner().invoke(main, ["ingest", str(SAMPLE)], catch_exceptions=False)
    assert (tmp_path / "env.db").exists()


def test_which_store_answers_is_never_decided_in_silence(tmp_path, monkeypatch):
    """Found by a new user: with KG_DB and NEO4J_URI both exported, every answer came from the file (read as
    Neo4j's), and --db beside --neo4j was dropped unsaid. A flag on the command line beats a variable."""
    db = str(tmp_path / "k.db")
    CliRunner().invoke(main, ["--db", db, "ingest", str(SAMPLE)], catch_exceptions=False)
    monkeypatch.setenv("KG_DB", db)
    monkeypatch.setenv("NEO4J_URI", "neo4j://127.0.0.1:1")
    both = CliRunner().invoke(main, ["stats"])
    assert both.exit_code == 1 and both.stderr.count("\n") == 1
    assert "both KG_DB" in both.stderr and "NEO4J_URI" in both.stderr and "unset one" in both.stderr
    assert CliRunner().invoke(main, ["--db", db, "stats"]).exit_code == 0  # (the flag chooses)
    # (what opens no store is not refused: a second reader found kg init and every --help refused)
    assert CliRunner().invoke(main, ["stats", "--help"]).exit_code == 0
    assert CliRunner().invoke(main, ["init", str(tmp_path / "templates")]).exit_code == 0
    monkeypatch.delenv("KG_DB")
    flags = CliRunner().invoke(main, ["--db", db, "--neo4j", "neo4j://127.0.0.1:1", "stats"])
    assert flags.exit_code == 2 and "give --db or --neo4j, not both" in flags.stderr


def test_an_address_that_is_no_neo4j_uri_is_one_line():
    """Found by a new user: the address alone, an http:// URL or a misspelt scheme gave the driver's traceback."""
    for uri in ("127.0.0.1:7687", "localhost", "http://127.0.0.1:7687", "neo4j+sc://127.0.0.1:7687"):
        result = CliRunner().invoke(main, ["--neo4j", uri, "stats"])
        assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
        assert f"kg: {uri} is not a Neo4j URI; expected neo4j://HOST:PORT" in result.stderr


def test_password_is_not_a_command_line_option():
    result = CliRunner().invoke(main, ["--password", "x", "stats"])
    assert result.exit_code == 2


def test_demo_prints_both_answers_and_writes_the_map(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "demo")], catch_exceptions=False)
    assert result.exit_code == 0
    assert "   1. Yair Hirschfeld [CONFIDENTIAL]  score 0.553" in result.output
    assert "Shimon Peres -> Yossi Beilin -> [Yair Hirschfeld] -> Ahmed Qurei" in result.output
    html = (tmp_path / "demo" / "oslo-channels.html").read_text(encoding="utf-8")
    assert "Channels from Shimon Peres to Palestine Liberation Organization" in html


def test_a_refused_load_under_json_prints_its_refusal_as_json(store_args, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for f in SAMPLE.iterdir():
        (data / f.name).write_bytes(f.read_bytes())
    with open(data / "ties.csv", "a", encoding="utf-8") as out:
        out.write("x,y\n")
    lines = len((data / "ties.csv").read_text(encoding="utf-8").splitlines())
    result = kg(store_args, "ingest", "--strict", "--json", str(data))
    assert result.exit_code == 1
    report = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert report["written"] is False and report["exit_code"] == 1
    assert report["refused"] == "--strict: 1 bad record; nothing was written"
    assert report["rejected"] == [f"ties.csv:{lines}: kind: is required but empty"]
    assert result.stderr.strip().splitlines()[-1] == "kg: --strict: 1 bad record; nothing was written"


def test_every_refused_load_under_json_prints_its_refusal_as_json(tmp_path):
    """Found by an adversary: `kg ingest --json` printed no JSON on stdout unless the refusal was --strict's:
    a --replace refusal, a folder without actors.csv, a store busy with another load or not ours gave an
    empty stdout and exit 1, where the README promises refused, rejected and "written": false."""
    from kg.store.sqlite import SQLiteStore

    db = str(tmp_path / "s.db")
    data, empty = tmp_path / "d", tmp_path / "e"
    data.mkdir()
    empty.mkdir()
    (data / "actors.csv").write_text("id,name,kind,sensitivity\nx,X,person,confidential\ny,Y,person,public\n")
    assert kg(["--db", db], "ingest", str(data)).exit_code == 0
    (data / "actors.csv").write_text("id,name,kind\ny,Y,person\n")
    (empty / "ties.csv").write_text("a,b,kind\n")
    (tmp_path / "other.db").write_text("not a store")
    holder = SQLiteStore(db)
    cases = [(["--db", db], ["--replace", str(data)], "--replace would remove 1 confidential record"),
             (["--db", db], [str(empty)], f"{empty}: the folder has no actors.csv"),
             (["--db", str(tmp_path / "other.db")], [str(data)], "is not a Backchannel store"),
             (["--db", db], [str(tmp_path / "nothing")], "no such file or folder"),
             (["--db", db], [str(data)], "another load of elsewhere is writing to this store")]
    try:
        for store_args, args, says in cases:
            if "another load" in says:
                from ingest.load import only_load

                held = only_load(holder, "elsewhere")
                held.__enter__()
            result = kg(store_args, "ingest", "--json", *args)
            assert result.exit_code == 1, result.output
            report = json.loads(result.stdout)  # the whole of stdout is one JSON document
            assert report["written"] is False and report["exit_code"] == 1 and report["rejected"] == []
            assert says in report["refused"], report
            assert result.stderr == f"kg: {report['refused']}\n"
        held.__exit__(None, None, None)
    finally:
        holder.close()
    assert not (tmp_path / "nothing").exists()


def test_a_load_stopped_after_whole_batches_under_json_says_they_are_written(tmp_path, monkeypatch):
    """A refusal after the first batches (the store failing, another load taking it over) is said as JSON
    too, and "written" says the batches before it are in; under --strict they are not."""
    import importlib

    from kg.errors import StoreError
    from kg.store.sqlite import SQLiteStore

    loading = importlib.import_module("ingest.load")  # (ingest.load is also the function)
    real = SQLiteStore.upsert
    calls = []

    def failing(self, records):
        calls.append(len(records))
        if len(calls) == 2:
            raise StoreError("the disk broke")
        return real(self, records)

    monkeypatch.setattr(loading, "BATCH_SIZE", 2)
    monkeypatch.setattr(SQLiteStore, "upsert", failing)
    for extra, written in (([], True), (["--strict"], False)):
        calls.clear()
        result = kg(["--db", str(tmp_path / f"s{len(extra)}.db")], "ingest", "--json", *extra, str(SAMPLE))
        report = json.loads(result.stdout)
        assert result.exit_code == 1 and report["refused"] == "the disk broke" and report["written"] is written


def test_db_after_the_command_says_where_it_goes(tmp_path):
    """A new user typed `kg show anna-berg --db mine.db` and read "No such option '--db'", with a help that
    does not list it either: the line says where it goes."""
    result = CliRunner().invoke(main, ["show", "x", "--db", str(tmp_path / "mine.db")])
    assert result.exit_code == 2
    assert result.stderr == "kg: --db goes before the command: `kg --db ... show ...` (or set KG_DB)\n"


def test_a_dry_run_says_what_would_be_new_updated_and_unchanged(store_args, tmp_path):
    """Found by an adversary: --dry-run checked the records but said nothing of what a load would change."""
    kg(store_args, "ingest", str(SAMPLE))
    folder = tmp_path / "ds"
    folder.mkdir()
    with open(SAMPLE / "ties.csv", newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    rows[0][header.index("strength")] = "0.5" if rows[0][header.index("strength")] != "0.5" else "0.4"
    rows.append(["terje-rod-larsen", "ahmed-qurei", "friendship", "0.3"] + [""] * (len(header) - 4))
    with open(folder / "ties.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    for name in ("actors.csv", "events.csv"):
        (folder / name).write_bytes((SAMPLE / name).read_bytes())
    report = json.loads(kg(store_args, "ingest", "--dry-run", "--json", str(folder)).output)
    assert report["new"] == {"ties": 1} and report["updated"] == {"ties": 1}
    assert report["unchanged"] == {"actors": 49, "events": 12, "ties": 47}
    text = kg(store_args, "ingest", "--dry-run", str(folder)).output
    assert "ties                49  (1 would be new, 1 would be updated, 47 would be unchanged)" in text
    # and nothing was written: a real load finds the same
    real = json.loads(kg(store_args, "ingest", "--json", str(folder)).output)
    assert (real["new"], real["updated"]) == (report["new"], report["updated"])


def test_a_dry_run_without_a_store_says_everything_would_be_new(tmp_path):
    """Found by two readers: with no store yet, a dry run said nothing would be new ("new": {})."""
    db = tmp_path / "none.db"
    report = json.loads(kg(["--db", str(db)], "ingest", "--dry-run", "--json", str(SAMPLE)).output)
    assert report["new"] == SAMPLE_COUNTS and report["updated"] == report["unchanged"] == {}
    text = kg(["--db", str(db)], "ingest", "--dry-run", str(SAMPLE)).output
    assert "actors              49  (49 would be new)" in text and not db.exists()
